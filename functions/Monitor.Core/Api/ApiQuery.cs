using Microsoft.Extensions.Primitives;

namespace Monitor.Core.Api;

/// <summary>A request's query string as <see cref="MonitorApi"/> reads it, whichever host received it.</summary>
public static class ApiQuery
{
    /// <summary>
    /// Keys are case-insensitive; a parameter given more than once keeps every value, comma-joined,
    /// so that the parser sees (and rejects) the ambiguity instead of a silent choice.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> From(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, values) in query)
        {
            result[key] = StringValues.IsNullOrEmpty(values) ? null : string.Join(',', values.ToArray());
        }

        return result;
    }
}
