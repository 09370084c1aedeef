using System.IO.Compression;
using System.Text;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitor.Core.Feeds;
using Monitor.Core.Outbound;
using Monitor.Core.Tests.Outbound;

namespace Monitor.Core.Tests.Feeds;

[TestClass]
public sealed class FeedFetcherTests
{
    private const string RssType = "application/rss+xml; charset=utf-8";

    /// <summary>A fetcher wired as the hosts wire it; the loopback server is reachable unless <paramref name="allowLoopback"/> is false.</summary>
    private static FeedFetcher CreateFetcher(FeedOptions? options = null, bool allowLoopback = true, OutboundResolver? resolver = null)
    {
        options ??= new FeedOptions { Timeout = TimeSpan.FromSeconds(10) };
        options.AllowLoopback = allowLoopback;
        var services = new ServiceCollection();
        services.AddSingleton(Options.Create(options));
        if (resolver is not null)
        {
            services.AddSingleton(resolver);
        }

        services.AddFeedHttpClient();
        var factory = services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new FeedFetcher(factory, options);
    }

    private static byte[] Feed => TestData.Bytes("feeds", "rss20.xml");

    [TestMethod]
    public async Task Fetch_returns_body_validators_and_cache_hints_of_a_200()
    {
        await using var server = new LoopbackServer(_ => LoopbackResponse.Of(200, Feed,
            ("Content-Type", RssType),
            ("ETag", "\"v1\""),
            ("Last-Modified", "Mon, 09 Feb 2026 07:00:00 GMT"),
            ("Cache-Control", "public, max-age=600"),
            ("Expires", "Mon, 09 Feb 2026 08:00:00 GMT")));

        var result = await CreateFetcher().FetchAsync(server.Url("/rss"), null, null, TestContext.CancellationToken);

        Assert.IsTrue(result.Succeeded, result.Error);
        Assert.AreEqual(200, result.StatusCode);
        Assert.IsFalse(result.NotModified);
        CollectionAssert.AreEqual(Feed, result.Body);
        Assert.AreEqual("application/rss+xml", result.MediaType);
        Assert.AreEqual("utf-8", result.Charset);
        Assert.AreEqual("\"v1\"", result.ETag);
        Assert.AreEqual("Mon, 09 Feb 2026 07:00:00 GMT", result.LastModified);
        Assert.AreEqual(TimeSpan.FromMinutes(10), result.Hints.MaxAge);
        Assert.AreEqual(new DateTimeOffset(2026, 2, 9, 8, 0, 0, TimeSpan.Zero), result.Hints.Expires);
    }

    [TestMethod]
    public async Task Fetch_sends_user_agent_accept_and_validators_and_reports_304()
    {
        const string etag = "W/\"abc-123\"";
        const string lastModified = "Sun, 08 Feb 2026 21:30:00 GMT";
        await using var server = new LoopbackServer(request =>
            request.Header("If-None-Match") == etag && request.Header("If-Modified-Since") == lastModified
                ? LoopbackResponse.Of(304, "", ("ETag", etag), ("Cache-Control", "max-age=300"))
                : LoopbackResponse.Of(200, Feed, ("Content-Type", RssType)));
        var options = new FeedOptions { UserAgent = "MonitorTest/2.0 (+https://example.org/bot)" };

        var result = await CreateFetcher(options).FetchAsync(server.Url("/rss"), etag, lastModified, TestContext.CancellationToken);

        Assert.IsTrue(result.Succeeded, result.Error);
        Assert.IsTrue(result.NotModified);
        Assert.AreEqual(304, result.StatusCode);
        Assert.IsNull(result.Body);
        Assert.AreEqual(etag, result.ETag);
        Assert.AreEqual(TimeSpan.FromMinutes(5), result.Hints.MaxAge);
        Assert.IsTrue(server.Requests.TryDequeue(out var request));
        Assert.AreEqual("GET", request.Method);
        Assert.AreEqual("MonitorTest/2.0 (+https://example.org/bot)", request.Header("User-Agent"));
        Assert.AreEqual(FeedFetcher.AcceptHeader, request.Header("Accept"));
    }

    [TestMethod]
    public async Task Fetch_sends_no_conditional_headers_without_stored_validators()
    {
        await using var server = new LoopbackServer(_ => LoopbackResponse.Of(200, Feed, ("Content-Type", RssType)));

        await CreateFetcher().FetchAsync(server.Url("/rss"), null, null, TestContext.CancellationToken);

        Assert.IsTrue(server.Requests.TryDequeue(out var request));
        Assert.IsNull(request.Header("If-None-Match"));
        Assert.IsNull(request.Header("If-Modified-Since"));
    }

