using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Monitor.Core.Articles;

/// <summary>What part a <see cref="PageStory"/> plays on the page it was cut from.</summary>
public enum PageStoryKind
{
    /// <summary>The page's own article: the first full story on it.</summary>
    Main,

    /// <summary>A further full story printed on the same page.</summary>
    Story,

    /// <summary>A title and a short lede under a "related articles" heading, pointing to another page.</summary>
    Teaser,
}

/// <summary>
/// One story cut from a page's plain text: its title, its paragraphs (title, captions and page
/// furniture left out, joined with blank lines), and where it sits in the page's text
/// (<paramref name="Start"/> and <paramref name="Length"/> in UTF-16 code units).
/// </summary>
public sealed record PageStory(string Title, string Text, PageStoryKind Kind, int Start, int Length);

/// <summary>
/// Cuts the plain text of a scraped news page into its stories. A full story starts at a title that
/// comes back within the next few lines with only captions or markers (an image credit, a
/// duplicated caption, a "TT") in between, and that is followed by a body of paragraphs. A
/// "related articles" heading starts a teaser zone in which each short title with its lede is a
/// <see cref="PageStoryKind.Teaser"/>; bylines, section labels and captions there belong to no
/// teaser. The first full story is the <see cref="PageStoryKind.Main"/> one; a page without any
/// of this structure is one main story whose title is its first line.
/// </summary>
public static partial class PageStories
{
    /// <summary>How many lines after a title it may come back to mark a story's start.</summary>
    private const int HeaderWindow = 8;

    /// <summary>Paragraphs in a row a story's body starts with; a teaser has only its lede.</summary>
    private const int MinStoryParagraphs = 2;

    /// <summary>Words a title must have to stand as a teaser without a lede.</summary>
    private const int MinHeadlineWords = 4;

    /// <summary>A line of running text has at least this many words and ends a sentence...</summary>
    private const int MinSentenceWords = 8;

    /// <summary>...or is at least this long whatever it ends with.</summary>
    private const int MinParagraphWords = 25;

    /// <summary>Longest parenthesis at a line's end still read as an image credit or a place.</summary>
    private const int MaxCreditLength = 60;

    private static readonly HashSet<string> RelatedHeadings = new(
        new[]
        {
            "مقالات ذات صلة", "ذات صلة", "اقرأ أيضاً", "اقرأ أيضا", "إقرأ أيضاً", "أخبار ذات صلة",
            "مواضيع ذات صلة", "موضوعات ذات صلة", "قصص ذات صلة",
            "related", "related articles", "related stories", "related news", "related content",
            "read more", "read also", "see also", "more from", "you may also like", "more stories",
        }.Select(Normalize),
        StringComparer.Ordinal);

    private static readonly HashSet<string> FurnitureWords = new(
        new[] { "advertisement", "إعلان", "share", "شارك", "مشاركة" }.Select(Normalize),
        StringComparer.Ordinal);

    /// <summary>Cuts <paramref name="text"/> into its stories, in page order; none for blank text.</summary>
    public static IReadOnlyList<PageStory> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = Lines(text);
        if (lines.Count == 0)
        {
            return [];
        }

        var boundaries = Boundaries(lines);
        var stories = new List<PageStory>();
        var mainTaken = false;

        var lead = boundaries.Count > 0 ? boundaries[0].Line : lines.Count;
        var anyFullStory = boundaries.Exists(b => b.BodyStart >= 0);
        if (lead > 0 && (!anyFullStory || HasProse(lines, 0, lead)))
        {
            stories.Add(Unstructured(lines, 0, lead));
            mainTaken = true;
        }

        for (var b = 0; b < boundaries.Count; b++)
        {
            var boundary = boundaries[b];
            var end = b + 1 < boundaries.Count ? boundaries[b + 1].Line : lines.Count;
            if (boundary.BodyStart < 0)
            {
                stories.AddRange(Teasers(lines, boundary.Line + 1, end));
                continue;
            }

            var kind = mainTaken ? PageStoryKind.Story : PageStoryKind.Main;
            mainTaken = true;
            var title = lines[boundary.Line];
            stories.Add(Story(lines, boundary.Line, end, CleanTitle(title.Content), Paragraphs(lines, boundary.BodyStart, end, title.Content), kind));
        }

