using System.Security.Cryptography;
using System.Text;

namespace Monitor.Core.Digests;

/// <summary>
/// The ETag of a digest: a hash of what it says in the format asked for, without the time it was
/// generated and the bounds of its window (which move with every request for "the last 7 days"
/// while the developments in it do not).
/// </summary>
public static class DigestETag
{
    public static string Of(Digest digest, DigestFormat format)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var stable = digest with { GeneratedAt = DateTimeOffset.UnixEpoch, Since = DateTimeOffset.UnixEpoch, Until = DateTimeOffset.UnixEpoch };
        var body = format switch
        {
            DigestFormat.Markdown => DigestRenderer.ToMarkdown(stable),
            _ => DigestRenderer.ToJson(stable),
        };
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(format + "\n" + body));
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
