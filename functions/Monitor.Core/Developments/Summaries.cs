using System.Text.RegularExpressions;
using Monitor.Core.Classification;

namespace Monitor.Core.Developments;

/// <summary>
/// One sentence taken from an article's text that says what happened: the first sentence with a
/// few words in it where the news starts (<see cref="Datelines.NewsStart"/>: after the date line,
/// by-line and caption, and without the dateline news agencies put before it, "BAGHDAD (Reuters) -",
/// "شفق نيوز- بغداد", "الحسكة: «الشرق الأوسط»"), and no longer than <see cref="MaxLength"/>.
/// </summary>
public static partial class Summaries
{
    public const int MaxLength = 300;

    private const int MinWords = Datelines.MinWords;

    public static string? FirstSentence(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // The news starts after the opening lines (dateline, by-line, date, caption) and the dateline of its first line.
        var start = Datelines.NewsStart(text);
        foreach (var rawLine in text[start..].Split('\n'))
        {
            var line = rawLine.Trim();
            if (WordCount(line) < MinWords || Datelines.IsFurniture(line))
            {
                continue;
            }

            var sentence = SentenceEnd().Match(line) is { Success: true } end ? line[..(end.Index + 1)] : line;
            if (WordCount(sentence) < MinWords)
            {
                sentence = line;
            }

            return Shorten(sentence.Trim());
        }

        return null;
    }

    private static string Shorten(string sentence)
    {
        if (sentence.Length <= MaxLength)
        {
            return sentence;
        }

        var cut = sentence.LastIndexOf(' ', MaxLength - 1);
        return string.Concat(sentence.AsSpan(0, cut > MaxLength / 2 ? cut : MaxLength - 1), "…");
    }

    private static int WordCount(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>The end of a sentence: . ! ? ؟ followed by a space, not inside an abbreviation such as "U.S." or "No.".</summary>
    [GeneratedRegex(@"(?<![A-Z]\.[A-Z]|\b(?:No|Mr|Dr|Gen|Adm|St|U\.S|U\.N))[.!?؟](?=\s|$)")]
    private static partial Regex SentenceEnd();
}
