namespace Monitor.Core.Classification;

/// <summary>A span of the scored text (title, a line break, then body) that matched a topic's term.</summary>
/// <param name="Text">The text as it appears in the article.</param>
/// <param name="Start">Offset of the span in the scored text.</param>
/// <param name="Length">Length of the span in the scored text.</param>
/// <param name="Term">The topic's term that matched, as written in the topic file.</param>
public sealed record Evidence(string Text, int Start, int Length, string Term)
{
    /// <summary>The term's role in the topic: "action", "subject", "context" or "disqualifying".</summary>
    public string? Role { get; init; }
}

/// <summary>How well an article fits one topic.</summary>
/// <param name="Topic">The topic's id.</param>
/// <param name="Score">Between 0 and 1.</param>
/// <param name="Relevant">True when the score reaches the topic's threshold.</param>
/// <param name="Evidence">The matched spans that produced the score.</param>
/// <param name="Type">What kind of development the article reports, by the topic's types ("transfer", "statement"…); "other" when none fits or the article is not relevant.</param>
public sealed record TopicScore(string Topic, double Score, bool Relevant, IReadOnlyList<Evidence> Evidence, string Type = TopicScore.OtherType)
{
    /// <summary>The type of an article that fits none of a topic's types.</summary>
    public const string OtherType = "other";
}

/// <summary>A number of people or things stated in the article.</summary>
/// <param name="Value">The number, multipliers applied ("7 آلاف" is 7000).</param>
/// <param name="Qualifier">"exact", "approx", "up_to" or "at_least".</param>
/// <param name="Text">The words it was read from.</param>
public sealed record CountFact(long Value, string Qualifier, string Text)
{
    /// <summary>What is counted ("detainees", "families"…, as the topic files name it); null when no counted word follows.</summary>
    public string? What { get; init; }

    /// <summary>Offset of <see cref="Text"/> in the scored text.</summary>
    public int Start { get; init; }

    public const string Exact = "exact";
    public const string Approximate = "approx";
    public const string UpTo = "up_to";
    public const string AtLeast = "at_least";
}

/// <summary>What an article states: counts, and the canonical ids of the places and actors it names.</summary>
public sealed record ArticleFacts(IReadOnlyList<CountFact> Counts, IReadOnlyList<string> Places, IReadOnlyList<string> Actors)
{
    /// <summary>
    /// Where the lead ends in the scored text: the title and the text's first sentences, which say
    /// what the news is; what comes after is often background (earlier batches, earlier totals).
    /// 0 when unknown (facts stored before leads were read).
    /// </summary>
    public int LeadEnd { get; init; }

    /// <summary>Canonical ids of the places the lead names.</summary>
    public IReadOnlyList<string> LeadPlaces { get; init; } = [];

    /// <summary>Canonical ids of the actors the lead names.</summary>
    public IReadOnlyList<string> LeadActors { get; init; } = [];

    /// <summary>Canonical ids of the themes the text names (a convoy, a court, a memorandum…): what kind of news, in both languages.</summary>
    public IReadOnlyList<string> Themes { get; init; } = [];

    /// <summary>Canonical ids of the themes the lead names.</summary>
    public IReadOnlyList<string> LeadThemes { get; init; } = [];

    /// <summary>
    /// The places and actors the title and lead name, in order of first mention, each as "actor:id"
    /// or "place:id": the first is usually who speaks or acts.
    /// </summary>
    public IReadOnlyList<string> LeadNames { get; init; } = [];

    public static ArticleFacts None { get; } = new([], [], []);
}

/// <summary>The classifier's reading of one article.</summary>
/// <param name="Language">"ar", "en" or "other".</param>
/// <param name="Topics">One score per known topic.</param>
/// <param name="Facts">Counts, places and actors.</param>
public sealed record ArticleClassification(string Language, IReadOnlyList<TopicScore> Topics, ArticleFacts Facts);
