using Monitor.Core.Feeds;

namespace Monitor.Benchmarks;

/// <summary>One timed poll cycle: its wall time and what the server saw.</summary>
internal sealed record PollCycle(TimeSpan Elapsed, int Requests, int NotModified);

/// <summary>The cold poll and the timed cycles over unchanged feeds.</summary>
internal sealed record PollResult(int Feeds, int MaxConcurrency, TimeSpan Cold, IReadOnlyList<PollCycle> Cycles)
{
    public TimeSpan Median => TimeSpan.FromSeconds(Stats.Median([.. Cycles.Select(c => c.Elapsed.TotalSeconds)]));

    public TimeSpan Max => Cycles.Max(c => c.Elapsed);
}

/// <summary>
/// One poll cycle of many unchanged feeds: a loopback server serves the feeds, a cold poll stores
/// their items and validators, then every timed <see cref="FeedPoller.PollAsync"/> gets only 304s.
/// </summary>
internal static class PollBenchmark
{
    private const int Cycles = 5;

    public static async Task<PollResult> RunAsync(string connectionString, int feedCount, CancellationToken ct)
    {
        Progress.Say($"Polling: starting a loopback server with {feedCount} feeds…");
        await using var server = await LoopbackFeedServer.StartAsync(feedCount, ct).ConfigureAwait(false);
        var sources = Enumerable.Range(0, feedCount)
            .Select(n => BenchPipeline.Source($"bench-feed-{n:D4}", server.UrlOf(n), "en"))
            .ToList();
        await using var pipeline = BenchPipeline.Create(connectionString, sources);
        var maxConcurrency = pipeline.FeedOptions.MaxConcurrency;

        var started = TimeProvider.System.GetTimestamp();
        var cold = await pipeline.Poller.PollAsync(sources, ct).ConfigureAwait(false);
        var coldElapsed = TimeProvider.System.GetElapsedTime(started);
        var expectedItems = feedCount * LoopbackFeedServer.ItemsPerFeed;
        if (cold.Updated != feedCount || cold.NewItems != expectedItems)
        {
            throw new BenchFailedException(
                $"the cold poll should update {feedCount} feeds with {expectedItems} new items; it updated {cold.Updated} ({cold.NewItems} new items, {cold.Failed} failed{FirstError(cold)}).");
        }

        Progress.Say($"Cold poll: {feedCount} feeds, {cold.NewItems} new items in {coldElapsed.TotalSeconds:0.00} s");

        var cycles = new List<PollCycle>();
        for (var cycle = 1; cycle <= Cycles; cycle++)
        {
            server.ResetCounts();
            started = TimeProvider.System.GetTimestamp();
            var report = await pipeline.Poller.PollAsync(sources, ct).ConfigureAwait(false);
            var elapsed = TimeProvider.System.GetElapsedTime(started);
            if (report.NotModified != feedCount)
            {
                throw new BenchFailedException(
                    $"poll cycle {cycle} should see {feedCount} feeds not modified; it saw {report.NotModified} ({report.Updated} updated, {report.Unchanged} unchanged, {report.Failed} failed{FirstError(report)}).");
            }

            if (server.Requests != feedCount || server.NotModified != feedCount)
            {
                throw new BenchFailedException(
                    $"poll cycle {cycle}: the server should get {feedCount} requests and answer 304 to all; it got {server.Requests} and answered {server.NotModified} with 304.");
            }

            cycles.Add(new PollCycle(elapsed, server.Requests, server.NotModified));
            Progress.Say($"Poll cycle {cycle}/{Cycles}: {feedCount} feeds, all 304, in {elapsed.TotalSeconds:0.000} s");
        }

        return new PollResult(feedCount, maxConcurrency, coldElapsed, cycles);
    }

    private static string FirstError(PollReport report) =>
        report.Feeds.FirstOrDefault(f => f.Outcome == FeedPollOutcome.Failed) is { } failed
            ? $"; first failure: {failed.SourceId}: {failed.FailureReason} {failed.Error}"
            : "";
}
