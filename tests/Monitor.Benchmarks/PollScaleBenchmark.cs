using System.Diagnostics;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Monitor.Core.Feeds;
using Monitor.Core.Storage;
using Monitor.Local.Azurite;

namespace Monitor.Benchmarks;

/// <summary>One cycle of every feed due at once, polled by some number of host processes.</summary>
internal sealed record PollScaleCycle(int Hosts, double Seconds, int Requests, int NotModified);

/// <summary>What polls cost in storage requests, counted in process by the product's own policy: the first poll (every item new) and an unchanged one.</summary>
internal sealed record PollCost(int Feeds, int NewItems, StorageCounts First, StorageCounts Unchanged)
{
    /// <summary>What a new item adds to its feed's poll (its incoming blob, its seen-item row…).</summary>
    public StorageCounts PerNewItems => First.Minus(Unchanged);
}

/// <summary>The poll part of the scale bench: the cost of one unchanged poll, and cycle times on 1, 2 and 4 hosts.</summary>
internal sealed record PollScaleResult(int Feeds, PollCost Cost, IReadOnlyList<PollScaleCycle> Cycles)
{
    /// <summary>The median cycle time on <paramref name="hosts"/> hosts.</summary>
    public double MedianSeconds(int hosts) => Stats.Median([.. Cycles.Where(c => c.Hosts == hosts).Select(c => c.Seconds)]);
}

/// <summary>
/// Many unchanged feeds on a loopback server, all due at once, polled through the <c>feedpolls</c>
/// queue by 1, 2 and 4 host processes (<c>Monitor.Local run</c> with processing and delivery off,
/// as Functions instances running the <c>PollFeed</c> queue trigger). The bench plays the timer
/// (<see cref="DueFeeds.SendAsync"/>, the <c>PollFeeds</c> function's work, which runs on one
/// instance); a cycle is timed from that send until the server has answered every feed, and must
/// see each feed exactly once, answered 304. Before the hosts start, one cycle is run in this
/// process and its storage requests counted by <see cref="StorageTransactions"/>.
/// </summary>
internal static class PollScaleBenchmark
{
    private const int CyclesPerHostCount = 3;

    public static async Task<PollScaleResult> RunAsync(int feedCount, int maxHosts, CancellationToken ct)
    {
        await using var azurite = await AzuriteProcess.StartAsync(new AzuritePorts(0, 0, 0), dataFolder: null, ct).ConfigureAwait(false);
        await using var server = await LoopbackFeedServer.StartAsync(feedCount, ct).ConfigureAwait(false);

        // Feeds that never come due on their own: every cycle makes them all due at once.
        var sources = Enumerable.Range(0, feedCount)
            .Select(n => BenchPipeline.Source($"bench-feed-{n:D4}", server.UrlOf(n), "en") with { PollIntervalMinutes = 1440 })
            .ToList();
        var folder = Path.Combine(Path.GetTempPath(), "monitor-bench-polls");
        Directory.CreateDirectory(folder);
        var sourcesFile = Path.Combine(folder, "sources.json");
        await File.WriteAllTextAsync(sourcesFile, JsonSerializer.Serialize(new
        {
            sources = sources.Select(s => new { id = s.Id, name = s.Name, url = s.Url.ToString(), language = s.Language, outlet = s.Outlet, pollIntervalMinutes = 1440 }),
        }), ct).ConfigureAwait(false);

        await using var pipeline = BenchPipeline.Create(azurite.ConnectionString, sources);
        var due = pipeline.Get<DueFeeds>();
        var poller = pipeline.Poller;
        var storage = pipeline.Storage;
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);

        Progress.Say($"Polls: the first poll of {feedCount} feeds, in this process…");
        var transactions = pipeline.Get<StorageTransactions>();
        transactions.Reset();
        await due.SendAsync(ct).ConfigureAwait(false);
        await DrainInProcessAsync(storage, poller, ct).ConfigureAwait(false);
        if (server.Requests < feedCount)
        {
            throw new BenchFailedException($"the first poll reached {server.Requests} of {feedCount} feeds.");
        }

