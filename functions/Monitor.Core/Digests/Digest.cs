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

    /// <summary>The <c>lang</c> filter: without <see cref="ReaderLanguage"/>, headlines are given in it where an article has one.</summary>
    public string? Language { get; init; }

    /// <summary>
    /// The reader's language (<c>hl</c>: "en" or "ar"), which filters nothing: every headline and summary is
    /// given in it, an article's own where one exists, else the development's fact line (generated).
    /// </summary>
    public string? ReaderLanguage { get; init; }

    /// <summary>The filters that chose these developments.</summary>
    public DigestFilters Filters { get; init; } = DigestFilters.None;

    /// <summary>The topic's key figures over time, from these developments.</summary>
    public IReadOnlyList<FigureSeries> Series { get; init; } = [];

    /// <summary>Pass as <c>continuation</c> to get the next developments; null on the last page.</summary>
    public string? Continuation { get; init; }

    /// <summary>The headline of a development as this digest shows it (see <see cref="HeadlineFor"/>).</summary>
    public string HeadlineOf(Development development) => HeadlineFor(development).Text;

    /// <summary>
    /// The headline of a development: with a reader's language, its best title in that language, else its
    /// fact line in it (marked generated); without one, its best title in the <c>lang</c> filter's language
    /// where it has one, else its headline.
    /// </summary>
    public ReaderText HeadlineFor(Development development)
    {
        ArgumentNullException.ThrowIfNull(development);
        if (InReaderLanguage(development.Headlines, development) is { } inReaderLanguage)
        {
            return inReaderLanguage;
        }

        var headline = development.HeadlineIn(Language);
        var language = Language is { } wanted && development.Headlines.TryGetValue(wanted, out var inWanted) && inWanted == headline
            ? wanted
            : development.Headlines.FirstOrDefault(h => h.Value == headline).Key;
        return new ReaderText(headline, language, Generated: false);
    }

    /// <summary>
    /// The summary of a development: with a reader's language, the summary of its best article in that
    /// language, else its fact line in it (marked generated); without one, its summary. Null when it has none.
    /// </summary>
    public ReaderText? SummaryFor(Development development)
    {
        ArgumentNullException.ThrowIfNull(development);
        if (InReaderLanguage(development.Summaries, development) is { } inReaderLanguage)
        {
            return inReaderLanguage;
        }

        if (string.IsNullOrWhiteSpace(development.Summary))
        {
            return null;
        }

        var language = development.Summaries.FirstOrDefault(s => s.Value == development.Summary).Key
            ?? development.Articles.FirstOrDefault(a => a.Summary == development.Summary)?.Language;
        return new ReaderText(development.Summary, language, Generated: false);
    }

    /// <summary>In the reader's language: the development's own text in it (<paramref name="own"/>), else its fact line in it; null without a reader's language.</summary>
    private ReaderText? InReaderLanguage(IReadOnlyDictionary<string, string> own, Development development) =>
        ReaderLanguage is not { } reader ? null
        : own.TryGetValue(reader, out var text) ? new ReaderText(text, reader, Generated: false)
        : development.FactLines is { } lines && lines.TryGetValue(reader, out var line) ? new ReaderText(line, reader, Generated: true)
        : null;

    /// <summary>The summary to show under the headline: <see cref="SummaryFor"/>, or null when it would only repeat the headline (a fact line as both).</summary>
    public ReaderText? SummaryUnderHeadline(Development development) =>
        SummaryFor(development) is { } summary && summary.Text != HeadlineFor(development).Text ? summary : null;
}

/// <summary>A headline or summary as a reader is shown it.</summary>
/// <param name="Text">The text.</param>
/// <param name="Language">Its language ("ar", "en"), when known.</param>
/// <param name="Generated">True for a fact line: generated from the development's facts, not an article's words and not a translation.</param>
public sealed record ReaderText(string Text, string? Language, bool Generated)
{
    /// <summary>Says, in the text's language, that it was generated: shown beside every fact line.</summary>
    public string? Marker => Generated ? MarkerIn(Language) : null;

    /// <summary>The text, followed by its marker in brackets when generated: for plain-text outputs (feed titles, email, Markdown).</summary>
    public string Marked => Generated ? Text + " [" + Marker + "]" : Text;

    /// <summary>"generated from the facts, not a translation", in English or Arabic.</summary>
    public static string MarkerIn(string? language) =>
        language == "ar" ? "سطر مولَّد آلياً من الوقائع، ليس ترجمة" : "generated from the facts, not a translation";
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

    /// <summary>The reader's language (<c>hl</c>, "en" or "ar"), which filters nothing: see <see cref="Digest.ReaderLanguage"/>.</summary>
    public string? ReaderLanguage { get; init; }
}
