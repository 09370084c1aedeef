using System.Text.RegularExpressions;

namespace Monitor.Core.Classification;

/// <summary>
/// Where the news of a text begins: after the opening lines that only say where, when and who
/// wrote ("date 2026-02-09 شفق نيوز- واشنطن", "WASHINGTON", a by-line, a caption), and after the
/// dateline that opens its first sentence ("BAGHDAD (Reuters) -", "الحسكة: «الشرق الأوسط»",
/// "Shafaq News/", "بغداد - شفق نيوز/"). A place in a dateline is where the outlet wrote from, not
/// who acts. The same reading tells whether a line given as a title is a headline at all
/// (<see cref="IsFurniture"/>).
/// </summary>
public static partial class Datelines
{
    /// <summary>Fewest words of a line that tells news; shorter opening lines are datelines and by-lines.</summary>
    public const int MinWords = 6;

    /// <summary>Most opening lines skipped before a short line counts as news (furniture, whatever its length, is always skipped).</summary>
    private const int MaxOpeningLines = 3;

    /// <summary>Most words of a line that is only a place, an outlet or an agency ("بغداد - شفق نيوز/", "Shafaq News – Baghdad").</summary>
    private const int MaxNameWords = 5;

    /// <summary>Most words of a by-line that opens with "By".</summary>
    private const int MaxBylineWords = 12;

    /// <summary>Words that name an outlet or an agency rather than tell news (in Latin script, capitalised: "Shafaq News", not "news").</summary>
    private static readonly HashSet<string> OutletWords = new(
        ["نيوز", "news", "وكالة", "agency", "press", "برس", "ديجيتال", "digital", "wire", "tv", "الأنباء", "واع", "سانا", "الأناضول", "هاوار", "ina", "afp", "reuters", "aa"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>The offset in <paramref name="text"/> where its news begins (0 when it opens with it).</summary>
    public static int NewsStart(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var start = 0;
        var skipped = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            var line = end < 0 ? text[start..] : text[start..end];
            var trimmed = line.Trim();
            if (trimmed.Length > 0)
            {
                // Furniture is always skipped; a short line may be news after all, once a few lines were skipped.
                var furniture = IsFurniture(trimmed) || IsAgencyCaption(trimmed);
                if (!furniture && (skipped >= MaxOpeningLines || WordCount(trimmed) >= MinWords))
                {
                    var lead = start + (line.Length - line.TrimStart().Length);
                    return lead + PrefixLength(trimmed);
                }

                skipped++;
            }

            if (end < 0)
            {
                break;
            }

            start = end + 1;
        }

        return 0;
    }

    /// <summary>The line without the date marker and the dateline it opens with.</summary>
    public static string Strip(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var trimmed = line.Trim();
        return trimmed[PrefixLength(trimmed)..].Trim();
    }

    /// <summary>
    /// True when a line (an opening line, or a line given as a title) tells no news whatever its
    /// length: a by-line ("كتب : …", "By Jane Doe", "Reporting by …"), a link to another story
    /// ("اقرأ أيضاً: …"), a photo caption with its
    /// credit ("… (أ.ف.ب)", "Photo: …"), a source line ("المصدر: وكالات"), a date line
    /// ("date 2026-01-23", "الجمعة 23 كانون الثاني 2026"), or a place, outlet or agency alone
    /// ("شفق نيوز- واشنطن", "بغداد – واع", "WASHINGTON", "(Syndicated content)", or the outlet's own name).
    /// </summary>
    /// <param name="line">The line.</param>
    /// <param name="outlet">The outlet's name, when known: a line that is only that name is no headline.</param>
    public static bool IsFurniture(string? line, string? outlet = null)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return true;
        }

        var trimmed = line.Trim();
        if (DateMarker().Match(trimmed) is { Success: true } marker)
        {
            // "date 2026-02-09 شفق نيوز- واشنطن": what follows the marker decides.
            trimmed = trimmed[marker.Length..].Trim();
            if (trimmed.Length == 0)
            {
                return true;
            }
        }

        if (ByLine().IsMatch(trimmed) || SourceLine().IsMatch(trimmed) || ReadAlso().IsMatch(trimmed) || IsEnglishByline(trimmed) || PhotoCredit().IsMatch(trimmed) || IsDateLine(trimmed))
        {
            return true;
        }

