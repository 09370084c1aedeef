using Monitor.Core.Articles;
using Monitor.Core.Classification;

namespace Monitor.Core.Developments;

/// <summary>
/// Describes a development from its articles: headline and summary from its best article, type by
/// vote, figures merged with their sources (and disagreements shown), places, actors, languages,
/// sources, times and importance. A pure function of the articles, so a stored development can be
/// rebuilt from its articles at any time and gives the same result.
/// </summary>
public static class DevelopmentBuilder
{
    public const string UntitledHeadline = "(untitled)";

    /// <summary>Smallest figure shown as a disagreement or in a series; smaller ones are too common.</summary>
    public const long SignificantFigure = 20;

    /// <summary>Longest headline made from a summary when no article has a title.</summary>
    private const int SummaryHeadlineLength = 120;

    /// <summary>Two figures of the same thing disagree when neither is more than this much larger (2,250 and 2,300 do; 150 and 7,000 are two things).</summary>
    private const double DisagreementRatio = 1.5;

    public static Development Build(string id, IReadOnlyList<DevelopmentArticle> members)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("A development needs at least one article.", nameof(members));
        }

        var articles = members.OrderBy(a => a.Published).ThenBy(a => a.Key, StringComparer.Ordinal).ToList();
        var ranked = articles.OrderByDescending(a => a.Score).ThenBy(a => a.Published).ThenBy(a => a.Key, StringComparer.Ordinal).ToList();
        var best = ranked[0];
        var titled = ranked.Where(a => ArticleTitles.IsHeadline(a.Title)).ToList();
        var headlines = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var article in titled)
        {
            headlines.TryAdd(article.Language, Clean(article.Title!));
        }

        var summary = ranked.Select(a => a.Summary).FirstOrDefault(s => !string.IsNullOrWhiteSpace(s));
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var article in ranked.Where(a => !string.IsNullOrWhiteSpace(a.Summary)))
        {
            summaries.TryAdd(article.Language, article.Summary!);
        }
        var headline = titled.Count > 0 ? Clean(titled[0].Title!) : HeadlineFrom(summary);
        var figures = Figures(articles);

        // Times come from the articles whose time is known; estimated times only when no other is.
        var dated = articles.Where(a => !a.PublishedEstimated).ToList();
        var timed = dated.Count > 0 ? dated : articles;

        return new Development(
            id,
            headline,
            summary,
            TypeOf(ranked),
            timed[0].Published,
            timed[^1].Published,
            [.. articles.Select(a => a.Language).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            [.. articles.Select(a => a.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            MostNamed(articles.Select(a => a.Places)),
            MostNamed(articles.Select(a => a.Actors)),
            figures,
            Disagreements(figures),
            Importance(articles, figures),
            articles)
        {
            Headlines = headlines,
            Summaries = summaries,
        };
    }

    /// <summary>
    /// Importance in [0, 1]: how relevant its best article is (0.3), how many outlets report it (0.25,
    /// full at four), whether it crosses languages (0.1), whether it states figures of something (0.15,
    /// full at two) and official actors (0.2, full at two).
    /// </summary>
    internal static double Importance(IReadOnlyList<DevelopmentArticle> articles, IReadOnlyList<DevelopmentFigure> figures)
    {
        var relevance = articles.Max(a => a.Score);
        var outlets = articles.Select(a => a.SourceName).Distinct(StringComparer.Ordinal).Count();
        var languages = articles.Select(a => a.Language).Distinct(StringComparer.Ordinal).Count();
        var counted = figures.Count(f => f.What is not null);
        var actors = articles.SelectMany(a => a.Actors).Distinct(StringComparer.Ordinal).Count();
        var importance = (0.3 * relevance)
            + (0.25 * Math.Min(1.0, (outlets - 1) / 3.0))
            + (languages > 1 ? 0.1 : 0)
            + (0.15 * Math.Min(1.0, counted / 2.0))
            + (0.2 * Math.Min(1.0, actors / 2.0));
        return Math.Round(Math.Clamp(importance, 0, 1), 3);
    }

    /// <summary>Least weight, against the statements', of the reports of an action done for a development of statements to take the action's type.</summary>
    private const double ActionShare = 0.5;

    /// <summary>The type the most relevant articles give, weighted by score; "other" only when none gives one.</summary>
    private static string TypeOf(List<DevelopmentArticle> ranked)
    {
        var votes = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var article in ranked)
        {
            if (article.Type != DevelopmentTypes.Other)
            {
                votes[article.Type] = votes.GetValueOrDefault(article.Type) + article.Score;
            }
        }

        if (votes.Count == 0)
        {
            return DevelopmentTypes.Other;
        }

        // Ties go to the type of the better-ranked article.
        var top = votes.Values.Max();
        var type = ranked.First(a => votes.TryGetValue(a.Type, out var v) && v == top).Type;

        // Statements about an action that its articles report as done (a number moved or returned,
        // in the lead) are the action: "Rubio welcomes…" and "US moves 150…" are one transfer. One
        // report among many that reads a number as a move does not make the statements an action.
        if (type == DevelopmentTypes.Statement
            && ranked.Where(a => a.Type is not (DevelopmentTypes.Statement or DevelopmentTypes.Other) && a.Figures.Any(f => f.Lead && f.What is not null && f.Qualifier != CountFact.UpTo))
                .GroupBy(a => a.Type)
                .Select(g => (Type: g.Key, Weight: g.Sum(a => a.Score)))
                .OrderByDescending(g => g.Weight)
                .FirstOrDefault() is { Type: not null } done
            && done.Weight >= top * ActionShare)
        {
            return done.Type;
        }

        return type;
    }

    /// <summary>
    /// The order in which a tie between sources' qualifiers is settled: a ceiling first (an "up to"
    /// is a plan, not people moved), then the exact number (the "about" of another outlet rounds it).
    /// </summary>
    private static readonly string[] TieOrder = [CountFact.UpTo, CountFact.Exact, CountFact.AtLeast, CountFact.Approximate];

    /// <summary>
    /// The figures reconciled: one per amount of one thing (value and counted thing), however each
    /// source words and qualifies it ("150", "about 150" and "نحو 150" are one figure; "up to 7,000"
    /// and "about 7,000 expected" too), with every article that states it, each with its own words
    /// and qualifier. The figure's qualifier is the one most of its sources give (a tie goes to a
    /// ceiling, then to the exact number), its "what" the one most of them name; a bare number takes the "what" another
    /// article gives the same value. Close but different amounts (2,250 and 2,225) stay two figures:
    /// see <see cref="Disagreements"/>. Most-cited first.
    /// </summary>
    private static List<DevelopmentFigure> Figures(List<DevelopmentArticle> articles)
    {
        var whatOf = new Dictionary<long, string>();
        foreach (var figure in articles.SelectMany(a => a.Figures))
        {
            if (figure.What is not null)
            {
                whatOf.TryAdd(figure.Value, figure.What);
            }
        }

        var merged = new Dictionary<(long, string?), List<(FigureSource Source, string? What)>>();
        var order = new List<(long Value, string? Thing)>();
        foreach (var article in articles)
        {
            foreach (var figure in article.Figures)
            {
                var what = figure.What ?? whatOf.GetValueOrDefault(figure.Value);
                var key = (figure.Value, CountedThings.Of(what));
                if (!merged.TryGetValue(key, out var sources))
                {
                    merged[key] = sources = [];
                    order.Add(key);
                }

                if (!sources.Any(s => s.Source.ArticleId == article.Id))
                {
                    sources.Add((new FigureSource(article.Id, article.Source, article.SourceName, article.Language, article.Published, figure.Text) { Qualifier = figure.Qualifier }, what));
                }
            }
        }

        return [.. order
            .Select((key, index) => (Figure: Reconciled(key.Value, merged[key]), Index: index))
            .OrderByDescending(f => f.Figure.Sources.Count)
            .ThenBy(f => f.Index)
            .Select(f => f.Figure)];
    }

    /// <summary>One figure from its sources: the qualifier most give (ties by <see cref="TieOrder"/>), the "what" most name (ties to the first).</summary>
    private static DevelopmentFigure Reconciled(long value, List<(FigureSource Source, string? What)> sources)
    {
        var qualifier = sources
            .GroupBy(s => s.Source.Qualifier!)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => Array.IndexOf(TieOrder, g.Key) is var rank && rank < 0 ? TieOrder.Length : rank)
            .First().Key;
        var what = sources
            .Where(s => s.What is not null)
            .GroupBy(s => s.What)
            .OrderByDescending(g => g.Count())
            .Select(g => g.Key)
            .FirstOrDefault();
        return new DevelopmentFigure(value, qualifier, what, [.. sources.Select(s => s.Source)]);
    }

    /// <summary>
    /// Figures of the same thing and kind (amounts, or ceilings) that differ but are close enough to
    /// be the same fact told differently, from articles none of which states both.
    /// </summary>
    private static List<FigureDisagreement> Disagreements(List<DevelopmentFigure> figures)
    {
        var disagreements = new List<FigureDisagreement>();
        var groups = figures
            .Where(f => f.What is not null && f.Value >= DevelopmentBuilder.SignificantFigure)
            .GroupBy(f => (What: CountedThings.Of(f.What)!, Kind: f.Qualifier == CountFact.UpTo ? "ceiling" : "amount"));
        foreach (var group in groups)
        {
            var values = new SortedSet<long>();
            var list = group.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                for (var j = i + 1; j < list.Count; j++)
                {
                    var (a, b) = (list[i], list[j]);
                    if (a.Value == b.Value || Math.Max(a.Value, b.Value) > Math.Min(a.Value, b.Value) * DisagreementRatio)
                    {
                        continue;
                    }

                    var articlesA = a.Sources.Select(s => s.ArticleId).ToHashSet(StringComparer.Ordinal);
                    if (b.Sources.Any(s => articlesA.Contains(s.ArticleId)))
                    {
                        continue;
                    }

                    values.Add(a.Value);
                    values.Add(b.Value);
                }
            }

            if (values.Count > 1)
            {
                disagreements.Add(new FigureDisagreement(group.Key.What, group.Key.Kind, [.. values]));
            }
        }

        return disagreements;
    }

    private static List<string> MostNamed(IEnumerable<IReadOnlyList<string>> lists)
    {
        var counts = new Dictionary<string, (int Count, int First)>(StringComparer.Ordinal);
        var position = 0;
        foreach (var list in lists)
        {
            foreach (var id in list.Distinct(StringComparer.Ordinal))
            {
                counts[id] = counts.TryGetValue(id, out var c) ? (c.Count + 1, c.First) : (1, position);
                position++;
            }
        }

        return [.. counts.OrderByDescending(c => c.Value.Count).ThenBy(c => c.Value.First).Select(c => c.Key)];
    }

    /// <summary>A headline made from a summary (its start, cut at a word); "(untitled)" when there is none.</summary>
    internal static string HeadlineFrom(string? summary)
    {
        if (string.IsNullOrWhiteSpace(summary))
        {
            return UntitledHeadline;
        }

        var text = Clean(summary);
        if (text.Length <= SummaryHeadlineLength)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', SummaryHeadlineLength);
        return string.Concat(text.AsSpan(0, cut > SummaryHeadlineLength / 2 ? cut : SummaryHeadlineLength), "…");
    }

    /// <summary>The text on one line, its runs of white space made one space.</summary>
    internal static string Clean(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
