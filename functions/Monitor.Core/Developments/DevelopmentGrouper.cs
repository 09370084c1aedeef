using Monitor.Core.Classification;
using Monitor.Core.Storage;

namespace Monitor.Core.Developments;

/// <summary>
/// Groups articles into developments by single link: two articles report the same development
/// when they were published within <see cref="MaxGap"/> of each other and either state the same
/// significant number (150 detainees, 7,000) or, in the same language, have much the same title.
/// </summary>
public static class DevelopmentGrouper
{
    /// <summary>Longest time between two articles of one development.</summary>
    public static readonly TimeSpan MaxGap = TimeSpan.FromHours(72);

    /// <summary>Smallest number that can tie two articles together; smaller ones are too common.</summary>
    public const long SignificantCount = 20;

    /// <summary>Share of title words two same-language articles must have in common.</summary>
    public const double TitleSimilarity = 0.5;

    public const string UntitledHeadline = "(untitled)";

    public static IReadOnlyList<Development> Group(IEnumerable<DevelopmentArticle> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        var list = articles
            .GroupBy(a => a.Id, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(a => a.Published)
            .ThenBy(a => a.Id, StringComparer.Ordinal)
            .ToList();
        var titles = list.Select(a => TitleWords(a.Title)).ToList();
        var counts = list.Select(a => a.Counts.Where(c => c >= SignificantCount).ToHashSet()).ToList();

        var parent = Enumerable.Range(0, list.Count).ToArray();
        for (var i = 0; i < list.Count; i++)
        {
            // Sorted by time: once j is too late for i, so is every later one.
            for (var j = i + 1; j < list.Count && list[j].Published - list[i].Published <= MaxGap; j++)
            {
                if (counts[i].Overlaps(counts[j])
                    || (string.Equals(list[i].Language, list[j].Language, StringComparison.Ordinal) && Jaccard(titles[i], titles[j]) >= TitleSimilarity))
                {
                    Union(parent, i, j);
                }
            }
        }

        return [.. Enumerable.Range(0, list.Count)
            .GroupBy(i => Find(parent, i))
            .Select(g => DevelopmentOf([.. g.Select(i => list[i])]))
            .OrderByDescending(d => d.LastUpdated)
            .ThenBy(d => d.Id, StringComparer.Ordinal)];
    }

    private static Development DevelopmentOf(List<DevelopmentArticle> articles)
    {
        // articles are already oldest first.
        var earliest = articles[0];
        var headline = articles
            .Where(a => !string.IsNullOrWhiteSpace(a.Title))
            .OrderByDescending(a => a.Score)
            .ThenBy(a => a.Published)
            .Select(a => a.Title!.Trim())
            .FirstOrDefault() ?? UntitledHeadline;
        return new Development(
            TableKeys.Hash(earliest.Id),
            headline,
            earliest.Published,
            articles.Max(a => a.Published),
            [.. articles.Select(a => a.Language).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            articles);
    }

    /// <summary>The title's words, folded as the classifier folds them (case, hamza, diacritics).</summary>
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

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    private static void Union(int[] parent, int a, int b)
    {
        var ra = Find(parent, a);
        var rb = Find(parent, b);
        if (ra != rb)
        {
            parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
    }
}
