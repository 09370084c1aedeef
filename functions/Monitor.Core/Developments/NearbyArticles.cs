using Azure.Data.Tables;
using Monitor.Core.Articles;
using Monitor.Core.Storage;

namespace Monitor.Core.Developments;

/// <summary>
/// The rows of a topic's articles published near new ones, which matching reads: this process
/// remembers the windows of time it has read for each topic (a few, the latest used kept), and
/// reads again only the rows written since in a window it knows.
/// </summary>
internal sealed class NearbyArticles
{
    /// <summary>What matching reads of the articles near a new one.</summary>
    private static readonly string[] MatchColumns = ["PartitionKey", "RowKey", "Timestamp", nameof(TopicArticleEntity.DevelopmentId), nameof(TopicArticleEntity.Member)];

    /// <summary>How far before the latest timestamp seen a later read starts, for rows being written at that moment.</summary>
    private static readonly TimeSpan SyncMargin = TimeSpan.FromSeconds(30);

    /// <summary>Most windows remembered per topic: a backfill's batch covers a few stretches of time, a live topic one.</summary>
    internal const int WindowsKept = 16;

    /// <summary>Windows of recent articles per topic, as this process last read them, latest used last (used under the topic's turn only).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, List<Window>> caches = new(StringComparer.Ordinal);

    /// <summary>
    /// Rows of articles published within <paramref name="gap"/> (the rules' longest gap) of a stretch
    /// of new articles published from <paramref name="earliest"/> to <paramref name="latest"/>, the
    /// only ones they can relate to. When a window this process has read holds that range, only rows
    /// written since (by the server's timestamps, less a margin) are fetched, so a topic with
    /// thousands of recent articles is not read again for every new one.
    /// </summary>
    public async Task<List<TopicArticleEntity>> ReadAsync(MonitorStorage storage, string topic, DateTimeOffset earliest, DateTimeOffset latest, TimeSpan gap, CancellationToken ct)
    {
        var from = TopicArticleEntity.TicksOf(earliest - gap);
        var to = TopicArticleEntity.TicksOf(latest + gap) + "`";
        var windows = caches.GetOrAdd(topic, _ => []);
        var window = windows.FindLast(w => string.CompareOrdinal(w.From, from) <= 0 && string.CompareOrdinal(to, w.To) <= 0);
        if (window is null)
        {
            // Read ahead as well: the next articles, published a little later, then fall in what was read.
            window = new Window(from, TopicArticleEntity.TicksOf(latest + (2 * gap)) + "`");
            windows.RemoveAll(w => string.CompareOrdinal(w.From, window.To) < 0 && string.CompareOrdinal(window.From, w.To) < 0);
            if (windows.Count == WindowsKept)
            {
                windows.RemoveAt(0);
            }
        }
        else
        {
            windows.Remove(window);
        }

        windows.Add(window);
        var filter = window.SyncedTo is { } syncedTo
            ? TableClient.CreateQueryFilter($"PartitionKey eq {topic} and RowKey ge {window.From} and RowKey lt {window.To} and Timestamp ge {syncedTo - SyncMargin}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {topic} and RowKey ge {window.From} and RowKey lt {window.To}");

        var synced = window.SyncedTo ?? DateTimeOffset.MinValue;
        await foreach (var row in storage.TopicArticles.QueryAsync<TopicArticleEntity>(filter, select: MatchColumns, cancellationToken: ct).ConfigureAwait(false))
        {
            window.Rows[row.RowKey] = row;
            if (row.Timestamp is { } stamp && stamp > synced)
            {
                synced = stamp;
            }
        }

        window.SyncedTo = synced == DateTimeOffset.MinValue ? DateTimeOffset.UnixEpoch : synced;
        return [.. window.Rows.Values.Where(r => string.CompareOrdinal(r.RowKey, from) >= 0 && string.CompareOrdinal(r.RowKey, to) < 0)];
    }

    /// <summary>The rows of a topic from one publication time to another, as this process read them, and the time they are complete for.</summary>
    private sealed class Window(string from, string to)
    {
        public Dictionary<string, TopicArticleEntity> Rows { get; } = new(StringComparer.Ordinal);

        public string From { get; } = from;

        public string To { get; } = to;

        /// <summary>The latest server timestamp among the rows read; null before the first read.</summary>
        public DateTimeOffset? SyncedTo { get; set; }
    }
}
