using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Monitor.Core.Storage;

namespace Monitor.Core.Developments;

/// <summary>
/// Grouping as its own step, so that storing an article never waits for its topic: processing
/// stages each relevant article (<see cref="StageAsync"/>: a row in <c>newarticles</c> and a message
/// naming its topic on <c>topicturns</c>), and a grouping turn (<see cref="GroupStagedAsync"/>, the
/// queue trigger's work) takes the topic's lease without waiting, folds everything staged for the
/// topic in batches of <see cref="MaxBatch"/>, and deletes what it folded. A turn that finds the
/// lease taken sends its message back for a little later, so no staged article waits for a turn
/// that has already looked.
/// </summary>
public sealed partial class DevelopmentStore
{
    /// <summary>Most new articles folded in one pass (one read of their neighbours, one write of each development).</summary>
    public const int MaxBatch = 200;

    /// <summary>How long a turn that found the topic busy waits before it comes back.</summary>
    public static readonly TimeSpan BusyRetry = TimeSpan.FromSeconds(5);

    private static readonly string[] StagedColumns = ["PartitionKey", "RowKey", MemberColumn];

    private const string MemberColumn = "Member";

    /// <summary>Stages a relevant article for its topic's next grouping turn; safe to repeat.</summary>
    public async Task StageAsync(string topic, DevelopmentArticle article, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        ArgumentNullException.ThrowIfNull(article);
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        // Keyed by publication time, as the topic's article rows are: a pass folds articles close in time.
        var row = new TableEntity(topic, Articles.TopicArticleEntity.RowKeyFor(article.Published, article.Key)) { [MemberColumn] = JsonSerializer.Serialize(article, MonitorJson.Options) };
        await storage.NewArticles.UpsertEntityAsync(row, TableUpdateMode.Replace, ct).ConfigureAwait(false);
        await turnMessages.EnsureTurnAsync(topic, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// One grouping turn of a topic: folds every article staged for it, batch after batch, and
    /// returns how many; null when another worker holds the topic (its message is then sent back
    /// for <see cref="BusyRetry"/> later). Throws when storage fails, so that the trigger retries;
    /// what was folded stays folded, and folding again gives the same developments.
    /// </summary>
    public async Task<int?> GroupStagedAsync(string topic, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        var turn = turns.GetOrAdd(topic, _ => new SemaphoreSlim(1, 1));
        if (!await turn.WaitAsync(0, ct).ConfigureAwait(false))
        {
            await ComeBackLaterAsync(topic, ct).ConfigureAwait(false);
            return null;
        }

        try
        {
            var folded = 0;
            while (true)
            {
                TopicLease lease;
                try
                {
                    lease = await TopicLease.AcquireAsync(storage, topic, LeaseDuration, TimeSpan.Zero, time, ct).ConfigureAwait(false);
                }
                catch (RequestFailedException e) when (e.Status == 409)
                {
                    await ComeBackLaterAsync(topic, ct).ConfigureAwait(false);
                    return folded == 0 ? null : folded;
                }

                await using (lease.ConfigureAwait(false))
                {
                    // Batch after batch while more was staged than one batch took; what is staged meanwhile is looked for after letting go.
                    var more = true;
                    while (more && await StagedAsync(topic, ct).ConfigureAwait(false) is { Rows.Count: > 0 } batch)
                    {
                        more = batch.More;
                        var staged = batch.Rows;
                        var started = System.Diagnostics.Stopwatch.GetTimestamp();
                        var articles = staged.Select(s => s.Article).OfType<DevelopmentArticle>().ToList();
                        await FoldStagedAsync(topic, articles, ct).ConfigureAwait(false);
                        await UnstageAsync(staged, ct).ConfigureAwait(false);
                        folded += articles.Count;
                        LogFolded(log, topic, articles.Count, (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }

                // An article staged between the last look and letting go may have had its turn
                // refused meanwhile: look once more, now that the topic is free.
                if (!await AnyStagedAsync(topic, ct).ConfigureAwait(false))
                {
                    return folded;
                }
            }
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>
    /// Folds a batch; when something in it cannot be folded (not a storage failure: an article no
    /// development can hold), folds its articles one by one and drops, with an error, only the one
    /// that fails, so that one bad article never holds back its topic.
    /// </summary>
    private async Task FoldStagedAsync(string topic, List<DevelopmentArticle> articles, CancellationToken ct)
    {
        if (articles.Count == 0)
        {
            return;
        }

        try
        {
            await FoldWithRetriesAsync(topic, articles, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RequestFailedException && e is not OperationCanceledException)
        {
            foreach (var article in articles)
            {
                try
                {
                    await FoldWithRetriesAsync(topic, [article], ct).ConfigureAwait(false);
                }
                catch (Exception single) when (single is not RequestFailedException && single is not OperationCanceledException)
                {
                    LogUnfoldable(log, topic, article.Key, single.Message);
                }
            }
        }
    }

    /// <summary>Whether any article of the topic is staged and not yet folded (one row read at most).</summary>
    public async Task<bool> AnyStagedAsync(string topic, CancellationToken ct)
    {
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        await foreach (var _ in storage.NewArticles.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {topic}"), maxPerPage: 1, select: ["RowKey"], cancellationToken: ct).ConfigureAwait(false))
        {
            return true;
        }

        return false;
    }

    /// <summary>When this process last sent a turn back for later, per topic: one pending at a time is enough.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> sentBack = new(StringComparer.Ordinal);

    /// <summary>
    /// A turn that found its topic busy: the holder folds whatever was staged before it lets go, so
    /// one message coming back a little later (in case the holder stops) is all that is needed from
    /// this process, however many turns it found busy meanwhile.
    /// </summary>
    private async Task ComeBackLaterAsync(string topic, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (sentBack.TryGetValue(topic, out var pending) && pending > now)
        {
            return;
        }

        sentBack[topic] = now + BusyRetry;
        LogBusy(log, topic);
        await storage.TopicTurns.SendMessageAsync(topic, BusyRetry, cancellationToken: ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The next batch of the topic's staged rows, earliest published first, each with its article
    /// (null when it cannot be read): up to <see cref="MaxBatch"/> rows, however far apart in time
    /// (the fold reads the articles near each stretch of time they cover, not everything between,
    /// so the stragglers of a backfill spread over months are folded in one pass); <c>More</c>
    /// when rows were left for the next pass.
    /// </summary>
    private async Task<(List<(TableEntity Row, DevelopmentArticle? Article)> Rows, bool More)> StagedAsync(string topic, CancellationToken ct)
    {
        var staged = new List<(TableEntity, DevelopmentArticle?)>();
        await foreach (var row in storage.NewArticles.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {topic}"), maxPerPage: MaxBatch, select: StagedColumns, cancellationToken: ct).ConfigureAwait(false))
        {
            DevelopmentArticle? article = null;
            try
            {
                article = row.GetString(MemberColumn) is { Length: > 0 } json ? JsonSerializer.Deserialize<DevelopmentArticle>(json, MonitorJson.Options) : null;
            }
            catch (JsonException e)
            {
                LogUnreadable(log, topic, row.RowKey, e.Message);
            }

            staged.Add((row, article));
            if (staged.Count == MaxBatch)
            {
                return (staged, true);
            }
        }

        return (staged, false);
    }

    /// <summary>Most operations of one Table transaction.</summary>
    private const int TransactionSize = 100;

    /// <summary>
    /// Deletes folded rows, each only as it was read (its ETag), a hundred to a transaction; when a
    /// transaction is refused because a row was staged again meanwhile or is gone, that hundred is
    /// deleted one by one and a row staged again waits for the next pass.
    /// </summary>
    private async Task UnstageAsync(List<(TableEntity Row, DevelopmentArticle? Article)> staged, CancellationToken ct)
    {
        foreach (var chunk in staged.Select(s => s.Row).Chunk(TransactionSize))
        {
            if (chunk.Length > 1)
            {
                try
                {
                    await storage.NewArticles.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, r.ETag)), ct).ConfigureAwait(false);
                    continue;
                }
                catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
                {
                    // One of them changed: each on its own below.
                }
            }

            foreach (var row in chunk)
            {
                try
                {
                    await storage.NewArticles.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, ct).ConfigureAwait(false);
                }
                catch (RequestFailedException e) when (e.Status is 404 or 412)
                {
                    // Gone already, or staged again since it was read: the next pass folds it.
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grouped {Count} new article(s) of {Topic} into its developments in {Milliseconds} ms")]
    private static partial void LogFolded(ILogger logger, string topic, int count, long milliseconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Topic {Topic} is being grouped elsewhere; this turn comes back shortly")]
    private static partial void LogBusy(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Error, Message = "Article {ArticleKey} cannot be grouped into the developments of {Topic} and is left out of them (it stays stored): {Error}")]
    private static partial void LogUnfoldable(ILogger logger, string topic, string articleKey, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "A staged article {RowKey} of {Topic} cannot be read and is dropped: {Error}")]
    private static partial void LogUnreadable(ILogger logger, string topic, string rowKey, string error);
}
