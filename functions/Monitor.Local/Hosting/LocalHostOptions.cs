using System.ComponentModel.DataAnnotations;

namespace Monitor.Local.Hosting;

/// <summary>Settings of the local host only (the Functions runtime has its own equivalents).</summary>
public sealed class LocalHostOptions
{
    public const string Section = "LocalHost";

    /// <summary>How often the incoming container is scanned for blobs without a receipt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan IncomingScanInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a queue message a worker took stays hidden from other hosts; renewed while the worker
    /// holds it, so this is also how soon the messages of a host that stopped come back.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan QueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many incoming blobs are processed at the same time.</summary>
    [Range(1, 64)]
    public int ProcessingConcurrency { get; set; } = 4;

    /// <summary>
    /// Which incoming blobs this host processes, as "i/n": those whose name hashes to i of n (empty:
    /// all). Several local hosts on one storage account then share a burst as Event Grid shares it
    /// among Functions instances, each blob to one of them (the scale bench runs four so).
    /// </summary>
    [RegularExpression(@"^(\d+/\d+)?$")]
    public string? IncomingShard { get; set; }

    /// <summary>Run the poll on its schedule (off for a host that only serves and processes).</summary>
    public bool PollEnabled { get; set; } = true;

    /// <summary>Process incoming blobs (off for a host that only polls or only serves: the poll scale bench runs such hosts).</summary>
    public bool ProcessingEnabled { get; set; } = true;

    /// <summary>Run deliveries on their schedule and after stored articles (off: nothing is sent to subscribers).</summary>
    public bool DeliveryEnabled { get; set; } = true;
}
