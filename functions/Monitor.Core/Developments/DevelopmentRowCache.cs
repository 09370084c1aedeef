using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace Monitor.Core.Developments;

/// <summary>
/// A topic's development rows as this process last read or wrote them, trusted only while no other
/// process has written the topic since. Every pass that writes developments moves the topic's
/// version counter, in the same transaction or the last one: when the counter row's ETag is the one
/// this process last saw, the rows it holds are the stored ones, and a pass (under the topic's turn)
/// reads a development from here instead of from storage. Were a row changed without the counter
/// (a pass stopped between two transactions), a write built on it fails on its ETag and the pass,
/// folding again, reads from storage.
/// </summary>
internal sealed class DevelopmentRowCache
{
    /// <summary>Most rows kept per topic; past that, the topic's rows are dropped and read again as needed.</summary>
    internal const int MaxRows = 4096;

    private readonly ConcurrentDictionary<string, TopicRows> topics = new(StringComparer.Ordinal);

    /// <summary>
    /// Called at the start of a pass with the ETag of the topic's counter row as just read (null
    /// when there is none yet): drops the topic's rows unless this process saw that same counter.
    /// </summary>
    public void Check(string topic, ETag? counter)
    {
        var rows = topics.GetOrAdd(topic, _ => new TopicRows());
        if (counter is null || rows.Counter != counter)
        {
            rows.ById.Clear();
            rows.Counter = counter;
        }
    }

    /// <summary>The row of development <paramref name="id"/> (null: there is none) when this process knows it.</summary>
    public bool TryGet(string topic, string id, out TableEntity? row)
    {
        row = null;
        return topics.TryGetValue(topic, out var rows) && rows.ById.TryGetValue(id, out row);
    }

    /// <summary>Keeps a row as read from storage (null: there is no row with that id).</summary>
    public void Remember(string topic, string id, TableEntity? row)
    {
        var rows = topics.GetOrAdd(topic, _ => new TopicRows());
        if (rows.ById.Count >= MaxRows)
        {
            rows.ById.Clear();
        }

        rows.ById[id] = row;
    }

    /// <summary>
    /// Keeps the rows a pass wrote, each with the ETag storage gave it, and the counter's new ETag;
    /// forgets the topic when storage did not give one of them.
    /// </summary>
    public void Written(string topic, IReadOnlyList<(TableEntity Row, ETag? ETag)> written, ETag? counter)
    {
        if (counter is null || written.Any(w => w.ETag is null))
        {
            Forget(topic);
            return;
        }

        var rows = topics.GetOrAdd(topic, _ => new TopicRows());
        foreach (var (row, etag) in written)
        {
            row.ETag = etag!.Value;
            Remember(topic, row.RowKey, row);
        }

        rows.Counter = counter;
    }

    /// <summary>Drops what is known of a topic (a pass failed: what it wrote is not known).</summary>
    public void Forget(string topic) => topics.TryRemove(topic, out _);

    private sealed class TopicRows
    {
        /// <summary>Rows by development id (the counter row apart); null for an id with no row.</summary>
        public ConcurrentDictionary<string, TableEntity?> ById { get; } = new(StringComparer.Ordinal);

        /// <summary>The ETag of the counter row the rows go with.</summary>
        public ETag? Counter { get; set; }
    }
}
