using Monitor.Core.Articles;
using Monitor.Core.Developments;
using Monitor.Core.Storage;

namespace Monitor.Core.Digests;

/// <summary>Builds a topic's digest from the stored relevant articles in a time window.</summary>
public sealed class DigestService(MonitorStorage storage, TimeProvider time)
{
    public async Task<Digest> BuildAsync(DigestQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);

        var from = TopicArticleEntity.TicksOf(query.Since);
        var to = TopicArticleEntity.TicksOf(query.Until);

        // One partition, one row-key range: the rows are ordered by publication time.
        // '`' sorts after '_', so "<until ticks>`" takes every article published at the until instant.
        var rows = storage.TopicArticles.QueryAsync<TopicArticleEntity>(
            e => e.PartitionKey == query.Topic && e.RowKey.CompareTo(from) >= 0 && e.RowKey.CompareTo(to + "`") < 0,
            cancellationToken: ct);

        var articles = new List<DevelopmentArticle>();
        await foreach (var row in rows.ConfigureAwait(false))
        {
            articles.Add(new DevelopmentArticle(
                row.ArticleKey,
                row.Title,
                row.Url,
                row.Source,
                row.SourceName,
                row.Language,
                row.Published,
                row.Score,
                SplitLongs(row.Counts),
                Split(row.Places),
                Split(row.Actors)));
        }

        return new Digest(query.Topic, time.GetUtcNow(), query.Since, query.Until, DevelopmentGrouper.Group(articles));
    }

    private static string[] Split(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static long[] SplitLongs(string value) =>
        [.. Split(value).Select(v => long.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1).Where(n => n >= 0)];
}
