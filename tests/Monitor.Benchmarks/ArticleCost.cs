using Azure.Storage.Blobs.Models;
using Monitor.Core;
using Monitor.Core.Articles;
using Monitor.Core.Developments;
using Monitor.Core.Storage;
using Monitor.Local.Azurite;

namespace Monitor.Benchmarks;

/// <summary>What stored articles cost in storage requests, from their incoming blob to their development, counted in process.</summary>
internal sealed record ArticleCost(int Articles, int Relevant, StorageCounts Counts, double BusySeconds);

/// <summary>
/// The storage requests of a stream of articles as the Functions app makes them: the blob trigger's
/// work (<see cref="ArticleProcessor.ProcessAsync"/>) for each incoming blob, and the
/// <c>GroupDevelopments</c> queue trigger's work for each message on <c>topicturns</c>, counted by
/// the product's own <see cref="StorageTransactions"/> policy. The incoming blobs are written
/// before counting starts (the poll's cost, counted with the polls).
/// </summary>
internal static class ArticleCostBenchmark
{
    public static async Task<ArticleCost> RunAsync(IReadOnlyList<IncomingItem> items, CancellationToken ct)
    {
        await using var azurite = await AzuriteProcess.StartAsync(new AzuritePorts(0, 0, 0), dataFolder: null, ct).ConfigureAwait(false);
        await using var pipeline = BenchPipeline.Create(azurite.ConnectionString, []);
        var storage = pipeline.Storage;
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);

        // The bench's own looks go through clients of their own, not counted.
        var observer = new MonitorStorage(
            new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString),
            new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString),
            new Azure.Storage.Queues.QueueServiceClient(azurite.ConnectionString, MonitorStorage.QueueOptions()));
        foreach (var item in items)
        {
            await observer.Incoming.GetBlobClient(item.BlobName).UploadAsync(
                BinaryData.FromObjectAsJson(item, MonitorJson.Options),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } },
                ct).ConfigureAwait(false);
        }

        Progress.Say($"Costs: {items.Count} articles processed and grouped one at a time in this process, every storage request counted…");
        var transactions = pipeline.Get<StorageTransactions>();
        transactions.Reset();

        // A trickle, as on an ordinary day: each article stored, then its grouping turn, whose
        // message becomes visible a moment later (the costliest way: nothing shared between articles).
        var developments = pipeline.Get<DevelopmentStore>();
        var busy = TimeSpan.Zero;
        foreach (var item in items)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await pipeline.Processor.ProcessAsync(item.BlobName, ct).ConfigureAwait(false);
            busy += System.Diagnostics.Stopwatch.GetElapsedTime(started);
            var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
            while (await AnyStagedAsync(observer, ct).ConfigureAwait(false))
            {
                if (DateTimeOffset.UtcNow > deadline)
                {
                    throw new BenchFailedException($"{item.BlobName} was still staged for grouping 30 s after it was stored.");
                }

                await Task.Delay(TurnMessages.Gather, ct).ConfigureAwait(false);
                var turn = System.Diagnostics.Stopwatch.GetTimestamp();
                await TurnsAsync(storage, developments, ct).ConfigureAwait(false);
                busy += System.Diagnostics.Stopwatch.GetElapsedTime(turn);
            }
        }

        var counts = transactions.Snapshot();
        var relevant = 0;
        await foreach (var _ in observer.TopicArticles.QueryAsync<Azure.Data.Tables.TableEntity>(select: ["RowKey"], cancellationToken: ct).ConfigureAwait(false))
        {
            relevant++;
        }

        return new ArticleCost(items.Count, relevant, new StorageCounts(counts), busy.TotalSeconds);
    }

    /// <summary>The queue trigger's work for the visible messages: one grouping turn per message, then the message deleted.</summary>
    private static async Task TurnsAsync(MonitorStorage storage, DevelopmentStore developments, CancellationToken ct)
    {
        var messages = (await storage.TopicTurns.ReceiveMessagesAsync(16, TimeSpan.FromMinutes(1), ct).ConfigureAwait(false)).Value;
        foreach (var message in messages)
        {
            await developments.GroupStagedAsync(message.MessageText.Trim(), ct).ConfigureAwait(false);
            await storage.TopicTurns.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct).ConfigureAwait(false);
        }
    }

    private static async Task<bool> AnyStagedAsync(MonitorStorage storage, CancellationToken ct)
    {
        await foreach (var _ in storage.NewArticles.QueryAsync<Azure.Data.Tables.TableEntity>(maxPerPage: 1, select: ["RowKey"], cancellationToken: ct).ConfigureAwait(false))
        {
            return true;
        }

        return false;
    }
}
