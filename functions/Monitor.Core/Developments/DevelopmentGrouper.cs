using Monitor.Core.Storage;

namespace Monitor.Core.Developments;

/// <summary>Development ids: derived from content, so rebuilding the same articles gives the same ids.</summary>
public static class DevelopmentIds
{
    /// <summary>The id of a development whose earliest article is <paramref name="founder"/>.</summary>
    public static string For(DevelopmentArticle founder)
    {
        ArgumentNullException.ThrowIfNull(founder);
        return TableKeys.Hash(founder.Key);
    }

    /// <summary>
    /// The article a development's id comes from: its earliest dated article (then the least key),
    /// or, when none is dated, the least key. A development that grows by later reports keeps it.
    /// </summary>
    public static DevelopmentArticle Founder(IEnumerable<DevelopmentArticle> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        return members
            .OrderBy(m => m.PublishedEstimated)
            .ThenBy(m => m.PublishedEstimated ? DateTimeOffset.MinValue : m.Published)
            .ThenBy(m => m.Key, StringComparer.Ordinal)
            .First();
    }
}

/// <summary>One development as grouping found it: its id, its articles (each with its join link).</summary>
public sealed record ArticleGroup(string Id, IReadOnlyList<DevelopmentArticle> Articles);

/// <summary>
/// Groups a set of articles into developments, as a function of the set, not of the order in which
/// the articles came: every pair within <see cref="GroupingRules.MaxGapHours"/> is scored
/// (<see cref="JoinScore"/>); the pairs that join are taken strongest first (ties by key), and two
/// groups merge only when nothing keeps any of their articles apart (different lead figures of the
/// same thing, another country) and their mean join probability over all pairs reaches
/// <see cref="GroupingRules.MinAverageLink"/>, so that a chain of weak links cannot glue two events
/// together. Each development's id comes from its earliest article (<see cref="DevelopmentIds"/>),
/// and each article carries its strongest link inside its development, with the reasons.
/// The stored developments (<see cref="DevelopmentStore"/>) and the offline digest use this.
/// </summary>
public sealed class DevelopmentGrouper(GroupingRules rules)
{
    private readonly JoinScore scorer = new(rules);

    public JoinScore Scorer => scorer;

    /// <summary>Groups the articles and builds each development, latest first.</summary>
    public IReadOnlyList<Development> Developments(IEnumerable<DevelopmentArticle> articles) =>
        [.. Cluster(articles)
            .Select(g => DevelopmentBuilder.Build(g.Id, g.Articles))
            .OrderByDescending(d => d.LastUpdated)
            .ThenBy(d => d.Id, StringComparer.Ordinal)];

    /// <summary>
    /// The groups of a set of articles (an article given twice counts once: its last reading).
    /// The same set in any order gives the same groups, ids and links.
    /// </summary>
    public IReadOnlyList<ArticleGroup> Cluster(IEnumerable<DevelopmentArticle> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        var byKey = new Dictionary<string, DevelopmentArticle>(StringComparer.Ordinal);
        foreach (var article in articles)
        {
            byKey[article.Key] = article;
        }

        // A canonical order: everything below depends on the set only.
        var items = byKey.Values.OrderBy(a => a.Key, StringComparer.Ordinal).Select(scorer.Prepare).ToArray();
        var n = items.Length;
        var pairs = new Dictionary<long, PairScore>();
        var joins = new List<(int I, int J, double Score)>();
        var byTime = Enumerable.Range(0, n).Where(i => !items[i].Article.PublishedEstimated).OrderBy(i => items[i].Article.Published).ToArray();
        var undated = Enumerable.Range(0, n).Where(i => items[i].Article.PublishedEstimated).ToArray();
        var maxGap = TimeSpan.FromHours(scorer.Rules.MaxGapHours);

        void Consider(int i, int j)
        {
            var (lo, hi) = i < j ? (i, j) : (j, i);
            var pair = scorer.Score(items[lo], items[hi]);
            pairs[PairKey(lo, hi)] = pair;
            if (scorer.Joins(pair))
            {
                joins.Add((lo, hi, pair.Score));
            }
        }

        // Dated pairs within the gap (sorted by time, so the scan stops at the gap), then every pair with an undated article.
        for (var x = 0; x < byTime.Length; x++)
        {
            for (var y = x + 1; y < byTime.Length && items[byTime[y]].Article.Published - items[byTime[x]].Article.Published <= maxGap; y++)
            {
                Consider(byTime[x], byTime[y]);
            }
        }

        foreach (var u in undated)
        {
            for (var j = 0; j < n; j++)
            {
                if (j != u && (!items[j].Article.PublishedEstimated || j > u))
                {
                    Consider(u, j);
                }
            }
        }

        joins.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.I != b.I ? a.I.CompareTo(b.I) : a.J.CompareTo(b.J));

        var group = Enumerable.Range(0, n).ToArray();
        var members = Enumerable.Range(0, n).Select(i => new List<int> { i }).ToArray();
        foreach (var (i, j, _) in joins)
        {
            var gi = group[i];
            var gj = group[j];
            if (gi == gj || !CanMerge(members[gi], members[gj], pairs))
            {
                continue;
            }

            var (keep, fold) = gi < gj ? (gi, gj) : (gj, gi);
            foreach (var m in members[fold])
            {
                group[m] = keep;
            }

            members[keep].AddRange(members[fold]);
            members[fold] = [];
        }

        var result = new List<ArticleGroup>();
        foreach (var list in members.Where(l => l.Count > 0))
        {
            var linked = list.Select(i => Linked(i, list, items, pairs)).ToList();
            result.Add(new ArticleGroup(DevelopmentIds.For(DevelopmentIds.Founder(linked)), linked));
        }

        return [.. result.OrderBy(g => g.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Two groups merge when no pair of their articles is kept apart and their mean join
    /// probability (pairs not scored, too far apart, count as 0) reaches the rules' least.
    /// </summary>
    private bool CanMerge(List<int> a, List<int> b, Dictionary<long, PairScore> pairs)
    {
        var sum = 0.0;
        foreach (var i in a)
        {
            foreach (var j in b)
            {
                if (!pairs.TryGetValue(i < j ? PairKey(i, j) : PairKey(j, i), out var pair))
                {
                    continue;
                }

                if (pair.Apart is not null)
                {
                    return false;
                }

                sum += pair.Probability;
            }
        }

        return sum / (a.Count * b.Count) >= scorer.Rules.MinAverageLink;
    }

    /// <summary>The article with its strongest link to another article of its group (none when alone).</summary>
    private DevelopmentArticle Linked(int i, List<int> group, JoinScore.Prepared[] items, Dictionary<long, PairScore> pairs)
    {
        var article = items[i].Article;
        PairScore? best = null;
        var bestOther = -1;
        foreach (var j in group)
        {
            if (j != i && pairs.TryGetValue(i < j ? PairKey(i, j) : PairKey(j, i), out var pair) && (best is null || pair.Score > best.Score))
            {
                best = pair;
                bestOther = j;
            }
        }

        return best is null
            ? article with { JoinedBy = null }
            : article with { JoinedBy = new JoinLink(items[bestOther].Article.Key, best.Score, scorer.Reasons(items[i], items[bestOther], best)) };
    }

    private static long PairKey(int lo, int hi) => ((long)lo << 32) | (uint)hi;
}
