using System.ComponentModel;
using System.Globalization;
using Monitor.Local.Azurite;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Monitor.Benchmarks;

/// <summary>
/// The bench's options, the same for every verb as they always were; each verb reads those it needs
/// (its description says which), and the defaults of load and scale are their own.
/// </summary>
internal sealed class BenchSettings : CommandSettings
{
    [CommandOption("--items <N>")]
    [Description("Incoming items processed per timed round (default 400; scale: the burst, default 10,000).")]
    public int? Items { get; init; }

    [CommandOption("--hosts <N>")]
    [Description("scale: host processes at once (default 4).")]
    public int? Hosts { get; init; }

    [CommandOption("--feeds <N>")]
    [Description("Unchanged feeds polled per timed cycle (default 200; scale: default 2,000).")]
    public int? Feeds { get; init; }

    [CommandOption("--articles <N>")]
    [Description("Articles classified per timed round (default 2,000).")]
    public int? Articles { get; init; }

    [CommandOption("--requests <N>")]
    [Description("Digest requests timed, and as many bare reads (default 300; load: requests sent, default 1,000).")]
    public int? Requests { get; init; }

    [CommandOption("--limit <N>")]
    [Description("Developments per digest page (default 50, the API's; at most 500).")]
    public int? Limit { get; init; }

    [CommandOption("--concurrency <N>")]
    [Description("load: requests in flight at once (default 200).")]
    public int? Concurrency { get; init; }

    [CommandOption("--deliveries <N>")]
    [Description("Articles timed per scan interval of the delivery bench (default 50).")]
    public int? Deliveries { get; init; }

    [CommandOption("--only <PART>")]
    [Description("scale: one part of it, burst or polls (default both).")]
    public string? Only { get; init; }

    [CommandOption("--seeds <DIR>")]
    [Description("Folder of seed article texts (default: tests/Monitor.Core.Tests/testdata/seeds).")]
    public string? Seeds { get; init; }

    public override ValidationResult Validate()
    {
        foreach (var (option, value, max) in new[]
        {
            ("--items", Items, 100_000), ("--hosts", Hosts, 16), ("--feeds", Feeds, 10_000), ("--articles", Articles, 1_000_000),
            ("--requests", Requests, 100_000), ("--limit", Limit, 500), ("--concurrency", Concurrency, 5_000), ("--deliveries", Deliveries, 10_000),
        })
        {
            if (value is { } n && (n < 1 || n > max))
            {
                return ValidationResult.Error($"{option} must be a whole number from 1 to {max.ToString(CultureInfo.InvariantCulture)}, not {n.ToString(CultureInfo.InvariantCulture)}.");
            }
        }

        return Only is null or "burst" or "polls" ? ValidationResult.Success() : ValidationResult.Error($"--only takes burst or polls, not '{Only}'.");
    }

    /// <summary>The seed articles' folder: the one given, else the repository's.</summary>
    public string SeedsFolder => Seeds ?? ArticleTexts.FindRepositorySeeds()
        ?? throw new BenchFailedException("the seed articles were not found: pass --seeds DIR.");
}

internal sealed class AllBenchCommand : AsyncCommand<BenchSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        DigestBenchmark.Limit = settings.Limit ?? DigestBenchmark.Limit;
        var seeds = settings.SeedsFolder;
        var texts = ArticleTexts.Load(settings.Seeds);
        ProcessingResult processing;
        PollResult polling;
        Progress.Say($"Starting Azurite (in memory)…");
        await using (var azurite = await AzuriteProcess.StartAsync(new AzuritePorts(0, 0, 0), dataFolder: null, ct))
        {
            var itemSources = new[]
            {
                BenchPipeline.Source(ProcessingBenchmark.ArabicSource, new Uri("https://bench.example/ar.xml"), "ar"),
                BenchPipeline.Source(ProcessingBenchmark.EnglishSource, new Uri("https://bench.example/en.xml"), "en"),
            };
            await using (var pipeline = BenchPipeline.Create(azurite.ConnectionString, itemSources))
            {
                processing = await new ProcessingBenchmark(pipeline, texts).RunAsync(settings.Items ?? 400, ct);
            }

            polling = await PollBenchmark.RunAsync(azurite.ConnectionString, settings.Feeds ?? 200, ct);
        }

        var classification = await ClassificationBenchmark.RunAsync(settings.Articles ?? 2000, seeds, ct);

        // The digest gets an Azurite of its own: the developments processing stored would join its data set.
        var digest = await DigestBenchmark.RunAsync(settings.Requests ?? 300, ct);
        var delivery = await DeliveryBenchCommand.RunsAsync(settings.Deliveries ?? 50, ct);

        Console.Out.Write(ResultTable.Render(processing, polling, texts));
        Console.Out.WriteLine();
        Console.Out.Write(ResultTable.Render(classification));
        Console.Out.WriteLine();
        Console.Out.Write(ResultTable.Render(digest));
        Console.Out.WriteLine();
        Console.Out.Write(ResultTable.Render(delivery));
        return 0;
    }
}

