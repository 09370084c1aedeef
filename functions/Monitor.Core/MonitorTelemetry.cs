using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Monitor.Core;

/// <summary>
/// The product's own telemetry, the same in both hosts: one activity source and one meter, both
/// named <see cref="Name"/>. A poll, each feed fetch, each article's processing and each delivery
/// is a span with the names and attributes below; the counters count items polled, articles
/// stored, feeds failing, deliveries sent and failed. The hosts choose where they go (Azure
/// Monitor, OTLP); with no listener they cost nothing.
/// </summary>
public static class MonitorTelemetry
{
    public const string Name = "Monitor";

    /// <summary>A run of the poll timer: the due feeds found and sent to the feed-polls queue (or polled at once).</summary>
    public const string PollSpan = "monitor.poll";

    /// <summary>One feed fetched and its new items written.</summary>
    public const string FetchSpan = "monitor.feed.fetch";

    /// <summary>One incoming blob made an article.</summary>
    public const string ProcessSpan = "monitor.article.process";

    /// <summary>One attempt to send a subscription its digest.</summary>
    public const string DeliverySpan = "monitor.delivery";

    public const string FeedAttribute = "monitor.feed";
    public const string FeedsAttribute = "monitor.poll.feeds";
    public const string OutcomeAttribute = "monitor.outcome";
    public const string NewItemsAttribute = "monitor.feed.new_items";
    public const string ReasonAttribute = "monitor.failure.reason";
    public const string BlobAttribute = "monitor.blob";
    public const string LanguageAttribute = "monitor.article.language";
    public const string SubscriptionAttribute = "monitor.subscription";
    public const string ChannelAttribute = "monitor.delivery.channel";
    public const string DevelopmentsAttribute = "monitor.delivery.developments";

    public static ActivitySource Source { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);

    public static Counter<long> ItemsPolled { get; } = Meter.CreateCounter<long>("monitor.items.polled", "{item}", "New feed items written to incoming/");

    public static Counter<long> ArticlesStored { get; } = Meter.CreateCounter<long>("monitor.articles.stored", "{article}", "Incoming items stored as articles");

    public static Counter<long> FeedsFailed { get; } = Meter.CreateCounter<long>("monitor.feeds.failed", "{poll}", "Feed polls that failed");

    public static Counter<long> DeliveriesSent { get; } = Meter.CreateCounter<long>("monitor.deliveries.sent", "{delivery}", "Digests a subscriber received");

    public static Counter<long> DeliveriesFailed { get; } = Meter.CreateCounter<long>("monitor.deliveries.failed", "{delivery}", "Delivery attempts that failed");
}
