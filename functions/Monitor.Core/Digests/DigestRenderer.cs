using System.Globalization;
using System.Text;
using System.Text.Json;
using Monitor.Core.Developments;

namespace Monitor.Core.Digests;

/// <summary>Writes a digest as JSON (for programs) or Markdown (for people).</summary>
public static class DigestRenderer
{
    public const string JsonContentType = "application/json; charset=utf-8";
    public const string MarkdownContentType = "text/markdown; charset=utf-8";

    /// <summary>
    /// <c>{ topic, generatedAt, since, until, developments: [ { id, headline, firstSeen, lastUpdated,
    /// languages, articles: [ { id, title, url, source, sourceName, language, published, score } ] } ] }</c>
    /// </summary>
    public static string ToJson(Digest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var body = new DigestBody(
            digest.Topic,
            digest.GeneratedAt,
            digest.Since,
            digest.Until,
            [.. digest.Developments.Select(d => new DevelopmentBody(
                d.Id,
                d.Headline,
                d.FirstSeen,
                d.LastUpdated,
                d.Languages,
                [.. d.Articles.Select(a => new ArticleBody(a.Id, a.Title, a.Url, a.Source, a.SourceName, a.Language, a.Published, Math.Round(a.Score, 3)))]))]);
        return JsonSerializer.Serialize(body, MonitorJson.Indented);
    }

    /// <summary>A readable digest; all text that comes from feeds is escaped, and only http(s) links are made.</summary>
    public static string ToMarkdown(Digest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var md = new StringBuilder();
        md.Append("# Digest: ").Append(Escape(digest.Topic)).Append('\n').Append('\n');
        md.Append("Window: ").Append(Time(digest.Since)).Append(" to ").Append(Time(digest.Until))
            .Append(" · generated ").Append(Time(digest.GeneratedAt))
            .Append(" · ").Append(Plural(digest.Developments.Count, "development")).Append('\n');

        if (digest.Developments.Count == 0)
        {
            md.Append('\n').Append("No relevant articles in this window.").Append('\n');
            return md.ToString();
        }

        foreach (var development in digest.Developments)
        {
            md.Append('\n').Append("## ").Append(Escape(development.Headline)).Append('\n').Append('\n');
            md.Append("First seen ").Append(Time(development.FirstSeen))
                .Append(" · last updated ").Append(Time(development.LastUpdated))
                .Append(" · languages: ").Append(Escape(string.Join(", ", development.Languages)))
                .Append(" · ").Append(Plural(development.Articles.Count, "article")).Append('\n').Append('\n');
            foreach (var article in development.Articles)
            {
                md.Append("- ").Append(Link(article))
                    .Append(" — ").Append(Escape(article.SourceName))
                    .Append(", ").Append(Escape(article.Language))
                    .Append(", ").Append(Time(article.Published))
                    .Append(", score ").Append(article.Score.ToString("0.00", CultureInfo.InvariantCulture))
                    .Append('\n');
            }
        }

        return md.ToString();
    }

    public static string ContentType(DigestFormat format) => format switch
    {
        DigestFormat.Markdown => MarkdownContentType,
        _ => JsonContentType,
    };

    /// <summary>
    /// Feed text made inert in Markdown: one line, and every character that could open emphasis,
    /// a link, an image, HTML, a heading close, code or a table cell is backslash-escaped.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length + 8);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '(' or ')' or '<' or '>' or '#' or '|' or '~' or '!' or '&' or '{' or '}')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        // A line that starts like a list item or a block quote would change the structure.
        if (sb.Length > 0 && sb[0] is '-' or '+' or '=')
        {
            sb.Insert(0, '\\');
        }

        return sb.ToString();
    }

    private static string Link(DevelopmentArticle article)
    {
        var title = string.IsNullOrWhiteSpace(article.Title) ? DevelopmentGrouper.UntitledHeadline : article.Title;
        if (Uri.TryCreate(article.Url, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
        {
            return $"[{Escape(title)}]({Destination(url)})";
        }

        return Escape(title);
    }

    /// <summary>A link destination that cannot end the link early: spaces, brackets and angle brackets percent-encoded.</summary>
    private static string Destination(Uri url)
    {
        var sb = new StringBuilder();
        foreach (var c in url.AbsoluteUri)
        {
            sb.Append(c switch
            {
                ' ' => "%20",
                '(' => "%28",
                ')' => "%29",
                '<' => "%3C",
                '>' => "%3E",
                '[' => "%5B",
                ']' => "%5D",
                '\\' => "%5C",
                '`' => "%60",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    private static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Plural(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? "" : "s");

    private sealed record DigestBody(string Topic, DateTimeOffset GeneratedAt, DateTimeOffset Since, DateTimeOffset Until, IReadOnlyList<DevelopmentBody> Developments);

    private sealed record DevelopmentBody(string Id, string Headline, DateTimeOffset FirstSeen, DateTimeOffset LastUpdated, IReadOnlyList<string> Languages, IReadOnlyList<ArticleBody> Articles);

    private sealed record ArticleBody(string Id, string? Title, string? Url, string Source, string SourceName, string Language, DateTimeOffset Published, double Score);
}
