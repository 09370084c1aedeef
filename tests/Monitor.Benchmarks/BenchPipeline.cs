using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitor.Core;
using Monitor.Core.Articles;
using Monitor.Core.Feeds;
using Monitor.Core.Storage;

namespace Monitor.Benchmarks;

/// <summary>
/// The core pipeline wired as the hosts wire it (<see cref="MonitorServices.AddMonitorCore"/>), on the
/// bench's Azurite and its own feeds. Warnings and errors are logged to stderr; nothing else is.
/// </summary>
internal sealed class BenchPipeline : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private BenchPipeline(ServiceProvider services) => this.services = services;

    public MonitorStorage Storage => services.GetRequiredService<MonitorStorage>();

    public FeedPoller Poller => services.GetRequiredService<FeedPoller>();

    public ArticleProcessor Processor => services.GetRequiredService<ArticleProcessor>();

    /// <summary>Any service of the pipeline.</summary>
    public T Get<T>()
        where T : notnull => services.GetRequiredService<T>();

    /// <summary>The feed options in effect (the defaults, but for loopback, where the bench's feeds are served).</summary>
    public FeedOptions FeedOptions => services.GetRequiredService<IOptions<FeedOptions>>().Value;

    public static BenchPipeline Create(string connectionString, IReadOnlyList<FeedSource> sources, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connectionString,
            ["Feeds:AllowLoopback"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddLogging(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Azure", LogLevel.Error)); // CreateIfNotExists answers 409 on a second pipeline: not worth a warning.
        collection.AddMonitorCore();
        collection.AddSingleton(new SourceCatalog(sources));
        return new BenchPipeline(collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
    }

    /// <summary>A feed source as the sources file would give it.</summary>
    public static FeedSource Source(string id, Uri url, string language) => new()
    {
        Id = id,
        Name = $"Bench feed {id}",
        Url = url,
        Language = language,
        Outlet = $"Bench outlet {id}",
    };

    public async ValueTask DisposeAsync() => await services.DisposeAsync().ConfigureAwait(false);
}
