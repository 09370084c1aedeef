using System.Globalization;
using System.Text.RegularExpressions;

namespace Monitor.Core.Digests;

/// <summary>
/// Reads a digest request's query string: <c>topic</c> (required), <c>since</c> and <c>until</c>
/// (ISO 8601 dates or times, or relative: 30m, 24h, 7d, 2w before now; by default until is
/// now and since is 24 hours before until), <c>format</c> (json, md, html, rss, atom, csv), the
/// filters <c>lang</c>, <c>source</c>, <c>type</c>, <c>minScore</c>, <c>q</c>, the reader's
/// language <c>hl</c> (which filters nothing), and <c>limit</c> with <c>continuation</c> for paging.
/// Parameter names are case-insensitive, and a parameter with an empty value is one not given (a
/// form sends its empty fields). Every problem is reported, each as a sentence that names the
/// parameter and the value given.
/// </summary>
public static partial class DigestQueryParser
{
    public const string TopicParameter = "topic";
    public const string SinceParameter = "since";
    public const string UntilParameter = "until";
    public const string FormatParameter = "format";
    public const string LanguageParameter = "lang";
    public const string ReaderLanguageParameter = "hl";
    public const string SourceParameter = "source";
    public const string TypeParameter = "type";
    public const string MinScoreParameter = "minscore";
    public const string TextParameter = "q";
    public const string LimitParameter = "limit";
    public const string ContinuationParameter = "continuation";

    /// <summary>The languages a reader can ask for.</summary>
    public static readonly IReadOnlyList<string> Languages = ["ar", "en"];

    /// <summary>The development types of the topics this service follows (a type filter may name others; it then matches nothing).</summary>
    public static readonly IReadOnlyList<string> KnownTypes = ["transfer", "repatriation", "facility_handover", "plan_or_agreement", "statement", "other"];

    /// <summary>Longest <c>q</c> accepted.</summary>
    public const int MaxTextLength = 200;

    /// <summary>The Functions host's key parameter: it authorises the call and is no concern of the digest.</summary>
    public const string FunctionKeyParameter = "code";

    /// <summary>Longest window, and furthest back a relative time may reach.</summary>
    public const int MaxWindowDays = 3650;

    private const int MaxEchoedLength = 100;