        var first = new StorageCounts(transactions.Snapshot());

        // One unchanged cycle in this process, every request counted.
        await MakeAllDueAsync(storage, ct).ConfigureAwait(false);
        server.ResetCounts();
        transactions.Reset();
        await due.SendAsync(ct).ConfigureAwait(false);
        await DrainInProcessAsync(storage, poller, ct).ConfigureAwait(false);
        if (server.Requests != feedCount || server.NotModified != feedCount)
        {
            throw new BenchFailedException($"the counted cycle should poll {feedCount} feeds, all answered 304; the server saw {server.Requests} requests, {server.NotModified} answered 304.");
        }

        var cost = new PollCost(feedCount, feedCount * LoopbackFeedServer.ItemsPerFeed, first, new StorageCounts(transactions.Snapshot()));
        Progress.Say($"Polls: one unchanged cycle of {feedCount} feeds cost {cost.Unchanged.Total} storage requests ({cost.Unchanged.Writes} writes): {cost.Unchanged.Describe()}");

        var cycles = new List<PollScaleCycle>();
        for (var hosts = 1; hosts <= maxHosts; hosts *= 2)
        {
            cycles.AddRange(await CyclesOnHostsAsync(azurite.ConnectionString, sourcesFile, hosts, storage, due, server, feedCount, ct).ConfigureAwait(false));
        }

