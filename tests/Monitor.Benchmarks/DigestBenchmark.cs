using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Monitor.Core;
using Monitor.Core.Api;
using Monitor.Core.Classification;
using Monitor.Core.Developments;
using Monitor.Core.Digests;
using Monitor.Core.Storage;
using Monitor.Local.Azurite;

namespace Monitor.Benchmarks;

/// <summary>Latencies of one kind of request, in milliseconds, in the order measured.</summary>
internal sealed record Latencies(IReadOnlyList<double> Milliseconds)
{
    public double P50 => Stats.Percentile(Milliseconds, 50);

    public double P90 => Stats.Percentile(Milliseconds, 90);

    public double P99 => Stats.Percentile(Milliseconds, 99);

    public double Max => Milliseconds.Max();
}

/// <summary>One stage of the digest, timed on its own in the staged requests.</summary>
internal sealed record DigestStage(string Name, Latencies Time);

/// <summary>What the digest bench measured: the digest and its bare reads, alternating in one run, and the staged breakdown.</summary>
internal sealed record DigestBenchResult(
    string Topic,
    int Developments,
    int Articles,
    int WindowDevelopments,
    int WindowArticles,
    int Limit,
    int WarmUp,
    Latencies Digest,
    Latencies Bare,
    long ResponseBytes,
    int RowsRead,
    int PagesRead,
    long StoredJsonChars,
    TimeSpan Load,
    double AllocatedBytesPerDigest,
    int Gen2Collections,
    IReadOnlyList<DigestStage> Stages,
    double AllocatedBytesPerRequest,
    double AllocatedBytesPerRepeatedRequest)
{
    public const double TargetP99Milliseconds = 150;

    public int Requests => Digest.Milliseconds.Count;

    public double RatioP50 => Digest.P50 / Bare.P50;

    public double RatioP99 => Digest.P99 / Bare.P99;

    public int StagedRequests => Stages.Count > 0 ? Stages[0].Time.Milliseconds.Count : 0;
}

/// <summary>
/// Latency of <c>GET /api/digest?topic=detainee-transfers&amp;since=7d&amp;limit=500</c> through the
/// real services (<see cref="MonitorApi.DigestAsync"/>: parse, read the developments, assemble,
/// ETag, render) over 300 stored developments of 10,000 articles, beside the bare Table query the
/// digest cannot avoid (the same filter, every page and row, nothing deserialised), request by
/// request alternating in one run. Then a few staged requests time each step of the digest on its
/// own, to show where its time goes. Azurite (in memory) is its own: no other bench's data joins the set.
/// </summary>
internal static class DigestBenchmark
{
    /// <summary>Developments per page: the API's default unless <c>--limit</c> says otherwise.</summary>
    public static int Limit { get; set; } = Monitor.Core.Digests.DigestFilters.DefaultLimit;
    private const int WarmUp = 20;
    private const int StagedRequests = 50;
    private const int StagedWarmUp = 5;
    private const int LoadConcurrency = 8;

