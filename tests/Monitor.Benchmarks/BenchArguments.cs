using System.Globalization;

namespace Monitor.Benchmarks;

/// <summary>The bench command's arguments: <c>classify</c> or <c>digest</c>, <c>--items N</c>, <c>--feeds N</c>, <c>--articles N</c>, <c>--requests N</c>, <c>--seeds DIR</c>, <c>--help</c>.</summary>
internal sealed record BenchArguments
{
    public const string Usage = """
        Usage: ./monitor bench [classify | digest | load | delivery | scale] [--items N] [--hosts N] [--feeds N] [--articles N] [--requests N] [--limit N] [--concurrency N] [--deliveries N] [--seeds DIR]
          classify     only the classifier against grep (no Azurite; about a minute)
          digest       only the digest latency: 7-day digests over 300 stored developments
                       (10,000 articles) against the bare Table reads they need (about two minutes)
          --items N    incoming items processed per timed round (default 400)
          --feeds N    unchanged feeds polled per timed cycle (default 200)
          --articles N articles classified per timed round (default 2000)
          --requests N digest requests timed, and as many bare reads (default 300)
          --limit N    developments per digest page (default 50, the API's; at most 500)
          load         only the digest under concurrent load, over HTTP: the local host in its own
                       process, 1,500 stored developments, since=7d&limit=500 in the five formats,
                       --requests N (default 1000 here), --concurrency N (default 200) at once
          delivery     only the delivery latency: from an article's blob in incoming/ to the webhook
                       of an immediate subscription, through the local host (about two minutes)
          --deliveries N articles timed per scan interval (default 50)
          scale        a burst of incoming items (--items, default 10000 here) processed by one host
                       process, then by --hosts N (default 4) at once, against the bare writes the
                       same items need; every item accounted for, developments compared; then
                       unchanged feeds (--feeds, default 2000 here) polled by 1, 2 … --hosts hosts,
                       the storage requests of a poll and of an article counted, and a month priced
          --only burst|polls  one part of the scale bench
          --seeds DIR  folder of seed article texts (default: tests/Monitor.Core.Tests/testdata/seeds)
        Prints a Markdown table on stdout; progress goes to stderr.
        """;

    public int Items { get; init; } = 400;

    /// <summary>True when --items was given (the scale bench has its own default).</summary>
    public bool ItemsGiven { get; init; }

    /// <summary>True for <c>bench scale</c>: the multi-host burst alone.</summary>
    public bool ScaleOnly { get; init; }

    /// <summary>The one part of the scale bench to run (burst or polls); null for both.</summary>
    public string? ScalePart { get; init; }

    /// <summary>True when --feeds was given (the scale bench has its own default).</summary>
    public bool FeedsGiven { get; init; }

    /// <summary>Host processes of the scale bench.</summary>
    public int Hosts { get; init; } = 4;

    public int Feeds { get; init; } = 200;

    public int Articles { get; init; } = 2000;

    /// <summary>Digest requests timed (and as many bare reads).</summary>
    public int Requests { get; init; } = 300;

    /// <summary>True for <c>bench classify</c>: the classification benchmark alone.</summary>
    public bool ClassifyOnly { get; init; }

    /// <summary>True for <c>bench digest</c>: the digest latency benchmark alone.</summary>
    public bool DigestOnly { get; init; }

    /// <summary>True when --requests was given (the load bench has its own default).</summary>
    public bool RequestsGiven { get; init; }

    /// <summary>True for <c>bench load</c>: the digest under concurrent load alone.</summary>
    public bool LoadOnly { get; init; }

    /// <summary>Requests in flight at once in the load bench.</summary>
    public int Concurrency { get; init; } = 200;

    /// <summary>True for <c>bench delivery</c>: the delivery latency benchmark alone.</summary>
    public bool DeliveryOnly { get; init; }

    /// <summary>Articles timed from incoming/ to the webhook, per scan interval.</summary>
    public int Deliveries { get; init; } = 50;

    /// <summary>The seeds folder given on the command line; null to look for the repository's.</summary>
    public string? SeedsFolder { get; init; }

    public bool HelpWanted { get; init; }

    /// <summary>Reads the arguments; a wrong one throws <see cref="BenchFailedException"/> naming it.</summary>
    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        var result = new BenchArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            switch (name)
            {
                case "-h" or "--help":
                    result = result with { HelpWanted = true };
                    break;
                case "--items":
                    result = result with { Items = CountAfter(args, ref i, name, max: 100_000), ItemsGiven = true };
                    break;
                case "--feeds":
                    result = result with { Feeds = CountAfter(args, ref i, name, max: 10_000), FeedsGiven = true };
                    break;
                case "classify" when i == 0:
                    result = result with { ClassifyOnly = true };
                    break;
                case "digest" when i == 0:
                    result = result with { DigestOnly = true };
                    break;
                case "scale" when i == 0:
                    result = result with { ScaleOnly = true };
                    break;
                case "--only":
                    var part = ValueAfter(args, ref i, name);
                    result = part is "burst" or "polls"
                        ? result with { ScalePart = part }
                        : throw new BenchFailedException($"--only takes burst or polls, not '{part}'.");
                    break;
                case "--hosts":
                    result = result with { Hosts = CountAfter(args, ref i, name, max: 16) };
                    break;
                case "delivery" when i == 0:
                    result = result with { DeliveryOnly = true };
                    break;
                case "--deliveries":
                    result = result with { Deliveries = CountAfter(args, ref i, name, max: 10_000) };
                    break;
                case "--requests":
                    result = result with { Requests = CountAfter(args, ref i, name, max: 100_000), RequestsGiven = true };
                    break;
                case "load" when i == 0:
                    result = result with { LoadOnly = true };
                    break;
                case "--concurrency":
                    result = result with { Concurrency = CountAfter(args, ref i, name, max: 5_000) };
                    break;
                case "--articles":
                    result = result with { Articles = CountAfter(args, ref i, name, max: 1_000_000) };
                    break;
                case "--limit":
                    DigestBenchmark.Limit = CountAfter(args, ref i, name, max: 500);
                    break;
                case "--seeds":
                    result = result with { SeedsFolder = ValueAfter(args, ref i, name) };
                    break;
                default:
                    throw new BenchFailedException($"unknown argument '{name}'.{Environment.NewLine}{Usage}");
            }
        }

        return result;
    }

    private static string ValueAfter(IReadOnlyList<string> args, ref int i, string name)
    {
        if (i + 1 >= args.Count)
        {
            throw new BenchFailedException($"{name} needs a value.{Environment.NewLine}{Usage}");
        }

        i++;
        return args[i];
    }

    private static int CountAfter(IReadOnlyList<string> args, ref int i, string name, int max)
    {
        var text = ValueAfter(args, ref i, name);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1 || count > max)
        {
            throw new BenchFailedException($"{name} must be a whole number from 1 to {max}, not '{text}'.");
        }

        return count;
    }
}

/// <summary>The bench could not measure what it set out to: the message says why.</summary>
internal sealed class BenchFailedException(string message) : Exception(message);
