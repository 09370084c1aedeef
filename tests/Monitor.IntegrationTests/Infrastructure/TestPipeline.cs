using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitor.Core;
using Monitor.Core.Articles;
using Monitor.Core.Feeds;
using Monitor.Core.Storage;
using Monitor.Local.Hosting;

namespace Monitor.IntegrationTests.Infrastructure;

/// <summary>
/// The core pipeline wired as the hosts wire it (<see cref="MonitorServices.AddMonitorCore"/>), on a
/// test's Azurite and sources, with every storage request counted.
/// </summary>
public sealed class TestPipeline : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private TestPipeline(ServiceProvider services, StorageTransactions counter)
    {
        this.services = services;
        Requests = counter;
    }

    public StorageTransactions Requests { get; }

    public MonitorStorage Storage => services.GetRequiredService<MonitorStorage>();

    public FeedPoller Poller => services.GetRequiredService<FeedPoller>();

    public ArticleProcessor Processor => services.GetRequiredService<ArticleProcessor>();

    public DueFeeds DueFeeds => services.GetRequiredService<DueFeeds>();

    /// <summary>A new worker on the feed-polls queue each call, as another host would run, waking the given watcher.</summary>
    public FeedPollWorker NewFeedPollWorker(IncomingWatcher? watcher = null) =>
        ActivatorUtilities.CreateInstance<FeedPollWorker>(services, watcher ?? NewWatcher());

    /// <summary>A new worker on the grouping-turns queue each call, as another host would run.</summary>
    public TopicTurnWorker NewTopicTurnWorker() => ActivatorUtilities.CreateInstance<TopicTurnWorker>(services, new ArticlesStored(), new DevelopmentsChanged());

    /// <summary>
    /// Runs the grouping turns until nothing is left staged, as a host's turn worker does: a turn's
    /// message becomes visible a moment after the articles it gathers (<c>TurnMessages.Gather</c>).
    /// Fails after 30 s with something still staged.
    /// </summary>
    public async Task<int> GroupAsync()
    {
        var worker = NewTopicTurnWorker();
        var handled = 0;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            handled += await worker.DrainAsync(CancellationToken.None);
            if (await CountAsync(Storage.NewArticles) == 0)
            {
                return handled;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException("Articles were still staged for grouping 30 s after they were stored: no turn folded them.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>A new watcher each call: like a host that just started, it knows only the stored receipts (the articles' rows).</summary>
    public IncomingWatcher NewWatcher() => ActivatorUtilities.CreateInstance<IncomingWatcher>(services);

    public T Get<T>()
        where T : notnull => services.GetRequiredService<T>();

    public static TestPipeline Create(TestAzurite azurite, IReadOnlyList<FeedSource> sources, IDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Feeds:Timeout"] = "00:00:03",
            ["Feeds:MaxBodyBytes"] = "262144",

            // The test's outlets listen on 127.0.0.1; production refuses loopback.
            ["Feeds:AllowLoopback"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        collection.AddMonitorCore();
        collection.AddOptions<LocalHostOptions>().BindConfiguration(LocalHostOptions.Section);
        collection.AddSingleton(new SourceCatalog(sources));
        if (clock is not null)
        {
            collection.AddSingleton(clock);
        }

        var provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        return new TestPipeline(provider, provider.GetRequiredService<StorageTransactions>());
    }

    /// <summary>A feed source pointing at a test server path.</summary>
    public static FeedSource Source(string id, Uri url, string language = "en", int pollIntervalMinutes = 15) => new()
    {
        Id = id,
        Name = $"Test feed {id}",
        Url = url,
        Language = language,
        Outlet = $"Outlet {id}",
        PollIntervalMinutes = pollIntervalMinutes,
    };

    public async Task<int> CountAsync(Azure.Data.Tables.TableClient table)
    {
        var count = 0;
        await foreach (var _ in table.QueryAsync<Azure.Data.Tables.TableEntity>(select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }

    public async Task<int> CountAsync(Azure.Storage.Blobs.BlobContainerClient container)
    {
        var count = 0;
        await foreach (var _ in container.GetBlobsAsync())
        {
            count++;
        }

        return count;
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();
}
