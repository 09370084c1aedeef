using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Monitor.Core.Delivery;
using Monitor.Core.Developments;
using Monitor.Core.Tests.Delivery;
using Monitor.IntegrationTests.Infrastructure;

namespace Monitor.IntegrationTests.Delivery;

/// <summary>
/// Subscriptions and deliveries through the local host's API over a real Azurite, to a real SMTP
/// server and a real HTTP receiver on loopback.
/// </summary>
[TestClass]
public sealed class DeliveryTests
{
    private const string Topic = "detainee-transfers";
    private static readonly DateTimeOffset Day = DateTimeOffset.UtcNow.AddHours(-6);

    /// <summary>A host that delivers only when the test runs the delivery (its own loop is off).</summary>
    private static Task<InProcessHost> HostAsync(TestAzurite azurite, int smtpPort = 1, bool allowLoopback = true, int maxDevelopments = 100) =>
        InProcessHost.StartAsync(azurite, [], new Dictionary<string, string?>
        {
            ["LocalHost:PollEnabled"] = "false",
            ["LocalHost:DeliveryEnabled"] = "false",
            ["Email:Host"] = "127.0.0.1",
            ["Email:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Webhooks:AllowLoopback"] = allowLoopback ? "true" : "false",
            ["Webhooks:Timeout"] = "00:00:03",
            ["Delivery:FirstRetryDelay"] = "00:00:00.010",
            ["Delivery:MaxRetryDelay"] = "00:00:00.050",
            ["Delivery:MaxAttempts"] = "3",
            ["Delivery:MaxDevelopments"] = maxDevelopments.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    private static Task<DeliveryRun> RunAsync(InProcessHost host) =>
        host.Services.GetRequiredService<DeliveryService>().RunDueAsync(CancellationToken.None);

    private static Task<string> AddAsync(InProcessHost host, string id, int hours, string title, long amount) =>
        host.Services.GetRequiredService<DevelopmentStore>().AddAsync(
            Topic,
            new DevelopmentArticle(id, title, "https://example.test/" + id, "src", "Outlet", "en", Day.AddHours(hours), 0.9)
            {
                Type = "transfer",
                Figures = [new StatedFigure(amount, "exact", "detainees", amount + " detainees") { Lead = title.Contains(amount.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) }],
                Places = ["hasakah"],
                Summary = title,
                Signature = TextSignature.Of(title),
            },
            CancellationToken.None);

    private static async Task<JsonElement> CreateAsync(InProcessHost host, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await host.Client.PostAsync("/api/subscriptions", new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(expected, response.StatusCode, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<JsonElement> ReadAsync(InProcessHost host, JsonElement created)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/subscriptions/" + created.GetProperty("id").GetString());
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", created.GetProperty("manageToken").GetString());
        var response = await host.Client.SendAsync(request);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    /// <summary>A webhook receiver that checks every signature and answers with the next status of a script.</summary>
    private sealed class Receiver(string secret, params int[] statuses)
    {
        private int calls;

        public ConcurrentQueue<(string DeliveryId, bool SignatureValid, JsonElement Body, int Status)> Received { get; } = new();

        public async Task HandleAsync(HttpContext context)
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var valid = WebhookSignature.Verify(secret, context.Request.Headers[WebhookSender.SignatureHeader].ToString(), body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
            var n = Interlocked.Increment(ref calls) - 1;
            var status = n < statuses.Length ? statuses[n] : 200;
            context.Response.StatusCode = valid ? status : 401;
            Received.Enqueue((context.Request.Headers[WebhookSender.DeliveryHeader].ToString(), valid, JsonDocument.Parse(body).RootElement.Clone(), context.Response.StatusCode));
        }
    }

    [TestMethod]
    public async Task An_email_subscriber_confirms_receives_the_digest_in_two_parts_and_unsubscribes_in_one_click()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var host = await HostAsync(azurite, smtp.Port);

        var created = await CreateAsync(host, new { email = "analyst@example.org", schedule = "immediate", topics = new[] { Topic } });
        Assert.AreEqual("pending_confirmation", created.GetProperty("status").GetString());
        await AddAsync(host, "early", 0, "Nothing goes out before the address confirms", 300);
        await RunAsync(host);
        var confirmation = smtp.Received.Single();
        var confirmLink = Regex.Match(confirmation.Message.TextBody ?? "", @"https?://\S+/confirm\?token=\S+").Value;
        Assert.IsFalse(string.IsNullOrEmpty(confirmLink), confirmation.Message.TextBody);
        Assert.AreEqual(HttpStatusCode.OK, (await host.Client.GetAsync(confirmLink)).StatusCode);
        Assert.AreEqual("active", (await ReadAsync(host, created)).GetProperty("status").GetString());

        await AddAsync(host, "a1", 1, "US moves 150 ISIS detainees from Hasakah to Iraq", 150);
        await RunAsync(host);

        Assert.HasCount(2, smtp.Received);
        var mail = smtp.Received.Last().Message;
        CollectionAssert.AreEqual(new[] { "analyst@example.org" }, smtp.Received.Last().To.ToArray());
        var parts = mail.BodyParts.OfType<TextPart>().ToList();
        Assert.IsTrue(parts.Any(p => p.IsPlain && p.Text.Contains("US moves 150 ISIS detainees", StringComparison.Ordinal)), "a plain-text part");
        Assert.IsTrue(parts.Any(p => p.IsHtml && p.Text.Contains("US moves 150 ISIS detainees", StringComparison.Ordinal)), "an HTML part");
        Assert.AreEqual("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        var unsubscribe = Regex.Match(mail.Headers["List-Unsubscribe"] ?? "", "<(?<url>https?://[^>]+)>").Groups["url"].Value;
        StringAssert.Contains(unsubscribe, "/unsubscribe?token=");

        // The mail client's one-click unsubscribe: a POST of "List-Unsubscribe=One-Click" to that address.
        var page = await host.Client.GetAsync(unsubscribe);
        Assert.AreEqual(HttpStatusCode.OK, page.StatusCode);
        Assert.AreEqual("active", (await ReadAsync(host, created)).GetProperty("status").GetString(), "showing the page unsubscribes nobody");
        var click = await host.Client.PostAsync(unsubscribe, new StringContent("List-Unsubscribe=One-Click", Encoding.ASCII, "application/x-www-form-urlencoded"));
        Assert.AreEqual(HttpStatusCode.OK, click.StatusCode);
        Assert.AreEqual("unsubscribed", (await ReadAsync(host, created)).GetProperty("status").GetString());

        await AddAsync(host, "a2", 30, "Iraq receives 2,250 detainees", 2250);
        await RunAsync(host);
        Assert.HasCount(2, smtp.Received, "nothing after the unsubscribe");
    }

    [TestMethod]
    public async Task Thirty_subscriptions_for_one_address_send_one_confirmation_email_per_interval_and_the_API_says_so()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var host = await HostAsync(azurite, smtp.Port);

        var created = new List<JsonElement>();
        for (var i = 0; i < 30; i++)
        {
            created.Add(await CreateAsync(host, new { email = i % 2 == 0 ? "victim@example.org" : "Victim@Example.org", schedule = "immediate", topics = new[] { Topic } }));
        }

        await RunAsync(host);
        await RunAsync(host);

        Assert.HasCount(1, smtp.Received, "one confirmation email to the address, not thirty");
        StringAssert.Contains(created[0].GetProperty("statusReason").GetString(), "at most one confirmation email goes to an address every hour");
        await CreateAsync(host, new { email = "other@example.org", schedule = "immediate", topics = new[] { Topic } });
        await RunAsync(host);
        Assert.HasCount(2, smtp.Received, "another address is not held back");
    }

    [TestMethod]
    public async Task A_receiver_that_fails_twice_gets_the_same_delivery_id_three_times_and_the_development_once()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var server = await FeedServer.StartAsync();
        await using var host = await HostAsync(azurite);
        var created = await CreateAsync(host, new { webhookUrl = server.UrlOf("hook").AbsoluteUri, schedule = "immediate" });
        var secret = created.GetProperty("webhookSecret").GetString()!;
        StringAssert.StartsWith(secret, "whsec_");
        var receiver = new Receiver(secret, 500, 503);
        server.Map("/hook", receiver.HandleAsync);

        var development = await AddAsync(host, "a1", 0, "US moves 150 ISIS detainees from Hasakah to Iraq", 150);
        for (var i = 0; i < 20 && !receiver.Received.Any(r => r.Status == 200); i++)
        {
            await RunAsync(host);
            await Task.Delay(60);
        }

        var received = receiver.Received.ToList();
        Assert.HasCount(3, received);
        Assert.IsTrue(received.All(r => r.SignatureValid), "every webhook is signed with the subscription's secret");
        Assert.HasCount(1, received.Select(r => r.DeliveryId).Distinct().ToList(), "one delivery id on every attempt");
        CollectionAssert.AreEqual(new[] { 500, 503, 200 }, received.Select(r => r.Status).ToArray());
        var delivered = received.Last().Body.GetProperty("developments").EnumerateArray().Select(d => d.GetProperty("id").GetString()).ToList();
        CollectionAssert.AreEqual(new[] { development }, delivered);

        await RunAsync(host);
        Assert.HasCount(3, receiver.Received, "nothing new, nothing sent");
        var state = await ReadAsync(host, created);
        Assert.AreEqual(1, state.GetProperty("deliveredCount").GetInt32());
        Assert.AreEqual(JsonValueKind.Null, state.GetProperty("pendingDeliveryId").ValueKind);
    }

    [TestMethod]
    public async Task More_developments_than_one_delivery_holds_go_in_the_next_deliveries_each_once()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var server = await FeedServer.StartAsync();
        await using var host = await HostAsync(azurite, maxDevelopments: 2);
        var created = await CreateAsync(host, new { webhookUrl = server.UrlOf("hook").AbsoluteUri, schedule = "immediate" });
        var receiver = new Receiver(created.GetProperty("webhookSecret").GetString()!);
        server.Map("/hook", receiver.HandleAsync);
        var stored = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            stored.Add(await AddAsync(host, "a" + i, i * 10, "Batch of " + (100 + (i * 37)) + " detainees lands in Baghdad", 100 + (i * 37)));
        }

        for (var i = 0; i < 4; i++)
        {
            await RunAsync(host);
        }

        var delivered = receiver.Received.SelectMany(r => r.Body.GetProperty("developments").EnumerateArray().Select(d => d.GetProperty("id").GetString()!)).ToList();
        CollectionAssert.AreEquivalent(stored, delivered, "every development, each once");
        Assert.HasCount(3, receiver.Received, "two, two and one");
    }

    [TestMethod]
    public async Task A_subscription_with_a_readers_language_gets_every_headline_in_it_in_its_webhooks_and_can_change_it()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var server = await FeedServer.StartAsync();
        await using var host = await HostAsync(azurite);
        var created = await CreateAsync(host, new { webhookUrl = server.UrlOf("hook").AbsoluteUri, schedule = "immediate", hl = "ar" });
        Assert.AreEqual("ar", created.GetProperty("hl").GetString());
        var receiver = new Receiver(created.GetProperty("webhookSecret").GetString()!);
        server.Map("/hook", receiver.HandleAsync);

        await AddAsync(host, "en1", 0, "US moves 150 ISIS detainees from Hasakah to Iraq", 150);
        await RunAsync(host);

        var body = receiver.Received.Single().Body;
        Assert.AreEqual("ar", body.GetProperty("readerLanguage").GetString());
        var development = body.GetProperty("developments").EnumerateArray().Single();
        Assert.IsTrue(development.GetProperty("headlineGenerated").GetBoolean(), "reported in English only: its Arabic fact line");
        Assert.AreEqual("نقل 150 معتقلاً من الحسكة", development.GetProperty("headline").GetString());

        using (var change = new HttpRequestMessage(HttpMethod.Patch, "/api/subscriptions/" + created.GetProperty("id").GetString()) { Content = new StringContent("{\"hl\":null}", Encoding.UTF8, "application/json") })
        {
            change.Headers.Authorization = new AuthenticationHeaderValue("Bearer", created.GetProperty("manageToken").GetString());
            var changed = await host.Client.SendAsync(change);
            Assert.AreEqual(HttpStatusCode.OK, changed.StatusCode);
        }

        Assert.AreEqual(JsonValueKind.Null, (await ReadAsync(host, created)).GetProperty("hl").ValueKind, "headlines as published again");
        var wrong = await CreateAsync(host, new { webhookUrl = server.UrlOf("hook").AbsoluteUri, hl = "fr" }, HttpStatusCode.BadRequest);
        StringAssert.StartsWith(wrong.GetProperty("errors")[0].GetString(), "hl:");
    }

    [TestMethod]
    public async Task A_new_subscription_gets_what_happens_from_then_on_unless_it_asks_for_a_backfill()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var server = await FeedServer.StartAsync();
        await using var host = await HostAsync(azurite);
        var before = await AddAsync(host, "old", 0, "US moves 150 ISIS detainees", 150);
        var plain = await CreateAsync(host, new { webhookUrl = server.UrlOf("plain").AbsoluteUri, schedule = "immediate" });
        var backfilled = await CreateAsync(host, new { webhookUrl = server.UrlOf("backfill").AbsoluteUri, schedule = "immediate", backfill = true });
        var toPlain = new Receiver(plain.GetProperty("webhookSecret").GetString()!);
        var toBackfilled = new Receiver(backfilled.GetProperty("webhookSecret").GetString()!);
        server.Map("/plain", toPlain.HandleAsync);
        server.Map("/backfill", toBackfilled.HandleAsync);

        await RunAsync(host);

        Assert.IsEmpty(toPlain.Received, "nothing new for the plain subscription");
        Assert.AreEqual(before, toBackfilled.Received.Single().Body.GetProperty("developments")[0].GetProperty("id").GetString());
    }

