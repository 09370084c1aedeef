using Monitor.Core.Developments;

namespace Monitor.Core.Tests.Developments;

[TestClass]
public sealed class SummariesTests
{
    [TestMethod]
    [DataRow("BAGHDAD (Reuters) - Iraq received a second batch of 212 detainees from Syria on Tuesday. More follow.", "Iraq received a second batch of 212 detainees from Syria on Tuesday.")]
    [DataRow("ERBIL, Kurdistan Region — The U.S. military moved 150 detainees to Iraq, officials said. Others wait.", "The U.S. military moved 150 detainees to Iraq, officials said.")]
    [DataRow("شفق نيوز- بغداد\nأفاد مصدر أمني عراقي، اليوم الثلاثاء، بوصول دفعة جديدة من عناصر تنظيم داعش إلى بغداد. وقال المصدر", "أفاد مصدر أمني عراقي، اليوم الثلاثاء، بوصول دفعة جديدة من عناصر تنظيم داعش إلى بغداد.")]
    [DataRow("date 2026-01-23 أعرب وزير الخارجية عن ترحيبه بالمبادرة العراقية لاحتجاز عناصر التنظيم. ثم", "أعرب وزير الخارجية عن ترحيبه بالمبادرة العراقية لاحتجاز عناصر التنظيم.")]
    [DataRow("كتب : ليلى حداد... مراسلة الشؤون العراقية في أربيل\nأعلنت وزارة العدل نقل 1100 معتقل إلى سجن الناصرية. وقالت الوزارة", "أعلنت وزارة العدل نقل 1100 معتقل إلى سجن الناصرية.")]
    [DataRow("Shafaq News/ Iraq's Justice Ministry said on Wednesday it had moved 1,100 detainees to Nasiriyah. More follow.", "Iraq's Justice Ministry said on Wednesday it had moved 1,100 detainees to Nasiriyah.")]
    [DataRow("عودة 190 أسرة من الهول\nاقرأ أيضاً: مجلس النواب يؤجل جلسة التصويت على قانون الموازنة إلى الأسبوع المقبل\nوصلت 190 عائلة عراقية من مخيم الهول إلى مركز الجدعة في نينوى، الثلاثاء.", "وصلت 190 عائلة عراقية من مخيم الهول إلى مركز الجدعة في نينوى، الثلاثاء.")]
    [DataRow("وزير العدل: نقل دفعة جديدة من المعتقلين إلى سجن الناصرية الأسبوع المقبل\nقال الوزير في مؤتمر صحفي", "وزير العدل: نقل دفعة جديدة من المعتقلين إلى سجن الناصرية الأسبوع المقبل")]
    public void The_summary_is_the_first_sentence_without_the_dateline(string text, string expected)
    {
        Assert.AreEqual(expected, Summaries.FirstSentence(text));
    }

    [TestMethod]
    public void A_quote_later_in_the_text_keeps_its_speaker()
    {
        const string text = "Short line\nوقال المتحدث: إن نقل المحتجزين من الحسكة مستمر وفق الجدول المتفق عليه مع التحالف.";

        Assert.AreEqual("وقال المتحدث: إن نقل المحتجزين من الحسكة مستمر وفق الجدول المتفق عليه مع التحالف.", Summaries.FirstSentence(text));
    }

    [TestMethod]
    public void A_long_sentence_is_cut_at_a_word()
    {
        var summary = Summaries.FirstSentence(string.Join(' ', Enumerable.Repeat("detainees", 80)))!;

        Assert.IsLessThanOrEqualTo(Summaries.MaxLength, summary.Length);
        Assert.EndsWith("…", summary);
    }

    [TestMethod]
    public void No_text_no_summary()
    {
        Assert.IsNull(Summaries.FirstSentence("  "));
        Assert.IsNull(Summaries.FirstSentence("Two words"));
    }
}
