using Cronos;

namespace Monitor.Local.Hosting;

/// <summary>How long the local twins of the Functions timers wait for their schedule's next occurrence.</summary>
internal static class CronDelay
{
    /// <summary>The time until the next occurrence after now (<paramref name="fallback"/> when there is none), at least a second.</summary>
    public static TimeSpan UntilNext(CronExpression schedule, TimeProvider time, TimeSpan fallback)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var next = schedule.GetNextOccurrence(now, TimeZoneInfo.Utc) ?? now + fallback;
        var delay = next - now;
        return delay > TimeSpan.Zero ? delay : TimeSpan.FromSeconds(1);
    }
}
