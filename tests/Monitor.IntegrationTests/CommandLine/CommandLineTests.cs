using System.Text;
using System.Text.RegularExpressions;
using Monitor.IntegrationTests.Infrastructure;
using Monitor.Local;

namespace Monitor.IntegrationTests.CommandLine;

/// <summary>
/// The command line as a user meets it: the real executables (<c>Monitor.Local</c>, what <c>./monitor VERB</c>
/// runs; <c>Monitor.Benchmarks</c>, what <c>./monitor bench</c> runs; the <c>./monitor</c> script for
/// <c>test</c>), every verb's help, one-line errors, and the README's copy of the help.
/// </summary>
[TestClass]
public sealed partial class CommandLineTests
{
    /// <summary>Every verb, as <c>./monitor</c> is given it; "" is the command line itself.</summary>
    private static readonly string[] Verbs =
    [
        "", "run", "classify", "eval", "digest", "sources", "sources check", "sources find",
        "bench", "bench classify", "bench digest", "bench load", "bench delivery", "bench scale", "test",
    ];

    private const string ReferenceStart = "<!-- The command-line reference: each verb's --help, checked by CommandLineTests. MONITOR_WRITE_README=1 with that test rewrites it. -->";
    private const string ReferenceEnd = "<!-- End of the command-line reference. -->";

    private static readonly Lazy<Task<IReadOnlyDictionary<string, CommandRun>>> Helps = new(HelpsAsync);

    [TestMethod]
    public async Task Every_verb_answers_help_with_its_own_usage()
    {
        var helps = await Helps.Value;

        foreach (var verb in Verbs)
        {
            var run = helps[verb];
            Assert.AreEqual(0, run.ExitCode, $"{verb} --help: {run}");
            Assert.AreEqual("", run.Errors, $"{verb} --help: {run}");
            var lines = run.Output.Split('\n', StringSplitOptions.TrimEntries);
            var usage = lines.SkipWhile(l => l != "USAGE:").Skip(1).FirstOrDefault();
            Assert.IsNotNull(usage, $"{verb} --help has a usage: {run}");
            StringAssert.StartsWith(usage, $"monitor {verb} ".Replace("  ", " ", StringComparison.Ordinal), $"{verb} --help names its own usage: {run}");
            StringAssert.Contains(usage, "OPTIONS]", $"{verb} --help names its options: {run}");
        }

        foreach (var verb in Monitor.Local.CommandLine.Verbs)
        {
            StringAssert.Contains(helps[""].Output, $"    {verb} ", $"monitor --help lists {verb}");
        }

        StringAssert.Contains(helps[""].Output, "    test ", "monitor --help names the script's verbs");
        StringAssert.Contains(helps[""].Output, "    bench ", "monitor --help names the script's verbs");
    }

    [TestMethod]
    [DataRow("run --port abc", "monitor run: Failed to convert 'abc' to Int32. (see monitor run --help)")]
    [DataRow("run --port 70000", "monitor run: --port must be a port number from 1 to 65535, not 70000. (see monitor run --help)")]
    [DataRow("run --otlp localhost", "monitor run: --otlp must be an absolute http or https address such as http://localhost:4317, not 'localhost'. (see monitor run --help)")]
    [DataRow("run --dmeo", "monitor run: Unknown option 'dmeo'. (see monitor run --help)")]
    [DataRow("classify", "monitor classify: Command 'classify' is missing required option 'in'. (see monitor classify --help)")]
    [DataRow("eval --in {file} --min-f1 1.5", "monitor eval: --min-f1 must be a number from 0 to 1, not 1.5. (see monitor eval --help)")]
    [DataRow("digest --in {file} --format pdf", "monitor digest: --format must be json, md, html, rss, atom or csv, not 'pdf'. (see monitor digest --help)")]
    [DataRow("digest --in {file} --since yesterday", "monitor digest: ")]
    [DataRow("sources find example.com", "monitor sources find: URL must be an absolute http or https address, not 'example.com'. (see monitor sources find --help)")]
    [DataRow("transfer", "monitor: Unknown command 'transfer'. (see monitor --help)")]
    [DataRow("bench digest --limit 0", "monitor bench: --limit must be a whole number from 1 to 500, not 0. (see ./monitor bench --help)")]
    [DataRow("bench scale --only all", "monitor bench: --only takes burst or polls, not 'all'. (see ./monitor bench --help)")]
    public async Task A_bad_option_value_is_one_line_on_standard_error_and_exit_code_2(string arguments, string line)
    {
        var file = Path.Combine(AppContext.BaseDirectory, "testdata", "devset", "dev.jsonl");
        string[] args = [.. arguments.Replace("{file}", file, StringComparison.Ordinal).Split(' ')];

        var run = args[0] == "bench" ? await MonitorCommand.BenchAsync(args[1..]) : await MonitorCommand.RunAsync(args);

        Assert.AreEqual(2, run.ExitCode, run.ToString());
        Assert.HasCount(1, run.ErrorLines, run.ToString());
        StringAssert.StartsWith(run.ErrorLines[0], line, run.ToString());
        Assert.AreEqual("", run.Output.Trim(), "nothing else: " + run);
    }

