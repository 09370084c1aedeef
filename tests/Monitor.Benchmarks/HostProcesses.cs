using System.Collections.Concurrent;
using System.Diagnostics;

namespace Monitor.Benchmarks;

/// <summary>
/// Local host processes (<c>Monitor.Local run</c>, as Functions instances are) on one storage
/// account, for the scale benches: each on a free port, its output written to a log file.
/// </summary>
internal static class HostProcesses
{
    /// <summary>Where each running host's output goes, closed once the host has exited.</summary>
    private static readonly ConcurrentDictionary<Process, TextWriter> Logs = new();

    /// <summary>
    /// Starts a host with the given settings beside the storage, quiet but for the grouping's own
    /// lines, on <paramref name="port"/> (a free one when not given); each line it prints also goes to
    /// <paramref name="lines"/> when given.
    /// </summary>
    public static Process Start(string connectionString, string logFile, IEnumerable<string> settings, int? port = null, Action<string>? lines = null)
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
            "run", "--port", (port ?? DeliveryBenchmark.FreePort()).ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"--Storage:ConnectionString={connectionString}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Monitor.Core.Developments=Debug",
        }.Concat(settings))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new BenchFailedException("a host process could not be started.");
        var log = TextWriter.Synchronized(new StreamWriter(logFile, append: false) { AutoFlush = true });
        void Print(string? line)
        {
            log.WriteLine(line);
            if (!string.IsNullOrEmpty(line))
            {
                lines?.Invoke(line);
            }
        }

        process.OutputDataReceived += (_, line) => Print(line.Data);
        process.ErrorDataReceived += (_, line) => Print(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Logs[process] = log;
        return process;
    }

    /// <summary>Kills the hosts (as a stopped instance is) and closes their logs.</summary>
    public static async Task StopAsync(IEnumerable<Process> processes)
    {
        foreach (var process in processes)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Gone already.
            }

            Logs.TryRemove(process, out var log);
            log?.Dispose();
            process.Dispose();
        }
    }
}
