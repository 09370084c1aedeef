using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Monitor.Core.Tests;

[TestClass]
public sealed class FailureStreakTests
{
    private static readonly Exception Refused = new HttpRequestException("Connection refused (127.0.0.1:10000)", new SocketException((int)SocketError.ConnectionRefused));

    private static readonly Exception Forbidden = new Azure.RequestFailedException(
        403, "Server failed to authenticate the request. Make sure the value of the Authorization header is formed correctly.\nRequestId:1\nTime:2026-01-01", "AuthorizationFailure", null);

    [TestMethod]
    public void A_failure_repeated_a_hundred_times_is_logged_once_and_again_when_it_clears_with_its_count()
    {
        var log = new CollectingLogger();
        var clock = new Clock { Now = new DateTimeOffset(2026, 2, 1, 12, 0, 0, TimeSpan.Zero) };
        var streak = new FailureStreak(log, "Scanning incoming/", clock);

        for (var i = 0; i < 100; i++)
        {
            streak.Failed(Refused);
            clock.Now += TimeSpan.FromMilliseconds(300);
        }

        streak.Succeeded();
        streak.Succeeded();

        CollectionAssert.AreEqual(
            new[]
            {
                "Error: Scanning incoming/ fails: connection refused; retrying (logged again when this changes or clears)",
                "Information: Scanning incoming/ works again after 100 failure(s) in 30 s",
            },
            log.Lines(LogLevel.Information));
    }

    [TestMethod]
    public void A_failure_that_changes_is_logged_again_with_the_count_of_the_one_before()
    {
        var log = new CollectingLogger();
        var streak = new FailureStreak(log, "Reading the queue feedpolls");

        streak.Failed(Refused);
        streak.Failed(Refused);
        streak.Failed(Forbidden);
        streak.Failed(Forbidden);

        CollectionAssert.AreEqual(
            new[]
            {
                "Error: Reading the queue feedpolls fails: connection refused; retrying (logged again when this changes or clears)",
                "Error: Reading the queue feedpolls fails differently after 2 failure(s) in a row (connection refused): 403 AuthorizationFailure: Server failed to authenticate the request. Make sure the value of the Authorization header is formed correctly.",
            },
            log.Lines(LogLevel.Information));
        Assert.AreEqual(4, streak.Count, "failures in a row since it last worked, of either kind");
    }

    [TestMethod]
    public void The_exception_with_its_stack_is_logged_at_Debug_only()
    {
        var log = new CollectingLogger();
        var streak = new FailureStreak(log, "The delivery run");

        streak.Failed(Forbidden);

        Assert.IsTrue(log.Entries.Where(e => e.Level >= LogLevel.Information).All(e => e.Exception is null));
        Assert.AreSame(Forbidden, log.Entries.Single(e => e.Level == LogLevel.Debug).Exception);
    }

    [TestMethod]
    public void A_streak_that_never_failed_logs_nothing_when_it_works()
    {
        var log = new CollectingLogger();

        new FailureStreak(log, "The poll timer").Succeeded();

        Assert.IsEmpty(log.Entries);
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>A logger that keeps what it is given, at every level.</summary>
    private sealed class CollectingLogger : ILogger
    {
        public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

        public string[] Lines(LogLevel least) => [.. Entries.Where(e => e.Level >= least).Select(e => $"{e.Level}: {e.Message}")];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception), exception));
    }
}
