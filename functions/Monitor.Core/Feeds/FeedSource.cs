namespace Monitor.Core.Feeds;

/// <summary>One feed the product polls, as listed in the sources file.</summary>
public sealed record FeedSource
{
    /// <summary>Stable id: lower-case letters, digits and dashes. Used in keys and blob names.</summary>
    public required string Id { get; init; }

    /// <summary>Name shown to people.</summary>
    public required string Name { get; init; }

    public required Uri Url { get; init; }

    /// <summary>Language the feed is expected to be in: "ar", "en" or another ISO 639-1 code.</summary>
    public required string Language { get; init; }

    /// <summary>The outlet that publishes the feed (several feeds may share one outlet).</summary>
    public required string Outlet { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>
    /// When true, each new item's web page (its link) is fetched too and the article is its main text,
    /// without navigation, captions or teasers of other stories; for feeds that give only a line or two.
    /// </summary>
    public bool FetchPages { get; init; }

    /// <summary>How often to poll when the server says nothing stricter.</summary>
    public int PollIntervalMinutes { get; init; } = 15;

    public TimeSpan PollInterval => TimeSpan.FromMinutes(PollIntervalMinutes);
}
