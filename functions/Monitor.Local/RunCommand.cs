using Microsoft.Extensions.Options;
using Monitor.Core.Api;
using Monitor.Core.Feeds;
using Monitor.Core.Storage;
using Monitor.Local.Azurite;
using Monitor.Local.Hosting;
using Spectre.Console;

namespace Monitor.Local;

/// <summary><c>monitor run [--demo]</c>: the whole product on this machine until Ctrl+C.</summary>
internal static class RunCommand
{
    public const string Usage = """
        monitor run [--demo] [--port N] [--azurite-data DIR | --azurite-in-memory] [--Section:Key=value ...]

          --demo               serve sample feeds made from the seed articles on a loopback port and poll
                               those instead of the sources file (no internet needed)
          --port N             port of the HTTP API (default 7071)
          --azurite-data DIR   where a started Azurite keeps its data (default .azurite; the demo keeps
                               its data in memory)
          --azurite-in-memory  keep a started Azurite's data in memory
          --otlp ENDPOINT      export the spans and counters by OTLP to ENDPOINT (or set the standard
                               OTEL_EXPORTER_OTLP_ENDPOINT), e.g. http://localhost:4317
          --Section:Key=value  any setting of the configuration reference, e.g. --Feeds:Timeout=00:00:30
                       (or --Setting=value for a top-level one, e.g. "--DeliverySchedule=*/10 * * * * *")
        """;

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var demo = false;
        var port = 7071;
        string? azuriteData = null;
        var inMemory = false;
        string? otlp = null;
        var settings = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--demo":
                    demo = true;
                    break;
                case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out var p) && p is > 0 and < 65536:
                    port = p;
                    i++;
                    break;
                case "--azurite-data" when i + 1 < args.Length:
                    azuriteData = args[++i];
                    break;
                case "--azurite-in-memory":
                    inMemory = true;
                    break;
                case "--otlp" when i + 1 < args.Length && Uri.TryCreate(args[i + 1], UriKind.Absolute, out _):
                    otlp = args[++i];
                    break;
                case var s when s.StartsWith("--", StringComparison.Ordinal) && (s.Contains(':', StringComparison.Ordinal) || s.Contains('=', StringComparison.Ordinal)):
                    settings.Add(s);
                    if (!s.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                    {
                        settings.Add(args[++i]);
                    }

                    break;
                default:
                    Console.Error.WriteLine($"monitor run: unknown or incomplete option '{args[i]}'.");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }

        await using var demoFeeds = demo ? await DemoFeeds.StartAsync(ct) : null;
        var overrides = new Dictionary<string, string?>();
        if (otlp is not null)
        {
            overrides[LocalHost.OtlpEndpointSetting] = otlp;
        }

        if (demo)
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

        // Settings that stop the host are said in one line before anything starts (Program prints the
        // message), rather than as the host's start-up failure with its stack trace.
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        await using var azurite = await StartAzuriteIfNeededAsync(storage, demo, inMemory, azuriteData, ct);

        var console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            // Written to a file or a pipe: keep each line whole rather than wrapped at 80 columns.
            console.Profile.Width = 1024;
        }

        console.MarkupLine($"[bold]Monitor[/] is starting on [link]http://localhost:{port}[/]");
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

        await app.RunAsync(ct);
        return 0;
    }

    /// <summary>
    /// Starts Azurite when the connection string is a development one and nothing listens at its
    /// blob port yet. What this starts, it stops on the way out.
    /// </summary>
    private static async Task<AzuriteProcess?> StartAzuriteIfNeededAsync(StorageOptions storage, bool demo, bool inMemory, string? dataFolder, CancellationToken ct)
    {
        var ports = storage.UsesManagedIdentity ? null : DevelopmentStorage.PortsOf(storage.ConnectionString);
        if (ports is null || await AzuriteProcess.IsListeningAsync(ports.Blob, ct))
        {
            return null;
        }

        var folder = inMemory || (demo && dataFolder is null) ? null : Path.GetFullPath(dataFolder ?? ".azurite");
        return await AnsiConsole.Status().StartAsync("Starting Azurite…", _ => AzuriteProcess.StartAsync(ports, folder, ct));
    }
}