    private static Dictionary<string, string?> Query => new(StringComparer.OrdinalIgnoreCase)
    {
        [DigestQueryParser.TopicParameter] = DigestData.Topic,
        [DigestQueryParser.SinceParameter] = $"{DigestData.WindowDays}d",
        [DigestQueryParser.LimitParameter] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static Uri Url => new($"http://localhost/api/digest?topic={DigestData.Topic}&since={DigestData.WindowDays}d&limit={Limit}");

    public static async Task<DigestBenchResult> RunAsync(int requests, CancellationToken ct)
    {
        Progress.Say($"Digest: starting Azurite (in memory)…");
        await using var azurite = await AzuriteProcess.StartAsync(new AzuritePorts(0, 0, 0), dataFolder: null, ct).ConfigureAwait(false);
        // The digest reads no feeds; every request computes its digest (no answer is given again), as the first request after a change does.
        await using var services = BenchPipeline.Create(azurite.ConnectionString, [], new Dictionary<string, string?> { ["Digests:CacheFor"] = "00:00:00" });
        var storage = services.Storage;
        var api = services.Get<MonitorApi>();
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);

        var started = TimeProvider.System.GetTimestamp();
        var data = DigestData.Create(TimeProvider.System.GetUtcNow());
        var storedJson = await LoadAsync(storage, data, ct).ConfigureAwait(false);
        var load = TimeProvider.System.GetElapsedTime(started);
        Progress.Say($"Digest: stored {data.Developments.Count} developments of {data.Articles} articles ({storedJson / 1e6:0.0} M characters of JSON) in {load.TotalSeconds:0.0} s; {data.WindowDevelopments} developments ({data.WindowArticles} articles) in the {DigestData.WindowDays}-day window");
        await CheckAsync(services.Get<DevelopmentStore>(), data, ct).ConfigureAwait(false);

        Progress.Say($"Digest: warm-up, {WarmUp} digests and {WarmUp} bare reads…");
        var digestTimes = new List<double>(requests);
        var bareTimes = new List<double>(requests);
        long responseBytes = 0;
        var rows = 0;
        var pages = 0;
        var gen2 = 0;
        for (var i = -WarmUp; i < requests; i++)
        {
            ct.ThrowIfCancellationRequested();
            if (i == 0)
            {
                Progress.Say($"Digest: {requests} digests and {requests} bare reads, alternating…");
                gen2 = GC.CollectionCount(2);
            }

            // Alternate which goes first too, so neither always follows the other's garbage.
            double digestMs, bareMs;
            if ((i & 1) == 0)
            {
                (digestMs, responseBytes) = await DigestOnceAsync(api, Math.Min(Limit, data.WindowDevelopments), ct).ConfigureAwait(false);
                (bareMs, rows, pages) = await BareOnceAsync(storage, data.WindowDevelopments, ct).ConfigureAwait(false);
            }
            else
            {
                (bareMs, rows, pages) = await BareOnceAsync(storage, data.WindowDevelopments, ct).ConfigureAwait(false);
                (digestMs, responseBytes) = await DigestOnceAsync(api, Math.Min(Limit, data.WindowDevelopments), ct).ConfigureAwait(false);
            }

            if (i >= 0)
            {
                digestTimes.Add(digestMs);
                bareTimes.Add(bareMs);
                if ((i + 1) % 100 == 0 || i + 1 == requests)
                {
                    Progress.Say($"  {i + 1}/{requests}: digest p50 {Stats.Percentile(digestTimes, 50):0.0} ms, p99 {Stats.Percentile(digestTimes, 99):0.0} ms; bare p50 {Stats.Percentile(bareTimes, 50):0.0} ms, p99 {Stats.Percentile(bareTimes, 99):0.0} ms");
                }
            }
        }

        gen2 = GC.CollectionCount(2) - gen2;
        Progress.Say($"Digest: staged requests ({StagedRequests}), each step timed on its own…");
        var (stages, allocated) = await StagedAsync(services, azurite.ConnectionString, Math.Min(Limit, data.WindowDevelopments), ct).ConfigureAwait(false);
        foreach (var stage in stages)
        {
            Progress.Say($"  {stage.Name}: p50 {stage.Time.P50:0.00} ms, p90 {stage.Time.P90:0.00} ms, max {stage.Time.Max:0.00} ms");
        }

        Progress.Say($"Digest: bytes allocated per request through the API, computed and given again…");
        var computed = await AllocatedPerRequestAsync(api, ct).ConfigureAwait(false);
        await using var caching = BenchPipeline.Create(azurite.ConnectionString, []);
        var repeated = await AllocatedPerRequestAsync(caching.Get<MonitorApi>(), ct).ConfigureAwait(false);
        Progress.Say($"  {computed / 1e6:0.0} MB computed, {repeated / 1e3:0.0} KB given again");

        return new DigestBenchResult(
            DigestData.Topic,
            data.Developments.Count,
            data.Articles,
            data.WindowDevelopments,
            data.WindowArticles,
            Limit,
            WarmUp,
            new Latencies(digestTimes),
            new Latencies(bareTimes),
            responseBytes,
            rows,
            pages,
            storedJson,
            load,
            allocated,
            gen2,
            stages,
            computed,
            repeated);
    }

    /// <summary>Bytes allocated per <see cref="MonitorApi.DigestAsync"/> call, over 20 calls after 3 unmeasured ones, one at a time.</summary>
    private static async Task<double> AllocatedPerRequestAsync(MonitorApi api, CancellationToken ct)
    {
        const int Calls = 20;
        for (var i = 0; i < 3; i++)
        {
            await api.DigestAsync(new ApiRequest(Query, Url), ct).ConfigureAwait(false);
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Calls; i++)
        {
            var response = await api.DigestAsync(new ApiRequest(Query, Url), ct).ConfigureAwait(false);
            if (response.StatusCode != 200)
            {
                throw new BenchFailedException($"the digest answered {response.StatusCode}, not 200: {response.Body}");
            }
        }

        return (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)Calls;
    }

