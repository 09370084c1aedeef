using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Monitor.Core.Articles;
using Monitor.Core.Storage;

namespace Monitor.Benchmarks;

/// <summary>
/// The storage requests one article needs and nothing else, the yardstick processing is measured
/// against: download its incoming blob, upload a blob the size of its record, upsert one
/// <c>articles</c> row and one <c>topicarticles</c> row (under keys of their own, in partition
/// <c>bare-ROUND</c>, so that they touch nothing processing reads).
/// </summary>
internal static class BareWrites
{
    public static async Task RunAsync(MonitorStorage storage, IReadOnlyList<(string BlobName, Article Article, BinaryData ArticleJson)> items, string round, int concurrency, CancellationToken ct)
    {
        var json = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } };
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(items, parallel, async (entry, token) =>
        {
            var article = entry.Article;
            await storage.Incoming.GetBlobClient(entry.BlobName).DownloadContentAsync(token).ConfigureAwait(false);
            await storage.ArticleBlobs.GetBlobClient($"bare/{round}/{article.Key}.json").UploadAsync(entry.ArticleJson, json, token).ConfigureAwait(false);
            await storage.Articles.UpsertEntityAsync(
                new ArticleEntity
                {
                    PartitionKey = $"bare-{round}",
                    RowKey = article.Key,
                    Title = article.Title,
                    Url = article.Url,
                    Published = article.Published,
                    FetchedAt = article.FetchedAt,
                    Language = article.Language,
                    RelevantTopics = "detainee-transfers",
                    TopScore = 1,
                },
                TableUpdateMode.Replace,
                token).ConfigureAwait(false);
            await storage.TopicArticles.UpsertEntityAsync(
                new TopicArticleEntity
                {
                    PartitionKey = $"bare-{round}",
                    RowKey = TopicArticleEntity.RowKeyFor(article.Published, article.Key),
                    ArticleKey = article.Key,
                    Title = article.Title,
                    Url = article.Url,
                    Source = article.Source,
                    SourceName = article.SourceName,
                    Language = article.Language,
                    Published = article.Published,
                    Score = 1,
                },
                TableUpdateMode.Replace,
                token).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }
}
