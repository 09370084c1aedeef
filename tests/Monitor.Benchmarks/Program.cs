using Monitor.Benchmarks;
using Monitor.Local.Azurite;

// ./monitor bench: speed of the real pipeline on a real Azurite, printed as a Markdown table.
// Ratios are measured side by side in one run, so a busy machine slows both sides alike.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    var arguments = BenchArguments.Parse(args);
    if (arguments.HelpWanted)
    {
        Console.Out.WriteLine(BenchArguments.Usage);
        return 0;
    }

    if (arguments.DigestOnly)
    {
        var digestAlone = await DigestBenchmark.RunAsync(arguments.Requests, stop.Token);
        Console.Out.Write(ResultTable.Render(digestAlone));
        return 0;
    }

    if (arguments.LoadOnly)
    {
        var load = await DigestLoadBenchmark.RunAsync(arguments.RequestsGiven ? arguments.Requests : 1_000, arguments.Concurrency, stop.Token);
        Console.Out.Write(DigestLoadBenchmark.Render(load));
        return load.TimedOut == DigestLoadResult.TargetTimeouts && load.Failed == 0 ? 0 : 1;
    }

    if (arguments.ScaleOnly)
    {
        var healthy = true;
        if (arguments.ScalePart is null or "burst")
        {
            var scale = await ScaleBenchmark.RunAsync(arguments.ItemsGiven ? arguments.Items : 10_000, arguments.Hosts, stop.Token);
            Console.Out.Write(ResultTable.Render(scale));
            Console.Out.WriteLine();
            healthy = scale.SameDevelopments && scale.ManyHosts.Quarantined == 0 && scale.ManyHosts.Articles == scale.Items;
        }

        if (arguments.ScalePart is null or "polls")
        {
            var polls = await PollScaleBenchmark.RunAsync(arguments.FeedsGiven ? arguments.Feeds : 2_000, arguments.Hosts, stop.Token);
            Console.Out.Write(ResultTable.Render(polls));
            Console.Out.WriteLine();
            var articles = await ArticleCostBenchmark.RunAsync([.. ScaleBenchmark.Burst(40, out _)], stop.Token);
            Console.Out.Write(ResultTable.Render(articles, polls));
            healthy &= polls.Cycles.All(c => c.Requests == polls.Feeds);
        }

        return healthy ? 0 : 1;
    }

    if (arguments.DeliveryOnly)
    {
        var deliveryAlone = await DeliveryRunsAsync(arguments.Deliveries, stop.Token);
        Console.Out.Write(ResultTable.Render(deliveryAlone));
        return 0;
    }

    var seeds = arguments.SeedsFolder ?? ArticleTexts.FindRepositorySeeds()
        ?? throw new BenchFailedException("the seed articles were not found: pass --seeds DIR.");
    if (arguments.ClassifyOnly)
    {
        var alone = await ClassificationBenchmark.RunAsync(arguments.Articles, seeds, stop.Token);
        Console.Out.Write(ResultTable.Render(alone));
        return 0;
    }

    var texts = ArticleTexts.Load(arguments.SeedsFolder);
    ProcessingResult processing;
    PollResult polling;
    Progress.Say($"Starting Azurite (in memory)…");
    await using (var azurite = await AzuriteProcess.StartAsync(new AzuritePorts(0, 0, 0), dataFolder: null, stop.Token))
    {
        var itemSources = new[]
        {
            BenchPipeline.Source(ProcessingBenchmark.ArabicSource, new Uri("https://bench.example/ar.xml"), "ar"),
            BenchPipeline.Source(ProcessingBenchmark.EnglishSource, new Uri("https://bench.example/en.xml"), "en"),
        };
        await using (var pipeline = BenchPipeline.Create(azurite.ConnectionString, itemSources))
        {
            processing = await new ProcessingBenchmark(pipeline, texts).RunAsync(arguments.Items, stop.Token);
        }

        polling = await PollBenchmark.RunAsync(azurite.ConnectionString, arguments.Feeds, stop.Token);
    }

    var classification = await ClassificationBenchmark.RunAsync(arguments.Articles, seeds, stop.Token);

    // The digest gets an Azurite of its own: the developments processing stored would join its data set.
    var digest = await DigestBenchmark.RunAsync(arguments.Requests, stop.Token);
    var delivery = await DeliveryRunsAsync(arguments.Deliveries, stop.Token);

    Console.Out.Write(ResultTable.Render(processing, polling, texts));
    Console.Out.WriteLine();
    Console.Out.Write(ResultTable.Render(classification));
    Console.Out.WriteLine();
    Console.Out.Write(ResultTable.Render(digest));
    Console.Out.WriteLine();
    Console.Out.Write(ResultTable.Render(delivery));
    return 0;
}
catch (BenchFailedException e)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    return 1;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("bench: stopped.");
    return 1;
}
catch (Exception e)
{
    Console.Error.WriteLine($"bench: failed: {e}");
    return 1;
}

// The delivery latency with the local host's default scan of incoming/ (every 2 s) and with a
// 200 ms scan, each on an Azurite of its own.
static async Task<IReadOnlyList<DeliveryBenchResult>> DeliveryRunsAsync(int deliveries, CancellationToken ct)
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
