using Monitor.Core.Storage;

namespace Monitor.Core.Articles;

/// <summary>
/// One new feed item as the poll writes it under <c>incoming/</c>: what the feed said, untouched.
/// </summary>
public sealed record IncomingItem
{
    /// <summary>The feed's id in the sources file.</summary>
    public required string Source { get; init; }

    /// <summary>The item's stable id within its feed (guid, canonical link, or a hash of title and date).</summary>
    public required string Id { get; init; }

    public string? Title { get; init; }

    public string? Link { get; init; }

    public DateTimeOffset? Published { get; init; }

    /// <summary>The item's description or content as the feed gave it (HTML).</summary>
    public string? SummaryHtml { get; init; }

    /// <summary>
    /// The main text of the item's web page (plain text, paragraphs separated by blank lines), when its
    /// source fetches pages and the page could be read; otherwise null and the summary is the text.
    /// </summary>
    public string? PageText { get; init; }

    public required DateTimeOffset FetchedAt { get; init; }

    /// <summary>The language the sources file declares for the feed; a hint, not the detected language.</summary>
    public string? FeedLanguage { get; init; }

    /// <summary>The outlet that publishes the feed.</summary>
    public string? Outlet { get; init; }

    /// <summary>Key of the article this item becomes: the same item always gives the same key.</summary>
    public string ArticleKey => KeyFor(Source, Id);

    /// <summary>Name of the item's blob in the incoming container.</summary>
    public string BlobName => BlobNameFor(Source, Id);

    public static string KeyFor(string source, string id) => TableKeys.Hash(source, id);

    public static string BlobNameFor(string source, string id) => $"{source}/{KeyFor(source, id)}.json";
}
