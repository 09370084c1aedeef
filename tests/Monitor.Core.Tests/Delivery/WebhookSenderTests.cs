using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Monitor.Core.Delivery;
using Monitor.Core.Outbound;
using Monitor.Core.Tests.Feeds;
using Monitor.Core.Tests.Outbound;

namespace Monitor.Core.Tests.Delivery;

[TestClass]
public sealed class WebhookSenderTests
{
    private const string Secret = "whsec_test_0123456789";
    private const string Body = "{\"schemaVersion\":1,\"topic\":\"detainee-transfers\",\"topicName\":\"نقل المعتقلين من سوريا إلى العراق\"}";

    private static ServiceProvider Build(bool allowLoopback = false, bool allowPrivate = false, TimeSpan? timeout = null, int? maxResponseBytes = null, OutboundResolver? resolver = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Webhooks:AllowLoopback"] = allowLoopback ? "true" : "false",
            ["Webhooks:AllowPrivateNetworks"] = allowPrivate ? "true" : "false",
            ["Webhooks:Timeout"] = (timeout ?? TimeSpan.FromSeconds(10)).ToString("c", CultureInfo.InvariantCulture),
        };
        if (maxResponseBytes is { } max)
        {
            settings["Webhooks:MaxResponseBytes"] = max.ToString(CultureInfo.InvariantCulture);
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton(TimeProvider.System);
        services.AddWebhookSender();
        if (resolver is not null)
        {
            services.Replace(ServiceDescriptor.Singleton(resolver));
        }

        return services.BuildServiceProvider();
    }

    private static WebhookSender Sender(ServiceProvider provider) => provider.GetRequiredService<WebhookSender>();

    private Task<DeliveryResult> SendAsync(ServiceProvider provider, Uri url, string deliveryId = "dlv_01", string body = Body) =>
        Sender(provider).SendAsync(url, Secret, deliveryId, body, TestContext.CancellationToken);

