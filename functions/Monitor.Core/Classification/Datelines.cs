using System.Text.RegularExpressions;

namespace Monitor.Core.Classification;

/// <summary>
/// Where the news of a text begins: after the opening lines that only say where, when and who
/// wrote ("date 2026-02-09 شفق نيوز- واشنطن", "WASHINGTON", a by-line), and after the dateline
/// that opens its first sentence ("BAGHDAD (Reuters) -", "الحسكة: «الشرق الأوسط»"). A place in a
/// dateline is where the outlet wrote from, not who acts.
/// </summary>
public static partial class Datelines
{
    /// <summary>Fewest words of a line that tells news; shorter opening lines are datelines and by-lines.</summary>
    public const int MinWords = 6;

    /// <summary>Most short opening lines skipped.</summary>
    private const int MaxOpeningLines = 3;

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
            var line = end < 0 ? text.AsSpan(start) : text.AsSpan(start, end - start);
            var trimmed = line.Trim();
            if (trimmed.Length > 0)
            {
                if (WordCount(trimmed) >= MinWords || skipped == MaxOpeningLines)
                {
                    var lead = start + (line.Length - line.TrimStart().Length);
                    var dateline = Dateline().Match(text, lead, line.Length - (lead - start));
                    return dateline.Success && dateline.Index == lead ? lead + dateline.Length : lead;
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

    /// <summary>The line without the dateline it opens with.</summary>
    public static string Strip(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Dateline().Replace(line, "", 1).Trim();
    }

    private static int WordCount(ReadOnlySpan<char> text)
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

    /// <summary>A dateline: a "date 2026-01-23" line, a short opening in capitals or in Arabic ending with a dash or colon, or "CITY (Agency) -".</summary>
    [GeneratedRegex(@"^(?:(?:date|Date|DATE|التاريخ)\s*:?\s*\d{4}-\d{2}-\d{2}\s*|[A-Z][A-Z.'’ -]{1,30}(?:,\s*[A-Z][A-Za-z.'’ -]{1,30})?\s*(?:\([^)]{1,30}\))?\s*[-–—:]\s+|[\p{IsArabic} ]{2,30}(?:[-–—]|:)\s*(?:[«""][^»""]{1,30}[»""])?\s*|[\p{IsArabic} ]{2,20}:\s*[«""][^»""]{1,30}[»""]\s*)")]
    private static partial Regex Dateline();
}
