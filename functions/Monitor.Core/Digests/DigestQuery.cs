namespace Monitor.Core.Digests;

/// <summary>How a digest is written out.</summary>
public enum DigestFormat
{
    Json,
    Markdown,
    Html,
    Rss,
    Atom,

    /// <summary>One row per article, with its development, figures and source, for spreadsheets.</summary>
    Csv,
}

/// <summary>A request for a topic's digest over a time window.</summary>
/// <param name="Topic">The topic's id.</param>
/// <param name="Since">Start of the window (UTC).</param>
/// <param name="Until">End of the window (UTC).</param>
/// <param name="Format">JSON, Markdown, HTML, RSS, Atom or CSV.</param>
public sealed record DigestQuery(string Topic, DateTimeOffset Since, DateTimeOffset Until, DigestFormat Format)
{
    /// <summary>Language, sources, types, least importance, words, page size.</summary>
    public DigestFilters Filters { get; init; } = DigestFilters.None;

    /// <summary>Where the previous page ended (<see cref="Digest.Continuation"/>); null for the first page.</summary>
    public string? Continuation { get; init; }
}

/// <summary>A parsed query, or the reasons it could not be.</summary>
public sealed record DigestQueryResult(DigestQuery? Query, IReadOnlyList<string> Errors)
{
    public bool IsValid => Query is not null;
}
