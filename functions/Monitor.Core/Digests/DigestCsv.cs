using System.Globalization;
using System.Text;
using Monitor.Core.Developments;

namespace Monitor.Core.Digests;

/// <summary>
/// Writes a digest as CSV for spreadsheets: a header row, then one row per article with its
/// development (headline in the reader's language, type, times, importance, figures) and its source.
/// RFC 4180: fields separated by commas, records by CRLF, a field holding a comma, a quote or a line
/// break quoted with its quotes doubled. UTF-8 with a byte order mark, because Excel reads a CSV
/// without one in the machine's legacy code page and garbles Arabic (LibreOffice, Google Sheets,
/// Numbers and Python's <c>utf-8-sig</c> take the mark). Text from feeds that a spreadsheet would
/// read as a formula (it starts with = + - or @) is prefixed with an apostrophe.
/// </summary>
public static class DigestCsv
{
    public const string ContentType = "text/csv; charset=utf-8; header=present";

    /// <summary>The byte order mark, as the body's first character (the hosts write it as EF BB BF).</summary>
    public const char ByteOrderMark = '\uFEFF';

    /// <summary>The columns, in order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "development_id", "development_headline", "headline_generated", "development_type", "first_seen", "last_updated",
        "importance", "development_languages", "development_figures", "article_id", "story", "title", "language",
        "source", "source_name", "published", "published_estimated", "score", "article_figures", "url",
    ];

    public static string ToCsv(Digest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var csv = new StringBuilder(8 * 1024).Append(ByteOrderMark);
        Row(csv, Columns);
        foreach (var development in digest.Developments)
        {
            var headline = digest.HeadlineFor(development);
            var figures = string.Join("; ", development.Figures.Select(f => DigestRenderer.FigureText(f.Value, f.Qualifier, f.What)));
            foreach (var article in development.Articles)
            {
                Row(csv,
                [
                    Text(development.Id),
                    Text(headline.Text),
                    Flag(headline.Generated),
                    Text(development.Type),
                    Time(development.FirstSeen),
                    Time(development.LastUpdated),
                    development.Importance.ToString("0.###", CultureInfo.InvariantCulture),
                    Text(string.Join(" ", development.Languages)),
                    Text(figures),
                    Text(article.Id),
                    article.Story?.ToString(CultureInfo.InvariantCulture) ?? "",
                    Text(article.Title),
                    Text(article.Language),
                    Text(article.Source),
                    Text(article.SourceName),
                    Time(article.Published),
                    Flag(article.PublishedEstimated),
                    article.Score.ToString("0.###", CultureInfo.InvariantCulture),
                    Text(ArticleFigures(development, article)),
                    Text(FeedText.HttpUrl(article.Url)?.AbsoluteUri),
                ]);
            }
        }

        return csv.ToString();
    }

    /// <summary>The development's figures this article states, each as it qualifies it and with its words: "about 150 detainees (نحو 150 من)".</summary>
    private static string ArticleFigures(Development development, DevelopmentArticle article) =>
        string.Join("; ", development.Figures
            .Select(f => (Figure: f, Source: f.Sources.FirstOrDefault(s => s.ArticleId == article.Id)))
            .Where(x => x.Source is not null)
            .Select(x => DigestRenderer.FigureText(x.Figure.Value, x.Source!.Qualifier ?? x.Figure.Qualifier, x.Figure.What)
                + (string.IsNullOrWhiteSpace(x.Source!.Text) ? "" : " (" + x.Source.Text + ")")));

    private static void Row(StringBuilder csv, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            csv.Append(i == 0 ? "" : ",").Append(Field(fields[i]));
        }

        csv.Append("\r\n");
    }

    /// <summary>A field as RFC 4180 writes it: quoted, with its quotes doubled, when it holds a comma, a quote or a line break.</summary>
    internal static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>Feed text on one line, made inert for spreadsheets: one that would start a formula gets a leading apostrophe.</summary>
    internal static string Text(string? value)
    {
        var text = FeedText.OneLine(value);
        return text.Length > 0 && text[0] is '=' or '+' or '-' or '@' ? "'" + text : text;
    }

    private static string Flag(bool value) => value ? "true" : "false";

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
