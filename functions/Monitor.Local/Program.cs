using Monitor.Local;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

const string Help = """
    Monitor: ISIS detainee transfers from Syria to Iraq, across Arabic and English media.

    usage: monitor <command> [options]

    commands:
      run       run the product on this machine (HTTP API, poll, processing) until Ctrl+C
      classify  classify articles from a JSONL file, offline
      eval      precision, recall and F1 of the classifier on a labelled JSONL file, offline
      digest    developments of a JSONL file of articles, as JSON, Markdown, HTML, RSS, Atom or CSV, offline
      help      show this text

    """;

var verb = args.Length == 0 ? "help" : args[0];
try
{
    return verb switch
    {
        "run" => await RunCommand.RunAsync(args[1..], stop.Token),
        "classify" => await BatchCommands.ClassifyAsync(args[1..], stop.Token),
        "eval" => await BatchCommands.EvalAsync(args[1..], stop.Token),
        "digest" => await BatchCommands.DigestAsync(args[1..], stop.Token),
        "help" or "--help" or "-h" => Print(Help + RunCommand.Usage + Environment.NewLine + BatchCommands.Usage),
        _ => Fail($"monitor: unknown command '{verb}'.{Environment.NewLine}{Help}"),
    };
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    return 130;
}
catch (Exception e) when (e is InvalidDataException or InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException)
{
    Console.Error.WriteLine($"monitor {verb}: {e.Message}");
    return 1;
}

static int Print(string text)
{
    Console.WriteLine(text);
    return 0;
}

static int Fail(string text)
{
    Console.Error.WriteLine(text);
    return 2;
}
