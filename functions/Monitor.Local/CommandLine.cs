using Microsoft.Extensions.Options;
using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace Monitor.Local;

/// <summary>
/// The <c>monitor</c> command line on Spectre.Console.Cli: every verb with its typed options and its own
/// <c>--help</c>. A wrong option or value is one line on standard error and exit code 2; a failure the
/// command reports (a missing file, a wrong setting) is one line and exit code 1.
/// </summary>
internal static class CommandLine
{
    public const string Name = "monitor";

    /// <summary>Width of the help text when it goes to a file or a pipe (the README's copy is made so).</summary>
    public const int RedirectedHelpWidth = 100;

    /// <summary>Every verb of this executable.</summary>
    public static readonly string[] Verbs = ["run", "classify", "eval", "digest", "sources"];

    /// <summary>The verbs that read the host's configuration, and so take settings (<see cref="HostSettingArguments"/>).</summary>
    private static readonly string[] VerbsWithSettings = ["run", "sources"];

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        // "monitor", "monitor help" and "monitor help VERB" show help, as before.
        args = args switch
        {
            [] or ["help"] => ["--help"],
            ["help", .. var verb] => [.. verb, "--help"],
            _ => args,
        };
        var (arguments, settings) = args.Length > 0 && VerbsWithSettings.Contains(args[0])
            ? HostSettingArguments.Split(args)
            : (args, []);
        if (args is ["digest", ..])
        {
            // The digest's words were --q, as the API's parameter; the library wants long names longer than one letter.
            arguments = [.. arguments.Select(a => a == "--q" ? "--query" : a)];
        }

        var command = args switch
        {
            ["sources", "check" or "find", ..] => $"{Name} {args[0]} {args[1]}",
            [var verb, ..] when Verbs.Contains(verb) => $"{Name} {verb}",
            _ => Name,
        };
        try
        {
            return await Create(settings).RunAsync(arguments, ct);
        }
        catch (CommandAppException e)
        {
            Console.Error.WriteLine($"{command}: {OneLine(e.Message)} (see {command} --help)");
            return 2;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return 130;
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or OptionsValidationException)
        {
            Console.Error.WriteLine($"{command}: {e.Message}");
            return 1;
        }
    }

    /// <summary>The command tree; <paramref name="settings"/> go to the verbs that read the host's configuration.</summary>
    public static CommandApp Create(IReadOnlyList<string> settings)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName(Name);
            config.ConfigureConsole(Terminal.Create(Console.Out, RedirectedHelpWidth));
            config.SetHelpProvider(new MonitorHelp(config.Settings));
            config.PropagateExceptions();
            config.UseStrictParsing();
            config.AddCommand<RunCommand>("run")
                .WithDescription("Run the product on this machine (HTTP API, poll, processing) until Ctrl+C. Any setting of the configuration reference can follow as --Section:Key=value (or --Setting=value for a top-level one); settings start with a capital letter, options do not.")
                .WithData(settings)
                .WithExample("run", "--demo")
                .WithExample("run", "--port", "8080", "--Feeds:Timeout=00:00:30");
            config.AddCommand<ClassifyCommand>("classify")
                .WithDescription("Classify the articles of a JSON Lines file, offline: one result line per input line, in the same order.")
                .WithExample("classify", "--in", "articles.jsonl", "--out", "results.jsonl");
            config.AddCommand<EvalCommand>("eval")
                .WithDescription("Precision, recall and F1 of the classifier on a labelled JSON Lines file, overall and per language, the confusion counts and the errors, offline. When items carry \"event\" (and \"type\"), also scores the developments: same-event pairs together, different-event pairs apart (and cross-language), B-cubed, type accuracy, every wrong pair with its reasons. Each --min-* makes it exit 1 below that value.")
                .WithExample("eval", "--in", "labelled.jsonl", "--min-f1", "0.93");
            config.AddCommand<DigestCommand>("digest")
                .WithDescription("The developments of a JSON Lines file of articles, offline: classifies every article (each story of a scraped page), groups the relevant ones and prints the digest; every input article is covered unless --since or --until narrow it.")
                .WithExample("digest", "--in", "articles.jsonl", "--format", "md", "--since", "7d");
            config.AddBranch("sources", sources =>
            {
                sources.SetDescription("Check the configured feeds, or find a site's feeds, without storage and without running the host.");
                sources.AddCommand<SourcesCheckCommand>("check")
                    .WithDescription("Poll every configured source once with the product's own fetcher and parser, store nothing, and print each one's state; exit 1 when an enabled source fails. Reads the settings the host reads (Feeds:SourcesPath, Feeds:Timeout, Feeds:AllowLoopback…), also as --Section:Key=value.")
                    .WithData(settings)
                    .WithExample("sources", "check")
                    .WithExample("sources", "check", "--source", "shafaq-ar,shafaq-en", "--Feeds:Timeout=00:00:10");
                sources.AddCommand<SourcesFindCommand>("find")
                    .WithDescription("Read a web page, list the feeds it advertises (or, when it advertises none, those at /feed, /rss and /rss.xml), check each once and print a sources.json entry for each one that works; exit 1 when none does.")
                    .WithData(settings)
                    .WithExample("sources", "find", "https://www.example.com/");
            });
        });
        return app;
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Spectre's help, with the verbs the <c>./monitor</c> script runs itself named under the root's.</summary>
    private sealed class MonitorHelp(ICommandAppSettings settings) : HelpProvider(settings)
    {
        public override IEnumerable<IRenderable> GetFooter(ICommandModel model, ICommandInfo? command)
        {
            if (command is not null)
            {
                return base.GetFooter(model, command);
            }

            return
            [
                .. base.GetFooter(model, command),
                Text.NewLine,
                new Text("THE ./monitor SCRIPT ALSO RUNS:"),
                Text.NewLine,
                new Text("    test     Every test, unit and integration (./monitor test --help)"),
                Text.NewLine,
                new Text("    bench    The benchmarks of the README's Performance section (./monitor bench --help)"),
                Text.NewLine,
            ];
        }
    }
}

/// <summary>
/// Settings given on the command line of a verb that reads the host's configuration, as the
/// configuration reference names them: <c>--Section:Key=value</c>, <c>--Section:Key value</c>, or
/// <c>--Setting=value</c> for a top-level one. They are told from the verb's own options by their
/// names: a setting's has a colon or starts with a capital letter; an option's is lower-case.
/// </summary>
internal static class HostSettingArguments
{
    public static (string[] Arguments, string[] Settings) Split(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var arguments = new List<string>();
        var settings = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var name = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..].Split('=', 2)[0] : "";
            if (name.Length == 0 || !(name.Contains(':', StringComparison.Ordinal) || char.IsUpper(name[0])))
            {
                arguments.Add(arg);
                continue;
            }

            settings.Add(arg);
            if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Count)
            {
                settings.Add(args[++i]);
            }
        }

        return ([.. arguments], [.. settings]);
    }
}

/// <summary>A Spectre console on a writer: as wide as the terminal, or a fixed width when written to a file or a pipe.</summary>
internal static class Terminal
{
    public static IAnsiConsole Create(TextWriter writer, int redirectedWidth)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        var redirected = writer == Console.Error ? Console.IsErrorRedirected : Console.IsOutputRedirected;
        if (redirected)
        {
            console.Profile.Width = redirectedWidth;
        }

        return console;
    }
}
