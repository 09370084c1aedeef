using System.Diagnostics;
using System.Text.Json;

namespace Monitor.Core.Tests.Digests;

/// <summary>
/// Reads a CSV file with Python's <c>csv</c> module (<c>python3</c>, as a spreadsheet user's script
/// would, with the <c>utf-8-sig</c> codec that takes the byte order mark): the rows it sees. Without
/// python3 the test fails and says so; it never skips.
/// </summary>
internal static class PythonCsv
{
    private const string Script = """
        import csv, json, sys
        with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
            rows = list(csv.reader(f, strict=True))
        sys.stdout.write(json.dumps(rows, ensure_ascii=True))
        """;

    public static async Task<List<string[]>> RowsAsync(string path)
    {
        var python = Environment.GetEnvironmentVariable("MONITOR_PYTHON") ?? "python3";
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(path);
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"Python 3 was not found ({python}: {e.Message}). Install it (apt-get install python3) or set MONITOR_PYTHON to a Python 3 executable.");
            throw;
        }

        using (process)
        {
            var output = process!.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            Assert.AreEqual(0, process.ExitCode, $"Python's csv module could not read {path}: {await errors}");
            return JsonSerializer.Deserialize<List<string[]>>(await output)!;
        }
    }
}