        return new PollScaleResult(feedCount, cost, cycles);
    }

    private static async Task<List<PollScaleCycle>> CyclesOnHostsAsync(string connectionString, string sourcesFile, int hosts, MonitorStorage storage, DueFeeds due, LoopbackFeedServer server, int feedCount, CancellationToken ct)
    {
        var processes = Enumerable.Range(0, hosts).Select(i => HostProcesses.Start(
            connectionString,
            Path.Combine(Path.GetDirectoryName(sourcesFile)!, $"host-{i + 1}-of-{hosts}.log"),
            [
                $"--Feeds:SourcesPath={sourcesFile}",
                "--Feeds:AllowLoopback=true",
                "--LocalHost:ProcessingEnabled=false",
                "--LocalHost:DeliveryEnabled=false",
                "--LocalHost:IncomingScanInterval=00:00:00.500",
                "--Logging:LogLevel:Monitor.Core.Feeds=Debug",

                // The hosts' own timers never fire: the bench is the timer (one instance runs it in Azure).
                "--PollSchedule=0 0 0 1 1 *",
            ])).ToList();
        var cycles = new List<PollScaleCycle>();
        try
        {
            // Every host started (its own timer runs once at start: with nothing due, it sends nothing)
            // before the feeds come due; a host's start-up run racing the bench's timer would be two timers.
            var logs = Enumerable.Range(0, hosts).Select(i => Path.Combine(Path.GetDirectoryName(sourcesFile)!, $"host-{i + 1}-of-{hosts}.log")).ToList();
            var waitUntil = Stopwatch.GetTimestamp();
            while (!logs.All(l => File.Exists(l) && ReadShared(l).Contains("Monitor is starting", StringComparison.Ordinal)))
            {
                if (Stopwatch.GetElapsedTime(waitUntil) > TimeSpan.FromMinutes(1))
                {
                    throw new BenchFailedException($"{hosts} host(s) did not start within a minute.");
                }

                await Task.Delay(200, ct).ConfigureAwait(false);
            }

            await Task.Delay(TimeSpan.FromSeconds(3), ct).ConfigureAwait(false);
            for (var cycle = 1; cycle <= CyclesPerHostCount; cycle++)
            {
                // Nothing of the last cycle left on the queue, not even a message hidden by a host
                // still polling: its poll would move a feed's due time after this cycle made it due.
                await QueueEmptyAsync(storage, hosts, ct).ConfigureAwait(false);
                await MakeAllDueAsync(storage, ct).ConfigureAwait(false);
                server.ResetCounts();
                var started = Stopwatch.GetTimestamp();
                await due.SendAsync(ct).ConfigureAwait(false);
                while (server.FeedsPolled < feedCount)
                {
                    if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(5))
                    {
                        var left = (await storage.FeedPolls.GetPropertiesAsync(ct).ConfigureAwait(false)).Value.ApproximateMessagesCount;
                        throw new BenchFailedException($"{hosts} host(s) polled {server.FeedsPolled} of {feedCount} feeds in 5 minutes ({server.Requests} requests; {left} message(s) still on the queue; the hosts' logs, each poll at Debug, are in {Path.GetDirectoryName(sourcesFile)}).");
                    }

                    if (processes.FirstOrDefault(p => p.HasExited) is { } died)
                    {
                        throw new BenchFailedException($"a host exited with code {died.ExitCode} during the poll cycle.");
                    }

                    await Task.Delay(50, ct).ConfigureAwait(false);
                }

                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

                // A feed polled twice would show as one request too many a moment later.
                await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
                if (server.NotModified != server.Requests)
                {
                    throw new BenchFailedException($"{hosts} host(s): the server should answer every request 304; it saw {server.Requests}, {server.NotModified} answered 304.");
                }

                // A feed polled twice for one due time is a failure of the fan-out: counted, shown, and the bench exits 1.
                if (server.Requests > feedCount)
                {
                    Progress.Say($"Polls on {hosts} host(s), cycle {cycle}: {server.Requests - feedCount} feed(s) polled twice for one due time");
                }

                cycles.Add(new PollScaleCycle(hosts, seconds, server.Requests, server.NotModified));
                Progress.Say($"Polls on {hosts} host(s), cycle {cycle}/{CyclesPerHostCount}: {feedCount} feeds in {seconds:0.00} s");
            }
        }
        finally
        {
            await HostProcesses.StopAsync(processes).ConfigureAwait(false);
        }

        return cycles;
    }

    private static async Task QueueEmptyAsync(MonitorStorage storage, int hosts, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        while ((await storage.FeedPolls.GetPropertiesAsync(ct).ConfigureAwait(false)).Value.ApproximateMessagesCount > 0)
        {
            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(2))
            {
                throw new BenchFailedException($"{hosts} host(s): messages of the last cycle were still on the feed-polls queue 2 minutes after it ended.");
            }

            await Task.Delay(200, ct).ConfigureAwait(false);
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Every feed due now, as after a restart or the first poll of a new source list: its row's next due time set to now.</summary>
    private static async Task MakeAllDueAsync(MonitorStorage storage, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var rows = new List<TableEntity>();
        await foreach (var row in storage.FeedStates.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {FeedState.Partition}"), select: ["PartitionKey", "RowKey"], cancellationToken: ct).ConfigureAwait(false))
        {
            rows.Add(new TableEntity(row.PartitionKey, row.RowKey) { [nameof(FeedState.NextPollAt)] = now });
        }

        foreach (var chunk in rows.Chunk(100))
        {
            await storage.FeedStates.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpdateMerge, r, ETag.All)), ct).ConfigureAwait(false);
        }
    }

    /// <summary>The <c>PollFeed</c> function's work for every message on the queue, in this process.</summary>
    private static async Task DrainInProcessAsync(MonitorStorage storage, FeedPoller poller, CancellationToken ct)
    {
        while (true)
        {
            var batch = (await storage.FeedPolls.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), ct).ConfigureAwait(false)).Value;
            if (batch.Length == 0)
            {
                return;
            }

            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (message, token) =>
            {
                await poller.PollQueuedAsync(FeedPollRequest.Parse(message.MessageText), message.DequeueCount, token).ConfigureAwait(false);
                await storage.FeedPolls.DeleteMessageAsync(message.MessageId, message.PopReceipt, token).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
    }
}
