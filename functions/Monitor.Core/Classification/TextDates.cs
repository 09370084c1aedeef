using System.Globalization;
using System.Text.RegularExpressions;

namespace Monitor.Core.Classification;

/// <summary>
/// Dates as reports write them, in Arabic and English: "2026-01-23", "23/01/2026", "23 January 2026",
/// "January 23, 2026", "Jan. 23", "23 كانون الثاني 2026", "٢٣ يناير ٢٠٢٦", "30 من كانون الثاني",
/// "3 شباط/فبراير 2026" (the Levantine month names and the Egyptian ones, with Arabic-Indic digits or
/// ASCII), and the publication date of a text read from where outlets put it: a leading date line,
/// the dateline, or the first sentence.
/// </summary>
public static partial class TextDates
{
    /// <summary>Month names by number: Levantine (كانون الثاني، شباط…), Egyptian (يناير، فبراير…), Maghrebi (جانفي، فيفري…) and English.</summary>
    private static readonly Dictionary<string, int> Months = BuildMonths();

    /// <summary>The earliest year read as a date.</summary>
    private const int FirstYear = 1990;

    /// <summary>True when the line holds a date (with a day) in one of the known forms.</summary>
    public static bool HasDate(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return DateForms().IsMatch(AsciiDigits(line));
    }

    /// <summary>The line with its dates and weekday names taken out (each replaced by a space).</summary>
    public static string WithoutDates(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Weekday().Replace(DateForms().Replace(AsciiDigits(line), " "), " ");
    }

    /// <summary>
    /// The date <paramref name="text"/> gives itself: the first date in its opening lines (a date
    /// line, "date 2026-01-23", a dateline "BAGHDAD, Jan 23 (Reuters) -") or in its first sentence.
    /// A date without a year is the last such day on or before <paramref name="reference"/> (the
    /// time the text was fetched); a date after the day following the reference, or before 1990, is
    /// no date. The time is noon UTC of that day: the text gives the day, not the hour. Null when none.
    /// </summary>
    public static DateTimeOffset? Read(string? text, DateTimeOffset reference)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var newsStart = Datelines.NewsStart(text);
        var leadEnd = ArticleClassifier.LeadEnd(text, newsStart);
        foreach (Match match in DateForms().Matches(AsciiDigits(text[..leadEnd])))
        {
            if (DateOf(match, reference) is { } date)
            {
                return date;
            }
        }

