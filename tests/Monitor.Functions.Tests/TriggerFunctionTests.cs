using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Monitor.Core;
using Monitor.Core.Articles;
using Monitor.Core.Delivery;
using Monitor.Core.Feeds;
using Monitor.Functions.Tests.Infrastructure;
using Monitor.IntegrationTests.Infrastructure;

namespace Monitor.Functions.Tests;

/// <summary>
/// The timer, queue and blob functions, each given what the runtime gives it: a timer tick, the
/// text and dequeue count of a message taken from the real queue (deleted once the function
/// returns, left for a retry when it throws), a blob client and name for a blob written to
/// <c>incoming/</c>.
/// </summary>
[TestClass]
public sealed class TriggerFunctionTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [TestMethod]
    public async Task A_timer_poll_reaches_a_subscribers_webhook_through_the_queue_blob_and_grouping_functions()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var outlet = await FeedServer.StartAsync();
        var now = DateTimeOffset.UtcNow;
        outlet.MapFeed("/feed.xml", SampleFeeds.Rss(Enumerable.Range(1, 3).Select(i => new SampleFeeds.Item(
            $"Iraq receives {200 + i} ISIS detainees moved from Hasakah prisons in Syria",
            $"The U.S. military said it transferred {200 + i} ISIS detainees from a detention facility in Hasakah, Syria, to Iraqi custody.",
            $"https://outlet.example/news/{i}",
            now.AddMinutes(-30 * i)))));
        var hooks = new ConcurrentQueue<(string Signature, string Body)>();
        outlet.Map("/hook", async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            hooks.Enqueue((context.Request.Headers[WebhookSender.SignatureHeader].ToString(), await reader.ReadToEndAsync()));
        });
        var source = new FeedSource { Id = "wire", Name = "Wire", Url = outlet.UrlOf("feed.xml"), Language = "en", Outlet = "Wire" };
        await using var app = FunctionsAppHost.Build(azurite, [source], new Dictionary<string, string?> { ["Webhooks:AllowLoopback"] = "true", ["Webhooks:Timeout"] = "00:00:05" });

        var subscribe = new HttpRequestMessage(HttpMethod.Post, "http://localhost:7071/api/subscriptions")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { webhookUrl = outlet.UrlOf("hook").AbsoluteUri, schedule = "immediate" }), Encoding.UTF8, "application/json"),
        };
        var created = await app.InvokeHttpAsync<Subscriptions>(nameof(Subscriptions.Create), subscribe, (f, r) => f.Create(r, None));
        Assert.AreEqual(201, created.Status, created.Text);
        var secret = JsonDocument.Parse(created.Text).RootElement.GetProperty("webhookSecret").GetString()!;

        await app.InvokeAsync<PollFeeds>(nameof(PollFeeds.Run), (f, c) => f.Run(new TimerInfo(), c.CancellationToken));
        var polls = await RunQueueAsync(app.Storage.FeedPolls, (message, dequeueCount) => app.InvokeAsync<PollFeed>(
            nameof(PollFeed.Run), (f, c) => f.Run(message, c, c.CancellationToken), new Dictionary<string, object?> { ["DequeueCount"] = dequeueCount.ToString(CultureInfo.InvariantCulture) }));
        Assert.AreEqual(1, polls, "one message for the one due feed");
        Assert.AreEqual(1, outlet.RequestsTo("feed.xml"));

        var incoming = await NamesAsync(app);
        Assert.HasCount(3, incoming);
        foreach (var name in incoming)
        {
            await app.InvokeAsync<ProcessIncoming>(nameof(ProcessIncoming.Run), (f, c) => f.Run(app.Storage.Incoming.GetBlobClient(name), name, c.CancellationToken));
        }

        var turns = await RunQueueAsync(app.Storage.TopicTurns, (topic, _) => app.InvokeAsync<GroupDevelopments>(nameof(GroupDevelopments.Run), (f, c) => f.Run(topic, c.CancellationToken)));
        Assert.IsGreaterThanOrEqualTo(1, turns);
        Assert.AreEqual(0, await CountAsync(app.Storage.NewArticles.QueryAsync<Azure.Data.Tables.TableEntity>()), "every staged article folded");

        await app.InvokeAsync<DeliverDigests>(nameof(DeliverDigests.Run), (f, c) => f.Run(new TimerInfo(), c.CancellationToken));

        var (signature, body) = hooks.Single();
        Assert.IsTrue(WebhookSignature.Verify(secret, signature, body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)), "signed with the subscription's secret");
        var delivered = JsonDocument.Parse(body).RootElement;
        var articles = delivered.GetProperty("developments").EnumerateArray().SelectMany(d => d.GetProperty("articles").EnumerateArray()).ToList();
        Assert.HasCount(3, articles, body);
    }

    [TestMethod]
    public async Task A_poisoned_blob_throws_to_the_runtime_until_the_last_allowed_attempt_and_is_then_quarantined()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var app = FunctionsAppHost.Build(azurite, [], new Dictionary<string, string?> { ["Processing:MaxAttempts"] = "3" });
        await app.Storage.EnsureCreatedAsync(None);
        var item = new IncomingItem
        {
            Source = "wire",
            Id = "https://wire.example/poisoned",
            Title = "ISIS detainees transferred from Hasakah to Iraq",
            SummaryHtml = "<p>The coalition transferred 230 ISIS detainees from Hasakah to Iraq.</p>",
            Published = DateTimeOffset.UtcNow.AddHours(-1),
            FetchedAt = DateTimeOffset.UtcNow,
        };
        var blob = app.Storage.Incoming.GetBlobClient(item.BlobName);
        await blob.UploadAsync(BinaryData.FromObjectAsJson(item, MonitorJson.Options));

        // The article's blob is held by a lease, so storing fails every time, as during an outage.
        var article = app.Storage.ArticleBlobs.GetBlobClient(Article.BlobNameFor(item.Source, item.ArticleKey));
        await article.UploadAsync(BinaryData.FromString("{}"));
        await article.GetBlobLeaseClient().AcquireAsync(TimeSpan.FromSeconds(-1));

        Task Attempt() => app.InvokeAsync<ProcessIncoming>(nameof(ProcessIncoming.Run), (f, c) => f.Run(blob, item.BlobName, c.CancellationToken));
        await Assert.ThrowsAsync<RequestFailedException>(Attempt, "attempt 1 escapes: the runtime retries");
        await Assert.ThrowsAsync<RequestFailedException>(Attempt, "attempt 2 escapes: the runtime retries");
        await Attempt();

        BlobProperties quarantined = await app.Storage.Quarantine.GetBlobClient(item.BlobName).GetPropertiesAsync();
        Assert.AreEqual("3", quarantined.Metadata["failures"]);
        Assert.IsFalse((await blob.ExistsAsync()).Value, "moved out of incoming/");
    }

    [TestMethod]
    public void The_runtime_retries_a_failing_blob_more_often_than_the_app_attempts_it()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("host.json")));
        var threshold = host.RootElement.GetProperty("extensions").GetProperty("blobs").GetProperty("poisonBlobThreshold").GetInt32();
        var attempts = int.Parse(FunctionsAppHost.SampleSettings()["Processing:MaxAttempts"]!, CultureInfo.InvariantCulture);

        // Otherwise the runtime would move the blob to its poison queue before the app quarantines it with its error.
        Assert.IsGreaterThan(attempts, threshold);
        Assert.AreEqual(new ProcessingOptions().MaxAttempts, attempts, "the sample gives the default");
    }

    /// <summary>Takes every message of the queue as the runtime does, runs the function on it and deletes it once it returns.</summary>
    private static async Task<int> RunQueueAsync(QueueClient queue, Func<string, long, Task> function)
    {
        var count = 0;
        while (true)
        {
            var messages = count == 0 ? await FunctionsAppHost.ReceiveWhenVisibleAsync(queue) : (QueueMessage[])await queue.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout: TimeSpan.FromMinutes(1));
            if (messages.Length == 0)
            {
                return count;
            }

            foreach (var message in messages)
            {
                await function(message.MessageText, message.DequeueCount);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                count++;
            }
        }
    }

    private static async Task<List<string>> NamesAsync(FunctionsAppHost app)
    {
        var names = new List<string>();
        await foreach (var blob in app.Storage.Incoming.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private static async Task<int> CountAsync<T>(AsyncPageable<T> rows)
        where T : notnull
    {
        var count = 0;
        await foreach (var _ in rows)
        {
            count++;
        }

        return count;
    }
}
