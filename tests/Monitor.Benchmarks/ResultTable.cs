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