    [TestMethod]
    public async Task Fetch_decompresses_gzip_bodies()
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Feed, TestContext.CancellationToken);
        }

        await using var server = new LoopbackServer(_ => LoopbackResponse.Of(200, compressed.ToArray(), ("Content-Type", RssType), ("Content-Encoding", "gzip")));

        var result = await CreateFetcher().FetchAsync(server.Url("/rss"), null, null, TestContext.CancellationToken);

        Assert.IsTrue(result.Succeeded, result.Error);
        CollectionAssert.AreEqual(Feed, result.Body);
        Assert.IsTrue(server.Requests.TryDequeue(out var request));
        StringAssert.Contains(request.Header("Accept-Encoding"), "gzip");
    }

    [TestMethod]
    public async Task Fetch_refuses_a_body_whose_content_length_exceeds_the_limit()
    {
        await using var server = new LoopbackServer(_ => LoopbackResponse.Of(200, new byte[5000], ("Content-Type", RssType)));

        var result = await CreateFetcher(new FeedOptions { MaxBodyBytes = 1024 }).FetchAsync(server.Url("/big"), null, null, TestContext.CancellationToken);

        Assert.AreEqual(FeedFailureReason.TooLarge, result.FailureReason);
        Assert.AreEqual(200, result.StatusCode);
        Assert.IsNull(result.Body);
        StringAssert.Contains(result.Error, "5000");
    }

    [TestMethod]
    public async Task Fetch_counts_bytes_when_the_server_sends_no_content_length()
    {
        await using var server = new LoopbackServer(_ =>
            new LoopbackResponse(200, new byte[5000], [("Content-Type", RssType)], SendContentLength: false));

        var result = await CreateFetcher(new FeedOptions { MaxBodyBytes = 1024 }).FetchAsync(server.Url("/big"), null, null, TestContext.CancellationToken);

        Assert.AreEqual(FeedFailureReason.TooLarge, result.FailureReason);
        Assert.IsNull(result.Body);
    }

    [TestMethod]
    public async Task Fetch_accepts_a_body_without_content_length_within_the_limit()
    {
        await using var server = new LoopbackServer(_ =>
            new LoopbackResponse(200, Feed, [("Content-Type", RssType)], SendContentLength: false));

        var result = await CreateFetcher(new FeedOptions { MaxBodyBytes = 1024 * 1024 }).FetchAsync(server.Url("/rss"), null, null, TestContext.CancellationToken);

        Assert.IsTrue(result.Succeeded, result.Error);
        CollectionAssert.AreEqual(Feed, result.Body);
    }

    [TestMethod]
    public async Task Fetch_follows_redirects_and_reports_the_final_address()
    {
        await using var server = new LoopbackServer(request => request.Path switch
        {
            "/old" => LoopbackResponse.Of(301, "", ("Location", "/moved")),
            "/moved" => LoopbackResponse.Of(302, "", ("Location", "feed.xml")),
            _ => LoopbackResponse.Of(200, Feed, ("Content-Type", RssType)),
        });

        var result = await CreateFetcher().FetchAsync(server.Url("/old"), null, null, TestContext.CancellationToken);

        Assert.IsTrue(result.Succeeded, result.Error);
        Assert.AreEqual(server.Url("/feed.xml"), result.FinalUrl);
        Assert.AreEqual(server.Url("/old"), result.RequestedUrl);
        Assert.HasCount(3, server.Requests);
    }

    [TestMethod]
    public async Task Fetch_reports_a_redirect_loop()
    {
        await using var server = new LoopbackServer(request =>
            LoopbackResponse.Of(302, "", ("Location", request.Path == "/a" ? "/b" : "/a")));

        var result = await CreateFetcher().FetchAsync(server.Url("/a"), null, null, TestContext.CancellationToken);

        Assert.AreEqual(FeedFailureReason.RedirectLoop, result.FailureReason);
        Assert.HasCount(2, server.Requests);
    }

    [TestMethod]
    public async Task Fetch_reports_too_many_redirects_as_a_redirect_loop()
    {
        await using var server = new LoopbackServer(request =>
            LoopbackResponse.Of(302, "", ("Location", request.Path + "x")));

        var result = await CreateFetcher(new FeedOptions { MaxRedirects = 3 }).FetchAsync(server.Url("/r"), null, null, TestContext.CancellationToken);

        Assert.AreEqual(FeedFailureReason.RedirectLoop, result.FailureReason);
        Assert.HasCount(4, server.Requests);
    }

    [TestMethod]
    public async Task Fetch_of_a_feed_on_loopback_sends_nothing_unless_loopback_is_allowed()
    {
        await using var server = new LoopbackServer(_ => LoopbackResponse.Of(200, Feed, ("Content-Type", RssType)));

        var result = await CreateFetcher(allowLoopback: false).FetchAsync(server.Url("/rss"), null, null, TestContext.CancellationToken);

        Assert.AreEqual(FeedFailureReason.BlockedAddress, result.FailureReason);
        Assert.AreEqual(0, server.Connections, "not even a connection reached the loopback server");
        StringAssert.Contains(result.Error, "127.0.0.1 is or resolves to a loopback address");
        Assert.IsNull(result.StatusCode);
    }

    [TestMethod]
    [DataRow("http://169.254.169.254/metadata/identity/oauth2/token", "169.254.169.254 is or resolves to a cloud metadata address")]
    [DataRow("http://[::ffff:169.254.169.254]/latest/meta-data/", "cloud metadata")]
    [DataRow("http://169.254.10.1/", "link-local")]
    [DataRow("http://10.1.2.3/internal", "private network")]
    [DataRow("http://100.64.0.1/", "carrier-grade NAT")]
    public async Task Fetch_refuses_a_redirect_from_a_loopback_feed_to_a_denied_address(string location, string reason)
    {
        await using var server = new LoopbackServer(_ => LoopbackResponse.Of(302, "", ("Location", location)));

        var result = await CreateFetcher().FetchAsync(server.Url("/rss"), null, null, TestContext.CancellationToken);

        Assert.AreEqual(FeedFailureReason.BlockedAddress, result.FailureReason, result.Error);
        StringAssert.Contains(result.Error, reason);
        Assert.AreEqual(new Uri(location), result.FinalUrl);
        Assert.HasCount(1, server.Requests, "the feed's own request only");
    }

    [TestMethod]
    public async Task Fetch_refuses_a_redirect_to_a_name_that_resolves_to_a_private_address()
    {
        await using var server = new LoopbackServer(_ => LoopbackResponse.Of(302, "", ("Location", "http://intranet.test/admin")));
        var resolver = new MapResolver(("intranet.test", [IPAddress.Parse("192.168.1.20")]));

        var result = await CreateFetcher(resolver: resolver).FetchAsync(server.Url("/rss"), null, null, TestContext.CancellationToken);

        Assert.AreEqual(FeedFailureReason.BlockedAddress, result.FailureReason, result.Error);
        StringAssert.Contains(result.Error, "intranet.test is or resolves to a private network address");
    }

    [TestMethod]
    public async Task Fetch_reaches_a_name_that_resolves_to_loopback_when_loopback_is_allowed()
    {
        await using var server = new LoopbackServer(_ => LoopbackResponse.Of(200, Feed, ("Content-Type", RssType)));
        var resolver = new MapResolver(("outlet.test", [IPAddress.Loopback]));

        var result = await CreateFetcher(resolver: resolver).FetchAsync(server.Url("/rss", host: "outlet.test"), null, null, TestContext.CancellationToken);

        Assert.IsTrue(result.Succeeded, result.Error);
        CollectionAssert.AreEqual(Feed, result.Body);
    }

    [TestMethod]
    public async Task Fetch_reports_a_timeout_when_the_server_never_answers()
    {
        await using var server = new LoopbackServer(_ => LoopbackResponse.Hang);

        var result = await CreateFetcher(new FeedOptions { Timeout = TimeSpan.FromSeconds(1) }).FetchAsync(server.Url("/slow"), null, null, TestContext.CancellationToken);

        Assert.AreEqual(FeedFailureReason.Timeout, result.FailureReason);
        Assert.IsNull(result.StatusCode);
    }

    [TestMethod]
    public async Task Fetch_lets_the_callers_cancellation_escape_instead_of_reporting_a_timeout()
    {
        await using var server = new LoopbackServer(_ => LoopbackResponse.Hang);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        caller.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            CreateFetcher(new FeedOptions { Timeout = TimeSpan.FromMinutes(5) }).FetchAsync(server.Url("/slow"), null, null, caller.Token));
    }

    [TestMethod]
    public async Task Fetch_reports_a_server_error_with_its_status()
    {
        await using var server = new LoopbackServer(_ => LoopbackResponse.Of(500, "<h1>oops</h1>", ("Content-Type", "text/html")));

        var result = await CreateFetcher().FetchAsync(server.Url("/rss"), null, null, TestContext.CancellationToken);

        Assert.AreEqual(FeedFailureReason.HttpError, result.FailureReason);
        Assert.AreEqual(500, result.StatusCode);
        StringAssert.Contains(result.Error, "500");
    }

    [TestMethod]
    public async Task Fetch_reports_429_as_rate_limited_with_retry_after_seconds()
    {
        await using var server = new LoopbackServer(_ => LoopbackResponse.Of(429, "slow down", ("Retry-After", "120")));

        var result = await CreateFetcher().FetchAsync(server.Url("/rss"), null, null, TestContext.CancellationToken);

        Assert.AreEqual(FeedFailureReason.RateLimited, result.FailureReason);
        Assert.AreEqual(429, result.StatusCode);
        Assert.AreEqual(TimeSpan.FromSeconds(120), result.Hints.RetryAfterDelay);
    }

    [TestMethod]
    public async Task Fetch_reports_503_with_a_retry_after_date_as_rate_limited()
    {
        await using var server = new LoopbackServer(_ => LoopbackResponse.Of(503, "maintenance",
            ("Retry-After", "Mon, 09 Feb 2026 12:00:00 GMT"), ("Date", "Mon, 09 Feb 2026 11:00:00 GMT")));

        var result = await CreateFetcher().FetchAsync(server.Url("/rss"), null, null, TestContext.CancellationToken);

        Assert.AreEqual(FeedFailureReason.RateLimited, result.FailureReason);
        Assert.AreEqual(new DateTimeOffset(2026, 2, 9, 12, 0, 0, TimeSpan.Zero), result.Hints.RetryAfterDate);
        Assert.AreEqual(new DateTimeOffset(2026, 2, 9, 11, 0, 0, TimeSpan.Zero), result.Hints.Date);
    }

    [TestMethod]
    public async Task Fetch_reports_503_without_retry_after_as_an_http_error()
    {
        await using var server = new LoopbackServer(_ => LoopbackResponse.Of(503, "down"));

        var result = await CreateFetcher().FetchAsync(server.Url("/rss"), null, null, TestContext.CancellationToken);

        Assert.AreEqual(FeedFailureReason.HttpError, result.FailureReason);
        Assert.AreEqual(503, result.StatusCode);
    }

    [TestMethod]
    [DataRow(403)]
    [DataRow(503)]
    public async Task Fetch_recognises_a_challenge_page_as_a_bot_wall(int status)
    {
        var page = TestData.Bytes("feeds", "botwall-cloudflare.html");
        await using var server = new LoopbackServer(_ => LoopbackResponse.Of(status, page, ("Content-Type", "text/html; charset=UTF-8"), ("Retry-After", "30")));

        var result = await CreateFetcher().FetchAsync(server.Url("/rss"), null, null, TestContext.CancellationToken);

        Assert.AreEqual(FeedFailureReason.BotWall, result.FailureReason);
        Assert.AreEqual(status, result.StatusCode);
    }

    [TestMethod]
    public async Task Fetch_reports_a_plain_403_as_an_http_error()
    {
        await using var server = new LoopbackServer(_ => LoopbackResponse.Of(403, Encoding.UTF8.GetBytes("Forbidden"), ("Content-Type", "text/plain")));

        var result = await CreateFetcher().FetchAsync(server.Url("/rss"), null, null, TestContext.CancellationToken);

        Assert.AreEqual(FeedFailureReason.HttpError, result.FailureReason);
        Assert.AreEqual(403, result.StatusCode);
    }

    [TestMethod]
    public async Task Fetch_reports_a_refused_connection_as_a_network_error()
    {
        int port;
        await using (var server = new LoopbackServer(_ => LoopbackResponse.Of(200)))
        {
            port = server.Port;
        }

        var result = await CreateFetcher().FetchAsync(new Uri($"http://127.0.0.1:{port}/rss"), null, null, TestContext.CancellationToken);

        Assert.AreEqual(FeedFailureReason.NetworkError, result.FailureReason);
        Assert.IsFalse(string.IsNullOrEmpty(result.Error));
    }

    public TestContext TestContext { get; set; } = null!;
}
