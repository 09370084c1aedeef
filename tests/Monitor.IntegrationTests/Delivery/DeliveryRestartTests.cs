using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Monitor.Core.Delivery;
using Monitor.Core.Developments;
using Monitor.IntegrationTests.Infrastructure;

namespace Monitor.IntegrationTests.Delivery;

/// <summary>The real executable, killed between sending a webhook and moving the cursor, then restarted.</summary>
[TestClass]
public sealed class DeliveryRestartTests
{
    private const string Topic = "detainee-transfers";

    [TestMethod]
    public async Task Killing_the_host_between_a_send_and_the_cursor_update_sends_again_with_the_same_id_and_skips_nothing()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var server = await FeedServer.StartAsync();
        server.MapFeed("/wire.xml", SampleFeeds.Rss(SampleFeeds.TransferItems(6, "wire")));
        var sourcesFile = Path.Combine(Path.GetTempPath(), $"monitor-sources-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(sourcesFile, $$"""
            { "sources": [ { "id": "wire", "name": "Wire", "url": "{{server.UrlOf("wire.xml")}}", "language": "en", "outlet": "Wire", "pollIntervalMinutes": 60 } ] }
            """);
        await using var pipeline = TestPipeline.Create(azurite, [], new Dictionary<string, string?> { ["Webhooks:AllowLoopback"] = "true" });

        // Subscribed before anything is stored: it is owed every development.
        var created = await pipeline.Get<SubscriptionService>().CreateAsync(
            JsonSerializer.Serialize(new { webhookUrl = server.UrlOf("hook").AbsoluteUri, schedule = "immediate" }), CancellationToken.None);
        Assert.AreEqual(201, created.Status, string.Join("; ", created.Errors));
        var secret = created.View!.WebhookSecret!;

        string[] arguments =
        [
            $"--Storage:ConnectionString={azurite.ConnectionString}",
            $"--Feeds:SourcesPath={sourcesFile}",
            "--Feeds:AllowLoopback=true",
            "--Webhooks:AllowLoopback=true",
            "--Webhooks:Timeout=00:00:05",

            // An attempt holds its delivery this long; a host that dies holding it frees it when it ends.
            "--Delivery:ClaimTimeout=00:00:10",
            "--DeliverySchedule=* * * * * *",
            "--LocalHost:IncomingScanInterval=00:00:00.200",
        ];

        var received = new ConcurrentQueue<(string DeliveryId, IReadOnlyList<string> Developments, bool Acknowledged)>();
        HostProcess? current = null;
        server.Map("/hook", async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            Assert.IsTrue(WebhookSignature.Verify(secret, context.Request.Headers[WebhookSender.SignatureHeader].ToString(), body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            var ids = JsonDocument.Parse(body).RootElement.GetProperty("developments").EnumerateArray().Select(d => d.GetProperty("id").GetString()!).ToList();
            var first = received.IsEmpty;
            received.Enqueue((context.Request.Headers[WebhookSender.DeliveryHeader].ToString(), ids, !first));
            if (first)
            {
                // The host sent it and now dies before it hears back: its cursor has not moved.
                await current!.KillAsync();
                context.Abort();
                return;
            }

            context.Response.StatusCode = 200;
        });

        try
        {
            await using (current = await HostProcess.StartAsync(arguments))
            {
                await Eventually.TrueAsync(() => Task.FromResult(!received.IsEmpty), TimeSpan.FromSeconds(60), "the first webhook");
            }

            // While it is down, another development is stored.
            var later = await pipeline.Get<DevelopmentStore>().AddAsync(
                Topic,
                new DevelopmentArticle("late", "Iraq receives 2,250 detainees", null, "wire", "Wire", "en", DateTimeOffset.UtcNow, 0.9)
                {
                    Type = "transfer",
                    Figures = [new StatedFigure(2250, "exact", "detainees", "2,250 detainees")],
                    Signature = TextSignature.Of("Iraq receives 2,250 detainees"),
                },
                CancellationToken.None);

            var store = pipeline.Get<DevelopmentStore>();
            await using (current = await HostProcess.StartAsync(arguments))
            {
                // The restarted host also finishes the items the first one had not processed: wait
                // until every stored development has reached the receiver.
                await Eventually.TrueAsync(
                    async () =>
                    {
                        var acknowledgedNow = received.Where(r => r.Acknowledged).SelectMany(r => r.Developments).ToHashSet();
                        var storedNow = await store.ReadAsync(Topic, DateTimeOffset.UtcNow.AddYears(-10), DateTimeOffset.UtcNow.AddDays(1), CancellationToken.None);
                        return acknowledgedNow.Contains(later) && storedNow.All(d => acknowledgedNow.Contains(d.Id))
                            && await pipeline.CountAsync(pipeline.Storage.Articles) == 6;
                    },
                    TimeSpan.FromSeconds(90),
                    "every development, the one stored while the host was down among them");
            }

            var deliveries = received.ToList();
            Assert.AreEqual(deliveries[0].DeliveryId, deliveries[1].DeliveryId, "the interrupted delivery is sent again with its id");
            CollectionAssert.AreEqual(deliveries[0].Developments.ToList(), deliveries[1].Developments.ToList(), "and the same content");
            Assert.AreNotEqual(deliveries[0].DeliveryId, deliveries[^1].DeliveryId);

            var stored = await pipeline.Get<DevelopmentStore>().ReadAsync(Topic, DateTimeOffset.UtcNow.AddYears(-10), DateTimeOffset.UtcNow.AddDays(1), CancellationToken.None);
            var acknowledged = deliveries.Where(d => d.Acknowledged).SelectMany(d => d.Developments).ToHashSet();
            foreach (var development in stored)
            {
                Assert.Contains(development.Id, acknowledged, "no development is skipped");
            }
        }
        finally
        {
            File.Delete(sourcesFile);
        }
    }
}
