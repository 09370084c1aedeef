using System.Globalization;
using System.Text.RegularExpressions;

namespace Monitor.Core.Digests;

/// <summary>
/// Reads a digest request's query string: <c>topic</c> (required), <c>since</c> and <c>until</c>
/// (ISO 8601 dates or times, or relative: 30m, 24h, 7d, 2w before now; by default until is
/// now and since is 24 hours before until) and <c>format</c> (json, md or markdown). Parameter names are case-insensitive. Every
/// problem is reported, each as a sentence that names the parameter and the value given.
/// </summary>
public static partial class DigestQueryParser
{
    public const string TopicParameter = "topic";
    public const string SinceParameter = "since";
    public const string UntilParameter = "until";
    public const string FormatParameter = "format";

    /// <summary>The Functions host's key parameter: it authorises the call and is no concern of the digest.</summary>
    public const string FunctionKeyParameter = "code";

    /// <summary>Longest window, and furthest back a relative time may reach.</summary>
    public const int MaxWindowDays = 3650;

    private const int MaxEchoedLength = 100;

    /// <summary>Window used when <c>since</c> is not given: it then starts this long before <c>until</c>.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);

    private static readonly string[] Allowed = [TopicParameter, SinceParameter, UntilParameter, FormatParameter];

    /// <summary>Parses the query; <paramref name="topicExists"/> tells known topic ids from unknown ones.</summary>
    public static DigestQueryResult Parse(IReadOnlyDictionary<string, string?> query, DateTimeOffset now, Func<string, bool> topicExists)
    {
        ArgumentNullException.ThrowIfNull(topicExists);
        return Parse(query, now, topicExists, knownTopics: null);
    }

    /// <summary>Parses the query against a list of known topic ids, which errors then name.</summary>
    public static DigestQueryResult Parse(IReadOnlyDictionary<string, string?> query, DateTimeOffset now, IReadOnlyCollection<string> knownTopics)
    {
        ArgumentNullException.ThrowIfNull(knownTopics);
        return Parse(query, now, id => knownTopics.Contains(id, StringComparer.Ordinal), knownTopics);
    }

    private static DigestQueryResult Parse(
        IReadOnlyDictionary<string, string?> query,
        DateTimeOffset now,
        Func<string, bool> topicExists,
        IReadOnlyCollection<string>? knownTopics)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new List<string>();
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (rawKey, value) in query.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var key = rawKey.Trim().ToLowerInvariant();
            if (key == FunctionKeyParameter)
            {
                continue;
            }