    [TestMethod]
    public async Task Send_posts_the_body_with_the_delivery_id_and_a_signature_the_receiver_can_verify()
    {
        await using var receiver = new LoopbackServer(_ => LoopbackResponse.Of(200, "ok"));
        using var provider = Build(allowLoopback: true);

        var result = await SendAsync(provider, receiver.Url("/hooks/monitor"), "dlv_2026-02-09_sub42");

        Assert.AreEqual(DeliveryOutcome.Delivered, result.Outcome, result.Reason);
        Assert.AreEqual(200, result.StatusCode);
        Assert.IsTrue(receiver.Requests.TryDequeue(out var request));
        Assert.AreEqual("POST", request.Method);
        Assert.AreEqual("/hooks/monitor", request.Path);
        Assert.AreEqual(Body, request.Body);
        Assert.AreEqual("application/json; charset=utf-8", request.Header("Content-Type"));
        Assert.AreEqual("MonitorWebhooks/1.0", request.Header("User-Agent"));
        Assert.AreEqual("dlv_2026-02-09_sub42", request.Header("Monitor-Delivery"));

        var signature = request.Header("Monitor-Signature");
        var timestamp = request.Header("Monitor-Timestamp");
        Assert.IsNotNull(signature);
        Assert.IsNotNull(timestamp);
        StringAssert.StartsWith(signature, "t=" + timestamp + ",v1=");
        var sent = DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp, CultureInfo.InvariantCulture));
        Assert.IsLessThan(TimeSpan.FromMinutes(1), (DateTimeOffset.UtcNow - sent).Duration());

        var now = DateTimeOffset.UtcNow;
        var tolerance = TimeSpan.FromMinutes(5);
        Assert.IsTrue(WebhookSignature.Verify(Secret, signature, request.Body, now, tolerance));
        Assert.IsFalse(WebhookSignature.Verify("whsec_wrong", signature, request.Body, now, tolerance));
        Assert.IsFalse(WebhookSignature.Verify(Secret, signature, request.Body.Replace("1", "2", StringComparison.Ordinal), now, tolerance));
        Assert.IsFalse(WebhookSignature.Verify(Secret, signature, request.Body, now.AddMinutes(10), tolerance));
        Assert.IsFalse(WebhookSignature.Verify(Secret, signature, request.Body, now.AddMinutes(-10), tolerance));
    }

    [TestMethod]
    public async Task Send_uses_the_same_delivery_id_on_every_attempt()
    {
        var attempts = 0;
        await using var receiver = new LoopbackServer(_ => Interlocked.Increment(ref attempts) == 1 ? LoopbackResponse.Of(503) : LoopbackResponse.Of(200));
        using var provider = Build(allowLoopback: true);

        var first = await SendAsync(provider, receiver.Url("/"), "dlv_same");
        var second = await SendAsync(provider, receiver.Url("/"), "dlv_same");

        Assert.AreEqual(DeliveryOutcome.Failed, first.Outcome);
        Assert.AreEqual(DeliveryOutcome.Delivered, second.Outcome);
        Assert.HasCount(2, receiver.Requests);
        Assert.IsTrue(receiver.Requests.All(r => r.Header("Monitor-Delivery") == "dlv_same"));
        Assert.IsTrue(receiver.Requests.All(r => WebhookSignature.Verify(Secret, r.Header("Monitor-Signature")!, r.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5))));
    }

    [TestMethod]
    [DataRow(200)]
    [DataRow(202)]
    [DataRow(204)]
    public async Task Send_reports_a_2xx_as_delivered(int status)
    {
        await using var receiver = new LoopbackServer(_ => LoopbackResponse.Of(status));
        using var provider = Build(allowLoopback: true);

        var result = await SendAsync(provider, receiver.Url("/"));

        Assert.AreEqual(DeliveryOutcome.Delivered, result.Outcome, result.Reason);
        Assert.AreEqual(status, result.StatusCode);
    }

    [TestMethod]
    public async Task Send_reports_410_as_gone()
    {
        await using var receiver = new LoopbackServer(_ => LoopbackResponse.Of(410, "no such subscription"));
        using var provider = Build(allowLoopback: true);

        var result = await SendAsync(provider, receiver.Url("/"));

        Assert.AreEqual(DeliveryOutcome.Gone, result.Outcome);
        Assert.AreEqual(410, result.StatusCode);
    }

    [TestMethod]
    [DataRow(500)]
    [DataRow(503)]
    [DataRow(404)]
    [DataRow(400)]
    public async Task Send_reports_any_other_status_as_failed_with_that_status(int status)
    {
        await using var receiver = new LoopbackServer(_ => LoopbackResponse.Of(status, "<h1>oops</h1>"));
        using var provider = Build(allowLoopback: true);

        var result = await SendAsync(provider, receiver.Url("/"));

        Assert.AreEqual(DeliveryOutcome.Failed, result.Outcome);
        Assert.AreEqual(status, result.StatusCode);
        Assert.AreEqual("HTTP " + status.ToString(CultureInfo.InvariantCulture), result.Reason);
    }

    [TestMethod]
    public async Task Send_reports_a_receiver_that_never_answers_as_a_timeout_within_the_timeout()
    {
        await using var receiver = new LoopbackServer(_ => LoopbackResponse.Hang);
        using var provider = Build(allowLoopback: true, timeout: TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var result = await SendAsync(provider, receiver.Url("/slow"));

        clock.Stop();
        Assert.AreEqual(DeliveryOutcome.Failed, result.Outcome);
        Assert.AreEqual("timeout", result.Reason);
        Assert.IsNull(result.StatusCode);
        Assert.IsGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(900), clock.Elapsed);
        Assert.IsLessThan(TimeSpan.FromSeconds(5), clock.Elapsed);
        Assert.HasCount(1, receiver.Requests);
    }

    [TestMethod]
    public async Task Send_lets_the_callers_cancellation_escape()
    {
        await using var receiver = new LoopbackServer(_ => LoopbackResponse.Hang);
        using var provider = Build(allowLoopback: true, timeout: TimeSpan.FromMinutes(1));
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        caller.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            Sender(provider).SendAsync(receiver.Url("/"), Secret, "dlv_01", Body, caller.Token));
    }

    [TestMethod]
    public async Task Send_does_not_follow_a_redirect()
    {
        await using var elsewhere = new LoopbackServer(_ => LoopbackResponse.Of(200));
        await using var receiver = new LoopbackServer(_ => LoopbackResponse.Of(302, "", ("Location", elsewhere.Url("/stolen").AbsoluteUri)));
        using var provider = Build(allowLoopback: true);

        var result = await SendAsync(provider, receiver.Url("/"));

        Assert.AreEqual(DeliveryOutcome.Failed, result.Outcome);
        Assert.AreEqual(302, result.StatusCode);
        Assert.AreEqual("redirect not followed", result.Reason);
        Assert.HasCount(1, receiver.Requests);
        Assert.AreEqual(0, elsewhere.Connections);
    }

    [TestMethod]
    public async Task Send_stops_reading_an_answer_at_the_size_limit()
    {
        // Announces 10 MB, sends 8 KB, then never finishes: only the first KB is read.
        await using var receiver = new LoopbackServer(_ => new LoopbackResponse(200, new byte[8 * 1024], [("Content-Length", "10485760")], SendContentLength: false, HangAfterBody: true));
        using var provider = Build(allowLoopback: true, timeout: TimeSpan.FromSeconds(20), maxResponseBytes: 1024);
        var clock = Stopwatch.StartNew();

        var result = await SendAsync(provider, receiver.Url("/"));

        Assert.AreEqual(DeliveryOutcome.Delivered, result.Outcome, result.Reason);
        Assert.IsLessThan(TimeSpan.FromSeconds(10), clock.Elapsed);
    }

    [TestMethod]
    public async Task Send_refuses_127_0_0_1_without_AllowLoopback_and_the_receiver_gets_nothing()
    {
        await using var receiver = new LoopbackServer(_ => LoopbackResponse.Of(200));
        using var provider = Build(allowLoopback: false, allowPrivate: true);

        var result = await SendAsync(provider, receiver.Url("/"));

        Assert.AreEqual(DeliveryOutcome.Refused, result.Outcome);
        Assert.AreEqual("loopback", result.Reason);
        Assert.IsNull(result.StatusCode);
        Assert.AreEqual(0, receiver.Connections);
        Assert.IsEmpty(receiver.Requests);
    }

    [TestMethod]
    public async Task Send_refuses_ipv6_loopback_without_AllowLoopback_and_the_receiver_gets_nothing()
    {
        var receiver = LoopbackServer.TryListen(IPAddress.IPv6Loopback, _ => LoopbackResponse.Of(200));
        var port = receiver?.Port ?? 9;
        try
        {
            using var provider = Build(allowLoopback: false);

            var result = await SendAsync(provider, new Uri($"http://[::1]:{port.ToString(CultureInfo.InvariantCulture)}/"));

            Assert.AreEqual(DeliveryOutcome.Refused, result.Outcome);
            Assert.AreEqual("loopback", result.Reason);
            if (receiver is not null)
            {
                Assert.AreEqual(0, receiver.Connections);
            }
        }
        finally
        {
            if (receiver is not null)
            {
                await receiver.DisposeAsync();
            }
        }
    }

    [TestMethod]
    public async Task Send_delivers_to_ipv6_loopback_with_AllowLoopback()
    {
        var receiver = LoopbackServer.TryListen(IPAddress.IPv6Loopback, _ => LoopbackResponse.Of(200));
        if (receiver is null)
        {
            Assert.Inconclusive("IPv6 loopback is not available on this machine.");
        }

        await using (receiver)
        {
            using var provider = Build(allowLoopback: true);

            var result = await SendAsync(provider, new Uri($"http://[::1]:{receiver.Port.ToString(CultureInfo.InvariantCulture)}/"));

            Assert.AreEqual(DeliveryOutcome.Delivered, result.Outcome, result.Reason);
            Assert.HasCount(1, receiver.Requests);
        }
    }

    [TestMethod]
    [DataRow("2130706433")]
    [DataRow("0x7f.0.0.1")]
    [DataRow("127.1")]
    public async Task Send_refuses_loopback_written_in_other_notations(string host)
    {
        await using var receiver = new LoopbackServer(_ => LoopbackResponse.Of(200));
        using var provider = Build(allowLoopback: false);

        var result = await SendAsync(provider, new Uri($"http://{host}:{receiver.Port.ToString(CultureInfo.InvariantCulture)}/"));

        Assert.AreEqual(DeliveryOutcome.Refused, result.Outcome);
        Assert.AreEqual(0, receiver.Connections);
    }

    [TestMethod]
    public async Task Send_refuses_localhost_by_name_without_AllowLoopback()
    {
        await using var receiver = new LoopbackServer(_ => LoopbackResponse.Of(200));
        using var provider = Build(allowLoopback: false);

        var result = await SendAsync(provider, receiver.Url("/", "localhost"));

        Assert.AreEqual(DeliveryOutcome.Refused, result.Outcome);
        StringAssert.Contains(result.Reason, "loopback");
        Assert.AreEqual(0, receiver.Connections);
    }

    [TestMethod]
    public async Task Send_refuses_a_name_that_resolves_to_loopback_at_connect_time()
    {
        await using var receiver = new LoopbackServer(_ => LoopbackResponse.Of(200));
        var resolver = new MapResolver(("hooks.example.test", [IPAddress.Loopback]));
        using var provider = Build(allowLoopback: false, allowPrivate: true, resolver: resolver);

        var result = await SendAsync(provider, receiver.Url("/", "hooks.example.test"));

        Assert.AreEqual(DeliveryOutcome.Refused, result.Outcome);
        Assert.AreEqual("loopback", result.Reason);
        CollectionAssert.Contains(resolver.Asked.ToList(), "hooks.example.test", "the check ran when connecting, on the resolved address");
        Assert.AreEqual(0, receiver.Connections);
        Assert.IsEmpty(receiver.Requests);
    }

    [TestMethod]
    public async Task Send_delivers_to_a_name_that_resolves_to_loopback_with_AllowLoopback()
    {
        await using var receiver = new LoopbackServer(_ => LoopbackResponse.Of(200));
        var resolver = new MapResolver(("hooks.example.test", [IPAddress.Loopback]));
        using var provider = Build(allowLoopback: true, resolver: resolver);

        var result = await SendAsync(provider, receiver.Url("/in", "hooks.example.test"));

        Assert.AreEqual(DeliveryOutcome.Delivered, result.Outcome, result.Reason);
        Assert.IsTrue(receiver.Requests.TryDequeue(out var request));
        Assert.AreEqual("hooks.example.test:" + receiver.Port.ToString(CultureInfo.InvariantCulture), request.Header("Host"));
        Assert.AreEqual(Body, request.Body);
    }

    [TestMethod]
    public async Task Send_skips_refused_addresses_of_a_name_and_connects_to_an_allowed_one()
    {
        await using var receiver = new LoopbackServer(_ => LoopbackResponse.Of(200));
        // 192.168.1.1 would hang or fail if it were tried: it must be dropped, not attempted.
        var resolver = new MapResolver(("mixed.example.test", [IPAddress.Parse("169.254.169.254"), IPAddress.Parse("192.168.1.1"), IPAddress.Loopback]));
        using var provider = Build(allowLoopback: true, timeout: TimeSpan.FromSeconds(5), resolver: resolver);

        var result = await SendAsync(provider, receiver.Url("/", "mixed.example.test"));

        Assert.AreEqual(DeliveryOutcome.Delivered, result.Outcome, result.Reason);
        Assert.HasCount(1, receiver.Requests);
    }

    [TestMethod]
    public async Task Send_names_every_reason_when_all_addresses_of_a_name_are_refused()
    {
        var resolver = new MapResolver(("inside.example.test", [IPAddress.Parse("169.254.169.254"), IPAddress.Parse("10.0.0.7")]));
        using var provider = Build(resolver: resolver);

        var result = await SendAsync(provider, new Uri("https://inside.example.test/hook"));

        Assert.AreEqual(DeliveryOutcome.Refused, result.Outcome);
        Assert.AreEqual("cloud metadata, private network", result.Reason);
    }

    [TestMethod]
    public async Task Send_refuses_urls_with_user_info_or_another_scheme_before_connecting()
    {
        await using var receiver = new LoopbackServer(_ => LoopbackResponse.Of(200));
        using var provider = Build(allowLoopback: true);
        var port = receiver.Port.ToString(CultureInfo.InvariantCulture);

        var withUser = await SendAsync(provider, new Uri($"http://user:pass@127.0.0.1:{port}/"));
        var ftp = await SendAsync(provider, new Uri($"ftp://127.0.0.1:{port}/"));

        Assert.AreEqual(DeliveryOutcome.Refused, withUser.Outcome);
        Assert.AreEqual("user info in the URL", withUser.Reason);
        Assert.AreEqual(DeliveryOutcome.Refused, ftp.Outcome);
        Assert.AreEqual("only http and https are allowed", ftp.Reason);
        Assert.AreEqual(0, receiver.Connections);
    }

    [TestMethod]
    public async Task Send_reports_a_closed_port_as_failed()
    {
        int port;
        await using (var receiver = new LoopbackServer(_ => LoopbackResponse.Of(200)))
        {
            port = receiver.Port;
        }

        using var provider = Build(allowLoopback: true);

        var result = await SendAsync(provider, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));

        Assert.AreEqual(DeliveryOutcome.Failed, result.Outcome);
        Assert.AreEqual("connection refused", result.Reason);
        Assert.IsNull(result.StatusCode);
    }

    [TestMethod]
    public void Options_outside_their_ranges_fail_validation()
    {
        using var provider = Build(timeout: TimeSpan.FromMinutes(5));

        Assert.ThrowsExactly<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WebhookOptions>>().Value);
    }

    [TestMethod]
    public void Options_have_their_defaults_when_nothing_is_configured()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton(TimeProvider.System);
        services.AddWebhookSender();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<WebhookOptions>>().Value;

        Assert.AreEqual(TimeSpan.FromSeconds(10), options.Timeout);
        Assert.IsFalse(options.AllowLoopback);
        Assert.IsFalse(options.AllowPrivateNetworks);
        Assert.AreEqual(64 * 1024, options.MaxResponseBytes);
        Assert.AreEqual("MonitorWebhooks/1.0", options.UserAgent);
    }

    [TestMethod]
    public void Sign_is_hex_hmac_sha256_of_the_timestamp_a_dot_and_the_utf8_body()
    {
        // Computed independently: hmac.new(b"whsec_test", '1700000000.{"topic":"نقل"}'.encode(), sha256).hexdigest()
        var header = WebhookSignature.Sign("whsec_test", 1700000000, "{\"topic\":\"نقل\"}");

        Assert.AreEqual("t=1700000000,v1=d65403d6de2f8f6ab75ad773ae16b2f72aa79022094aa0d728e98fb26f715612", header);
    }

    [TestMethod]
    public void Verify_accepts_any_of_several_v1_signatures_and_rejects_malformed_headers()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1700000000);
        var body = "{\"topic\":\"نقل\"}";
        var good = WebhookSignature.Sign("whsec_test", 1700000000, body);
        var rotated = "t=1700000000,v1=" + new string('0', 64) + "," + good[(good.IndexOf(',', StringComparison.Ordinal) + 1)..];
        var tolerance = TimeSpan.FromMinutes(5);

        Assert.IsTrue(WebhookSignature.Verify("whsec_test", good, body, at.AddSeconds(299), tolerance));
        Assert.IsTrue(WebhookSignature.Verify("whsec_test", rotated, body, at, tolerance));
        Assert.IsFalse(WebhookSignature.Verify("whsec_test", good, body, at.AddSeconds(301), tolerance));
        Assert.IsFalse(WebhookSignature.Verify("whsec_test", good.Replace("t=1700000000", "t=1700000001", StringComparison.Ordinal), body, at, tolerance));
        Assert.IsFalse(WebhookSignature.Verify("whsec_test", "v1=" + good[16..], body, at, tolerance));
        Assert.IsFalse(WebhookSignature.Verify("whsec_test", "t=1700000000", body, at, tolerance));
        Assert.IsFalse(WebhookSignature.Verify("whsec_test", "t=1700000000,v1=zz", body, at, tolerance));
        Assert.IsFalse(WebhookSignature.Verify("whsec_test", "t=-1,v1=" + good[16..], body, at, tolerance));
        Assert.IsFalse(WebhookSignature.Verify("whsec_test", "", body, at, tolerance));
        Assert.IsFalse(WebhookSignature.Verify("", good, body, at, tolerance));
    }

    public TestContext TestContext { get; set; } = null!;
}
