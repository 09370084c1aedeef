using Monitor.Core.Classification;

namespace Monitor.Core.Tests.Classification;

[TestClass]
public sealed class CountFactTests
{
    private static IReadOnlyList<CountFact> Counts(string text) => Topics.Classifier.Classify(null, text).Facts.Counts;

    private static CountFact Single(string text)
    {
        var counts = Counts(text);
        Assert.HasCount(1, counts, string.Join("; ", counts));
        return counts[0];
    }

    [TestMethod]
    [DataRow("The US moved 150 detainees.", 150L)]
    [DataRow("نقل ١٥٠ محتجزاً", 150L)]
    [DataRow("نقل ۱۵۰ محتجز", 150L)]
    [DataRow("7,000 detainees", 7000L)]
    [DataRow("٧٬٠٠٠ محتجز", 7000L)]
    [DataRow("7 آلاف محتجز", 7000L)]
    [DataRow("نقل 3 ألف محتجز", 3000L)]
    [DataRow("نقل 2 ألفاً من المعتقلين", 2000L)]
    [DataRow("7 thousand detainees", 7000L)]
    [DataRow("3 مئات معتقل", 300L)]
    [DataRow("نقل إلى7 آلاف محتجز", 7000L)]
    [DataRow("2.5 thousand prisoners", 2500L)]
    public void Numbers_are_read_in_every_digit_set_with_separators_and_multipliers(string text, long expected)
    {
        Assert.AreEqual(expected, Single(text).Value);
    }

    [TestMethod]
    [DataRow("up to 7,000 detainees may be transferred", "up_to")]
    [DataRow("as many as 7,000 detainees", "up_to")]
    [DataRow("نقل ما يصل إلى7 آلاف محتجز", "up_to")]
    [DataRow("حتى 7000 محتجز", "up_to")]
    [DataRow("about 150 detainees", "approx")]
    [DataRow("around 150 detainees", "approx")]
    [DataRow("nearly 150 detainees", "approx")]
    [DataRow("approximately 150 detainees", "approx")]
    [DataRow("some 150 detainees", "approx")]
    [DataRow("نحو 150 من المقاتلين", "approx")]
    [DataRow("حوالي 7 آلاف معتقل", "approx")]
    [DataRow("قرابة 150 محتجزاً", "approx")]
    [DataRow("زهاء 150 محتجزاً", "approx")]
    [DataRow("ما يقارب 150 محتجزاً", "approx")]
    [DataRow("at least 150 detainees", "at_least")]
    [DataRow("more than 150 detainees", "at_least")]
    [DataRow("over 150 detainees", "at_least")]
    [DataRow("أكثر من 150 محتجزاً", "at_least")]
    [DataRow("ما لا يقل عن 150 محتجزاً", "at_least")]
    [DataRow("150 detainees", "exact")]
    [DataRow("نقل 150 محتجزاً", "exact")]
    public void Qualifiers_before_a_number_are_read(string text, string qualifier)
    {
        Assert.AreEqual(qualifier, Single(text).Qualifier);
    }

    [TestMethod]
    public void Handing_over_is_not_read_as_more_than()
    {
        Assert.AreEqual("exact", Single("The SDF handed over 150 detainees.").Qualifier);
    }

    [TestMethod]
    public void The_fact_text_quotes_the_qualifier_the_number_and_the_counted_word()
    {
        Assert.AreEqual("up to 7,000 detainees", Single("noting that ultimately, up to 7,000 detainees may be transferred").Text);
        Assert.AreEqual("حوالي 7 آلاف معتقل", Single("مع توقع وصول العدد الإجمالي إلى حوالي 7 آلاف معتقل.").Text);
    }

