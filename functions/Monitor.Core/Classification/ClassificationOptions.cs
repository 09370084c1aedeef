using System.ComponentModel.DataAnnotations;

namespace Monitor.Core.Classification;

/// <summary>Where the topic files are.</summary>
public sealed class ClassificationOptions
{
    public const string Section = "Classification";

    /// <summary>Folder of topic files (one *.json per topic); relative paths are taken from the application's folder.</summary>
    [Required]
    public string TopicsPath { get; set; } = Path.Combine("config", "topics");

    public string ResolveTopicsPath() =>
        Path.IsPathRooted(TopicsPath) ? TopicsPath : Path.Combine(AppContext.BaseDirectory, TopicsPath);
}
