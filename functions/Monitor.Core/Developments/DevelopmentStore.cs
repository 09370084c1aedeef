using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Monitor.Core.Articles;
using Monitor.Core.Classification;
using Monitor.Core.Storage;

namespace Monitor.Core.Developments;

/// <summary>
/// A topic's developments in Table storage, kept up to date one article at a time. Each relevant
/// article's row in <c>topicarticles</c> (ordered by publication time) names its development and
/// holds what matching needs; each development is one row of <c>developments</c> holding the
/// development as the digest shows it, so a digest reads developments instead of rebuilding them.
/// Adding an article: under the topic's lease, the articles published near it are read, the
/// developments it scores a join with (<see cref="JoinScore"/>) are read with their articles, and
/// that set is grouped again by <see cref="DevelopmentGrouper"/>, the code the offline digest uses;
/// each development whose articles changed is rebuilt and written with its ETag, one version step
/// for them all, and a development whose id no group keeps is marked as absorbed by the one holding
/// most of its articles. Adding the same article again gives the same result.
/// </summary>
public sealed partial class DevelopmentStore(MonitorStorage storage, TopicCatalog topics, TimeProvider time, ILogger<DevelopmentStore> log)
{
    /// <summary>The column listing the ids of developments merged into a development, comma-separated.</summary>
    private const string AbsorbedColumn = "Absorbed";

    /// <summary>The column holding when a development's first article was published, even once that article is no longer kept.</summary>
    private const string FoundedColumn = "Founded";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DevelopmentGrouper> groupers = new(StringComparer.Ordinal);

    /// <summary>A development row holds its compressed JSON in up to this many properties of <see cref="ChunkBytes"/> bytes, view and articles together.</summary>
    private const int MaxChunks = 14;

    /// <summary>The columns (View00, View01…) of the development as the digest shows it.</summary>
    private const string ViewColumn = "View";

    /// <summary>The columns (Members00…) of its articles in full, to rebuild it from.</summary>
    private const string MembersColumn = "Members";

    /// <summary>Largest binary property: Table storage allows 64 KiB.</summary>
    private const int ChunkBytes = 64_000;

    /// <summary>Articles a development keeps: the most recent (fewer when even they would not fit in a row).</summary>
    public const int MaxStoredArticles = 200;

    /// <summary>The row of each topic's partition that counts the versions of its developments.</summary>
    public const string SequenceRowKey = "~version";

    /// <summary>The column holding a development's version (and the counter's value).</summary>
    private const string SequenceColumn = "Seq";

    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LeaseWait = TimeSpan.FromSeconds(90);

    /// <summary>What matching reads of the articles near a new one.</summary>
    private static readonly string[] MatchColumns = ["PartitionKey", "RowKey", "Timestamp", nameof(TopicArticleEntity.DevelopmentId), nameof(TopicArticleEntity.Member)];

    /// <summary>How far before the latest timestamp seen a later read starts, for rows being written at that moment.</summary>
    private static readonly TimeSpan SyncMargin = TimeSpan.FromSeconds(30);

    /// <summary>Rows of recent articles per topic, as this process last read them (used under the topic's turn only).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, NearbyCache> caches = new(StringComparer.Ordinal);

    /// <summary>One turn at a time per topic within this process.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> turns = new(StringComparer.Ordinal);

    /// <summary>
    /// Adds (or re-adds) a relevant article to the topic's developments and returns its development's
    /// id. Throws when storage fails, so that the caller's trigger retries.
    /// </summary>
    public async Task<string> AddAsync(string topic, DevelopmentArticle article, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(article);
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);

