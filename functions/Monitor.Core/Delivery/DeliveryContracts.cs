using Monitor.Core.Digests;

namespace Monitor.Core.Delivery;

/// <summary>How one attempt to deliver ended.</summary>
public enum DeliveryOutcome
{
    /// <summary>The receiver took it (SMTP accepted it; a webhook answered 2xx).</summary>
    Delivered,

    /// <summary>The receiver said the subscription is gone (a webhook answered 410): end the subscription.</summary>
    Gone,

    /// <summary>It did not get through; try again later.</summary>
    Failed,

    /// <summary>It can never get through as configured (a webhook address that is not allowed): stop trying.</summary>
    Refused,
}

/// <summary>What an attempt gave: the outcome, the HTTP status when there was one, and why it failed.</summary>
public sealed record DeliveryResult(DeliveryOutcome Outcome, int? StatusCode = null, string? Reason = null)
{
    public static DeliveryResult Delivered(int? status = null) => new(DeliveryOutcome.Delivered, status);
}

/// <summary>
/// One delivery of a digest to one subscriber: the same id on every attempt (the receiver's
/// idempotency key, the email's Message-ID), the digest of what is new or changed, and the links
/// the subscriber may follow.
/// </summary>
/// <param name="DeliveryId">Stable for this delivery across attempts and restarts.</param>
/// <param name="SubscriptionId">The subscription it is for.</param>
/// <param name="Digest">The developments new or changed since the subscription's cursor.</param>
/// <param name="UnsubscribeUrl">One-click unsubscribe (GET shows a page, POST unsubscribes; RFC 8058).</param>
/// <param name="ManageUrl">Where the subscription can be read and changed with its token, if the subscriber kept it.</param>
public sealed record DigestDelivery(string DeliveryId, string SubscriptionId, Digest Digest, Uri UnsubscribeUrl, Uri ManageUrl);
