using System.ComponentModel.DataAnnotations;

namespace Monitor.Core.Digests;

/// <summary>How digests are answered under load (section <c>Digests</c>).</summary>
public sealed class DigestOptions
{
    public const string Section = "Digests";

    /// <summary>Digests computed at the same time; more requests wait for a turn, up to <see cref="MaxWait"/>.</summary>
    [Range(1, 64)]
    public int MaxConcurrent { get; set; } = 1;

    /// <summary>How long a request waits for a turn before it is answered 503 with Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a rendered answer is given again to the same request while its topic's version stands
    /// (the API's max-age; a relative window moves with time); zero computes every request.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Rendered answers kept at most (each is one request's URL: topic, window, filters, format).</summary>
    [Range(1, 10_000)]
    public int CacheEntries { get; set; } = 64;
}
