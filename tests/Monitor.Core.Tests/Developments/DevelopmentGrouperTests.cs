using Monitor.Core.Developments;
using Monitor.Core.Storage;
using Monitor.Core.Tests.Classification;

namespace Monitor.Core.Tests.Developments;

[TestClass]
public sealed class DevelopmentGrouperTests
{
    private static readonly DateTimeOffset Day = new(2026, 1, 23, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A seed as the digest sees it: its facts, type, summary and signature come from the classifier, like stored articles'.</summary>
    private static DevelopmentArticle FromSeed(int seed, string title, string source, DateTimeOffset published)
    {
        var text = TestData.Seed(seed);
        var classification = Topics.Classifier.Classify(title, text);
        var topic = classification.Topics.Single(t => t.Topic == Topics.DetaineeTransfers);
        var origin = new ArticleOrigin($"https://example.test/{seed}", source, source.ToUpperInvariant(), published, false);
        return DevelopmentArticles.Of($"seed-{seed:D3}", null, title, text, origin, classification.Language, topic, classification.Facts);
    }

    private static DevelopmentArticle Article(string id, DateTimeOffset published, string? title = null, string language = "en", double score = 0.8, params long[] counts) =>
        new(id, title, null, "src", "Source", language, published, score)
        {
            Figures = [.. counts.Select(c => new StatedFigure(c, "exact", "detainees", c.ToString(System.Globalization.CultureInfo.InvariantCulture)))],
        };

    private static List<DevelopmentArticle> Seeds(DateTimeOffset seed004Published) =>
    [
        FromSeed(0, "روبيو يرحب بالمبادرة العراقية لاحتجاز عناصر داعش", "alrai", Day),
        FromSeed(1, "Rubio welcomes Iraqi initiative to detain ISIS members", "alrai-en", Day.AddHours(1)),
        FromSeed(2, "تعاون عراقي أميركي لمنع انبعاث داعش", "alarab", Day.AddHours(30)),
        FromSeed(4, "التحالف الدولي يرحب بانضمام سوريا", "shafaq", seed004Published),
    ];

    [TestMethod]
    public void Seeds_000_001_and_002_form_one_development_and_004_its_own()
    {
        var developments = DevelopmentGrouper.Group(Seeds(new DateTimeOffset(2026, 2, 9, 10, 0, 0, TimeSpan.Zero)));

        Assert.HasCount(2, developments);
        var transfer = developments.Single(d => d.Articles.Count == 3);
        CollectionAssert.AreEqual(new[] { "seed-000", "seed-001", "seed-002" }, transfer.Articles.Select(a => a.Id).ToArray());
        var coalition = developments.Single(d => d.Articles.Count == 1);
        Assert.AreEqual("seed-004", coalition.Articles[0].Id);
    }

    [TestMethod]
    public void Seed_004_stays_apart_even_when_published_the_same_day()
    {
        var developments = DevelopmentGrouper.Group(Seeds(Day.AddHours(2)));

        Assert.HasCount(2, developments);
        Assert.IsTrue(developments.Any(d => d.Articles.Count == 1 && d.Articles[0].Id == "seed-004"));
    }

    [TestMethod]
    public void The_seed_development_is_described_by_its_articles()
    {
        var transfer = DevelopmentGrouper.Group(Seeds(Day.AddDays(20))).Single(d => d.Articles.Count == 3);

        Assert.AreEqual(TableKeys.Hash("seed-000"), transfer.Id);
        Assert.AreEqual(Day, transfer.FirstSeen);
        Assert.AreEqual(Day.AddHours(30), transfer.LastUpdated);
        CollectionAssert.AreEqual(transfer.Articles.Select(a => a.Language).Distinct().Order(StringComparer.Ordinal).ToArray(), transfer.Languages.ToArray());
        CollectionAssert.Contains(transfer.Languages.ToArray(), "ar");
    }

    [TestMethod]
    public void A_shared_significant_count_joins_articles_in_different_languages()
    {
        var developments = DevelopmentGrouper.Group(
        [
            Article("a", Day, "US moves ISIS detainees", "en", 0.8, 150),
            Article("b", Day.AddHours(5), "نقل محتجزين", "ar", 0.8, 150, 3),
        ]);

        Assert.HasCount(1, developments);
        CollectionAssert.AreEqual(new[] { "ar", "en" }, developments[0].Languages.ToArray());
    }

    [TestMethod]
    public void Small_counts_do_not_join_articles()
    {
        var developments = DevelopmentGrouper.Group(
        [
            Article("a", Day, "First", "en", 0.8, 4, 19),
            Article("b", Day.AddHours(1), "Second", "en", 0.8, 4, 19),
        ]);

        Assert.HasCount(2, developments);
    }

    [TestMethod]
    public void Articles_more_than_72_hours_apart_are_not_joined()
    {
        var joined = DevelopmentGrouper.Group([Article("a", Day, counts: 150), Article("b", Day.AddHours(72), counts: 150)]);
        var apart = DevelopmentGrouper.Group([Article("a", Day, counts: 150), Article("b", Day.AddHours(72).AddMinutes(1), counts: 150)]);

        Assert.HasCount(1, joined);
        Assert.HasCount(2, apart);
    }

    [TestMethod]
    public void Similar_titles_in_the_same_language_join_articles()
    {
        var developments = DevelopmentGrouper.Group(
        [
            Article("a", Day, "Iraq receives ISIS detainees from Syria"),
            Article("b", Day.AddHours(3), "Iraq receives more ISIS detainees from Syria"),
        ]);

        Assert.HasCount(1, developments);
    }

    [TestMethod]
    public void Similar_titles_match_across_arabic_spelling_variants()
    {
        var developments = DevelopmentGrouper.Group(
        [
            Article("a", Day, "العراق يتسلّم دفعة جديدة من محتجزي داعش", "ar"),
            Article("b", Day.AddHours(3), "العراق يتسلم دفعة جديدة من محتجزي «داعش»", "ar"),
        ]);

        Assert.HasCount(1, developments);
    }

    [TestMethod]
    public void Similar_titles_in_different_languages_do_not_join_articles()
    {
        var developments = DevelopmentGrouper.Group(
        [
            Article("a", Day, "ISIS detainees Iraq Syria", "en"),
            Article("b", Day.AddHours(1), "ISIS detainees Iraq Syria", "other"),
        ]);

        Assert.HasCount(2, developments);
    }

    [TestMethod]
    public void Dissimilar_titles_without_a_shared_count_stay_apart()
    {
        var developments = DevelopmentGrouper.Group(
        [
            Article("a", Day, "Iraq receives ISIS detainees from Syria"),
            Article("b", Day.AddHours(1), "Coalition welcomes Syria as its 90th member"),
        ]);

        Assert.HasCount(2, developments);
    }

    [TestMethod]
    public void Linking_is_transitive()
    {
        // a–b share 150, b–c share 7000; a and c share nothing, yet all three are one development.
        var developments = DevelopmentGrouper.Group(
        [
            Article("a", Day, "A", counts: 150),
            Article("b", Day.AddHours(60), "B", counts: [150, 7000]),
            Article("c", Day.AddHours(120), "C", counts: 7000),
        ]);

        Assert.HasCount(1, developments);
        Assert.AreEqual(Day.AddHours(120), developments[0].LastUpdated);
    }

    [TestMethod]
    public void The_headline_is_the_title_of_the_most_relevant_article()
    {
        var developments = DevelopmentGrouper.Group(
        [
            Article("a", Day, "Weaker", score: 0.6, counts: 150),
            Article("b", Day.AddHours(1), "Stronger", score: 0.9, counts: 150),
            Article("c", Day.AddHours(2), null, score: 0.99, counts: 150),
        ]);

        Assert.AreEqual("Stronger", developments[0].Headline);
    }

    [TestMethod]
    public void On_a_tied_score_the_headline_is_the_earliest_title()
    {
        var developments = DevelopmentGrouper.Group(
        [
            Article("late", Day.AddHours(1), "Later", score: 0.8, counts: 150),
            Article("early", Day, "Earlier", score: 0.8, counts: 150),
        ]);

        Assert.AreEqual("Earlier", developments[0].Headline);
    }

    [TestMethod]
    public void The_id_is_a_stable_hash_of_the_earliest_article_whatever_the_input_order()
    {
        DevelopmentArticle[] articles = [Article("late", Day.AddHours(1), counts: 150), Article("early", Day, counts: 150)];

        var first = DevelopmentGrouper.Group(articles).Single();
        var second = DevelopmentGrouper.Group(articles.Reverse()).Single();

        Assert.AreEqual(TableKeys.Hash("early"), first.Id);
        Assert.AreEqual(first.Id, second.Id);
        CollectionAssert.AreEqual(new[] { "early", "late" }, first.Articles.Select(a => a.Id).ToArray());
    }

    [TestMethod]
    public void Developments_are_sorted_by_last_update_newest_first()
    {
        var developments = DevelopmentGrouper.Group(
        [
            Article("old", Day, "Old story about one thing"),
            Article("new", Day.AddDays(10), "New story about another"),
            Article("middle", Day.AddDays(5), "Middle story on a third"),
        ]);

        CollectionAssert.AreEqual(new[] { "new", "middle", "old" }, developments.Select(d => d.Articles[0].Id).ToArray());
    }

    [TestMethod]
    public void A_development_without_titles_gets_a_placeholder_headline()
    {
        var development = DevelopmentGrouper.Group([Article("a", Day)]).Single();

        Assert.AreEqual(DevelopmentBuilder.UntitledHeadline, development.Headline);
    }

    [TestMethod]
    public void No_articles_give_no_developments()
    {
        Assert.IsEmpty(DevelopmentGrouper.Group([]));
    }
}
