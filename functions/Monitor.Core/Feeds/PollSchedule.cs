namespace Monitor.Core.Feeds;

/// <summary>
/// When to poll a feed next. After a success: the source's interval, or longer when the server asks
/// for it (Cache-Control max-age, Expires, RSS ttl), each server hint capped. After a failure:
/// exponential backoff from the interval, capped, or the server's Retry-After when that is longer.
/// </summary>
public static class PollSchedule
{
    /// <summary>Next poll after a success (200 or 304).</summary>
    public static DateTimeOffset AfterSuccess(DateTimeOffset now, TimeSpan pollInterval, ServerHints hints, TimeSpan maxServerDelay)
    {
        ArgumentNullException.ThrowIfNull(hints);
        var wait = pollInterval;
        wait = Longer(wait, Capped(FreshnessOf(hints), maxServerDelay));
        wait = Longer(wait, Capped(UntilExpiry(now, hints), maxServerDelay));
        wait = Longer(wait, Capped(hints.TtlMinutes is { } ttl && ttl > 0 ? TimeSpan.FromMinutes(ttl) : null, maxServerDelay));
        return now + wait;
    }

    /// <summary>Next poll after a failure; <paramref name="consecutiveFailures"/> counts this one.</summary>
    public static DateTimeOffset AfterFailure(DateTimeOffset now, TimeSpan pollInterval, int consecutiveFailures, TimeSpan maxBackoff, ServerHints hints, TimeSpan maxServerDelay)
    {
        ArgumentNullException.ThrowIfNull(hints);
        var wait = Backoff(pollInterval, consecutiveFailures, maxBackoff);
        wait = Longer(wait, Capped(RetryAfter(now, hints), maxServerDelay));
        return now + wait;
    }

    /// <summary>interval × 2^(failures − 1), at most <paramref name="maxBackoff"/>.</summary>
    public static TimeSpan Backoff(TimeSpan pollInterval, int consecutiveFailures, TimeSpan maxBackoff)
    {
        var doublings = Math.Clamp(consecutiveFailures - 1, 0, 62);
        var ticks = pollInterval.Ticks * Math.Pow(2, doublings);
        return ticks >= maxBackoff.Ticks ? maxBackoff : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>How long the server asks us to wait through Retry-After, read on its own clock when it sends Date.</summary>
    public static TimeSpan? RetryAfter(DateTimeOffset now, ServerHints hints)
    {
        ArgumentNullException.ThrowIfNull(hints);
        if (hints.RetryAfterDelay is { } delay)
        {
            return delay;
        }

        return hints.RetryAfterDate is { } date ? date - (hints.Date ?? now) : null;
    }

    /// <summary>max-age less the time a cache already held the answer.</summary>
    private static TimeSpan? FreshnessOf(ServerHints hints) =>
        hints.MaxAge is { } maxAge ? maxAge - (hints.Age ?? TimeSpan.Zero) : null;

    private static TimeSpan? UntilExpiry(DateTimeOffset now, ServerHints hints) =>
        hints.Expires is { } expires ? expires - (hints.Date ?? now) : null;

    private static TimeSpan? Capped(TimeSpan? delay, TimeSpan cap) =>
        delay is { } d && d > TimeSpan.Zero ? (d > cap ? cap : d) : null;

    private static TimeSpan Longer(TimeSpan current, TimeSpan? candidate) =>
        candidate is { } c && c > current ? c : current;
}
