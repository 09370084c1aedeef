using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Monitor.Core;
using Monitor.Core.Classification;
using Monitor.Core.Developments;
using Monitor.Core.Digests;
using Spectre.Console;

namespace Monitor.Local;

/// <summary><c>monitor classify</c>, <c>monitor eval</c> and <c>monitor digest</c>: the classifier and the developments on files, with no storage.</summary>
internal static class BatchCommands
{
    public const string DefaultTopic = "detainee-transfers";

    public const string Usage = """
        monitor classify --in articles.jsonl [--out results.jsonl] [--topic ID]
            one result line per input line, same order (standard output without --out)
        monitor eval --in labelled.jsonl [--topic ID] [--min-f1 X]
                     [--min-together X] [--min-apart X] [--min-bcubed X] [--min-type X] [--fit]
                     [--explain ID,ID]
            precision, recall and F1 overall and per language, confusion counts and the errors;
            exits 1 when --min-f1 is given and the overall F1, or the F1 of any language
            with relevant items, is below it. When items carry "event" (and "type"), also
            scores the developments: same-event pairs together, different-event pairs apart
            (and cross-language), B-cubed, type accuracy and confusion, every wrong pair with
            its reasons; each --min-* fails the run below it. --fit prints join weights fitted
            on the file, for the topic file's "grouping" section; --explain prints one pair's
            join features, each with its weight, and what each article's lead names
        monitor digest --in articles.jsonl [--format json|md|html|rss|atom|csv] [--out FILE] [--topic ID]
                       [--since T] [--until T] [--lang ar|en] [--hl en|ar] [--source ID,..] [--type TYPE,..]
                       [--min-score X] [--q WORDS] [--limit N]
            classifies every article (each story of a scraped page), groups the relevant ones into
            developments and prints the digest; every input article is covered unless --since or
            --until (ISO 8601, or 7d etc. before now) narrow it; each development lists its articles by input id;
            --hl gives every headline and summary in that language (a title in it, else the generated fact line)
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
        var fit = args.Contains("--fit");
        var options = Options([.. args.Where(a => a != "--fit")], ["--in", "--topic", "--min-f1", "--min-together", "--min-apart", "--min-bcubed", "--min-type", "--explain"]);
        var catalog = new TopicCatalog(Microsoft.Extensions.Options.Options.Create(new ClassificationOptions()));
        var classifier = new ArticleClassifier(catalog);
        var topic = options.GetValueOrDefault("--topic") ?? DefaultTopic;
        var profile = catalog.Find(topic) ?? throw new InvalidDataException($"unknown topic '{topic}'; known: {string.Join(", ", catalog.Topics.Select(t => t.Id))}");
        var minF1 = Share(options, "--min-f1");
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
        var failed = false;
        if (minF1 is { } threshold && evaluation.Below(threshold) is { Count: > 0 } below)
        {
            foreach (var (set, f1) in below)
            {
                Console.Error.WriteLine($"eval: {set} F1 {f1.ToString("0.000", CultureInfo.InvariantCulture)} is below {threshold.ToString("0.000", CultureInfo.InvariantCulture)}");
            }

            failed = true;
        }

        var members = OfflineDigest.Articles(articles, classifier, profile, null, null, DateTimeOffset.UtcNow);
        var events = GroupingEvaluation.Labelled(articles, members);
        if (events.Count == 0)
        {
            return failed ? 1 : 0;
        }

        if (options.GetValueOrDefault("--explain") is { } explain)
        {
            return Explain(explain, members, new DevelopmentGrouper(profile.Grouping).Scorer);
        }

        if (fit)
        {
            var fitted = GroupingFit.Fit(events, members, profile.Grouping);
            PrintFit(fitted);
            return 0;
        }

        var grouper = new DevelopmentGrouper(profile.Grouping);
        var grouping = GroupingEvaluation.Of(events, grouper.Developments(members), grouper.Scorer);
        PrintGrouping(grouping, topic);
        foreach (var (measure, value, least) in grouping.Below(Share(options, "--min-together"), Share(options, "--min-apart"), Share(options, "--min-bcubed"), Share(options, "--min-type")))
        {
            Console.Error.WriteLine($"eval: {measure} {value.ToString("0.000", CultureInfo.InvariantCulture)} is below {least.ToString("0.000", CultureInfo.InvariantCulture)}");
            failed = true;
        }

        return failed ? 1 : 0;
    }

    private static double? Share(Dictionary<string, string?> options, string name) =>
        options.GetValueOrDefault(name) is { } m
            ? double.TryParse(m, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 1 ? v : throw new InvalidDataException($"{name} must be a number between 0 and 1, not '{m}'.")
            : null;

    private static void PrintGrouping(GroupingEvaluation e, string topic)
    {
        static string F(double x) => x.ToString("0.000", CultureInfo.InvariantCulture);
        static string C(PairCount c) => $"{c.Right}/{c.Total}";
        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = 160;
        }

        var table = new Table().Title($"{Markup.Escape(topic)} developments: {e.Articles} labelled articles of {e.Events} events ({e.Missed} not found relevant, left out)");
        table.AddColumn("measure");
        table.AddColumn("value");
        table.AddColumn("count");
        table.AddRow("same-event pairs together", F(e.SameEvent.Rate), C(e.SameEvent));
        table.AddRow("  cross-language", F(e.SameEventCrossLanguage.Rate), C(e.SameEventCrossLanguage));
        table.AddRow("different-event pairs apart", F(e.DifferentEvents.Rate), C(e.DifferentEvents));
        table.AddRow("  cross-language", F(e.DifferentEventsCrossLanguage.Rate), C(e.DifferentEventsCrossLanguage));
        table.AddRow("B-cubed precision", F(e.BCubedPrecision), "");
        table.AddRow("B-cubed recall", F(e.BCubedRecall), "");
        table.AddRow("B-cubed F1", F(e.BCubedF1), "");
        table.AddRow("type accuracy", F(e.TypeRight.Rate), C(e.TypeRight));
        console.Write(table);

        var types = e.TypeConfusion.Keys.SelectMany(k => new[] { k.Label, k.Predicted }).Distinct().Order(StringComparer.Ordinal).ToList();
        if (types.Count > 0)
        {
            var confusion = new Table().Title("type: labelled (rows) against the development's (columns)");
            confusion.AddColumn("");
            foreach (var t in types)
            {
                confusion.AddColumn(Markup.Escape(t));
            }

            foreach (var label in types)
            {
                confusion.AddRow([Markup.Escape(label), .. types.Select(p => e.TypeConfusion.GetValueOrDefault((label, p)).ToString(CultureInfo.InvariantCulture))]);
            }

            console.Write(confusion);
        }

        if (e.Mixed.Count > 0)
        {
            console.WriteLine($"developments that mix events, hold part of one or have another type than labelled ({e.Mixed.Count}):");
            foreach (var m in e.Mixed)
            {
                console.WriteLine($"  {m.Id} ({m.Type}{(m.LabelledType is { } t ? $", labelled {t}" : "")}): {string.Join("; ", m.Events.Select(v => $"{v.Event} {v.Ids.Count}/{v.OfEvent} [{string.Join(" ", v.Ids)}]"))}");
            }
        }

        if (e.WrongPairs.Count == 0)
        {
            console.WriteLine("no wrong pairs");
            return;
        }

        console.WriteLine($"wrong pairs ({e.WrongPairs.Count}):");
        foreach (var pair in e.WrongPairs)
        {
            console.WriteLine($"  {(pair.Together ? "joined, different events" : "apart, one event"),-25} {pair.A} {pair.B} score {pair.Score.ToString("0.00", CultureInfo.InvariantCulture)}: {pair.Reasons}");
        }
    }

    /// <summary>One pair's join features with their weights, and what each article's lead names.</summary>
    private static int Explain(string pair, IReadOnlyList<DevelopmentArticle> members, JoinScore scorer)
    {
        var ids = pair.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var found = ids.Select(id => members.Where(m => m.Id == id).MaxBy(m => m.Score)).ToList();
        if (ids.Length != 2 || found.Any(f => f is null))
        {
            Console.Error.WriteLine($"eval: --explain takes two ids of relevant articles, as ID,ID; not found relevant: {string.Join(", ", ids.Where((_, i) => i >= found.Count || found[i] is null))}");
            return 1;
        }

        var (a, b) = (scorer.Prepare(found[0]!), scorer.Prepare(found[1]!));
        foreach (var p in new[] { a, b })
        {
            var x = p.Article;
            Console.WriteLine($"{x.Id} [{x.Language}] {x.Type} {(x.PublishedEstimated ? "undated" : x.Published.ToString("u", CultureInfo.InvariantCulture))}: {x.Title}");
            Console.WriteLine($"  lead: places {string.Join(" ", x.LeadPlaces)}; actors {string.Join(" ", x.LeadActors)}; themes {string.Join(" ", x.LeadThemes)}; figures {string.Join(" ", x.Figures.Where(f => f.Lead).Select(f => $"{f.Value}:{f.What}"))}");
            Console.WriteLine($"  all:  places {string.Join(" ", x.Places)}; actors {string.Join(" ", x.Actors)}; themes {string.Join(" ", x.Themes)}; figures {string.Join(" ", x.Figures.Select(f => $"{f.Value}:{f.What}"))}");
        }

        var score = scorer.Score(a, b);
        Console.WriteLine($"score {score.Score.ToString("0.00", CultureInfo.InvariantCulture)} (bias {scorer.Rules.Bias.ToString("0.00", CultureInfo.InvariantCulture)}){(score.Apart is { } apart ? $", kept apart: {apart}" : "")}{(scorer.Joins(score) ? ", joins" : ", does not join")}");
        foreach (var feature in Enum.GetValues<JoinFeature>().Where(f => score.Features[(int)f] != 0))
        {
            var value = score.Features[(int)feature];
            var weight = scorer.Rules.Weight(feature);
            Console.WriteLine($"  {GroupingRules.FeatureName(feature),-22} {value.ToString("0.00", CultureInfo.InvariantCulture)} × {weight.ToString("0.00", CultureInfo.InvariantCulture)} = {(value * weight).ToString("0.00", CultureInfo.InvariantCulture)}");
        }

        return 0;
    }

    private static void PrintFit(GroupingFit.Result fit)
    {
        static string N(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);
        Console.Error.WriteLine($"fitted on {fit.Pairs} pairs ({fit.SameEventPairs} of one event), mean log loss {fit.LogLoss.ToString("0.0000", CultureInfo.InvariantCulture)}; best B-cubed F1 on this file {fit.BCubedF1.ToString("0.000", CultureInfo.InvariantCulture)}; paste into the topic file's \"grouping\":");
        Console.WriteLine($"\"bias\": {N(fit.Bias)},");
        Console.WriteLine($"\"weights\": {{ {string.Join(", ", fit.Weights.Select(w => $"\"{GroupingRules.FeatureName(w.Key)}\": {N(w.Value)}"))} }}");
        Console.WriteLine($"\"threshold\": {N(fit.Threshold)}, \"undatedThreshold\": {N(fit.UndatedThreshold)}, \"minAverageLink\": {N(fit.MinAverageLink)}");
    }

    public static async Task<int> DigestAsync(string[] args, CancellationToken ct)
    {
        var options = Options(args, ["--in", "--out", "--topic", "--format", "--since", "--until", "--lang", "--hl", "--source", "--type", "--min-score", "--q", "--limit"]);
        var catalog = new TopicCatalog(Microsoft.Extensions.Options.Options.Create(new ClassificationOptions()));
        var topicId = options.GetValueOrDefault("--topic") ?? DefaultTopic;
        var topic = catalog.Find(topicId) ?? throw new InvalidDataException($"unknown topic '{topicId}'; known: {string.Join(", ", catalog.Topics.Select(t => t.Id))}");
        var format = DigestFormats.Parse(options.GetValueOrDefault("--format") ?? "json")
            ?? throw new InvalidDataException($"--format must be {DigestFormats.Names}, not '{options["--format"]}'.");

        var errors = new List<string>();
        var filterValues = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (option, parameter) in new[]
        {
            ("--lang", DigestQueryParser.LanguageParameter), ("--hl", DigestQueryParser.ReaderLanguageParameter), ("--source", DigestQueryParser.SourceParameter),
            ("--type", DigestQueryParser.TypeParameter), ("--min-score", DigestQueryParser.MinScoreParameter),
            ("--q", DigestQueryParser.TextParameter), ("--limit", DigestQueryParser.LimitParameter),
        })
        {
            if (options.TryGetValue(option, out var value))
            {
                filterValues[parameter] = value;
            }
        }

        var filters = DigestQueryParser.ReadFilters(filterValues, errors);
        if (!options.ContainsKey("--limit"))
        {
            // Offline, every development is on one page: the digest covers every input article.
            filters = filters with { Limit = int.MaxValue };
        }

        var since = Time(options, "--since", errors);
        var until = Time(options, "--until", errors);
        if (errors.Count > 0)
        {
            throw new InvalidDataException(string.Join(Environment.NewLine, errors));
        }

        var articles = await ReadAsync(options["--in"]!, ct);
        var digest = OfflineDigest.Build(articles, new ArticleClassifier(catalog), topic, filters, since, until, DateTimeOffset.UtcNow);
        var self = new Uri(Path.GetFullPath(options["--in"]!));
        var rendered = DigestFormats.Render(digest, format, self);
        if (options.GetValueOrDefault("--out") is { } output)
        {
            await File.WriteAllTextAsync(output, rendered.Body, new System.Text.UTF8Encoding(false), ct);
            Console.Error.WriteLine($"{digest.Developments.Count} development(s) from {articles.Count} article(s) into {output}");
        }
        else
        {
            Console.Out.Write(rendered.Body);
            await Console.Out.FlushAsync(ct);
        }

        return 0;
    }

    private static DateTimeOffset? Time(Dictionary<string, string?> options, string name, List<string> errors) =>
        options.TryGetValue(name, out var raw) ? DigestQueryParser.ReadTime(name, raw, DateTimeOffset.UtcNow, errors) : null;

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
