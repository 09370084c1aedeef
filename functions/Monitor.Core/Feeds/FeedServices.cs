using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Monitor.Core.Outbound;

namespace Monitor.Core.Feeds;

/// <summary>Registers the feed stage. <see cref="Storage.MonitorStorage"/> and <see cref="TimeProvider"/> come from the host.</summary>
public static class FeedServices
{
    public static IServiceCollection AddFeeds(this IServiceCollection services)
    {
        services.AddSourceChecks();
        services.TryAddSingleton<FeedPoller>();
        services.TryAddSingleton<DueFeeds>();
        services.TryAddSingleton<SourceStatusReader>();
        return services;
    }

    /// <summary>
    /// What checking feeds needs, and nothing of storage: the feed settings, the sources file, the feeds'
    /// HTTP client under their address policy, and <see cref="SourceCheck"/>.
    /// </summary>
    public static IServiceCollection AddSourceChecks(this IServiceCollection services)
    {
        services.AddOptions<FeedOptions>().BindConfiguration(FeedOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(provider => new SourceCatalog(provider.GetRequiredService<IOptions<FeedOptions>>()));
        services.AddFeedHttpClient();
        services.TryAddSingleton<SourceCheck>();
        return services;
    }

    /// <summary>
    /// The named client feeds and pages are fetched with: redirects by hand, all compressions, no client-level
    /// timeout (the fetcher has its own), every connection under the <c>Feeds</c> address policy.
    /// </summary>
    public static IHttpClientBuilder AddFeedHttpClient(this IServiceCollection services)
    {
        services.TryAddSingleton<OutboundResolver>();
        return services.AddHttpClient(FeedFetcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => FeedFetcher.CreatePrimaryHandler(
                provider.GetRequiredService<OutboundResolver>(),
                provider.GetRequiredService<IOptions<FeedOptions>>().Value));
    }
}
