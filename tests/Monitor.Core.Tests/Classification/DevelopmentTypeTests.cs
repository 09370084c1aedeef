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
    [DataRow("France says it opposes death penalty for French jihadists moved to Iraq", "France said on Sunday it opposed the death penalty for any of its nationals among the Islamic State suspects transferred from Syria to Iraq, a foreign ministry spokesperson said.")]
    [DataRow("US says Iraq able to hold and prosecute ISIS detainees transferred from Syria", "The State Department said Iraq had the capacity to hold and prosecute the ISIS detainees moved from north-east Syria. Baghdad said last week it had received 2,250 of them.")]
    [DataRow("واشنطن: العراق قادر على محاكمة معتقلي داعش المنقولين من سوريا", "قالت الخارجية الأمريكية إن العراق يمتلك القدرة على احتجاز ومحاكمة عناصر داعش الذين نقلوا من سجون الحسكة. وكانت بغداد أعلنت الأسبوع الماضي أنها تسلمت 2250 منهم.")]
    public void A_title_that_speaks_about_detainees_moved_earlier_is_a_statement(string title, string text) =>
        Assert.AreEqual("statement", Score(text, title).Type);

    [TestMethod]
    public void A_statement_whose_title_reports_a_number_moved_is_the_transfer() =>
        Assert.AreEqual("transfer", Score(
            "Iraqi military: 230 ISIS detainees transferred from Hasakah",
            "A spokesman for Iraq's joint operations command said on Monday that 230 ISIS detainees had been transferred overnight from prisons in Hasakah to Baghdad.").Type);

    [TestMethod]
    public void A_warning_about_children_who_remain_in_the_camps_is_a_statement_not_a_repatriation() =>
        Assert.AreEqual("statement", Score(
            "UNICEF warns over children left in al-Hol and Roj",
            "More than 12,000 children remain in al-Hol and Roj camps, the UN children's agency warned on Wednesday, urging countries to repatriate their nationals.").Type);

    [TestMethod]
    public void A_type_cue_inside_a_background_phrase_does_not_count()
    {
        var topic = TopicProfile.Parse("""
            { "id": "plain", "name": "Plain",
              "terms": [ { "role": "action", "weight": 3, "en": [ "moved", "criticised" ] }, { "role": "subject", "weight": 3, "en": [ "detainees" ] }, { "role": "context", "weight": 2, "en": [ "Iraq" ] } ],
              "typeBackground": { "en": [ "detainees moved" ] },
              "types": [ { "type": "transfer", "weight": 1, "en": [ "moved" ] }, { "type": "statement", "weight": 1, "en": [ "criticised" ] } ] }
            """, "plain.json");
        var classifier = new ArticleClassifier(new TopicCatalog([topic]));

        Assert.AreEqual("statement", classifier.Classify("Rights group criticised the treatment of detainees moved to Iraq", "Iraq.").Topics.Single().Type);
        Assert.AreEqual("transfer", classifier.Classify("Iraq moved detainees", "Iraq.").Topics.Single().Type);
    }

    [TestMethod]
    public void An_invalid_background_phrase_is_rejected_naming_the_section()
    {
        var e = Assert.Throws<InvalidDataException>(() => TopicProfile.Parse("""
            { "id": "plain", "name": "Plain", "typeBackground": { "en": [ "" ] },
              "terms": [ { "role": "action", "weight": 3, "en": [ "moved" ] }, { "role": "subject", "weight": 3, "en": [ "detainees" ] } ] }
            """, "plain.json"));

        StringAssert.Contains(e.Message, "typeBackground");
    }

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