        return null;
    }

    private static DateTimeOffset? DateOf(Match match, DateTimeOffset reference)
    {
        int? year;
        int month;
        int day;
        if (match.Groups["iy"].Success)
        {
            (year, month, day) = (Number(match.Groups["iy"]), Number(match.Groups["im"]), Number(match.Groups["id"]));
        }
        else if (match.Groups["ny"].Success)
        {
            // Day first, as Arabic and British outlets write it, unless the second number cannot be a month.
            var (first, second) = (Number(match.Groups["nd"]), Number(match.Groups["nm"]));
            (year, month, day) = second > 12 && first <= 12 ? (Number(match.Groups["ny"]), first, second) : (Number(match.Groups["ny"]), second, first);
        }
        else if (match.Groups["dm"].Success)
        {
            (year, month, day) = (OptionalNumber(match.Groups["dy"]), Months[Fold(match.Groups["dm"].Value)], Number(match.Groups["dd"]));
        }
        else
        {
            (year, month, day) = (OptionalNumber(match.Groups["my"]), Months[Fold(match.Groups["mm"].Value)], Number(match.Groups["md"]));
        }

        if (month is < 1 or > 12 || day < 1)
        {
            return null;
        }

        var latest = reference.UtcDateTime.Date.AddDays(1);
        if (year is null)
        {
            // The last such day on or before the day after the reference.
            for (var y = latest.Year; y >= latest.Year - 1; y--)
            {
                if (Day(y, month, day) is { } candidate && candidate <= latest)
                {
                    return Noon(candidate);
                }
            }

            return null;
        }

        return year >= FirstYear && Day(year.Value, month, day) is { } date && date <= latest ? Noon(date) : null;
    }

    private static DateTime? Day(int year, int month, int day) =>
        year is >= 1 and <= 9999 && day <= DateTime.DaysInMonth(year, month) ? new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc) : null;

    private static DateTimeOffset Noon(DateTime day) => new(day.AddHours(12), TimeSpan.Zero);

    private static int Number(Group group) => int.Parse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture);

    private static int? OptionalNumber(Group group) => group.Success ? Number(group) : null;

    /// <summary>Arabic-Indic and Eastern Arabic-Indic digits made ASCII, one character for one, so offsets stay.</summary>
    private static string AsciiDigits(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c switch
                {
                    >= '٠' and <= '٩' => (char)('0' + (c - '٠')),
                    >= '۰' and <= '۹' => (char)('0' + (c - '۰')),
                    _ => c,
                };
            }
        });

    /// <summary>A month name as the table keys it: hamza forms of alef made plain, taa marbuta made haa, one space, lower case.</summary>
    private static string Fold(string name)
    {
        var folded = name.Trim().TrimEnd('.').Replace('أ', 'ا').Replace('إ', 'ا').Replace('آ', 'ا').Replace('ة', 'ه').ToLowerInvariant();
        return string.Join(' ', folded.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static Dictionary<string, int> BuildMonths()
    {
        string[][] names =
        [
            ["كانون الثاني", "يناير", "جانفي", "january", "jan"],
            ["شباط", "فبراير", "فيفري", "february", "feb"],
            ["اذار", "مارس", "march", "mar"],
            ["نيسان", "ابريل", "افريل", "april", "apr"],
            ["ايار", "مايو", "may"],
            ["حزيران", "يونيو", "يونيه", "جوان", "june", "jun"],
            ["تموز", "يوليو", "يوليه", "جويليه", "july", "jul"],
            ["اب", "اغسطس", "اوت", "august", "aug"],
            ["ايلول", "سبتمبر", "september", "sep", "sept"],
            ["تشرين الاول", "اكتوبر", "october", "oct"],
            ["تشرين الثاني", "نوفمبر", "november", "nov"],
            ["كانون الاول", "ديسمبر", "december", "dec"],
        ];
        var months = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var m = 0; m < names.Length; m++)
        {
            foreach (var name in names[m])
            {
                months[name] = m + 1;
            }
        }

        return months;
    }

    /// <summary>
    /// The date forms (on ASCII digits): ISO "2026-01-23" (iy, im, id); numeric "23/01/2026" (nd, nm, ny);
    /// day, month and year "23 كانون الثاني/يناير 2026", "30 من شباط", "23rd of January, 2026" (dd, dm, dy);
    /// month, day and year "January 23, 2026", "Jan. 23" (mm, md, my). English month names are capitalised
    /// ("may" is a verb); Arabic ones are written with or without hamza on their alef.
    /// </summary>
    [GeneratedRegex(@"(?<!\d)(?<iy>(?:19|20)\d\d)[-/.](?<im>\d{1,2})[-/.](?<id>\d{1,2})(?!\d)|(?<!\d)(?<nd>\d{1,2})[-/.](?<nm>\d{1,2})[-/.](?<ny>(?:19|20)\d\d)(?!\d)|(?<!\d)(?<dd>\d{1,2})(?:st|nd|rd|th)?\s+(?:من\s+|of\s+)?(?<dm>كانون\s+(?:الثاني|الأول|الاول)|تشرين\s+(?:الثاني|الأول|الاول)|شباط|[آأا]ذار|نيسان|[أا]يار|حزيران|تموز|[آا]ب|[أا]يلول|يناير|فبراير|مارس|[أإا]بريل|مايو|يوني[وه]|يولي[وه]|[أا]غسطس|سبتمبر|[أا]كتوبر|نوفمبر|ديسمبر|جانفي|فيفري|[أا]فريل|جوان|جويلي[ةه]|[أا]وت|January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)(?![\p{L}])\.?(?:\s*/\s*(?:كانون\s+(?:الثاني|الأول|الاول)|تشرين\s+(?:الثاني|الأول|الاول)|[\p{IsArabic}]+))?(?:,?\s+(?:سنة\s+|عام\s+)?(?<dy>(?:19|20)\d\d)(?!\d))?|(?<![\p{L}])(?<mm>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+(?<md>\d{1,2})(?:st|nd|rd|th)?(?!\d)(?:,?\s+(?<my>(?:19|20)\d\d)(?!\d))?")]
    private static partial Regex DateForms();

    /// <summary>Weekday names, in Arabic (with or without "يوم", "اليوم") and English.</summary>
    [GeneratedRegex(@"(?<![\p{L}])(?:(?:يوم\s+|اليوم\s+)?(?:ال)?(?:أحد|احد|إثنين|اثنين|ثلاثاء|أربعاء|اربعاء|خميس|جمعة|سبت)|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)(?![\p{L}])")]
    private static partial Regex Weekday();
}
