using Monitor.Benchmarks;
using Spectre.Console;
using Spectre.Console.Cli;

// ./monitor bench: speed of the real pipeline on a real Azurite, printed as a Markdown table.
// Ratios are measured side by side in one run, so a busy machine slows both sides alike.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var app = new CommandApp();
app.SetDefaultCommand<AllBenchCommand>()
    .WithDescription("Speed of processing, polling, classifying, digests and deliveries, on a real Azurite, as the Markdown tables of the README's Performance section (load and scale run only when asked). Progress goes to standard error.");
app.Configure(config =>
{
    config.SetApplicationName("monitor bench");
    var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
    if (Console.IsOutputRedirected)
    {
        // The README's copy of the help is made so.
        console.Profile.Width = 100;
    }

    config.ConfigureConsole(console);
    config.PropagateExceptions();
    config.UseStrictParsing();
    config.AddCommand<ClassifyBenchCommand>("classify")
        .WithDescription("Only the classifier against grep (no Azurite; about a minute).");
    config.AddCommand<DigestBenchCommand>("digest")
        .WithDescription("Only the digest latency: 7-day digests over 300 stored developments (10,000 articles) against the bare Table reads they need (about two minutes).");
    config.AddCommand<LoadBenchCommand>("load")
        .WithDescription("Only the digest under concurrent load, over HTTP: the local host in its own process, 1,500 stored developments, since=7d&limit=500 in the five formats; exit 1 when a request times out.");
    config.AddCommand<DeliveryBenchCommand>("delivery")
        .WithDescription("Only the delivery latency: from an article's blob in incoming/ to the webhook of an immediate subscription, through the local host (about two minutes).");
    config.AddCommand<ScaleBenchCommand>("scale")
        .WithDescription("A burst of incoming items processed by one host process, then by --hosts at once, against the bare writes the same items need (every item accounted for, developments compared); then unchanged feeds polled by 1, 2 … --hosts hosts, the storage requests of a poll and of an article counted, and a month priced. Exit 1 when an item or a poll is lost or doubled.");
});

try
{
    return await app.RunAsync(args, stop.Token);
}
catch (CommandAppException e)
{
    Console.Error.WriteLine($"monitor bench: {e.Message} (see ./monitor bench --help)");
    return 2;
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
    // What failed and why, without the stack (its message carries the details, such as Azurite's own output).
    Console.Error.WriteLine($"bench: failed: {e.GetType().Name}: {e.Message.TrimEnd()}");
    return 1;
}
