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

    /// <summary>
    /// The write that moves the topic's version counter up to <paramref name="version"/>, guarded by
    /// the ETag of the row read (<paramref name="sequence"/>; added when there was none); null when
    /// the counter is there already (it never moves down). Written last, in the transaction of the
    /// developments it makes visible when they fit in one.
    /// </summary>
    internal static TableTransactionAction? Advance(string topic, TableEntity? sequence, long version)
    {
        var row = new TableEntity(topic, SequenceRowKey) { [DevelopmentRows.SequenceColumn] = version };
        if (sequence is null)
        {
            return new TableTransactionAction(TableTransactionActionType.Add, row);
        }

        return (sequence.GetInt64(DevelopmentRows.SequenceColumn) ?? 0) >= version
            ? null
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, sequence.ETag);
    }
}
