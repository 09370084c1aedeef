using System.Text.Json.Serialization;

namespace Monitor.Core.Developments;

/// <summary>A number an article states, as the classifier read it: 150 detainees, up to 7,000.</summary>
/// <param name="Value">The number, multipliers applied.</param>
/// <param name="Qualifier">"exact", "approx", "up_to" or "at_least".</param>
/// <param name="What">What it counts ("detainees", "families"…), or null when the text does not say.</param>
/// <param name="Text">The words of the article that state it.</param>
public sealed record StatedFigure(long Value, string Qualifier, string? What, string Text)
{
    /// <summary>True when the article states it in its title or lead: the news, not background.</summary>
    public bool Lead { get; init; }
}

/// <summary>
/// A relevant article (or one story of a page) as the developments see it: when, where from, how
/// relevant, what kind of development it reports and what it states.
/// </summary>
/// <param name="Id">The article's id: its storage key, or the input line's id offline.</param>
/// <param name="Title">The article's title; null when it has none.</param>
/// <param name="Url">Link to the article, when there is one.</param>
/// <param name="Source">The feed (or input source) id.</param>
/// <param name="SourceName">The outlet's name as readers know it.</param>
/// <param name="Language">"ar", "en" or "other".</param>
/// <param name="Published">Publication time (the time it was fetched when the feed gave none).</param>
/// <param name="Score">The topic score, in [0, 1].</param>
public sealed record DevelopmentArticle(
    string Id,
    string? Title,
    string? Url,
    string Source,
    string SourceName,
    string Language,
    DateTimeOffset Published,
    double Score)
{
    /// <summary>Which story of a multi-story page this is (1-based); null for an ordinary article.</summary>
    public int? Story { get; init; }

    /// <summary>
    /// True for a teaser: a title and a short lede under a page's related-articles heading, pointing
    /// to a story told in full elsewhere (on the same page, or in another article of the outlet).
    /// </summary>
    public bool Teaser { get; init; }

    /// <summary>True when neither the feed nor the text gave a publication time and <see cref="Published"/> is when it was seen.</summary>
    public bool PublishedEstimated { get; init; }

    /// <summary>
    /// True when the feed gave no publication time and <see cref="Published"/> is the date the text
    /// gives (a date line, the dateline, the first sentence: <see cref="Classification.TextDates"/>), at noon UTC.
    /// </summary>
    public bool PublishedFromText { get; init; }

    /// <summary>Where <see cref="Published"/> comes from: <see cref="DateSources"/>.</summary>
    [JsonIgnore]
    public string DateSource => PublishedEstimated ? DateSources.Estimated : PublishedFromText ? DateSources.Text : DateSources.Feed;

    /// <summary>One sentence of the text that says what happened.</summary>
    public string? Summary { get; init; }

    /// <summary>The development type the classifier gave ("transfer", "repatriation"…, "other").</summary>
    public string Type { get; init; } = DevelopmentTypes.Other;

    public IReadOnlyList<StatedFigure> Figures { get; init; } = [];

    /// <summary>Canonical place ids.</summary>
    public IReadOnlyList<string> Places { get; init; } = [];

    /// <summary>Canonical actor ids.</summary>
    public IReadOnlyList<string> Actors { get; init; } = [];

    /// <summary>Canonical ids of the places its title and lead name.</summary>
    public IReadOnlyList<string> LeadPlaces { get; init; } = [];

    /// <summary>Canonical ids of the actors its title and lead name.</summary>
    public IReadOnlyList<string> LeadActors { get; init; } = [];

    /// <summary>Canonical ids of the themes its text names (convoy, court, memorandum…).</summary>
    public IReadOnlyList<string> Themes { get; init; } = [];

    /// <summary>Canonical ids of the themes its title and lead name.</summary>
    public IReadOnlyList<string> LeadThemes { get; init; } = [];

    /// <summary>The places and actors its title and lead name, in order of first mention, as "actor:id" or "place:id".</summary>
    public IReadOnlyList<string> LeadNames { get; init; } = [];

    /// <summary>
    /// Why it is in its development: its strongest link to another of the development's articles;
    /// null when it is alone, or when it was not grouped (a development built directly from articles).
    /// </summary>
    public JoinLink? JoinedBy { get; init; }

    /// <summary>The text's MinHash signature (<see cref="TextSignature"/>), for near-duplicates.</summary>
    public TextSignature? Signature { get; init; }

    /// <summary>
    /// What the article is headed by: its title, or for a title-less article (or one whose title is
    /// only a dateline or a by-line) the start of its summary, the sentence that carries the news.
    /// </summary>
    [JsonIgnore]
    public string Headline => Articles.ArticleTitles.IsHeadline(Title) ? DevelopmentBuilder.Clean(Title!) : DevelopmentBuilder.HeadlineFrom(Summary);

    /// <summary>Unique among the articles of a topic: the id, and the story number for a page's story.</summary>
    [JsonIgnore]
    public string Key => Story is { } story ? $"{Id}#{story}" : Id;
}

/// <summary>The strongest link from an article to another article of its development.</summary>
/// <param name="Article">The other article's key (its id, and story number for a page's story).</param>
/// <param name="Score">The pair's join score (a logit: above the topic's threshold joins).</param>
/// <param name="Reasons">What ties the two, in words: "same figure 2,250 detainees", "places hasakah, iraq", "6 h apart".</param>
public sealed record JoinLink(string Article, double Score, IReadOnlyList<string> Reasons);

