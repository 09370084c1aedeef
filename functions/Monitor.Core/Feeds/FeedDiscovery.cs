using AngleSharp.Html.Parser;

namespace Monitor.Core.Feeds;

/// <summary>
/// The feeds a web page advertises, as feed readers find them: its
/// <c>&lt;link rel="alternate" type="application/rss+xml|application/atom+xml" href="…"&gt;</c> elements, relative
/// addresses resolved against the page (or its <c>&lt;base href&gt;</c>); and, for a page that advertises none,
/// the addresses where sites commonly put one.
/// </summary>
public static class FeedDiscovery
{
    /// <summary>Where a site that advertises no feed commonly serves one, from its root.</summary>
    public static readonly IReadOnlyList<string> CommonPaths = ["/feed", "/rss", "/rss.xml"];

    private static readonly string[] FeedTypes = ["application/rss+xml", "application/atom+xml"];

    /// <summary>The page's title and the feeds <paramref name="html"/> advertises, in the page's order, each address once.</summary>
    public static DiscoveredPage Read(string html, Uri pageUrl)
    {
        ArgumentNullException.ThrowIfNull(pageUrl);
        var document = new HtmlParser().ParseDocument(html ?? "");
        var baseUrl = Uri.TryCreate(pageUrl, document.QuerySelector("base[href]")?.GetAttribute("href"), out var declared) && IsWeb(declared)
            ? declared
            : pageUrl;
        var feeds = new List<AdvertisedFeed>();
        foreach (var link in document.QuerySelectorAll("link[href]"))
        {
            var relations = (link.GetAttribute("rel") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var type = (link.GetAttribute("type") ?? "").Split(';')[0].Trim();
            if (!relations.Contains("alternate", StringComparer.OrdinalIgnoreCase) || !FeedTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (Uri.TryCreate(baseUrl, link.GetAttribute("href")!.Trim(), out var url) && IsWeb(url) && feeds.All(f => f.Url != url))
            {
                var title = link.GetAttribute("title")?.Trim();
                feeds.Add(new AdvertisedFeed(url, type.ToLowerInvariant(), string.IsNullOrEmpty(title) ? null : title));
            }
        }

        var pageTitle = document.Title?.Trim();
        return new DiscoveredPage(string.IsNullOrEmpty(pageTitle) ? null : pageTitle, feeds);
    }

    /// <summary>The <see cref="CommonPaths"/> on the page's site.</summary>
    public static IReadOnlyList<Uri> CommonAddresses(Uri pageUrl)
    {
        ArgumentNullException.ThrowIfNull(pageUrl);
        return [.. CommonPaths.Select(path => new Uri(pageUrl, path))];
    }

    private static bool IsWeb(Uri url) => url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps;
}

/// <summary>What a page says of itself and its feeds.</summary>
public sealed record DiscoveredPage(string? Title, IReadOnlyList<AdvertisedFeed> Feeds);

/// <summary>A feed a page advertises: its address, its media type and the title the link gives it.</summary>
public sealed record AdvertisedFeed(Uri Url, string MediaType, string? Title);
