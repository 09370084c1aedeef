using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Monitor.IntegrationTests.Infrastructure;

/// <summary>
/// The real <c>Monitor.Local</c> executable (what <c>./monitor run</c> starts) in its own process,
/// so a test can kill it as a power cut would.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private HostProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <c>Monitor.Local run</c> with the arguments given and waits until /api/health answers.</summary>
    public static async Task<HostProcess> StartAsync(params string[] runArguments)
    {
        var host = Launch(new Dictionary<string, string>(), runArguments);
        var process = host.process;
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                if (process.HasExited)
                {
                    Assert.Fail($"The host exited with code {process.ExitCode}:{Environment.NewLine}{host.Output}");
                }

                return (await host.Client.GetAsync("/api/health")).IsSuccessStatusCode;
            }, TimeSpan.FromSeconds(60), "the host answers /api/health");
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>
    /// Runs <c>Monitor.Local run</c> with <paramref name="environment"/> added to its environment, expecting it
    /// to stop by itself within <paramref name="limit"/>: its exit code and what it wrote.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IReadOnlyDictionary<string, string> environment, TimeSpan limit, params string[] runArguments)
    {
        await using var host = Launch(environment, runArguments);
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await host.process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The host was still running after {limit.TotalSeconds} s:{Environment.NewLine}{host.Output}");
        }

        return (host.process.ExitCode, host.Output);
    }

    private static HostProcess Launch(IReadOnlyDictionary<string, string> environment, string[] runArguments)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Monitor.Local.dll"));
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var argument in runArguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var host = new HostProcess(process, port);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Kills the host and everything it started, with no chance to finish what it was doing.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await KillAsync();
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
