using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitor.Core.Classification;
using Monitor.Core.Developments;
using Monitor.Core.Outbound;
using Monitor.Core.Storage;

namespace Monitor.Core.Delivery;

/// <summary>What a subscriber (or the API on their behalf) sees of a subscription.</summary>
public sealed record SubscriptionView(
    string Id,
    string Channel,
    string? Email,
    string? WebhookUrl,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> Languages,
    double MinScore,
    string Schedule,
    string? DailyAt,
    string TimeZone,
    string Status,
    string? StatusReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastDeliveredAt,
    int DeliveredCount,
    string? PendingDeliveryId,
    int PendingAttempts,
    DateTimeOffset? NextAttemptAt,
    string? LastError)
{
    /// <summary>Shown once, when the subscription is created: what the manage calls need.</summary>
    public string? ManageToken { get; init; }

    /// <summary>Shown once, when made (at creation or rotation): what webhook signatures are made with.</summary>
    public string? WebhookSecret { get; init; }

    public string? UnsubscribeUrl { get; init; }

    /// <summary>The reader's language of its digests ("en", "ar"); null for headlines as published.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("hl")]
    public string? ReaderLanguage { get; init; }
}

/// <summary>The outcome of a subscription call: the view, or the status and problems.</summary>
public sealed record SubscriptionOutcome(int Status, SubscriptionView? View, IReadOnlyList<string> Errors)
{
    public static SubscriptionOutcome Ok(SubscriptionView view, int status = 200) => new(status, view, []);

    public static SubscriptionOutcome Problem(int status, params string[] errors) => new(status, null, errors);
}

