using System.Diagnostics;
using System.Globalization;
using System.Net;
using Azure.Data.Tables;
using Monitor.Core.Developments;
using Monitor.Local.Azurite;

namespace Monitor.Benchmarks;

/// <summary>What the digest load bench measured: latencies of the answers, how many were refused or timed out, the host's memory.</summary>
internal sealed record DigestLoadResult(
    int Developments,
    int WindowDevelopments,
    int Limit,
    int Concurrency,
    int Requests,
    Latencies Answered,
    int Ok,
    int NotModified,
    int Refused,
    int TimedOut,
    int Failed,
    long BytesReceived,
    TimeSpan Wall,
    long HostMemoryBefore,
    long HostPeakMemory)
{
    public const int TargetTimeouts = 0;

    public const long TargetPeakBytes = 400L * 1024 * 1024;

    /// <summary>Client timeout of each request: the issue's 60 s.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
}

/// <summary>
/// The digest under concurrent load, over HTTP, as the issue measured it: the real local host in a
/// process of its own (poll and delivery off) over 1,500 stored developments (the digest bench's
/// 300, five times over, 500 of them in the 7-day window), and <c>--requests</c> requests
/// (default 1,000) of <c>since=7d&amp;limit=500</c> in the five formats, <c>--concurrency</c>
/// (default 200) in flight at once, each given 60 s. Reports the latency of the answers (200 and 503
/// alike), how many were refused (503) or timed out, and the host's resident memory before and at
/// its peak (VmHWM).
/// </summary>
internal static class DigestLoadBenchmark
{
    public const int Copies = 5;
    public const int Limit = 500;
    private static readonly string[] Formats = ["json", "md", "html", "rss", "atom"];

    public static async Task<DigestLoadResult> RunAsync(int requests, int concurrency, CancellationToken ct)
    {
        Progress.Say($"Digest load: starting Azurite (in memory)…");
        await using var azurite = await AzuriteProcess.StartAsync(new AzuritePorts(0, 0, 0), dataFolder: null, ct).ConfigureAwait(false);
        int stored;
        await using (var services = BenchPipeline.Create(azurite.ConnectionString, []))
        {
            await services.Storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
            var data = DigestData.Create(TimeProvider.System.GetUtcNow());
            var copies = Enumerable.Range(0, Copies).SelectMany(c => data.Developments.Select(d => c == 0 ? d : d with { Id = $"{d.Id}-{c}" })).ToList();
            await Parallel.ForEachAsync(copies, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (development, token) =>
                await services.Storage.Developments.UpsertEntityAsync(DevelopmentRows.RowOf(DigestData.Topic, development), TableUpdateMode.Replace, token).ConfigureAwait(false)).ConfigureAwait(false);
            stored = copies.Count;
            Progress.Say($"Digest load: stored {stored} developments, {data.WindowDevelopments * Copies} in the {DigestData.WindowDays}-day window");
        }

        var port = DeliveryBenchmark.FreePort();
        var host = HostProcesses.Start(
            azurite.ConnectionString,
            Path.Combine(Path.GetTempPath(), "monitor-bench-load-host.log"),
            ["--LocalHost:PollEnabled=false", "--LocalHost:DeliveryEnabled=false", "--Logging:LogLevel:Monitor.Core.Developments=Warning"],
            port,
            line => Progress.Say($"  host: {line}"));
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"),
                Timeout = Timeout.InfiniteTimeSpan,
            };
            await WaitForHealthAsync(client, host, ct).ConfigureAwait(false);
            var before = ResidentBytes(host.Id, "VmRSS:");