    /// <summary>The earliest time a window may name: no news the product keeps is older (see <c>ItemFields.EarliestPublished</c>).</summary>
    public static readonly DateTimeOffset EarliestTime = new(1990, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far ahead of now a window may reach.</summary>
    public static readonly TimeSpan LatestAhead = TimeSpan.FromDays(366);

    /// <summary>Window used when <c>since</c> is not given: it then starts this long before <c>until</c>.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);

    private static readonly string[] Allowed =
    [
        TopicParameter, SinceParameter, UntilParameter, FormatParameter, LanguageParameter, ReaderLanguageParameter, SourceParameter,
        TypeParameter, MinScoreParameter, TextParameter, LimitParameter, ContinuationParameter,
    ];

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
            else if (string.IsNullOrWhiteSpace(value) && key != TopicParameter)
            {
                // An empty parameter is one not given, as a form without script sends its empty fields.
                continue;
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
        var filters = ReadFilters(values, errors);
        var continuation = ReadContinuation(values, errors);

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
            ? new DigestQueryResult(new DigestQuery(topic!, since!.Value, until!.Value, format!.Value) { Filters = filters, Continuation = continuation }, [])
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

    /// <summary>
    /// One time as the query string takes it (ISO 8601, or 30m, 24h, 7d, 2w before
    /// <paramref name="now"/>), for a parameter or option named <paramref name="name"/>; null,
    /// with the problem in <paramref name="errors"/>, when it is neither.
    /// </summary>
    public static DateTimeOffset? ReadTime(string name, string? value, DateTimeOffset now, List<string> errors) =>
        ReadTime(new Dictionary<string, string?> { [name] = value }, name, now, now, errors);

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
            if (time < EarliestTime || time > now + LatestAhead)
            {
                errors.Add($"the value '{Echo(raw)}' of parameter '{name}' is out of range: give a time from {Iso(EarliestTime)} to a year from now");
                return null;
            }

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

        var format = DigestFormats.Parse(raw);
        if (format is null)
        {
            errors.Add($"the value '{Echo(raw)}' of parameter 'format' is not supported; use {DigestFormats.Names}");
        }

        return format;
    }

    /// <summary>
    /// Reads the filters (lang, source, type, minScore, q, limit) and the reader's language (hl) from
    /// parameters named as in the query string, lower-cased; every problem is added to <paramref name="errors"/>.
    /// </summary>
    public static DigestFilters ReadFilters(IReadOnlyDictionary<string, string?> values, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(errors);
        var language = ReadLanguage(values, LanguageParameter, "a language the digest knows", errors);
        var readerLanguage = ReadLanguage(values, ReaderLanguageParameter, "a reader's language the digest writes in", errors);

        var sources = List(values, SourceParameter, SourcePattern(), "a source id (letters, digits, '-', '_' or '.')", errors);
        var types = List(values, TypeParameter, TypePattern(), $"a development type ({string.Join(", ", KnownTypes)})", errors);

        double? minScore = null;
        if (values.TryGetValue(MinScoreParameter, out var rawMin))
        {
            if (double.TryParse(rawMin, NumberStyles.Float, CultureInfo.InvariantCulture, out var min) && min is >= 0 and <= 1)
            {
                minScore = min;
            }
            else
            {
                errors.Add($"the value '{Echo(rawMin)}' of parameter 'minScore' is not a number from 0 to 1");
            }
        }

        string? text = null;
        if (values.TryGetValue(TextParameter, out var rawText))
        {
            text = (rawText ?? "").Trim();
            if (text.Length == 0 || text.Length > MaxTextLength)
            {
                errors.Add($"parameter 'q' must hold 1 to {MaxTextLength} characters");
                text = null;
            }
        }

        var limit = DigestFilters.DefaultLimit;
        if (values.TryGetValue(LimitParameter, out var rawLimit))
        {
            if (int.TryParse(rawLimit, NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l is >= 1 and <= DigestFilters.MaxLimit)
            {
                limit = l;
            }
            else
            {
                errors.Add($"the value '{Echo(rawLimit)}' of parameter 'limit' is not a whole number from 1 to {DigestFilters.MaxLimit}");
            }
        }

        return new DigestFilters(language, sources, types, minScore, text, limit) { ReaderLanguage = readerLanguage };
    }

    /// <summary>"ar" or "en" from a parameter, or null (with the problem in <paramref name="errors"/> when it is something else).</summary>
    private static string? ReadLanguage(IReadOnlyDictionary<string, string?> values, string name, string what, List<string> errors)
    {
        if (!values.TryGetValue(name, out var raw))
        {
            return null;
        }

        var language = (raw ?? "").Trim().ToLowerInvariant();
        if (Languages.Contains(language, StringComparer.Ordinal))
        {
            return language;
        }

        errors.Add($"the value '{Echo(raw)}' of parameter '{name}' is not {what}; use {string.Join(" or ", Languages)}");
        return null;
    }

    private static string? ReadContinuation(Dictionary<string, string?> values, List<string> errors)
    {
        if (!values.TryGetValue(ContinuationParameter, out var raw))
        {
            return null;
        }

        if (raw is null || ContinuationToken.Read(raw.Trim()) is null)
        {
            errors.Add($"the value '{Echo(raw)}' of parameter 'continuation' is not a token this service gave; use the 'continuation' of the previous page");
            return null;
        }

        return raw.Trim();
    }

    /// <summary>A comma-separated list of values, each checked against a pattern.</summary>
    private static List<string> List(IReadOnlyDictionary<string, string?> values, string name, Regex pattern, string what, List<string> errors)
    {
        if (!values.TryGetValue(name, out var raw))
        {
            return [];
        }

        var items = (raw ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0)
        {
            errors.Add($"parameter '{name}' has no value; give {what}, or several separated by commas");
            return [];
        }

        var list = new List<string>();
        foreach (var item in items)
        {
            if (pattern.IsMatch(item))
            {
                list.Add(item);
            }
            else
            {
                errors.Add($"the value '{Echo(item)}' of parameter '{name}' is not {what}");
            }
        }

        return list;
    }

    private static string Iso(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A caller's text, shortened, to quote in an error.</summary>
    private static string Echo(string? value)
    {
        var text = value ?? "";
        return text.Length <= MaxEchoedLength ? text : text[..MaxEchoedLength] + "…";
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex SourcePattern();

    [GeneratedRegex(@"^[a-z_]{1,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex TypePattern();

    [GeneratedRegex(@"^(?<amount>\d{1,9})\s*(?<unit>[mhdwMHDW])$", RegexOptions.CultureInvariant)]
    private static partial Regex RelativePattern();

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})(?:[Tt ](?<time>\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,7})?)?)(?<offset>[Zz]|[+\- ]\d{2}:?\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoPattern();
}
