namespace Monitor.Core.Feeds;

/// <summary>What happened to one feed in a poll.</summary>
public enum FeedPollOutcome
{
    /// <summary>The feed was fetched and parsed (it may still have had no new items).</summary>
    Updated,

    /// <summary>The server answered 304 Not Modified.</summary>
    NotModified,

    /// <summary>The server sent the same bytes as last time; nothing was parsed.</summary>
    Unchanged,

    /// <summary>The poll failed; see <see cref="FeedPollResult.FailureReason"/>.</summary>
    Failed,
}

/// <summary>The result of polling one feed.</summary>
public sealed record FeedPollResult
{
    public required string SourceId { get; init; }

    public required FeedPollOutcome Outcome { get; init; }

    public int? HttpStatus { get; init; }

    /// <summary>Items written to the incoming container by this poll.</summary>
    public int NewItems { get; init; }

    public FeedFailureReason? FailureReason { get; init; }

    public string? Error { get; init; }

    public DateTimeOffset? NextPollAt { get; init; }
}

/// <summary>The result of one poll run over several feeds.</summary>
public sealed record PollReport(IReadOnlyList<FeedPollResult> Feeds)
{
    public static PollReport Empty { get; } = new([]);

    public int Polled => Feeds.Count;

    public int Updated => Count(FeedPollOutcome.Updated);

    public int NotModified => Count(FeedPollOutcome.NotModified);

    public int Unchanged => Count(FeedPollOutcome.Unchanged);

    public int Failed => Count(FeedPollOutcome.Failed);

    public int NewItems => Feeds.Sum(f => f.NewItems);

    private int Count(FeedPollOutcome outcome) => Feeds.Count(f => f.Outcome == outcome);
}
