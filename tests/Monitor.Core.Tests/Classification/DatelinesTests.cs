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
    [DataRow("كتب : ليلى حداد... مراسلة الشؤون العراقية في أربيل\nأعلنت وزارة العدل العراقية نقل دفعة جديدة من معتقلي داعش إلى سجن الناصرية.", "أعلنت وزارة")]
    [DataRow("Reporting by Lina Haddad in Erbil; editing by Mark Ellis\nIraq moved a new group of Islamic State detainees to Nasiriyah prison on Monday.", "Iraq moved")]
    [DataRow("By Sam Whitfield and Dana Aziz, Erbil bureau\nIraq moved a new group of Islamic State detainees to Nasiriyah prison on Monday.", "Iraq moved")]
    [DataRow("حافلات تقل محتجزين على الطريق بين الحسكة والقامشلي يوم 3 شباط 2026 (أ.ف.ب)\nتسلّم العراق، الثلاثاء، دفعة جديدة من المحتجزين القادمين من سجون الحسكة.", "تسلّم العراق")]
    [DataRow("Iraqi soldiers stand at the gate of a prison in Hasakah on January 22, 2026 (AFP)\nIraq took custody of another 230 detainees on Tuesday, officials said.", "Iraq took")]
    [DataRow("الجمعة 23 كانون الثاني 2026 - 10:15 ص بتوقيت بغداد\nأعلن الجيش الأمريكي نقل 150 محتجزاً من الحسكة إلى العراق.", "أعلن الجيش")]
    [DataRow("Published: Friday, January 23, 2026 at 10:15 GMT | 3 min read\nThe US military moved 150 detainees from Hasakah to Iraq.", "The US military")]
    [DataRow("اقرأ أيضاً: مجلس النواب يؤجل جلسة التصويت على قانون الموازنة إلى الأسبوع المقبل\nوصلت 190 عائلة عراقية من مخيم الهول إلى مركز الجدعة في نينوى.", "وصلت 190")]
    [DataRow("Shafaq News/ Iraq's Justice Ministry said on Wednesday it would move detainees to Nasiriyah.", "Iraq's Justice")]
    [DataRow("بغداد - شفق نيوز/ أفاد مصدر أمني، يوم الثلاثاء، بوصول قافلة تقل معتقلين إلى نينوى.", "أفاد مصدر")]
    [DataRow("بغداد (أ ف ب) - أعلن مسؤولون عراقيون الأحد أن أكثر من ألف معتقل نقلوا من سوريا.", "أعلن مسؤولون")]
    [DataRow("بغداد 23 كانون الثاني/يناير (رويترز) - قال مسؤولون إن العراق تسلم دفعة أولى من المحتجزين.", "قال مسؤولون")]
    [DataRow("(Beirut) – Iraq should guarantee fair trials for the people transferred from Syria, a rights group said.", "Iraq should")]
    [DataRow("AMSTERDAM, March 3 (Reuters) - The Netherlands brought home two women and five children from Roj camp.", "The Netherlands")]
    [DataRow("Baghdad (AFP) – Iraq received 320 suspected jihadists from Syria on Wednesday, officials said.", "Iraq received")]
    [DataRow("واشنطن - لندن: «الشرق الأوسط» أعلنت القيادة المركزية الأميركية مقتل قيادي في داعش.", "أعلنت القيادة")]
    public void The_news_starts_after_the_opening_lines_that_tell_no_news_however_long_and_the_dateline(string text, string opening) =>
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

    [TestMethod]
    [DataRow("وزير العدل: نقل دفعة جديدة من المعتقلين إلى سجن الناصرية الأسبوع المقبل")]
    [DataRow("تعاون عراقي-أميركي لنقل المعتقلين من الحسكة إلى بغداد خلال الأسابيع المقبلة")]
    [DataRow("By Tuesday evening, 300 more detainees had been moved from Hasakah to Iraq.")]
    public void A_speakers_colon_a_hyphenated_word_or_a_sentence_opening_with_by_is_news(string text) =>
        Assert.AreEqual(0, Datelines.NewsStart(text));

    [TestMethod]
    [DataRow("شفق نيوز- واشنطن")]
    [DataRow(" date 2026-02-09 شفق نيوز- واشنطن")]
    [DataRow("كتب : صفاء مصطفى... العرب نيوز اللندنية")]
    [DataRow("بغداد – واع")]
    [DataRow("Baghdad-INA")]
    [DataRow("WASHINGTON")]
    [DataRow("Shafaq News – Baghdad")]
    [DataRow("الحسكة: «الشرق الأوسط»")]
    [DataRow("(Syndicated content)")]
    [DataRow("المصدر: وكالات")]
    [DataRow("By Dana Aziz")]
    [DataRow("رووداو ديجيتال")]
    [DataRow("23 يناير 2026")]
    [DataRow("٢٣ كانون الثاني ٢٠٢٦")]
    [DataRow("Friday, 23 January 2026, 2:23 pm")]
    [DataRow("7-12-2025, 17:48 |")]
    [DataRow("لوغو خلية الإعلام الأمني العراقية (حسابها على «إكس»)")]
    [DataRow("Photo: detainees board a bus in Hasakah")]
    public void Datelines_by_lines_dates_agency_tags_and_captions_are_no_headline(string line) =>
        Assert.IsTrue(Datelines.IsFurniture(line), line);

    [TestMethod]
    [DataRow("«الهول» يطوي صفحة العراقيين")]
    [DataRow("Iraq receives 150 detainees")]
    [DataRow("UNICEF: children in al-Hol camp at risk")]
    [DataRow("معن: 6418 «داعشياً» تسلمهم العراق")]
    [DataRow("عبر فيشخابور.. وصول 250 محتجزاً عراقياً")]
    [DataRow("Iraq/Syria: Transferred ISIS Suspects at Risk of Unfair Trials")]
    [DataRow("Iraq takes in 320 IS suspects in first land convoy (AFP)")]
    [DataRow("نقل 48 امرأة من «القسم الخاص» في مخيم الهول إلى العراق")]
    [DataRow("2026 — 150")]
    public void Headlines_are_not_furniture(string title) =>
        Assert.IsFalse(Datelines.IsFurniture(title), title);

    [TestMethod]
    public void A_title_that_is_only_the_outlets_name_is_no_headline()
    {
        Assert.IsTrue(Datelines.IsFurniture("The Levant Ledger", "The Levant Ledger"));
        Assert.IsFalse(Datelines.IsFurniture("The Levant Ledger", "Other Outlet"));
    }
}
