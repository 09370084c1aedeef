using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Monitor.Core.Articles;
using Monitor.Core.Storage;

namespace Monitor.Core.Developments;

/// <summary>
/// A topic's developments in Table storage, kept up to date one article at a time. Each relevant
/// article's row in <c>topicarticles</c> (ordered by publication time) names its development and
/// holds what matching needs; each development is one row of <c>developments</c> holding the
/// development as the digest shows it, so a digest reads developments instead of rebuilding them.
/// Adding an article: under the topic's lease, the articles published near it are read, the
/// developments it relates to are found (<see cref="DevelopmentMatcher"/>), merged when there are
/// several, and the development is rebuilt from its articles and written with its ETag. Adding
/// the same article again gives the same result.
/// </summary>
public sealed partial class DevelopmentStore(MonitorStorage storage, TimeProvider time, ILogger<DevelopmentStore> log)
{
    /// <summary>A development row holds its JSON in up to this many properties of <see cref="ChunkLength"/> characters.</summary>
    private const int MaxChunks = 15;

    private const int ChunkLength = 30_000;

    /// <summary>Articles kept in a development row when its JSON would not fit: the most recent.</summary>
    private const int MaxStoredArticles = 300;

    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LeaseWait = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Adds (or re-adds) a relevant article to the topic's developments and returns its development's
    /// id. Throws when storage fails, so that the caller's trigger retries.
    /// </summary>
    public async Task<string> AddAsync(string topic, DevelopmentArticle article, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(article);
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        await using var lease = await TopicLease.AcquireAsync(storage, topic, LeaseDuration, LeaseWait, time, ct).ConfigureAwait(false);
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
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {topic} and Active eq true and LastUpdated ge {since.ToUniversalTime()} and FirstSeen le {until.ToUniversalTime()}");
        var developments = new List<Development>();
        await foreach (var row in storage.Developments.QueryAsync<TableEntity>(filter, cancellationToken: ct).ConfigureAwait(false))
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
        var rowKey = TopicArticleEntity.RowKeyFor(article.Published, article.Key);
        var nearby = await NearbyAsync(topic, article, ct).ConfigureAwait(false);
        var own = nearby.FirstOrDefault(r => r.RowKey == rowKey);

        // The developments it relates to, each followed to where it was merged.
        var related = new HashSet<string>(StringComparer.Ordinal);
        if (own?.DevelopmentId is { } previous)
        {
            related.Add(previous);
        }

        foreach (var row in nearby)
        {
            if (row.RowKey != rowKey && row.DevelopmentId is { } id && MemberOf(row) is { } member && DevelopmentMatcher.Relate(article, member) is not null)
            {
                related.Add(id);
            }
        }

        var rows = new List<(TableEntity Row, Development Development)>();
        foreach (var id in related)
        {
            if (await ActiveRowAsync(topic, id, ct).ConfigureAwait(false) is { } found && rows.All(r => r.Row.RowKey != found.Row.RowKey))
            {
                rows.Add(found);
            }
        }

        // The development seen first keeps its id; the others fold into it.
        rows.Sort((a, b) => a.Development.FirstSeen != b.Development.FirstSeen
            ? a.Development.FirstSeen.CompareTo(b.Development.FirstSeen)
            : string.CompareOrdinal(a.Development.Id, b.Development.Id));
        var targetId = rows.Count > 0 ? rows[0].Development.Id : DevelopmentIds.For(article);
        var members = new Dictionary<string, DevelopmentArticle>(StringComparer.Ordinal);
        foreach (var (_, development) in rows)
        {
            foreach (var member in development.Articles)
            {
                members[member.Key] = member;
            }
        }

        members[article.Key] = article with { Signature = null };

        // The article's own row first: if what follows fails, a retry finds its development from it.
        await storage.TopicArticles.UpsertEntityAsync(TopicRow(topic, rowKey, article, targetId), TableUpdateMode.Replace, ct).ConfigureAwait(false);

        var merged = rows.Skip(1).ToList();
        foreach (var (row, development) in merged)
        {
            await MoveArticlesAsync(topic, development, targetId, ct).ConfigureAwait(false);
        }

        var rebuilt = DevelopmentBuilder.Build(targetId, [.. members.Values]);
        var entity = RowOf(topic, rebuilt);
        if (rows.Count > 0)
        {
            entity.ETag = rows[0].Row.ETag;
            await storage.Developments.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
        }
        else
        {
            // A development with this id may exist from an earlier life of the same article: replace it.
            await storage.Developments.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct).ConfigureAwait(false);
        }

