using System.Collections.Concurrent;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Monitor.Core.Articles;
using Monitor.Core.Storage;

namespace Monitor.Local.Hosting;

/// <summary>
/// The blob trigger's local twin. Scans the incoming container and hands every blob that has no
/// receipt to the <see cref="ArticleProcessor"/>, then writes the receipt — as the Functions runtime
/// does, keyed by blob name and ETag, so blobs written while the host was down are processed when it
/// comes back, and a blob is processed again only if it was rewritten. Listing a container of many
/// blobs costs the storage service time (Azurite's processor, on one machine): the next scan waits
/// at least <see cref="ListingShare"/> times as long as the last listing took, so that an idle
/// host's scans never take more than a tenth of its time with the store, however large the
/// container grows (in Azure, Event Grid hands the blobs over and nothing lists them).
/// </summary>
public sealed partial class IncomingWatcher(
    MonitorStorage storage,
    ArticleProcessor processor,
    IOptions<LocalHostOptions> options,
    ILogger<IncomingWatcher> log,
    ArticlesStored? stored = null) : BackgroundService
{
    private const string ReceiptPartition = StorageNames.IncomingContainer;
    private readonly ConcurrentDictionary<string, string> receipts = new(StringComparer.Ordinal);
    private readonly WakeSignal wake = new();
    private bool receiptsLoaded;
    private TimeSpan lastListing;

    /// <summary>The next scan waits at least this many times as long as the last listing took.</summary>
    public const int ListingShare = 10;

    /// <summary>How long to wait after a scan whose listing took <paramref name="listing"/>, scanning every <paramref name="interval"/> at most.</summary>
    public static TimeSpan NextScanAfter(TimeSpan interval, TimeSpan listing) =>
        listing * ListingShare > interval ? listing * ListingShare : interval;

    /// <summary>Scan now rather than at the next interval (called after a poll wrote new items).</summary>
    public void Wake() => wake.Set();

    /// <summary>Processes every incoming blob that has no receipt yet; returns how many were handled.</summary>
    public async Task<int> ScanOnceAsync(CancellationToken ct)
    {
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        if (!receiptsLoaded)
        {
            await LoadReceiptsAsync(ct).ConfigureAwait(false);
            receiptsLoaded = true;
        }

        var pending = new List<(string Name, string ETag)>();
        var (shard, shards) = Shard(options.Value.IncomingShard);
        var listingStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        await foreach (var blob in storage.Incoming.GetBlobsAsync(cancellationToken: ct).ConfigureAwait(false))
        {
            var etag = blob.Properties.ETag?.ToString() ?? "";
            if (shards > 1 && ShardOf(blob.Name, shards) != shard)
            {
                continue;
            }

            if (!receipts.TryGetValue(blob.Name, out var done) || done != etag)
            {
                pending.Add((blob.Name, etag));
            }
        }

        lastListing = System.Diagnostics.Stopwatch.GetElapsedTime(listingStarted);
        if (pending.Count == 0)
        {
            return 0;
        }

        LogPending(log, pending.Count);
        var handled = 0;
        await Parallel.ForEachAsync(
            pending,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.ProcessingConcurrency, CancellationToken = ct },
            async (blob, token) =>
            {
                try
                {
                    await processor.ProcessAsync(blob.Name, token).ConfigureAwait(false);
                }
                catch (Exception e) when (!token.IsCancellationRequested)
                {
                    // The processor recorded the failure; the next scan retries, as the runtime would.
                    LogRetryLater(log, e, blob.Name);
                    return;
                }

                await WriteReceiptAsync(blob.Name, blob.ETag, token).ConfigureAwait(false);
                Interlocked.Increment(ref handled);
                stored?.Raise();
            }).ConfigureAwait(false);
        return handled;
    }

    /// <summary>The shard "i/n" as numbers; (0, 1) when none is set.</summary>
    private static (int Shard, int Shards) Shard(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return (0, 1);
        }

        var parts = setting.Split('/');
        var shards = Math.Max(1, int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) % shards, shards);
    }

    /// <summary>The shard a blob name falls in: a stable hash of the name, the same in every process.</summary>
    internal static int ShardOf(string blobName, int shards)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(blobName));
        return (int)(BitConverter.ToUInt32(hash, 0) % (uint)shards);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ProcessingEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogScanFailed(log, e);
            }

            await wake.WaitAsync(NextScanAfter(options.Value.IncomingScanInterval, lastListing), stoppingToken).ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }

    /// <summary>What a host that just started knows: the receipts stored by the hosts before it.</summary>
    private async Task LoadReceiptsAsync(CancellationToken ct)
    {
        await foreach (var receipt in storage.Receipts.QueryAsync<TableEntity>(
            e => e.PartitionKey == ReceiptPartition, select: ["BlobName", "BlobETag"], cancellationToken: ct).ConfigureAwait(false))
        {
            receipts[receipt.GetString("BlobName")] = receipt.GetString("BlobETag") ?? "";
        }

        LogReceipts(log, receipts.Count);
    }

    private async Task WriteReceiptAsync(string blobName, string etag, CancellationToken ct)
    {
        var receipt = new TableEntity(ReceiptPartition, TableKeys.Escape(blobName))
        {
            ["BlobName"] = blobName,
            ["BlobETag"] = etag,
        };
        await storage.Receipts.UpsertEntityAsync(receipt, TableUpdateMode.Replace, ct).ConfigureAwait(false);
        receipts[blobName] = etag;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Processing {Count} incoming blob(s)")]
    private static partial void LogPending(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} receipt(s) of processed blobs")]
    private static partial void LogReceipts(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Processing {BlobName} failed; it will be retried on the next scan")]
    private static partial void LogRetryLater(ILogger logger, Exception error, string blobName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scanning the incoming container failed; retrying")]
    private static partial void LogScanFailed(ILogger logger, Exception error);
}
