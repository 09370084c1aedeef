using AngleSharp.Html.Parser;
using Monitor.Core.Feeds;

namespace Monitor.Core.Tests.Feeds;

/// <summary>The feeds' status page (<c>/api/sources?format=html</c>).</summary>
[TestClass]
public sealed class SourcesHtmlTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 9, 10, 0, 0, TimeSpan.Zero);

    private static FeedSource Source(string id, bool enabled = true) => new()
    {
        Id = id,
        Name = "Feed <" + id + ">",
        Url = new Uri("https://" + id + ".example/rss"),
        Language = "ar",
        Outlet = "Outlet " + id,
        Enabled = enabled,
        PollIntervalMinutes = 10,
    };

    private static IReadOnlyList<SourceStatus> Statuses() =>
    [
        SourceStatus.Of(Source("fine"), new FeedState { RowKey = "fine", LastCheckedAt = Now.AddMinutes(-5), LastSuccessAt = Now.AddMinutes(-5), NextPollAt = Now.AddMinutes(5) }),
        SourceStatus.Of(Source("walled"), new FeedState
        {
            RowKey = "walled", LastCheckedAt = Now.AddMinutes(-1), LastSuccessAt = Now.AddDays(-2), NextPollAt = Now.AddMinutes(-1), ConsecutiveFailures = 4,
            LastFailureReason = nameof(FeedFailureReason.BotWall), LastError = "Cloudflare challenge page <title>Just a moment</title>", LastHttpStatus = 403,
        }),
        SourceStatus.Of(Source("broken"), new FeedState { RowKey = "broken", LastCheckedAt = Now, NextPollAt = Now.AddHours(1), ConsecutiveFailures = 1, LastFailureReason = nameof(FeedFailureReason.HttpError), LastError = "Not Found", LastHttpStatus = 404 }),
        SourceStatus.Of(Source("new"), null),
        SourceStatus.Of(Source("off", enabled: false), null),
    ];

    [TestMethod]
    public void Each_feed_shows_its_state_when_it_is_polled_next_and_its_last_error_in_words()
    {
        var document = new HtmlParser().ParseDocument(SourcesHtml.ToHtml(Statuses(), Now, [("Transfers", "/api/digest?topic=t&format=html")]));

        var rows = document.QuerySelectorAll("table#sources tbody tr");
        CollectionAssert.AreEqual(new[] { "ok", "failing", "failing", "never_polled", "disabled" }, rows.Select(r => r.GetAttribute("data-status")).ToArray());
        var walled = document.GetElementById("source-walled")!;
        Assert.AreEqual("failing", walled.QuerySelector(".status")!.TextContent);
        Assert.AreEqual("due now", walled.QuerySelector(".next-poll")!.TextContent);
        StringAssert.StartsWith(walled.QuerySelector(".last-error")!.TextContent, "An anti-bot page came back instead of the feed.");
        StringAssert.Contains(walled.QuerySelector(".error-detail")!.TextContent, "<title>Just a moment</title>", "the stored message, as text");
        Assert.AreEqual("4", walled.QuerySelectorAll("td.number").Single().TextContent);
        StringAssert.StartsWith(document.GetElementById("source-broken")!.QuerySelector(".last-error")!.TextContent, "The server answered with an error (HTTP 404).");
        Assert.AreEqual("", document.GetElementById("source-fine")!.QuerySelector(".last-error")!.TextContent);
        Assert.AreEqual("2026-02-09T10:05:00Z", document.GetElementById("source-fine")!.QuerySelector(".next-poll time")!.GetAttribute("datetime"));
        Assert.AreEqual("not polled", document.GetElementById("source-off")!.QuerySelector(".next-poll")!.TextContent);
        Assert.AreEqual("never", document.GetElementById("source-new")!.QuerySelectorAll("td")[3].TextContent);
        Assert.AreEqual("/api/digest?topic=t&format=html", document.QuerySelector("a.digest-link")!.GetAttribute("href"));
        Assert.IsEmpty(document.QuerySelectorAll("script, title ~ title"));
        Assert.AreEqual("Feed <walled>", walled.QuerySelector("a.source")!.TextContent);
    }

    [TestMethod]
    public void Every_failure_reason_has_words()
    {
        foreach (var reason in Enum.GetValues<FeedFailureReason>())
        {
            var words = reason.Describe();
            Assert.IsTrue(words.Length > 20 && words.EndsWith('.'), $"{reason}: {words}");
            Assert.AreEqual(reason, FeedFailureReasons.FromSnakeCase(reason.ToSnakeCase()));
        }
    }
}
