using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Monitor.Core;
using Monitor.Core.Classification;
using Spectre.Console;

namespace Monitor.Local;

/// <summary><c>monitor classify</c> and <c>monitor eval</c>: the classifier on files, with no storage.</summary>
internal static class BatchCommands
{
    public const string DefaultTopic = "detainee-transfers";

    public const string Usage = """
        monitor classify --in articles.jsonl [--out results.jsonl] [--topic ID]
            one result line per input line, same order (standard output without --out)
        monitor eval --in labelled.jsonl [--topic ID] [--min-f1 X]
            precision, recall and F1 overall and per language, confusion counts and the errors;
            exits 1 when --min-f1 is given and the overall F1, or the F1 of any language
            with relevant items, is below it
        """;

    public static async Task<int> ClassifyAsync(string[] args, CancellationToken ct)
    {
        var options = Options(args, ["--in", "--out", "--topic"]);
        var classifier = Classifier();
        var topic = options.GetValueOrDefault("--topic") ?? DefaultTopic;
        var articles = await ReadAsync(options["--in"]!, ct);
        var output = options.GetValueOrDefault("--out");
        await using var writer = output is null ? Console.Out : new StreamWriter(output, append: false, new System.Text.UTF8Encoding(false));
        await WithProgressAsync(articles.Count, output is not null, async advance =>
        {
            foreach (var article in articles)
            {
                ct.ThrowIfCancellationRequested();
                var result = BatchResult.Of(article, classifier, topic);
                await writer.WriteLineAsync(JsonSerializer.Serialize(result, MonitorJson.Options));
                advance();
            }
        });
        if (output is not null)
        {
            Console.Error.WriteLine($"classified {articles.Count} article(s) into {output}");
        }

        return 0;
    }

    public static async Task<int> EvalAsync(string[] args, CancellationToken ct)
    {
        var options = Options(args, ["--in", "--topic", "--min-f1"]);
        var classifier = Classifier();
        var topic = options.GetValueOrDefault("--topic") ?? DefaultTopic;
        double? minF1 = options.GetValueOrDefault("--min-f1") is { } m
            ? double.TryParse(m, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 1 ? v : throw new InvalidDataException($"--min-f1 must be a number between 0 and 1, not '{m}'.")
            : null;
        var articles = await ReadAsync(options["--in"]!, ct);
        var results = new List<(BatchArticle, BatchResult)>();
        await WithProgressAsync(articles.Count, true, advance =>
        {
            foreach (var article in articles)
            {
                ct.ThrowIfCancellationRequested();
                results.Add((article, BatchResult.Of(article, classifier, topic)));
                advance();
            }

            return Task.CompletedTask;
        });

        var evaluation = Evaluation.Of(results);
        Print(evaluation, topic);
        if (minF1 is { } threshold && evaluation.Below(threshold) is { Count: > 0 } below)
        {
            foreach (var (set, f1) in below)
            {
                Console.Error.WriteLine($"eval: {set} F1 {f1.ToString("0.000", CultureInfo.InvariantCulture)} is below {threshold.ToString("0.000", CultureInfo.InvariantCulture)}");
            }

            return 1;
        }

        return 0;
    }

    private static void Print(Evaluation evaluation, string topic)
    {
        var table = new Table().Title($"{Markup.Escape(topic)}: {evaluation.Overall.Total} labelled, {evaluation.Borderline} borderline left out");
        foreach (var column in new[] { "set", "n", "precision", "recall", "F1", "TP", "FP", "FN", "TN" })
        {
            table.AddColumn(column);
        }

        void Row(string name, Confusion c) => table.AddRow(
            name, c.Total.ToString(CultureInfo.InvariantCulture), c.Precision.ToString("0.000", CultureInfo.InvariantCulture),
            c.Recall.ToString("0.000", CultureInfo.InvariantCulture), c.F1.ToString("0.000", CultureInfo.InvariantCulture),
            c.TruePositives.ToString(CultureInfo.InvariantCulture), c.FalsePositives.ToString(CultureInfo.InvariantCulture),
            c.FalseNegatives.ToString(CultureInfo.InvariantCulture), c.TrueNegatives.ToString(CultureInfo.InvariantCulture));

        Row("overall", evaluation.Overall);
        foreach (var (language, confusion) in evaluation.ByLanguage)
        {
            Row(language, confusion);
        }

        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = 160;
        }

        console.Write(table);
        if (evaluation.Errors.Count == 0)
        {
            console.WriteLine("no errors");
            return;
        }

        console.WriteLine($"errors ({evaluation.Errors.Count}):");
        foreach (var error in evaluation.Errors)
        {
            var kind = error.Predicted ? "false positive" : "false negative";
            console.WriteLine($"  {kind,-14} {error.Id} [{error.Language}] score {error.Score.ToString("0.00", CultureInfo.InvariantCulture)}: {error.Title}");
        }
    }

    private static ArticleClassifier Classifier() =>
        new(new TopicCatalog(Microsoft.Extensions.Options.Options.Create(new ClassificationOptions())));

    private static async Task<List<BatchArticle>> ReadAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"input file not found: {path}");
        }

        var articles = new List<BatchArticle>();
        var number = 0;
        await foreach (var line in File.ReadLinesAsync(path, ct))
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                articles.Add(BatchArticle.Parse(line, number));
            }
        }

        return articles;
    }

    private static Dictionary<string, string?> Options(string[] args, string[] allowed)
    {
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!allowed.Contains(args[i]) || i + 1 >= args.Length)
            {
                throw new InvalidDataException($"unknown or incomplete option '{args[i]}'.{Environment.NewLine}{Usage}");
            }

            options[args[i]] = args[++i];
        }

        if (!options.ContainsKey("--in"))
        {
            throw new InvalidDataException($"--in is required.{Environment.NewLine}{Usage}");
        }

        return options;
    }

    /// <summary>A progress bar on an interactive terminal; nothing when output goes to a file or a pipe.</summary>
    private static async Task WithProgressAsync(int total, bool allowed, Func<Action, Task> work)
    {
        if (!allowed || Console.IsErrorRedirected || total < 50)
        {
            await work(() => { });
            return;
        }

        await AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) })
            .Progress()
            .StartAsync(async context =>
            {
                var task = context.AddTask("classifying", maxValue: total);
                await work(() => task.Increment(1));
            });
    }
}
