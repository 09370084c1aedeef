using Monitor.Core;
using Monitor.Core.Api;
using Monitor.Core.Feeds;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

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
    /// <summary>The standard OpenTelemetry setting (an environment variable, or <c>--otlp</c>): where to export spans and counters.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplication Build(LocalHostSettings settings, string[]? args = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            ContentRootPath = AppContext.BaseDirectory,

            // A host on one machine is for development unless its environment says otherwise
            // (outside Development it needs a Delivery:TokenKey of its own).
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
                ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                ?? Environments.Development,
        });

        // Lowest first: the shared local.settings.json of the repository, then the environment and
        // arguments the builder already reads, then the host's own overrides.
        var settingsFile = Path.Combine(Directory.GetCurrentDirectory(), LocalSettingsFile.FileName);
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = LocalSettingsFile.Read(settingsFile),
        });
        builder.Configuration.AddInMemoryCollection(settings.Overrides);

        // Links in emails point at this host unless the settings say otherwise.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Delivery:PublicBaseUrl"] = settings.Url.TrimEnd('/') + "/" },
        });

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

        // The core's spans and counters (MonitorTelemetry), as the Functions app reports them, by OTLP when an endpoint is set.
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(MonitorTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(MonitorTelemetry.Name));
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]))
        {
            telemetry.UseOtlpExporter();
        }

        builder.Services.AddMonitorCore();
        builder.Services.AddOptions<LocalHostOptions>().BindConfiguration(LocalHostOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IncomingWatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IncomingWatcher>());
        builder.Services.AddSingleton<FeedPollWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FeedPollWorker>());
        builder.Services.AddHostedService<PollLoop>();
        builder.Services.AddSingleton<ArticlesStored>();
        builder.Services.AddSingleton<DevelopmentsChanged>();
        builder.Services.AddSingleton<TopicTurnWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TopicTurnWorker>());
        builder.Services.AddHostedService<DeliveryLoop>();
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
            await WriteAsync(http, await api.SourcesAsync(RequestOf(http), http.RequestAborted)));
        app.MapGet(ApiRoutes.PathOf(ApiRoutes.Health), async (HttpContext http, MonitorApi api) =>
            await WriteAsync(http, await api.HealthAsync(http.RequestAborted)));
        app.MapGet(ApiRoutes.PathOf(ApiRoutes.Schema), (HttpContext http, MonitorApi api) =>
            WriteAsync(http, api.Schema()));

        app.MapPost(ApiRoutes.PathOf(ApiRoutes.Subscriptions), async (HttpContext http, SubscriptionApi api) =>
            await WriteAsync(http, await api.CreateAsync(await BodyAsync(http), http.RequestAborted)));
        app.MapGet(ApiRoutes.PathOf(ApiRoutes.Subscription), async (HttpContext http, string id, SubscriptionApi api) =>
            await WriteAsync(http, await api.ReadAsync(id, http.Request.Headers.Authorization.ToString(), http.RequestAborted)));
        app.MapMethods(ApiRoutes.PathOf(ApiRoutes.Subscription), [HttpMethods.Patch], async (HttpContext http, string id, SubscriptionApi api) =>
            await WriteAsync(http, await api.ChangeAsync(id, http.Request.Headers.Authorization.ToString(), await BodyAsync(http), http.RequestAborted)));
        app.MapDelete(ApiRoutes.PathOf(ApiRoutes.Subscription), async (HttpContext http, string id, SubscriptionApi api) =>
            await WriteAsync(http, await api.DeleteAsync(id, http.Request.Headers.Authorization.ToString(), http.RequestAborted)));
        app.MapGet(ApiRoutes.PathOf(ApiRoutes.SubscriptionConfirm), async (HttpContext http, string id, SubscriptionApi api) =>
            await WriteAsync(http, await api.ConfirmAsync(id, http.Request.Query["token"], http.RequestAborted)));
        app.MapGet(ApiRoutes.PathOf(ApiRoutes.SubscriptionUnsubscribe), (HttpContext http, string id, SubscriptionApi api) =>
            WriteAsync(http, api.UnsubscribePage(id, http.Request.Query["token"])));
        app.MapPost(ApiRoutes.PathOf(ApiRoutes.SubscriptionUnsubscribe), async (HttpContext http, string id, SubscriptionApi api) =>
            await WriteAsync(http, await api.UnsubscribeAsync(id, http.Request.Query["token"], http.RequestAborted)));
    }

    private static Task<string> BodyAsync(HttpContext http) => SubscriptionApi.ReadBodyAsync(http.Request.Body, http.RequestAborted);

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

        if (response.StatusCode is StatusCodes.Status304NotModified or StatusCodes.Status204NoContent)
        {
            return Task.CompletedTask;
        }

        http.Response.ContentType = response.ContentType;
        return response.Body.Length <= ChunkChars
            ? http.Response.WriteAsync(response.Body, http.RequestAborted)
            : WriteInChunksAsync(http, response.Body);
    }

    /// <summary>Characters encoded and sent at a time for a large body.</summary>
    private const int ChunkChars = 32 * 1024;

    /// <summary>
    /// Sends a large body (a digest of hundreds of developments is megabytes) a chunk at a time, each
    /// flushed before the next is encoded, so that a slow reader holds one chunk of this process's
    /// memory rather than the whole body (HttpResponse.WriteAsync encodes all of it into the pipe first).
    /// </summary>
    private static async Task WriteInChunksAsync(HttpContext http, string body)
    {
        var encoder = System.Text.Encoding.UTF8.GetEncoder();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(System.Text.Encoding.UTF8.GetMaxByteCount(ChunkChars));
        try
        {
            for (var start = 0; start < body.Length; start += ChunkChars)
            {
                var length = Math.Min(ChunkChars, body.Length - start);
                var bytes = encoder.GetBytes(body.AsSpan(start, length), buffer, flush: start + length == body.Length);
                await http.Response.Body.WriteAsync(buffer.AsMemory(0, bytes), http.RequestAborted);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
