using Monitor.Core.Feeds;
using Monitor.Core.Storage;
using Monitor.IntegrationTests.Infrastructure;

namespace Monitor.IntegrationTests.Feeds;

/// <summary>The poll fanned out: the timer sends one message per due feed, workers on any host poll them.</summary>
[TestClass]
public sealed class PollQueueTests
{
    private static async Task<(FeedServer Server, List<FeedSource> Sources)> FeedsAsync(int count)
    {
        var server = await FeedServer.StartAsync();
        var sources = new List<FeedSource>();
        for (var i = 0; i < count; i++)
        {
            server.MapFeed($"/q{i}.xml", SampleFeeds.Rss(SampleFeeds.TransferItems(2, $"q{i}")));
            sources.Add(TestPipeline.Source($"q{i}", server.UrlOf($"q{i}.xml")));
        }

        return (server, sources);
    }

    private static async Task<int> QueuedAsync(TestPipeline pipeline, string queue = StorageNames.FeedPollsQueue)
    {
        var messages = await pipeline.Storage.Queues.GetQueueClient(queue).PeekMessagesAsync(32);
        return messages.Value.Length;
    }

    [TestMethod]
    public async Task The_timer_sends_each_due_feed_once_and_its_next_run_sends_none_again()
    {
        await using var azurite = await TestAzurite.StartAsync();
        var (server, sources) = await FeedsAsync(3);
        await using var _ = server;
        await using var pipeline = TestPipeline.Create(azurite, sources);

        var first = await pipeline.DueFeeds.SendAsync(CancellationToken.None);
        var second = await pipeline.DueFeeds.SendAsync(CancellationToken.None);

        Assert.AreEqual(3, first);
        Assert.AreEqual(0, second, "a due time is sent once");
        Assert.AreEqual(3, await QueuedAsync(pipeline));
        Assert.IsEmpty(server.Requests, "the timer fetches nothing");
    }

    [TestMethod]
    public async Task Two_hosts_workers_poll_each_feed_once_and_its_items_become_articles()
    {
        await using var azurite = await TestAzurite.StartAsync();
        var (server, sources) = await FeedsAsync(6);
        await using var _ = server;
        await using var pipeline = TestPipeline.Create(azurite, sources);
        await using var other = TestPipeline.Create(azurite, sources);

        await pipeline.DueFeeds.SendAsync(CancellationToken.None);
        var handled = await Task.WhenAll(pipeline.NewFeedPollWorker().DrainAsync(CancellationToken.None), other.NewFeedPollWorker().DrainAsync(CancellationToken.None));
        await pipeline.NewWatcher().ScanOnceAsync(CancellationToken.None);

        Assert.AreEqual(6, handled.Sum());
        Assert.AreEqual(6, server.Requests.Count, "one request per feed: " + string.Join(", ", server.Requests));
        Assert.AreEqual(12, await pipeline.CountAsync(pipeline.Storage.Articles));
        Assert.AreEqual(0, await QueuedAsync(pipeline), "every message deleted");
    }

    [TestMethod]
    public async Task A_due_time_sent_twice_is_polled_once_even_when_two_workers_take_both_at_once()
    {
        await using var azurite = await TestAzurite.StartAsync();
        var (server, sources) = await FeedsAsync(4);
        await using var _ = server;
        await using var pipeline = TestPipeline.Create(azurite, sources);
        await using var other = TestPipeline.Create(azurite, sources);
        var due = DateTimeOffset.UtcNow.AddMinutes(-1);
        await pipeline.Storage.EnsureCreatedAsync(CancellationToken.None);
        foreach (var source in sources)
        {
            for (var copy = 0; copy < 2; copy++)
            {
                await pipeline.Storage.FeedPolls.SendMessageAsync(new FeedPollRequest(source.Id, due).ToMessage());
            }
        }

        await Task.WhenAll(pipeline.NewFeedPollWorker().DrainAsync(CancellationToken.None), other.NewFeedPollWorker().DrainAsync(CancellationToken.None));

        Assert.AreEqual(4, server.Requests.Count, "one fetch per feed: " + string.Join(", ", server.Requests));
        Assert.AreEqual(8, await pipeline.CountAsync(pipeline.Storage.Incoming));
        Assert.AreEqual(0, await QueuedAsync(pipeline));
    }