    [TestMethod]
    [DataRow("despite ISIS losing most of its territories in 2017-2019, it still poses a threat")]
    [DataRow("منذ عام 2022، وحتى الآن")]
    [DataRow("رغم إعلان هزيمته عسكرياً في عام 2017.")]
    [DataRow("The transfer began in 2026.")]
    [DataRow("on a road near Hasakah on 7 February 2026 (AFP)")]
    [DataRow("على طريق في ضواحي الحسكة يوم 7 فبراير 2026 (أ.ف.ب)")]
    [DataRow("في خان يونس 29 أكتوبر 2025")]
    [DataRow("On January 23, the first group arrived.")]
    [DataRow("في 23 كانون الثاني وصلت الدفعة")]
    [DataRow("date 2026-01-23 at 10:30")]
    [DataRow("published 23/01/2026")]
    [DataRow("90% of the detainees")]
    [DataRow("٩٠٪ من المحتجزين")]
    [DataRow("40 percent of them")]
    [DataRow("40 في المئة منهم")]
    [DataRow("an arms sale worth 90 million dollars")]
    [DataRow("a $90 million sale")]
    [DataRow("صفقة عسكرية بقيمة 90 مليون دولار")]
    [DataRow("مبيعات عسكرية للعراق بـ90 مليون دولار")]
    [DataRow("انضمام الحكومة السورية كعضو رسمي (رقم 90) في التحالف")]
    [DataRow("Syria became the coalition's 90th member")]
    [DataRow("F-16 jets and S-400 systems")]
    [DataRow("story number 1234567890 on the site")]
    [DataRow("call 0096475012345678")]
    [DataRow("<script>alert(6)</script> detainees moved")]
    [DataRow("detainees at 127.0.0.1 moved")]
    [DataRow("version 10.2.3.4 of the detainees list")]
    public void Years_dates_percentages_money_and_member_numbers_are_not_counts(string text)
    {
        var counts = Counts(text);

        Assert.IsEmpty(counts, string.Join("; ", counts));
    }

    [TestMethod]
    public void A_number_in_the_year_range_that_counts_something_is_a_count()
    {
        Assert.AreEqual(2000L, Single("Iraq received 2000 detainees").Value);
    }

    [TestMethod]
    public void The_same_count_stated_twice_is_kept_once()
    {
        var counts = Counts("150 detainees were moved; the 150 detainees arrived.");

        Assert.HasCount(1, counts);
    }

    [TestMethod]
    public void Seed_000_states_150_and_up_to_7000()
    {
        var counts = Counts(TestData.Seed(0));

        Assert.IsTrue(counts.Any(c => c.Value == 150 && c.Qualifier == "exact"));
        Assert.IsTrue(counts.Any(c => c.Value == 7000 && c.Qualifier == "up_to"));
        Assert.IsFalse(counts.Any(c => c.Value is 2017 or 2019 or 2026 or 1 or 23));
    }

    [TestMethod]
    public void Seed_002_states_about_150_and_about_7000()
    {
        var counts = Counts(TestData.Seed(2));

        CollectionAssert.AreEquivalent(
            new[] { (150L, "approx", "نحو 150 من", "detainees"), (7000L, "approx", "حوالي 7 آلاف معتقل", "detainees") },
            counts.Select(c => (c.Value, c.Qualifier, c.Text, c.What)).ToArray());
    }

    [TestMethod]
    public void Seed_004_has_no_counts_because_its_only_number_names_a_member()
    {
        Assert.IsEmpty(Counts(TestData.Seed(4)));
    }

    [TestMethod]
    public void Seed_003_counts_the_2250_received_and_ignores_its_dates_and_money()
    {
        var values = Counts(TestData.Seed(3)).Select(c => c.Value).ToList();

        CollectionAssert.Contains(values, 2250L);
        CollectionAssert.DoesNotContain(values, 90L);
        CollectionAssert.DoesNotContain(values, 2026L);
        CollectionAssert.DoesNotContain(values, 2014L);
        CollectionAssert.DoesNotContain(values, 7L);
        CollectionAssert.DoesNotContain(values, 29L);
    }

    [TestMethod]
    public void Places_and_actors_are_named_by_canonical_ids_in_both_languages()
    {
        var english = Topics.Classifier.Classify(null, "CENTCOM and the SDF moved detainees from al-Hol and Roj camps in Hasakah to Baghdad and Hilla, the Iraqi government said.").Facts;
        var arabic = Topics.Classifier.Classify(null, "نقلت سنتكوم وقسد محتجزين من مخيمي الهول وروج في الحسكة إلى بغداد والحلة، وفق الحكومة العراقية.").Facts;

        string[] places = ["al-hol", "roj", "hasakah", "baghdad", "hilla"];
        string[] actors = ["centcom", "sdf", "iraqi-government"];
        CollectionAssert.AreEquivalent(places, english.Places.ToArray());
        CollectionAssert.AreEquivalent(places, arabic.Places.ToArray());
        CollectionAssert.AreEquivalent(actors, english.Actors.ToArray());
        CollectionAssert.AreEquivalent(actors, arabic.Actors.ToArray());
    }
}
