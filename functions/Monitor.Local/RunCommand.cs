using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using Monitor.Core.Api;
using Monitor.Core.Feeds;
using Monitor.Core.Storage;
using Monitor.Local.Azurite;
using Monitor.Local.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Monitor.Local;

/// <summary>The options of <c>monitor run</c>.</summary>
internal sealed class RunSettings : CommandSettings
{
    [CommandOption("--demo")]
    [Description("Serve sample feeds made from the seed articles on a loopback port and poll those instead of the sources file (no internet needed).")]
    public bool Demo { get; init; }

    [CommandOption("--port <N>")]
    [Description("Port of the HTTP API.")]
    [DefaultValue(7071)]
    public int Port { get; init; } = 7071;

    [CommandOption("--azurite-data <DIR>")]
    [Description("Where a started Azurite keeps its data (default .azurite; the demo keeps its data in memory).")]
    public string? AzuriteData { get; init; }

    [CommandOption("--azurite-in-memory")]
    [Description("Keep a started Azurite's data in memory.")]
    public bool AzuriteInMemory { get; init; }

    [CommandOption("--otlp <ENDPOINT>")]
    [Description("Export the spans and counters by OTLP to ENDPOINT (or set the standard OTEL_EXPORTER_OTLP_ENDPOINT), e.g. http://localhost:4317.")]
    public string? Otlp { get; init; }

    public override ValidationResult Validate()
    {
        if (Port is < 1 or > 65535)
        {
            return ValidationResult.Error($"--port must be a port number from 1 to 65535, not {Port}.");
        }

        if (Otlp is not null && !(Uri.TryCreate(Otlp, UriKind.Absolute, out var endpoint) && (endpoint.Scheme == Uri.UriSchemeHttp || endpoint.Scheme == Uri.UriSchemeHttps)))
        {
            return ValidationResult.Error($"--otlp must be an absolute http or https address such as http://localhost:4317, not '{Otlp}'.");
        }

        return AzuriteData is not null && AzuriteInMemory
            ? ValidationResult.Error("--azurite-data and --azurite-in-memory exclude each other.")
            : ValidationResult.Success();
    }
}

/// <summary>
/// <c>monitor run [--demo]</c>: the whole product on this machine until Ctrl+C. What stops it from
/// starting (a port in use, storage that refuses the key or does not answer, a wrong setting) is one
/// line on standard error and exit code 1, said before anything runs.
/// </summary>
internal sealed class RunCommand : AsyncCommand<RunSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RunSettings options, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        var settings = context.Data as IReadOnlyList<string> ?? [];
        var port = options.Port;

        // Before anything starts (Azurite on the default ports, the demo's feeds), so that a second
        // `monitor run` stops at once rather than after the storage check.
        if (PortInUse(port))
        {
            return PortFailure(port);
        }

        await using var demoFeeds = options.Demo ? await DemoFeeds.StartAsync(ct) : null;
        var overrides = new Dictionary<string, string?>();
        if (options.Otlp is not null)
        {
            overrides[LocalHost.OtlpEndpointSetting] = options.Otlp;
        }

        if (demoFeeds is not null)
        {
            // The demo's feeds change rarely; poll often so the first output comes within seconds.
            overrides[PollTimer.Setting] = "*/20 * * * * *";

            // The demo's feeds are served on 127.0.0.1, which feeds may reach only when allowed.
            overrides["Feeds:AllowLoopback"] = "true";
        }

        var app = LocalHost.Build(
            new LocalHostSettings
            {
                Url = $"http://localhost:{port}",
                Overrides = overrides,
                Sources = demoFeeds?.Sources,
            },
            [.. settings]);

        // Settings that stop the host are said in one line before anything starts (CommandLine prints the
        // message), rather than as the host's start-up failure with its stack trace.
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        await using var azurite = await StartAzuriteIfNeededAsync(storage, options, ct);

        // Storage is checked once, here: a wrong key or an address nobody listens on ends the run in one
        // line, instead of every loop failing every few seconds.
        if (await app.Services.GetRequiredService<StorageCheck>().ProblemAsync(ct) is { } problem)
        {
            await Console.Error.WriteLineAsync($"{CommandLine.Name} run: {problem}");
            return 1;
        }

        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            await app.DisposeAsync();
            return PortFailure(port);
        }

        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            // Written to a file or a pipe: keep each line whole rather than wrapped at 80 columns.
            console.Profile.Width = 1024;
        }

        console.MarkupLine($"[bold]Monitor[/] is running on [link]http://localhost:{port}[/]");
        if (demoFeeds is not null)
        {
            console.MarkupLine($"  demo feeds: [grey]http://127.0.0.1:{demoFeeds.Port}/feeds/[/] ({demoFeeds.Sources.Count} feeds made from the seed articles)");
        }

        console.MarkupLine(azurite is null
            ? "  storage: [grey]as configured (Storage:ConnectionString or service URIs)[/]"
            : $"  storage: Azurite started on ports {azurite.Ports.Blob}/{azurite.Ports.Queue}/{azurite.Ports.Table}, data {Markup.Escape(azurite.DataFolder ?? "in memory")}");
        console.MarkupLine($"  try:     [aqua]curl '{Markup.Escape($"http://localhost:{port}{ApiRoutes.PathOf(ApiRoutes.Digest)}?topic=detainee-transfers&since=3650d&format=md")}'[/]");
        console.MarkupLine($"           [aqua]curl http://localhost:{port}{ApiRoutes.PathOf(ApiRoutes.Sources)}[/]");
        console.MarkupLine("  Ctrl+C stops it.");

        try
        {
            await app.WaitForShutdownAsync(ct);
        }
        finally
        {
            await app.DisposeAsync();
        }

        return 0;
    }

    /// <summary>True when something already listens on the port on this machine's loopback address.</summary>
    private static bool PortInUse(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            return true;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static int PortFailure(int port)
    {
        Console.Error.WriteLine($"{CommandLine.Name} run: port {port} is in use by another program (--port); stop it or choose another port with --port N.");
        return 1;
    }

    /// <summary>
    /// Starts Azurite when the connection string is a development one and nothing listens at its
    /// blob port yet. What this starts, it stops on the way out.
    /// </summary>
    private static async Task<AzuriteProcess?> StartAzuriteIfNeededAsync(StorageOptions storage, RunSettings options, CancellationToken ct)
    {
        var ports = storage.UsesManagedIdentity ? null : DevelopmentStorage.PortsOf(storage.ConnectionString);
        if (ports is null || await AzuriteProcess.IsListeningAsync(ports.Blob, ct))
        {
            return null;
        }

        var folder = options.AzuriteInMemory || (options.Demo && options.AzuriteData is null) ? null : Path.GetFullPath(options.AzuriteData ?? ".azurite");
        return await AnsiConsole.Status().StartAsync("Starting Azurite…", _ => AzuriteProcess.StartAsync(ports, folder, ct));
    }
}
