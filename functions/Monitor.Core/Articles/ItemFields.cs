using System.Globalization;
using System.Text;

namespace Monitor.Core.Articles;

/// <summary>
/// The limits every field of a feed item is held to, so that no item is ever lost for what a feed
/// put in it: dates outside a sane window become estimated, long fields are cut to stated lengths
/// (which keep each incoming blob under <see cref="ProcessingOptions.MaxItemBytes"/>' default and
/// every Table row under its limits), and control and bidirectional-formatting characters, which can
/// make a title read as something else ("‮gnp.exe"), are removed from titles and names.
/// </summary>
public static class ItemFields
{
    /// <summary>A feed date before this is not a publication time (1970 and year 1 are what broken feeds send).</summary>
    public static readonly DateTimeOffset EarliestPublished = new(1990, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far ahead of the fetch a date may be (time zones, clocks) before it counts as wrong.</summary>
    public static readonly TimeSpan LatestAhead = TimeSpan.FromDays(1);

    /// <summary>Longest stored title, in characters: a headline, not a page.</summary>
    public const int MaxTitleLength = 300;

    /// <summary>Longest stored article text, in characters.</summary>
    public const int MaxTextLength = 100_000;

    /// <summary>Longest source or outlet name, in characters.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Longest title as the poll writes it (markup and entities included, read later).</summary>
    public const int MaxRawTitleLength = 4_000;

    /// <summary>Longest feed summary (HTML) as the poll writes it.</summary>
    public const int MaxRawSummaryLength = 200_000;

    /// <summary>Longest page text as the poll writes it.</summary>
    public const int MaxRawPageLength = 100_000;

    /// <summary>Longest link kept.</summary>
    public const int MaxLinkLength = 4_000;

    /// <summary>
    /// Whether <paramref name="published"/> can be a publication time for an item fetched at
    /// <paramref name="fetchedAt"/>: not missing, not before <see cref="EarliestPublished"/>, at most
    /// <see cref="LatestAhead"/> after the fetch. Otherwise the article's time is estimated.
    /// </summary>
    public static bool IsPlausible(DateTimeOffset? published, DateTimeOffset fetchedAt) =>
        published is { } date && date >= EarliestPublished && date <= fetchedAt + LatestAhead;

    /// <summary>
    /// A title as shown: plain text of <paramref name="title"/> (its markup, and any CDATA markers a
    /// feed's tricks left, removed), one line, without control or formatting characters, at most
    /// <see cref="MaxTitleLength"/> characters; null when nothing is left.
    /// </summary>
    public static string? Title(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return null;
        }

        var plain = HtmlText.ToPlainText(Cut(title, MaxRawTitleLength))
            .Replace("<![CDATA[", " ", StringComparison.Ordinal)
            .Replace("]]>", " ", StringComparison.Ordinal);
        return Line(plain, MaxTitleLength);
    }

    /// <summary>A source's or outlet's name: one line, no control or formatting characters, at most <see cref="MaxNameLength"/>.</summary>
    public static string? Name(string? name) => Line(name, MaxNameLength);

    /// <summary>
    /// An article's text: its lines kept, control characters (but for line breaks and tabs) and
    /// bidirectional overrides removed, at most <see cref="MaxTextLength"/> characters.
    /// </summary>
    public static string Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(Math.Min(text.Length, MaxTextLength));
        foreach (var c in text)
        {
            if (sb.Length == MaxTextLength)
            {
                break;
            }

            if (c is '\n' or '\t' || !(char.IsControl(c) || IsBidiControl(c)))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>The first <paramref name="length"/> characters of <paramref name="value"/>, without splitting a surrogate pair.</summary>
    public static string? Cut(string? value, int length)
    {
        if (value is null || value.Length <= length)
        {
            return value;
        }

        var end = char.IsHighSurrogate(value[length - 1]) ? length - 1 : length;
        return value[..end];
    }

    /// <summary>One line of visible text: whitespace collapsed, control and format characters dropped (bar the joiners scripts need), cut at a word.</summary>
    private static string? Line(string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var sb = new StringBuilder(Math.Min(value.Length, max + 1));
        var space = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format && c is not ('\u200C' or '\u200D'))
            {
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
            if (sb.Length > max)
            {
                break;
            }
        }

        if (sb.Length == 0)
        {
            return null;
        }

        if (sb.Length <= max)
        {
            return sb.ToString();
        }

        var text = sb.ToString();
        var cut = text.LastIndexOf(' ', max - 1);
        return Cut(text, cut > max / 2 ? cut : max - 1) + "…";
    }

    /// <summary>Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder what follows them.</summary>
    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
