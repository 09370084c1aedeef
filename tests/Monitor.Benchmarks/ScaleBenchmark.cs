using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Monitor.Core;
using Monitor.Core.Articles;
using Monitor.Core.Classification;
using Monitor.Core.Developments;
using Monitor.Local.Azurite;

namespace Monitor.Benchmarks;

/// <summary>One burst processed by some number of host processes: how long, and what it left.</summary>
internal sealed record BurstRun(int Hosts, double Seconds, int Articles, int Quarantined, int Relevant, int Developments, int Members, string Fingerprint)
{
    /// <summary>Processor seconds the host processes used, all together.</summary>
    public double HostCpuSeconds { get; init; }

    /// <summary>Processor seconds the storage emulator used meanwhile.</summary>
    public double StorageCpuSeconds { get; init; }

    public double ArticlesPerSecond(int items) => items / Seconds;
}

/// <summary>The scale bench's result: the burst on one host and on several, and the bare writes beside them.</summary>
internal sealed record ScaleResult(int Items, int Events, BurstRun OneHost, BurstRun ManyHosts, double BareSetsPerSecond, int BareConcurrency)
{
    /// <summary>Processor seconds the bare writes took: the writing process's and the emulator's.</summary>
    public (double Client, double Storage) BareCpuSeconds { get; init; }

    /// <summary>The developments the offline grouping gives for every article of the burst at once.</summary>
    public string Offline { get; init; } = "";

    public bool SameDevelopments => OneHost.Fingerprint == ManyHosts.Fingerprint;
}

/// <summary>
/// A burst of incoming items (the team's dated labelled reports of 50 events and their look-alikes,
/// in both languages, copied with their dates moved three weeks back per copy, so that each copy
/// tells events of its own and none is dated in the future) processed by independent local host processes (<c>Monitor.Local run</c>, as
/// Functions instances are), each taking the blobs of its shard as Event Grid would hand them out,
/// and grouping through the shared <c>topicturns</c> queue. Timed from the hosts' start until every
/// item is stored or quarantined (as the hosts' output says) and nothing is left staged; then every item is accounted for and the
/// developments are compared with a one-host run of the same burst. Beside it, the bare storage
/// writes the same items need, at the hosts' total concurrency.
/// </summary>
internal static partial class ScaleBenchmark
{
    private const string Topic = "detainee-transfers";
    private static readonly TimeSpan CopyShift = TimeSpan.FromDays(21);

