using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Monitor.Core.Feeds;

/// <summary>
/// The id that names a feed item across polls: its guid (RSS) or id (Atom) when it has one, else its
/// canonical link, else a SHA-256 of its normalised title and publication time.
/// </summary>
public static partial class ItemIdentity
{
    /// <summary>Query parameters that only track where a reader came from; they never change the article.</summary>
    private static readonly HashSet<string> TrackingParameters = new(StringComparer.Ordinal)
    {
        "fbclid", "gclid", "mc_cid", "mc_eid", "ref", "ocid", "igshid", "_ga",
    };

    /// <summary>
    /// The item's id. <paramref name="fallbackText"/> (e.g. the summary) stands in for the title in the
    /// hash when the item has no title either.
    /// </summary>
    public static string For(string? guid, string? link, string? title, DateTimeOffset? published, Uri? feedUrl = null, string? fallbackText = null)
    {
        if (!string.IsNullOrWhiteSpace(guid))
        {
            return guid.Trim();
        }

        if (CanonicalLink(link, feedUrl) is { } canonical)
        {
            return canonical;
        }

        return HashOf(string.IsNullOrWhiteSpace(title) ? fallbackText : title, published);
    }

    /// <summary>The link made absolute against the feed's address; null when it is not an http(s) link.</summary>
    public static Uri? Resolve(string? link, Uri? feedUrl)
    {
        if (string.IsNullOrWhiteSpace(link))
        {
            return null;
        }

        var text = link.Trim();

        // On Unix "/path" parses as an absolute file: URI, so only http(s) counts as absolute here.
        if (Uri.TryCreate(text, UriKind.Absolute, out var absolute) && IsWeb(absolute))
        {
            return absolute;
        }

        if (feedUrl is not null && feedUrl.IsAbsoluteUri
            && (!Uri.TryCreate(text, UriKind.Absolute, out var other) || other.IsFile || other.IsUnc)
            && Uri.TryCreate(feedUrl, text, out var resolved) && IsWeb(resolved))
        {
            return resolved;
        }

        return null;
    }

    /// <summary>
    /// The link in one spelling: lower-case scheme and host, no default port, no fragment, no tracking
    /// parameters (utm_*, fbclid, gclid...), remaining parameters sorted, no trailing slash except for the root.
    /// Null when the link is not an http(s) link.
    /// </summary>
    public static string? CanonicalLink(string? link, Uri? feedUrl = null)
    {
        var uri = Resolve(link, feedUrl);
        if (uri is null)
        {
            return null;
        }

        var sb = new StringBuilder(uri.AbsoluteUri.Length);
        sb.Append(uri.Scheme.ToLowerInvariant()).Append("://").Append(uri.Host.ToLowerInvariant());
        if (!uri.IsDefaultPort)
        {
            sb.Append(':').Append(uri.Port.ToString(CultureInfo.InvariantCulture));
        }

        var path = uri.AbsolutePath;
        if (path.Length > 1)
        {
            path = path.TrimEnd('/');
        }

        sb.Append(path.Length == 0 ? "/" : path);

        var parameters = uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !IsTracking(p))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (parameters.Count > 0)
        {
            sb.Append('?').AppendJoin('&', parameters);
        }

        return sb.ToString();
    }

    /// <summary>"sha256:" and the hex SHA-256 of the normalised text and the publication time in UTC.</summary>
    public static string HashOf(string? title, DateTimeOffset? published)
    {
        var text = NormaliseTitle(title) + "\n" + (published?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "");
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Entities decoded, compatibility forms folded, lower case, whitespace collapsed.</summary>
    public static string NormaliseTitle(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return "";
        }

        var decoded = WebUtility.HtmlDecode(title).Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        return Whitespace().Replace(decoded, " ").Trim();
    }

    private static bool IsWeb(Uri uri) => uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps;

    private static bool IsTracking(string parameter)
    {
        var equals = parameter.IndexOf('=', StringComparison.Ordinal);
        var key = Uri.UnescapeDataString(equals < 0 ? parameter : parameter[..equals]).ToLowerInvariant();
        return key.StartsWith("utm_", StringComparison.Ordinal) || TrackingParameters.Contains(key);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
