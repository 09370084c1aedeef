using Azure;
using Azure.Data.Tables;

namespace Monitor.Core.Feeds;

/// <summary>
/// What the poller remembers about one feed, in <see cref="Storage.StorageNames.FeedStateTable"/>:
/// PartitionKey "feed", RowKey the source id.
/// </summary>
public sealed class FeedState : ITableEntity
{
    public const string Partition = "feed";

    public string PartitionKey { get; set; } = Partition;

    /// <summary>The source id.</summary>
    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>The table entity's own ETag (not the feed's; that is <see cref="HttpETag"/>).</summary>
    public ETag ETag { get; set; }

    /// <summary>The feed's last ETag header, sent back as If-None-Match.</summary>
    public string? HttpETag { get; set; }

    /// <summary>The feed's last Last-Modified header, sent back as If-Modified-Since.</summary>
    public string? LastModified { get; set; }

    public DateTimeOffset? LastCheckedAt { get; set; }

    public DateTimeOffset? LastSuccessAt { get; set; }

    public DateTimeOffset? NextPollAt { get; set; }

    public int ConsecutiveFailures { get; set; }

    public string? LastError { get; set; }

    /// <summary>The <see cref="FeedFailureReason"/> name of the last failure; null after a success.</summary>
    public string? LastFailureReason { get; set; }

    public int? LastHttpStatus { get; set; }

    /// <summary>How many new items the last poll found.</summary>
    public int LastNewItems { get; set; }

    /// <summary>Hex SHA-256 of the last body processed, so identical bytes are not parsed again.</summary>
    public string? ContentHash { get; set; }

    /// <summary>The feed's last RSS ttl, kept for the polls that do not parse the feed (304, same bytes).</summary>
    public int? TtlMinutes { get; set; }

    public static FeedState NewFor(string sourceId) => new() { RowKey = sourceId };

    /// <summary>A copy of this state, with its ETag.</summary>
    public FeedState Copy() => (FeedState)MemberwiseClone();

    /// <summary>True when <paramref name="other"/> would store what this state stores (keys, timestamps and ETags aside).</summary>
    public bool SameAs(FeedState other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return HttpETag == other.HttpETag && LastModified == other.LastModified && LastCheckedAt == other.LastCheckedAt
            && LastSuccessAt == other.LastSuccessAt && NextPollAt == other.NextPollAt && ConsecutiveFailures == other.ConsecutiveFailures
            && LastError == other.LastError && LastFailureReason == other.LastFailureReason && LastHttpStatus == other.LastHttpStatus
            && LastNewItems == other.LastNewItems && ContentHash == other.ContentHash && TtlMinutes == other.TtlMinutes;
    }

    /// <summary>Every feed's state, by source id.</summary>
    internal static async Task<Dictionary<string, FeedState>> LoadAllAsync(TableClient table, CancellationToken ct)
    {
        var states = new Dictionary<string, FeedState>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (var state in table.QueryAsync<FeedState>(filter, cancellationToken: ct).ConfigureAwait(false))
        {
            states[state.RowKey] = state;
        }

        return states;
    }
}
