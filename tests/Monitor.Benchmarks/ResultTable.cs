using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Monitor.Benchmarks;

/// <summary>The bench's results as a Markdown table, ready to paste into the README, and the machine they come from.</summary>
internal static class ResultTable
{
    public static string Render(ProcessingResult processing, PollResult polling, ArticleTexts texts)
    {
        var md = new StringBuilder();
        Line(md, $"| Measurement | Median | Runs / detail |");
        Line(md, $"|---|---:|---|");
        Line(md, $"| Processing: incoming item → stored article ({processing.Items} items, {processing.Concurrency} at a time) | {processing.MedianArticlesPerSecond:0.0} articles/s | {Runs(processing.ArticlesPerSecond)} |");
        Line(md, $"| Bare storage writes one article needs (1 blob download, 1 blob upload, 2 table upserts; same items, {processing.Concurrency} at a time) | {processing.MedianSetsPerSecond:0.0} sets/s | {Runs(processing.SetsPerSecond)} |");
        Line(md, $"| Processing rate ÷ bare storage rate | {processing.Ratio:0.00}× | ratio of the medians; per back-to-back pair: {Ratios(processing.PairRatios)} |");
        Line(md, $"| Poll cycle over {polling.Feeds} unchanged feeds on loopback (all 304, {polling.MaxConcurrency} at a time) | {Seconds(polling.Median)} | max {Seconds(polling.Max)} over {polling.Cycles.Count} cycles; server per cycle: {Counts(polling)}; cold poll {Seconds(polling.Cold)} |");
        md.AppendLine();
        Line(md, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}), {RuntimeInformation.FrameworkDescription}; Azurite in memory on the same machine; texts: {texts.Origin}, {texts.AverageBytes / 1024.0:0.0} KB of HTML on average.");
        return md.ToString();
    }

    public static string Render(ClassificationResult c)
    {
        var md = new StringBuilder();
        Line(md, $"| Measurement | Median | Runs / detail |");
        Line(md, $"|---|---:|---|");
        Line(md, $"| Classify + extract, one thread ({c.Articles} plain-text articles, {c.ArabicArticles} Arabic, {c.AverageBytes:0} bytes on average; {c.RelevantArticles} relevant) | {c.MedianArticlesPerSecond:0} articles/s ({c.MegabytesPerSecond:0.0} MB/s) | {Runs0(c.ArticlesPerSecond)} |");
        Line(md, $"| Allocated per article | {c.AllocatedBytesPerArticle / 1024:0.0} KB | mean over the timed rounds |");
        Line(md, $"| `LC_ALL=C grep -F -c -f terms.txt` over the same bytes ({c.Terms} terms; the articles {c.ScanCopies}× over, process start included) | {c.MedianScanArticlesPerSecond:0} articles/s ({c.ScanMegabytesPerSecond:0.0} MB/s) | {Runs0(c.ScanArticlesPerSecond)} |");
        Line(md, $"| Classify time ÷ scan time | {c.Ratio:0.0}× | ratio of the medians; per back-to-back pair: {Ratios1(c.PairRatios)} |");
        md.AppendLine();
        Line(md, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}), {RuntimeInformation.FrameworkDescription}; articles built from the seed articles' paragraphs.");
        return md.ToString();
    }

    public static string Render(DigestBenchResult d)
    {
        var md = new StringBuilder();
        var target = d.Digest.P99 < DigestBenchResult.TargetP99Milliseconds ? "met" : "**not met**";
        Line(md, $"| Measurement | Median | Runs / detail |");
        Line(md, $"|---|---:|---|");
        Line(md, $"| Digest: `GET /api/digest?topic={d.Topic}&since=7d&limit={d.Limit}` through `MonitorApi.DigestAsync` (parse, read, deserialise, assemble, ETag, render JSON; {Math.Min(d.Limit, d.WindowDevelopments)} of the window's {d.WindowDevelopments} developments, {d.ResponseBytes / 1024.0:#,0} KB) | {Ms(d.Digest.P50)} (p50) | p90 {Ms(d.Digest.P90)}, p99 {Ms(d.Digest.P99)}, max {Ms(d.Digest.Max)} over {d.Requests} requests after {d.WarmUp} warm-up; target p99 < {DigestBenchResult.TargetP99Milliseconds:0} ms: {target} |");
        Line(md, $"| Bare storage reads it needs (the same Table query, every page and row, not deserialised; {d.RowsRead} rows in {d.PagesRead} {(d.PagesRead == 1 ? "page" : "pages")}) | {Ms(d.Bare.P50)} (p50) | p90 {Ms(d.Bare.P90)}, p99 {Ms(d.Bare.P99)}, max {Ms(d.Bare.Max)} over {d.Requests} requests, alternating with the digest |");
        Line(md, $"| Digest time ÷ bare read time | {d.RatioP50:0.0}× at p50 | {d.RatioP99:0.0}× at p99 |");
        Line(md, $"| Data set: {d.Developments} developments of one topic, {d.Articles:#,0} articles (5–80 each), over 30 days | {d.WindowDevelopments} in the 7-day window | {d.WindowArticles:#,0} articles in the window; {d.StoredJsonChars / 1e6:0.0} MB of development JSON stored (Brotli); loaded in {d.Load.TotalSeconds:0.0} s |");
        Line(md, $"| Where the digest's time goes ({d.StagedRequests} staged requests, each step timed on its own) | {Ms(Stage(d, "total").P50)} (p50) | {Stages(d)}; {d.AllocatedBytesPerDigest / 1e6:0} MB allocated per request, {d.Gen2Collections} gen-2 collections during the timed requests |");
        Line(md, $"| Allocated per request through `MonitorApi.DigestAsync`, one at a time | {d.AllocatedBytesPerRequest / 1e6:0.0} MB computed | {d.AllocatedBytesPerRepeatedRequest / 1e3:0.0} KB when the answer is given again (the same request while the topic's version stands, within `Digests:CacheFor`) |");
        md.AppendLine();
        Line(md, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}), {RuntimeInformation.FrameworkDescription}; Azurite in memory on the same machine; percentiles by nearest rank.");
        return md.ToString();
    }

    private static Latencies Stage(DigestBenchResult d, string name) => d.Stages.First(s => s.Name == name).Time;

    /// <summary>"parse 0.1 ms, storage read 103 ms (Azurite's answer 80 ms, SDK's reading into rows 22 ms), …": each step's p50.</summary>
    private static string Stages(DigestBenchResult d)
    {
        var parts = new List<string>();
        foreach (var stage in d.Stages)
        {
            switch (stage.Name)
            {
                case "total" or DigestBenchmark.StorageAnswer or DigestBenchmark.SdkRead:
                    break;
                case "storage read":
                    parts.Add($"storage read {Ms(stage.Time.P50)} (Azurite's answer {Ms(Stage(d, DigestBenchmark.StorageAnswer).P50)}, the SDK's reading into rows {Ms(Stage(d, DigestBenchmark.SdkRead).P50)})");
                    break;
                default:
                    parts.Add($"{stage.Name} {Ms(stage.Time.P50)}");
                    break;
            }
        }

        return string.Join(", ", parts);
    }

    private static string Ms(double milliseconds) =>
        milliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    public static string Render(IReadOnlyList<DeliveryBenchResult> runs)
    {
        var md = new StringBuilder();
        Line(md, $"| Measurement | Median | Runs / detail |");
        Line(md, $"|---|---:|---|");
        foreach (var r in runs)
        {
            Line(md, $"| Article blob in incoming/ → signed webhook of an `immediate` subscription (local host, incoming/ scanned every {r.ScanInterval.TotalMilliseconds:0} ms) | {r.P50:0} ms (p50) | p90 {r.P90:0} ms, p99 {r.P99:0} ms, max {r.Max:0} ms over {r.Articles} articles, one at a time; {r.Webhooks} webhooks, every signature checked |");
        }

        md.AppendLine();
        Line(md, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}), {RuntimeInformation.FrameworkDescription}; Azurite in memory, host and receiver on the same machine.");
        return md.ToString();
    }

    public static string Render(ScaleResult r)
    {
        var md = new StringBuilder();
        var one = r.OneHost;
        var many = r.ManyHosts;
        Line(md, $"| Measurement | Value | Detail |");
        Line(md, $"|---|---:|---|");
        Line(md, $"| Burst on 1 host process: incoming item → article in its development | {one.ArticlesPerSecond(r.Items):0.0} articles/s | {r.Items} items ({r.Events} events, both languages, relevant and not) in {one.Seconds:0.0} s, host start included |");
        Line(md, $"| Burst on {many.Hosts} host processes at once (each its share of the blobs; grouping through the shared queue) | {many.ArticlesPerSecond(r.Items):0.0} articles/s | {many.Seconds:0.0} s; {many.ArticlesPerSecond(r.Items) / one.ArticlesPerSecond(r.Items):0.00}× the one-host rate |");
        Line(md, $"| Bare storage writes the same items need (1 blob download, 1 blob upload, 2 table upserts; {r.BareConcurrency} at a time) | {r.BareSetsPerSecond:0.0} sets/s | one process |");
        Line(md, $"| {many.Hosts}-host rate ÷ bare storage rate | {many.ArticlesPerSecond(r.Items) / r.BareSetsPerSecond:0.00}× | 1 host: {one.ArticlesPerSecond(r.Items) / r.BareSetsPerSecond:0.00}× |");
        var bareCpu = (r.BareCpuSeconds.Client + r.BareCpuSeconds.Storage) * 1000 / r.Items;
        Line(md, $"| Processor time per item: bare writes | {bareCpu:0.0} ms | writer {r.BareCpuSeconds.Client * 1000 / r.Items:0.0} ms + Azurite {r.BareCpuSeconds.Storage * 1000 / r.Items:0.0} ms |");
        foreach (var run in new[] { one, many })
        {
            var cpu = (run.HostCpuSeconds + run.StorageCpuSeconds) * 1000 / r.Items;
            Line(md, $"| Processor time per item: {run.Hosts} host(s) | {cpu:0.0} ms | hosts {run.HostCpuSeconds * 1000 / r.Items:0.0} ms (start included) + Azurite {run.StorageCpuSeconds * 1000 / r.Items:0.0} ms; bare ÷ this: {bareCpu / cpu:0.00}× |");
        }

        Line(md, $"| Items accounted for ({many.Hosts} hosts) | {many.Articles} of {r.Items} stored | {many.Quarantined} quarantined; {many.Relevant} relevant; {many.Developments} developments holding {(many.Members < 0 ? "an article twice (duplicated!)" : $"{many.Members} articles, each once")} |");
        Line(md, $"| Developments equal to the one-host run | {(r.SameDevelopments ? "yes" : "NO")} | ids, articles and figures of all {one.Developments} (1 host) and {many.Developments} ({many.Hosts} hosts) |");
        Line(md, $"| Developments equal to grouping the whole burst at once (offline) | 1 host: {(one.Fingerprint == r.Offline ? "yes" : "NO")}; {many.Hosts} hosts: {(many.Fingerprint == r.Offline ? "yes" : "NO")} | {r.Offline.Split('\n').Length} offline |");
        md.AppendLine();
        Line(md, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}), {RuntimeInformation.FrameworkDescription}; Azurite in memory and every host process on the same machine.");
        return md.ToString();
    }

    public static string Render(PollScaleResult r)
    {
        var md = new StringBuilder();
        Line(md, $"| Host processes | Cycle time of {r.Feeds} unchanged feeds, all due at once (median of {r.Cycles.Count(c => c.Hosts == 1)}) | Cycles | Requests the server saw per cycle |");
        Line(md, $"|---:|---:|---|---|");
        foreach (var hosts in r.Cycles.Select(c => c.Hosts).Distinct())
        {
            var cycles = r.Cycles.Where(c => c.Hosts == hosts).ToList();
            Line(md, $"| {hosts} | {r.MedianSeconds(hosts):0.00} s ({r.MedianSeconds(1) / r.MedianSeconds(hosts):0.00}× the 1-host speed) | {string.Join(", ", cycles.Select(c => c.Seconds.ToString("0.00", CultureInfo.InvariantCulture) + " s"))} | {string.Join(", ", cycles.Select(c => c.Requests))}, all 304; {(cycles.Sum(c => c.Requests - r.Feeds) is var twice and > 0 ? $"**{twice} polled twice**" : "none polled twice")} |");
        }

        md.AppendLine();
        var unchanged = r.Cost.Unchanged;
        var perItem = r.Cost.PerNewItems;
        Line(md, $"| Storage requests (counted by the product's `StorageTransactions` policy) | Per feed | Detail |");
        Line(md, $"|---|---:|---|");
        Line(md, $"| Unchanged poll (304): all requests, timer included | {(double)unchanged.Total / r.Feeds:0.00} | {unchanged.Describe()} (for {r.Feeds} feeds) |");
        Line(md, $"| Unchanged poll: writes | {(double)unchanged.Writes / r.Feeds:0.00} | table writes to the feed's state row and queue messages sent and deleted |");
        Line(md, $"| A new item's share of its feed's poll | {(double)perItem.Total / r.Cost.NewItems:0.00} per item | {perItem.Describe()} (for {r.Cost.NewItems} items) |");
        md.AppendLine();
        Line(md, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}; feed server, Azurite and every host process on the same machine.");
        return md.ToString();
    }

    public static string Render(ArticleCost articles, PollScaleResult polls)
    {
        var md = new StringBuilder();
        Line(md, $"Stored articles, one at a time (each its own grouping turn, the costliest way): {(double)articles.Counts.Total / articles.Articles:0.0} storage requests per article ({(double)articles.Counts.Writes / articles.Articles:0.0} writes; {articles.Relevant} of {articles.Articles} relevant): {articles.Counts.Describe()}.");
        md.AppendLine();
        Line(md, $"| A month (30 days), every feed polled every 10 min, {CostEstimate.ItemsPerFeedPerDay:0} new items per feed a day | Polls | Articles | Storage requests | Storage | Executions | GB-s | Flex Consumption | Total |");
        Line(md, $"|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var feeds in new[] { 50, 5000 })
        {
            var e = CostEstimate.For(feeds, polls, articles);
            Line(md, $"| {feeds:N0} feeds | {e.Polls:N0} | {e.NewItems:N0} | {e.StorageRequests:N0} | ${e.StorageDollars:0.00} | {e.Executions:N0} | {e.GbSeconds:N0} | ${e.ExecutionDollars:0.00} | ${e.TotalDollars:0.00} |");
        }

        md.AppendLine();
        Line(md, $"Prices: Table ${AzurePrices.TablePer10K} and Queue ${AzurePrices.QueuePer10K} per 10,000 requests; Blob hot LRS ${AzurePrices.BlobWritePer10K} per 10,000 writes and lists, ${AzurePrices.BlobReadPer10K} per 10,000 reads and other operations, deletes free; Flex Consumption on demand ${AzurePrices.FlexPerGbSecond} per GB-s and ${AzurePrices.FlexPerMillionExecutions} per million executions, after {AzurePrices.FreeGbSeconds:N0} GB-s and {AzurePrices.FreeExecutions:N0} executions free a month; {AzurePrices.InstanceGb * 1024:0} MB instances.");
        return md.ToString();
    }

    private static string Runs0(IReadOnlyList<double> rates) =>
        string.Join(", ", rates.Select(r => r.ToString("0", CultureInfo.InvariantCulture)));

    private static string Ratios1(IReadOnlyList<double> ratios) =>
        string.Join(", ", ratios.Select(r => r.ToString("0.0", CultureInfo.InvariantCulture) + "×"));

    private static void Line(StringBuilder md, FormattableString line) => md.AppendLine(line.ToString(CultureInfo.InvariantCulture));

    private static string Runs(IReadOnlyList<double> rates) =>
        string.Join(", ", rates.Select(r => r.ToString("0.0", CultureInfo.InvariantCulture)));

    private static string Ratios(IReadOnlyList<double> ratios) =>
        string.Join(", ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture) + "×"));

    private static string Seconds(TimeSpan time) =>
        time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";

    /// <summary>"200 requests, 200 × 304" when every cycle saw the same, else each cycle's counts.</summary>
    private static string Counts(PollResult polling)
    {
        var distinct = polling.Cycles.Select(c => (c.Requests, c.NotModified)).Distinct().ToList();
        return distinct.Count == 1
            ? string.Create(CultureInfo.InvariantCulture, $"{distinct[0].Requests} requests, {distinct[0].NotModified} × 304")
            : string.Join("; ", polling.Cycles.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Requests} req/{c.NotModified} × 304")));
    }
}