/// <summary>
/// Creates, reads, changes and deletes subscriptions; confirms email addresses and unsubscribes.
/// A new subscription starts at the topics' current versions: it receives what happens from then
/// on (with <c>backfill</c>, its first delivery also carries what is already stored).
/// </summary>
public sealed partial class SubscriptionService(
    MonitorStorage storage,
    DevelopmentStore developments,
    TopicCatalog topics,
    SubscriptionTokens tokens,
    OutboundResolver resolver,
    IOptions<WebhookOptions> webhookOptions,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<SubscriptionService> log)
{
    public const string ConfirmPurpose = "confirm";
    public const string UnsubscribePurpose = "unsubscribe";

    public async Task<SubscriptionOutcome> CreateAsync(string? body, CancellationToken ct)
    {
        var known = topics.Topics.Select(t => t.Id).ToList();
        var (request, errors) = SubscriptionRequest.Parse(body, creating: true, known);
        if (request is null)
        {
            return SubscriptionOutcome.Problem(400, [.. errors]);
        }

        if (request.WebhookUrl is { } url && await WebhookProblemAsync(url, ct).ConfigureAwait(false) is { } problem)
        {
            return SubscriptionOutcome.Problem(400, "webhookUrl: " + problem);
        }

        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var id = SubscriptionTokens.NewToken(12);
        var manageToken = SubscriptionTokens.NewToken();
        var secret = request.WebhookUrl is null ? null : "whsec_" + SubscriptionTokens.NewToken();
        var chosen = request.Topics is { Count: > 0 } t ? t : known;
        var cursors = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var topic in chosen)
        {
            cursors[topic] = request.Backfill ? 0 : await developments.CurrentVersionAsync(topic, ct).ConfigureAwait(false);
        }

        var entity = new SubscriptionEntity
        {
            RowKey = id,
            Channel = request.Email is not null ? SubscriptionTerms.Email : SubscriptionTerms.Webhook,
            Email = request.Email,
            WebhookUrl = request.WebhookUrl?.AbsoluteUri,
            WebhookSecret = secret is null ? null : tokens.Protect(secret),
            Topics = string.Join(",", chosen),
            Languages = string.Join(",", request.Languages ?? []),
            ReaderLanguage = string.IsNullOrEmpty(request.ReaderLanguage) ? null : request.ReaderLanguage,
            MinScore = request.MinScore ?? 0,
            Schedule = request.Schedule ?? SubscriptionTerms.Daily,
            DailyAt = request.DailyAt,
            TimeZone = request.TimeZone ?? "UTC",
            Status = request.Email is not null ? SubscriptionTerms.PendingConfirmation : SubscriptionTerms.Active,
            StatusReason = request.Email is not null ? ConfirmationNote(options.Value.ConfirmationMailInterval) : null,
            ManageTokenHash = SubscriptionTokens.Hash(manageToken),
            CreatedAt = now,
            LastRunAt = now,
            Cursors = SubscriptionEntity.Json(cursors),
        };
        await storage.Subscriptions.AddEntityAsync(entity, ct).ConfigureAwait(false);
        LogCreated(log, id, entity.Channel, entity.Schedule);
        return SubscriptionOutcome.Ok(View(entity) with { ManageToken = manageToken, WebhookSecret = secret }, 201);
    }

    public async Task<SubscriptionOutcome> ReadAsync(string id, string? manageToken, CancellationToken ct)
    {
        var (entity, problem) = await AuthorizedAsync(id, manageToken, ct).ConfigureAwait(false);
        return problem ?? SubscriptionOutcome.Ok(View(entity!));
    }

    public async Task<SubscriptionOutcome> ChangeAsync(string id, string? manageToken, string? body, CancellationToken ct)
    {
        var (entity, problem) = await AuthorizedAsync(id, manageToken, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (request, errors) = SubscriptionRequest.Parse(body, creating: false, [.. topics.Topics.Select(t => t.Id)]);
        if (request is null)
        {
            return SubscriptionOutcome.Problem(400, [.. errors]);
        }

        var e = entity!;
        if ((request.Email is not null && e.Channel != SubscriptionTerms.Email) || (request.WebhookUrl is not null && e.Channel != SubscriptionTerms.Webhook))
        {
            return SubscriptionOutcome.Problem(400, "email or webhookUrl: a subscription keeps its channel; create a new one for the other");
        }

        if (request.WebhookUrl is { } url && await WebhookProblemAsync(url, ct).ConfigureAwait(false) is { } refused)
        {
            return SubscriptionOutcome.Problem(400, "webhookUrl: " + refused);
        }

        string? secret = null;
        if (request.Email is { } email && !string.Equals(email, e.Email, StringComparison.OrdinalIgnoreCase))
        {
            // A new address confirms itself again before anything is sent to it.
            e.Email = email;
            e.Status = SubscriptionTerms.PendingConfirmation;
            e.ConfirmationSentAt = null;
            e.ConfirmedAt = null;
        }

        if (request.WebhookUrl is { } newUrl)
        {
            e.WebhookUrl = newUrl.AbsoluteUri;
        }

        if (request.RotateSecret && e.Channel == SubscriptionTerms.Webhook)
        {
            secret = "whsec_" + SubscriptionTokens.NewToken();
            e.WebhookSecret = tokens.Protect(secret);
        }

        if (request.Topics is { Count: > 0 } chosen)
        {
            var cursors = e.CursorMap;
            foreach (var topic in chosen.Where(t => !cursors.ContainsKey(t)))
            {
                cursors[topic] = await developments.CurrentVersionAsync(topic, ct).ConfigureAwait(false);
            }

            e.Topics = string.Join(",", chosen);
            e.Cursors = SubscriptionEntity.Json(cursors.Where(c => chosen.Contains(c.Key)).ToDictionary());
        }

        e.Languages = request.Languages is { } languages ? string.Join(",", languages) : e.Languages;
        e.ReaderLanguage = request.ReaderLanguage is { } reader ? (reader.Length == 0 ? null : reader) : e.ReaderLanguage;
        e.MinScore = request.MinScore ?? e.MinScore;
        e.Schedule = request.Schedule ?? e.Schedule;
        e.DailyAt = request.DailyAt ?? (e.Schedule == SubscriptionTerms.Daily ? e.DailyAt ?? "08:00" : e.DailyAt);
        e.TimeZone = request.TimeZone ?? e.TimeZone;
        if (request.Active == true && e.Status == SubscriptionTerms.Failing)
        {
            e.Status = SubscriptionTerms.Active;
            e.StatusReason = null;
            e.PendingAttempts = 0;
            e.NextAttemptAt = time.GetUtcNow();
        }

        try
        {
            await storage.Subscriptions.UpdateEntityAsync(e, e.ETag, Azure.Data.Tables.TableUpdateMode.Replace, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException x) when (x.Status == 412)
        {
            return SubscriptionOutcome.Problem(409, "the subscription changed at the same time; read it and try again");
        }

        return SubscriptionOutcome.Ok(View(e) with { WebhookSecret = secret });
    }

    public async Task<SubscriptionOutcome> DeleteAsync(string id, string? manageToken, CancellationToken ct)
    {
        var (entity, problem) = await AuthorizedAsync(id, manageToken, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        await storage.Subscriptions.DeleteEntityAsync(SubscriptionEntity.Partition, entity!.RowKey, ETag.All, ct).ConfigureAwait(false);
        LogDeleted(log, id);
        return new SubscriptionOutcome(204, null, []);
    }

    /// <summary>The confirmation link of an email subscription: activates it.</summary>
    public async Task<SubscriptionOutcome> ConfirmAsync(string id, string? token, CancellationToken ct)
    {
        if (!tokens.IsLinkToken(id, ConfirmPurpose, token))
        {
            return SubscriptionOutcome.Problem(404, "this confirmation link is not valid");
        }

        var entity = await FindAsync(id, ct).ConfigureAwait(false);
        if (entity is null)
        {
            return SubscriptionOutcome.Problem(404, "this subscription does not exist any more");
        }

        if (entity.Status == SubscriptionTerms.PendingConfirmation)
        {
            entity.Status = SubscriptionTerms.Active;
            entity.StatusReason = null;
            entity.ConfirmedAt = time.GetUtcNow();
            entity.LastRunAt = time.GetUtcNow();
            await storage.Subscriptions.UpdateEntityAsync(entity, entity.ETag, Azure.Data.Tables.TableUpdateMode.Replace, ct).ConfigureAwait(false);
            LogConfirmed(log, id);
        }

        return SubscriptionOutcome.Ok(View(entity));
    }

    /// <summary>The unsubscribe link (RFC 8058 one-click): ends the subscription; safe to repeat.</summary>
    public async Task<SubscriptionOutcome> UnsubscribeAsync(string id, string? token, CancellationToken ct)
    {
        if (!tokens.IsLinkToken(id, UnsubscribePurpose, token))
        {
            return SubscriptionOutcome.Problem(404, "this unsubscribe link is not valid");
        }

        var entity = await FindAsync(id, ct).ConfigureAwait(false);
        if (entity is null)
        {
            return new SubscriptionOutcome(200, null, []);
        }

        await EndAsync(entity, "unsubscribed by its link", ct).ConfigureAwait(false);
        return SubscriptionOutcome.Ok(View(entity));
    }

    /// <summary>Marks a subscription unsubscribed (by the subscriber, or a 410 from its receiver).</summary>
    public async Task EndAsync(SubscriptionEntity entity, string reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (entity.Status == SubscriptionTerms.Unsubscribed)
        {
            return;
        }

        entity.Status = SubscriptionTerms.Unsubscribed;
        entity.StatusReason = reason;
        entity.PendingDeliveryId = null;
        entity.PendingCursors = null;
        await storage.Subscriptions.UpdateEntityAsync(entity, ETag.All, Azure.Data.Tables.TableUpdateMode.Replace, ct).ConfigureAwait(false);
        LogUnsubscribed(log, entity.RowKey, reason);
    }

    /// <summary>The link a subscriber follows for <paramref name="purpose"/> ("confirm", "unsubscribe").</summary>
    public Uri LinkFor(string id, string purpose) =>
        new(options.Value.PublicBaseUrl, $"api/subscriptions/{Uri.EscapeDataString(id)}/{purpose}?token={tokens.LinkToken(id, purpose)}");

    public Uri ManageUrl(string id) => new(options.Value.PublicBaseUrl, $"api/subscriptions/{Uri.EscapeDataString(id)}");

    public SubscriptionView View(SubscriptionEntity e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new SubscriptionView(
            e.RowKey, e.Channel, e.Email, e.WebhookUrl, e.TopicList, e.LanguageList, e.MinScore, e.Schedule, e.DailyAt, e.TimeZone,
            e.Status, e.StatusReason, e.CreatedAt, e.LastDeliveredAt, e.DeliveredCount, e.PendingDeliveryId, e.PendingAttempts, e.NextAttemptAt, e.LastError)
        {
            UnsubscribeUrl = LinkFor(e.RowKey, UnsubscribePurpose).AbsoluteUri,
            ReaderLanguage = e.ReaderLanguage,
        };
    }

    public async Task<SubscriptionEntity?> FindAsync(string id, CancellationToken ct)
    {
        if (!IsId(id))
        {
            return null;
        }

        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        return await MonitorStorage.GetOrNullAsync<SubscriptionEntity>(storage.Subscriptions, SubscriptionEntity.Partition, id, ct).ConfigureAwait(false);
    }

    private async Task<(SubscriptionEntity? Entity, SubscriptionOutcome? Problem)> AuthorizedAsync(string id, string? manageToken, CancellationToken ct)
    {
        var entity = await FindAsync(id, ct).ConfigureAwait(false);

        // The same answer for "no such subscription" and "wrong token": ids cannot be probed.
        if (entity is null || !SubscriptionTokens.Matches(manageToken, entity.ManageTokenHash))
        {
            return (null, SubscriptionOutcome.Problem(404, "no subscription with this id and manage token (send it as 'Authorization: Bearer <token>')"));
        }

        return (entity, null);
    }

    /// <summary>
    /// Why a webhook address cannot be used: a host that resolves to nothing, or to any address
    /// webhooks may not reach (stricter than the check at connect time, which only drops those).
    /// </summary>
    private async Task<string?> WebhookProblemAsync(Uri url, CancellationToken ct)
    {
        try
        {
            var (_, refused) = await OutboundConnections.ScreenAsync(resolver, webhookOptions.Value, url.IdnHost, ct).ConfigureAwait(false);
            return refused.Count == 0
                ? null
                : $"the host '{url.Host}' resolves to {refused[0].Address}, a {refused[0].Reason} address, which webhooks may not reach";
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ArgumentException)
        {
            return $"the host '{url.Host}' cannot be resolved";
        }
    }

    /// <summary>What a new email subscription's status says until its address confirms.</summary>
    public static string ConfirmationNote(TimeSpan interval) =>
        "waiting for the address to follow the link of the confirmation email, sent at the next delivery run; "
        + $"at most one confirmation email goes to an address every {Describe(interval)}, however many subscriptions name it";

    private static string Describe(TimeSpan interval) =>
        interval.TotalHours >= 1 && interval.TotalHours % 1 == 0 ? Plural((int)interval.TotalHours, "hour")
        : interval.TotalMinutes >= 1 && interval.TotalMinutes % 1 == 0 ? Plural((int)interval.TotalMinutes, "minute")
        : Plural((int)Math.Ceiling(interval.TotalSeconds), "second");

    private static string Plural(int n, string unit) => n == 1 ? unit : n.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + unit + "s";

    private static bool IsId(string? id) => id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {SubscriptionId} created ({Channel}, {Schedule})")]
    private static partial void LogCreated(ILogger logger, string subscriptionId, string channel, string schedule);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {SubscriptionId} deleted")]
    private static partial void LogDeleted(ILogger logger, string subscriptionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {SubscriptionId} confirmed")]
    private static partial void LogConfirmed(ILogger logger, string subscriptionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription {SubscriptionId} ended: {Reason}")]
    private static partial void LogUnsubscribed(ILogger logger, string subscriptionId, string reason);
}