    [TestMethod]
    public void Settings_written_as_in_the_configuration_reference_are_told_from_options_by_their_names()
    {
        var (arguments, settings) = HostSettingArguments.Split(
            ["run", "--demo", "--Feeds:Timeout=00:00:30", "--port=8080", "--Storage:ConnectionString", "UseDevelopmentStorage=true", "--DeliverySchedule=*/10 * * * * *", "--otlp", "http://localhost:4317"]);

        CollectionAssert.AreEqual(new[] { "run", "--demo", "--port=8080", "--otlp", "http://localhost:4317" }, arguments);
        CollectionAssert.AreEqual(new[] { "--Feeds:Timeout=00:00:30", "--Storage:ConnectionString", "UseDevelopmentStorage=true", "--DeliverySchedule=*/10 * * * * *" }, settings);
    }

    [TestMethod]
    public async Task The_README_command_line_reference_is_the_help_of_every_verb()
    {
        var expected = Reference(await Helps.Value);
        var readme = Repository.PathOf("README.md");
        var text = await File.ReadAllTextAsync(readme);
        var start = text.IndexOf(ReferenceStart, StringComparison.Ordinal);
        var end = text.IndexOf(ReferenceEnd, StringComparison.Ordinal);
        Assert.IsTrue(start >= 0 && end > start, $"README.md has the markers of the command-line reference:{Environment.NewLine}{ReferenceStart}{Environment.NewLine}{ReferenceEnd}");
        var actual = text[(start + ReferenceStart.Length)..end];
        if (actual != expected && Environment.GetEnvironmentVariable("MONITOR_WRITE_README") == "1")
        {
            await File.WriteAllTextAsync(readme, text[..(start + ReferenceStart.Length)] + expected + text[end..]);
            return;
        }

        Assert.AreEqual(expected, actual, "README.md's command-line reference is not what the verbs' --help print; run this test with MONITOR_WRITE_README=1 to rewrite it");
    }

    [TestMethod]
    public async Task Every_command_the_README_shows_uses_a_verb_and_options_that_exist()
    {
        var helps = await Helps.Value;
        var readme = await File.ReadAllTextAsync(Repository.PathOf("README.md"));

        // The reference itself is the help, checked above.
        readme = readme[..readme.IndexOf(ReferenceStart, StringComparison.Ordinal)] + readme[readme.IndexOf(ReferenceEnd, StringComparison.Ordinal)..];
        var checkedCommands = 0;
        foreach (Match command in ReadmeCommand().Matches(readme))
        {
            var words = command.Groups["words"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var verb = words.Length > 1 && Verbs.Contains($"{words[0]} {words[1]}") ? $"{words[0]} {words[1]}"
                : Verbs.Contains(words[0].TrimEnd(',', '.', ':')) ? words[0].TrimEnd(',', '.', ':')
                : words[0].StartsWith('-') || words[0] == "help" ? ""
                : null;
            Assert.IsNotNull(verb, $"README: `{command.Value.Trim()}`: no such verb");
            if (verb is "test" || words[0] == "help")
            {
                // Its options are dotnet test's.
                continue;
            }

            foreach (Match option in Option().Matches(command.Groups["words"].Value))
            {
                var name = option.Value;
                if (char.IsUpper(name[2]) || name is "--help")
                {
                    continue;
                }

                Assert.IsTrue(Regex.IsMatch(helps[verb].Output, $@"(^|[ ,]){Regex.Escape(name)}( |$)", RegexOptions.Multiline), $"README: `{command.Value.Trim()}`: ./monitor {verb} has no option {name}");
                checkedCommands++;
            }
        }

        Assert.IsGreaterThan(20, checkedCommands, "the README's commands were read");
    }

    /// <summary>The README's copy: each verb's help, its lines' trailing blanks left out.</summary>
    private static string Reference(IReadOnlyDictionary<string, CommandRun> helps)
    {
        var text = new StringBuilder(Environment.NewLine);
        foreach (var verb in Verbs)
        {
            var lines = helps[verb].Output.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd());
            text.Append(Environment.NewLine).Append($"#### `./monitor {verb}{(verb.Length == 0 ? "" : " ")}--help`")
                .Append(Environment.NewLine).Append(Environment.NewLine)
                .Append("```text").Append(Environment.NewLine)
                .Append(string.Join(Environment.NewLine, lines).Trim('\n', '\r')).Append(Environment.NewLine)
                .Append("```").Append(Environment.NewLine);
        }

        return text.Append(Environment.NewLine).ToString();
    }

    private static async Task<IReadOnlyDictionary<string, CommandRun>> HelpsAsync()
    {
        var helps = new Dictionary<string, CommandRun>(StringComparer.Ordinal);
        foreach (var verb in Verbs)
        {
            string[] args = [.. verb.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"];
            helps[verb] = args[0] switch
            {
                "bench" => await MonitorCommand.BenchAsync(args[1..]),
                "test" => await MonitorCommand.ScriptAsync(args),
                _ => await MonitorCommand.RunAsync(args),
            };
        }

        return helps;
    }

    /// <summary>A command the README shows: <c>./monitor</c> and what follows it on the line.</summary>
    [GeneratedRegex(@"\./monitor(?<words>(?: +[^ `\n|)']+)+)")]
    private static partial Regex ReadmeCommand();

    [GeneratedRegex(@"--[A-Za-z][A-Za-z0-9-]*")]
    private static partial Regex Option();
}
