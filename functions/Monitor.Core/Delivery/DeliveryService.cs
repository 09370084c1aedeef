using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitor.Core.Classification;
using Monitor.Core.Developments;
using Monitor.Core.Digests;
using Monitor.Core.Storage;

namespace Monitor.Core.Delivery;

/// <summary>What one run of the delivery timer did.</summary>
public sealed record DeliveryRun(int Subscriptions, int Delivered, int NothingNew, int Failed, int Confirmations);

/// <summary>
/// The delivery timer's work: every due subscription gets the developments new or changed since
/// its cursor, as a digest. A delivery is written down (its id, the digest, the cursors it moves
/// to) before it is sent, so that a retry, after a failure or a crash, sends the same digest with
/// the same delivery id; the cursor moves only once the receiver has it. Nothing is sent when
/// nothing is new. Failures wait longer each time (with jitter); after the limit the subscription
/// is marked failing with the reason. One subscription's failure never stops the others.
/// </summary>
public sealed partial class DeliveryService(
    MonitorStorage storage,
    DevelopmentStore developments,
    TopicCatalog topics,
    SubscriptionService subscriptions,
    SubscriptionTokens tokens,
    EmailSender email,
    WebhookSender webhooks,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryService> log)
{
    /// <summary>Runs every subscription that is due, or has a delivery waiting for its next attempt.</summary>
    public async Task<DeliveryRun> RunDueAsync(CancellationToken ct)
    {
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        var all = new List<SubscriptionEntity>();
        await foreach (var row in storage.Subscriptions.QueryAsync<SubscriptionEntity>(s => s.PartitionKey == SubscriptionEntity.Partition, cancellationToken: ct).ConfigureAwait(false))
        {
            all.Add(row);
        }

        int delivered = 0, nothing = 0, failed = 0, confirmations = 0;
        foreach (var subscription in all)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                switch (await RunOneAsync(subscription, ct).ConfigureAwait(false))
                {
                    case Step.Delivered:
                        delivered++;
                        break;
                    case Step.NothingNew:
                        nothing++;
                        break;
                    case Step.Failed:
                        failed++;
                        break;
                    case Step.ConfirmationSent:
                        confirmations++;
                        break;
                    default:
                        break;
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // Storage trouble with one subscription: the others go on; this one is tried at the next run.
                failed++;
                LogRunFailed(log, e, subscription.RowKey);
            }
        }

        return new DeliveryRun(all.Count, delivered, nothing, failed, confirmations);
    }

    private enum Step
    {
        Skipped,
        Delivered,
        NothingNew,
        Failed,
        ConfirmationSent,
    }

    private async Task<Step> RunOneAsync(SubscriptionEntity s, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (s.Status == SubscriptionTerms.PendingConfirmation)
        {
            return s.ConfirmationSentAt is null ? await SendConfirmationAsync(s, ct).ConfigureAwait(false) : Step.Skipped;
        }

        if (s.Status != SubscriptionTerms.Active)
        {
            return Step.Skipped;
        }

        if (s.PendingDeliveryId is not null)
        {
            return s.NextAttemptAt is null || s.NextAttemptAt <= now ? await AttemptAsync(s, ct).ConfigureAwait(false) : Step.Skipped;
        }

        var zone = DeliverySchedule.Zone(s.TimeZone) ?? TimeZoneInfo.Utc;
        if (!DeliverySchedule.IsDue(s.Schedule, s.DailyAt, zone, s.LastRunAt, now))
        {
            return Step.Skipped;
        }

        // What is new since the cursor, topic by topic, up to each topic's current version.
        var from = s.CursorMap;
        var to = new Dictionary<string, long>(StringComparer.Ordinal);
        var changed = new List<(string Topic, Development Development)>();
        foreach (var topic in s.TopicList)
        {
            var (list, upTo) = await developments.ReadChangedAsync(topic, from.GetValueOrDefault(topic), ct).ConfigureAwait(false);
            to[topic] = Math.Max(upTo, from.GetValueOrDefault(topic));
            changed.AddRange(list.Select(d => (topic, d)));
        }

        // Oldest versions first, so that when there are too many for one delivery, the cursor of a
        // topic stops at the last one sent and the rest go in the next delivery.
        var languages = s.LanguageList;
        var relevant = changed
            .Where(c => languages.Count == 0 || c.Development.Languages.Any(languages.Contains))
            .Where(c => c.Development.Importance >= s.MinScore)
            .OrderBy(c => c.Development.Version)
            .ThenBy(c => c.Development.Id, StringComparer.Ordinal)
            .ToList();
        var sent = relevant.Take(options.Value.MaxDevelopments).ToList();
        foreach (var group in relevant.Skip(sent.Count).GroupBy(c => c.Topic, StringComparer.Ordinal))
        {
            // Up to just before the first one left out: every version at or below it was sent (or not wanted).
            to[group.Key] = Math.Max(from.GetValueOrDefault(group.Key), group.Min(c => c.Development.Version) - 1);
        }

        var wanted = sent.Select(c => c.Development)
            .OrderByDescending(d => d.LastUpdated)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();

        if (wanted.Count == 0)
        {
            s.Cursors = SubscriptionEntity.Json(to);
            s.LastRunAt = now;
            await SaveAsync(s, ct).ConfigureAwait(false);
            return Step.NothingNew;
        }

        var topic0 = s.TopicList.Count > 0 ? s.TopicList[0] : "";
        var filters = DigestFilters.None with { Language = languages.Count == 1 ? languages[0] : null, Limit = DigestFilters.MaxLimit, ReaderLanguage = s.ReaderLanguage };
        var query = new DigestQuery(topic0, s.LastRunAt, now, DigestFormat.Json) { Filters = filters };
        var profile = topics.Find(topic0);
        var digest = DigestAssembler.Assemble(topic0, profile?.Name, wanted, query, now, profile?.FactLines ?? FactLinePhrases.None);

        // Written down before it is sent: the same id and the same digest on every attempt.
        var deliveryId = TableKeys.Hash(s.RowKey, SubscriptionEntity.Json(from), SubscriptionEntity.Json(to));
        await storage.DeliveryBlobs.GetBlobClient(BlobName(s.RowKey, deliveryId))
            .UploadAsync(BinaryData.FromObjectAsJson(digest, MonitorJson.Options), overwrite: true, ct).ConfigureAwait(false);
        s.PendingDeliveryId = deliveryId;
        s.PendingCursors = SubscriptionEntity.Json(to);
        s.PendingAttempts = 0;
        s.NextAttemptAt = now;
        if (!await SaveAsync(s, ct).ConfigureAwait(false))
        {
            return Step.Skipped;
        }

        return await AttemptAsync(s, ct).ConfigureAwait(false);
    }

    /// <summary>One attempt of the delivery in flight; the subscription's row says what happened.</summary>
    private async Task<Step> AttemptAsync(SubscriptionEntity s, CancellationToken ct)
    {
        var now = time.GetUtcNow();

        // Claimed first, so that two runs at once do not both send it.
        s.NextAttemptAt = now + options.Value.ClaimTimeout;
        if (!await SaveAsync(s, ct).ConfigureAwait(false))
        {
            return Step.Skipped;
        }

        var deliveryId = s.PendingDeliveryId!;
        Digest? digest;
        try
        {
            var content = await storage.DeliveryBlobs.GetBlobClient(BlobName(s.RowKey, deliveryId)).DownloadContentAsync(ct).ConfigureAwait(false);
            digest = content.Value.Content.ToObjectFromJson<Digest>(MonitorJson.Options);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            digest = null;
        }

        if (digest is null)
        {
            // The written-down digest is gone: drop this delivery; the next run builds it again from the cursor.
            s.PendingDeliveryId = null;
            s.PendingCursors = null;
            await SaveAsync(s, ct).ConfigureAwait(false);
            return Step.Failed;
        }

        var delivery = new DigestDelivery(deliveryId, s.RowKey, digest, subscriptions.LinkFor(s.RowKey, SubscriptionService.UnsubscribePurpose), subscriptions.ManageUrl(s.RowKey));
        var result = await SendAsync(s, delivery, ct).ConfigureAwait(false);
        s.PendingAttempts++;
        now = time.GetUtcNow();
        switch (result.Outcome)
        {
            case DeliveryOutcome.Delivered:
                s.Cursors = s.PendingCursors ?? s.Cursors;
                s.PendingDeliveryId = null;
                s.PendingCursors = null;
                s.NextAttemptAt = null;
                s.LastRunAt = now;
                s.LastDeliveredAt = now;
                s.LastError = null;
                s.DeliveredCount++;
                await SaveAsync(s, ct, force: true).ConfigureAwait(false);
                await RecordAsync(s, deliveryId, "delivered", digest.Developments.Count, null, ct).ConfigureAwait(false);
                LogDelivered(log, deliveryId, s.RowKey, digest.Developments.Count, s.PendingAttempts);
                s.PendingAttempts = 0;
                return Step.Delivered;

            case DeliveryOutcome.Gone:
                await RecordAsync(s, deliveryId, "gone", digest.Developments.Count, result.Reason, ct).ConfigureAwait(false);
                await subscriptions.EndAsync(s, "the receiver answered 410 Gone", ct).ConfigureAwait(false);
                return Step.Failed;

            case DeliveryOutcome.Refused:
                s.Status = SubscriptionTerms.Failing;
                s.StatusReason = result.Reason;
                s.LastError = result.Reason;
                await SaveAsync(s, ct, force: true).ConfigureAwait(false);
                LogFailing(log, s.RowKey, result.Reason ?? "refused");
                return Step.Failed;

            default:
                s.LastError = result.Reason;
                if (s.PendingAttempts >= options.Value.MaxAttempts)
                {
                    s.Status = SubscriptionTerms.Failing;
                    s.StatusReason = $"{s.PendingAttempts} attempts failed; the last: {result.Reason}";
                    LogFailing(log, s.RowKey, s.StatusReason);
                }
                else
                {
                    s.NextAttemptAt = now + RetryDelay(s.PendingAttempts);
                    LogAttemptFailed(log, deliveryId, s.RowKey, s.PendingAttempts, result.Reason ?? "failed", s.NextAttemptAt.Value);
                }

                await SaveAsync(s, ct, force: true).ConfigureAwait(false);
                return Step.Failed;
        }
    }

    private async Task<DeliveryResult> SendAsync(SubscriptionEntity s, DigestDelivery delivery, CancellationToken ct)
    {
        using var span = MonitorTelemetry.Source.StartActivity(MonitorTelemetry.DeliverySpan);
        span?.SetTag(MonitorTelemetry.SubscriptionAttribute, s.RowKey).SetTag(MonitorTelemetry.ChannelAttribute, s.Channel)
            .SetTag(MonitorTelemetry.DevelopmentsAttribute, delivery.Digest.Developments.Count);
        var result = await SendThroughChannelAsync(s, delivery, ct).ConfigureAwait(false);
        span?.SetTag(MonitorTelemetry.OutcomeAttribute, result.Outcome.ToString());
        var channel = new KeyValuePair<string, object?>(MonitorTelemetry.ChannelAttribute, s.Channel);
        if (result.Outcome == DeliveryOutcome.Delivered)
        {
            MonitorTelemetry.DeliveriesSent.Add(1, channel);
        }
        else
        {
            MonitorTelemetry.DeliveriesFailed.Add(1, channel);
            span?.SetTag(MonitorTelemetry.ReasonAttribute, result.Reason).SetStatus(System.Diagnostics.ActivityStatusCode.Error, result.Reason);
        }

        return result;
    }

    private async Task<DeliveryResult> SendThroughChannelAsync(SubscriptionEntity s, DigestDelivery delivery, CancellationToken ct)
    {
        if (s.Channel == SubscriptionTerms.Email)
        {
            return await email.SendAsync(delivery, s.Email!, ct).ConfigureAwait(false);
        }

        string secret;
        try
        {
            secret = tokens.Unprotect(s.WebhookSecret!);
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            return new DeliveryResult(DeliveryOutcome.Refused, Reason: "the webhook secret cannot be read (was Delivery:TokenKey changed?); rotate it");
        }

        return await webhooks.SendAsync(new Uri(s.WebhookUrl!), secret, delivery.DeliveryId, DigestRenderer.ToJson(delivery.Digest), ct).ConfigureAwait(false);
    }

    private async Task<Step> SendConfirmationAsync(SubscriptionEntity s, CancellationToken ct)
    {
        // One confirmation email per address per interval, however many subscriptions name it.
        var claim = await ClaimConfirmationMailAsync(s.Email!, ct).ConfigureAwait(false);
        if (claim is null)
        {
            return Step.Skipped;
        }

        // Claimed first (with the row's ETag), so that two runs at once send one confirmation.
        s.ConfirmationSentAt = time.GetUtcNow();
        if (!await SaveAsync(s, ct).ConfigureAwait(false))
        {
            await ReleaseConfirmationMailAsync(claim, ct).ConfigureAwait(false);
            return Step.Skipped;
        }

        var names = string.Join(", ", s.TopicList.Select(t => topics.Find(t)?.Name ?? t));
        var result = await email.SendConfirmationAsync(s.Email!, subscriptions.LinkFor(s.RowKey, SubscriptionService.ConfirmPurpose), names, ct).ConfigureAwait(false);
        if (result.Outcome != DeliveryOutcome.Delivered)
        {
            // Not sent: the next run tries again.
            await ReleaseConfirmationMailAsync(claim, ct).ConfigureAwait(false);
            s.ConfirmationSentAt = null;
            s.LastError = result.Reason;
            await SaveAsync(s, ct).ConfigureAwait(false);
            return Step.Failed;
        }

        s.LastError = null;
        await SaveAsync(s, ct).ConfigureAwait(false);
        return Step.ConfirmationSent;
    }

    /// <summary>
    /// The address's confirmation-mail row, claimed now (with its ETag), or null when a confirmation went
    /// to it less than <see cref="DeliveryOptions.ConfirmationMailInterval"/> ago or another run claims it.
    /// </summary>
    private async Task<ConfirmationMailEntity?> ClaimConfirmationMailAsync(string address, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var key = ConfirmationMailEntity.KeyOf(address);
        var last = await MonitorStorage.GetOrNullAsync<ConfirmationMailEntity>(storage.Subscriptions, ConfirmationMailEntity.Partition, key, ct).ConfigureAwait(false);
        if (last is not null && last.SentAt > now - options.Value.ConfirmationMailInterval)
        {
            return null;
        }

        var claim = new ConfirmationMailEntity { RowKey = key, SentAt = now };
        try
        {
            claim.ETag = last is null
                ? (await storage.Subscriptions.AddEntityAsync(claim, ct).ConfigureAwait(false)).Headers.ETag ?? default
                : (await storage.Subscriptions.UpdateEntityAsync(claim, last.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false)).Headers.ETag ?? default;
            return claim;
        }
        catch (RequestFailedException e) when (MonitorStorage.IsConflict(e))
        {
            return null;
        }
    }

    /// <summary>Gives back a claim whose email did not go out, so the next run may send one.</summary>
    private async Task ReleaseConfirmationMailAsync(ConfirmationMailEntity claim, CancellationToken ct)
    {
        try
        {
            await storage.Subscriptions.DeleteEntityAsync(claim.PartitionKey, claim.RowKey, claim.ETag, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (MonitorStorage.IsConflict(e) || e.Status == 404)
        {
            // Claimed again meanwhile, or gone: nothing to give back.
        }
    }

    /// <summary>
    /// The wait after the n-th failure: the first delay doubled n−1 times, at most the longest,
    /// then ±20% at random so that many failing receivers do not retry in step.
    /// </summary>
    public TimeSpan RetryDelay(int failures)
    {
        var o = options.Value;
        var exponential = o.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, failures - 1));
        var capped = Math.Min(exponential, o.MaxRetryDelay.TotalMilliseconds);
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromMilliseconds(capped * jitter);
    }

    /// <summary>Writes the subscription with its ETag; false when someone else changed it first (unless <paramref name="force"/>).</summary>
    private async Task<bool> SaveAsync(SubscriptionEntity s, CancellationToken ct, bool force = false)
    {
        try
        {
            var response = await storage.Subscriptions.UpdateEntityAsync(s, force ? ETag.All : s.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            s.ETag = response.Headers.ETag ?? s.ETag;
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    private async Task RecordAsync(SubscriptionEntity s, string deliveryId, string outcome, int count, string? reason, CancellationToken ct)
    {
        await storage.Deliveries.UpsertEntityAsync(
            new DeliveryRecordEntity
            {
                PartitionKey = s.RowKey,
                RowKey = deliveryId,
                Outcome = outcome,
                Attempts = s.PendingAttempts,
                Developments = count,
                Reason = reason,
                At = time.GetUtcNow(),
            },
            TableUpdateMode.Replace,
            ct).ConfigureAwait(false);
    }

    private static string BlobName(string subscriptionId, string deliveryId) => $"{subscriptionId}/{deliveryId}.json";

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} to {SubscriptionId}: {Count} development(s) delivered at attempt {Attempt}")]
    private static partial void LogDelivered(ILogger logger, string deliveryId, string subscriptionId, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} to {SubscriptionId} failed (attempt {Attempt}): {Reason}; next attempt at {NextAttemptAt}")]
    private static partial void LogAttemptFailed(ILogger logger, string deliveryId, string subscriptionId, int attempt, string reason, DateTimeOffset nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Subscription {SubscriptionId} is failing: {Reason}")]
    private static partial void LogFailing(ILogger logger, string subscriptionId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery run failed for {SubscriptionId}")]
    private static partial void LogRunFailed(ILogger logger, Exception error, string subscriptionId);
}
