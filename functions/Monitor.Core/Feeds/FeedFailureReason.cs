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

    /// <summary>Reads a reason stored by its enum name; null when absent or unknown.</summary>
    public static FeedFailureReason? Parse(string? stored) =>
        Enum.TryParse<FeedFailureReason>(stored, ignoreCase: false, out var reason) && Enum.IsDefined(reason) ? reason : null;
}