        if (outlet is not null && string.Equals(Collapse(trimmed), Collapse(outlet), StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IsNameLine(trimmed);
    }

    /// <summary>True when the line opens with a date marker ("date 2026-01-23 …"): the first line of a text, not a headline.</summary>
    public static bool StartsWithDate(string? line) => line is not null && DateMarker().IsMatch(line.TrimStart());

    /// <summary>A caption credited to an agency ("… (AFP)"): a title may end so, an opening line of running text does not.</summary>
    private static bool IsAgencyCaption(string line) => AgencyCredit().IsMatch(line) && !EndsSentence(line);

    /// <summary>Length of what a news line opens with before its news: a "date …" marker, then a dateline.</summary>
    private static int PrefixLength(string line)
    {
        var at = DateMarker().Match(line) is { Success: true } date ? date.Length : 0;
        var dateline = Dateline().Match(line[at..]);
        return dateline.Success ? at + dateline.Length : at;
    }

    /// <summary>A date line: once its dates, weekdays, times and labels are taken out, nothing is left.</summary>
    private static bool IsDateLine(string line)
    {
        if (!StartsWithDate(line) && !TextDates.HasDate(line))
        {
            return false;
        }

        var rest = TextDates.WithoutDates(DateMarker().Replace(line, " ", 1));
        return WordCount(DateLabel().Replace(rest, " ")) == 0;
    }

    /// <summary>
    /// A place, an outlet or an agency alone: a few words that end no sentence, written as
    /// "place – outlet", "outlet/", "place: «outlet»", one capitalised place, one hyphenated word
    /// ("Baghdad-INA"), a parenthesis, a number, or with a word that names an outlet ("نيوز", "News").
    /// </summary>
    private static bool IsNameLine(string line)
    {
        var words = WordCount(line);
        if (words > MaxNameWords || EndsSentence(line))
        {
            return false;
        }

        if ((SeparatedNames().IsMatch(line) && line.Any(char.IsLetter)) || (line.StartsWith('(') && line.EndsWith(')')) || line.All(c => char.IsDigit(c) || char.IsWhiteSpace(c)))
        {
            return true;
        }

        if (words == 1 && (line.Contains('-') || line.Contains('–')))
        {
            return true;
        }

        if (words <= 2 && line.Any(char.IsLetter) && line.Where(char.IsLetter).All(c => c <= 'Z' && char.IsUpper(c)))
        {
            // Capitals only, in Latin script: "WASHINGTON", "AL-HOL CAMP".
            return true;
        }

        return line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim('.', ',', '«', '»', '"', '(', ')', '/'))
            .Any(w => (OutletWords.Contains(w) && !char.IsLower(w[0])) || w.EndsWith(".نت", StringComparison.Ordinal) || w.EndsWith(".net", StringComparison.OrdinalIgnoreCase) || w.EndsWith(".com", StringComparison.OrdinalIgnoreCase) || (w.Length > 2 && w.EndsWith("24", StringComparison.Ordinal)));
    }

    /// <summary>"By Jane Doe", "BY JANE DOE in Erbil": a name after "By", not a sentence ("By Tuesday, 300 had been moved.").</summary>
    private static bool IsEnglishByline(string line) =>
        EnglishBy().IsMatch(line) && !EndsSentence(line) && WordCount(line) <= MaxBylineWords;

    private static bool EndsSentence(string line)
    {
        var trimmed = line.TrimEnd('»', '"', '”', '’', '\'', ' ');
        return trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '?' or '؟';
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static int WordCount(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var space = char.IsWhiteSpace(c);
            if (!space && !inWord)
            {
                count++;
            }

            inWord = !space;
        }

        return count;
    }

    /// <summary>"date 2026-01-23", the marker a scraper puts before a text.</summary>
    [GeneratedRegex(@"^(?:date|Date|DATE|التاريخ)\s*:?\s*\d{4}-\d{2}-\d{2}\s*")]
    private static partial Regex DateMarker();

    /// <summary>Words a date line may carry beside its dates: "Published", "Updated", "نشر في", "آخر تحديث", separators.</summary>
    [GeneratedRegex(@"(?i)بتوقيت\s+\S+|(?<!\w)(?:published|updated|last|posted|on|at|gmt|utc|am|pm|mins?|minutes?|read|نشر|في|بتاريخ|تاريخ|النشر|آخر|اخر|تحديث|مساء|مساءً|صباحا|صباحاً|ص|م)(?!\w)|[\p{P}\p{S}\d]")]
    private static partial Regex DateLabel();

