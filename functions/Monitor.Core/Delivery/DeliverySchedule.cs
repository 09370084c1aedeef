using System.Globalization;

namespace Monitor.Core.Delivery;

/// <summary>
/// When a subscription is due: <c>immediate</c> at every run of the delivery timer, <c>hourly</c>
/// once in each clock hour (UTC), <c>daily</c> once a day at a local time in an IANA time zone
/// (a time skipped by a daylight-saving change is taken as the first instant after it).
/// </summary>
public static class DeliverySchedule
{
    /// <summary>The last instant at or before <paramref name="now"/> when the schedule wanted a delivery.</summary>
    public static DateTimeOffset LastSlot(string schedule, string? dailyAt, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(zone);
        switch (schedule)
        {
            case SubscriptionTerms.Immediate:
                return now;
            case SubscriptionTerms.Hourly:
                var utc = now.ToUniversalTime();
                return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
            default:
                var at = ParseTime(dailyAt) ?? new TimeOnly(8, 0);
                var localToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
                var today = Instant(localToday, at, zone);
                return today <= now ? today : Instant(localToday.AddDays(-1), at, zone);
        }
    }

    /// <summary>True when a slot has come since the schedule last ran for the subscription.</summary>
    public static bool IsDue(string schedule, string? dailyAt, TimeZoneInfo zone, DateTimeOffset lastRunAt, DateTimeOffset now) =>
        schedule == SubscriptionTerms.Immediate || LastSlot(schedule, dailyAt, zone, now) > lastRunAt;

    /// <summary>"HH:mm" (24-hour), or null.</summary>
    public static TimeOnly? ParseTime(string? value) =>
        TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    /// <summary>The IANA zone (or null when unknown).</summary>
    public static TimeZoneInfo? Zone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>The instant a local date and time names in a zone; in a gap, the first instant after it; when ambiguous, the earlier.</summary>
    private static DateTimeOffset Instant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
