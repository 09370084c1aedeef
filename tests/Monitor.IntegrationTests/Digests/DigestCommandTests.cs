using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Monitor.Core.Tests.Digests;

namespace Monitor.IntegrationTests.Digests;

/// <summary><c>monitor digest</c>, the real executable, on the seed articles: CSV and the reader's language.</summary>
[TestClass]
public sealed class DigestCommandTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>The five seeds as input lines (000, 001 and 004 with the dates they carry, 002 and 003 without).</summary>
    private string SeedsFile()
    {
        var dates = new Dictionary<string, string> { ["000"] = "2026-01-23T08:00:00Z", ["001"] = "2026-01-23T10:00:00Z", ["004"] = "2026-02-09T08:00:00Z" };
        var lines = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "testdata", "seeds"), "*.txt").Order(StringComparer.Ordinal).Select(file =>
        {
            var number = Path.GetFileName(file)[..3];
            var line = new Dictionary<string, string> { ["id"] = "seed-" + number, ["text"] = File.ReadAllText(file), ["source"] = "seed" + number };
            if (dates.TryGetValue(number, out var date))
            {
                line["published"] = date;
            }

            return JsonSerializer.Serialize(line);
        });
        var path = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), $"seeds-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(path, lines, new UTF8Encoding(false));
        return path;
    }

    private static async Task<(int ExitCode, string Output)> DigestAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Monitor.Local.dll"));
        start.ArgumentList.Add("digest");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    [TestMethod]
    public async Task The_digest_command_writes_the_seeds_as_csv_that_pythons_csv_module_reads_with_one_row_per_article()
    {
        var input = SeedsFile();
        var csv = Path.ChangeExtension(input, ".csv");
        var json = Path.ChangeExtension(input, ".json");

        var (csvExit, csvOutput) = await DigestAsync("--in", input, "--format", "csv", "--hl", "en", "--out", csv);
        var (jsonExit, jsonOutput) = await DigestAsync("--in", input, "--format", "json", "--hl", "en", "--out", json);

        Assert.AreEqual(0, csvExit, csvOutput);
        Assert.AreEqual(0, jsonExit, jsonOutput);
        var developments = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("developments").EnumerateArray().ToList();
        var rows = await PythonCsv.RowsAsync(csv);
        Assert.HasCount(1 + developments.Sum(d => d.GetProperty("articles").GetArrayLength()), rows, "a header and one row per article");
        CollectionAssert.AreEquivalent(
            developments.Select(d => d.GetProperty("headline").GetString()).ToArray(),
            rows.Skip(1).DistinctBy(r => r[0]).Select(r => r[1].TrimStart('\'')).ToArray(),
            "each development's English headline, as the JSON gives it");
        Assert.IsTrue(rows.Skip(1).All(r => !r[1].Any(c => c is >= '\u0600' and <= '\u06FF')), "every headline in English");
        TestContext.WriteLine($"CSV of the seeds: {csv}");
    }

    [TestMethod]
    public async Task A_readers_language_the_digest_does_not_write_is_refused_naming_it()
    {
        var (exit, output) = await DigestAsync("--in", SeedsFile(), "--hl", "fr");

        Assert.AreEqual(1, exit);
        StringAssert.Contains(output, "'fr'");
        StringAssert.Contains(output, "use ar or en");
    }
}
