using System.Collections.Concurrent;
using Azure.Data.Tables;
using Monitor.Core.Articles;
using Monitor.Core.Storage;

namespace Monitor.Core.Developments;

/// <summary>
/// The set a fold groups again: a batch of new articles, and everything joined to it through pairs
/// that score a join, whole developments at a time, followed to where they were merged, each read
/// once. Closed so under joins, it is a union of whole components of the topic's join graph, and
/// grouping it gives what grouping every article of the topic would give for them: the same
/// developments however the articles were batched.
/// </summary>
internal sealed class JoinClosure(
    MonitorStorage storage,
    NearbyArticles nearbyArticles,
    JoinScore scorer,
    string topic,
    Func<string, string, CancellationToken, Task<TableEntity?>> activeRow)
{
    /// <summary>Development rows read at the same time within one round.</summary>
    private const int ParallelReads = 16;

    private readonly TimeSpan gap = TimeSpan.FromHours(scorer.Rules.MaxGapHours);

    /// <summary>The active development a stored id leads to (null: none), for every id met.</summary>
    private readonly Dictionary<string, string?> activeOf = new(StringComparer.Ordinal);

    /// <summary>The set so far, by article key, as matching reads each article.</summary>
    private readonly Dictionary<string, JoinScore.Prepared> inSet = new(StringComparer.Ordinal);

    /// <summary>Each nearby row's article as matching reads it (with its signature), by row…</summary>
    private readonly Dictionary<string, JoinScore.Prepared?> seen = new(StringComparer.Ordinal);

    /// <summary>…and by article.</summary>
    private readonly Dictionary<string, JoinScore.Prepared> read = new(StringComparer.Ordinal);

    /// <summary>The rows of developments already joined to the set.</summary>
    private readonly HashSet<string> related = new(StringComparer.Ordinal);

    /// <summary>What joined the set since the last round.</summary>
    private List<JoinScore.Prepared> frontier = [];

    /// <summary>The stored developments the set holds whole, each with its articles as stored.</summary>
    public List<(TableEntity Row, List<DevelopmentArticle> Members)> Rows { get; } = [];

    /// <summary>The closed set, as matching reads each article.</summary>
    public IReadOnlyCollection<JoinScore.Prepared> Set => inSet.Values;

    /// <summary>How many nearby rows were read.</summary>
    public int NearbyCount => seen.Count;

    /// <summary>
    /// Closes the set of <paramref name="batch"/> (whose own rows, if stored before, are
    /// <paramref name="ownRows"/>): round after round, the nearby rows that score a join with what
    /// joined last bring their developments, until a round adds nothing.
    /// </summary>
    public async Task CloseAsync(List<DevelopmentArticle> batch, HashSet<string> ownRows, CancellationToken ct)
    {
        batch.ForEach(Include);

        var firstSeen = new HashSet<string>(StringComparer.Ordinal);
        var nearbyRows = new Dictionary<string, TopicArticleEntity>(StringComparer.Ordinal);
        var windows = new List<(DateTimeOffset Earliest, DateTimeOffset Latest)>();
        List<TopicArticleEntity> nearby = [];
        while (frontier.Count > 0)
        {
            var added = frontier;
            frontier = [];

            // The rows near each stretch of time the set covers, read again only for a stretch the
            // set grew into: a batch of articles from several months reads the weeks around each,
            // not everything between them.
            var grew = false;
            foreach (var (earliest, latest) in StretchesOfSet(batch[0].Published))
            {
                if (!windows.Any(w => w.Earliest <= earliest && latest <= w.Latest))
                {
                    windows.Add((earliest, latest));
                    foreach (var row in await nearbyArticles.ReadAsync(storage, topic, earliest, latest, gap, ct).ConfigureAwait(false))
                    {
                        nearbyRows[row.RowKey] = row;
                    }

                    grew = true;
                }
            }

            if (grew)
            {
                nearby = [.. nearbyRows.Values];
            }

            firstSeen.Clear();
            foreach (var row in nearby)
            {
                if (!seen.ContainsKey(row.RowKey))
                {
                    var prepared = TopicArticleRows.MemberOf(row) is { } member ? scorer.Prepare(member) : null;
                    seen[row.RowKey] = prepared;
                    firstSeen.Add(row.RowKey);
                    if (prepared is not null && !ownRows.Contains(row.RowKey))
                    {
                        read.TryAdd(prepared.Article.Key, prepared);
                    }
                }
            }

            // The developments this round names: the batch's own earlier ones, and those of rows
            // that score a join. A row whose development is already being read is not scored: it
            // comes with its development (or, should that be gone, is scored once it is known).
            var wholeSet = new ArticlesByTime(inSet.Values, gap);
            var sinceLastRound = new ArticlesByTime(added, gap);
            var toRelate = new HashSet<string>(StringComparer.Ordinal);
            var joined = new List<(TopicArticleEntity Row, JoinScore.Prepared Candidate)>();
            var waiting = new List<TopicArticleEntity>();
            foreach (var row in nearby)
            {
                if (ownRows.Contains(row.RowKey))
                {
                    if (row.DevelopmentId is { } previous && !activeOf.ContainsKey(previous))
                    {
                        toRelate.Add(previous);
                    }

                    continue;
                }

                if (inSet.ContainsKey(row.ArticleKey) || (row.DevelopmentId is { } known && activeOf.TryGetValue(known, out var active) && active is not null))
                {
                    continue;
                }

                if (row.DevelopmentId is { } named && toRelate.Contains(named))
                {
                    waiting.Add(row);
                    continue;
                }

                // A row met for the first time is scored against the whole set; one met before,
                // only against what joined the set since.
                var candidate = seen[row.RowKey];
                if (candidate is null || !JoinsAny(firstSeen.Contains(row.RowKey) ? wholeSet : sinceLastRound, candidate))
                {
                    continue;
                }

                if (row.DevelopmentId is { } id && !activeOf.ContainsKey(id))
                {
                    toRelate.Add(id);
                }

                joined.Add((row, candidate));
            }

            await RelateAsync(toRelate, ct).ConfigureAwait(false);

            // Rows that waited for a development that is gone are scored now, against the whole set.
            wholeSet = new ArticlesByTime(inSet.Values, gap);
            joined.AddRange(waiting
                .Where(r => activeOf.GetValueOrDefault(r.DevelopmentId!) is null && seen[r.RowKey] is not null)
                .Select(r => (Row: r, Candidate: seen[r.RowKey]!))
                .Where(r => JoinsAny(wholeSet, r.Candidate)));

            // An article whose development was never written (a host stopped between the article's
            // row and its development's) joins the set itself when it scores a join, so that it is
            // not left out of every development.
            foreach (var (row, candidate) in joined)
            {
                if (!inSet.ContainsKey(candidate.Article.Key) && (row.DevelopmentId is null || activeOf.GetValueOrDefault(row.DevelopmentId) is null))
                {
                    Include(candidate.Article);
                }
            }
        }
    }

    private void Include(DevelopmentArticle article)
    {
        if (!inSet.ContainsKey(article.Key))
        {
            var prepared = read.GetValueOrDefault(article.Key) ?? scorer.Prepare(article);
            inSet[article.Key] = prepared;
            frontier.Add(prepared);
        }
    }

    /// <summary>
    /// The stretches of time the set's dated articles cover, earliest first: articles more than twice
    /// the longest gap apart fall in different stretches, whose nearby rows do not overlap (one
    /// stretch at <paramref name="fallback"/> when no article is dated).
    /// </summary>
    private List<(DateTimeOffset Earliest, DateTimeOffset Latest)> StretchesOfSet(DateTimeOffset fallback)
    {
        var dated = inSet.Values.Where(p => !p.Article.PublishedEstimated).Select(p => p.Article.Published).Order().ToList();
        if (dated.Count == 0)
        {
            return [(fallback, fallback)];
        }

        var stretches = new List<(DateTimeOffset Earliest, DateTimeOffset Latest)>();
        var (start, end) = (dated[0], dated[0]);
        foreach (var published in dated.Skip(1))
        {
            if (published - end > 2 * gap)
            {
                stretches.Add((start, end));
                start = published;
            }

            end = published;
        }

        stretches.Add((start, end));
        return stretches;
    }

    /// <summary>
    /// The stored developments named by a round's rows, read at the same time; then, in the order
    /// of their ids, each active one joins the set whole.
    /// </summary>
    private async Task RelateAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var found = new ConcurrentDictionary<string, TableEntity?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = ct }, async (id, token) =>
            found[id] = await activeRow(topic, id, token).ConfigureAwait(false)).ConfigureAwait(false);
        foreach (var id in ids.Order(StringComparer.Ordinal))
        {
            var row = found[id];
            activeOf[id] = row?.RowKey;
            if (row is null || !related.Add(row.RowKey))
            {
                continue;
            }

            var members = DevelopmentRows.MembersOf(row);
            Rows.Add((row, members));
            activeOf[row.RowKey] = row.RowKey;
            members.ForEach(Include);
        }
    }

    /// <summary>True when the article scores a join with at least one of those it could join (near it in time, or undated).</summary>
    private bool JoinsAny(ArticlesByTime pool, JoinScore.Prepared other)
    {
        Span<double> features = stackalloc double[scorer.FeatureCount];
        foreach (var prepared in pool.Near(other))
        {
            var score = scorer.Evaluate(prepared, other, features, out var apart, out var undated);
            if (scorer.Joins(score, apart is not null, undated))
            {
                return true;
            }
        }

        return false;
    }
}
