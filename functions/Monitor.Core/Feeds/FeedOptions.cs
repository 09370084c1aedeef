using System.ComponentModel.DataAnnotations;
using Monitor.Core.Outbound;

namespace Monitor.Core.Feeds;

/// <summary>How feeds are polled, and where feeds, their redirects and their items' pages may be fetched from.</summary>
public sealed class FeedOptions : IOutboundAddressPolicy
{
    public const string Section = "Feeds";

    /// <summary>The sources file; relative paths are taken from the application's folder.</summary>
    [Required]
    public string SourcesPath { get; set; } = Path.Combine("config", "sources.json");

    /// <summary>How many feeds are fetched at the same time.</summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Time allowed for one feed, from request to last byte.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Largest feed body accepted, in bytes.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 5 * 1024 * 1024;

    [Required]
    public string UserAgent { get; set; } = "MonitorBot/1.0 (+https://github.com/monitor/monitor; news monitoring)";

    /// <summary>
    /// Most items of one feed read per poll, in the feed's order (newest first, as feeds list them): a
    /// feed of thousands of items cannot hold a poll for minutes; the rest are left unread.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxItemsPerPoll { get; set; } = 300;

    /// <summary>Most redirects followed before a feed is reported as a redirect loop.</summary>
    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Longest wait between two polls of a failing feed.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Longest wait a server may impose through Retry-After, Cache-Control, Expires or ttl.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan MaxServerDelay { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Whether a feed, a redirect or a page may be fetched from this machine (127.0.0.0/8, ::1): for the
    /// local demo and tests only, since a feed could otherwise make the service read the storage emulator
    /// or any service listening on localhost.
    /// </summary>
    public bool AllowLoopback { get; set; }

    /// <summary>
    /// Whether feeds may be fetched from private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7,
    /// fec0::/10). Link-local and cloud metadata addresses stay refused.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    public string ResolveSourcesPath() =>
        Path.IsPathRooted(SourcesPath) ? SourcesPath : Path.Combine(AppContext.BaseDirectory, SourcesPath);
}
