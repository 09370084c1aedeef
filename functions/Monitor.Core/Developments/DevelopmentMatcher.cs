using Monitor.Core.Classification;

namespace Monitor.Core.Developments;

/// <summary>Why two articles were found to report the same development.</summary>
public enum DevelopmentLink
{
    /// <summary>Same language, and most of their three-word shingles are shared: one wire story, rewritten.</summary>
    NearDuplicate,

    /// <summary>Same language, and most of their title words are shared.</summary>
    SameTitle,

    /// <summary>They state the same significant figure of the same thing (150 detainees), in any language.</summary>
    SameFigure,

    /// <summary>Same type, close in time, and the same specific places and actors, with no figure that contradicts.</summary>
    SameEvent,
}

/// <summary>
/// Decides whether two relevant articles report the same development. Every rule needs the two to
/// be close in time; across languages, only canonical facts (figures, places, actors, type) can tie
/// them, since their words differ.
/// </summary>
public static class DevelopmentMatcher
{
    /// <summary>Longest time between two near-duplicates of one development.</summary>
    public static readonly TimeSpan NearDuplicateGap = TimeSpan.FromDays(7);

    /// <summary>Longest time between two articles tied by a title or a figure.</summary>
    public static readonly TimeSpan MaxGap = TimeSpan.FromHours(72);

    /// <summary>Longest time between two articles tied only by their places, actors and type.</summary>
    public static readonly TimeSpan EventGap = TimeSpan.FromHours(36);

    /// <summary>Least signature similarity (estimated shingle Jaccard) of near-duplicates.</summary>
    public const double NearDuplicateSimilarity = 0.5;

    /// <summary>Share of title words two same-language articles must have in common.</summary>
    public const double TitleSimilarity = 0.5;

    /// <summary>Smallest figure that can tie two articles together; smaller ones are too common.</summary>
    public const long SignificantFigure = 20;

    /// <summary>Specific places and actors two articles must share to be one event without a shared figure.</summary>
    public const int SharedEntities = 3;

    /// <summary>Places too wide to tell one event from another.</summary>
    private static readonly HashSet<string> WidePlaces = new(StringComparer.Ordinal) { "iraq", "syria", "baghdad", "damascus" };

    /// <summary>The rule that ties the two articles, or null when they are different developments.</summary>
    public static DevelopmentLink? Relate(DevelopmentArticle a, DevelopmentArticle b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        // A time that is only an estimate (no date in the feed or the input) does not keep articles apart.
        var gap = a.PublishedEstimated || b.PublishedEstimated ? TimeSpan.Zero : (a.Published - b.Published).Duration();
        var sameLanguage = string.Equals(a.Language, b.Language, StringComparison.Ordinal);
        if (gap > NearDuplicateGap)
        {
            return null;
        }

        // Two batches of a transfer (150 one day, 212 the next) are two developments, however alike
        // their words and whatever ceiling ("up to 7,000") both repeat.
        if (FiguresContradict(a, b))
        {
            return null;
        }

        if (sameLanguage && a.Signature is { } sa && b.Signature is { } sb && sa.Similarity(sb) >= NearDuplicateSimilarity)
        {
            return DevelopmentLink.NearDuplicate;
        }

        if (gap > MaxGap)
        {
            return null;
        }

        // Their specific places and actors, worked out once and only if a rule needs them.
        HashSet<string>? entitiesA = null, entitiesB = null;
        (HashSet<string> A, HashSet<string> B) Entities() => (entitiesA ??= SpecificEntities(a), entitiesB ??= SpecificEntities(b));

        if (SharesFigure(a, b, () => Entities() is var (ea, eb) && ea.Overlaps(eb)))
        {
            return DevelopmentLink.SameFigure;
        }

        if (sameLanguage && Jaccard(TitleWords(a.Title), TitleWords(b.Title)) >= TitleSimilarity)
        {
            return DevelopmentLink.SameTitle;
        }

        if (gap <= EventGap && a.Type != DevelopmentTypes.Other && a.Type == b.Type)
        {
            var (ea, eb) = Entities();
            var shared = ea.Count(eb.Contains);
            if (shared >= SharedEntities && Jaccard(ea, eb) >= 0.5)
            {
                return DevelopmentLink.SameEvent;
            }
        }

        return null;
    }

    /// <summary>A significant figure both state, counting the same thing (or one of them not saying what).</summary>
    private static bool SharesFigure(DevelopmentArticle a, DevelopmentArticle b, Func<bool> shareAnEntity)
    {
        foreach (var fa in a.Figures)
        {
            if (fa.Value < SignificantFigure)
            {
                continue;
            }

            foreach (var fb in b.Figures)
            {
                if (fa.Value != fb.Value)
                {
                    continue;
                }

                if (fa.What is not null && fb.What is not null)
                {
                    if (fa.What == fb.What)
                    {
                        return true;
                    }

                    continue;
                }

                // A bare number ties two articles only when they also name the same specific place or actor.
                if (shareAnEntity())
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Both state an amount (not a ceiling) of the same thing, and no amount is shared.</summary>
    private static bool FiguresContradict(DevelopmentArticle a, DevelopmentArticle b)
    {
        var amountsA = Amounts(a);
        var amountsB = Amounts(b);
        foreach (var what in amountsA.Keys)
        {
            if (amountsB.TryGetValue(what, out var valuesB) && !amountsA[what].Overlaps(valuesB))
            {
                return true;
            }
        }

        return false;
    }

    private static Dictionary<string, HashSet<long>> Amounts(DevelopmentArticle article)
    {
        var amounts = new Dictionary<string, HashSet<long>>(StringComparer.Ordinal);
        foreach (var f in article.Figures)
        {
            if (f.What is null || f.Value < SignificantFigure || f.Qualifier == CountFact.UpTo)
            {
                continue;
            }

            if (!amounts.TryGetValue(f.What, out var values))
            {
                amounts[f.What] = values = [];
            }

            values.Add(f.Value);
        }

        return amounts;
    }

    internal static HashSet<string> SpecificEntities(DevelopmentArticle article)
    {
        var entities = new HashSet<string>(StringComparer.Ordinal);
        foreach (var place in article.Places)
        {
            if (!WidePlaces.Contains(place))
            {
                entities.Add("place:" + place);
            }
        }

        foreach (var actor in article.Actors)
        {
            entities.Add("actor:" + actor);
        }

        return entities;
    }

    /// <summary>The title's words of two letters or more, folded as the classifier folds them.</summary>
    internal static HashSet<string> TitleWords(string? title) =>
        string.IsNullOrWhiteSpace(title)
            ? []
            : [.. MatchText.Of(title).Tokens.Select(t => t.Text).Where(t => t.Length >= 2)];

    internal static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var common = a.Count(b.Contains);
        return (double)common / (a.Count + b.Count - common);
    }
}
