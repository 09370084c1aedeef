using System.ComponentModel.DataAnnotations;
using Monitor.Core.Outbound;

namespace Monitor.Core.Delivery;

/// <summary>How digests are posted to subscribers' webhooks (section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions : IOutboundAddressPolicy
{
    public const string Section = "Webhooks";

    /// <summary>Time allowed for one attempt, from connecting to the end of the answer.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether webhooks may point at this machine (127.0.0.0/8, ::1). Only for local development and
    /// tests: in production a subscriber could otherwise reach services that listen on localhost.
    /// </summary>
    public bool AllowLoopback { get; set; }

    /// <summary>
    /// Whether webhooks may point at private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7,
    /// fec0::/10). Cloud metadata endpoints and link-local addresses stay refused.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How much of a receiver's answer is read; the rest is dropped with the connection.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 64 * 1024;

    [Required]
    public string UserAgent { get; set; } = "MonitorWebhooks/1.0";
}