            Progress.Say($"Digest load: {requests} requests, {concurrency} at once, formats {string.Join(", ", Formats)}…");
            var latencies = new double[requests];
            var statuses = new int[requests];
            long bytes = 0;
            var next = -1;
            var started = Stopwatch.GetTimestamp();
            var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < requests)
                {
                    var (status, received, ms) = await RequestAsync(client, Formats[i % Formats.Length], ct).ConfigureAwait(false);
                    statuses[i] = status;
                    latencies[i] = ms;
                    Interlocked.Add(ref bytes, received);
                }
            }, ct)).ToList();
            await Task.WhenAll(workers).ConfigureAwait(false);
            var wall = Stopwatch.GetElapsedTime(started);
            var peak = ResidentBytes(host.Id, "VmHWM:");
            var answered = latencies.Where((_, i) => statuses[i] is 200 or 304 or 503).ToList();
            return new DigestLoadResult(
                stored,
                DigestData.WindowDevelopmentCount * Copies,
                Limit,
                concurrency,
                requests,
                new Latencies(answered.Count == 0 ? [double.NaN] : answered),
                statuses.Count(s => s == 200),
                statuses.Count(s => s == 304),
                statuses.Count(s => s == 503),
                statuses.Count(s => s == 0),
                statuses.Count(s => s is not (0 or 200 or 304 or 503)),
                bytes,
                wall,
                before,
                peak);
        }
        finally
        {
            await HostProcesses.StopAsync([host]).ConfigureAwait(false);
        }
    }

    /// <summary>The Markdown table of a run.</summary>
    public static string Render(DigestLoadResult r)
    {
        var timeouts = r.TimedOut == DigestLoadResult.TargetTimeouts ? "met" : "**not met**";
        var memory = r.HostPeakMemory < DigestLoadResult.TargetPeakBytes ? "met" : "**not met**";
        var md = new System.Text.StringBuilder();
        void Line(FormattableString line) => md.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        Line($"| Measurement | Value | Detail |");
        Line($"|---|---:|---|");
        Line($"| {r.Requests:#,0} `GET /api/digest?since=7d&limit={r.Limit}` over HTTP, {r.Concurrency} at once, json/md/html/rss/atom in turn ({r.WindowDevelopments} of {r.Developments:#,0} developments in the window) | p50 {Sec(r.Answered.P50)}, p99 {Sec(r.Answered.P99)} | max {Sec(r.Answered.Max)}; all {r.Requests:#,0} in {r.Wall.TotalSeconds:0.0} s; {r.BytesReceived / 1e6:#,0} MB received |");
        Line($"| Answers | {r.Ok:#,0} × 200, {r.Refused:#,0} × 503 | {r.NotModified} × 304, {r.Failed} failed otherwise |");
        Line($"| Timed out (no answer within {DigestLoadResult.RequestTimeout.TotalSeconds:0} s) | {r.TimedOut} | goal 0: {timeouts} |");
        Line($"| Host's resident memory | peak {r.HostPeakMemory / 1048576.0:0} MB | {r.HostMemoryBefore / 1048576.0:0} MB before the requests; goal < {DigestLoadResult.TargetPeakBytes / 1048576} MB: {memory} |");
        md.AppendLine();
        Line($"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}; the host (`Monitor.Local run`, poll and delivery off), Azurite in memory and the clients on the same machine.");
        return md.ToString();
    }

    private static string Sec(double milliseconds) => (milliseconds / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s";

    /// <summary>One request, its body read to the end and counted: status (0 for a timeout), bytes, milliseconds.</summary>
    private static async Task<(int Status, long Bytes, double Milliseconds)> RequestAsync(HttpClient client, string format, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(DigestLoadResult.RequestTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.GetAsync(
                $"/api/digest?topic={DigestData.Topic}&since={DigestData.WindowDays}d&limit={Limit}&format={format}",
                HttpCompletionOption.ResponseHeadersRead,
                timeout.Token).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false)) > 0)
                {
                    total += read;
                }

                return ((int)response.StatusCode, total, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException && !ct.IsCancellationRequested)
        {
            return (timeout.IsCancellationRequested ? 0 : -1, 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private static async Task WaitForHealthAsync(HttpClient client, Process host, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(60 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (host.HasExited)
            {
                throw new BenchFailedException($"the host exited with code {host.ExitCode} before answering.");
            }

            try
            {
                using var probe = CancellationTokenSource.CreateLinkedTokenSource(ct);
                probe.CancelAfter(TimeSpan.FromSeconds(5));
                if ((await client.GetAsync("/api/health", probe.Token).ConfigureAwait(false)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                // Not listening yet.
            }

            await Task.Delay(200, ct).ConfigureAwait(false);
        }

        throw new BenchFailedException("the host did not answer /api/health within 60 s.");
    }

    /// <summary>A process's resident memory from /proc (VmRSS now, VmHWM its peak), in bytes.</summary>
    private static long ResidentBytes(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kilobytes = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new BenchFailedException($"/proc/{pid}/status has no {field}");
    }
}
