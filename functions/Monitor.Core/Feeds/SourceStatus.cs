namespace Monitor.Core.Feeds;

/// <summary>A configured feed and how its polling goes, as GET /api/sources shows it.</summary>
public sealed record SourceStatus
{
    public const string Ok = "ok";
    public const string Failing = "failing";
    public const string NeverPolled = "never_polled";
    public const string Disabled = "disabled";

    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Url { get; init; }

    public required string Language { get; init; }

    public required string Outlet { get; init; }

    public bool Enabled { get; init; }

    public int PollIntervalMinutes { get; init; }

    /// <summary>"ok", "failing", "never_polled" or "disabled".</summary>
    public required string Status { get; init; }

    public DateTimeOffset? LastCheckedAt { get; init; }

    public DateTimeOffset? LastSuccessAt { get; init; }

    public DateTimeOffset? NextPollAt { get; init; }

    public int ConsecutiveFailures { get; init; }

    /// <summary>The last failure's reason in snake case, e.g. "bot_wall"; null when the last poll succeeded.</summary>
    public string? LastFailureReason { get; init; }

    public string? LastError { get; init; }

    public int? LastHttpStatus { get; init; }

    public int LastNewItems { get; init; }

    /// <summary>Joins a source with its state (null when it was never polled).</summary>
    public static SourceStatus Of(FeedSource source, FeedState? state)
    {
        ArgumentNullException.ThrowIfNull(source);
        var status = !source.Enabled ? Disabled
            : state?.LastCheckedAt is null ? NeverPolled
            : state.ConsecutiveFailures > 0 ? Failing
            : Ok;
        return new SourceStatus
        {
            Id = source.Id,
            Name = source.Name,
            Url = source.Url.AbsoluteUri,
            Language = source.Language,
            Outlet = source.Outlet,
            Enabled = source.Enabled,
            PollIntervalMinutes = source.PollIntervalMinutes,
            Status = status,
            LastCheckedAt = state?.LastCheckedAt,
            LastSuccessAt = state?.LastSuccessAt,
            NextPollAt = state?.NextPollAt,
            ConsecutiveFailures = state?.ConsecutiveFailures ?? 0,
            LastFailureReason = FeedFailureReasons.Parse(state?.LastFailureReason)?.ToSnakeCase() ?? state?.LastFailureReason,
            LastError = state?.LastError,
            LastHttpStatus = state?.LastHttpStatus,
            LastNewItems = state?.LastNewItems ?? 0,
        };
    }
}
