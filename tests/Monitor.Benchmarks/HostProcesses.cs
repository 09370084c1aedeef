using System.Diagnostics;
using System.Globalization;

namespace Monitor.Benchmarks;

/// <summary>The local host (<c>Monitor.Local run</c>) in a process of its own, poll and delivery off, as the benches start it.</summary>
internal static class HostProcesses
{
    /// <summary>Starts a host on <paramref name="port"/> over <paramref name="connectionString"/>, with <paramref name="settings"/> added; its error output goes to <paramref name="errors"/> when given.</summary>
    public static Process Start(string connectionString, int port, IEnumerable<string> settings, Action<string>? errors = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Monitor.Local.dll"));
        foreach (var argument in new[]
        {
            "run", "--port", port.ToString(CultureInfo.InvariantCulture),
            $"--Storage:ConnectionString={connectionString}",
            "--LocalHost:PollEnabled=false",
            "--LocalHost:DeliveryEnabled=false",
        }.Concat(settings))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new BenchFailedException("a host process could not be started.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.Data))
            {
                errors?.Invoke(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
