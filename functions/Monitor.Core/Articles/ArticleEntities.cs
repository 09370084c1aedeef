using Azure;
using Azure.Data.Tables;

namespace Monitor.Core.Articles;

/// <summary>A processed article, one row per feed item: PartitionKey = source id, RowKey = article key.</summary>
public sealed class ArticleEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string? Title { get; set; }

    public string? Url { get; set; }

    public DateTimeOffset Published { get; set; }

    public DateTimeOffset FetchedAt { get; set; }

    public string Language { get; set; } = "";

    /// <summary>Topics the article is relevant to, comma-separated.</summary>
    public string RelevantTopics { get; set; } = "";

    /// <summary>Best score over all topics.</summary>
    public double TopScore { get; set; }

    /// <summary>
    /// The ETag of the incoming blob (<c>incoming/{source}/{key}.json</c>) the article was read from.
    /// The row is written last, once the article is staged for its topics, so it is also the local
    /// host's receipt: a blob whose row names its current ETag is done.
    /// </summary>
    public string? IncomingETag { get; set; }

    /// <summary>An ETag as <see cref="IncomingETag"/> keeps it, the same whether a listing or a download gave it (without quotes).</summary>
    public static string ETagText(ETag etag) => etag.ToString().Trim('"');
}

/// <summary>
/// A relevant article under one topic, ordered by publication time so that a digest reads one
/// partition range: PartitionKey = topic id, RowKey = <see cref="RowKeyFor"/>.
/// </summary>
public sealed class TopicArticleEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string ArticleKey { get; set; } = "";

    public string? Title { get; set; }

    public string? Url { get; set; }

    public string Source { get; set; } = "";

    public string SourceName { get; set; } = "";

    public string Language { get; set; } = "";

    public DateTimeOffset Published { get; set; }

    public double Score { get; set; }

    /// <summary>The development the article belongs to (see <c>DevelopmentStore</c>).</summary>
    public string? DevelopmentId { get; set; }

    /// <summary>The article as the developments read it (<c>DevelopmentArticle</c> as JSON, with its text signature).</summary>
    public string? Member { get; set; }

    /// <summary>Row keys sort by publication time: 19-digit UTC ticks, then the article key.</summary>
    public static string RowKeyFor(DateTimeOffset published, string articleKey) =>
        $"{TicksOf(published)}_{articleKey}";

    /// <summary>The lowest row key at or after a time, for range queries.</summary>
    public static string TicksOf(DateTimeOffset time) =>
        time.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Failed processing attempts of one incoming blob: PartitionKey "incoming", RowKey = escaped blob name.</summary>
public sealed class ProcessingAttemptEntity : ITableEntity
{
    public const string Partition = "incoming";

    public string PartitionKey { get; set; } = Partition;

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public int Failures { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset LastFailedAt { get; set; }
}
