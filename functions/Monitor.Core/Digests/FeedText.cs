using System.Text;

namespace Monitor.Core.Digests;

/// <summary>
/// What every output (Markdown, HTML, feeds, email) does to text and links that come from feeds:
/// text on one line, and links only to http and https addresses.
/// </summary>
public static class FeedText
{
    /// <summary>Runs of white space and control characters made one space, leading and trailing ones dropped.</summary>
    public static string OneLine(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>An http(s) address as an absolute URI, or null for anything else (javascript:, data:, file paths, garbage).</summary>
    public static Uri? HttpUrl(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;
}