    public static async Task<ScaleResult> RunAsync(int items, int hosts, CancellationToken ct)
    {
        var burst = Burst(items, out var events);
        Progress.Say($"Scale: a burst of {burst.Count} items ({events} events), on 1 host, then on {hosts}…");
        var offline = await OfflineAsync(burst, ct).ConfigureAwait(false);
        var one = await RunBurstAsync(burst, 1, ct).ConfigureAwait(false);
        var many = await RunBurstAsync(burst, hosts, ct).ConfigureAwait(false);
        if (one.Fingerprint != many.Fingerprint || one.Fingerprint != offline)
        {
            var folder = Path.Combine(Path.GetTempPath(), "monitor-bench-scale");
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, "offline.txt"), offline, ct).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(folder, "one-host.txt"), one.Fingerprint, ct).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(folder, $"{hosts}-hosts.txt"), many.Fingerprint, ct).ConfigureAwait(false);
            Progress.Say($"Scale: the developments differ; both are written in {folder}");
        }

        var (bare, bareCpu) = await BareAsync(burst, hosts * 4, ct).ConfigureAwait(false);
        return new ScaleResult(burst.Count, events, one, many, bare, hosts * 4) { Offline = offline, BareCpuSeconds = bareCpu };
    }

    /// <summary>The burst: the labelled set copied until it holds <paramref name="count"/> items, each copy three weeks earlier.</summary>
    internal static List<IncomingItem> Burst(int count, out int events)
    {
        var folder = Path.Combine(Path.GetDirectoryName(ArticleTexts.FindRepositorySeeds()) ?? throw new BenchFailedException("the repository's test data was not found."), "developments");
        var labelled = new[] { "fit.jsonl", "held.jsonl" }
            .SelectMany(f => File.ReadLines(Path.Combine(folder, f)).Select((line, i) => BatchArticle.Parse(line, i + 1)))
            .ToList();
        var fetchedAt = TimeProvider.System.GetUtcNow();
        var burst = new List<IncomingItem>(count);
        var eventIds = new HashSet<string>(StringComparer.Ordinal);
        for (var copy = 0; burst.Count < count; copy++)
        {
            foreach (var report in labelled)
            {
                // An undated report joins by content alone: offline, with every copy of its story; in
                // the store, with the articles around its fetch time. The burst leaves them out.
                if (burst.Count == count || report.Published is null)
                {
                    continue;
                }

                var link = $"https://bench.example/{copy}/{report.Id}";
                burst.Add(new IncomingItem
                {
                    Source = report.Source ?? "bench",
                    Id = link,
                    Title = report.Title,
                    Link = link,
                    Published = report.Published?.Subtract(CopyShift * copy),
                    SummaryHtml = "<p>" + System.Net.WebUtility.HtmlEncode(report.Text ?? "").Replace("\n", "</p><p>", StringComparison.Ordinal) + "</p>",
                    FetchedAt = fetchedAt,
                    FeedLanguage = report.Language,
                    Outlet = report.Source,
                });
                if (report.Event is { } e)
                {
                    eventIds.Add($"{copy}:{e}");
                }
            }
        }

        events = eventIds.Count;
        return burst;
    }

    /// <summary>The developments of the whole burst grouped at once, as the offline digest groups them.</summary>
    private static async Task<string> OfflineAsync(IReadOnlyList<IncomingItem> burst, CancellationToken ct)
    {
        await using var azurite = await AzuriteProcess.StartAsync(new AzuritePorts(0, 0, 0), dataFolder: null, ct).ConfigureAwait(false);
        await using var pipeline = BenchPipeline.Create(azurite.ConnectionString, []);
        var members = new List<DevelopmentArticle>();
        foreach (var item in burst)
        {
            var article = pipeline.Processor.Build(item);
            var origin = new ArticleOrigin(article.Url, article.Source, article.SourceName, article.Published, article.PublishedEstimated);
            foreach (var topic in article.Topics.Where(t => t.Relevant && t.Topic == Topic))
            {
                members.Add(DevelopmentArticles.Of(article.Key, null, article.Title, article.Text, origin, article.Language, topic, article.Facts));
            }
        }

        Progress.Say($"Scale: {members.Count} relevant articles read; grouping them all at once…");
        var grouping = pipeline.Get<TopicCatalog>().Find(Topic)!.Grouping;
        var fingerprint = Fingerprint(new DevelopmentGrouper(grouping).Developments(members));
        Progress.Say($"Scale: offline grouping done");
        return fingerprint;
    }

    private static async Task<BurstRun> RunBurstAsync(IReadOnlyList<IncomingItem> burst, int hosts, CancellationToken ct)
    {
        await using var azurite = await AzuriteProcess.StartAsync(new AzuritePorts(0, 0, 0), dataFolder: null, ct).ConfigureAwait(false);
        await using var pipeline = BenchPipeline.Create(azurite.ConnectionString, []);
        var storage = pipeline.Storage;
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        await Parallel.ForEachAsync(burst, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (item, token) =>
            await storage.Incoming.GetBlobClient(item.BlobName).UploadAsync(
                BinaryData.FromObjectAsJson(item, MonitorJson.Options),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } },
                token).ConfigureAwait(false)).ConfigureAwait(false);

        Progress.Say($"Scale: {burst.Count} items written; starting {hosts} host(s)…");
        var started = Stopwatch.GetTimestamp();
        var storageCpu = azurite.ProcessorTime;
        var hostCpu = TimeSpan.Zero;
        var logs = Path.Combine(Path.GetTempPath(), "monitor-bench-scale");
        Directory.CreateDirectory(logs);
        // Each host says which blob it stored or quarantined: the bench follows the burst from their
        // output, not by counting rows in the storage the hosts are busy with.
        var done = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        void Follow(string line)
        {
            if (HandledBlob().Match(line) is { Success: true } handled)
            {
                done.TryAdd(handled.Groups["blob"].Value, true);
            }
        }

        var processes = Enumerable.Range(0, hosts).Select(i => HostProcesses.Start(
            azurite.ConnectionString,
            Path.Combine(logs, $"host-{i + 1}-of-{hosts}.log"),
            [
                "--LocalHost:PollEnabled=false",
                "--LocalHost:DeliveryEnabled=false",
                $"--LocalHost:IncomingShard={i}/{hosts}",
                "--LocalHost:IncomingScanInterval=00:00:02",
                "--Logging:LogLevel:Monitor.Core.Articles.ArticleProcessor=Information",
            ],
            lines: Follow)).ToList();
        var developmentStore = pipeline.Get<DevelopmentStore>();
        try
        {
            var deadline = started + (Stopwatch.Frequency * 1800);
            while (true)
            {
                await Task.Delay(1000, ct).ConfigureAwait(false);
                if (processes.FirstOrDefault(p => p.HasExited) is { } died)
                {
                    throw new BenchFailedException($"a host exited with code {died.ExitCode} during the burst.");
                }

                var handled = done.Count;
                var staged = handled < burst.Count ? (bool?)null : await developmentStore.AnyStagedAsync(Topic, ct).ConfigureAwait(false);
                Progress.Say($"Scale ({hosts} host(s)): {handled} of {burst.Count} processed{(staged is null ? "" : staged.Value ? ", grouping the last ones" : ", all grouped")}");
                if (staged == false)
                {
                    break;
                }

                if (Stopwatch.GetTimestamp() > deadline)
                {
                    throw new BenchFailedException("the burst was not processed within 30 minutes.");
                }
            }
        }
        finally
        {
            foreach (var process in processes.Where(p => !p.HasExited))
            {
                process.Refresh();
                hostCpu += process.TotalProcessorTime;
            }

            storageCpu = azurite.ProcessorTime - storageCpu;
            await HostProcesses.StopAsync(processes).ConfigureAwait(false);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var developments = await developmentStore.ReadAsync(Topic, DateTimeOffset.MinValue.AddYears(1), DateTimeOffset.MaxValue.AddYears(-1), ct).ConfigureAwait(false);
        var members = developments.SelectMany(d => d.Articles).Select(a => a.Id).ToList();
        return new BurstRun(
            hosts,
            seconds,
            await CountAsync(storage.Articles, null, ct).ConfigureAwait(false),
            await CountBlobsAsync(storage.Quarantine, ct).ConfigureAwait(false),
            await CountAsync(storage.TopicArticles, Topic, ct).ConfigureAwait(false),
            developments.Count,
            members.Count == members.Distinct(StringComparer.Ordinal).Count() ? members.Count : -1,
            Fingerprint(developments))
        {
            HostCpuSeconds = hostCpu.TotalSeconds,
            StorageCpuSeconds = storageCpu.TotalSeconds,
        };
    }

    /// <summary>Each development's id, articles and figures, in a stable order.</summary>
    private static string Fingerprint(IEnumerable<Development> developments) =>
        string.Join("\n", developments.OrderBy(d => d.Id, StringComparer.Ordinal).Select(d =>
            d.Id + ": " + string.Join(",", d.Articles.Select(a => a.Id).Order(StringComparer.Ordinal))
            + " [" + string.Join(",", d.Figures.Select(f => $"{f.Value} {f.What} {f.Qualifier}").Order(StringComparer.Ordinal)) + "]"));

    /// <summary>The storage requests one article needs and nothing else, for the same items on a fresh Azurite.</summary>
    private static async Task<(double SetsPerSecond, (double Client, double Storage) Cpu)> BareAsync(IReadOnlyList<IncomingItem> burst, int concurrency, CancellationToken ct)
    {
        await using var azurite = await AzuriteProcess.StartAsync(new AzuritePorts(0, 0, 0), dataFolder: null, ct).ConfigureAwait(false);
        await using var pipeline = BenchPipeline.Create(azurite.ConnectionString, []);
        var storage = pipeline.Storage;
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        var prepared = burst.Select(item => (Item: item, Article: pipeline.Processor.Build(item))).ToList();
        await Parallel.ForEachAsync(prepared, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (entry, token) =>
            await storage.Incoming.GetBlobClient(entry.Item.BlobName).UploadAsync(BinaryData.FromObjectAsJson(entry.Item, MonitorJson.Options), token).ConfigureAwait(false)).ConfigureAwait(false);
        Progress.Say($"Scale: bare writes of {burst.Count} items, {concurrency} at a time…");
        var sets = prepared.Select(p => (p.Item.BlobName, p.Article, BinaryData.FromObjectAsJson(p.Article, MonitorJson.Options))).ToList();
        var started = Stopwatch.GetTimestamp();
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var storageCpu = azurite.ProcessorTime;
        await BareWrites.RunAsync(storage, sets, "scale", concurrency, ct).ConfigureAwait(false);
        var rate = burst.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        return (rate, ((Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalSeconds, (azurite.ProcessorTime - storageCpu).TotalSeconds));
    }

    private static async Task<int> CountAsync(TableClient table, string? partition, CancellationToken ct)
    {
        var count = 0;
        var filter = partition is null ? null : TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: ct).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    private static async Task<int> CountBlobsAsync(Azure.Storage.Blobs.BlobContainerClient container, CancellationToken ct)
    {
        var count = 0;
        await foreach (var _ in container.GetBlobsAsync(cancellationToken: ct).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    /// <summary>A host's line saying it is done with a blob: stored (the processor's Information line) or quarantined.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"Stored article \S+ from (?<blob>.+?) \([a-z]+; relevant to|Quarantined (?<blob>.+?) after \d+ failure")]
    private static partial System.Text.RegularExpressions.Regex HandledBlob();
}
