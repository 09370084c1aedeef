using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using Monitor.Core.Classification;

namespace Monitor.Benchmarks;

/// <summary>What the classification bench measured: the classifier's rounds and grep's, alternating in one run.</summary>
internal sealed record ClassificationResult(
    int Articles,
    int ArabicArticles,
    double AverageBytes,
    int Terms,
    int ScanCopies,
    IReadOnlyList<double> ArticlesPerSecond,
    double AllocatedBytesPerArticle,
    IReadOnlyList<double> ScanArticlesPerSecond,
    IReadOnlyList<double> PairRatios,
    int RelevantArticles)
{
    public double MedianArticlesPerSecond => Stats.Median(ArticlesPerSecond);

    public double MedianScanArticlesPerSecond => Stats.Median(ScanArticlesPerSecond);

    /// <summary>Classifier time per article ÷ scan time per article, from the medians.</summary>
    public double Ratio => MedianScanArticlesPerSecond / MedianArticlesPerSecond;

    public double MegabytesPerSecond => MedianArticlesPerSecond * AverageBytes / 1e6;

    public double ScanMegabytesPerSecond => MedianScanArticlesPerSecond * AverageBytes / 1e6;
}

/// <summary>
/// Classify + extract (language, topic scores with evidence, counts, places, actors, type) on ~3 KB
/// plain-text articles, Arabic and English, in one thread; beside it, in the same run and
/// alternating round by round, <c>LC_ALL=C grep -F -c -f terms.txt</c> over the same bytes with
/// every term, name and cue of the topic files: the plain multi-pattern scan the classifier is
/// measured against.
/// </summary>
internal static class ClassificationBenchmark
{
    public const int TargetBytes = 3 * 1024;
    private const int Rounds = 9;

    /// <summary>Untimed rounds first: tiered compilation settles and the word memory fills, as in a running host.</summary>
    private const int WarmUpRounds = 3;

    /// <summary>The scan file holds the articles this many times over, so grep's start-up is a small part of its time.</summary>
    private const int MinScanBytes = 48 * 1024 * 1024;

