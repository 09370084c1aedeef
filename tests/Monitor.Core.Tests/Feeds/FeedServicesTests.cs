using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Monitor.Core.Feeds;
using Monitor.Core.Storage;

namespace Monitor.Core.Tests.Feeds;

[TestClass]
public sealed class FeedServicesTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new MonitorStorage(
            new BlobServiceClient(StorageOptions.DevelopmentConnectionString),
            new TableServiceClient(StorageOptions.DevelopmentConnectionString),
            new Azure.Storage.Queues.QueueServiceClient(StorageOptions.DevelopmentConnectionString, MonitorStorage.QueueOptions())));
        services.AddFeeds();
        return services.BuildServiceProvider();
    }

    private static string WriteSources()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sources-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            { "sources": [ { "id": "shafaq-ar", "name": "Shafaq", "url": "https://shafaq.example/ar/rss", "language": "ar", "outlet": "Shafaq News" } ] }
            """);
        return path;
    }

    [TestMethod]
    public void AddFeeds_binds_options_and_builds_the_poller_and_status_reader()
    {
        var sources = WriteSources();
        try
        {
            using var provider = Build(new() { ["Feeds:SourcesPath"] = sources, ["Feeds:MaxConcurrency"] = "3", ["Feeds:Timeout"] = "00:00:07" });

            var options = provider.GetRequiredService<IOptions<FeedOptions>>().Value;
            Assert.AreEqual(3, options.MaxConcurrency);
            Assert.AreEqual(TimeSpan.FromSeconds(7), options.Timeout);
            Assert.AreEqual("shafaq-ar", provider.GetRequiredService<SourceCatalog>().Sources.Single().Id);
            Assert.IsNotNull(provider.GetRequiredService<FeedPoller>());
            Assert.IsNotNull(provider.GetRequiredService<SourceStatusReader>());
        }
        finally
        {
            File.Delete(sources);
        }
    }

    [TestMethod]
    public void AddFeeds_rejects_options_out_of_range()
    {
        using var provider = Build(new() { ["Feeds:MaxConcurrency"] = "0" });

        Assert.ThrowsExactly<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FeedOptions>>().Value);
    }

    [TestMethod]
    public void Feed_client_follows_no_redirects_by_itself_and_accepts_compression()
    {
        using var provider = Build([]);

        var handler = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(FeedFetcher.HttpClientName);
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler!;
        }

        var sockets = handler as SocketsHttpHandler;
        Assert.IsNotNull(sockets);
        Assert.IsFalse(sockets.AllowAutoRedirect);
        Assert.AreEqual(System.Net.DecompressionMethods.All, sockets.AutomaticDecompression);
    }
}
