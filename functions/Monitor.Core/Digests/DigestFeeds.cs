using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Xml;
using Monitor.Core.Developments;

namespace Monitor.Core.Digests;

/// <summary>
/// Writes a digest as an RSS 2.0 or Atom feed: one item per development, newest first as the digest
/// orders them. Text from feeds is written as text (the writer escapes it), characters XML 1.0 does
/// not allow are dropped, and only http(s) addresses become links.
/// </summary>
public static class DigestFeeds
{
    public const string RssContentType = "application/rss+xml; charset=utf-8";
    public const string AtomContentType = "application/atom+xml; charset=utf-8";

    private const string AtomNamespace = "http://www.w3.org/2005/Atom";
    private const string Generator = "Monitor";

    /// <summary>Encodes text for HTML, leaving Arabic readable.</summary>
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The digest as RSS 2.0, with an <c>atom:link rel="self"</c> to <paramref name="self"/>.</summary>
    /// <param name="digest">The digest.</param>
    /// <param name="self">The absolute URL of this feed: the digest URL with its query.</param>
    public static string ToRss(Digest digest, Uri self)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var feed = FeedUrl(self);
        return Write(writer =>
        {
            writer.WriteStartElement("rss");
            writer.WriteAttributeString("version", "2.0");
            writer.WriteAttributeString("xmlns", "atom", null, AtomNamespace);
            writer.WriteStartElement("channel");
            writer.WriteElementString("title", TitleOf(digest));
            writer.WriteElementString("link", feed);
            writer.WriteElementString("description", DescriptionOf(digest));
            if (Line(digest.ReaderLanguage ?? digest.Language) is { Length: > 0 } language)
            {
                writer.WriteElementString("language", language);
            }

            writer.WriteElementString("lastBuildDate", Rfc822(digest.GeneratedAt));
            writer.WriteElementString("generator", Generator);
            writer.WriteStartElement("atom", "link", AtomNamespace);
            writer.WriteAttributeString("href", feed);
            writer.WriteAttributeString("rel", "self");
            writer.WriteAttributeString("type", "application/rss+xml");
            writer.WriteEndElement();

            foreach (var development in digest.Developments)
            {
                writer.WriteStartElement("item");
                writer.WriteElementString("title", HeadlineOf(digest, development));
                writer.WriteElementString("link", LinkOf(digest, development, self));
                writer.WriteStartElement("guid");
                writer.WriteAttributeString("isPermaLink", "false");
                writer.WriteString(DevelopmentUrn(development));
                writer.WriteEndElement();
                writer.WriteElementString("pubDate", Rfc822(development.LastUpdated));
                writer.WriteElementString("category", Line(development.Type));
                writer.WriteElementString("description", HtmlOf(digest, development));
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        });
    }

    /// <summary>The digest as an Atom 1.0 feed, with a <c>link rel="self"</c> to <paramref name="self"/>.</summary>
    /// <param name="digest">The digest.</param>
    /// <param name="self">The absolute URL of this feed: the digest URL with its query.</param>
    public static string ToAtom(Digest digest, Uri self)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var feed = FeedUrl(self);
        return Write(writer =>
        {
            writer.WriteStartElement("feed", AtomNamespace);
            if (Line(digest.ReaderLanguage ?? digest.Language) is { Length: > 0 } language)
            {
                writer.WriteAttributeString("xml", "lang", null, language);
            }

            writer.WriteElementString("id", AtomNamespace, "urn:monitor:digest:" + Urn(digest.Topic));
            WriteText(writer, "title", TitleOf(digest));
            WriteText(writer, "subtitle", DescriptionOf(digest));
            writer.WriteElementString("updated", AtomNamespace, Rfc3339(digest.GeneratedAt));
            WriteLink(writer, "self", "application/atom+xml", feed);
            writer.WriteStartElement("author", AtomNamespace);
            writer.WriteElementString("name", AtomNamespace, Generator);
            writer.WriteEndElement();
            writer.WriteElementString("generator", AtomNamespace, Generator);

            foreach (var development in digest.Developments)
            {
                writer.WriteStartElement("entry", AtomNamespace);
                writer.WriteElementString("id", AtomNamespace, DevelopmentUrn(development));
                WriteText(writer, "title", HeadlineOf(digest, development));
                WriteLink(writer, "alternate", "text/html", LinkOf(digest, development, self));
                writer.WriteElementString("published", AtomNamespace, Rfc3339(development.FirstSeen));
                writer.WriteElementString("updated", AtomNamespace, Rfc3339(development.LastUpdated));
                writer.WriteStartElement("category", AtomNamespace);
                writer.WriteAttributeString("term", Line(development.Type));
                writer.WriteAttributeString("label", Line(DigestRenderer.TypeName(development.Type)));
                writer.WriteEndElement();
                if (Line(digest.SummaryUnderHeadline(development)?.Marked) is { Length: > 0 } summary)
                {
                    WriteText(writer, "summary", summary);
                }

                writer.WriteStartElement("content", AtomNamespace);
                writer.WriteAttributeString("type", "html");
                writer.WriteString(HtmlOf(digest, development));
                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        });
    }

