using Monitor.Core.Classification;

namespace Monitor.Core.Tests.Classification;

[TestClass]
public sealed class CountWordsTests
{
    private static IReadOnlyList<CountFact> Counts(string text) => Topics.Classifier.Classify(null, text).Facts.Counts;

    [TestMethod]
    [DataRow("seven thousand detainees", 7000L)]
    [DataRow("a hundred and fifty detainees", 150L)]
    [DataRow("one hundred fifty detainees", 150L)]
    [DataRow("two thousand two hundred and fifty detainees", 2250L)]
    [DataRow("twenty-five detainees", 25L)]
    [DataRow("two dozen detainees", 24L)]
    [DataRow("a dozen detainees", 12L)]
    [DataRow("three million people", 3_000_000L)]
    [DataRow("سبعة آلاف محتجز", 7000L)]
    [DataRow("سبعه الاف محتجز", 7000L)]
    [DataRow("مئة وخمسون محتجزاً", 150L)]
    [DataRow("مائة وخمسين محتجزا", 150L)]
    [DataRow("ألفين ومئتين وخمسين إرهابياً", 2250L)]
    [DataRow("ألفان وخمسمئة معتقل", 2500L)]
    [DataRow("خمسة عشر معتقلاً", 15L)]
    [DataRow("أحد عشر معتقلاً", 11L)]
    [DataRow("ثلاثمئة عائلة", 300L)]
    [DataRow("ثلاث مئة عائلة", 300L)]
    [DataRow("خمسة وعشرون طفلاً", 25L)]
    [DataRow("ألف محتجز", 1000L)]
    [DataRow("ألفي محتجز", 2000L)]
    [DataRow("عشرة آلاف شخص", 10_000L)]
    [DataRow("نقل بسبعة آلاف محتجز", 7000L)]
    public void Numbers_written_in_words_are_read_in_both_languages(string text, long expected)
    {
        var counts = Counts(text);

        Assert.HasCount(1, counts, string.Join(" | ", counts));
        Assert.AreEqual(expected, counts[0].Value);
        Assert.AreEqual(CountFact.Exact, counts[0].Qualifier);
    }

    [TestMethod]
    [DataRow("about seven thousand detainees", CountFact.Approximate, 7000L)]
    [DataRow("up to a hundred detainees", CountFact.UpTo, 100L)]
    [DataRow("at least twenty detainees", CountFact.AtLeast, 20L)]
    [DataRow("نحو سبعة آلاف محتجز", CountFact.Approximate, 7000L)]
    [DataRow("ما يصل إلى ألف محتجز", CountFact.UpTo, 1000L)]
    [DataRow("أكثر من ثلاثمئة عائلة", CountFact.AtLeast, 300L)]
    public void Qualifiers_apply_to_numbers_in_words(string text, string qualifier, long expected)
    {
        var count = Counts(text).Single();

        Assert.AreEqual(expected, count.Value);
        Assert.AreEqual(qualifier, count.Qualifier);
    }

    [TestMethod]
    [DataRow("thousands of detainees")]
    [DataRow("hundreds of families")]
    [DataRow("dozens of detainees")]
    [DataRow("آلاف المحتجزين")]
    [DataRow("مئات العائلات")]
    [DataRow("عشرات المعتقلين")]
    [DataRow("one of the detainees")]
    [DataRow("أحد المعتقلين")]
    [DataRow("وصلت القافلة يوم الاثنين")]
    [DataRow("held for seven years")]
    [DataRow("منذ خمس سنوات")]
    [DataRow("for 10 years")]
    [DataRow("على بعد 20 كيلومترا")]
    public void Vague_plurals_pronouns_days_and_lengths_of_time_are_not_counts(string text) =>
        Assert.IsEmpty(Counts(text), string.Join(" | ", Counts(text)));

    [TestMethod]
    [DataRow("The army moved 150 detainees", "detainees")]
    [DataRow("moved 150 detained ISIS fighters", "detainees")]
    [DataRow("moved 150 ISIS fighters", "fighters")]
    [DataRow("repatriated 200 families", "families")]
    [DataRow("repatriated 200 families, including women", "families")]
    [DataRow("brought home 40 women and children", "women_and_children")]
    [DataRow("brought home forty children", "women_and_children")]
    [DataRow("returned 600 Iraqi nationals", "people")]
    [DataRow("نقل 150 من مقاتلي تنظيم داعش المحتجزين", "detainees")]
    [DataRow("نقل 300 عنصر من داعش", "fighters")]
    [DataRow("إعادة 150 عائلة عراقية", "families")]
    [DataRow("استعادة 40 امرأة وطفلاً", "women_and_children")]
    [DataRow("تسلم 2250 «إرهابياً»", "fighters")]
    public void A_count_says_what_it_counts(string text, string what) =>
        Assert.AreEqual(what, Counts(text).Single().What);

    [TestMethod]
    public void A_count_without_a_counted_word_after_it_says_nothing_it_does_not_know() =>
        Assert.IsNull(Counts("The convoy of 40 vehicles left at dawn.").Single().What);

    [TestMethod]
    public void A_count_of_more_takes_what_the_count_before_it_counted()
    {
        var counts = Counts("The military moved 150 detainees and said up to 7,000 more could follow.");

        Assert.AreEqual("detainees", counts.Single(c => c.Value == 7000).What);
    }

    [TestMethod]
    public void A_heading_figure_and_the_same_figure_with_a_qualifier_are_one_count()
    {
        var counts = Counts("7,000 Detainees on Their Way to Iraq\nUp to 7,000 detainees may be transferred.");

        Assert.AreEqual(CountFact.UpTo, counts.Single().Qualifier);
    }

    [TestMethod]
    public void Seed_figures_say_what_they_count()
    {
        var seed0 = Counts(TestData.Seed(0));
        var seed3 = Counts(TestData.Text("seed003", "teaser-2250-received.txt"));

        CollectionAssert.AreEquivalent(
            new[] { (150L, CountFact.Exact, "detainees"), (7000L, CountFact.UpTo, "detainees") },
            seed0.Select(c => (c.Value, c.Qualifier, c.What)).ToArray());
        Assert.AreEqual((2250L, CountFact.Exact), (seed3.Single().Value, seed3.Single().Qualifier));
    }
}
