using Monitor.Core.Feeds;

namespace Monitor.Core.Tests.Feeds;

[TestClass]
public sealed class SourceStatusTests
{
    private static readonly DateTimeOffset Checked = new(2026, 2, 9, 10, 0, 0, TimeSpan.Zero);

    private static FeedSource Source(bool enabled = true) => new()
    {
        Id = "shafaq-ar",
        Name = "Shafaq News (Arabic)",
        Url = new Uri("https://shafaq.example/ar/rss"),
        Language = "ar",
        Outlet = "Shafaq News",
        Enabled = enabled,
        PollIntervalMinutes = 10,
    };

    [TestMethod]
    public void Source_without_state_was_never_polled()
    {
        var status = SourceStatus.Of(Source(), null);

        Assert.AreEqual(SourceStatus.NeverPolled, status.Status);
        Assert.AreEqual("shafaq-ar", status.Id);
        Assert.AreEqual("https://shafaq.example/ar/rss", status.Url);
        Assert.AreEqual(10, status.PollIntervalMinutes);
        Assert.IsNull(status.LastCheckedAt);
    }

    [TestMethod]
    public void Disabled_source_is_disabled_whatever_its_state()
    {
        var state = new FeedState { RowKey = "shafaq-ar", LastCheckedAt = Checked, ConsecutiveFailures = 3 };

        Assert.AreEqual(SourceStatus.Disabled, SourceStatus.Of(Source(enabled: false), state).Status);
    }

    [TestMethod]
    public void Failing_source_shows_its_reason_in_snake_case()
    {
        var state = new FeedState
        {
            RowKey = "shafaq-ar",
            LastCheckedAt = Checked,
            LastSuccessAt = Checked.AddHours(-5),
            NextPollAt = Checked.AddMinutes(40),
            ConsecutiveFailures = 2,
            LastFailureReason = nameof(FeedFailureReason.BotWall),
            LastError = "HTTP 403: an anti-bot challenge page instead of the feed.",
            LastHttpStatus = 403,
        };

        var status = SourceStatus.Of(Source(), state);

        Assert.AreEqual(SourceStatus.Failing, status.Status);
        Assert.AreEqual("bot_wall", status.LastFailureReason);
        Assert.AreEqual(2, status.ConsecutiveFailures);
        Assert.AreEqual(403, status.LastHttpStatus);
        Assert.AreEqual(Checked.AddMinutes(40), status.NextPollAt);
    }

    [TestMethod]
    public void Source_whose_last_poll_succeeded_is_ok()
    {
        var state = new FeedState { RowKey = "shafaq-ar", LastCheckedAt = Checked, LastSuccessAt = Checked, LastNewItems = 4, LastHttpStatus = 200 };

        var status = SourceStatus.Of(Source(), state);

        Assert.AreEqual(SourceStatus.Ok, status.Status);
        Assert.AreEqual(4, status.LastNewItems);
        Assert.IsNull(status.LastFailureReason);
    }

    [TestMethod]
    [DataRow(FeedFailureReason.Timeout, "timeout")]
    [DataRow(FeedFailureReason.NetworkError, "network_error")]
    [DataRow(FeedFailureReason.HttpError, "http_error")]
    [DataRow(FeedFailureReason.RateLimited, "rate_limited")]
    [DataRow(FeedFailureReason.BotWall, "bot_wall")]
    [DataRow(FeedFailureReason.TooLarge, "too_large")]
    [DataRow(FeedFailureReason.RedirectLoop, "redirect_loop")]
    [DataRow(FeedFailureReason.NotAFeed, "not_a_feed")]
    [DataRow(FeedFailureReason.MalformedFeed, "malformed_feed")]
    public void Failure_reasons_have_snake_case_names(FeedFailureReason reason, string name)
    {
        Assert.AreEqual(name, reason.ToSnakeCase());
        Assert.AreEqual(reason, FeedFailureReasons.Parse(reason.ToString()));
    }
}
