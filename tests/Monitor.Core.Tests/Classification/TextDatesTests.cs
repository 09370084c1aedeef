using Monitor.Core.Classification;

namespace Monitor.Core.Tests.Classification;

[TestClass]
public sealed class TextDatesTests
{
    /// <summary>When the texts were fetched: a date without a year is the last such day by then.</summary>
    private static readonly DateTimeOffset Fetched = new(2026, 2, 10, 8, 0, 0, TimeSpan.Zero);

    [TestMethod]
    [DataRow(" date 2026-01-23 أعرب وزير الخارجية الأمريكي عن ترحيبه بالمبادرة العراقية لاحتجاز عناصر داعش.", "2026-01-23")]
    [DataRow("date 2026-02-09 شفق نيوز- واشنطن\n\nمصطفى هاشم\n\nرحّب التحالف الدولي لهزيمة داعش بانضمام سوريا عضواً رقم 90.", "2026-02-09")]
    [DataRow("الجمعة 23 كانون الثاني 2026 - 10:15 ص\nأعلن الجيش الأمريكي نقل 150 محتجزاً من الحسكة إلى العراق.", "2026-01-23")]
    [DataRow("Published: Friday, January 23, 2026 at 10:15 GMT\nThe US military moved 150 detainees from Hasakah to Iraq.", "2026-01-23")]
    [DataRow("7-2-2026, 17:48 | محليات\nوصلت قافلة برية تقل معتقلين من سجون الحسكة إلى منفذ ربيعة.", "2026-02-07")]
    [DataRow("BAGHDAD, Feb 3 (Reuters) - A second convoy of Islamic State detainees reached Iraq from Syria, officials said.", "2026-02-03")]
    [DataRow("بغداد 3 شباط/فبراير (رويترز) - قال مسؤولون إن قافلة ثانية من معتقلي داعش وصلت إلى العراق.", "2026-02-03")]
    [DataRow("أعادت فرنسا، اليوم الثلاثاء (3 شباط 2026)، عشر نساء وأطفالهن من مخيم روج في ريف الحسكة.", "2026-02-03")]
    [DataRow("وقّعت الحكومة السورية و«قسد»، الجمعة 30 من كانون الثاني، جدولاً زمنياً لتسليم المخيمات والسجون.", "2026-01-30")]
    [DataRow("تسلّم العراق يوم ٧ فبراير ٢٠٢٦ دفعة جديدة من المحتجزين القادمين من الحسكة.", "2026-02-07")]
    [DataRow("أعلنت وزارة الهجرة في 9 فيفري 2026 وصول 187 أسرة عائدة من مخيم الهول.", "2026-02-09")]
    [DataRow("Iraq took custody of 61 foreign detainees on 1 February 2026, the Security Media Cell said.", "2026-02-01")]
    [DataRow("On Jan. 21, US forces began moving detainees from Hasakah to Iraq, CENTCOM said.", "2026-01-21")]
    [DataRow("Iraq said on 23/01/2026 that it had received the first group of detainees from Syria.", "2026-01-23")]
    public void The_date_a_text_gives_is_read_from_its_date_line_dateline_or_first_sentence(string text, string date)
    {
        var read = TextDates.Read(text, Fetched);

        Assert.IsNotNull(read, text);
        Assert.AreEqual(DateTimeOffset.Parse(date + "T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture), read);
    }

    [TestMethod]
    public void A_date_without_a_year_is_the_last_such_day_by_the_fetch()
    {
        Assert.AreEqual(new DateTimeOffset(2026, 1, 30, 12, 0, 0, TimeSpan.Zero), TextDates.Read("وقّعت الحكومة السورية و«قسد»، الجمعة 30 من كانون الثاني، جدولاً زمنياً لتسليم المخيمات.", Fetched));
        Assert.AreEqual(new DateTimeOffset(2025, 12, 30, 12, 0, 0, TimeSpan.Zero), TextDates.Read("The SDF handed Shaddadi prison to Damascus on December 30, officials said on the day.", Fetched));
    }

    [TestMethod]
    [DataRow("Iraq received 150 detainees from Syria on Wednesday, officials said. The first group of 2,250 arrived on 23 January 2026.")]
    [DataRow("Up to 7,000 detainees may be moved in all, and 23 more are expected this week, officials said in Baghdad.")]
    [DataRow("نقل الجيش الأمريكي 7 آلاف من معتقلي داعش و150 من عائلاتهم إلى العراق خلال الأشهر الماضية.")]
    [DataRow("The ministry said on 12 March 2026 that the last convoy had arrived from al-Hol camp in north-east Syria.")]
    [DataRow("وصلت الدفعة الأولى عام 1985 إلى سجن أبو غريب بعد نقلها من الموصل بحسب الرواية الرسمية.")]
    public void No_date_is_read_from_later_sentences_numbers_that_are_not_dates_or_dates_after_the_fetch(string text) =>
        Assert.IsNull(TextDates.Read(text, Fetched), text);
}
