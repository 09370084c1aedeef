using Monitor.Core.Feeds;

namespace Monitor.Core.Tests.Feeds;

[TestClass]
public sealed class PollScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 2, 9, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(6);
    private static readonly TimeSpan MaxServerDelay = TimeSpan.FromHours(24);

    private static TimeSpan WaitAfterSuccess(ServerHints hints) => PollSchedule.AfterSuccess(Now, Interval, hints, MaxServerDelay) - Now;

    private static TimeSpan WaitAfterFailure(int failures, ServerHints hints) => PollSchedule.AfterFailure(Now, Interval, failures, MaxBackoff, hints, MaxServerDelay) - Now;

    [TestMethod]
    [DataRow(1, 15)]
    [DataRow(2, 30)]
    [DataRow(3, 60)]
    [DataRow(4, 120)]
    [DataRow(5, 240)]
    [DataRow(6, 360)]
    [DataRow(7, 360)]
    [DataRow(1000, 360)]
    [DataRow(int.MaxValue, 360)]
    public void Backoff_doubles_per_failure_up_to_the_cap(int failures, int minutes)
    {
        Assert.AreEqual(TimeSpan.FromMinutes(minutes), PollSchedule.Backoff(Interval, failures, MaxBackoff));
        Assert.AreEqual(TimeSpan.FromMinutes(minutes), WaitAfterFailure(failures, ServerHints.None));
    }

    [TestMethod]
    public void Success_without_hints_waits_the_poll_interval()
    {
        Assert.AreEqual(Interval, WaitAfterSuccess(ServerHints.None));
    }

    [TestMethod]
    public void Max_age_longer_than_the_interval_is_honoured()
    {
        Assert.AreEqual(TimeSpan.FromMinutes(40), WaitAfterSuccess(new ServerHints { MaxAge = TimeSpan.FromMinutes(40) }));
    }

    [TestMethod]
    public void Max_age_shorter_than_the_interval_changes_nothing()
    {
        Assert.AreEqual(Interval, WaitAfterSuccess(new ServerHints { MaxAge = TimeSpan.FromMinutes(1) }));
    }

    [TestMethod]
    public void Max_age_counts_the_time_a_cache_already_held_the_answer()
    {
        Assert.AreEqual(TimeSpan.FromMinutes(30), WaitAfterSuccess(new ServerHints { MaxAge = TimeSpan.FromMinutes(40), Age = TimeSpan.FromMinutes(10) }));
    }

    [TestMethod]
    public void Max_age_is_capped_at_the_longest_server_delay()
    {
        Assert.AreEqual(MaxServerDelay, WaitAfterSuccess(new ServerHints { MaxAge = TimeSpan.FromDays(365) }));
    }

    [TestMethod]
    public void Expires_is_read_on_the_servers_clock()
    {
        // The server's clock is an hour behind ours; its answer is fresh for one more hour.
        var hints = new ServerHints { Date = Now.AddHours(-1), Expires = Now };

        Assert.AreEqual(TimeSpan.FromHours(1), WaitAfterSuccess(hints));
    }

    [TestMethod]
    public void Expires_without_date_is_read_on_our_clock()
    {
        Assert.AreEqual(TimeSpan.FromMinutes(50), WaitAfterSuccess(new ServerHints { Expires = Now.AddMinutes(50) }));
    }

    [TestMethod]
    public void Expires_in_the_past_changes_nothing()
    {
        Assert.AreEqual(Interval, WaitAfterSuccess(new ServerHints { Expires = Now.AddDays(-1) }));
    }

    [TestMethod]
    public void Expires_is_capped_at_the_longest_server_delay()
    {
        Assert.AreEqual(MaxServerDelay, WaitAfterSuccess(new ServerHints { Expires = Now.AddDays(30) }));
    }

    [TestMethod]
    public void Rss_ttl_longer_than_the_interval_is_honoured_and_capped()
    {
        Assert.AreEqual(TimeSpan.FromMinutes(45), WaitAfterSuccess(new ServerHints { TtlMinutes = 45 }));
        Assert.AreEqual(Interval, WaitAfterSuccess(new ServerHints { TtlMinutes = 5 }));
        Assert.AreEqual(MaxServerDelay, WaitAfterSuccess(new ServerHints { TtlMinutes = 60 * 24 * 7 }));
    }

    [TestMethod]
    public void The_longest_hint_wins()
    {
        var hints = new ServerHints { MaxAge = TimeSpan.FromMinutes(20), Expires = Now.AddMinutes(70), TtlMinutes = 60 };

        Assert.AreEqual(TimeSpan.FromMinutes(70), WaitAfterSuccess(hints));
    }

    [TestMethod]
    public void Retry_after_seconds_longer_than_the_backoff_wins()
    {
        Assert.AreEqual(TimeSpan.FromHours(2), WaitAfterFailure(1, new ServerHints { RetryAfterDelay = TimeSpan.FromHours(2) }));
    }

    [TestMethod]
    public void Backoff_longer_than_retry_after_wins()
    {
        Assert.AreEqual(TimeSpan.FromMinutes(60), WaitAfterFailure(3, new ServerHints { RetryAfterDelay = TimeSpan.FromSeconds(30) }));
    }

    [TestMethod]
    public void Retry_after_date_is_read_on_the_servers_clock()
    {
        var hints = new ServerHints { RetryAfterDate = Now.AddHours(2), Date = Now.AddMinutes(30) };

        Assert.AreEqual(TimeSpan.FromMinutes(90), WaitAfterFailure(1, hints));
    }

    [TestMethod]
    public void Retry_after_date_without_server_date_is_read_on_our_clock()
    {
        Assert.AreEqual(TimeSpan.FromHours(3), WaitAfterFailure(1, new ServerHints { RetryAfterDate = Now.AddHours(3) }));
    }

    [TestMethod]
    public void Retry_after_is_capped_at_the_longest_server_delay()
    {
        Assert.AreEqual(MaxServerDelay, WaitAfterFailure(1, new ServerHints { RetryAfterDelay = TimeSpan.FromDays(10) }));
        Assert.AreEqual(MaxServerDelay, WaitAfterFailure(1, new ServerHints { RetryAfterDate = Now.AddDays(10) }));
    }

    [TestMethod]
    public void Cache_hints_do_not_delay_a_retry_after_failure()
    {
        Assert.AreEqual(Interval, WaitAfterFailure(1, new ServerHints { MaxAge = TimeSpan.FromHours(5), TtlMinutes = 600 }));
    }
}
