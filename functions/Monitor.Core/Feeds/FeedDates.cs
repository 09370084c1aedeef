using System.Globalization;
using System.Text.RegularExpressions;

namespace Monitor.Core.Feeds;

/// <summary>
/// Reads the dates feeds write, keeping their offset: RFC 822 ("Mon, 09 Feb 2026 10:00:00 +0300",
/// also with zone names, two-digit years, no seconds or no weekday) and ISO 8601 ("2026-02-09T10:00:00+03:00").
/// A date without any zone is taken as UTC.
/// </summary>
public static partial class FeedDates
{
    private static readonly Dictionary<string, int> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        ["jan"] = 1, ["feb"] = 2, ["mar"] = 3, ["apr"] = 4, ["may"] = 5, ["jun"] = 6,
        ["jul"] = 7, ["aug"] = 8, ["sep"] = 9, ["oct"] = 10, ["nov"] = 11, ["dec"] = 12,
    };

    /// <summary>Zone names seen in feeds, in hours from UTC. Ambiguous ones (AST, IST) are left out and read as UTC.</summary>
    private static readonly Dictionary<string, int> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["Z"] = 0,
        ["EST"] = -5, ["EDT"] = -4, ["CST"] = -6, ["CDT"] = -5, ["MST"] = -7, ["MDT"] = -6, ["PST"] = -8, ["PDT"] = -7,
        ["WET"] = 0, ["BST"] = 1, ["CET"] = 1, ["CEST"] = 2, ["EET"] = 2, ["EEST"] = 3, ["MSK"] = 3, ["TRT"] = 3,
    };

    /// <summary>The date with its offset, or null when the text is empty or not a date.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        return ParseRfc822(trimmed) ?? ParseIso(trimmed);
    }

    private static DateTimeOffset? ParseRfc822(string text)
    {
        var m = Rfc822().Match(text);
        if (!m.Success || !Months.TryGetValue(m.Groups["month"].Value[..3], out var month))
        {
            return null;
        }

        var year = Number(m.Groups["year"]);
        if (m.Groups["year"].Value.Length == 2)
        {
            year += year < 50 ? 2000 : 1900;
        }

        var offset = ZoneOffset(m.Groups["zone"].Value);
        if (offset is null)
        {
            return null;
        }

        var day = Number(m.Groups["day"]);
        var hour = Number(m.Groups["hour"]);
        var minute = Number(m.Groups["minute"]);
        var second = m.Groups["second"].Success ? Number(m.Groups["second"]) : 0;
        if (year is < 1 or > 9999 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
        {
            return null;
        }

        // A leap second is read as the last second of its minute.
        return new DateTimeOffset(year, month, day, hour, minute, Math.Min(second, 59), offset.Value);
    }

    private static TimeSpan? ZoneOffset(string zone)
    {
        if (zone.Length == 0)
        {
            return TimeSpan.Zero;
        }

        var numeric = NumericZone().Match(zone);
        if (numeric.Success)
        {
            var hours = Number(numeric.Groups["hours"]);
            var minutes = Number(numeric.Groups["minutes"]);
            if (hours > 14 || minutes > 59)
            {
                return null;
            }

            var span = new TimeSpan(hours, minutes, 0);
            return numeric.Groups["sign"].Value == "-" ? -span : span;
        }

        // Unknown zone names mean "no zone information" (RFC 2822 section 4.3): UTC.
        return Zones.TryGetValue(zone, out var h) ? TimeSpan.FromHours(h) : TimeSpan.Zero;
    }

    private static DateTimeOffset? ParseIso(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var value)
            ? value
            : null;

    private static int Number(Group group) => int.Parse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex("""
        ^(?:[A-Za-z]{2,9}\.?,?\s*)?
        (?<day>[0-9]{1,2})[\s-]+(?<month>[A-Za-z]{3,9})\.?[\s-]+(?<year>[0-9]{4}|[0-9]{2})
        \s+(?<hour>[0-9]{1,2}):(?<minute>[0-9]{2})(?::(?<second>[0-9]{2}))?(?:\.[0-9]+)?
        \s*(?<zone>[A-Za-z]{1,5}|[+-][0-9]{2}:?[0-9]{2}|(?:GMT|UTC)[+-][0-9]{2}:?[0-9]{2})?\s*$
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex Rfc822();

    [GeneratedRegex("^(?:GMT|UTC)?(?<sign>[+-])(?<hours>[0-9]{2}):?(?<minutes>[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex NumericZone();
}