            if (!Allowed.Contains(key))
            {
                errors.Add($"unknown parameter '{Echo(rawKey)}'; allowed: {string.Join(", ", Allowed)}");
            }
            else if (!values.TryAdd(key, value))
            {
                errors.Add($"parameter '{key}' is given more than once");
            }
        }

        var topic = ReadTopic(values, topicExists, knownTopics, errors);
        var until = ReadTime(values, UntilParameter, now, now, errors);
        var since = ReadTime(values, SinceParameter, now, (until ?? now) - DefaultWindow, errors);
        var format = ReadFormat(values, errors);

        if (since is { } s && until is { } u)
        {
            if (s >= u)
            {
                errors.Add($"'since' ({Iso(s)}) must be before 'until' ({Iso(u)})");
            }
            else if (u - s > TimeSpan.FromDays(MaxWindowDays))
            {
                errors.Add($"the window from 'since' ({Iso(s)}) to 'until' ({Iso(u)}) is longer than {MaxWindowDays} days");
            }
        }

        return errors.Count == 0
            ? new DigestQueryResult(new DigestQuery(topic!, since!.Value, until!.Value, format!.Value), [])
            : new DigestQueryResult(null, errors);
    }

    private static string? ReadTopic(Dictionary<string, string?> values, Func<string, bool> topicExists, IReadOnlyCollection<string>? knownTopics, List<string> errors)
    {
        var known = knownTopics is { Count: > 0 } ? $"; known topics: {string.Join(", ", knownTopics.Order(StringComparer.Ordinal))}" : "";
        if (!values.TryGetValue(TopicParameter, out var raw) || string.IsNullOrWhiteSpace(raw))
        {
            errors.Add($"parameter 'topic' is required{known}");
            return null;
        }

        var topic = raw.Trim().ToLowerInvariant();
        if (!topicExists(topic))
        {
            errors.Add($"unknown topic '{Echo(raw)}'{known}");
            return null;
        }

        return topic;
    }

    private static DateTimeOffset? ReadTime(Dictionary<string, string?> values, string name, DateTimeOffset now, DateTimeOffset fallback, List<string> errors)
    {
        if (!values.TryGetValue(name, out var raw))
        {
            return fallback.ToUniversalTime();
        }

        if (string.IsNullOrWhiteSpace(raw))
        {
            errors.Add($"parameter '{name}' has no value; give an ISO 8601 date or time (2026-01-23, 2026-01-23T08:00:00Z) or a relative time (30m, 24h, 7d, 2w)");
            return null;
        }

        var value = raw.Trim();
        var relative = RelativePattern().Match(value);
        if (relative.Success)
        {
            var amount = long.Parse(relative.Groups["amount"].Value, CultureInfo.InvariantCulture);
            var unit = char.ToLowerInvariant(relative.Groups["unit"].Value[0]);
            var minutes = unit switch
            {
                'm' => 1L,
                'h' => 60L,
                'd' => 60L * 24,
                _ => 60L * 24 * 7,
            };
            if (amount * minutes > MaxWindowDays * 24L * 60)
            {
                errors.Add($"the value '{Echo(raw)}' of parameter '{name}' reaches back more than {MaxWindowDays} days");
                return null;
            }

            return (now - TimeSpan.FromMinutes(amount * minutes)).ToUniversalTime();
        }

        if (ParseIso(value) is { } time)
        {
            return time;
        }

        errors.Add($"the value '{Echo(raw)}' of parameter '{name}' is neither an ISO 8601 date or time (2026-01-23, 2026-01-23T08:00:00Z) nor a relative time (30m, 24h, 7d, 2w)");
        return null;
    }

    /// <summary>
    /// An ISO 8601 date, or date and time with an optional offset; without an offset the time is
    /// UTC. A space where the offset's + should be is read as + (an unencoded + in a query string).
    /// </summary>
    private static DateTimeOffset? ParseIso(string value)
    {
        var m = IsoPattern().Match(value);
        if (!m.Success)
        {
            return null;
        }

        var text = m.Groups["date"].Value;
        if (m.Groups["time"].Success)
        {
            text += "T" + m.Groups["time"].Value.Replace(',', '.');
        }

        if (m.Groups["offset"].Success)
        {
            var offset = m.Groups["offset"].Value;
            text += offset is "Z" or "z"
                ? "Z"
                : (offset[0] == '-' ? "-" : "+") + offset[1..3] + ":" + offset[^2..];
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time.ToUniversalTime()
            : null;
    }

    private static DigestFormat? ReadFormat(Dictionary<string, string?> values, List<string> errors)
    {
        if (!values.TryGetValue(FormatParameter, out var raw))
        {
            return DigestFormat.Json;
        }

        switch ((raw ?? "").Trim().ToLowerInvariant())
        {
            case "json":
                return DigestFormat.Json;
            case "md" or "markdown":
                return DigestFormat.Markdown;
            default:
                errors.Add($"the value '{Echo(raw)}' of parameter 'format' is not supported; use json, md or markdown");
                return null;
        }
    }

    private static string Iso(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A caller's text, shortened, to quote in an error.</summary>
    private static string Echo(string? value)
    {
        var text = value ?? "";
        return text.Length <= MaxEchoedLength ? text : text[..MaxEchoedLength] + "…";
    }

    [GeneratedRegex(@"^(?<amount>\d{1,9})\s*(?<unit>[mhdwMHDW])$", RegexOptions.CultureInvariant)]
    private static partial Regex RelativePattern();

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})(?:[Tt ](?<time>\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,7})?)?)(?<offset>[Zz]|[+\- ]\d{2}:?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoPattern();
}
