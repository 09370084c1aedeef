namespace Monitor.Core.Feeds;

/// <summary>The answer to one conditional GET of a feed, or why there was none.</summary>
public sealed record FeedFetchResult
{
    /// <summary>The address asked for.</summary>
    public required Uri RequestedUrl { get; init; }

    /// <summary>The address that answered, after redirects; relative item links resolve against it.</summary>
    public required Uri FinalUrl { get; init; }

    /// <summary>The last HTTP status received, or null when no answer came.</summary>
    public int? StatusCode { get; init; }

    /// <summary>True for a 304: the feed has not changed since the validators were stored.</summary>
    public bool NotModified { get; init; }

    /// <summary>The body, decompressed; null for 304 and failures.</summary>
    public byte[]? Body { get; init; }

    /// <summary>The media type of Content-Type, e.g. "application/rss+xml".</summary>
    public string? MediaType { get; init; }

    /// <summary>The charset parameter of Content-Type, as the server wrote it.</summary>
    public string? Charset { get; init; }

    /// <summary>The ETag header, verbatim, to send back in If-None-Match.</summary>
    public string? ETag { get; init; }

    /// <summary>The Last-Modified header, verbatim, to send back in If-Modified-Since.</summary>
    public string? LastModified { get; init; }

    /// <summary>Caching and Retry-After headers.</summary>
    public ServerHints Hints { get; init; } = ServerHints.None;

    /// <summary>Null when the fetch succeeded (200 or 304).</summary>
    public FeedFailureReason? FailureReason { get; init; }

    /// <summary>What went wrong, in words.</summary>
    public string? Error { get; init; }

    public bool Succeeded => FailureReason is null;
}