internal sealed class ClassifyBenchCommand : AsyncCommand<BenchSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        Console.Out.Write(ResultTable.Render(await ClassificationBenchmark.RunAsync(settings.Articles ?? 2000, settings.SeedsFolder, cancellationToken)));
        return 0;
    }
}

internal sealed class DigestBenchCommand : AsyncCommand<BenchSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        DigestBenchmark.Limit = settings.Limit ?? DigestBenchmark.Limit;
        Console.Out.Write(ResultTable.Render(await DigestBenchmark.RunAsync(settings.Requests ?? 300, cancellationToken)));
        return 0;
    }
}

internal sealed class LoadBenchCommand : AsyncCommand<BenchSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        var load = await DigestLoadBenchmark.RunAsync(settings.Requests ?? 1_000, settings.Concurrency ?? 200, cancellationToken);
        Console.Out.Write(DigestLoadBenchmark.Render(load));
        return load.TimedOut == DigestLoadResult.TargetTimeouts && load.Failed == 0 ? 0 : 1;
    }
}

internal sealed class DeliveryBenchCommand : AsyncCommand<BenchSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        Console.Out.Write(ResultTable.Render(await RunsAsync(settings.Deliveries ?? 50, cancellationToken)));
        return 0;
    }

    /// <summary>
    /// The delivery latency with the local host's default scan of incoming/ (every 2 s) and with a
    /// 200 ms scan, each on an Azurite of its own.
    /// </summary>
    public static async Task<IReadOnlyList<DeliveryBenchResult>> RunsAsync(int deliveries, CancellationToken ct)
    {
        var results = new List<DeliveryBenchResult>();
        foreach (var interval in new[] { TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(200) })
        {
            Progress.Say($"Delivery: {deliveries} articles from incoming/ to the webhook, incoming/ scanned every {interval.TotalMilliseconds:0} ms…");
            await using var azurite = await AzuriteProcess.StartAsync(new AzuritePorts(0, 0, 0), dataFolder: null, ct);
            results.Add(await DeliveryBenchmark.RunAsync(azurite.ConnectionString, deliveries, interval, ct));
        }

        return results;
    }
}

internal sealed class ScaleBenchCommand : AsyncCommand<BenchSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        var healthy = true;
        if (settings.Only is null or "burst")
        {
            var scale = await ScaleBenchmark.RunAsync(settings.Items ?? 10_000, settings.Hosts ?? 4, cancellationToken);
            Console.Out.Write(ResultTable.Render(scale));
            Console.Out.WriteLine();
            healthy = scale.SameDevelopments && scale.ManyHosts.Quarantined == 0 && scale.ManyHosts.Articles == scale.Items;
        }

        if (settings.Only is null or "polls")
        {
            var polls = await PollScaleBenchmark.RunAsync(settings.Feeds ?? 2_000, settings.Hosts ?? 4, cancellationToken);
            Console.Out.Write(ResultTable.Render(polls));
            Console.Out.WriteLine();
            var articles = await ArticleCostBenchmark.RunAsync([.. ScaleBenchmark.Burst(40, out _)], cancellationToken);
            Console.Out.Write(ResultTable.Render(articles, polls));
            healthy &= polls.Cycles.All(c => c.Requests == polls.Feeds);
        }

        return healthy ? 0 : 1;
    }
}

/// <summary>The bench could not measure what it set out to: the message says why.</summary>
internal sealed class BenchFailedException(string message) : Exception(message);
