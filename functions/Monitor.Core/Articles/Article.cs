using Monitor.Core.Classification;

namespace Monitor.Core.Articles;

/// <summary>The full record of a processed article, as stored in the articles container.</summary>
public sealed record Article
{
    /// <summary>Content-derived key: the same feed item always gives the same key.</summary>
    public required string Key { get; init; }

    public required string Source { get; init; }

    public required string SourceName { get; init; }

    public required string Outlet { get; init; }

    /// <summary>The item's stable id within its feed.</summary>
    public required string ItemId { get; init; }

    public string? Title { get; init; }

    public string? Url { get; init; }

    /// <summary>When the outlet published it; when the feed gave none, the date its text gives, else the fetch time.</summary>
    public required DateTimeOffset Published { get; init; }

    /// <summary>True when neither the feed nor the text gave a usable publication time.</summary>
    public bool PublishedEstimated { get; init; }

    /// <summary>True when the feed gave no usable publication time and <see cref="Published"/> is the date the text gives.</summary>
    public bool PublishedFromText { get; init; }

    public required DateTimeOffset FetchedAt { get; init; }

    /// <summary>Detected language: "ar", "en" or "other".</summary>
    public required string Language { get; init; }

    /// <summary>The item's text, cleaned of HTML.</summary>
    public required string Text { get; init; }

    public required IReadOnlyList<TopicScore> Topics { get; init; }

    public required ArticleFacts Facts { get; init; }

    /// <summary>Name of the article's blob in the articles container.</summary>
    public string BlobName => BlobNameFor(Source, Key);

    public static string BlobNameFor(string source, string key) => $"{source}/{key}.json";
}
