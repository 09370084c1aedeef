using System.Net.Http.Headers;

namespace Monitor.Core.Feeds;

/// <summary>
/// What a server said about when to come back: caching headers, Retry-After and the RSS ttl.
/// Raw values; <see cref="PollSchedule"/> turns them into a time.
/// </summary>
public sealed record ServerHints
{
    public static ServerHints None { get; } = new();

    /// <summary>Cache-Control max-age.</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>The Age header: how long a cache has held the answer already.</summary>
    public TimeSpan? Age { get; init; }

    /// <summary>The Expires header.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>The server's Date header, so Expires and Retry-After dates are read on the server's clock.</summary>
    public DateTimeOffset? Date { get; init; }

    /// <summary>Retry-After given in seconds.</summary>
    public TimeSpan? RetryAfterDelay { get; init; }

    /// <summary>Retry-After given as an HTTP date.</summary>
    public DateTimeOffset? RetryAfterDate { get; init; }

    /// <summary>The RSS channel's ttl, in minutes.</summary>
    public int? TtlMinutes { get; init; }

    public bool HasRetryAfter => RetryAfterDelay is not null || RetryAfterDate is not null;

    /// <summary>Reads the hints from a response's headers.</summary>
    public static ServerHints From(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        RetryConditionHeaderValue? retry = response.Headers.RetryAfter;
        return new ServerHints
        {
            MaxAge = response.Headers.CacheControl?.MaxAge,
            Age = response.Headers.Age,
            Expires = response.Content.Headers.Expires,
            Date = response.Headers.Date,
            RetryAfterDelay = retry?.Delta,
            RetryAfterDate = retry?.Date,
        };
    }
}