        return stories;
    }

    /// <summary>Where stories start (with their body) and where teaser zones start (body -1), in order.</summary>
    private static List<Boundary> Boundaries(List<Line> lines)
    {
        var boundaries = new List<Boundary>();
        var i = 0;
        while (i < lines.Count)
        {
            if (lines[i].Shape == Shape.Related)
            {
                boundaries.Add(new Boundary(i, -1));
                i++;
            }
            else if (TryStoryStart(lines, i, out var bodyStart))
            {
                boundaries.Add(new Boundary(i, bodyStart));
                i = bodyStart;
            }
            else
            {
                i++;
            }
        }

        return boundaries;
    }

    /// <summary>
    /// A story starts at <paramref name="i"/> when its line is a title that comes back within a few
    /// lines with no running text between, and the lines after the repeat (past any captions) open
    /// with paragraphs of running text.
    /// </summary>
    private static bool TryStoryStart(List<Line> lines, int i, out int bodyStart)
    {
        bodyStart = -1;
        var title = lines[i];
        if (title.Shape != Shape.Short || title.Words < 2)
        {
            return false;
        }

        var repeat = -1;
        for (var j = i + 1; j < lines.Count && j <= i + HeaderWindow; j++)
        {
            if (lines[j].Content == title.Content)
            {
                repeat = j;
                break;
            }

            if (lines[j].Shape is Shape.Prose or Shape.Related)
            {
                return false;
            }
        }

        if (repeat < 0)
        {
            return false;
        }

        var k = repeat + 1;
        while (k < lines.Count && k <= repeat + HeaderWindow && IsHeaderFurniture(lines, k, repeat, title.Content))
        {
            k++;
        }

        var paragraphs = 0;
        while (k + paragraphs < lines.Count && lines[k + paragraphs].Shape == Shape.Prose)
        {
            paragraphs++;
        }

        if (paragraphs < MinStoryParagraphs)
        {
            return false;
        }

        bodyStart = k;
        return true;
    }

    private static bool IsHeaderFurniture(List<Line> lines, int k, int after, string title) =>
        lines[k].Shape is Shape.Caption or Shape.Marker
        || lines[k].Content == title
        || IsDuplicated(lines, k, after + 1, lines.Count);

    /// <summary>The part of a page before any structure: its first line is the title unless it is running text.</summary>
    private static PageStory Unstructured(List<Line> lines, int from, int to)
    {
        var first = lines[from];
        var titled = first.Shape != Shape.Prose;
        var paragraphs = Paragraphs(lines, titled ? from + 1 : from, to, titled ? first.Content : null);
        return Story(lines, from, to, CleanTitle(first.Content), paragraphs, PageStoryKind.Main);
    }

    private static PageStory Story(List<Line> lines, int from, int to, string title, List<string> paragraphs, PageStoryKind kind)
    {
        var start = lines[from].Start;
        return new PageStory(title, string.Join("\n\n", paragraphs), kind, start, lines[to - 1].End - start);
    }

    /// <summary>The lines of a story's body, without markers, repeats of its title and duplicated lines.</summary>
    private static List<string> Paragraphs(List<Line> lines, int from, int to, string? title)
    {
        var paragraphs = new List<string>();
        for (var k = from; k < to; k++)
        {
            var line = lines[k];
            if (line.Shape == Shape.Marker || line.Content == title || IsDuplicated(lines, k, from, to))
            {
                continue;
            }

            paragraphs.Add(line.Content);
        }

        return paragraphs;
    }

    /// <summary>Whether line <paramref name="k"/> is printed twice in a row (both copies count).</summary>
    private static bool IsDuplicated(List<Line> lines, int k, int from, int to) =>
        (k + 1 < to && lines[k + 1].Content == lines[k].Content)
        || (k - 1 >= from && lines[k - 1].Content == lines[k].Content);

    /// <summary>
    /// The teasers between a "related" heading and the next story: each title is the last short line
    /// before a run of running text (its lede); captions, bylines and repeats of the title are skipped.
    /// </summary>
    private static List<PageStory> Teasers(List<Line> lines, int from, int to)
    {
        var teasers = new List<PageStory>();
        var pending = -1;
        var title = -1;
        var lede = new List<int>();

        void Flush()
        {
            if (title >= 0)
            {
                var paragraphs = lede.Select(l => lines[l].Content).ToList();
                var last = lede.Count > 0 ? lede[^1] : title;
                teasers.Add(Story(lines, title, last + 1, CleanTitle(lines[title].Content), paragraphs, PageStoryKind.Teaser));
            }

            title = -1;
            lede.Clear();
        }

        for (var k = from; k < to; k++)
        {
            var line = lines[k];
            switch (line.Shape)
            {
                case Shape.Prose when pending >= 0:
                    Flush();
                    title = pending;
                    pending = -1;
                    lede.Add(k);
                    break;
                case Shape.Prose:
                    if (title >= 0 && lede.Count > 0 && lede[^1] == k - 1)
                    {
                        lede.Add(k);
                    }

                    break;
                case Shape.Short:
                    if (pending >= 0 && lines[pending].Content == line.Content)
                    {
                        break;
                    }

                    Flush();
                    if (pending >= 0 && lines[pending].Words >= MinHeadlineWords)
                    {
                        title = pending;
                        Flush();
                    }

                    pending = k;
                    break;
                default:
                    break;
            }
        }

        Flush();
        if (pending >= 0 && lines[pending].Words >= MinHeadlineWords)
        {
            title = pending;
            Flush();
        }

        return teasers;
    }

    private static bool HasProse(List<Line> lines, int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            if (lines[k].Shape == Shape.Prose)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A title without a leading label such as «خاص» or "Exclusive:".</summary>
    private static string CleanTitle(string title) => TitleLabel().Replace(title, "", 1);

    /// <summary>The non-blank lines of <paramref name="text"/>, trimmed, with their positions.</summary>
    private static List<Line> Lines(string text)
    {
        var lines = new List<Line>();
        var position = 0;
        while (position <= text.Length)
        {
            var newline = text.IndexOf('\n', position);
            var lineEnd = newline < 0 ? text.Length : newline;
            var start = position;
            var end = lineEnd;
            while (start < end && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace(text[end - 1]))
            {
                end--;
            }

            if (end > start)
            {
                var content = text[start..end];
                lines.Add(new Line(content, start, end, CountWords(content), ShapeOf(content)));
            }

            if (newline < 0)
            {
                break;
            }

            position = newline + 1;
        }

        return lines;
    }

    private static Shape ShapeOf(string content)
    {
        var normalized = Normalize(content);
        if (RelatedHeadings.Contains(normalized) || (normalized.StartsWith("more from ", StringComparison.Ordinal) && CountWords(normalized) <= 5))
        {
            return Shape.Related;
        }

        if (content.Length <= 3 || FurnitureWords.Contains(normalized))
        {
            return Shape.Marker;
        }

        var words = CountWords(content);
        if (words >= MinParagraphWords || (words >= MinSentenceWords && EndsSentence(content)))
        {
            return Shape.Prose;
        }

        return EndsWithCredit(content) || Byline().IsMatch(content) ? Shape.Caption : Shape.Short;
    }

    private static bool EndsSentence(string content)
    {
        var trimmed = content.TrimEnd('»', '"', '”', '’', '\'', ' ');
        return trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '?' or '؟' or '…';
    }

    /// <summary>An image credit or a place in parentheses at the end: «(أ.ف.ب)», "(Reuters)", «(بغداد)».</summary>
    private static bool EndsWithCredit(string content)
    {
        if (!content.EndsWith(')'))
        {
            return false;
        }

        var open = content.LastIndexOf('(');
        return open >= 0 && content.Length - open <= MaxCreditLength + 2;
    }

    private static int CountWords(string content)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in content)
        {
            if (char.IsWhiteSpace(c))
            {
                inWord = false;
            }
            else if (!inWord)
            {
                inWord = true;
                words++;
            }
        }

        return words;
    }

    /// <summary>Lower case, single spaces, no trailing colon, Arabic without diacritics, tatweel or hamza forms of alef.</summary>
    private static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var raw in text.Trim().TrimEnd(':', '：', '.', ' '))
        {
            var c = raw;
            if (c is >= '\u064B' and <= '\u065F' or '\u0670' or '\u0640')
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            c = c switch
            {
                'أ' or 'إ' or 'آ' => 'ا',
                _ => char.ToLower(c, CultureInfo.InvariantCulture),
            };
            sb.Append(c);
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"^(?:خاص|حصري|عاجل|exclusive|breaking)\s*[:|\-–—]?\s+(?=\S+\s+\S+\s+\S)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TitleLabel();

    [GeneratedRegex(@"^(?:by|بقلم|كتب|كتبت)\s+\S+(?:\s+\S+){0,6}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Byline();

    private enum Shape
    {
        /// <summary>Running text: a sentence of some length, or a long line.</summary>
        Prose,

        /// <summary>A title, a sub-heading, a byline or a section label.</summary>
        Short,

        /// <summary>An image caption with its credit, or a byline.</summary>
        Caption,

        /// <summary>Page furniture of a few characters or a lone word such as "Advertisement".</summary>
        Marker,

        /// <summary>A "related articles" heading.</summary>
        Related,
    }

    private readonly record struct Line(string Content, int Start, int End, int Words, Shape Shape);

    private readonly record struct Boundary(int Line, int BodyStart);
}
