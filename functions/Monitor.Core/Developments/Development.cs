namespace Monitor.Core.Developments;

/// <summary>A relevant article as the grouping sees it: when, where from, how relevant, and what it states.</summary>
/// <param name="Id">The article's key.</param>
/// <param name="Counts">Numbers the article states (people or things, multipliers applied).</param>
/// <param name="Places">Canonical place ids.</param>
/// <param name="Actors">Canonical actor ids.</param>
public sealed record DevelopmentArticle(
    string Id,
    string? Title,
    string? Url,
    string Source,
    string SourceName,
    string Language,
    DateTimeOffset Published,
    double Score,
    IReadOnlyList<long> Counts,
    IReadOnlyList<string> Places,
    IReadOnlyList<string> Actors);

/// <summary>One event of the story, as reported by one or more articles in one or more languages.</summary>
/// <param name="Id">Stable id: a hash of the earliest article's id.</param>
/// <param name="Headline">The title of the most relevant article.</param>
/// <param name="FirstSeen">Publication time of the earliest article.</param>
/// <param name="LastUpdated">Publication time of the latest article.</param>
/// <param name="Languages">The articles' languages, sorted.</param>
/// <param name="Articles">The articles, oldest first.</param>
public sealed record Development(
    string Id,
    string Headline,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastUpdated,
    IReadOnlyList<string> Languages,
    IReadOnlyList<DevelopmentArticle> Articles);