    [TestMethod]
    public async Task A_410_from_the_receiver_ends_the_subscription()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var server = await FeedServer.StartAsync();
        await using var host = await HostAsync(azurite);
        var created = await CreateAsync(host, new { webhookUrl = server.UrlOf("hook").AbsoluteUri, schedule = "immediate" });
        var receiver = new Receiver(created.GetProperty("webhookSecret").GetString()!, 410);
        server.Map("/hook", receiver.HandleAsync);

        await AddAsync(host, "a1", 0, "US moves 150 ISIS detainees", 150);
        await RunAsync(host);
        await AddAsync(host, "a2", 30, "Iraq receives 2,250 detainees", 2250);
        await RunAsync(host);

        Assert.HasCount(1, receiver.Received);
        var state = await ReadAsync(host, created);
        Assert.AreEqual("unsubscribed", state.GetProperty("status").GetString());
        StringAssert.Contains(state.GetProperty("statusReason").GetString(), "410");
    }

    [TestMethod]
    public async Task After_the_attempt_limit_the_subscription_is_marked_failing_and_says_why()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var server = await FeedServer.StartAsync();
        await using var host = await HostAsync(azurite);
        var created = await CreateAsync(host, new { webhookUrl = server.UrlOf("hook").AbsoluteUri, schedule = "immediate" });
        var receiver = new Receiver(created.GetProperty("webhookSecret").GetString()!, 500, 500, 500, 500, 500, 500);
        server.Map("/hook", receiver.HandleAsync);

        await AddAsync(host, "a1", 0, "US moves 150 ISIS detainees", 150);
        for (var i = 0; i < 10; i++)
        {
            await RunAsync(host);
            await Task.Delay(60);
        }

        Assert.HasCount(3, receiver.Received, "Delivery:MaxAttempts is 3");
        var state = await ReadAsync(host, created);
        Assert.AreEqual("failing", state.GetProperty("status").GetString());
        StringAssert.Contains(state.GetProperty("statusReason").GetString(), "HTTP 500");
    }

    [TestMethod]
    [DataRow("http://127.0.0.1:9/hook")]
    [DataRow("http://10.1.2.3/hook")]
    [DataRow("http://169.254.169.254/latest/meta-data/")]
    [DataRow("http://[::1]:9/hook")]
    [DataRow("http://localhost:9/hook")]
    public async Task Webhook_addresses_that_reach_inside_are_refused_when_loopback_is_not_allowed(string url)
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var host = await HostAsync(azurite, allowLoopback: false);

        var problem = await CreateAsync(host, new { webhookUrl = url, schedule = "immediate" }, HttpStatusCode.BadRequest);

        StringAssert.Contains(problem.GetProperty("errors")[0].GetString(), "webhookUrl");
    }

    [TestMethod]
    public async Task Invalid_subscriptions_get_a_400_that_names_each_field()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var host = await HostAsync(azurite);

        var problem = await CreateAsync(
            host,
            new { email = "not-an-address", schedule = "weekly", timeZone = "Mars/Olympus", dailyAt = "25:00", topics = new[] { "football" }, minScore = 2, colour = "red" },
            HttpStatusCode.BadRequest);

        var errors = string.Join("\n", problem.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        foreach (var field in new[] { "email", "schedule", "timeZone", "dailyAt", "topics", "minScore", "colour" })
        {
            StringAssert.Contains(errors, field + ":");
        }
    }

    [TestMethod]
    public async Task The_manage_token_reads_changes_and_deletes_a_subscription_and_nothing_else_does()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var host = await HostAsync(azurite);
        var created = await CreateAsync(host, new { webhookUrl = "http://127.0.0.1:9/hook", schedule = "daily", dailyAt = "07:30", timeZone = "Asia/Baghdad" });
        var id = created.GetProperty("id").GetString()!;
        var token = created.GetProperty("manageToken").GetString()!;

        var anonymous = await host.Client.GetAsync("/api/subscriptions/" + id);
        Assert.AreEqual(HttpStatusCode.NotFound, anonymous.StatusCode);
        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/subscriptions/" + id))
        {
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token + "x");
            Assert.AreEqual(HttpStatusCode.NotFound, (await host.Client.SendAsync(wrong)).StatusCode);
        }

        using (var change = new HttpRequestMessage(HttpMethod.Patch, "/api/subscriptions/" + id) { Content = new StringContent("{\"schedule\":\"hourly\",\"languages\":[\"ar\"],\"rotateSecret\":true}", Encoding.UTF8, "application/json") })
        {
            change.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var changed = await host.Client.SendAsync(change);
            var body = JsonDocument.Parse(await changed.Content.ReadAsStringAsync()).RootElement;
            Assert.AreEqual(HttpStatusCode.OK, changed.StatusCode);
            Assert.AreEqual("hourly", body.GetProperty("schedule").GetString());
            Assert.AreNotEqual(created.GetProperty("webhookSecret").GetString(), body.GetProperty("webhookSecret").GetString());
        }

        Assert.AreEqual(JsonValueKind.Null, (await ReadAsync(host, created)).GetProperty("webhookSecret").ValueKind, "a secret is shown once");

        using (var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/subscriptions/" + id))
        {
            delete.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.AreEqual(HttpStatusCode.NoContent, (await host.Client.SendAsync(delete)).StatusCode);
        }

        using var gone = new HttpRequestMessage(HttpMethod.Get, "/api/subscriptions/" + id);
        gone.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.AreEqual(HttpStatusCode.NotFound, (await host.Client.SendAsync(gone)).StatusCode);
    }

    [TestMethod]
    public async Task Tokens_are_stored_hashed_and_secrets_encrypted()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var host = await HostAsync(azurite);
        var created = await CreateAsync(host, new { webhookUrl = "http://127.0.0.1:9/hook", schedule = "immediate" });

        var storage = host.Services.GetRequiredService<Monitor.Core.Storage.MonitorStorage>();
        var row = (await storage.Subscriptions.GetEntityAsync<Azure.Data.Tables.TableEntity>(SubscriptionEntity.Partition, created.GetProperty("id").GetString()!)).Value;
        var stored = string.Join("\n", row.Select(p => p.Value?.ToString()));

        Assert.DoesNotContain(created.GetProperty("manageToken").GetString()!, stored);
        Assert.DoesNotContain(created.GetProperty("webhookSecret").GetString()!, stored);
    }
}