    public static async Task<ClassificationResult> RunAsync(int count, string seedsFolder, CancellationToken ct)
    {
        var articles = Articles(seedsFolder, count);
        var catalog = new TopicCatalog(Options.Create(new ClassificationOptions()));
        var classifier = new ArticleClassifier(catalog);

        var folder = Directory.CreateTempSubdirectory("monitor-bench-");
        try
        {
            var terms = Terms(catalog);
            var termsPath = Path.Combine(folder.FullName, "terms.txt");
            await File.WriteAllLinesAsync(termsPath, terms, ct).ConfigureAwait(false);
            var one = new StringBuilder();
            foreach (var (title, text) in articles)
            {
                one.Append(title).Append('\n').Append(text).Append('\n');
            }

            var bytes = Encoding.UTF8.GetBytes(one.ToString());
            var copies = Math.Max(1, (MinScanBytes + bytes.Length - 1) / bytes.Length);
            var scanPath = Path.Combine(folder.FullName, "articles.txt");
            await using (var file = File.Create(scanPath))
            {
                for (var i = 0; i < copies; i++)
                {
                    await file.WriteAsync(bytes, ct).ConfigureAwait(false);
                }
            }

            Progress.Say($"Classification: {articles.Count} articles of {bytes.Length / (double)articles.Count:0} bytes on average; {terms.Count} terms; grep over {copies} copies ({bytes.Length * (long)copies / 1e6:0.0} MB).");
            var relevant = 0;
            for (var i = 0; i < WarmUpRounds; i++)
            {
                relevant = ClassifyAll(classifier, articles);
            }

            await ScanAsync(termsPath, scanPath, ct).ConfigureAwait(false);

            var rates = new List<double>();
            var scans = new List<double>();
            var pairs = new List<double>();
            long allocated = 0;
            for (var round = 0; round < Rounds; round++)
            {
                ct.ThrowIfCancellationRequested();
                var before = GC.GetAllocatedBytesForCurrentThread();
                var watch = Stopwatch.StartNew();
                ClassifyAll(classifier, articles);
                watch.Stop();
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                var rate = articles.Count / watch.Elapsed.TotalSeconds;

                var scan = await ScanAsync(termsPath, scanPath, ct).ConfigureAwait(false);
                var scanRate = articles.Count * (double)copies / scan.TotalSeconds;
                rates.Add(rate);
                scans.Add(scanRate);
                pairs.Add(scanRate / rate);
                Progress.Say($"  round {round + 1}: classify {rate:0} articles/s, grep {scanRate:0} articles/s, ratio {scanRate / rate:0.0}×");
            }

            return new ClassificationResult(
                articles.Count,
                articles.Count(a => a.Text.Any(c => c is >= '\u0600' and <= '\u06FF')),
                bytes.Length / (double)articles.Count,
                terms.Count,
                copies,
                rates,
                allocated / (double)(Rounds * articles.Count),
                scans,
                pairs,
                relevant);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static int ClassifyAll(ArticleClassifier classifier, List<(string Title, string Text)> articles)
    {
        var relevant = 0;
        foreach (var (title, text) in articles)
        {
            var result = classifier.Classify(title, text);
            relevant += result.Topics[0].Relevant ? 1 : 0;
        }

        return relevant;
    }

    /// <summary>One timed run of grep; fails the bench when grep is missing, errs or finds nothing.</summary>
    private static async Task<TimeSpan> ScanAsync(string termsPath, string scanPath, CancellationToken ct)
    {
        var start = new ProcessStartInfo("grep")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-F", "-c", "-f", termsPath, scanPath })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        var watch = Stopwatch.StartNew();
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new BenchFailedException("grep could not be started.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BenchFailedException($"grep could not be started: {e.Message}");
        }

        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync(ct).ConfigureAwait(false);
            var error = await process.StandardError.ReadToEndAsync(ct).ConfigureAwait(false);
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
            watch.Stop();
            if (process.ExitCode != 0 || !long.TryParse(output.Trim(), out var lines) || lines == 0)
            {
                throw new BenchFailedException($"grep -F -c -f terms.txt failed (exit {process.ExitCode}): {output.Trim()} {error.Trim()}");
            }
        }

        return watch.Elapsed;
    }

    /// <summary>Every term, name and cue of the topic files as written (a trailing * dropped), once each.</summary>
    private static List<string> Terms(TopicCatalog catalog)
    {
        var terms = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var topic in catalog.Topics)
        {
            var all = topic.TermGroups.SelectMany(g => g.Terms)
                .Concat(topic.Counted.SelectMany(c => c.Terms))
                .Concat(topic.Types.SelectMany(t => t.Terms))
                .Concat(topic.Places.Values.SelectMany(v => v))
                .Concat(topic.Actors.Values.SelectMany(v => v));
            foreach (var term in all)
            {
                var written = term.TrimEnd('*').Trim();
                if (written.Length > 0)
                {
                    terms.Add(written);
                }
            }
        }

        return [.. terms];
    }

    /// <summary>
    /// N plain-text articles of about <see cref="TargetBytes"/> UTF-8 bytes, alternately English and Arabic:
    /// runs of whole paragraphs from the seed articles, each starting at a different paragraph.
    /// </summary>
    private static List<(string Title, string Text)> Articles(string seedsFolder, int count)
    {
        var english = new List<string>();
        var arabic = new List<string>();
        foreach (var path in Directory.GetFiles(seedsFolder, "*.txt").Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length >= 40))
            {
                var arabicLetters = line.Count(c => c is >= '\u0600' and <= '\u06FF');
                (arabicLetters * 2 >= line.Count(char.IsLetter) ? arabic : english).Add(line);
            }
        }

        if (english.Count == 0 || arabic.Count == 0)
        {
            throw new BenchFailedException($"the seeds in {seedsFolder} need paragraphs in both English and Arabic.");
        }

        var articles = new List<(string, string)>(count);
        for (var i = 0; i < count; i++)
        {
            var pool = i % 2 == 0 ? english : arabic;
            var first = (i / 2 * 7) % pool.Count;
            var text = new StringBuilder();
            var bytes = 0;
            for (var k = 0; bytes < TargetBytes - 200; k++)
            {
                var paragraph = pool[(first + k) % pool.Count];
                text.Append(paragraph).Append("\n\n");
                bytes += Encoding.UTF8.GetByteCount(paragraph) + 2;
            }

            var title = pool[first].Length > 90 ? pool[first][..90] : pool[first];
            articles.Add(($"{title} ({i})", text.ToString().TrimEnd()));
        }

        return articles;
    }
}
