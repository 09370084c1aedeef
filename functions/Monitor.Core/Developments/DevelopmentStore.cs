using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Monitor.Core.Articles;
using Monitor.Core.Classification;
using Monitor.Core.Storage;

namespace Monitor.Core.Developments;

/// <summary>
/// A topic's developments in Table storage, kept up to date batch after batch. Each relevant
/// article's row in <c>topicarticles</c> (ordered by publication time) names its development and
/// holds what matching needs; each development is one row of <c>developments</c> holding the
/// development as the digest shows it, so a digest reads developments instead of rebuilding them.
/// Adding articles: under the topic's turn, the articles published near them are read, the
/// developments they score a join with (<see cref="JoinScore"/>) are read with their articles
/// (<see cref="JoinClosure"/>), and that set is grouped again by <see cref="DevelopmentGrouper"/>, the code the offline digest uses;
/// each development whose articles changed is rebuilt and written with its ETag, one version step
/// for them all, and a development whose id no group keeps is marked as absorbed by the one holding
/// most of its articles. Adding the same article again gives the same result.
/// </summary>
public sealed partial class DevelopmentStore(MonitorStorage storage, TopicCatalog topics, TimeProvider time, ILogger<DevelopmentStore> log)
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan LeaseWait = TimeSpan.FromSeconds(90);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DevelopmentGrouper> groupers = new(StringComparer.Ordinal);

    /// <summary>Rows of recent articles per topic, as this process last read them (used under the topic's turn only).</summary>
    private readonly NearbyArticles nearbyArticles = new();

    /// <summary>Development rows per topic, as this process last read or wrote them, while no other process wrote since.</summary>
    private readonly DevelopmentRowCache developmentRows = new();

    /// <summary>The messages that give topics their grouping turns, a few per burst.</summary>
    private readonly TurnMessages turnMessages = new(storage);

    /// <summary>One turn at a time per topic within this process.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> turns = new(StringComparer.Ordinal);

    /// <summary>
    /// Adds (or re-adds) a relevant article to the topic's developments and returns its development's
    /// id. Throws when storage fails, so that the caller's trigger retries.
    /// </summary>
    public async Task<string> AddAsync(string topic, DevelopmentArticle article, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(article);
        return (await AddAsync(topic, [article], ct).ConfigureAwait(false))[article.Key];
    }

    /// <summary>
    /// Adds (or re-adds) relevant articles of one topic in one pass, waiting for the topic's turn, and
    /// returns each article's development id by its key. Throws when storage fails.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> AddAsync(string topic, IReadOnlyCollection<DevelopmentArticle> articles, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(articles);
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);

        // Workers of this process take turns on a semaphore, so that only one of them at a time
        // waits for the blob lease, which other processes (Functions instances) share.
        var turn = turns.GetOrAdd(topic, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await using var lease = await TopicLease.AcquireAsync(storage, topic, LeaseDuration, LeaseWait, time, ct).ConfigureAwait(false);
            return await FoldWithRetriesAsync(topic, articles, ct).ConfigureAwait(false);
        }
        finally
        {
            turn.Release();
        }
    }

    private async Task<IReadOnlyDictionary<string, string>> FoldWithRetriesAsync(string topic, IReadOnlyCollection<DevelopmentArticle> articles, CancellationToken ct)
    {
        // An article given twice counts once: its last reading.
        var batch = new Dictionary<string, DevelopmentArticle>(StringComparer.Ordinal);
        foreach (var article in articles)
        {
            batch[article.Key] = article;
        }

        if (batch.Count == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await FoldAsync(topic, [.. batch.Values], ct).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (MonitorStorage.IsConflict(e) && attempt < 5)
            {
                LogConflict(log, topic, batch.Count, attempt);
            }
        }
    }

    /// <summary>
    /// Folds a batch of new (or re-added) articles into the topic's developments, under its turn:
    /// the articles near any of them read once, the developments any of them scores a join with
    /// read once, that set grouped once, each changed development written once, one version step.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>> FoldAsync(string topic, List<DevelopmentArticle> batch, CancellationToken ct)
    {
        // The counter first: the development rows this process knows are the stored ones only if
        // no other process has moved it since.
        var sequence = await TopicVersions.RowAsync(storage, topic, ct).ConfigureAwait(false);
        developmentRows.Check(topic, sequence?.ETag);
        try
        {
            return await FoldAsync(topic, batch, sequence, ct).ConfigureAwait(false);
        }
        catch
        {
            // What was written, if anything, is not known: read the rows again next time.
            developmentRows.Forget(topic);
            throw;
        }
    }

    /// <summary>The fold itself, given the topic's counter row as read at its start (null before the first version).</summary>
    private async Task<IReadOnlyDictionary<string, string>> FoldAsync(string topic, List<DevelopmentArticle> batch, TableEntity? sequence, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var grouper = GrouperFor(topic);
        var scorer = grouper.Scorer;
        var rowKeys = batch.ToDictionary(a => a.Key, a => TopicArticleEntity.RowKeyFor(a.Published, a.Key), StringComparer.Ordinal);
        var ownRows = rowKeys.Values.ToHashSet(StringComparer.Ordinal);
        var closure = new JoinClosure(storage, nearbyArticles, scorer, topic, ActiveRowAsync);
        await closure.CloseAsync(batch, ownRows, ct).ConfigureAwait(false);
        var rows = closure.Rows;

        // The same grouping as offline, over that set (with the text signatures the articles' rows
        // keep, for near-duplicates): a function of the set, so the order in which its articles
        // came does not matter. Developments are stored without signatures.
        var oldDevelopmentOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (row, members) in rows)
        {
            foreach (var member in members)
            {
                oldDevelopmentOf[member.Key] = row.RowKey;
            }
        }

        var closed = System.Diagnostics.Stopwatch.GetTimestamp();
        var set = closure.Set.Select(p => p.Article with { JoinedBy = null }).ToList();
        var clustered = grouper.Cluster(set);
        var grouped = System.Diagnostics.Stopwatch.GetTimestamp();
        var taken = clustered.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        var groups = clustered.Select(g => KeepingId(g, rows, taken)).ToList();
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            foreach (var member in group.Articles.Where(a => rowKeys.ContainsKey(a.Key)))
            {
                targets[member.Key] = group.Id;
            }
        }

        // The articles' own rows first: if what follows fails, a retry finds their developments from them.
        await TopicArticleRows.WriteAsync(storage, topic, batch.Select(a => TopicArticleRows.RowOf(topic, rowKeys[a.Key], a, targets[a.Key])), ct).ConfigureAwait(false);

        // A development whose id no group keeps is absorbed by the group holding most of its articles.
        var newIds = groups.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        var absorbedInto = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (row, members) in rows.Where(r => !newIds.Contains(r.Row.RowKey)))
        {
            var keys = members.Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
            absorbedInto[row.RowKey] = groups
                .OrderByDescending(g => g.Articles.Count(a => keys.Contains(a.Key)))
                .ThenBy(g => g.Id, StringComparer.Ordinal)
                .First().Id;
        }

        // Articles whose development changed point at their new one (a development keeps its id
        // as it grows, so this is rare: a merge, a split, an earlier report).
        var moves = groups.SelectMany(g => g.Articles.Where(a => !rowKeys.ContainsKey(a.Key) && oldDevelopmentOf.GetValueOrDefault(a.Key) != g.Id).Select(a => (Article: a, Target: g.Id))).ToList();
        await TopicArticleRows.MoveAsync(storage, topic, moves, ct).ConfigureAwait(false);

        // Absorbed developments are marked first: should the host stop before the groups are
        // written (when they take more than one transaction), their articles are found again as
        // articles of no development (above), never shown twice.
        var marks = rows.Where(r => absorbedInto.ContainsKey(r.Row.RowKey))
            .Select(r => DevelopmentRows.Write(new TableEntity(topic, r.Row.RowKey) { ["Active"] = false, ["MergedInto"] = absorbedInto[r.Row.RowKey], ["FirstSeen"] = r.Row["FirstSeen"], ["LastUpdated"] = r.Row["LastUpdated"] }, r.Row.ETag))
            .ToList();

        var version = TopicVersions.ValueOf(sequence) + 1;
        var changed = new List<(TableEntity Entity, TableEntity? Existing)>();
        foreach (var group in groups)
        {
            var existing = rows.FirstOrDefault(r => r.Row.RowKey == group.Id).Row;
            var absorbed = (existing?.GetString(DevelopmentRows.AbsorbedColumn) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Concat(rows.Where(r => absorbedInto.GetValueOrDefault(r.Row.RowKey) == group.Id).SelectMany(r => (r.Row.GetString(DevelopmentRows.AbsorbedColumn) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Append(r.Row.RowKey)))
                .Where(id => id != group.Id)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
            var rebuilt = DevelopmentBuilder.Build(group.Id, [.. group.Articles.Select(a => a with { Signature = null })]) with { Absorbed = absorbed };
            var entity = DevelopmentRows.RowOf(topic, rebuilt);

            // When its first article was published, though it may keep only later ones.
            var founded = rebuilt.FirstSeen;
            foreach (var (row, _) in rows.Where(r => r.Row.RowKey == group.Id || absorbedInto.GetValueOrDefault(r.Row.RowKey) == group.Id))
            {
                if ((row.GetDateTimeOffset(DevelopmentRows.FoundedColumn) ?? row.GetDateTimeOffset("FirstSeen")) is { } earlier && earlier < founded)
                {
                    founded = earlier;
                }
            }

            entity[DevelopmentRows.FoundedColumn] = founded.ToUniversalTime();
            if (existing is not null && DevelopmentRows.SameContent(existing, entity))
            {
                continue;
            }

            entity[DevelopmentRows.SequenceColumn] = version;
            changed.Add((entity, existing));
        }

        // Each changed development written once, after the marks, in as few transactions as fit,
        // each row guarded by its ETag (one that did not exist, or existed in an earlier life of its
        // articles, is replaced), and the version counter last, in the same transaction when they
        // fit in one: readers see versions up to the counter, so a version is seen only once it is
        // written. When nothing changed (the same article again), a version written before a crash
        // is made visible.
        var writes = marks.Concat(changed.Select(c => DevelopmentRows.Write(c.Entity, c.Existing?.ETag))).ToList();
        var upTo = writes.Count > 0 ? version : rows.Select(r => r.Row.GetInt64(DevelopmentRows.SequenceColumn) ?? 0).DefaultIfEmpty(0).Max();
        if (TopicVersions.Advance(topic, sequence, upTo) is { } advance)
        {
            writes.Add(advance);
        }

        var etags = await DevelopmentRows.WriteAsync(storage.Developments, writes, ct).ConfigureAwait(false);
        var counterWritten = writes.Count > 0 && writes[^1].Entity.RowKey == TopicVersions.SequenceRowKey;
        developmentRows.Written(
            topic,
            [.. writes.Zip(etags).Where(w => w.First.Entity.RowKey != TopicVersions.SequenceRowKey).Select(w => ((TableEntity)w.First.Entity, w.Second))],
            counterWritten ? etags[^1] : sequence?.ETag);
        foreach (var mark in marks)
        {
            LogMerged(log, topic, mark.Entity.RowKey, absorbedInto[mark.Entity.RowKey]);
        }

        LogFold(log, batch.Count, topic, set.Count, closure.NearbyCount, rows.Count, (long)System.Diagnostics.Stopwatch.GetElapsedTime(started, closed).TotalMilliseconds,
            (long)System.Diagnostics.Stopwatch.GetElapsedTime(closed, grouped).TotalMilliseconds, changed.Count, moves.Count, (long)System.Diagnostics.Stopwatch.GetElapsedTime(grouped).TotalMilliseconds);
        return targets;
    }

    /// <summary>
    /// The group with the id of the stored development it continues when that development holds as
    /// many articles as it keeps (<see cref="DevelopmentRows.MaxStoredArticles"/>, its first ones dropped) and
    /// began no later than any article the group holds: losing its first article must not rename
    /// it. Otherwise the group's id is the grouping's (its earliest article's), as offline.
    /// </summary>
    private static ArticleGroup KeepingId(ArticleGroup group, List<(TableEntity Row, List<DevelopmentArticle> Members)> rows, HashSet<string> taken)
    {
        var founder = DevelopmentIds.Founder(group.Articles);
        if (founder.PublishedEstimated)
        {
            return group;
        }

        var keys = group.Articles.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (row, members) in rows)
        {
            if (members.Count >= DevelopmentRows.MaxStoredArticles && !taken.Contains(row.RowKey)
                && (row.GetDateTimeOffset(DevelopmentRows.FoundedColumn) ?? row.GetDateTimeOffset("FirstSeen")) is { } first && first <= founder.Published
                && members.Count(m => keys.Contains(m.Key)) * 2 > members.Count)
            {
                taken.Remove(group.Id);
                taken.Add(row.RowKey);
                return group with { Id = row.RowKey };
            }
        }

        return group;
    }

    /// <summary>The grouping of a topic, by its file's rules (the default rules for a topic not in the catalog).</summary>
    private DevelopmentGrouper GrouperFor(string topic) =>
        groupers.GetOrAdd(topic, id => new DevelopmentGrouper(topics.Find(id)?.Grouping ?? GroupingRules.Default));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Folded {Count} article(s) of {Topic}: a set of {SetSize} from {Nearby} nearby and {Developments} stored development(s) closed in {ClosureMs} ms, grouped in {GroupMs} ms; {Written} development(s) and {Moves} move(s) written in {WriteMs} ms")]
    private static partial void LogFold(ILogger logger, int count, string topic, int setSize, int nearby, int developments, long closureMs, long groupMs, int written, int moves, long writeMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Development {Merged} of {Topic} merged into {Target}")]
    private static partial void LogMerged(ILogger logger, string topic, string merged, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Development write for {Articles} article(s) in {Topic} met a concurrent change (attempt {Attempt}); trying again")]
    private static partial void LogConflict(ILogger logger, string topic, int articles, int attempt);
}
