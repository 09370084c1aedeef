using Monitor.Core.Classification;

namespace Monitor.Core.Developments;

/// <summary>Turns a classified article (or one story of a page) into what the developments read.</summary>
public static class DevelopmentArticles
{
    /// <summary>Everything the developments need from one classified text; the caller gives where it came from.</summary>
    /// <param name="id">The article's id (storage key, or input id offline).</param>
    /// <param name="story">The story's number when the text is one story of a page.</param>
    /// <param name="title">The title the classifier read.</param>
    /// <param name="text">The text the classifier read.</param>
    /// <param name="origin">Where and when: url, source id and name, published time and whether it is estimated.</param>
    /// <param name="language">The detected language.</param>
    /// <param name="score">The topic's score for this text.</param>
    /// <param name="facts">The facts read from the text.</param>
    public static DevelopmentArticle Of(
        string id,
        int? story,
        string? title,
        string text,
        ArticleOrigin origin,
        string language,
        TopicScore score,
        ArticleFacts facts)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(facts);
        return new DevelopmentArticle(id, string.IsNullOrWhiteSpace(title) ? null : title.Trim(), origin.Url, origin.Source, origin.SourceName, language, origin.Published, Math.Round(score.Score, 4))
        {
            Story = story,
            PublishedEstimated = origin.PublishedEstimated,
            PublishedFromText = origin.PublishedFromText,
            Summary = Summaries.FirstSentence(text) ?? Summaries.FirstSentence(title),
            Type = score.Type,
            Figures = [.. facts.Counts.Select(c => new StatedFigure(c.Value, c.Qualifier, c.What, c.Text) { Lead = c.Start < facts.LeadEnd })],
            Places = facts.Places,
            Actors = facts.Actors,
            LeadPlaces = facts.LeadPlaces,
            LeadActors = facts.LeadActors,
            Themes = facts.Themes,
            LeadThemes = facts.LeadThemes,
            LeadNames = facts.LeadNames,
            Signature = TextSignature.Of(ArticleClassifier.ScoredText(title, text)),
        };
    }
}

/// <summary>Where an article came from and when.</summary>
public sealed record ArticleOrigin(string? Url, string Source, string SourceName, DateTimeOffset Published, bool PublishedEstimated)
{
    /// <summary>True when <see cref="Published"/> is the date the text gives, the feed having given none.</summary>
    public bool PublishedFromText { get; init; }
}
