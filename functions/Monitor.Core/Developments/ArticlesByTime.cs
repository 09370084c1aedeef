namespace Monitor.Core.Developments;

/// <summary>
/// Prepared articles ordered by publication time, so that an article is scored only against those
/// it can join: the dated ones within the rules' longest gap of it (a pair further apart is kept
/// apart by <see cref="JoinScore"/> whatever else it shares) and every undated one (an undated pair
/// is judged by content alone).
/// </summary>
internal sealed class ArticlesByTime
{
    private readonly JoinScore.Prepared[] dated;
    private readonly long[] ticks;
    private readonly JoinScore.Prepared[] undated;
    private readonly JoinScore.Prepared[] all;
    private readonly long gapTicks;

    public ArticlesByTime(IEnumerable<JoinScore.Prepared> articles, TimeSpan gap)
    {
        all = [.. articles];
        dated = [.. all.Where(p => !p.Article.PublishedEstimated).OrderBy(p => p.Article.Published.UtcTicks)];
        ticks = [.. dated.Select(p => p.Article.Published.UtcTicks)];
        undated = [.. all.Where(p => p.Article.PublishedEstimated)];
        // A second to spare: the score itself decides at the edge.
        gapTicks = gap.Ticks + TimeSpan.TicksPerSecond;
    }

    /// <summary>The articles <paramref name="article"/> could join: every one when it is undated.</summary>
    public IEnumerable<JoinScore.Prepared> Near(JoinScore.Prepared article)
    {
        if (article.Article.PublishedEstimated)
        {
            foreach (var other in all)
            {
                yield return other;
            }

            yield break;
        }

        var at = article.Article.Published.UtcTicks;
        var from = LowerBound(at - gapTicks);
        for (var i = from; i < dated.Length && ticks[i] <= at + gapTicks; i++)
        {
            yield return dated[i];
        }

        foreach (var other in undated)
        {
            yield return other;
        }
    }

    /// <summary>The first index whose time is at or after <paramref name="value"/>.</summary>
    private int LowerBound(long value)
    {
        int low = 0, high = ticks.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (ticks[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