        foreach (var (row, _) in merged)
        {
            var folded = new TableEntity(topic, row.RowKey) { ["Active"] = false, ["MergedInto"] = targetId, ["FirstSeen"] = row["FirstSeen"], ["LastUpdated"] = row["LastUpdated"] };
            await storage.Developments.UpdateEntityAsync(folded, row.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            LogMerged(log, topic, row.RowKey, targetId);
        }

        return targetId;
    }

    /// <summary>Rows of articles published within <see cref="DevelopmentMatcher.NearDuplicateGap"/> of this one, the only ones it can relate to.</summary>
    private async Task<List<TopicArticleEntity>> NearbyAsync(string topic, DevelopmentArticle article, CancellationToken ct)
    {
        var from = TopicArticleEntity.TicksOf(article.Published - DevelopmentMatcher.NearDuplicateGap);
        var to = TopicArticleEntity.TicksOf(article.Published + DevelopmentMatcher.NearDuplicateGap) + "`";
        var rows = new List<TopicArticleEntity>();
        await foreach (var row in storage.TopicArticles.QueryAsync<TopicArticleEntity>(
            e => e.PartitionKey == topic && e.RowKey.CompareTo(from) >= 0 && e.RowKey.CompareTo(to) < 0,
            cancellationToken: ct).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The development row with this id, or the one it was merged into; null when there is none.</summary>
    private async Task<(TableEntity Row, Development Development)?> ActiveRowAsync(string topic, string id, CancellationToken ct)
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
                return DevelopmentOf(row) is { } development ? (row, development) : null;
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
    private async Task MoveArticlesAsync(string topic, Development from, string targetId, CancellationToken ct)
    {
        foreach (var member in from.Articles)
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
        Counts = string.Join(",", article.Figures.Select(f => f.Value.ToString(CultureInfo.InvariantCulture)).Distinct()),
        Places = string.Join(",", article.Places),
        Actors = string.Join(",", article.Actors),
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
        var json = JsonSerializer.Serialize(development, MonitorJson.Options);
        if (json.Length > MaxChunks * ChunkLength)
        {
            // Too many articles to keep them all: keep the most recent and rebuild from them.
            var kept = development.Articles.OrderByDescending(a => a.Published).Take(MaxStoredArticles).ToList();
            development = DevelopmentBuilder.Build(development.Id, kept);
            json = JsonSerializer.Serialize(development, MonitorJson.Options);
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
        };
        var chunks = 0;
        for (var start = 0; start < json.Length; start += ChunkLength)
        {
            row["Json" + chunks.ToString("D2", CultureInfo.InvariantCulture)] = json.Substring(start, Math.Min(ChunkLength, json.Length - start));
            chunks++;
        }

        row["JsonChunks"] = chunks;
        return row;
    }

    /// <summary>The development a row holds; null when the row holds none that can be read.</summary>
    public static Development? DevelopmentOf(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var chunks = row.GetInt32("JsonChunks") ?? 0;
        var json = new StringBuilder();
        for (var i = 0; i < chunks; i++)
        {
            json.Append(row.GetString("Json" + i.ToString("D2", CultureInfo.InvariantCulture)));
        }

        try
        {
            return json.Length == 0 ? null : JsonSerializer.Deserialize<Development>(json.ToString(), MonitorJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
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
    private readonly BlobLeaseClient client;

    private TopicLease(BlobLeaseClient client) => this.client = client;

    public static async Task<TopicLease> AcquireAsync(MonitorStorage storage, string topic, TimeSpan duration, TimeSpan wait, TimeProvider time, CancellationToken ct)
    {
        var blob = storage.Leases.GetBlobClient("developments/" + TableKeys.Escape(topic));
        try
        {
            await blob.UploadAsync(BinaryData.Empty, overwrite: false, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // It exists (and may be leased): fine.
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
