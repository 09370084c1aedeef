using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitor.Core.Classification;
using Monitor.Core.Developments;
using Monitor.Core.Feeds;
using Monitor.Core.Storage;

namespace Monitor.Core.Articles;

/// <summary>What became of one incoming blob.</summary>
public enum ProcessOutcome
{
    /// <summary>The article is stored (again, if it was already: the result is the same).</summary>
    Stored,

    /// <summary>The blob failed too often or can never succeed; it now lives in quarantine.</summary>
    Quarantined,

    /// <summary>The blob was gone: already quarantined or deleted.</summary>
    Missing,
}

/// <summary>
/// Turns one incoming blob into a stored article: clean text, language, topic scores, facts; a
/// Table row for queries and a JSON blob for the full record, staged for each topic it is relevant
/// to (the topic's next grouping turn folds it into its developments). This is what the blob
/// trigger calls.
/// Every write is keyed by content, so processing the same blob twice leaves one article.
/// </summary>
public sealed partial class ArticleProcessor(
    MonitorStorage storage,
    ArticleClassifier classifier,
    DevelopmentStore developments,
    SourceCatalog sources,
    IOptions<ProcessingOptions> options,
    TimeProvider time,
    ILogger<ArticleProcessor> log)
{
    /// <summary>
    /// Processes the blob <paramref name="blobName"/> of the incoming container. A transient failure
    /// is recorded and thrown, so the trigger retries; at the last allowed attempt, or when the blob
    /// can never be processed, it is quarantined and the call returns normally.
    /// </summary>
    public async Task<ProcessOutcome> ProcessAsync(string blobName, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        using var span = MonitorTelemetry.Source.StartActivity(MonitorTelemetry.ProcessSpan);
        span?.SetTag(MonitorTelemetry.BlobAttribute, blobName);
        try
        {
            var outcome = await ProcessOnceAsync(blobName, span, ct).ConfigureAwait(false);
            span?.SetTag(MonitorTelemetry.OutcomeAttribute, outcome.ToString());
            return outcome;
        }
        catch (Exception e)
        {
            span?.SetTag(MonitorTelemetry.OutcomeAttribute, "Failed").SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            throw;
        }
    }

    private async Task<ProcessOutcome> ProcessOnceAsync(string blobName, System.Diagnostics.Activity? span, CancellationToken ct)
    {
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        try
        {
            var (item, etag) = await ReadItemAsync(blobName, ct).ConfigureAwait(false);
            if (item is null)
            {
                LogMissing(log, blobName);
                return ProcessOutcome.Missing;
            }

            var article = Build(item);
            await StoreAsync(article, etag, ct).ConfigureAwait(false);
            var relevant = article.Topics.Where(t => t.Relevant).Select(t => t.Topic).ToList();
            LogStored(log, blobName, article.Key, article.Language, relevant.Count == 0 ? "none" : string.Join(",", relevant));
            MonitorTelemetry.ArticlesStored.Add(1, new KeyValuePair<string, object?>(MonitorTelemetry.LanguageAttribute, article.Language));
            span?.SetTag(MonitorTelemetry.LanguageAttribute, article.Language);
            return ProcessOutcome.Stored;
        }
        catch (InvalidIncomingItemException e)
        {
            await QuarantineAsync(blobName, e.Message, failures: 1, ct).ConfigureAwait(false);
            return ProcessOutcome.Quarantined;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var failures = await RecordFailureAsync(blobName, e, ct).ConfigureAwait(false);
            if (failures >= options.Value.MaxAttempts)
            {
                await QuarantineAsync(blobName, e.Message, failures, ct).ConfigureAwait(false);
                return ProcessOutcome.Quarantined;
            }

            LogAttemptFailed(log, blobName, failures, options.Value.MaxAttempts, FailureText.Of(e));
            LogAttemptDetail(log, e, blobName);
            throw;
        }
    }

    /// <summary>
    /// The article's text: the main story of its web page when the poll fetched one (without the
    /// teasers of other stories a page carries), otherwise the feed's summary as plain text.
    /// </summary>
    public static string ArticleText(IncomingItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!string.IsNullOrWhiteSpace(item.PageText)
            && PageStories.Split(item.PageText).FirstOrDefault(s => s.Kind == PageStoryKind.Main) is { } main
            && !string.IsNullOrWhiteSpace(main.Text))
        {
            return main.Text;
        }

        return HtmlText.ToPlainText(item.SummaryHtml);
    }

    /// <summary>
    /// Builds the article for an item, with no storage involved. Every field is held to
    /// <see cref="ItemFields"/>' limits, so that what a feed puts in an item never stops it being stored.
    /// </summary>
    public Article Build(IncomingItem item)
    {
        var source = sources.ById.GetValueOrDefault(item.Source);
        var sourceName = ItemFields.Name(source?.Name ?? item.Outlet) ?? item.Source;

        // A title that is only a dateline, a by-line or a date line is the text's first line.
        var (title, whole) = ArticleTitles.Separate(ItemFields.Title(item.Title), ArticleText(item), sourceName);
        var text = ItemFields.Text(whole);
        var classification = classifier.Classify(title, text);

        // A feed's date is trusted unless it is missing, older than any news it could carry, or
        // claims to be from the future: then the date the text gives stands in (a date line, the
        // dateline, the first sentence), else the fetch time, marked as estimated.
        var fromFeed = ItemFields.IsPlausible(item.Published, item.FetchedAt);
        var fromText = fromFeed ? null : TextDates.Read(text, item.FetchedAt);
        return new Article
        {
            Key = item.ArticleKey,
            Source = item.Source,
            SourceName = sourceName,
            Outlet = ItemFields.Name(item.Outlet ?? source?.Outlet) ?? item.Source,
            ItemId = item.Id,
            Title = title,
            Url = ItemFields.Cut(item.Link, ItemFields.MaxLinkLength),
            Published = fromFeed ? item.Published!.Value : fromText ?? item.FetchedAt,
            PublishedEstimated = !fromFeed && fromText is null,
            PublishedFromText = fromText is not null,
            FetchedAt = item.FetchedAt,
            Language = classification.Language,
            Text = text,
            Topics = classification.Topics,
            Facts = classification.Facts,
        };
    }

    /// <summary>The item and the ETag of the blob it was read from; a null item when the blob is gone.</summary>
    private async Task<(IncomingItem? Item, string ETag)> ReadItemAsync(string blobName, CancellationToken ct)
    {
        BinaryData content;
        string etag;
        try
        {
            var blob = storage.Incoming.GetBlobClient(blobName);
            var download = await blob.DownloadContentAsync(ct).ConfigureAwait(false);
            content = download.Value.Content;
            etag = ArticleEntity.ETagText(download.Value.Details.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, "");
        }

        if (content.ToMemory().Length > options.Value.MaxItemBytes)
        {
            throw new InvalidIncomingItemException($"Item is {content.ToMemory().Length} bytes, over the limit of {options.Value.MaxItemBytes}.");
        }

        IncomingItem? item;
        try
        {
            item = content.ToObjectFromJson<IncomingItem>(MonitorJson.Options);
        }
        catch (JsonException e)
        {
            throw new InvalidIncomingItemException($"Item is not valid JSON: {e.Message}");
        }

        if (item is null || string.IsNullOrWhiteSpace(item.Source) || string.IsNullOrWhiteSpace(item.Id))
        {
            throw new InvalidIncomingItemException("Item has no \"source\" or no \"id\".");
        }

        if (string.IsNullOrWhiteSpace(item.Title) && string.IsNullOrWhiteSpace(item.SummaryHtml))
        {
            throw new InvalidIncomingItemException("Item has neither a title nor a summary: nothing to classify.");
        }

        return (item, etag);
    }

    /// <summary>
    /// The article's blob, its staging for each topic it is relevant to, then its row: the row,
    /// naming the incoming blob's ETag, is written last, so that a blob whose row names its ETag was
    /// processed to the end (a host stopped before that processes the blob again, with the same result).
    /// </summary>
    private async Task StoreAsync(Article article, string incomingETag, CancellationToken ct)
    {
        var blob = storage.ArticleBlobs.GetBlobClient(article.BlobName);
        await blob.UploadAsync(
            BinaryData.FromObjectAsJson(article, MonitorJson.Options),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } },
            ct).ConfigureAwait(false);

        var relevant = article.Topics.Where(t => t.Relevant).ToList();

        // Each topic it is relevant to gets it in its next grouping turn: storing never waits for a topic.
        var origin = new ArticleOrigin(article.Url, article.Source, article.SourceName, article.Published, article.PublishedEstimated) { PublishedFromText = article.PublishedFromText };
        foreach (var topic in relevant)
        {
            var member = DevelopmentArticles.Of(article.Key, null, article.Title, article.Text, origin, article.Language, topic, article.Facts);
            await developments.StageAsync(topic.Topic, member, ct).ConfigureAwait(false);
        }

        await storage.Articles.UpsertEntityAsync(
            new ArticleEntity
            {
                PartitionKey = article.Source,
                RowKey = article.Key,
                Title = article.Title,
                Url = article.Url,
                Published = article.Published,
                FetchedAt = article.FetchedAt,
                Language = article.Language,
                RelevantTopics = string.Join(",", relevant.Select(t => t.Topic)),
                TopScore = article.Topics.Count == 0 ? 0 : article.Topics.Max(t => t.Score),
                IncomingETag = incomingETag,
            },
            Azure.Data.Tables.TableUpdateMode.Replace,
            ct).ConfigureAwait(false);
    }

    private async Task<int> RecordFailureAsync(string blobName, Exception error, CancellationToken ct)
    {
        var key = TableKeys.Escape(blobName);
        var entity = await MonitorStorage.GetOrNullAsync<ProcessingAttemptEntity>(storage.ProcessingAttempts, ProcessingAttemptEntity.Partition, key, ct).ConfigureAwait(false)
            ?? new ProcessingAttemptEntity { RowKey = key };
        entity.Failures++;
        entity.LastError = Truncate(error.Message, 2000);
        entity.LastFailedAt = time.GetUtcNow();
        await storage.ProcessingAttempts.UpsertEntityAsync(entity, Azure.Data.Tables.TableUpdateMode.Replace, ct).ConfigureAwait(false);
        return entity.Failures;
    }

    /// <summary>Copies the blob to quarantine with its error in metadata, then deletes it from incoming.</summary>
    private async Task QuarantineAsync(string blobName, string error, int failures, CancellationToken ct)
    {
        var source = storage.Incoming.GetBlobClient(blobName);
        BinaryData content;
        try
        {
            content = (await source.DownloadContentAsync(ct).ConfigureAwait(false)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return;
        }

        var target = storage.Quarantine.GetBlobClient(blobName);
        await target.UploadAsync(
            content,
            new BlobUploadOptions
            {
                Metadata = new Dictionary<string, string>
                {
                    ["error"] = MetadataSafe(error),
                    ["failures"] = failures.ToString(CultureInfo.InvariantCulture),
                    ["quarantinedAt"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
                },
            },
            ct).ConfigureAwait(false);
        await source.DeleteIfExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        LogQuarantined(log, blobName, failures, error);
    }

    /// <summary>Blob metadata values must be ASCII: keep the message readable and short.</summary>
    private static string MetadataSafe(string message)
    {
        var ascii = new string([.. message.Select(c => c is >= ' ' and <= '~' ? c : '?')]);
        return Truncate(ascii, 1024);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored article {ArticleKey} from {BlobName} ({Language}; relevant to: {Topics})")]
    private static partial void LogStored(ILogger logger, string blobName, string articleKey, string language, string topics);

    [LoggerMessage(Level = LogLevel.Information, Message = "Incoming blob {BlobName} is gone; nothing to do")]
    private static partial void LogMissing(ILogger logger, string blobName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Processing {BlobName} failed (attempt {Failures} of {MaxAttempts}); it will be retried: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, string blobName, int failures, int maxAttempts, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Processing {BlobName} failed")]
    private static partial void LogAttemptDetail(ILogger logger, Exception error, string blobName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Quarantined {BlobName} after {Failures} failure(s): {Error}")]
    private static partial void LogQuarantined(ILogger logger, string blobName, int failures, string error);
}

/// <summary>An incoming blob that can never become an article, whatever the number of tries.</summary>
public sealed class InvalidIncomingItemException(string message) : Exception(message);
