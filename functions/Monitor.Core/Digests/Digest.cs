using Monitor.Core.Developments;

namespace Monitor.Core.Digests;

/// <summary>What happened in a topic during a time window, as developments.</summary>
/// <param name="Topic">The topic's id.</param>
/// <param name="GeneratedAt">When the digest was built.</param>
/// <param name="Since">Start of the window.</param>
/// <param name="Until">End of the window.</param>
/// <param name="Developments">Most recently updated first.</param>
public sealed record Digest(string Topic, DateTimeOffset GeneratedAt, DateTimeOffset Since, DateTimeOffset Until, IReadOnlyList<Development> Developments)
{
    /// <summary>The version of the JSON shape <see cref="DigestRenderer.ToJson"/> writes; see digest.schema.json.</summary>
    public const int SchemaVersion = 2;

    /// <summary>The topic's name, for people.</summary>
    public string? TopicName { get; init; }

    /// <summary>The reader's language (the <c>lang</c> filter): headlines are given in it where an article has one.</summary>
    public string? Language { get; init; }

    /// <summary>The filters that chose these developments.</summary>
    public DigestFilters Filters { get; init; } = DigestFilters.None;

    /// <summary>The topic's key figures over time, from these developments.</summary>
    public IReadOnlyList<FigureSeries> Series { get; init; } = [];

    /// <summary>Pass as <c>continuation</c> to get the next developments; null on the last page.</summary>
    public string? Continuation { get; init; }

    /// <summary>The headline of a development in the reader's language when there is one.</summary>
    public string HeadlineOf(Development development)
    {
        ArgumentNullException.ThrowIfNull(development);
        return development.HeadlineIn(Language);
    }
}

/// <summary>Filters of a digest request, beyond its window. Null or empty means "any".</summary>
/// <param name="Language">Only developments with an article in this language ("ar", "en").</param>
/// <param name="Sources">Only developments with an article from one of these source ids.</param>
/// <param name="Types">Only developments of one of these types.</param>
/// <param name="MinScore">Only developments whose importance is at least this.</param>
/// <param name="Text">Only developments whose headline, summary or article titles contain all these words (folded as the classifier folds).</param>
/// <param name="Limit">At most this many developments per page.</param>
public sealed record DigestFilters(
    string? Language,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> Types,
    double? MinScore,
    string? Text,
    int Limit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static DigestFilters None { get; } = new(null, [], [], null, null, DefaultLimit);
}