/// <summary>Where an article's publication time comes from.</summary>
public static class DateSources
{
    /// <summary>The feed's own date.</summary>
    public const string Feed = "feed";

    /// <summary>The date the text gives, when the feed gave none.</summary>
    public const string Text = "text";

    /// <summary>Neither gave one: the time it was seen.</summary>
    public const string Estimated = "estimated";
}

/// <summary>The development types a topic file names, and the fallback.</summary>
public static class DevelopmentTypes
{
    public const string Other = "other";

    /// <summary>A reaction or position; a development of statements about an action done is typed by the action.</summary>
    public const string Statement = "statement";
}

/// <summary>One source of a figure: which article stated it, and how (its words, and its qualifier).</summary>
public sealed record FigureSource(string ArticleId, string Source, string SourceName, string Language, DateTimeOffset Published, string Text)
{
    /// <summary>How this source qualifies the number ("exact", "approx", "up_to", "at_least"); null in developments stored before sources carried it.</summary>
    public string? Qualifier { get; init; }
}

/// <summary>
/// A figure of a development: one amount of one thing, however each source words and qualifies it
/// ("150", "about 150", "نحو 150" are one figure), with every article that states it.
/// </summary>
/// <param name="Value">The number.</param>
/// <param name="Qualifier">The qualifier most of its sources give ("exact", "approx", "up_to" or "at_least"; a tie goes to up to, then exact, at least, about).</param>
/// <param name="What">What it counts (as most of its sources say), or null.</param>
/// <param name="Sources">The articles that state it, oldest first, each with its words and qualifier.</param>
public sealed record DevelopmentFigure(long Value, string Qualifier, string? What, IReadOnlyList<FigureSource> Sources);

/// <summary>What figures count, as one thing: detainees and the fighters among them told as "fighters" are the same people.</summary>
public static class CountedThings
{
    /// <summary>The thing a figure's "what" counts, for comparing figures: "fighters" are "detainees".</summary>
    public static string? Of(string? what) => what == "fighters" ? "detainees" : what;

    /// <summary>True when two figures count the same thing.</summary>
    public static bool Same(string? a, string? b) => Of(a) == Of(b);
}

/// <summary>
/// Sources that give different numbers for the same thing in one development (2,250 in one
/// report, 2,300 in another): shown, not averaged away.
/// </summary>
/// <param name="What">What the figures count.</param>
/// <param name="Kind">"amount" (exact, about, at least) or "ceiling" (up to).</param>
/// <param name="Values">The differing values, smallest first.</param>
public sealed record FigureDisagreement(string What, string Kind, IReadOnlyList<long> Values);

/// <summary>One event of the story, as one or more outlets reported it in one or more languages.</summary>
/// <param name="Id">Stable id: a hash of the key of the article that started it.</param>
/// <param name="Headline">The title of its best article (most relevant, then earliest).</param>
/// <param name="Summary">One sentence from the text of its best article.</param>
/// <param name="Type">The type most of its relevant articles give (transfer, repatriation…).</param>
/// <param name="FirstSeen">Publication time of its earliest article (whose time is known, when any is).</param>
/// <param name="LastUpdated">Publication time of its latest article (whose time is known, when any is).</param>
/// <param name="Languages">Its articles' languages, sorted.</param>
/// <param name="Sources">Its articles' source ids, sorted.</param>
/// <param name="Places">Canonical place ids its articles name, most named first.</param>
/// <param name="Actors">Canonical actor ids its articles name, most named first.</param>
/// <param name="Figures">Its figures merged across articles, each with its sources.</param>
/// <param name="Disagreements">Figures on which its sources differ.</param>
/// <param name="Importance">In [0, 1]: relevance, outlets, languages, figures, official actors.</param>
/// <param name="Articles">Its articles, oldest first.</param>
public sealed record Development(
    string Id,
    string Headline,
    string? Summary,
    string Type,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastUpdated,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> Places,
    IReadOnlyList<string> Actors,
    IReadOnlyList<DevelopmentFigure> Figures,
    IReadOnlyList<FigureDisagreement> Disagreements,
    double Importance,
    IReadOnlyList<DevelopmentArticle> Articles)
{
    /// <summary>The best title in each language its articles are written in.</summary>
    public IReadOnlyDictionary<string, string> Headlines { get; init; } = new Dictionary<string, string>();

    /// <summary>The summary of its best article in each language its articles are written in (where one has a summary).</summary>
    public IReadOnlyDictionary<string, string> Summaries { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Its fact lines by language ("en", "ar"): short lines generated from its facts, not translations
    /// (<see cref="FactLine"/>). Written when a digest is assembled, from the topic's phrases; null before.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? FactLines { get; init; }

    /// <summary>Ids of developments that were merged into this one (links to them lead here).</summary>
    public IReadOnlyList<string> Absorbed { get; init; } = [];

    /// <summary>Its version in storage (each write takes a new one); 0 when it was not read from storage.</summary>
    [JsonIgnore]
    public long Version { get; init; }

    /// <summary>The headline in <paramref name="language"/> when an article in it has a title, else <see cref="Headline"/>.</summary>
    public string HeadlineIn(string? language) =>
        language is not null && Headlines.TryGetValue(language, out var headline) ? headline : Headline;
}
