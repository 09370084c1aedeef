using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Monitor.Core;
using Monitor.Core.Articles;
using Monitor.Core.Developments;

namespace Monitor.Benchmarks;

/// <summary>Rates of timed rounds, processing and bare writes alternating, with their medians.</summary>
internal sealed record ProcessingResult(int Items, int Concurrency, IReadOnlyList<double> ArticlesPerSecond, IReadOnlyList<double> SetsPerSecond)
{
    public double MedianArticlesPerSecond => Stats.Median(ArticlesPerSecond);

    public double MedianSetsPerSecond => Stats.Median(SetsPerSecond);

    /// <summary>Processing rate over bare-write rate: the share of storage-bound speed the pipeline keeps.</summary>
    public double Ratio => MedianArticlesPerSecond / MedianSetsPerSecond;

    /// <summary>The same ratio within each pair of back-to-back rounds.</summary>
    public IReadOnlyList<double> PairRatios => [.. ArticlesPerSecond.Zip(SetsPerSecond, (a, s) => a / s)];
}

/// <summary>
/// Processing throughput against the storage work it cannot avoid. Each round writes fresh incoming
/// items (untimed), processes them all with <see cref="ArticleProcessor.ProcessAsync"/> while one
/// grouping worker folds them into developments (timed until the last is folded), then does
/// for the same items only the storage requests one article needs: download the incoming blob,
/// upload a blob the size of the article record, upsert one <c>articles</c> row and one
/// <c>topicarticles</c> row (under keys of their own). Same Azurite, same concurrency.
/// </summary>
internal sealed class ProcessingBenchmark(BenchPipeline pipeline, ArticleTexts texts)
{
    public const int Concurrency = 4;
    public const string ArabicSource = "bench-ar";
    public const string EnglishSource = "bench-en";
    /// <summary>Enough for tiered JIT (and Azurite's own) to settle before the first timed round.</summary>
    private const int WarmUpItems = 150;
    private const int Rounds = 3;
    private const string JsonContentType = "application/json; charset=utf-8";

    private static readonly DateTimeOffset FirstPublished = new(2026, 2, 1, 8, 0, 0, TimeSpan.Zero);

    public async Task<ProcessingResult> RunAsync(int items, CancellationToken ct)
    {
        await pipeline.Storage.EnsureCreatedAsync(ct).ConfigureAwait(false);

        Progress.Say($"Processing: warm-up with {WarmUpItems} items…");
        var warmUp = await WriteBatchAsync("warmup", WarmUpItems, ct).ConfigureAwait(false);
        await ProcessAllAsync(warmUp, ct).ConfigureAwait(false);
        await WriteBareAsync(warmUp, ct).ConfigureAwait(false);

        var processing = new List<double>();
        var bare = new List<double>();
        for (var round = 1; round <= Rounds; round++)
        {
            var batch = await WriteBatchAsync($"round{round}", items, ct).ConfigureAwait(false);

            var elapsed = await TimeAsync(() => ProcessAllAsync(batch, ct)).ConfigureAwait(false);
            processing.Add(items / elapsed.TotalSeconds);
            Progress.Say($"Processing round {round}/{Rounds}: {items} articles in {elapsed.TotalSeconds:0.00} s ({processing[^1]:0.0}/s)");

            elapsed = await TimeAsync(() => WriteBareAsync(batch, ct)).ConfigureAwait(false);
            bare.Add(items / elapsed.TotalSeconds);
            Progress.Say($"Bare writes round {round}/{Rounds}: {items} sets in {elapsed.TotalSeconds:0.00} s ({bare[^1]:0.0}/s)");
        }

        return new ProcessingResult(items, Concurrency, processing, bare);
    }

    /// <summary>Writes <paramref name="count"/> distinct incoming items and prepares their bare writes (untimed).</summary>
    private async Task<IReadOnlyList<BatchItem>> WriteBatchAsync(string round, int count, CancellationToken ct)
    {
        var fetchedAt = TimeProvider.System.GetUtcNow();
        var batch = Enumerable.Range(0, count).Select(i => Prepare(round, i, fetchedAt)).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct };
        await Parallel.ForEachAsync(batch, parallel, async (entry, token) =>
        {
            var blob = pipeline.Storage.Incoming.GetBlobClient(entry.Item.BlobName);
            await blob.UploadAsync(BinaryData.FromObjectAsJson(entry.Item, MonitorJson.Options), Json, token).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return batch;
    }

    private BatchItem Prepare(string round, int index, DateTimeOffset fetchedAt)
    {
        var text = texts.Texts[index % texts.Texts.Count];
        var link = $"https://bench.example/{round}/{index}";
        var item = new IncomingItem
        {
            Source = text.Language == "ar" ? ArabicSource : EnglishSource,
            Id = link,
            Title = text.Title,
            Link = link,
            Published = FirstPublished.AddMinutes(index),
            SummaryHtml = text.Html,
            FetchedAt = fetchedAt,
            FeedLanguage = text.Language,
            Outlet = "Bench outlet",
        };

        // The record processing will store, to give the bare upload the same size.
        var article = pipeline.Processor.Build(item);
        return new BatchItem(item, article, BinaryData.FromObjectAsJson(article, MonitorJson.Options), round);
    }

    /// <summary>
    /// Processes every item, 4 at a time, while grouping turns fold what is staged, as the queue
    /// trigger does: timed until the last article is in its development (nothing left staged).
    /// </summary>
    private async Task ProcessAllAsync(IReadOnlyList<BatchItem> batch, CancellationToken ct)
    {
        var store = pipeline.Get<DevelopmentStore>();
        var processed = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = ct };
        var processing = Parallel.ForEachAsync(batch, parallel, async (entry, token) =>
        {
            var outcome = await pipeline.Processor.ProcessAsync(entry.Item.BlobName, token).ConfigureAwait(false);
            if (outcome != ProcessOutcome.Stored)
            {
                throw new BenchFailedException($"processing {entry.Item.BlobName} gave {outcome}, not Stored; the processing figures would be meaningless.");
            }

            Interlocked.Increment(ref processed);
        });
        var grouping = Task.Run(async () =>
        {
            while (true)
            {
                var folded = await store.GroupStagedAsync(Topic, ct).ConfigureAwait(false) ?? 0;
                if (folded == 0)
                {
                    if (Volatile.Read(ref processed) == batch.Count && !await store.AnyStagedAsync(Topic, ct).ConfigureAwait(false))
                    {
                        return;
                    }

                    await Task.Delay(10, ct).ConfigureAwait(false);
                }
            }
        }, ct);
        await processing.ConfigureAwait(false);
        await grouping.ConfigureAwait(false);
        await pipeline.Storage.TopicTurns.ClearMessagesAsync(ct).ConfigureAwait(false);
    }

    private const string Topic = "detainee-transfers";

    private Task WriteBareAsync(IReadOnlyList<BatchItem> batch, CancellationToken ct) =>
        BareWrites.RunAsync(pipeline.Storage, [.. batch.Select(b => (b.Item.BlobName, b.Article, b.ArticleJson))], batch[0].Round, Concurrency, ct);

    private static BlobUploadOptions Json => new() { HttpHeaders = new BlobHttpHeaders { ContentType = JsonContentType } };

    private static async Task<TimeSpan> TimeAsync(Func<Task> work)
    {
        var started = TimeProvider.System.GetTimestamp();
        await work().ConfigureAwait(false);
        return TimeProvider.System.GetElapsedTime(started);
    }

    private sealed record BatchItem(IncomingItem Item, Article Article, BinaryData ArticleJson, string Round);
}