    /// <summary>
    /// Writes each development's row as <see cref="DevelopmentStore.AddAsync"/> would leave it
    /// (<see cref="DevelopmentRows.RowOf"/>), several at a time; returns the characters of JSON stored.
    /// The <c>topicarticles</c> rows that adding the articles one by one would also write are left
    /// out: the digest reads only <c>developments</c>, and they would change none of what it does.
    /// </summary>
    private static async Task<long> LoadAsync(MonitorStorage storage, DigestDataSet data, CancellationToken ct)
    {
        long chars = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = LoadConcurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(data.Developments, parallel, async (development, token) =>
        {
            var row = DevelopmentRows.RowOf(DigestData.Topic, development);
            Interlocked.Add(ref chars, JsonChars(row));
            await storage.Developments.UpsertEntityAsync(row, TableUpdateMode.Replace, token).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return chars;
    }

    /// <summary>The stored data must give the digest what it is meant to: the window's developments with all their articles, and all 300 in all.</summary>
    private static async Task CheckAsync(DevelopmentStore store, DigestDataSet data, CancellationToken ct)
    {
        var now = TimeProvider.System.GetUtcNow();
        var window = await store.ReadAsync(DigestData.Topic, now.AddDays(-DigestData.WindowDays), now, ct).ConfigureAwait(false);
        var windowArticles = window.Sum(d => d.Articles.Count);
        if (window.Count != data.WindowDevelopments || windowArticles != data.WindowArticles)
        {
            throw new BenchFailedException(
                $"a {DigestData.WindowDays}-day read of the stored developments should give {data.WindowDevelopments} developments of {data.WindowArticles} articles; it gave {window.Count} of {windowArticles}.");
        }

        var all = await store.ReadAsync(DigestData.Topic, now.AddDays(-DigestData.SpanDays - 1), now, ct).ConfigureAwait(false);
        var allArticles = all.Sum(d => d.Articles.Count);
        if (all.Count != data.Developments.Count || allArticles != data.Articles)
        {
            throw new BenchFailedException(
                $"reading back every stored development should give {data.Developments.Count} developments of {data.Articles} articles; it gave {all.Count} of {allArticles} (rows too large for their JSON?).");
        }
    }

    /// <summary>One digest request through <see cref="MonitorApi.DigestAsync"/>, timed; its answer is checked afterwards, untimed.</summary>
    private static async Task<(double Milliseconds, long Bytes)> DigestOnceAsync(MonitorApi api, int expected, CancellationToken ct)
    {
        var request = new ApiRequest(Query, Url, IfNoneMatch: null);
        var started = Stopwatch.GetTimestamp();
        var response = await api.DigestAsync(request, ct).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (response.StatusCode != 200)
        {
            throw new BenchFailedException($"the digest answered {response.StatusCode}, not 200: {response.Body}");
        }

        var count = DevelopmentsIn(response.Body);
        if (count != expected)
        {
            throw new BenchFailedException($"the digest should hold the {expected} developments of the window; it holds {count}.");
        }

        return (elapsed.TotalMilliseconds, Encoding.UTF8.GetByteCount(response.Body));
    }

    /// <summary>The Table query <see cref="DevelopmentStore.ReadAsync"/> makes, every page and row read, nothing deserialised; timed.</summary>
    private static async Task<(double Milliseconds, int Rows, int Pages)> BareOnceAsync(MonitorStorage storage, int expected, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var (rows, pages) = await BareReadAsync(storage.Developments, TimeProvider.System.GetUtcNow(), ct).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (rows.Count != expected)
        {
            throw new BenchFailedException($"the bare read should give the {expected} rows of the window; it gave {rows.Count}.");
        }

        return (elapsed.TotalMilliseconds, rows.Count, pages);
    }

    private static async Task<(List<TableEntity> Rows, int Pages)> BareReadAsync(TableClient developments, DateTimeOffset now, CancellationToken ct)
    {
        var since = now.AddDays(-DigestData.WindowDays);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DigestData.Topic} and Active eq true and LastUpdated ge {since.ToUniversalTime()} and FirstSeen le {now.ToUniversalTime()}");
        var rows = new List<TableEntity>();
        var pages = 0;
        await foreach (var page in developments.QueryAsync<TableEntity>(filter, select: DevelopmentRows.DigestColumns, cancellationToken: ct).AsPages().ConfigureAwait(false))
        {
            pages++;
            rows.AddRange(page.Values);
        }

        return (rows, pages);
    }

    /// <summary>
    /// The digest's steps as <see cref="MonitorApi.DigestAsync"/> and <see cref="DigestService"/> take
    /// them, each timed on its own: parse the query, read the rows (split into Azurite's answer, from
    /// request sent to body received, and the SDK's reading of it into rows), deserialise the
    /// developments, assemble, ETag (a hash of the developments' versions), render. Also the bytes
    /// allocated per request.
    /// </summary>
    private static async Task<(List<DigestStage> Stages, double AllocatedPerRequest)> StagedAsync(BenchPipeline services, string connectionString, int expected, CancellationToken ct)
    {
        var topics = services.Get<TopicCatalog>();
        var time = TimeProvider.System;
        var transport = new TransportTimer();
        var options = new TableClientOptions();
        options.AddPolicy(transport, HttpPipelinePosition.PerRetry);
        var table = new TableServiceClient(connectionString, options).GetTableClient(StorageNames.DevelopmentsTable);
        string[] names = ["parse", "storage read", "deserialise", "assemble", "ETag", "render", "total"];
        var answers = new List<double>(StagedRequests);
        var times = names.Select(_ => new List<double>(StagedRequests)).ToArray();
        long allocated = 0;
        for (var i = -StagedWarmUp; i < StagedRequests; i++)
        {
            ct.ThrowIfCancellationRequested();
            var before = GC.GetTotalAllocatedBytes(precise: false);
            var marks = new long[names.Length];
            var t0 = Stopwatch.GetTimestamp();
            var parsed = DigestQueryParser.Parse(Query, time.GetUtcNow(), [.. topics.Topics.Select(t => t.Id)]);
            var query = parsed.Query ?? throw new BenchFailedException($"the digest query did not parse: {string.Join("; ", parsed.Errors)}");
            marks[0] = Stopwatch.GetTimestamp();
            transport.Reset();
            var (rows, _) = await BareReadAsync(table, query.Until, ct).ConfigureAwait(false);
            marks[1] = Stopwatch.GetTimestamp();
            var developments = new List<Development>(rows.Count);
            foreach (var row in rows)
            {
                if (DevelopmentRows.DevelopmentOf(row) is { } development)
                {
                    developments.Add(development);
                }
            }

            marks[2] = Stopwatch.GetTimestamp();
            var profile = topics.Find(query.Topic);
            var digest = DigestAssembler.Assemble(query.Topic, profile?.Name, developments, query, time.GetUtcNow(), profile?.FactLines ?? FactLinePhrases.None);
            marks[3] = Stopwatch.GetTimestamp();
            _ = DigestETag.Of(digest, query.Format);
            marks[4] = Stopwatch.GetTimestamp();
            var rendered = DigestFormats.Render(digest, query.Format, Url);
            marks[5] = Stopwatch.GetTimestamp();
            marks[6] = marks[5];
            var after = GC.GetTotalAllocatedBytes(precise: false);
            if (digest.Developments.Count != expected || rendered.Body.Length == 0)
            {
                throw new BenchFailedException($"a staged digest should hold {expected} developments; it holds {digest.Developments.Count}.");
            }

            if (i < 0)
            {
                continue;
            }

            allocated += after - before;
            answers.Add(transport.Elapsed.TotalMilliseconds);
            var previous = t0;
            for (var s = 0; s < names.Length - 1; s++)
            {
                times[s].Add(Stopwatch.GetElapsedTime(previous, marks[s]).TotalMilliseconds);
                previous = marks[s];
            }

            times[^1].Add(Stopwatch.GetElapsedTime(t0, marks[^1]).TotalMilliseconds);
        }

        var stages = names.Select((name, s) => new DigestStage(name, new Latencies(times[s]))).ToList();
        var read = stages.FindIndex(s => s.Name == "storage read");
        var parse = times[read].Zip(answers, (all, answer) => all - answer).ToList();
        stages.InsertRange(read + 1, [new DigestStage(StorageAnswer, new Latencies(answers)), new DigestStage(SdkRead, new Latencies(parse))]);
        return (stages, allocated / (double)StagedRequests);
    }

    /// <summary>Part of the storage read: from the request sent to the body received (Azurite and loopback).</summary>
    public const string StorageAnswer = "of which Azurite's answer";

    /// <summary>Part of the storage read: the SDK reading the body into rows.</summary>
    public const string SdkRead = "of which the SDK's reading into rows";

    private static int DevelopmentsIn(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("developments", out var developments) && developments.ValueKind == JsonValueKind.Array
            ? developments.GetArrayLength()
            : -1;
    }

    private static long JsonChars(TableEntity row)
    {
        long chars = 0;
        foreach (var (key, value) in row)
        {
            if ((key.StartsWith("View", StringComparison.Ordinal) || key.StartsWith("Members", StringComparison.Ordinal)) && value is byte[] bytes)
            {
                chars += bytes.Length;
            }
        }

        return chars;
    }
}

/// <summary>Time spent below it in the pipeline: sending the request and receiving the whole body (the body policy below buffers it).</summary>
internal sealed class TransportTimer : HttpPipelinePolicy
{
    private long ticks;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref ticks));

    public void Reset() => Interlocked.Exchange(ref ticks, 0);

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var started = Stopwatch.GetTimestamp();
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        Interlocked.Add(ref ticks, Stopwatch.GetTimestamp() - started);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var started = Stopwatch.GetTimestamp();
        ProcessNext(message, pipeline);
        Interlocked.Add(ref ticks, Stopwatch.GetTimestamp() - started);
    }
}
