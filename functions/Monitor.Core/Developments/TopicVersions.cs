using Azure.Data.Tables;
using Monitor.Core.Storage;

namespace Monitor.Core.Developments;

/// <summary>
/// The counter of a topic's versions: a row of the topic's partition of <c>developments</c> holding
/// the latest version written. A write of developments gives those it changes the next version and
/// moves the counter up to it last, so that readers see a version only once it is written.
/// </summary>
public static class TopicVersions
{
    /// <summary>The row of each topic's partition that counts the versions of its developments.</summary>
    public const string SequenceRowKey = "~version";

    /// <summary>The topic's counter row; null before its first version.</summary>
    internal static Task<TableEntity?> RowAsync(MonitorStorage storage, string topic, CancellationToken ct) =>
        MonitorStorage.GetOrNullAsync<TableEntity>(storage.Developments, topic, SequenceRowKey, ct);

    /// <summary>The counter's value; 0 without its row.</summary>
    internal static long ValueOf(TableEntity? sequence) => sequence?.GetInt64(DevelopmentRows.SequenceColumn) ?? 0;

    /// <summary>Moves the topic's version counter up to <paramref name="version"/> (never down), guarded by its ETag.</summary>
    internal static async Task AdvanceAsync(MonitorStorage storage, string topic, TableEntity? sequence, long version, CancellationToken ct)
    {
        if (sequence is null)
        {
            await storage.Developments.AddEntityAsync(new TableEntity(topic, SequenceRowKey) { [DevelopmentRows.SequenceColumn] = version }, ct).ConfigureAwait(false);
            return;
        }

        if ((sequence.GetInt64(DevelopmentRows.SequenceColumn) ?? 0) >= version)
        {
            return;
        }

        await storage.Developments.UpdateEntityAsync(new TableEntity(topic, SequenceRowKey) { [DevelopmentRows.SequenceColumn] = version }, sequence.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }
}