        // Workers of this process take turns on a semaphore, so that only one of them at a time
        // waits for the blob lease, which other processes (Functions instances) share.
        var turn = turns.GetOrAdd(topic, _ => new SemaphoreSlim(1, 1));
        await turn.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await using var lease = await TopicLease.AcquireAsync(storage, topic, LeaseDuration, LeaseWait, time, ct).ConfigureAwait(false);
            return await AddWithRetriesAsync(topic, article, ct).ConfigureAwait(false);
        }
        finally
        {
            turn.Release();
        }
    }

    private async Task<string> AddWithRetriesAsync(string topic, DevelopmentArticle article, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AddUnderLeaseAsync(topic, article, ct).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (MonitorStorage.IsConflict(e) && attempt < 5)
            {
                LogConflict(log, topic, article.Key, attempt);
            }
        }
    }

    /// <summary>The topic's developments updated in [<paramref name="since"/>, <paramref name="until"/>] (and begun by its end).</summary>
    public async Task<List<Development>> ReadAsync(string topic, DateTimeOffset since, DateTimeOffset until, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        return await ReadViewsAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {topic} and Active eq true and LastUpdated ge {since.ToUniversalTime()} and FirstSeen le {until.ToUniversalTime()}"),
            ct).ConfigureAwait(false);
    }

    /// <summary>The developments, as the digest shows them, of the rows a filter selects (their view columns only).</summary>
    private async Task<List<Development>> ReadViewsAsync(string filter, CancellationToken ct)
    {
        var developments = new List<Development>();
        await foreach (var row in storage.Developments.QueryAsync<TableEntity>(filter, select: DigestColumns, cancellationToken: ct).ConfigureAwait(false))
        {
            if (DevelopmentOf(row) is { } development)
            {
                developments.Add(development);
            }
        }

        return developments;
    }

    private async Task<string> AddUnderLeaseAsync(string topic, DevelopmentArticle article, CancellationToken ct)
    {
        var grouper = GrouperFor(topic);
        var scorer = grouper.Scorer;
        var rowKey = TopicArticleEntity.RowKeyFor(article.Published, article.Key);
        var nearby = await NearbyAsync(topic, article, TimeSpan.FromHours(scorer.Rules.MaxGapHours), ct).ConfigureAwait(false);
        var own = nearby.FirstOrDefault(r => r.RowKey == rowKey);

        // The developments it may join: those of the nearby articles it scores a join with, and its
        // own earlier one, each followed to where it was merged, each read once.
        var rows = new List<(TableEntity Row, List<DevelopmentArticle> Members)>();
        var activeOf = new Dictionary<string, string?>(StringComparer.Ordinal);
        async Task RelateAsync(string id)
        {
            if (activeOf.ContainsKey(id))
            {
                return;
            }

            var found = await ActiveRowAsync(topic, id, ct).ConfigureAwait(false);
            activeOf[id] = found?.RowKey;
            if (found is null || rows.Any(r => r.Row.RowKey == found.RowKey))
            {
                return;
            }

            rows.Add((found, MembersOf(found)));
            activeOf[found.RowKey] = found.RowKey;
        }

        if (own?.DevelopmentId is { } previous)
        {
            await RelateAsync(previous).ConfigureAwait(false);
        }

        // An article whose development was never written (a host stopped between the article's
        // row and its development's) joins the set itself when it scores a join, so that it is
        // not left out of every development.
        var prepared = scorer.Prepare(article);
        var orphans = new List<DevelopmentArticle>();
        foreach (var row in nearby)
        {
            if (row.RowKey == rowKey || (row.DevelopmentId is { } known && activeOf.TryGetValue(known, out var active) && active is not null))
            {
                continue;
            }

            if (MemberOf(row) is { } member && scorer.Joins(scorer.Score(prepared, scorer.Prepare(member))))
            {
                if (row.DevelopmentId is { } id && !activeOf.ContainsKey(id))
                {
                    await RelateAsync(id).ConfigureAwait(false);
                }

                if (row.DevelopmentId is null || activeOf.GetValueOrDefault(row.DevelopmentId) is null)
                {
                    orphans.Add(member);
                }
            }
        }

        // The same grouping as offline, over the articles of those developments and the new one: a
        // function of that set, so the order in which its articles came does not matter.
        var oldDevelopmentOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var set = new Dictionary<string, DevelopmentArticle>(StringComparer.Ordinal);
        foreach (var (row, members) in rows)
        {
            foreach (var member in members)
            {
                set[member.Key] = member;
                oldDevelopmentOf[member.Key] = row.RowKey;
            }
        }

        foreach (var orphan in orphans)
        {
            set.TryAdd(orphan.Key, orphan with { Signature = null, JoinedBy = null });
        }

        set[article.Key] = article with { Signature = null, JoinedBy = null };
        var clustered = grouper.Cluster(set.Values);
        var taken = clustered.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        var groups = clustered.Select(g => KeepingId(g, rows, taken)).ToList();
        var target = groups.First(g => g.Articles.Any(a => a.Key == article.Key));

        // The article's own row first: if what follows fails, a retry finds its development from it.
        await storage.TopicArticles.UpsertEntityAsync(TopicRow(topic, rowKey, article, target.Id), TableUpdateMode.Replace, ct).ConfigureAwait(false);

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
        foreach (var group in groups)
        {
            var moved = group.Articles.Where(a => a.Key != article.Key && oldDevelopmentOf.GetValueOrDefault(a.Key) != group.Id).ToList();
            await MoveArticlesAsync(topic, moved, group.Id, ct).ConfigureAwait(false);
        }

        // Absorbed developments are marked first: should the host stop before the groups are
        // written, their articles are found again as articles of no development (above), never
        // shown twice.
        var written = false;
        foreach (var (row, _) in rows.Where(r => absorbedInto.ContainsKey(r.Row.RowKey)))
        {
            var into = absorbedInto[row.RowKey];
            var folded = new TableEntity(topic, row.RowKey) { ["Active"] = false, ["MergedInto"] = into, ["FirstSeen"] = row["FirstSeen"], ["LastUpdated"] = row["LastUpdated"] };
            await storage.Developments.UpdateEntityAsync(folded, row.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            LogMerged(log, topic, row.RowKey, into);
            written = true;
        }

        var sequence = await SequenceRowAsync(topic, ct).ConfigureAwait(false);
        var version = (sequence?.GetInt64(SequenceColumn) ?? 0) + 1;
        foreach (var group in groups)
        {
            var existing = rows.FirstOrDefault(r => r.Row.RowKey == group.Id).Row;
            var absorbed = (existing?.GetString(AbsorbedColumn) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Concat(rows.Where(r => absorbedInto.GetValueOrDefault(r.Row.RowKey) == group.Id).SelectMany(r => (r.Row.GetString(AbsorbedColumn) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Append(r.Row.RowKey)))
                .Where(id => id != group.Id)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToList();
            var rebuilt = DevelopmentBuilder.Build(group.Id, group.Articles) with { Absorbed = absorbed };
            var entity = RowOf(topic, rebuilt);

            // When its first article was published, though it may keep only later ones.
            var founded = rebuilt.FirstSeen;
            foreach (var (row, _) in rows.Where(r => r.Row.RowKey == group.Id || absorbedInto.GetValueOrDefault(r.Row.RowKey) == group.Id))
            {
                if ((row.GetDateTimeOffset(FoundedColumn) ?? row.GetDateTimeOffset("FirstSeen")) is { } earlier && earlier < founded)
                {
                    founded = earlier;
                }
            }

            entity[FoundedColumn] = founded.ToUniversalTime();
            if (existing is not null && SameContent(existing, entity))
            {
                continue;
            }

            entity[SequenceColumn] = version;
            if (existing is not null)
            {
                await storage.Developments.UpdateEntityAsync(entity, existing.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            }
            else
            {
                // A development with this id may exist from an earlier life of its articles: replace it.
                await storage.Developments.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            }

            written = true;
        }

        // Last: readers see versions up to the counter, so a version is seen only once it is written.
        // When nothing changed (the same article again), a version written before a crash is made visible.
        var upTo = written ? version : rows.Select(r => r.Row.GetInt64(SequenceColumn) ?? 0).DefaultIfEmpty(0).Max();
        await AdvanceSequenceAsync(topic, sequence, upTo, ct).ConfigureAwait(false);
        return target.Id;
    }

    /// <summary>
    /// The group with the id of the stored development it continues when that development holds as
    /// many articles as it keeps (<see cref="MaxStoredArticles"/>, its first ones dropped) and
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
            if (members.Count >= MaxStoredArticles && !taken.Contains(row.RowKey)
                && (row.GetDateTimeOffset(FoundedColumn) ?? row.GetDateTimeOffset("FirstSeen")) is { } first && first <= founder.Published
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

    /// <summary>
    /// The topic's developments written after version <paramref name="afterVersion"/>, up to the
    /// topic's current version, which is returned: what a subscriber whose cursor is
    /// <paramref name="afterVersion"/> has not had yet. Nothing written later is skipped: a
    /// version becomes visible only once the counter reaches it.
    /// </summary>
    public async Task<(List<Development> Developments, long UpToVersion)> ReadChangedAsync(string topic, long afterVersion, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        var upTo = await CurrentVersionAsync(topic, ct).ConfigureAwait(false);
        if (upTo <= afterVersion)
        {
            return ([], upTo);
        }

        var developments = await ReadViewsAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {topic} and Active eq true and Seq gt {afterVersion} and Seq le {upTo}"),
            ct).ConfigureAwait(false);
        return (developments, upTo);
    }

    /// <summary>The topic's current version: every development written so far has a version at or below it.</summary>
    public async Task<long> CurrentVersionAsync(string topic, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        return (await SequenceRowAsync(topic, ct).ConfigureAwait(false))?.GetInt64(SequenceColumn) ?? 0;
    }

    private Task<TableEntity?> SequenceRowAsync(string topic, CancellationToken ct) =>
        MonitorStorage.GetOrNullAsync<TableEntity>(storage.Developments, topic, SequenceRowKey, ct);

    /// <summary>Moves the topic's version counter up to <paramref name="version"/> (never down), guarded by its ETag.</summary>
    private async Task AdvanceSequenceAsync(string topic, TableEntity? sequence, long version, CancellationToken ct)
    {
        if (sequence is null)
        {
            await storage.Developments.AddEntityAsync(new TableEntity(topic, SequenceRowKey) { [SequenceColumn] = version }, ct).ConfigureAwait(false);
            return;
        }

        if ((sequence.GetInt64(SequenceColumn) ?? 0) >= version)
        {
            return;
        }

        await storage.Developments.UpdateEntityAsync(new TableEntity(topic, SequenceRowKey) { [SequenceColumn] = version }, sequence.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// True when a rebuilt row holds what the stored one does. Brotli gives the same bytes for the
    /// same JSON, so the compressed columns are compared as they are, without decompressing either.
    /// </summary>
    private static bool SameContent(TableEntity stored, TableEntity rebuilt) =>
        SameColumns(stored, rebuilt, ViewColumn) && SameColumns(stored, rebuilt, MembersColumn);

    private static bool SameColumns(TableEntity stored, TableEntity rebuilt, string column)
    {
        var chunks = rebuilt.GetInt32(column + "Chunks") ?? 0;
        if (stored.GetInt32(column + "Chunks") != chunks)
        {
            return false;
        }

        for (var i = 0; i < chunks; i++)
        {
            var name = column + i.ToString("D2", CultureInfo.InvariantCulture);
            if (stored.GetBinary(name) is not { } a || rebuilt.GetBinary(name) is not { } b || !a.AsSpan().SequenceEqual(b))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Rows of articles published within <paramref name="gap"/> (the rules' longest gap) of this
    /// one, the only ones it can relate to. The process remembers the rows it has read for each
    /// topic: when the window is one it has read, only rows written since (by the server's
    /// timestamps, less a margin) are fetched, so a topic with thousands of recent articles is not
    /// read again for every new one.
    /// </summary>
    private async Task<List<TopicArticleEntity>> NearbyAsync(string topic, DevelopmentArticle article, TimeSpan gap, CancellationToken ct)
    {
        var from = TopicArticleEntity.TicksOf(article.Published - gap);
        var to = TopicArticleEntity.TicksOf(article.Published + gap) + "`";
        var cache = caches.GetOrAdd(topic, _ => new NearbyCache());
        var covered = cache.SyncedTo is not null && string.CompareOrdinal(cache.From, from) <= 0 && string.CompareOrdinal(to, cache.To) <= 0;
        if (!covered)
        {
            // Read ahead as well: the next articles, published a little later, then fall in what was read.
            cache.Rows.Clear();
            cache.SyncedTo = null;
            cache.From = from;
            cache.To = TopicArticleEntity.TicksOf(article.Published + (2 * gap)) + "`";
        }

        var filter = covered
            ? TableClient.CreateQueryFilter($"PartitionKey eq {topic} and RowKey ge {cache.From} and RowKey lt {cache.To} and Timestamp ge {cache.SyncedTo!.Value - SyncMargin}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {topic} and RowKey ge {cache.From} and RowKey lt {cache.To}");

        var synced = cache.SyncedTo ?? DateTimeOffset.MinValue;
        await foreach (var row in storage.TopicArticles.QueryAsync<TopicArticleEntity>(filter, select: MatchColumns, cancellationToken: ct).ConfigureAwait(false))
        {
            cache.Rows[row.RowKey] = row;
            if (row.Timestamp is { } stamp && stamp > synced)
            {
                synced = stamp;
            }
        }

        cache.SyncedTo = synced == DateTimeOffset.MinValue ? DateTimeOffset.UnixEpoch : synced;
        return [.. cache.Rows.Values.Where(r => string.CompareOrdinal(r.RowKey, from) >= 0 && string.CompareOrdinal(r.RowKey, to) < 0)];
    }

    /// <summary>The rows of a topic this process has read, and the window and time they are complete for.</summary>
    private sealed class NearbyCache
    {
        public Dictionary<string, TopicArticleEntity> Rows { get; } = new(StringComparer.Ordinal);

        public string From { get; set; } = "";

        public string To { get; set; } = "";

        /// <summary>The latest server timestamp among the rows read; null before the first read.</summary>
        public DateTimeOffset? SyncedTo { get; set; }
    }

    /// <summary>The development row with this id, or the one it was merged into; null when there is none.</summary>
    private async Task<TableEntity?> ActiveRowAsync(string topic, string id, CancellationToken ct)
    {
        for (var hops = 0; hops < 20; hops++)
        {
            var row = await MonitorStorage.GetOrNullAsync<TableEntity>(storage.Developments, topic, id, ct).ConfigureAwait(false);
            if (row is null)
            {
                return null;
            }

            if (row.GetBoolean("Active") == true)
            {
                return row;
            }

            if (row.GetString("MergedInto") is not { Length: > 0 } next)
            {
                return null;
            }

            id = next;
        }

        return null;
    }

    /// <summary>Points the rows of a development's articles at the development it is merged into.</summary>
    private async Task MoveArticlesAsync(string topic, IEnumerable<DevelopmentArticle> articles, string targetId, CancellationToken ct)
    {
        foreach (var member in articles)
        {
            var key = TopicArticleEntity.RowKeyFor(member.Published, member.Key);
            var patch = new TableEntity(topic, key) { ["DevelopmentId"] = targetId };
            try
            {
                await storage.TopicArticles.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, ct).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // A member without its row (written by an older version): its development row still lists it.
            }
        }
    }

    private static TopicArticleEntity TopicRow(string topic, string rowKey, DevelopmentArticle article, string developmentId) => new()
    {
        PartitionKey = topic,
        RowKey = rowKey,
        ArticleKey = article.Key,
        Title = article.Title,
        Url = article.Url,
        Source = article.Source,
        SourceName = article.SourceName,
        Language = article.Language,
        Published = article.Published,
        Score = article.Score,
        DevelopmentId = developmentId,
        Member = JsonSerializer.Serialize(article, MonitorJson.Options),
    };

    private static DevelopmentArticle? MemberOf(TopicArticleEntity row)
    {
        if (string.IsNullOrEmpty(row.Member))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<DevelopmentArticle>(row.Member, MonitorJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// A development's row: its times, type, importance and languages as columns, the development
    /// itself as JSON in chunks. What <see cref="AddAsync"/> writes; public for tools that load many
    /// developments at once (the benchmark).
    /// </summary>
    public static TableEntity RowOf(string topic, Development development)
    {
        ArgumentNullException.ThrowIfNull(development);
        if (development.Articles.Count > MaxStoredArticles)
        {
            // A development keeps its most recent articles: the cost of each new one stays bounded.
            development = DevelopmentBuilder.Build(development.Id, [.. development.Articles.OrderByDescending(a => a.Published).Take(MaxStoredArticles)]) with { Absorbed = development.Absorbed };
        }

        var (view, members) = Serialized(development);
        for (var keep = development.Articles.Count / 2; view.Length + members.Length > MaxChunks * ChunkBytes && keep >= 1; keep /= 2)
        {
            // Even these do not fit in a row: keep fewer, the most recent, and rebuild from them.
            development = DevelopmentBuilder.Build(development.Id, [.. development.Articles.OrderByDescending(a => a.Published).Take(keep)]) with { Absorbed = development.Absorbed };
            (view, members) = Serialized(development);
        }

        var row = new TableEntity(topic, development.Id)
        {
            ["Active"] = true,
            ["FirstSeen"] = development.FirstSeen.ToUniversalTime(),
            ["LastUpdated"] = development.LastUpdated.ToUniversalTime(),
            ["Type"] = development.Type,
            ["Importance"] = development.Importance,
            ["Languages"] = string.Join(",", development.Languages),
            ["Sources"] = string.Join(",", development.Sources),
            ["ArticleCount"] = development.Articles.Count,
            [AbsorbedColumn] = string.Join(",", development.Absorbed),
        };
        Chunk(row, ViewColumn, view);
        Chunk(row, MembersColumn, members);
        return row;
    }

    /// <summary>The development a row holds, as the digest shows it; null when the row holds none that can be read.</summary>
    public static Development? DevelopmentOf(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var json = Joined(row, ViewColumn);
        try
        {
            var development = json.Length == 0 ? null : JsonSerializer.Deserialize<Development>(json, MonitorJson.Options);
            return development is null ? null : development with { Version = row.GetInt64(SequenceColumn) ?? row.Timestamp?.UtcTicks ?? 0 };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The columns a digest reads of a development row: its view and version, not the full articles
    /// kept for rebuilding it (Table storage then sends only these).
    /// </summary>
    public static IReadOnlyList<string> DigestColumns { get; } =
        [ViewColumn + "Chunks", SequenceColumn, "Timestamp", .. Enumerable.Range(0, MaxChunks).Select(i => ViewColumn + i.ToString("D2", CultureInfo.InvariantCulture))];

    /// <summary>
    /// The development as the digest shows it (its articles without their own figures, places,
    /// actors and summaries, which the development gathers) and its articles in full, to rebuild
    /// it from: each as UTF-8 JSON compressed with Brotli (JSON of news shrinks several times, and a
    /// digest reads many rows).
    /// </summary>
    private static (byte[] View, byte[] Members) Serialized(Development development)
    {
        var full = development.Articles.Select(a => a with { Signature = null }).ToList();
        var view = development with
        {
            Articles = [.. full.Select(a => a with { Figures = [], Places = [], Actors = [], LeadPlaces = [], LeadActors = [], Themes = [], LeadThemes = [], LeadNames = [], Summary = null })],
        };
        return (Compress(JsonSerializer.SerializeToUtf8Bytes(view, MonitorJson.Options)), Compress(JsonSerializer.SerializeToUtf8Bytes(full, MonitorJson.Options)));
    }

    /// <summary>The full articles of a development row (those of its view, for a row written before they were kept apart).</summary>
    private static List<DevelopmentArticle> MembersOf(TableEntity row)
    {
        var json = Joined(row, MembersColumn);
        try
        {
            if (json.Length > 0 && JsonSerializer.Deserialize<List<DevelopmentArticle>>(json, MonitorJson.Options) is { } members)
            {
                return members;
            }
        }
        catch (JsonException)
        {
            // Fall back to the view's articles.
        }

        return [.. DevelopmentOf(row)?.Articles ?? []];
    }

    private static byte[] Compress(byte[] utf8)
    {
        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(utf8.Length)];
        if (!BrotliEncoder.TryCompress(utf8, buffer, out var written, quality: 5, window: 22))
        {
            throw new InvalidOperationException("Brotli could not compress a development.");
        }

        var compressed = new byte[written + 4];
        BinaryPrimitives.WriteInt32LittleEndian(compressed, utf8.Length);
        buffer.AsSpan(0, written).CopyTo(compressed.AsSpan(4));
        return compressed;
    }

    /// <summary>Writes compressed bytes in binary columns of at most <see cref="ChunkBytes"/> (Column00, Column01…).</summary>
    private static void Chunk(TableEntity row, string column, byte[] bytes)
    {
        var chunks = 0;
        for (var start = 0; start < bytes.Length; start += ChunkBytes)
        {
            row[column + chunks.ToString("D2", CultureInfo.InvariantCulture)] = bytes.AsSpan(start, Math.Min(ChunkBytes, bytes.Length - start)).ToArray();
            chunks++;
        }

        row[column + "Chunks"] = chunks;
    }

    /// <summary>The UTF-8 JSON a row's columns hold; empty when there is none.</summary>
    private static byte[] Joined(TableEntity row, string column)
    {
        var chunks = row.GetInt32(column + "Chunks") ?? 0;
        var parts = new List<byte[]>(chunks);
        for (var i = 0; i < chunks; i++)
        {
            if (row.GetBinary(column + i.ToString("D2", CultureInfo.InvariantCulture)) is { } part)
            {
                parts.Add(part);
            }
        }

        var compressed = parts.Count == 1 ? parts[0] : [.. parts.SelectMany(p => p)];
        if (compressed.Length < 4)
        {
            return [];
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(compressed);
        if (length is < 0 or > 64 * 1024 * 1024)
        {
            return [];
        }

        var json = new byte[length];
        return BrotliDecoder.TryDecompress(compressed.AsSpan(4), json, out var written) && written == length ? json : [];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Development {Merged} of {Topic} merged into {Target}")]
    private static partial void LogMerged(ILogger logger, string topic, string merged, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Development write for {ArticleKey} in {Topic} met a concurrent change (attempt {Attempt}); trying again")]
    private static partial void LogConflict(ILogger logger, string topic, string articleKey, int attempt);
}

/// <summary>
/// A blob lease that lets one process at a time change a topic's developments. Waits for the lease
/// with jitter; a holder that dies frees it when the lease expires.
/// </summary>
internal sealed class TopicLease : IAsyncDisposable
{
    /// <summary>Lease blobs this process has made sure exist.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Created = new(StringComparer.Ordinal);

    private readonly BlobLeaseClient client;

    private TopicLease(BlobLeaseClient client) => this.client = client;

    public static async Task<TopicLease> AcquireAsync(MonitorStorage storage, string topic, TimeSpan duration, TimeSpan wait, TimeProvider time, CancellationToken ct)
    {
        var blob = storage.Leases.GetBlobClient("developments/" + TableKeys.Escape(topic));
        if (!Created.ContainsKey(blob.Uri.AbsoluteUri))
        {
            try
            {
                await blob.UploadAsync(BinaryData.Empty, overwrite: false, ct).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // It exists (and may be leased): fine.
            }

            Created.TryAdd(blob.Uri.AbsoluteUri, true);
        }

        var client = blob.GetBlobLeaseClient();
        var deadline = time.GetUtcNow() + wait;
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            try
            {
                await client.AcquireAsync(duration, cancellationToken: ct).ConfigureAwait(false);
                return new TopicLease(client);
            }
            catch (RequestFailedException e) when (e.Status == 409 && time.GetUtcNow() < deadline)
            {
                await Task.Delay(delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 30)), time, ct).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(500, delay.TotalMilliseconds * 2));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await client.ReleaseAsync().ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Lost or expired: nothing to release.
        }
    }
}
