using Microsoft.Extensions.Options;
using Monitor.Core.Classification;

namespace Monitor.Core.Tests.Classification;

/// <summary>The real topic files, as the application loads them, and a classifier over them.</summary>
internal static class Topics
{
    public const string DetaineeTransfers = "detainee-transfers";

    private static readonly Lazy<TopicCatalog> LazyCatalog = new(() => new TopicCatalog(Options.Create(new ClassificationOptions())));
    private static readonly Lazy<ArticleClassifier> LazyClassifier = new(() => new ArticleClassifier(Catalog));

    public static TopicCatalog Catalog => LazyCatalog.Value;

    public static ArticleClassifier Classifier => LazyClassifier.Value;

    public static TopicScore Transfers(string? title, string text) =>
        Classifier.Classify(title, text).Topics.Single(t => t.Topic == DetaineeTransfers);

    /// <summary>A story split out of seed 003: its heading is the first line, the rest is its body.</summary>
    public static (string Title, string Body) Seed003Story(string name)
    {
        var parts = TestData.Text("seed003", name + ".txt").Split('\n', 2);
        return (parts[0], parts[1]);
    }
}