    /// <summary>
    /// A dateline before the news, in the forms outlets use: "BAGHDAD (Reuters) -", "BAGHDAD, Jan 23 (Reuters) -",
    /// "ERBIL, Kurdistan Region —", "Baghdad (AFP) –", "(Beirut) –", "Shafaq News/", "بغداد - شفق نيوز/",
    /// "شفق نيوز- بغداد", "بغداد (رويترز) -", "بغداد 23 كانون الثاني/يناير (رويترز) -", "الحسكة: «الشرق الأوسط»".
    /// An Arabic dash counts only with a space beside it ("عراقي-أميركي" is one word), and a colon only before an outlet in quotes.
    /// </summary>
    [GeneratedRegex(@"^(?:[A-Z][A-Z.'’ -]{1,30}(?:,\s*[A-Z][A-Za-z0-9.'’ -]{1,30})?\s*(?:\([^)]{1,30}\))?\s*[-–—:]\s+|[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2}(?:,\s*[A-Z][\w.'’ -]{1,30})?\s*\([^)]{1,30}\)\s*[-–—]\s+|\([A-Z][^)]{1,30}\)\s*[-–—]\s+|[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){0,3}\s*/\s+|[\p{IsArabic}]+(?:\s[\p{IsArabic}]+)?\s+[0-9٠-٩]{1,2}\s+[\p{IsArabic}]+(?:\s[\p{IsArabic}]+)?(?:\s?/\s?[\p{IsArabic}]+)?(?:\s+[0-9٠-٩]{4})?\s*\([^)]{1,30}\)\s*[-–—]\s*|[\p{IsArabic} ]{2,30}(?:\s?[-–—]\s?[\p{IsArabic} ]{2,30})?/\s*|[\p{IsArabic} ]{2,30}\([^)]{1,30}\)\s*[-–—]\s*|[\p{IsArabic} \-–—]{2,30}:\s*[«""][^»""]{1,30}[»""]\s*|[\p{IsArabic} ]{2,30}(?:\s[-–—]|[-–—]\s)\s*(?:[«""][^»""]{1,30}[»""]\s*|\([^)]{1,30}\)\s*[-–—]?\s*)?)")]
    private static partial Regex Dateline();

    /// <summary>A place and an outlet (up to three words and two) joined by a separator with a space beside it or a "/", an outlet in quotes after a colon, or anything ending with "/".</summary>
    [GeneratedRegex(@"^[^\s\-–—/:]+(?:\s+[^\s\-–—/:]+){0,2}\s*(?:\s[-–—]|[-–—]\s|/\s|/$)\s*(?:[^\s\-–—/:]+(?:\s+[^\s\-–—/:]+)?)?\s*/?$|^[^:]{1,30}:\s*[«""][^»""]{1,30}[»""]$|/$")]
    private static partial Regex SeparatedNames();

    /// <summary>An Arabic by-line or credit line: "كتب : …", "بقلم …", "تقرير: …"; an English "Reporting by …".</summary>
    [GeneratedRegex(@"^(?:(?:كتب|كتبت|كتبه|تقرير|إعداد|اعداد|ترجمة|تحرير|متابعة|حوار|مراسل|مراسلة)\s*[:：]|بقلم\s*:?\s|(?i:(?:additional\s+)?(?:reporting|writing|editing|written|reported|compiled)\s+by)\b)")]
    private static partial Regex ByLine();

    /// <summary>A link to another story: "اقرأ أيضاً: …", "Read more: …", "Related: …".</summary>
    [GeneratedRegex(@"^(?:[اإ]قر[اأ]\s+[اأ]يضا[ًا]?|(?i:read\s+(?:also|more)|see\s+also|related))\s*[:：]")]
    private static partial Regex ReadAlso();

    /// <summary>"By Jane Doe": By and a capitalised word.</summary>
    [GeneratedRegex(@"^(?:By|BY)\s+\p{Lu}")]
    private static partial Regex EnglishBy();

    /// <summary>"Source: AFP", "المصدر: وكالات".</summary>
    [GeneratedRegex(@"^(?:(?i:sources?)|المصدر|المصادر)\s*:\s*\S+(?:\s+\S+){0,3}$")]
    private static partial Regex SourceLine();

    /// <summary>
    /// A photo caption: a credit in a parenthesis at the end that names a picture's origin ("(أ.ف.ب)",
    /// "(إ.ب.أ)", "(حسابها على «إكس»)", "(أرشيفية)", "(file photo)"), or a "Photo:" label. An agency
    /// alone ("(AFP)") may end a title too: see <see cref="AgencyCredit"/>.
    /// </summary>
    [GeneratedRegex(@"(?:\((?:[^()]{0,40}(?:أ\.\s?ف\.\s?ب|ا\.\s?ف\.\s?ب|إ\.\s?ب\.\s?أ|د\.\s?ب\.\s?أ|أرشيفية|ارشيفية|أرشيف|إكس|تويتر|فيسبوك|مواقع التواصل|(?i:archive|file photo|photo|handout|social media|getty|\bepa\b))[^()]{0,40})\)\s*$|^(?i:photo|file photo|picture)\s*:|^(?:صورة|الصورة|صور)\s*:)")]
    private static partial Regex PhotoCredit();

    /// <summary>An agency's name in a parenthesis at the end: "(AFP)", "(Reuters)", "(رويترز)", "(الأناضول)".</summary>
    [GeneratedRegex(@"\((?:[^()]{0,30}(?:رويترز|الأناضول|أ ف ب|ا ف ب|واع|سانا|(?i:afp|reuters|\bap\b|anadolu|\baa\b|\bina\b)))[^()]{0,30}\)\s*$")]
    private static partial Regex AgencyCredit();
}
