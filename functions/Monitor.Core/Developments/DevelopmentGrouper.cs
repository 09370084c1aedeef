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
        var pairs = new Dictionary<long, Scored>();
        Span<double> buffer = stackalloc double[scorer.FeatureCount];
        var joins = new List<(int I, int J, double Score)>();
        var byTime = Enumerable.Range(0, n).Where(i => !items[i].Article.PublishedEstimated).OrderBy(i => items[i].Article.Published).ToArray();
        var undated = Enumerable.Range(0, n).Where(i => items[i].Article.PublishedEstimated).ToArray();
        var maxGap = TimeSpan.FromHours(scorer.Rules.MaxGapHours);

        void Consider(int i, int j, Span<double> features)
        {
            var (lo, hi) = i < j ? (i, j) : (j, i);
            var score = scorer.Evaluate(items[lo], items[hi], features, out var apart, out var undated);
            pairs[PairKey(lo, hi)] = new Scored(score, apart is not null);
            if (scorer.Joins(score, apart is not null, undated))
            {
                joins.Add((lo, hi, score));
            }
        }

        // Dated pairs within the gap (sorted by time, so the scan stops at the gap), then every pair with an undated article.
        for (var x = 0; x < byTime.Length; x++)
        {
            for (var y = x + 1; y < byTime.Length && items[byTime[y]].Article.Published - items[byTime[x]].Article.Published <= maxGap; y++)
            {
                Consider(byTime[x], byTime[y], buffer);
            }
        }

        foreach (var u in undated)
        {
            for (var j = 0; j < n; j++)
            {
                if (j != u && (!items[j].Article.PublishedEstimated || j > u))
                {
                    Consider(u, j, buffer);
                }
            }
        }

        joins.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.I != b.I ? a.I.CompareTo(b.I) : a.J.CompareTo(b.J));

        // What each group knows of each other group it has a scored pair with: the sum of the
        // pairs' join probabilities and whether one of them is kept apart. Merging adds them up,
        // so that checking a merge costs the same however large the groups grow.
        var links = new Dictionary<int, Link>[n];
        for (var i = 0; i < n; i++)
        {
            links[i] = [];
        }

        foreach (var (key, pair) in pairs)
        {
            var (lo, hi) = ((int)(key >> 32), (int)(key & 0xFFFFFFFF));
            var link = new Link(pair.Probability, pair.Apart);
            links[lo][hi] = link;
            links[hi][lo] = link;
        }

        var group = Enumerable.Range(0, n).ToArray();
        var members = Enumerable.Range(0, n).Select(i => new List<int> { i }).ToArray();
        foreach (var (i, j, _) in joins)
        {
            var gi = group[i];
            var gj = group[j];
            if (gi == gj)
            {
                continue;
            }

            // Two groups merge when no pair of theirs is kept apart and their mean join probability
            // (pairs not scored, too far apart, count as 0) reaches the rules' least.
            var between = links[gi].GetValueOrDefault(gj);
            if (between.Apart || between.Sum / ((double)members[gi].Count * members[gj].Count) < scorer.Rules.MinAverageLink)
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
            links[keep].Remove(fold);
            foreach (var (other, link) in links[fold])
            {
                if (other == keep)
                {
                    continue;
                }

                var merged = links[keep].GetValueOrDefault(other) + link;
                links[keep][other] = merged;
                links[other][keep] = merged;
                links[other].Remove(fold);
            }

            links[fold] = [];
        }

        var result = new List<ArticleGroup>();
        foreach (var list in members.Where(l => l.Count > 0))
        {
            var linked = list.Select(i => Linked(i, list, items, pairs)).ToList();
            result.Add(new ArticleGroup(DevelopmentIds.For(DevelopmentIds.Founder(linked)), linked));
        }

        return [.. result.OrderBy(g => g.Id, StringComparer.Ordinal)];
    }

    /// <summary>The pairs between two groups: their summed join probability, and whether one is kept apart.</summary>
    private readonly record struct Link(double Sum, bool Apart)
    {
        public static Link operator +(Link a, Link b) => new(a.Sum + b.Sum, a.Apart || b.Apart);
    }

    /// <summary>The article with its strongest link to another article of its group (none when alone).</summary>
    private DevelopmentArticle Linked(int i, List<int> group, JoinScore.Prepared[] items, Dictionary<long, Scored> pairs)
    {
        var article = items[i].Article;
        var best = double.NegativeInfinity;
        var bestOther = -1;
        foreach (var j in group)
        {
            if (j != i && pairs.TryGetValue(i < j ? PairKey(i, j) : PairKey(j, i), out var pair) && pair.Score > best)
            {
                best = pair.Score;
                bestOther = j;
            }
        }

        if (bestOther < 0)
        {
            return article with { JoinedBy = null };
        }

        var scored = scorer.Score(items[i], items[bestOther]);
        return article with { JoinedBy = new JoinLink(items[bestOther].Article.Key, scored.Score, scorer.Reasons(items[i], items[bestOther], scored)) };
    }

    /// <summary>A scored pair as grouping keeps it: its score, and whether it is kept apart.</summary>
    private readonly record struct Scored(double Score, bool Apart)
    {
        public double Probability => 1 / (1 + Math.Exp(-Score));
    }

    private static long PairKey(int lo, int hi) => ((long)lo << 32) | (uint)hi;
}
