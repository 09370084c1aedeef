using System.ComponentModel.DataAnnotations;

namespace Monitor.Core.Articles;

/// <summary>How incoming items become articles.</summary>
public sealed class ProcessingOptions
{
    public const string Section = "Processing";

    /// <summary>Failures after which an incoming blob is moved to quarantine.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Largest incoming blob accepted, in bytes; larger ones are quarantined at once.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxItemBytes { get; set; } = 2 * 1024 * 1024;
}
