using System.Text.Json;
using Monitor.Core.Articles;

namespace Monitor.Core.Classification;

/// <summary>One input line of <c>monitor classify</c> and <c>monitor eval</c>.</summary>
public sealed record BatchArticle
{
    public string? Id { get; init; }

    public string? Title { get; init; }

    public string? Text { get; init; }

    public string? Url { get; init; }

    public string? Source { get; init; }

    public DateTimeOffset? Published { get; init; }

    public string? Language { get; init; }

    /// <summary>For evaluation: "relevant", "not_relevant" or "borderline".</summary>
    public string? Label { get; init; }

    /// <summary>Reads one line; a line that is not an article is an error naming the line.</summary>
    public static BatchArticle Parse(string line, int lineNumber)
    {
        BatchArticle? article;
        try
        {
            article = JsonSerializer.Deserialize<BatchArticle>(line, MonitorJson.Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"line {lineNumber}: not valid JSON ({e.Message})", e);
        }

        if (article is null || string.IsNullOrWhiteSpace(article.Id))
        {
            throw new InvalidDataException($"line {lineNumber}: \"id\" is missing.");
        }

        if (string.IsNullOrWhiteSpace(article.Title) && string.IsNullOrWhiteSpace(article.Text))
        {
            throw new InvalidDataException($"line {lineNumber} ({article.Id}): neither \"title\" nor \"text\" is given.");
        }

        return article;
    }
}

/// <summary>One output line of <c>monitor classify</c>, for the topic it was asked about.</summary>
public sealed record BatchResult(
    string Id,
    string Language,
    bool Relevant,
    double Score,
    string? Type,
    IReadOnlyList<Evidence> Evidence,
    BatchFacts Facts)
{
    /// <summary>Classifies one input article against one topic; text may be HTML or plain.</summary>
    public static BatchResult Of(BatchArticle article, ArticleClassifier classifier, string topic)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(classifier);
        var text = HtmlText.ToPlainText(article.Text);
        var result = classifier.Classify(article.Title, text);
        var score = result.Topics.FirstOrDefault(t => t.Topic == topic)
            ?? throw new InvalidOperationException($"Unknown topic '{topic}'.");
        return new BatchResult(
            article.Id!,
            result.Language,
            score.Relevant,
            Math.Round(score.Score, 4),
            score.Type,
            score.Evidence,
            new BatchFacts(
                [.. result.Facts.Counts.Select(c => new BatchCount(c.Value, c.Qualifier, c.What, c.Text))],
                result.Facts.Places,
                result.Facts.Actors));
    }
}

/// <summary>The facts of one classified article.</summary>
public sealed record BatchFacts(IReadOnlyList<BatchCount> Counts, IReadOnlyList<string> Places, IReadOnlyList<string> Actors);

/// <summary>A count with its qualifier and what it counts (null when no counted word follows the number).</summary>
public sealed record BatchCount(long Value, string Qualifier, string? What, string Text);
