using Azure.Data.Tables;
using Monitor.Core.Storage;

namespace Monitor.Core.Developments;

/// <summary>The reads of a topic's developments: for a digest, for a subscriber's changes, and following merged ids.</summary>
public sealed partial class DevelopmentStore
{
    /// <summary>The topic's developments updated in [<paramref name="since"/>, <paramref name="until"/>] (and begun by its end).</summary>
    public async Task<List<Development>> ReadAsync(string topic, DateTimeOffset since, DateTimeOffset until, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        return await ReadViewsAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {topic} and Active eq true and LastUpdated ge {since.ToUniversalTime()} and FirstSeen le {until.ToUniversalTime()}"),
            ct).ConfigureAwait(false);
    }

    /// <summary>The developments, as the digest shows them, of the rows a filter selects (their view columns only).</summary>
    private async Task<List<Development>> ReadViewsAsync(string filter, CancellationToken ct)
    {
        var developments = new List<Development>();
        await foreach (var row in storage.Developments.QueryAsync<TableEntity>(filter, select: DevelopmentRows.DigestColumns, cancellationToken: ct).ConfigureAwait(false))
        {
            if (DevelopmentRows.DevelopmentOf(row) is { } development)
            {
                developments.Add(development);
            }
        }

        return developments;
    }

    /// <summary>
    /// The topic's developments written after version <paramref name="afterVersion"/>, up to the
    /// topic's current version, which is returned: what a subscriber whose cursor is
    /// <paramref name="afterVersion"/> has not had yet. Nothing written later is skipped: a
    /// version becomes visible only once the counter reaches it.
    /// </summary>
    public async Task<(List<Development> Developments, long UpToVersion)> ReadChangedAsync(string topic, long afterVersion, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        var upTo = await CurrentVersionAsync(topic, ct).ConfigureAwait(false);
        if (upTo <= afterVersion)
        {
            return ([], upTo);
        }

        var developments = await ReadViewsAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {topic} and Active eq true and Seq gt {afterVersion} and Seq le {upTo}"),
            ct).ConfigureAwait(false);
        return (developments, upTo);
    }

    /// <summary>The topic's current version: every development written so far has a version at or below it.</summary>
    public async Task<long> CurrentVersionAsync(string topic, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        return TopicVersions.ValueOf(await TopicVersions.RowAsync(storage, topic, ct).ConfigureAwait(false));
    }

    /// <summary>
    /// The development row with this id, or the one it was merged into; null when there is none.
    /// Under the topic's turn: rows this process read or wrote are taken from <see cref="developmentRows"/> while still current.
    /// </summary>
    private async Task<TableEntity?> ActiveRowAsync(string topic, string id, CancellationToken ct)
    {
        for (var hops = 0; hops < 20; hops++)
        {
            if (!developmentRows.TryGet(topic, id, out var row))
            {
                row = await MonitorStorage.GetOrNullAsync<TableEntity>(storage.Developments, topic, id, ct).ConfigureAwait(false);
                developmentRows.Remember(topic, id, row);
            }

            if (row is null)
            {
                return null;
            }

            if (row.GetBoolean("Active") == true)
            {
                return row;
            }

            if (row.GetString("MergedInto") is not { Length: > 0 } next)
            {
                return null;
            }

            id = next;
        }

        return null;
    }
}
