namespace Monitor.Core.Digests;

/// <summary>A digest written out in one of its formats, with its media type.</summary>
public sealed record RenderedDigest(string ContentType, string Body);

/// <summary>Writes a digest in the format asked for: JSON, Markdown, HTML, RSS 2.0, Atom or CSV.</summary>
public static class DigestFormats
{
    /// <summary>The formats' names as the CLI and the query string take them, for messages.</summary>
    public const string Names = "json, md, html, rss, atom or csv";

    /// <summary>Renders <paramref name="digest"/>; <paramref name="self"/> is the address it is served at (feeds and the page link to it).</summary>
    public static RenderedDigest Render(Digest digest, DigestFormat format, Uri self) => format switch
    {
        DigestFormat.Markdown => new(DigestRenderer.MarkdownContentType, DigestRenderer.ToMarkdown(digest)),
        DigestFormat.Html => new(DigestHtml.ContentType, DigestHtml.ToHtml(digest, self)),
        DigestFormat.Csv => new(DigestCsv.ContentType, DigestCsv.ToCsv(digest)),
        DigestFormat.Rss => new(DigestFeeds.RssContentType, DigestFeeds.ToRss(digest, self)),
        DigestFormat.Atom => new(DigestFeeds.AtomContentType, DigestFeeds.ToAtom(digest, self)),
        _ => new(DigestRenderer.JsonContentType, DigestRenderer.ToJson(digest)),
    };

    /// <summary>Reads a format's name as the CLI and the query string write it.</summary>
    public static DigestFormat? Parse(string? name) => (name ?? "").Trim().ToLowerInvariant() switch
    {
        "json" => DigestFormat.Json,
        "md" or "markdown" => DigestFormat.Markdown,
        "html" => DigestFormat.Html,
        "rss" => DigestFormat.Rss,
        "atom" => DigestFormat.Atom,
        "csv" => DigestFormat.Csv,
        _ => null,
    };
}
