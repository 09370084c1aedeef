using System.Diagnostics;
using Microsoft.Azure.Functions.Worker;
using Monitor.Core;
using Monitor.Core.Feeds;
using Monitor.Functions.Tests.Infrastructure;
using Monitor.IntegrationTests.Infrastructure;

namespace Monitor.Functions.Tests;

/// <summary>
/// One poll and one processed article give the same spans and counters from the Functions app's
/// wiring and from the local host's, caught by OpenTelemetry's in-memory exporters. Not run beside
/// other tests: the core's meter and activity source are one per process.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class TelemetryTests
{
    [TestMethod]
    public async Task The_Functions_app_reports_one_poll_one_processed_article_and_one_delivery_as_spans_and_counters()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var outlet = await OutletAsync();
        outlet.Map("/hook", context => Task.CompletedTask);
        var capture = new TelemetryCapture();
        await using var app = FunctionsAppHost.Build(azurite, [Source(outlet)], new Dictionary<string, string?> { ["Webhooks:AllowLoopback"] = "true" }, capture.AddTo);
        capture.Flush(app.Services);
        var subscribe = new HttpRequestMessage(HttpMethod.Post, "http://localhost:7071/api/subscriptions")
        {
            Content = new StringContent($$"""{"webhookUrl":"{{outlet.UrlOf("hook")}}","schedule":"immediate","backfill":true}""", System.Text.Encoding.UTF8, "application/json"),
        };
        Assert.AreEqual(201, (await app.InvokeHttpAsync<Subscriptions>(nameof(Subscriptions.Create), subscribe, (f, r) => f.Create(r, CancellationToken.None))).Status);

        await app.InvokeAsync<PollFeeds>(nameof(PollFeeds.Run), (f, c) => f.Run(new TimerInfo(), c.CancellationToken));
        var message = (await app.Storage.FeedPolls.ReceiveMessageAsync()).Value;
        await app.InvokeAsync<PollFeed>(nameof(PollFeed.Run), (f, c) => f.Run(message.MessageText, c, c.CancellationToken), new Dictionary<string, object?> { ["DequeueCount"] = "1" });
        var blob = await app.Storage.Incoming.GetBlobsAsync().FirstAsync();
        await app.InvokeAsync<ProcessIncoming>(nameof(ProcessIncoming.Run), (f, c) => f.Run(app.Storage.Incoming.GetBlobClient(blob.Name), blob.Name, c.CancellationToken));
        var turn = (await FunctionsAppHost.ReceiveWhenVisibleAsync(app.Storage.TopicTurns, 1)).Single();
        await app.InvokeAsync<GroupDevelopments>(nameof(GroupDevelopments.Run), (f, c) => f.Run(turn.MessageText, c.CancellationToken));
        await app.InvokeAsync<DeliverDigests>(nameof(DeliverDigests.Run), (f, c) => f.Run(new TimerInfo(), c.CancellationToken));
        capture.Flush(app.Services);

        AssertOnePollAndOneArticle(capture);
        var delivery = capture.Spans(MonitorTelemetry.DeliverySpan).Single();
        Assert.AreEqual("Delivered", delivery.GetTagItem(MonitorTelemetry.OutcomeAttribute));
        Assert.AreEqual("webhook", delivery.GetTagItem(MonitorTelemetry.ChannelAttribute));
        Assert.AreEqual(1, delivery.GetTagItem(MonitorTelemetry.DevelopmentsAttribute));
        Assert.AreEqual(1, capture.Sum("monitor.deliveries.sent", MonitorTelemetry.ChannelAttribute, "webhook"));
        Assert.AreEqual(0, capture.Sum("monitor.deliveries.failed"));
    }

    [TestMethod]
    public async Task The_local_host_reports_one_poll_and_one_processed_article_as_the_Functions_app_does()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var outlet = await OutletAsync();
        var capture = new TelemetryCapture();
        await using var local = await InProcessHost.StartAsync(azurite, [Source(outlet)], new Dictionary<string, string?> { ["LocalHost:DeliveryEnabled"] = "false" }, capture.AddTo);

        await Eventually.TrueAsync(() => Task.FromResult(Stored(local, capture) == 1), TimeSpan.FromSeconds(30), "the article is stored");

        AssertOnePollAndOneArticle(capture);
    }

    private static long Stored(InProcessHost local, TelemetryCapture capture)
    {
        capture.Flush(local.Services);
        return capture.Sum("monitor.articles.stored");
    }

    private static void AssertOnePollAndOneArticle(TelemetryCapture capture)
    {
        var poll = capture.Spans(MonitorTelemetry.PollSpan).First();
        Assert.AreEqual(1, poll.GetTagItem(MonitorTelemetry.FeedsAttribute), "the poll found the one due feed");

        var fetch = capture.Spans(MonitorTelemetry.FetchSpan).Single();
        Assert.AreEqual("otel", fetch.GetTagItem(MonitorTelemetry.FeedAttribute));
        Assert.AreEqual("Updated", fetch.GetTagItem(MonitorTelemetry.OutcomeAttribute));
        Assert.AreEqual(1, fetch.GetTagItem(MonitorTelemetry.NewItemsAttribute));

        var process = capture.Spans(MonitorTelemetry.ProcessSpan).Single();
        StringAssert.StartsWith((string)process.GetTagItem(MonitorTelemetry.BlobAttribute)!, "otel/");
        Assert.AreEqual("Stored", process.GetTagItem(MonitorTelemetry.OutcomeAttribute));
        Assert.AreEqual("en", process.GetTagItem(MonitorTelemetry.LanguageAttribute));
        Assert.AreEqual(ActivityStatusCode.Unset, process.Status);

        Assert.AreEqual(1, capture.Sum("monitor.items.polled", MonitorTelemetry.FeedAttribute, "otel"));
        Assert.AreEqual(1, capture.Sum("monitor.articles.stored", MonitorTelemetry.LanguageAttribute, "en"));
        Assert.AreEqual(0, capture.Sum("monitor.feeds.failed"));
    }

    private static async Task<FeedServer> OutletAsync()
    {
        var outlet = await FeedServer.StartAsync();
        outlet.MapFeed("/feed.xml", SampleFeeds.Rss(SampleFeeds.TransferItems(1, "otel")));
        return outlet;
    }

    private static FeedSource Source(FeedServer outlet) => new() { Id = "otel", Name = "Telemetry outlet", Url = outlet.UrlOf("feed.xml"), Language = "en", Outlet = "Outlet" };
}
