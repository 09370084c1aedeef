namespace Monitor.Core.Feeds;

/// <summary>A feed document read into its items.</summary>
public sealed record ParsedFeed
{
    /// <summary>The format: "Atom", "Rss_2_0", "Rss_1_0", "Rss_0_91", "Rss_0_92"...</summary>
    public required string Format { get; init; }

    public string? Title { get; init; }

    public required IReadOnlyList<ParsedFeedItem> Items { get; init; }

    /// <summary>The RSS channel's ttl in minutes, when present and positive.</summary>
    public int? TtlMinutes { get; init; }
}

/// <summary>One item of a feed, as the feed gave it.</summary>
public sealed record ParsedFeedItem
{
    /// <summary>Stable id within the feed; see <see cref="ItemIdentity"/>.</summary>
    public required string Id { get; init; }

    /// <summary>The RSS guid or Atom id, trimmed, when the feed gives one.</summary>
    public string? Guid { get; init; }

    public string? Title { get; init; }

    /// <summary>Absolute link to the article (relative links are resolved against the feed's address).</summary>
    public string? Link { get; init; }

    public DateTimeOffset? Published { get; init; }

    /// <summary>The richer of the item's description and content, as HTML.</summary>
    public string? SummaryHtml { get; init; }
}
