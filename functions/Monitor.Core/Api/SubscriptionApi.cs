using System.Net;
using Monitor.Core.Delivery;

namespace Monitor.Core.Api;

/// <summary>
/// The subscription routes both hosts serve. Creating needs the API's key (in Azure, a function
/// key); the other calls carry their own proof: the manage token (<c>Authorization: Bearer</c>)
/// or the signed token of a confirm or unsubscribe link.
/// </summary>
public sealed class SubscriptionApi(SubscriptionService subscriptions)
{
    public const string HtmlContentType = "text/html; charset=utf-8";

    /// <summary>
    /// A request body as text, read no further than a little past the largest subscription (a longer
    /// one is then refused as too long, not read whole). Both hosts read bodies with it.
    /// </summary>
    public static async Task<string> ReadBodyAsync(Stream body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        var buffer = new char[SubscriptionRequest.MaxBodyBytes + 1];
        using var reader = new StreamReader(body, leaveOpen: true);
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), ct).ConfigureAwait(false);
        return new string(buffer, 0, read);
    }

    /// <summary>POST /api/subscriptions: 201 with the subscription, its manage token and (for a webhook) its signing secret, shown once.</summary>
    public async Task<ApiResponse> CreateAsync(string? body, CancellationToken ct)
    {
        var outcome = await subscriptions.CreateAsync(body, ct).ConfigureAwait(false);
        var response = Answer(outcome, "The subscription is not valid.");
        return outcome.View is { } view
            ? response with { Headers = new Dictionary<string, string> { ["Location"] = "/" + ApiRoutes.Prefix + "/subscriptions/" + view.Id } }
            : response;
    }

    /// <summary>GET /api/subscriptions/{id}.</summary>
    public async Task<ApiResponse> ReadAsync(string id, string? authorization, CancellationToken ct) =>
        Answer(await subscriptions.ReadAsync(id, Bearer(authorization), ct).ConfigureAwait(false), "The subscription cannot be read.");

    /// <summary>PATCH /api/subscriptions/{id}: the fields given change.</summary>
    public async Task<ApiResponse> ChangeAsync(string id, string? authorization, string? body, CancellationToken ct) =>
        Answer(await subscriptions.ChangeAsync(id, Bearer(authorization), body, ct).ConfigureAwait(false), "The change is not valid.");

    /// <summary>DELETE /api/subscriptions/{id}.</summary>
    public async Task<ApiResponse> DeleteAsync(string id, string? authorization, CancellationToken ct) =>
        Answer(await subscriptions.DeleteAsync(id, Bearer(authorization), ct).ConfigureAwait(false), "The subscription cannot be deleted.");

    /// <summary>GET /api/subscriptions/{id}/confirm?token=: a page saying the address is confirmed.</summary>
    public async Task<ApiResponse> ConfirmAsync(string id, string? token, CancellationToken ct)
    {
        var outcome = await subscriptions.ConfirmAsync(id, token, ct).ConfigureAwait(false);
        return outcome.View is null
            ? Page(404, "Link not valid", "This confirmation link is not valid, or its subscription was deleted.")
            : Page(200, "Subscription confirmed", "Thank you: digests will now reach this address on the schedule you chose. Every email has a link to unsubscribe.");
    }

    /// <summary>
    /// GET /api/subscriptions/{id}/unsubscribe?token=: a page with one button that unsubscribes
    /// (mail scanners follow links; only the button's POST unsubscribes).
    /// </summary>
    public ApiResponse UnsubscribePage(string id, string? token)
    {
        var action = WebUtility.HtmlEncode($"/{ApiRoutes.Prefix}/subscriptions/{Uri.EscapeDataString(id)}/unsubscribe?token={Uri.EscapeDataString(token ?? "")}");
        var form = $"<form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\"><button type=\"submit\">Unsubscribe</button></form>";
        return Page(200, "Unsubscribe", "Press the button to stop receiving these digests.", form);
    }

    /// <summary>POST /api/subscriptions/{id}/unsubscribe?token= (RFC 8058 one-click, or the page's button).</summary>
    public async Task<ApiResponse> UnsubscribeAsync(string id, string? token, CancellationToken ct)
    {
        var outcome = await subscriptions.UnsubscribeAsync(id, token, ct).ConfigureAwait(false);
        return outcome.Status == 404
            ? Page(404, "Link not valid", "This unsubscribe link is not valid.")
            : Page(200, "Unsubscribed", "You will receive no more digests from this subscription.");
    }

    private static ApiResponse Answer(SubscriptionOutcome outcome, string title) => outcome.Status switch
    {
        204 => new ApiResponse(204, "", ""),
        >= 400 => ApiResponse.Problem(outcome.Status, title, outcome.Errors),
        _ => ApiResponse.JsonOf(outcome.Status, outcome.View),
    };

    private static string? Bearer(string? authorization) =>
        authorization is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value[7..].Trim() : null;

    private static ApiResponse Page(int status, string title, string text, string extra = "") =>
        new(status, HtmlContentType, $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; form-action 'self'">
            <title>{{WebUtility.HtmlEncode(title)}} · Monitor</title>
            <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.5rem 1.5rem}</style>
            </head><body><h1>{{WebUtility.HtmlEncode(title)}}</h1><p>{{WebUtility.HtmlEncode(text)}}</p>{{extra}}</body></html>
            """);
}
