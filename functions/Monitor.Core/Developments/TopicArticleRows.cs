using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Monitor.Core.Articles;
using Monitor.Core.Storage;

namespace Monitor.Core.Developments;

/// <summary>
/// A relevant article's row in <c>topicarticles</c> (ordered by publication time): the development
/// it belongs to, and the article as matching reads it (<see cref="DevelopmentArticle"/> as JSON).
/// </summary>
internal static class TopicArticleRows
{
    /// <summary>The article's row, naming its development.</summary>
    internal static TopicArticleEntity RowOf(string topic, string rowKey, DevelopmentArticle article, string developmentId) => new()
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

    /// <summary>The article a row holds; null when it holds none that can be read.</summary>
    internal static DevelopmentArticle? MemberOf(TopicArticleEntity row)
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

    /// <summary>Most operations of one Table transaction.</summary>
    private const int TransactionSize = 100;

    /// <summary>Writes (replaces) article rows of one topic, a hundred to a transaction.</summary>
    internal static async Task WriteAsync(MonitorStorage storage, string topic, IEnumerable<TopicArticleEntity> rows, CancellationToken ct)
    {
        foreach (var chunk in rows.DistinctBy(r => r.RowKey).Chunk(TransactionSize))
        {
            if (chunk.Length == 1)
            {
                await storage.TopicArticles.UpsertEntityAsync(chunk[0], TableUpdateMode.Replace, ct).ConfigureAwait(false);
                continue;
            }

            await storage.TopicArticles.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Points article rows at the developments they now belong to, a hundred to a transaction (one
    /// partition: the topic); a transaction refused because a row is missing (a member written by an
    /// older version, which its development row still lists) is done row by row.
    /// </summary>
    internal static async Task MoveAsync(MonitorStorage storage, string topic, IEnumerable<(DevelopmentArticle Article, string Target)> moves, CancellationToken ct)
    {
        var patches = moves
            .Select(m => new TableEntity(topic, TopicArticleEntity.RowKeyFor(m.Article.Published, m.Article.Key)) { ["DevelopmentId"] = m.Target })
            .DistinctBy(p => p.RowKey)
            .ToList();
        foreach (var chunk in patches.Chunk(TransactionSize))
        {
            if (chunk.Length > 1)
            {
                try
                {
                    await storage.TopicArticles.SubmitTransactionAsync(chunk.Select(p => new TableTransactionAction(TableTransactionActionType.UpdateMerge, p, ETag.All)), ct).ConfigureAwait(false);
                    continue;
                }
                catch (TableTransactionFailedException e) when (e.Status == 404)
                {
                    // A row is missing: each on its own below.
                }
            }

            foreach (var patch in chunk)
            {
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
    }
}
