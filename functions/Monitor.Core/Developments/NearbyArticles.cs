using Azure.Data.Tables;
using Monitor.Core.Articles;
using Monitor.Core.Storage;

namespace Monitor.Core.Developments;

/// <summary>
/// The rows of a topic's articles published near a new one, which matching reads: this process
/// remembers the rows it has read for each topic, and reads again only rows written since.
/// </summary>
internal sealed class NearbyArticles
{
    /// <summary>What matching reads of the articles near a new one.</summary>
    private static readonly string[] MatchColumns = ["PartitionKey", "RowKey", "Timestamp", nameof(TopicArticleEntity.DevelopmentId), nameof(TopicArticleEntity.Member)];

    /// <summary>How far before the latest timestamp seen a later read starts, for rows being written at that moment.</summary>
    private static readonly TimeSpan SyncMargin = TimeSpan.FromSeconds(30);

    /// <summary>Rows of recent articles per topic, as this process last read them (used under the topic's turn only).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, NearbyCache> caches = new(StringComparer.Ordinal);

    /// <summary>
    /// Rows of articles published within <paramref name="gap"/> (the rules' longest gap) of a batch
    /// published from <paramref name="earliest"/> to <paramref name="latest"/>, the only ones it can relate to. The process remembers the rows it has read for each
    /// topic: when the window is one it has read, only rows written since (by the server's
    /// timestamps, less a margin) are fetched, so a topic with thousands of recent articles is not
    /// read again for every new one.
    /// </summary>
    public async Task<List<TopicArticleEntity>> ReadAsync(MonitorStorage storage, string topic, DateTimeOffset earliest, DateTimeOffset latest, TimeSpan gap, CancellationToken ct)
    {
        var from = TopicArticleEntity.TicksOf(earliest - gap);
        var to = TopicArticleEntity.TicksOf(latest + gap) + "`";
        var cache = caches.GetOrAdd(topic, _ => new NearbyCache());
        var covered = cache.SyncedTo is not null && string.CompareOrdinal(cache.From, from) <= 0 && string.CompareOrdinal(to, cache.To) <= 0;
        if (!covered)
        {
            // Read ahead as well: the next articles, published a little later, then fall in what was read.
            cache.Rows.Clear();
            cache.SyncedTo = null;
            cache.From = from;
            cache.To = TopicArticleEntity.TicksOf(latest + (2 * gap)) + "`";
        }

        var filter = covered
            ? TableClient.CreateQueryFilter($"PartitionKey eq {topic} and RowKey ge {cache.From} and RowKey lt {cache.To} and Timestamp ge {cache.SyncedTo!.Value - SyncMargin}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {topic} and RowKey ge {cache.From} and RowKey lt {cache.To}");

        var synced = cache.SyncedTo ?? DateTimeOffset.MinValue;
        await foreach (var row in storage.TopicArticles.QueryAsync<TopicArticleEntity>(filter, select: MatchColumns, cancellationToken: ct).ConfigureAwait(false))
        {
            cache.Rows[row.RowKey] = row;
            if (row.Timestamp is { } stamp && stamp > synced)
            {
                synced = stamp;
            }
        }

        cache.SyncedTo = synced == DateTimeOffset.MinValue ? DateTimeOffset.UnixEpoch : synced;
        return [.. cache.Rows.Values.Where(r => string.CompareOrdinal(r.RowKey, from) >= 0 && string.CompareOrdinal(r.RowKey, to) < 0)];
    }

    /// <summary>The rows of a topic this process has read, and the window and time they are complete for.</summary>
    private sealed class NearbyCache
    {
        public Dictionary<string, TopicArticleEntity> Rows { get; } = new(StringComparer.Ordinal);

        public string From { get; set; } = "";

        public string To { get; set; } = "";

        /// <summary>The latest server timestamp among the rows read; null before the first read.</summary>
        public DateTimeOffset? SyncedTo { get; set; }
    }
}
