using System.Globalization;
using System.Text;
using Monitor.Core.Digests;

namespace Monitor.Core.Feeds;

/// <summary>
/// The feeds' status as a page for people (<c>GET /api/sources?format=html</c>): each feed's state,
/// when it was last checked and last fine, when it is polled next, and its last error in words. The
/// same safety as the digest page: no scripts, nothing from outside, every text encoded.
/// </summary>
public static class SourcesHtml
{
    public const string ContentType = "text/html; charset=utf-8";

    private const string Css = """
        :root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --card: #f6f8fa; --line: #d1d9e0; --link: #0b57d0; }
        @media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --card: #161b22; --line: #30363d; --link: #6cb6ff; } }
        body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Naskh Arabic", Tahoma, sans-serif; overflow-wrap: anywhere; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.4rem; margin: 0.5rem 0; }
        a { color: var(--link); }
        .meta { color: var(--muted); font-size: 0.9rem; margin: 0.2rem 0; }
        .table-scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
        th, td { text-align: start; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { color: var(--muted); font-weight: 600; }
        td.number { text-align: end; font-variant-numeric: tabular-nums; }
        .status { display: inline-block; padding: 0 0.45rem; border-radius: 999px; font-size: 0.8rem; font-weight: 700; white-space: nowrap; }
        .status-ok { background: #dcfce7; color: #166534; }
        .status-failing { background: #fee2e2; color: #991b1b; }
        .status-never_polled { background: #e0e7ff; color: #3730a3; }
        .status-disabled { background: var(--card); color: var(--muted); }
        .error-detail { color: var(--muted); font-size: 0.85em; }
        """;

    /// <summary>The page; <paramref name="digestLinks"/> are the topics' digest pages (name and address) it links to.</summary>
    public static string ToHtml(IReadOnlyList<SourceStatus> sources, DateTimeOffset generatedAt, IReadOnlyList<(string Name, string Href)> digestLinks)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(digestLinks);
        var html = new StringBuilder(8 * 1024);
        DigestHtml.Open(html, "Feeds — status", Css);
        html.Append("<header>\n<h1>Feeds</h1>\n<p class=\"meta\">Checked ").Append(DigestHtml.TimeElement(generatedAt)).Append(" · ")
            .Append(string.Join(" · ", sources.GroupBy(s => s.Status).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Count().ToString(CultureInfo.InvariantCulture) + " " + DigestHtml.Encode(StatusName(g.Key)))))
            .Append("</p>\n");
        foreach (var (name, href) in digestLinks)
        {
            html.Append("<p class=\"meta\"><a class=\"digest-link\" href=\"").Append(DigestHtml.Encode(href)).Append("\">Digest: ").Append(DigestHtml.Encode(name)).Append("</a></p>\n");
        }

        html.Append("</header>\n<div class=\"table-scroll\">\n<table id=\"sources\">\n<thead><tr>")
            .Append("<th scope=\"col\">Feed</th><th scope=\"col\">Language</th><th scope=\"col\">State</th><th scope=\"col\">Last checked</th>")
            .Append("<th scope=\"col\">Last fine</th><th scope=\"col\">Next poll</th><th scope=\"col\">Failures in a row</th><th scope=\"col\">Last error</th>")
            .Append("</tr></thead>\n<tbody>\n");
        foreach (var source in sources)
        {
            Row(html, source, generatedAt);
        }

        html.Append("</tbody>\n</table>\n</div>\n");
        DigestHtml.Close(html);
        return html.ToString();
    }

    /// <summary>The last failure in words: what the reason means, then the message it was stored with.</summary>
    public static string? ErrorInWords(SourceStatus source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.LastFailureReason is null && source.LastError is null)
        {
            return null;
        }

        return FeedFailureReasons.FromSnakeCase(source.LastFailureReason) is { } reason
            ? reason.Describe(source.LastHttpStatus)
            : "The last poll failed.";
    }

    private static void Row(StringBuilder html, SourceStatus source, DateTimeOffset now)
    {
        html.Append("<tr id=\"source-").Append(DigestHtml.Encode(source.Id)).Append("\" data-status=\"").Append(DigestHtml.Encode(source.Status)).Append("\"><td>");
        DigestHtml.AppendSource(html, source.Name, DigestHtml.SafeUrl(source.Url));
        html.Append("<br><span class=\"meta\">").Append(DigestHtml.Encode(source.Id)).Append(" · ").Append(DigestHtml.Encode(source.Outlet))
            .Append(" · every ").Append(source.PollIntervalMinutes.ToString(CultureInfo.InvariantCulture)).Append(" min</span></td>")
            .Append("<td>").Append(DigestHtml.Encode(source.Language)).Append("</td>")
            .Append("<td><span class=\"status status-").Append(DigestHtml.Encode(source.Status)).Append("\">").Append(DigestHtml.Encode(StatusName(source.Status))).Append("</span></td>")
            .Append("<td>").Append(When(source.LastCheckedAt, "never")).Append("</td>")
            .Append("<td>").Append(When(source.LastSuccessAt, "never")).Append("</td>")
            .Append("<td class=\"next-poll\">").Append(!source.Enabled ? "not polled" : source.NextPollAt is { } next && next <= now ? "due now" : When(source.NextPollAt, "at the next run")).Append("</td>")
            .Append("<td class=\"number\">").Append(source.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture)).Append("</td><td class=\"last-error\">");
        if (ErrorInWords(source) is { } words)
        {
            html.Append(DigestHtml.Encode(words));
            if (!string.IsNullOrWhiteSpace(source.LastError))
            {
                html.Append("<br><span class=\"error-detail\" dir=\"auto\">").Append(DigestHtml.Encode(FeedText.OneLine(source.LastError))).Append("</span>");
            }
        }

        html.Append("</td></tr>\n");
    }

    private static string When(DateTimeOffset? time, string otherwise) => time is { } t ? DigestHtml.TimeElement(t) : DigestHtml.Encode(otherwise);

    private static string StatusName(string status) => status switch
    {
        SourceStatus.Ok => "fine",
        SourceStatus.Failing => "failing",
        SourceStatus.NeverPolled => "not polled yet",
        SourceStatus.Disabled => "disabled",
        _ => status,
    };
}
