using System.Runtime.Serialization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Monitor.Core.Storage;

namespace Monitor.Core.Delivery;

/// <summary>The words a subscription is described in.</summary>
public static class SubscriptionTerms
{
    public const string Email = "email";
    public const string Webhook = "webhook";

    public const string Immediate = "immediate";
    public const string Hourly = "hourly";
    public const string Daily = "daily";

    /// <summary>An email subscription waiting for its address to confirm it.</summary>
    public const string PendingConfirmation = "pending_confirmation";

    public const string Active = "active";

    /// <summary>Deliveries failed too often, or the address is refused; <c>statusReason</c> says why.</summary>
    public const string Failing = "failing";

    public const string Unsubscribed = "unsubscribed";

    public static readonly IReadOnlyList<string> Schedules = [Immediate, Hourly, Daily];
}

/// <summary>
/// One subscription: PartitionKey <see cref="Partition"/>, RowKey its id. Holds what to send,
/// where, when, how far it has been delivered (a version cursor per topic) and the delivery in
/// flight, if any.
/// </summary>
public sealed class SubscriptionEntity : ITableEntity
{
    public const string Partition = "subscription";

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Channel { get; set; } = SubscriptionTerms.Email;

    public string? Email { get; set; }

    public string? WebhookUrl { get; set; }

    /// <summary>The webhook signing secret, encrypted (<see cref="SubscriptionTokens.Protect"/>).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Topic ids, comma-separated.</summary>
    public string Topics { get; set; } = "";

    /// <summary>Languages, comma-separated; empty for any.</summary>
    public string Languages { get; set; } = "";

    /// <summary>The reader's language of its digests ("en", "ar"): every headline and summary in it; null for headlines as published.</summary>
    public string? ReaderLanguage { get; set; }

    public double MinScore { get; set; }

    public string Schedule { get; set; } = SubscriptionTerms.Daily;

    /// <summary>"HH:mm" for a daily schedule.</summary>
    public string? DailyAt { get; set; }

    /// <summary>IANA time zone of <see cref="DailyAt"/>.</summary>
    public string TimeZone { get; set; } = "UTC";

    public string Status { get; set; } = SubscriptionTerms.Active;

    public string? StatusReason { get; set; }

    /// <summary>SHA-256 of the manage token (the token itself is shown once, at creation).</summary>
    public string ManageTokenHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ConfirmationSentAt { get; set; }

    public DateTimeOffset? ConfirmedAt { get; set; }

    /// <summary>When the schedule last ran for it (delivered, or found nothing new).</summary>
    public DateTimeOffset LastRunAt { get; set; }

    public DateTimeOffset? LastDeliveredAt { get; set; }

    /// <summary>Per topic, the version of developments delivered so far: JSON { topic: version }.</summary>
    public string Cursors { get; set; } = "{}";

    /// <summary>The delivery in flight: its id; null when none.</summary>
    public string? PendingDeliveryId { get; set; }

    /// <summary>The cursors the delivery in flight moves to once delivered.</summary>
    public string? PendingCursors { get; set; }

    public int PendingAttempts { get; set; }

    /// <summary>When the delivery in flight may be tried (again).</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public int DeliveredCount { get; set; }

    [IgnoreDataMember]
    public IReadOnlyList<string> TopicList => Split(Topics);

    [IgnoreDataMember]
    public IReadOnlyList<string> LanguageList => Split(Languages);

    [IgnoreDataMember]
    public Dictionary<string, long> CursorMap => Map(Cursors);

    public static Dictionary<string, long> Map(string? json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<Dictionary<string, long>>(json) ?? [];

    public static string Json(IReadOnlyDictionary<string, long> cursors) =>
        JsonSerializer.Serialize(cursors.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Value));

    private static string[] Split(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// When a confirmation email last went to one address (<see cref="DeliveryOptions.ConfirmationMailInterval"/>):
/// in the subscriptions table, PartitionKey <see cref="Partition"/>, RowKey a hash of the address in lower case.
/// </summary>
public sealed class ConfirmationMailEntity : ITableEntity
{
    public const string Partition = "confirmationmail";

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public DateTimeOffset SentAt { get; set; }

    public static string KeyOf(string address) => TableKeys.Hash(address.Trim().ToLowerInvariant());
}

/// <summary>One delivery, for the record: PartitionKey the subscription id, RowKey the delivery id.</summary>
public sealed class DeliveryRecordEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Outcome { get; set; } = "";

    public int Attempts { get; set; }

    public int Developments { get; set; }

    public string? Reason { get; set; }

    public DateTimeOffset At { get; set; }
}
