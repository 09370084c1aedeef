using System.Security.Cryptography;
using System.Text;

namespace Monitor.Core.Digests;

/// <summary>
/// The ETag of a digest: a hash of what chose and shaped it (format, filters, reader's language,
/// page) and of the version of each of its developments, which changes with every write. It
/// does not hash the rendered body, so it costs nothing next to the digest, and it ignores the
/// time the digest was generated and the bounds of its window (which move with every request for
/// "the last 7 days" while the developments in it do not). A digest of developments not read
/// from storage (version 0) is hashed from its JSON instead.
/// </summary>
public static class DigestETag
{
    public static string Of(Digest digest, DigestFormat format)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var text = new StringBuilder();
        text.Append(format).Append('\n').Append(digest.Topic).Append('\n').Append(digest.Language).Append('\n')
            .Append(System.Text.Json.JsonSerializer.Serialize(digest.Filters, MonitorJson.Options)).Append('\n')
            .Append(digest.Continuation).Append('\n');
        if (digest.Developments.Any(d => d.Version == 0))
        {
            text.Append(DigestRenderer.ToJson(digest with { GeneratedAt = DateTimeOffset.UnixEpoch, Since = DateTimeOffset.UnixEpoch, Until = DateTimeOffset.UnixEpoch }));
        }
        else
        {
            foreach (var development in digest.Developments)
            {
                text.Append(development.Id).Append(':').Append(development.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return "\"" + Convert.ToHexStringLower(hash, 0, 16) + "\"";
    }

    /// <summary>True when an If-None-Match header names this ETag (or is *); weak validators match too.</summary>
    public static bool Matches(string? ifNoneMatch, string etag)
    {
        if (string.IsNullOrWhiteSpace(ifNoneMatch))
        {
            return false;
        }

        foreach (var candidate in ifNoneMatch.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
            if (tag == "*" || tag == etag)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The digest's JSON Schema (digest.schema.json beside the core), read once.</summary>
public static class DigestSchema
{
    private static readonly Lazy<string> Lazy = new(() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Digests", "digest.schema.json")));

    public static string Text => Lazy.Value;
}