    [TestMethod]
    public async Task Two_hosts_whose_polls_outlast_the_visibility_timeout_still_poll_each_feed_once()
    {
        await using var azurite = await TestAzurite.StartAsync();
        var server = await FeedServer.StartAsync();
        await using var _ = server;
        var sources = new List<FeedSource>();
        for (var i = 0; i < 8; i++)
        {
            var body = SampleFeeds.Rss(SampleFeeds.TransferItems(1, $"slow{i}"));
            server.Map($"/slow{i}.xml", async context =>
            {
                await Task.Delay(900);
                context.Response.ContentType = "application/rss+xml; charset=utf-8";
                await context.Response.Body.WriteAsync(body);
            });
            sources.Add(TestPipeline.Source($"slow{i}", server.UrlOf($"slow{i}.xml")));
        }

        // Two polls at a time, each answered after 0.9 s, with messages hidden for 1.2 s: the
        // last polls of a host start long after their message would have shown again.
        var settings = new Dictionary<string, string?> { ["Feeds:MaxConcurrency"] = "2", ["LocalHost:QueueVisibilityTimeout"] = "00:00:01.2" };
        await using var pipeline = TestPipeline.Create(azurite, sources, settings);
        await using var other = TestPipeline.Create(azurite, sources, settings);
        await pipeline.DueFeeds.SendAsync(CancellationToken.None);

        var running = pipeline.NewFeedPollWorker().DrainAsync(CancellationToken.None);
        var worker = other.NewFeedPollWorker();
        var handled = 0;
        while (!running.IsCompleted)
        {
            handled += await worker.DrainAsync(CancellationToken.None);
            await Task.Delay(100);
        }

        handled += await running + await worker.DrainAsync(CancellationToken.None);

        Assert.AreEqual(8, server.Requests.Count, "one fetch per feed: " + string.Join(", ", server.Requests));
        Assert.AreEqual(8, handled);
        Assert.AreEqual(0, await QueuedAsync(pipeline));
    }

    [TestMethod]
    public async Task A_message_delivered_again_after_its_host_stopped_mid_poll_polls_its_feed_again()
    {
        await using var azurite = await TestAzurite.StartAsync();
        var (server, sources) = await FeedsAsync(1);
        await using var _ = server;
        await using var pipeline = TestPipeline.Create(azurite, sources);
        var request = new FeedPollRequest("q0", DateTimeOffset.UtcNow.AddMinutes(-1));
        await pipeline.Poller.PollQueuedAsync(request, CancellationToken.None);

        var duplicate = await pipeline.Poller.PollQueuedAsync(request, 1, CancellationToken.None);
        var again = await pipeline.Poller.PollQueuedAsync(request, 2, CancellationToken.None);

        Assert.IsNull(duplicate, "another message for a claimed due time does nothing");
        Assert.IsNotNull(again, "the same message delivered a second time was not finished: poll again");
        Assert.AreEqual(2, server.Requests.Count);
        Assert.AreEqual(2, await pipeline.CountAsync(pipeline.Storage.Incoming), "items written once");
    }

    [TestMethod]
    public async Task An_unchanged_feed_costs_one_state_write_per_poll_and_the_timer_one_write_per_run()
    {
        await using var azurite = await TestAzurite.StartAsync();
        var (server, sources) = await FeedsAsync(4);
        await using var _ = server;
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var pipeline = TestPipeline.Create(azurite, sources, clock: clock);
        await pipeline.DueFeeds.SendAsync(CancellationToken.None);
        await pipeline.NewFeedPollWorker().DrainAsync(CancellationToken.None);

        clock.Advance(TimeSpan.FromMinutes(16));
        server.ResetLog();
        pipeline.Requests.Reset();
        var sent = await pipeline.DueFeeds.SendAsync(CancellationToken.None);
        var timerWrites = pipeline.Requests.WritesTo(StorageNames.FeedStateTable);
        pipeline.Requests.Reset();
        await pipeline.NewFeedPollWorker().DrainAsync(CancellationToken.None);

        Assert.AreEqual(4, sent, "each feed due again after its 15 minutes");
        Assert.AreEqual(1, timerWrites, "the timer's own row only");
        Assert.IsTrue(server.Requests.All(r => r.Status == 304) && server.Requests.Count == 4, string.Join(", ", server.Requests));
        Assert.AreEqual(4, pipeline.Requests.WritesTo(StorageNames.FeedStateTable), "one write per feed: " + pipeline.Requests.Describe());
        Assert.AreEqual(0, pipeline.Requests.WritesTo(StorageNames.IncomingContainer));
        Assert.AreEqual(0, pipeline.Requests.WritesTo(StorageNames.SeenItemsTable));
    }

    [TestMethod]
    public async Task A_message_that_is_not_a_feed_poll_goes_to_the_poison_queue_and_the_rest_are_polled()
    {
        await using var azurite = await TestAzurite.StartAsync();
        var (server, sources) = await FeedsAsync(2);
        await using var _ = server;
        await using var pipeline = TestPipeline.Create(azurite, sources);
        await pipeline.Storage.EnsureCreatedAsync(CancellationToken.None);
        await pipeline.Storage.FeedPolls.SendMessageAsync("not json");
        await pipeline.DueFeeds.SendAsync(CancellationToken.None);

        await pipeline.NewFeedPollWorker().DrainAsync(CancellationToken.None);

        Assert.AreEqual(2, server.Requests.Count);
        Assert.AreEqual(1, await QueuedAsync(pipeline, StorageNames.FeedPollsPoisonQueue));
        Assert.AreEqual(0, await QueuedAsync(pipeline));
    }
}
