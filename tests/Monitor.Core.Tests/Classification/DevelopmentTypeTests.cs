using Monitor.Core.Classification;

namespace Monitor.Core.Tests.Classification;

[TestClass]
public sealed class DevelopmentTypeTests
{
    private static TopicScore Score(string text, string? title = null) => Topics.Classifier.Classify(title, text).Topics.Single();

    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(2)]
    public void The_seeds_about_the_first_150_are_a_transfer(int seed) =>
        Assert.AreEqual("transfer", Score(TestData.Seed(seed)).Type);

    [TestMethod]
    public void The_coalition_statement_of_seed_004_is_a_statement() =>
        Assert.AreEqual("statement", Score(TestData.Seed(4)).Type);

    [TestMethod]
    [DataRow("The SDF handed over control of al-Hol camp to the Syrian government on Sunday, ending years in which it held thousands of ISIS families.")]
    [DataRow("سلمت قوات سوريا الديمقراطية إدارة مخيم الهول إلى الحكومة السورية، بما في ذلك آلاف المحتجزين من عائلات داعش.")]
    public void Handing_over_a_camp_or_prison_is_a_facility_handover(string text) =>
        Assert.AreEqual("facility_handover", Score(text).Type);

    [TestMethod]
    [DataRow("Kazakhstan repatriated 40 women and children from Roj camp in north-east Syria, its foreign ministry said.")]
    [DataRow("استعادت طاجيكستان 60 امرأة وطفلاً من رعاياها المحتجزين في مخيم الهول شمال شرقي سوريا.")]
    public void Bringing_nationals_home_from_the_camps_is_a_repatriation(string text) =>
        Assert.AreEqual("repatriation", Score(text).Type);

    [TestMethod]
    [DataRow("Iraq and the United States agreed on a timetable to transfer the remaining ISIS detainees held in Hasakah prisons to Iraq over the coming months.")]
    [DataRow("اتفق العراق والولايات المتحدة على جدول زمني لنقل المحتجزين من عناصر داعش في سجون الحسكة إلى العراق خلال الأشهر المقبلة.")]
    public void A_timetable_for_transfers_is_a_plan_or_agreement(string text) =>
        Assert.AreEqual("plan_or_agreement", Score(text).Type);

    [TestMethod]
    public void An_article_that_is_not_relevant_has_the_type_other() =>
        Assert.AreEqual("other", Score(TestData.Text("seed003", "story-hezbollah.txt")).Type);

    [TestMethod]
    public void A_topic_without_types_calls_every_article_other()
    {
        var topic = TopicProfile.Parse("""
            { "id": "plain", "name": "Plain",
              "terms": [ { "role": "action", "weight": 3, "en": [ "moved" ] }, { "role": "subject", "weight": 3, "en": [ "detainees" ] } ] }
            """, "plain.json");
        var score = new ArticleClassifier(new TopicCatalog([topic])).Classify(null, "They moved 150 detainees.").Topics.Single();

        Assert.IsTrue(score.Relevant);
        Assert.AreEqual("other", score.Type);
    }

    [TestMethod]
    public void A_type_without_terms_is_rejected_with_its_place_in_the_file()
    {
        var e = Assert.Throws<InvalidDataException>(() => TopicProfile.Parse("""
            { "id": "plain", "name": "Plain",
              "terms": [ { "role": "action", "weight": 3, "en": [ "moved" ] }, { "role": "subject", "weight": 3, "en": [ "detainees" ] } ],
              "types": [ { "type": "transfer", "en": [] } ] }
            """, "plain.json"));

        StringAssert.Contains(e.Message, "types[0]");
    }
}
