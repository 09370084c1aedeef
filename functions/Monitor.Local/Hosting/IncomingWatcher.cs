using System.Collections.Concurrent;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Monitor.Core;
using Monitor.Core.Articles;
using Monitor.Core.Storage;

namespace Monitor.Local.Hosting;

/// <summary>
/// The blob trigger's local twin. Scans the incoming container and hands every blob that has no
/// receipt to the <see cref="ArticleProcessor"/>, as the Functions runtime does, keyed by blob name
/// and ETag, so blobs written while the host was down are processed when it comes back, and a blob
/// is processed again only if it was rewritten. The receipt is the article's own row, which the
/// processor writes last, naming the blob's ETag (<see cref="ArticleEntity.IncomingETag"/>): no
/// write of its own per blob. Listing a container of many
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
    private readonly ConcurrentDictionary<string, string> receipts = new(StringComparer.Ordinal);
    private readonly WakeSignal wake = new();
    private readonly FailureStreak scans = new(log, "Scanning incoming/ for new items");
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
            var etag = blob.Properties.ETag is { } tag ? ArticleEntity.ETagText(tag) : "";
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
                    // The processor recorded and logged the failure; the next scan retries, as the runtime would.
                    LogRetryLater(log, blob.Name, FailureText.Of(e));
                    return;
                }

                receipts[blob.Name] = blob.ETag;
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
                scans.Succeeded();
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                scans.Failed(e);
            }

            await wake.WaitAsync(NextScanAfter(options.Value.IncomingScanInterval, lastListing), stoppingToken).ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }

    /// <summary>What a host that just started knows: the blobs the hosts before it processed to the end (their articles' rows).</summary>
    private async Task LoadReceiptsAsync(CancellationToken ct)
    {
        await foreach (var row in storage.Articles.QueryAsync<TableEntity>(
            filter: (string?)null, select: ["PartitionKey", "RowKey", nameof(ArticleEntity.IncomingETag)], cancellationToken: ct).ConfigureAwait(false))
        {
            if (row.GetString(nameof(ArticleEntity.IncomingETag)) is { Length: > 0 } etag)
            {
                // The incoming blob has the name its article's blob has: source/key.json.
                receipts[Article.BlobNameFor(row.PartitionKey, row.RowKey)] = etag;
            }
        }

        LogReceipts(log, receipts.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Processing {Count} incoming blob(s)")]
    private static partial void LogPending(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} receipt(s) of processed blobs")]
    private static partial void LogReceipts(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Processing {BlobName} failed; it will be retried on the next scan: {Error}")]
    private static partial void LogRetryLater(ILogger logger, string blobName, string error);
}
