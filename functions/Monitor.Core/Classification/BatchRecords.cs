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

    /// <summary>For evaluating developments: the event the article tells (articles of one event carry the same key).</summary>
    public string? Event { get; init; }

    /// <summary>For evaluating developments: the type of that event's development.</summary>
    public string? Type { get; init; }

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
/// <param name="Stories">
/// When the text is a scraped page holding several stories (a main story, further stories, teasers of
/// related articles), each story classified on its own; empty for an ordinary article. The line's own
/// verdict is then the page's: relevant when one of its stories is, with the best story's score, type
/// and evidence, and the facts of its relevant stories (of the main story when none is).
/// </param>
public sealed record BatchResult(
    string Id,
    string Language,
    bool Relevant,
    double Score,
    string? Type,
    IReadOnlyList<Evidence> Evidence,
    BatchFacts Facts,
    IReadOnlyList<BatchStory> Stories)
{
    /// <summary>Classifies one input article against one topic; text may be HTML or plain.</summary>
    public static BatchResult Of(BatchArticle article, ArticleClassifier classifier, string topic)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(classifier);
        var (title, text, whole, read) = ClassifiedText.Of(classifier, article.Title, article.Text, article.Source);
        var score = ScoreOf(whole, topic);
        if (read.Count == 0)
        {
            return new BatchResult(article.Id!, whole.Language, score.Relevant, Math.Round(score.Score, 4), score.Type, score.Evidence, FactsOf(whole.Facts), []);
        }

        var scored = ArticleClassifier.ScoredText(title, text);
        var textOffset = scored.Length - text.Length;
        var results = read.Select(r => BatchStory.Of(r.Story, ScoreOf(r.Result, topic), r.Result.Facts)).ToList();
        var best = read.MaxBy(r => ScoreOf(r.Result, topic).Score);
        var bestScore = ScoreOf(best.Result, topic);
        var relevant = read.Where(r => ScoreOf(r.Result, topic).Relevant).Select(r => r.Result.Facts).ToList();
        var main = read.FirstOrDefault(r => r.Story.Kind == PageStoryKind.Main, read[0]);
        var facts = relevant.Count > 0 ? Merge(relevant) : main.Result.Facts;
        var evidence = InPage(bestScore.Evidence, scored, textOffset + best.Story.Start);
        return new BatchResult(article.Id!, whole.Language, bestScore.Relevant, Math.Round(bestScore.Score, 4), bestScore.Type, evidence, FactsOf(facts), results);
    }

    private static TopicScore ScoreOf(ArticleClassification classification, string topic) =>
        classification.Topics.FirstOrDefault(t => t.Topic == topic) ?? throw new InvalidOperationException($"Unknown topic '{topic}'.");

    internal static BatchFacts FactsOf(ArticleFacts facts) => new(
        [.. facts.Counts.Select(c => new BatchCount(c.Value, c.Qualifier, c.What, c.Text))],
        facts.Places,
        facts.Actors);

    private static ArticleFacts Merge(List<ArticleFacts> facts) => new(
        [.. facts.SelectMany(f => f.Counts).DistinctBy(c => (c.Value, c.Qualifier, c.What))],
        [.. facts.SelectMany(f => f.Places).Distinct(StringComparer.Ordinal)],
        [.. facts.SelectMany(f => f.Actors).Distinct(StringComparer.Ordinal)]);

    /// <summary>A story's evidence placed in the page's scored text: each span is found again from the story's start.</summary>
    private static List<Evidence> InPage(IReadOnlyList<Evidence> evidence, string scored, int storyStart)
    {
        var placed = new List<Evidence>();
        foreach (var e in evidence)
        {
            var at = scored.IndexOf(e.Text, Math.Min(storyStart, scored.Length), StringComparison.Ordinal);
            if (at >= 0)
            {
                placed.Add(e with { Start = at });
            }
        }

        return placed;
    }
}

/// <summary>
/// An input text classified as the batch commands read it: as plain text, whole, and, when it is a
/// scraped page holding several stories, each story on its own (<see cref="Stories"/> is empty for
/// an ordinary article). A title that is no headline (a dateline, a by-line, a date line: see
/// <see cref="ArticleTitles"/>) is read as the text's first line: <see cref="Title"/> is then null.
/// </summary>
public sealed record ClassifiedText(string? Title, string Text, ArticleClassification Whole, IReadOnlyList<(PageStory Story, ArticleClassification Result)> Stories)
{
    /// <summary>Classifies <paramref name="textOrHtml"/> (HTML or plain) under <paramref name="title"/>; <paramref name="outlet"/> is the source's name, when known.</summary>
    public static ClassifiedText Of(ArticleClassifier classifier, string? title, string? textOrHtml, string? outlet = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        var (headline, text) = ArticleTitles.Separate(title, HtmlText.ToPlainText(textOrHtml), outlet);
        var whole = classifier.Classify(headline, text);
        var stories = text.Length == 0 ? [] : PageStories.Split(text);
        return new ClassifiedText(
            headline,
            text,
            whole,
            stories.Count < 2 ? [] : [.. stories.Select(story => (story, classifier.Classify(story.Title, story.Text)))]);
    }
}

/// <summary>One story of a scraped page, classified on its own: a main story, a further story or a teaser.</summary>
/// <param name="Kind">"main", "story" or "teaser".</param>
/// <param name="Start">Offset of the story in the input text (not counting the title line).</param>
public sealed record BatchStory(string Title, string Kind, int Start, int Length, bool Relevant, double Score, string Type, BatchFacts Facts)
{
    internal static BatchStory Of(PageStory story, TopicScore score, ArticleFacts facts) => new(
        story.Title,
        story.Kind.ToString().ToLowerInvariant(),
        story.Start,
        story.Length,
        score.Relevant,
        Math.Round(score.Score, 4),
        score.Type,
        BatchResult.FactsOf(facts));
}

/// <summary>The facts of one classified article.</summary>
public sealed record BatchFacts(IReadOnlyList<BatchCount> Counts, IReadOnlyList<string> Places, IReadOnlyList<string> Actors);

/// <summary>A count with its qualifier and what it counts (null when no counted word follows the number).</summary>
public sealed record BatchCount(long Value, string Qualifier, string? What, string Text);
