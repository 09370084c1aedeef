using Monitor.Core.Storage;

namespace Monitor.Core.Developments;

/// <summary>
/// Developments built one article at a time, as articles arrive: a new article joins the
/// development one of whose articles it relates to (<see cref="DevelopmentMatcher"/>), starts one
/// when it relates to none, and merges the developments it relates to when there are several.
/// The stored developments follow the same steps (<see cref="DevelopmentStore"/>); offline,
/// <see cref="DevelopmentGrouper.Group"/> feeds a whole file through it.
/// </summary>
public sealed class DevelopmentClusters
{
    private readonly List<Cluster> clusters = [];
    private readonly Dictionary<string, Cluster> byKey = new(StringComparer.Ordinal);

    /// <summary>Adds the article (again: its earlier reading is replaced) and returns its development's id.</summary>
    public string Add(DevelopmentArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        if (byKey.TryGetValue(article.Key, out var existing))
        {
            existing.Members.RemoveAll(m => m.Key == article.Key);
            byKey.Remove(article.Key);
            if (existing.Members.Count == 0)
            {
                clusters.Remove(existing);
            }
        }

        var related = clusters.Where(c => c.Members.Any(m => DevelopmentMatcher.Relate(article, m) is not null)).ToList();
        Cluster target;
        if (related.Count == 0)
        {
            target = new Cluster(DevelopmentIds.For(article));
            clusters.Add(target);
        }
        else
        {
            // The development that was seen first keeps its id; the others fold into it.
            target = related.OrderBy(c => c.FirstSeen).ThenBy(c => c.Id, StringComparer.Ordinal).First();
            foreach (var other in related.Where(c => c != target))
            {
                foreach (var member in other.Members)
                {
                    target.Members.Add(member);
                    byKey[member.Key] = target;
                }

                clusters.Remove(other);
            }
        }

        target.Members.Add(article);
        byKey[article.Key] = target;
        return target.Id;
    }

    /// <summary>Each development's id and articles.</summary>
    public IEnumerable<(string Id, IReadOnlyList<DevelopmentArticle> Articles)> Groups =>
        clusters.Select(c => (c.Id, (IReadOnlyList<DevelopmentArticle>)c.Members));

    private sealed class Cluster(string id)
    {
        public string Id { get; } = id;

        public List<DevelopmentArticle> Members { get; } = [];

        public DateTimeOffset FirstSeen => Members.Count == 0 ? DateTimeOffset.MaxValue : Members.Min(m => m.Published);
    }
}

/// <summary>Development ids: derived from content, so rebuilding the same articles gives the same ids.</summary>
public static class DevelopmentIds
{
    /// <summary>The id of a development started by <paramref name="founder"/>.</summary>
    public static string For(DevelopmentArticle founder)
    {
        ArgumentNullException.ThrowIfNull(founder);
        return TableKeys.Hash(founder.Key);
    }
}

/// <summary>Groups a set of articles into developments, as if they had arrived in publication order.</summary>
public static class DevelopmentGrouper
{
    public static IReadOnlyList<Development> Group(IEnumerable<DevelopmentArticle> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        var clusters = new DevelopmentClusters();
        var ordered = articles
            .GroupBy(a => a.Key, StringComparer.Ordinal)
            .Select(g => g.Last())
            .OrderBy(a => a.Published)
            .ThenBy(a => a.Key, StringComparer.Ordinal);
        foreach (var article in ordered)
        {
            clusters.Add(article);
        }

        return [.. clusters.Groups
            .Select(g => DevelopmentBuilder.Build(g.Id, g.Articles))
            .OrderByDescending(d => d.LastUpdated)
            .ThenBy(d => d.Id, StringComparer.Ordinal)];
    }
}