    /// <summary>
    /// Text that XML 1.0 can hold, on one line: characters it does not allow (most control
    /// characters, unpaired surrogates, U+FFFE, U+FFFF) and the C1 controls dropped, runs of
    /// white space made one space, trimmed.
    /// </summary>
    internal static string Line(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length);
        var space = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    Append(sb, ref space, c);
                    sb.Append(text[++i]);
                }

                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (char.IsControl(c) || !XmlConvert.IsXmlChar(c))
            {
                continue;
            }

            Append(sb, ref space, c);
        }

        return sb.ToString();

        static void Append(StringBuilder sb, ref bool space, char c)
        {
            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }
    }

    /// <summary>The item's link: its best article's http(s) address, else the development's place in the digest.</summary>
    private static string LinkOf(Digest digest, Development development, Uri self)
    {
        var headline = digest.HeadlineOf(development);
        var linked = development.Articles.Where(a => HttpUrl(a.Url) is not null).ToList();
        var best = linked.FirstOrDefault(a => a.Title is not null && Collapse(a.Title) == headline) ?? linked.FirstOrDefault();
        return best is not null ? HttpUrl(best.Url)!.AbsoluteUri : FeedUrl(self) + "#dev-" + Uri.EscapeDataString(development.Id);
    }

    /// <summary>
    /// A short HTML fragment: the summary (in the reader's language, marked when generated), the
    /// figures with the outlets that state them, the figures sources disagree on, and the articles
    /// (linked when they have an http(s) address). Every piece of feed text is HTML-encoded.
    /// </summary>
    private static string HtmlOf(Digest digest, Development development)
    {
        var html = new StringBuilder();
        if (Line(digest.SummaryUnderHeadline(development)?.Marked) is { Length: > 0 } summary)
        {
            html.Append("<p>").Append(Html.Encode(summary)).Append("</p>");
        }

        if (development.Figures.Count > 0)
        {
            html.Append("<p>Figures:</p><ul>");
            foreach (var figure in development.Figures)
            {
                var sources = string.Join("; ", figure.Sources.Select(s => Line(DigestRenderer.SourceWording(figure, s))));
                html.Append("<li>").Append(Html.Encode(Line(DigestRenderer.FigureText(figure.Value, figure.Qualifier, figure.What))))
                    .Append(" — ").Append(Html.Encode(sources)).Append("</li>");
            }

            html.Append("</ul>");
        }

        foreach (var disagreement in development.Disagreements)
        {
            html.Append("<p>Sources disagree on ").Append(Html.Encode(Line(disagreement.What))).Append(": ")
                .Append(string.Join(" vs ", disagreement.Values.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)))).Append("</p>");
        }

        if (development.Articles.Count > 0)
        {
            html.Append("<p>Articles:</p><ul>");
            foreach (var article in development.Articles)
            {
                var title = Html.Encode(Line(article.Headline));
                html.Append("<li>");
                if (HttpUrl(article.Url) is { } url)
                {
                    html.Append("<a href=\"").Append(Html.Encode(url.AbsoluteUri)).Append("\">").Append(title).Append("</a>");
                }
                else
                {
                    html.Append(title);
                }

                html.Append(" — ").Append(Html.Encode(Line(article.SourceName)))
                    .Append(", ").Append(Html.Encode(Line(article.Language)))
                    .Append(", ").Append(article.Published.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
                    .Append("</li>");
            }

            html.Append("</ul>");
        }

        return html.ToString();
    }

    private static string TitleOf(Digest digest) => "Digest: " + Line(digest.TopicName ?? digest.Topic);

    private static string DescriptionOf(Digest digest) =>
        "Developments in " + Line(digest.TopicName ?? digest.Topic) + " from "
        + digest.Since.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) + " to "
        + digest.Until.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The headline in the reader's language, marked when it is a generated fact line.</summary>
    private static string HeadlineOf(Digest digest, Development development) =>
        Line(digest.HeadlineFor(development).Marked) is { Length: > 0 } headline ? headline : DevelopmentBuilder.UntitledHeadline;

    private static string DevelopmentUrn(Development development) => "urn:monitor:development:" + Urn(development.Id);

    /// <summary>An id as a URN part: anything outside letters, digits and "-._~" percent-encoded.</summary>
    private static string Urn(string id) => Uri.EscapeDataString(Line(id));

    /// <summary>The feed's own address, without a fragment.</summary>
    private static string FeedUrl(Uri self)
    {
        ArgumentNullException.ThrowIfNull(self);
        if (!self.IsAbsoluteUri)
        {
            throw new ArgumentException("The feed's address must be absolute.", nameof(self));
        }

        return self.GetLeftPart(UriPartial.Query);
    }

    private static Uri? HttpUrl(string? url) => FeedText.HttpUrl(url);

    /// <summary>White space collapsed as the development builder collapses titles.</summary>
    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Rfc822(DateTimeOffset time) => time.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);

    private static string Rfc3339(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void WriteText(XmlWriter writer, string name, string text)
    {
        writer.WriteStartElement(name, AtomNamespace);
        writer.WriteAttributeString("type", "text");
        writer.WriteString(text);
        writer.WriteEndElement();
    }

    private static void WriteLink(XmlWriter writer, string relation, string type, string href)
    {
        writer.WriteStartElement("link", AtomNamespace);
        writer.WriteAttributeString("rel", relation);
        writer.WriteAttributeString("type", type);
        writer.WriteAttributeString("href", href);
        writer.WriteEndElement();
    }

    private static string Write(Action<XmlWriter> body)
    {
        using var text = new Utf8StringWriter();
        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        using (var writer = XmlWriter.Create(text, settings))
        {
            writer.WriteStartDocument();
            body(writer);
            writer.WriteEndDocument();
        }

        return text.ToString();
    }

    /// <summary>A string writer whose XML declaration says utf-8 (a plain one says utf-16).</summary>
    private sealed class Utf8StringWriter() : StringWriter(CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    }
}
