using Azure;
using Azure.Storage.Blobs.Specialized;
using Monitor.Core.Storage;

namespace Monitor.Core.Developments;

/// <summary>
/// A blob lease that lets one process at a time change a topic's developments. Waits for the lease
/// with jitter; a holder that dies frees it when the lease expires.
/// </summary>
internal sealed class TopicLease : IAsyncDisposable
{
    /// <summary>Lease blobs this process has made sure exist.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Created = new(StringComparer.Ordinal);

    private readonly BlobLeaseClient client;
    private readonly CancellationTokenSource renewal = new();
    private readonly Task renewing;

    private TopicLease(BlobLeaseClient client, TimeSpan duration)
    {
        this.client = client;
        renewing = RenewWhileHeldAsync(duration / 3, renewal.Token);
    }

    /// <summary>Keeps the lease while it is held, every third of its duration, so that a long turn never outlives it.</summary>
    private async Task RenewWhileHeldAsync(TimeSpan every, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(every, ct).ConfigureAwait(false);
                await client.RenewAsync(cancellationToken: ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Released.
        }
        catch (RequestFailedException)
        {
            // Lost: the writes that follow meet their ETags, or the next turn repairs.
        }
    }

    public static async Task<TopicLease> AcquireAsync(MonitorStorage storage, string topic, TimeSpan duration, TimeSpan wait, TimeProvider time, CancellationToken ct)
    {
        var blob = storage.Leases.GetBlobClient("developments/" + TableKeys.Escape(topic));
        if (!Created.ContainsKey(blob.Uri.AbsoluteUri))
        {
            await CreateAsync(blob, ct).ConfigureAwait(false);
        }

        var client = blob.GetBlobLeaseClient();
        var deadline = time.GetUtcNow() + wait;
        var delay = TimeSpan.FromMilliseconds(20);
        var recreated = false;
        while (true)
        {
            try
            {
                await client.AcquireAsync(duration, cancellationToken: ct).ConfigureAwait(false);
                return new TopicLease(client, duration);
            }
            catch (RequestFailedException e) when (e.Status == 404 && !recreated)
            {
                // Gone since this process created it (the storage was emptied or restarted, or is
                // another one at the same address): create it again, once.
                recreated = true;
                await CreateAsync(blob, ct).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status == 409 && time.GetUtcNow() < deadline)
            {
                await Task.Delay(delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 30)), time, ct).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(500, delay.TotalMilliseconds * 2));
            }
        }
    }

    /// <summary>Creates the empty blob the lease is taken on, unless it exists (and may be leased).</summary>
    private static async Task CreateAsync(Azure.Storage.Blobs.BlobClient blob, CancellationToken ct)
    {
        try
        {
            await blob.UploadAsync(BinaryData.Empty, overwrite: false, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // It exists (and may be leased): fine.
        }

        Created.TryAdd(blob.Uri.AbsoluteUri, true);
    }

    public async ValueTask DisposeAsync()
    {
        await renewal.CancelAsync().ConfigureAwait(false);
        await renewing.ConfigureAwait(false);
        renewal.Dispose();
        try
        {
            await client.ReleaseAsync().ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Lost or expired: nothing to release.
        }
    }
}
