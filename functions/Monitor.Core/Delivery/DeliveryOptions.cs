using System.ComponentModel.DataAnnotations;

namespace Monitor.Core.Delivery;

/// <summary>How digests reach subscribers.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>The address the API is reached at from outside, for the links in emails (confirm, unsubscribe, manage).</summary>
    [Required]
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:7071/");

    /// <summary>
    /// Base64 of at least 32 random bytes: unsubscribe and confirmation links are signed with it and
    /// webhook secrets are encrypted with it. In Azure a Key Vault reference. Only in Development,
    /// unset, a fixed public development key is used (and a warning logged); elsewhere the hosts
    /// refuse to start without a key of their own (<see cref="TokenKeyRequirement"/>).
    /// </summary>
    public string? TokenKey { get; set; }

    /// <summary>
    /// The key <see cref="TokenKey"/> replaced, when it was rotated: links it signed stay valid until
    /// <see cref="PreviousTokenKeyUntil"/>, and webhook secrets it encrypted are still read while it is set.
    /// </summary>
    public string? PreviousTokenKey { get; set; }

    /// <summary>Until when links signed with <see cref="PreviousTokenKey"/> are accepted (required with it).</summary>
    public DateTimeOffset? PreviousTokenKeyUntil { get; set; }

    /// <summary>
    /// At most one confirmation email goes to one address in this time, however many subscriptions name
    /// it: the others wait for the next run after it (so an address cannot be flooded through the API).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan ConfirmationMailInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Failed attempts of one delivery before the subscription is marked failing.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first failure; doubled after each further one, with ±20% jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between two attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most developments in one delivery; more go in the next.</summary>
    [Range(1, 500)]
    public int MaxDevelopments { get; set; } = 100;

    /// <summary>Longest an attempt may hold a delivery before another run may try it.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
