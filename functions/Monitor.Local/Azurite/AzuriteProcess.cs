using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Monitor.Local.Azurite;

/// <summary>
/// Azurite, the storage emulator, started from the project's node_modules and stopped with this object.
/// </summary>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output;

    private AzuriteProcess(Process process, StringBuilder output, AzuritePorts ports, string? dataFolder)
    {
        this.process = process;
        this.output = output;
        Ports = ports;
        DataFolder = dataFolder;
    }

    public AzuritePorts Ports { get; }

    /// <summary>Where Azurite keeps its data; null when it keeps it in memory.</summary>
    public string? DataFolder { get; }

    public string ConnectionString => DevelopmentStorage.ConnectionString(Ports.Blob, Ports.Queue, Ports.Table);

    public bool HasExited => process.HasExited;

    /// <summary>The processor time the emulator has used so far (the scale bench's measure of storage work).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// Starts Azurite and waits until its three services listen. Ports of 0 are chosen by the system
    /// and read back from Azurite's own output. A null <paramref name="dataFolder"/> keeps data in memory.
    /// </summary>
    public static async Task<AzuriteProcess> StartAsync(AzuritePorts ports, string? dataFolder, CancellationToken ct)
    {
        var script = FindAzuriteScript() ?? throw new InvalidOperationException(
            "Azurite is not installed: run `npm ci` (or `./monitor`, which does it) in the project folder.");

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var (name, port) in new[] { ("blob", ports.Blob), ("queue", ports.Queue), ("table", ports.Table) })
        {
            start.ArgumentList.Add($"--{name}Host");
            start.ArgumentList.Add("127.0.0.1");
            start.ArgumentList.Add($"--{name}Port");
            start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        start.ArgumentList.Add("--skipApiVersionCheck");
        start.ArgumentList.Add("--loose");
        start.ArgumentList.Add("--disableTelemetry");
        if (dataFolder is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(dataFolder);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(dataFolder);
        }

        var output = new StringBuilder();
        var listening = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };

        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                if (output.Length < 64 * 1024)
                {
                    output.AppendLine(line);
                }

                var match = ListeningLine().Match(line);
                if (match.Success)
                {
                    listening[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (listening.Count == 3)
                    {
                        ready.TrySetResult();
                    }
                }
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException(
            $"Azurite stopped while starting (exit code {SafeExitCode(process)}). Its output:{Environment.NewLine}{Snapshot(output)}"));

        if (!process.Start())
        {
            throw new InvalidOperationException("Azurite could not be started (is `node` on the PATH?).");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }

        var actual = new AzuritePorts(listening["Blob"], listening["Queue"], listening["Table"]);
        return new AzuriteProcess(process, output, actual, dataFolder);
    }

    /// <summary>True when something accepts TCP connections on the port on 127.0.0.1.</summary>
    public static async Task<bool> IsListeningAsync(int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>What Azurite printed so far (for error messages).</summary>
    public string Output => Snapshot(output);

    public async ValueTask DisposeAsync()
    {
        Kill(process);
        try
        {
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // It was killed; the system reaps it.
        }

        process.Dispose();
    }

    /// <summary>Finds node_modules/azurite from the working folder or the application's folder upwards.</summary>
    private static string? FindAzuriteScript()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "node_modules", "azurite", "dist", "src", "azurite.js");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "unknown";
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at https?://[^:]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
