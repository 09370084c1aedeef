using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using CodeHollow.FeedReader;
using CodeHollow.FeedReader.Feeds;

namespace Monitor.Core.Feeds;

/// <summary>
/// Reads decoded feed text (RSS 0.91, 0.92, 1.0, 2.0 or Atom) into items with CodeHollow.FeedReader,
/// telling apart HTML pages, bot walls and malformed XML.
/// </summary>
public static partial class FeedDocument
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace DublinCore = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Rss10 = "http://purl.org/rss/1.0/";

    /// <summary>Reads the feed; relative links resolve against <paramref name="feedUrl"/>.</summary>
    /// <exception cref="FeedFormatException">The text is an HTML page, a bot wall, or not an RSS/Atom document.</exception>
    public static ParsedFeed Parse(string text, Uri feedUrl)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = InvalidXmlCharacters().Replace(text, "");
        text = CharacterReferences().Replace(text, m => IsXmlCharacter(m) ? m.Value : "");
        if (LooksLikeHtml(text))
        {
            throw HtmlPage(text);
        }

        XDocument document;
        try
        {
            document = XDocument.Parse(text);
        }
        catch (XmlException e)
        {
            throw BotWall.IsChallenge(text)
                ? HtmlPage(text)
                : new FeedFormatException(FeedFailureReason.MalformedFeed, $"The feed is not well-formed XML: {e.Message}", e);
        }

        var root = document.Root!;
        var rootName = root.Name.LocalName;
        if (rootName.Equals("html", StringComparison.OrdinalIgnoreCase))
        {
            throw HtmlPage(text);
        }

        if (!rootName.Equals("rss", StringComparison.OrdinalIgnoreCase)
            && !rootName.Equals("feed", StringComparison.OrdinalIgnoreCase)
            && !rootName.Equals("rdf", StringComparison.OrdinalIgnoreCase))
        {
            throw new FeedFormatException(FeedFailureReason.MalformedFeed, $"The document's root element <{root.Name.LocalName}> is not RSS, RDF or Atom.");
        }

        if (rootName.Equals("rss", StringComparison.OrdinalIgnoreCase) && root.Attribute("version") is null)
        {
            // The parser needs a version to choose a reader; RSS without one is read as 2.0.
            root.SetAttributeValue("version", "2.0");
            text = document.ToString(SaveOptions.DisableFormatting);
        }

        Feed feed;
        try
        {
            feed = FeedReader.ReadFromString(text);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new FeedFormatException(FeedFailureReason.MalformedFeed, $"The feed could not be read: {e.Message}", e);
        }

        var items = new List<ParsedFeedItem>(feed.Items?.Count ?? 0);
        foreach (var item in feed.Items ?? [])
        {
            items.Add(ReadItem(item, feed.Type, feedUrl));
        }

        KeepApartItemsSharingAnId(items);

        return new ParsedFeed
        {
            Format = feed.Type.ToString(),
            Title = CleanText(feed.Title),
            Items = items,
            TtlMinutes = TtlOf(root),
        };
    }

    /// <summary>
    /// A guid that two items of one document carry with different links or titles names two articles,
    /// not one told twice: each later one's id is the guid qualified by a hash of its link and title,
    /// so it is kept as an article of its own (the same on every poll). Exact repeats keep the one id.
    /// </summary>
    private static void KeepApartItemsSharingAnId(List<ParsedFeedItem> items)
    {
        var first = new Dictionary<string, ParsedFeedItem>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (!first.TryAdd(item.Id, item)
                && (!string.Equals(first[item.Id].Link, item.Link, StringComparison.Ordinal) || !string.Equals(first[item.Id].Title, item.Title, StringComparison.Ordinal)))
            {
                var content = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(item.Link + "\n" + item.Title)))[..16];
                items[i] = item with { Id = item.Id + "#" + content };
            }
        }
    }

    /// <summary>True when the text starts like an HTML page rather than XML.</summary>
    public static bool LooksLikeHtml(string text) =>
        HtmlStart().IsMatch(text.AsSpan(0, Math.Min(text.Length, 4096)));

    private static FeedFormatException HtmlPage(string text) =>
        BotWall.IsChallenge(text)
            ? new FeedFormatException(FeedFailureReason.BotWall, "The server answered with an anti-bot challenge page instead of the feed.")
            : new FeedFormatException(FeedFailureReason.NotAFeed, "The address returned an HTML page, not a feed.");

    private static ParsedFeedItem ReadItem(FeedItem item, FeedType type, Uri feedUrl)
    {
        var element = item.SpecificItem?.Element;

        // RSS 1.0 has no guid (the library puts the link in Id); 0.91/0.92 have none either.
        var guid = type == FeedType.Rss_1_0 ? null : Blank(item.Id);
        var title = CleanText(item.Title);
        var link = LinkOf(item, element, guid, feedUrl);
        var published = PublishedOf(item, element);
        var summary = SummaryOf(item, element);
        return new ParsedFeedItem
        {
            Id = ItemIdentity.For(guid, link, title, published, feedUrl, summary),
            Guid = guid?.Trim(),
            Title = title,
            Link = link,
            Published = published,
            SummaryHtml = summary,
        };
    }

    private static string? LinkOf(FeedItem item, XElement? element, string? guid, Uri feedUrl)
    {
        var raw = item.Link;
        if (item.SpecificItem is AtomFeedItem atom && atom.Links is { Count: > 0 } links)
        {
            var alternate = links.FirstOrDefault(l => string.IsNullOrEmpty(l.Relation) || l.Relation.Equals("alternate", StringComparison.OrdinalIgnoreCase));
            raw = alternate?.Href ?? raw;
        }

        if (string.IsNullOrWhiteSpace(raw) && element?.Attribute(XName.Get("about", "http://www.w3.org/1999/02/22-rdf-syntax-ns#")) is { } about)
        {
            raw = about.Value;
        }

        // An RSS guid is a permalink unless it says otherwise.
        if (string.IsNullOrWhiteSpace(raw) && guid is not null
            && element?.Element("guid")?.Attribute("isPermaLink")?.Value.Trim().Equals("false", StringComparison.OrdinalIgnoreCase) != true)
        {
            raw = guid;
        }

        return ItemIdentity.Resolve(raw, feedUrl)?.AbsoluteUri;
    }

    private static DateTimeOffset? PublishedOf(FeedItem item, XElement? element)
    {
        string?[] candidates =
        [
            item.PublishingDateString,
            element?.Element("pubDate")?.Value,
            element?.Element(DublinCore + "date")?.Value,
            element?.Element(Atom + "published")?.Value,
            element?.Element(Atom + "updated")?.Value,
        ];
        foreach (var candidate in candidates)
        {
            if (FeedDates.Parse(candidate) is { } date)
            {
                return date;
            }
        }

        if (item.PublishingDate is { } parsed)
        {
            var utc = parsed.Kind == DateTimeKind.Local ? parsed.ToUniversalTime() : DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
            return new DateTimeOffset(utc);
        }

        return null;
    }

    /// <summary>The longest of the item's description, content:encoded, Atom summary and Atom content.</summary>
    private static string? SummaryOf(FeedItem item, XElement? element)
    {
        IEnumerable<string?> candidates = element is null
            ? [item.Description, item.Content]
            :
            [
                element.Element("description")?.Value,
                element.Element(Rss10 + "description")?.Value,
                element.Element(Content + "encoded")?.Value,
                AtomHtml(element.Element(Atom + "summary")),
                AtomHtml(element.Element(Atom + "content")),
            ];
        return candidates
            .Select(c => c?.Trim())
            .Where(c => !string.IsNullOrEmpty(c))
            .MaxBy(c => c!.Length);
    }

    /// <summary>An Atom text construct as HTML: "html" as is, "xhtml" as its markup, "text" escaped.</summary>
    private static string? AtomHtml(XElement? element)
    {
        if (element is null || element.Attribute("src") is not null)
        {
            return null;
        }

        var type = element.Attribute("type")?.Value.Trim().ToLowerInvariant() ?? "text";
        switch (type)
        {
            case "html" or "text/html":
                return element.Value;
            case "xhtml" or "application/xhtml+xml":
                var container = element.Elements().Count() == 1 && element.Elements().Single().Name.LocalName == "div"
                    ? element.Elements().Single()
                    : element;
                var sb = new StringBuilder();
                foreach (var node in container.Nodes())
                {
                    sb.Append(node.ToString(SaveOptions.DisableFormatting));
                }

                return sb.ToString();
            default:
                return WebUtility.HtmlEncode(element.Value);
        }
    }

    private static int? TtlOf(XElement root)
    {
        var ttl = root.Elements().FirstOrDefault(e => e.Name.LocalName == "channel")?.Elements().FirstOrDefault(e => e.Name.LocalName == "ttl")?.Value;
        return int.TryParse(ttl?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes > 0 ? minutes : null;
    }

    private static string? CleanText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var cleaned = Whitespace().Replace(WebUtility.HtmlDecode(text), " ").Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>
    /// Whether a character reference (<c>&amp;#7;</c>, <c>&amp;#x7;</c>) names a character XML 1.0 allows; one
    /// that does not (a control character in one title) would make the whole feed unreadable, so it is dropped.
    /// </summary>
    private static bool IsXmlCharacter(Match reference)
    {
        var hex = reference.Groups["hex"];
        var digits = hex.Success ? hex.Value : reference.Groups["dec"].Value;
        if (digits.Length > 8 || !int.TryParse(digits, hex.Success ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return false;
        }

        return code is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);
    }

    [GeneratedRegex("&#(?:[xX](?<hex>[0-9A-Fa-f]+)|(?<dec>[0-9]+));")]
    private static partial Regex CharacterReferences();

    /// <summary>Characters XML 1.0 forbids, which some feeds still contain.</summary>
    [GeneratedRegex("[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]")]
    private static partial Regex InvalidXmlCharacters();

    [GeneratedRegex(@"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex HtmlStart();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
