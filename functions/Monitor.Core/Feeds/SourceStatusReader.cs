using Monitor.Core.Storage;

namespace Monitor.Core.Feeds;

/// <summary>Reads every configured feed's polling status, for the API.</summary>
public sealed class SourceStatusReader(SourceCatalog catalog, MonitorStorage storage)
{
    /// <summary>One status per source, in the sources file's order.</summary>
    public async Task<IReadOnlyList<SourceStatus>> ReadAsync(CancellationToken ct)
    {
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        var states = await FeedState.LoadAllAsync(storage.FeedStates, ct).ConfigureAwait(false);
        return catalog.Sources.Select(s => SourceStatus.Of(s, states.GetValueOrDefault(s.Id))).ToList();
    }
}
