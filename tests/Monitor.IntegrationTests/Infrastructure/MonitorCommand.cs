using System.Diagnostics;

namespace Monitor.IntegrationTests.Infrastructure;

/// <summary>What one run of a command printed, how it ended and how long it took.</summary>
public sealed record CommandRun(int ExitCode, string Output, string Errors, TimeSpan Elapsed)
{
    /// <summary>The lines written to standard error, blank ones left out.</summary>
    public IReadOnlyList<string> ErrorLines => [.. Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:0.0} s{Environment.NewLine}stdout:{Environment.NewLine}{Output}{Environment.NewLine}stderr:{Environment.NewLine}{Errors}";
}

/// <summary>
/// The real executables of the command line, each run in a process of its own as a user runs them:
/// <c>Monitor.Local</c> (what <c>./monitor VERB</c> forwards to), <c>Monitor.Benchmarks</c> (what
/// <c>./monitor bench</c> runs) and the <c>./monitor</c> script itself.
/// </summary>
public static class MonitorCommand
{
    /// <summary>Runs <c>Monitor.Local</c> with <paramref name="arguments"/>.</summary>
    public static Task<CommandRun> RunAsync(params string[] arguments) =>
        RunAsync(arguments, new Dictionary<string, string>(), TimeSpan.FromSeconds(60));

    public static Task<CommandRun> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan limit) =>
        StartAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "Monitor.Local.dll"), .. arguments], environment, limit);

    /// <summary>Runs <c>Monitor.Benchmarks</c>, the bench's command line, with <paramref name="arguments"/>.</summary>
    public static Task<CommandRun> BenchAsync(params string[] arguments) =>
        StartAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "Monitor.Benchmarks.dll"), .. arguments], new Dictionary<string, string>(), TimeSpan.FromSeconds(60));

    /// <summary>Runs the repository's <c>./monitor</c> script with <paramref name="arguments"/>.</summary>
    public static Task<CommandRun> ScriptAsync(params string[] arguments) =>
        StartAsync("bash", [Repository.PathOf("monitor"), .. arguments], new Dictionary<string, string>(), TimeSpan.FromSeconds(60));

    private static async Task<CommandRun> StartAsync(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan limit)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"{program} {string.Join(' ', arguments)} was still running after {limit.TotalSeconds} s:{Environment.NewLine}{await output}{Environment.NewLine}{await errors}");
        }

        return new CommandRun(process.ExitCode, await output, await errors, clock.Elapsed);
    }
}
