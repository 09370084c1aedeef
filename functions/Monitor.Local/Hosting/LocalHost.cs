using Monitor.Core;
using Monitor.Core.Api;
using Monitor.Core.Feeds;

namespace Monitor.Local.Hosting;

/// <summary>What a local host is started with, beyond configuration files and the environment.</summary>
public sealed record LocalHostSettings
{
    /// <summary>Address the HTTP API listens on.</summary>
    public string Url { get; init; } = "http://localhost:7071";

    /// <summary>Settings that win over every other source (command-line switches, tests).</summary>
    public IReadOnlyDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();

    /// <summary>Feeds to poll instead of the sources file (the demo's loopback feeds).</summary>
    public IReadOnlyList<FeedSource>? Sources { get; init; }

    /// <summary>Last word on the services (tests use it to count storage requests).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}

/// <summary>
/// The product on one machine, no Core Tools needed: the HTTP API on the Functions app's routes,
/// the poll on its schedule, and the blob trigger's equivalent over the incoming container.
/// </summary>
public static class LocalHost
{
    public static WebApplication Build(LocalHostSettings settings, string[]? args = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Lowest first: the shared local.settings.json of the repository, then the environment and
        // arguments the builder already reads, then the host's own overrides.
        var settingsFile = Path.Combine(Directory.GetCurrentDirectory(), LocalSettingsFile.FileName);
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = LocalSettingsFile.Read(settingsFile),
        });
        builder.Configuration.AddInMemoryCollection(settings.Overrides);

        builder.WebHost.UseUrls(settings.Url);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Azure", LogLevel.Warning);

        builder.Services.AddMonitorCore();
        builder.Services.AddOptions<LocalHostOptions>().BindConfiguration(LocalHostOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IncomingWatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IncomingWatcher>());
        builder.Services.AddHostedService<PollLoop>();
        if (settings.Sources is { } sources)
        {
            builder.Services.AddSingleton(new SourceCatalog(sources));
        }

        settings.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        MapApi(app);
        return app;
    }

    private static void MapApi(WebApplication app)
    {
        app.MapGet(ApiRoutes.PathOf(ApiRoutes.Digest), async (HttpContext http, MonitorApi api) =>
            await WriteAsync(http, await api.DigestAsync(RequestOf(http), http.RequestAborted)));
        app.MapGet(ApiRoutes.PathOf(ApiRoutes.Sources), async (HttpContext http, MonitorApi api) =>
            await WriteAsync(http, await api.SourcesAsync(http.RequestAborted)));
        app.MapGet(ApiRoutes.PathOf(ApiRoutes.Health), async (HttpContext http, MonitorApi api) =>
            await WriteAsync(http, await api.HealthAsync(http.RequestAborted)));
        app.MapGet(ApiRoutes.PathOf(ApiRoutes.Schema), (HttpContext http, MonitorApi api) =>
            WriteAsync(http, api.Schema()));
    }

    private static ApiRequest RequestOf(HttpContext http) => new(
        ApiQuery.From(http.Request.Query),
        new Uri(Microsoft.AspNetCore.Http.Extensions.UriHelper.GetEncodedUrl(http.Request)),
        http.Request.Headers.IfNoneMatch.ToString());

    private static Task WriteAsync(HttpContext http, ApiResponse response)
    {
        http.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            http.Response.Headers[name] = value;
        }

        if (response.StatusCode == StatusCodes.Status304NotModified)
        {
            return Task.CompletedTask;
        }

        http.Response.ContentType = response.ContentType;
        return http.Response.WriteAsync(response.Body, http.RequestAborted);
    }
}
