using System.Text.Json;

namespace Monitor.Core.Feeds;

/// <summary>Why a feed could not be polled.</summary>
public enum FeedFailureReason
{
    /// <summary>No complete answer within <see cref="FeedOptions.Timeout"/>.</summary>
    Timeout,

    /// <summary>The connection failed: DNS, TLS, refused, reset.</summary>
    NetworkError,

    /// <summary>The server answered with an error status.</summary>
    HttpError,

    /// <summary>429, or 503 with Retry-After: the server asks us to come back later.</summary>
    RateLimited,

    /// <summary>An anti-bot challenge page (Cloudflare and the like) instead of the feed.</summary>
    BotWall,

    /// <summary>The body is larger than <see cref="FeedOptions.MaxBodyBytes"/>.</summary>
    TooLarge,

    /// <summary>Redirects that come back to an address already visited, or more than <see cref="FeedOptions.MaxRedirects"/>.</summary>
    RedirectLoop,

    /// <summary>An HTML page where a feed was expected.</summary>
    NotAFeed,

    /// <summary>XML that does not parse, or is neither RSS nor Atom.</summary>
    MalformedFeed,

    /// <summary>
    /// The feed, a redirect or its host's name leads to an address feeds may not reach (loopback, a private
    /// network, link-local, cloud metadata...): nothing was sent there.
    /// </summary>
    BlockedAddress,

    /// <summary>Anything else, such as storage failing while the feed's items were saved.</summary>
    Unexpected,
}

/// <summary>Names of <see cref="FeedFailureReason"/> as the API shows them.</summary>
public static class FeedFailureReasons
{
    /// <summary>The reason in snake case, e.g. "bot_wall".</summary>
    public static string ToSnakeCase(this FeedFailureReason reason) =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(reason.ToString());

    /// <summary>The reason in words, for people (the feeds' status page); <paramref name="httpStatus"/> is the last answer's status, when there was one.</summary>
    public static string Describe(this FeedFailureReason reason, int? httpStatus = null) => reason switch
    {
        FeedFailureReason.Timeout => "The feed did not answer in time.",
        FeedFailureReason.NetworkError => "The connection failed (the name did not resolve, or the connection was refused, reset or not secure).",
        FeedFailureReason.HttpError => httpStatus is { } status
            ? $"The server answered with an error (HTTP {status.ToString(System.Globalization.CultureInfo.InvariantCulture)})."
            : "The server answered with an error.",
        FeedFailureReason.RateLimited => "The server asked to be polled less often; the next poll waits as it said.",
        FeedFailureReason.BotWall => "An anti-bot page came back instead of the feed.",
        FeedFailureReason.TooLarge => "The feed is larger than the size limit (Feeds:MaxBodyBytes).",
        FeedFailureReason.RedirectLoop => "Its redirects go round in a loop, or are too many.",
        FeedFailureReason.NotAFeed => "A web page came back where a feed was expected: the address may have changed.",
        FeedFailureReason.MalformedFeed => "The feed is not well-formed XML, or is neither RSS nor Atom.",
        FeedFailureReason.BlockedAddress => "It leads to an address feeds may not reach (this machine, a private network, cloud metadata); nothing was sent there.",
        _ => "Something else failed; the host's log says what.",
    };

    /// <summary>Reads a reason in snake case, as <see cref="SourceStatus.LastFailureReason"/> shows it; null when absent or unknown.</summary>
    public static FeedFailureReason? FromSnakeCase(string? name) =>
        Enum.GetValues<FeedFailureReason>().Cast<FeedFailureReason?>().FirstOrDefault(r => r!.Value.ToSnakeCase() == name);

    /// <summary>Reads a reason stored by its enum name; null when absent or unknown.</summary>
    public static FeedFailureReason? Parse(string? stored) =>
        Enum.TryParse<FeedFailureReason>(stored, ignoreCase: false, out var reason) && Enum.IsDefined(reason) ? reason : null;
}
