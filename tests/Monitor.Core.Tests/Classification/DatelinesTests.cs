using Monitor.Core.Classification;

namespace Monitor.Core.Tests.Classification;

[TestClass]
public sealed class DatelinesTests
{
    [TestMethod]
    [DataRow("date 2026-02-09 شفق نيوز- واشنطن\n\nمصطفى هاشم\n\nأعلن التحالف الدولي لهزيمة داعش ترحيبه بانضمام سوريا.", "أعلن التحالف")]
    [DataRow("WASHINGTON\nThe US State Department said on Wednesday that Iraq can try the detainees.", "The US State")]
    [DataRow("BAGHDAD (Reuters) - Iraq received 150 detainees from Syria on Wednesday, officials said.", "Iraq received")]
    [DataRow("الحسكة: «الشرق الأوسط» أطلقت منظمة يونيسف تحذيراً جديداً بشأن الأطفال في مخيمي الهول وروج.", "أطلقت منظمة")]
    [DataRow("Iraq received 150 detainees from Syria on Wednesday, officials said.", "Iraq received")]
    public void The_news_starts_after_the_dateline_and_by_line(string text, string opening) =>
        Assert.AreEqual(opening, text[Datelines.NewsStart(text)..][..opening.Length]);

    [TestMethod]
    public void A_text_of_short_lines_only_starts_where_its_fourth_line_does()
    {
        const string Text = "BAGHDAD\nby staff\nupdated\nIraq moves more detainees";

        Assert.AreEqual(Text.IndexOf("Iraq", StringComparison.Ordinal), Datelines.NewsStart(Text));
        Assert.AreEqual(0, Datelines.NewsStart(""));
    }

    [TestMethod]
    public void A_dateline_place_is_not_who_speaks()
    {
        var facts = Topics.Classifier.Classify(null, "WASHINGTON\nThe Global Coalition to Defeat ISIS welcomed Syria as its 90th member on Monday and urged the swift transfer of ISIS detainees to Iraq.").Facts;

        Assert.AreEqual("actor:global-coalition", facts.LeadNames[0]);
        CollectionAssert.DoesNotContain(facts.LeadNames.ToList(), "actor:us-government");
    }
}
