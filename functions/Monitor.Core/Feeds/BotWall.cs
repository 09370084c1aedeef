namespace Monitor.Core.Feeds;

/// <summary>Recognises the anti-bot challenge pages (Cloudflare, Akamai, Incapsula...) some servers send instead of a feed.</summary>
public static class BotWall
{
    /// <summary>How much of a page is looked at; challenge pages put their markers early.</summary>
    private const int Window = 128 * 1024;

    private static readonly string[] HtmlMarkers = ["<html", "<!doctype html", "<head", "<body"];

    private static readonly string[] ChallengeMarkers =
    [
        "just a moment",
        "cf-chl",
        "cf_chl",
        "challenge-platform",
        "cf-browser-verification",
        "attention required",
        "checking your browser",
        "captcha",
        "access denied",
        "ddos protection by",
        "_incapsula_resource",
        "are you a robot",
        "please enable js and disable any ad blocker",
    ];

    /// <summary>True when the text is an HTML page that carries a challenge marker.</summary>
    public static bool IsChallenge(string? page)
    {
        if (string.IsNullOrWhiteSpace(page))
        {
            return false;
        }

        var head = page.AsSpan(0, Math.Min(page.Length, Window));
        return ContainsAny(head, HtmlMarkers) && ContainsAny(head, ChallengeMarkers);
    }

    private static bool ContainsAny(ReadOnlySpan<char> text, string[] markers)
    {
        foreach (var marker in markers)
        {
            if (text.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
