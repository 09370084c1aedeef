using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitor.Core.Articles;
using Monitor.Core.Storage;

namespace Monitor.Core.Feeds;

/// <summary>
/// Polls the configured feeds and writes each new item, once, as an <see cref="IncomingItem"/> blob.
/// One feed failing never stops the others; its failure is recorded in its <see cref="FeedState"/>.
/// </summary>
public sealed partial class FeedPoller
{
    private const int MaxStoredErrorLength = 2000;
    private const int MaxStoredIdLength = 4000;

    private readonly SourceCatalog catalog;
    private readonly MonitorStorage storage;
    private readonly FeedFetcher fetcher;
    private readonly FeedOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<FeedPoller> log;

    public FeedPoller(SourceCatalog catalog, MonitorStorage storage, IHttpClientFactory http, IOptions<FeedOptions> options, TimeProvider time, ILogger<FeedPoller> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.catalog = catalog;
        this.storage = storage;
        this.options = options.Value;
        this.fetcher = new FeedFetcher(http, this.options);
        this.time = time;
        this.log = log;
    }

    /// <summary>
    /// Polls the feed of one queue message (see <see cref="DueFeeds"/>), unless its next due time
    /// has moved past the one the message was sent for (it was polled, or is being polled), or it is
    /// no longer configured or enabled: returns null then.
    /// </summary>
    public async Task<FeedPollResult?> PollQueuedAsync(FeedPollRequest request, CancellationToken ct) =>
        await PollQueuedAsync(request, 1, ct).ConfigureAwait(false);

    /// <summary>
    /// As <see cref="PollQueuedAsync(FeedPollRequest, CancellationToken)"/>, for a message delivered
    /// <paramref name="dequeueCount"/> times: a message delivered again was not finished (its host
    /// stopped mid-poll, or the poll threw), so its feed is polled even though the due time it
    /// claimed has moved on; the items the first attempt wrote are not written twice.
    /// </summary>
    public async Task<FeedPollResult?> PollQueuedAsync(FeedPollRequest request, long dequeueCount, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        if (!catalog.ById.TryGetValue(request.Feed, out var source) || !source.Enabled)
        {
            LogNotConfigured(log, request.Feed);
            return null;
        }

        var stored = await MonitorStorage.GetOrNullAsync<FeedState>(storage.FeedStates, FeedState.Partition, source.Id, ct).ConfigureAwait(false);
        if (dequeueCount <= 1 && stored?.NextPollAt is { } next && next > request.Due)
        {
            LogAlreadyPolled(log, source.Id, request.Due, next);
            return null;
        }

        // The claim, written before the fetch and guarded by the state's ETag, so that of two
        // instances given the same due time only one fetches: the next due time moves on. For a
        // healthy feed it is what a poll that finds nothing new stores (checked now, a success like
        // the last one), so an unchanged feed costs this one write; a poll that finds more, and
        // the poll of a failing or new feed, write their state once more (their status shows
        // nothing provisional meanwhile).
        var now = time.GetUtcNow();
        var state = stored ?? FeedState.NewFor(source.Id);
        var claim = state.Copy();
        claim.NextPollAt = PollSchedule.AfterSuccess(now, source.PollInterval, ServerHints.None with { TtlMinutes = state.TtlMinutes }, options.MaxServerDelay);
        if (state.LastCheckedAt is not null && state.ConsecutiveFailures == 0)
        {
            claim.LastCheckedAt = now;
            claim.LastSuccessAt = now;
            claim.LastHttpStatus = state.HttpETag is not null || state.LastModified is not null ? 304 : 200;
            claim.LastNewItems = 0;
        }

        try
        {
            claim.ETag = state.ETag == default
                ? (await storage.FeedStates.AddEntityAsync(claim, ct).ConfigureAwait(false)).Headers.ETag ?? default
                : (await storage.FeedStates.UpdateEntityAsync(claim, state.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false)).Headers.ETag ?? default;
        }
        catch (RequestFailedException e) when (MonitorStorage.IsConflict(e))
        {
            LogPolledElsewhere(log, source.Id, request.Due);
            return null;
        }

        var polled = claim.Copy();
        var result = await FetchOrRecordAsync(source, polled, now, ct).ConfigureAwait(false);
        if (!polled.SameAs(claim))
        {
            try
            {
                await storage.FeedStates.UpdateEntityAsync(polled, claim.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (MonitorStorage.IsConflict(e))
            {
                LogPolledElsewhere(log, source.Id, request.Due);
            }
        }

        return result;
    }

    /// <summary>Polls the given feeds now, whatever their schedule says.</summary>
    public async Task<PollReport> PollAsync(IEnumerable<FeedSource> sources, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sources);
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        var states = await FeedState.LoadAllAsync(storage.FeedStates, ct).ConfigureAwait(false);
        return await PollAllAsync(sources.DistinctBy(s => s.Id).ToList(), states, ct).ConfigureAwait(false);
    }

    private async Task<PollReport> PollAllAsync(IReadOnlyList<FeedSource> sources, Dictionary<string, FeedState> states, CancellationToken ct)
    {
        using var span = MonitorTelemetry.Source.StartActivity(MonitorTelemetry.PollSpan);
        span?.SetTag(MonitorTelemetry.FeedsAttribute, sources.Count);
        if (sources.Count == 0)
        {
            LogNothingDue(log);
            return PollReport.Empty;
        }

        var results = new FeedPollResult[sources.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(Enumerable.Range(0, sources.Count), parallel, async (i, token) =>
        {
            var source = sources[i];
            var state = states.TryGetValue(source.Id, out var stored) ? stored : FeedState.NewFor(source.Id);
            results[i] = await PollOneAsync(source, state, token).ConfigureAwait(false);
        }).ConfigureAwait(false);

        var report = new PollReport(results);
        LogPollDone(log, report.Polled, report.Updated, report.NotModified + report.Unchanged, report.Failed, report.NewItems);
        return report;
    }

    /// <summary>Fetches and stores one feed's new items, recording the outcome in <paramref name="state"/>; an unexpected error is recorded as a failure.</summary>
    private async Task<FeedPollResult> FetchOrRecordAsync(FeedSource source, FeedState state, DateTimeOffset now, CancellationToken ct)
    {
        using var span = MonitorTelemetry.Source.StartActivity(MonitorTelemetry.FetchSpan);
        span?.SetTag(MonitorTelemetry.FeedAttribute, source.Id);
        var result = await FetchOrFailAsync(source, state, now, ct).ConfigureAwait(false);
        var feed = new KeyValuePair<string, object?>(MonitorTelemetry.FeedAttribute, source.Id);
        MonitorTelemetry.ItemsPolled.Add(result.NewItems, feed);
        span?.SetTag(MonitorTelemetry.OutcomeAttribute, result.Outcome.ToString()).SetTag(MonitorTelemetry.NewItemsAttribute, result.NewItems);
        if (result.Outcome == FeedPollOutcome.Failed)
        {
            MonitorTelemetry.FeedsFailed.Add(1, feed, new(MonitorTelemetry.ReasonAttribute, result.FailureReason?.ToString()));
            span?.SetTag(MonitorTelemetry.ReasonAttribute, result.FailureReason?.ToString()).SetStatus(System.Diagnostics.ActivityStatusCode.Error, result.Error);
        }

        return result;
    }

    private async Task<FeedPollResult> FetchOrFailAsync(FeedSource source, FeedState state, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            return await FetchAndStoreAsync(source, state, now, ct).ConfigureAwait(false);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            LogUnexpected(log, source.Id, FailureText.Of(e));
            LogUnexpectedDetail(log, e, source.Id);
            return RecordFailure(source, state, now, FeedFailureReason.Unexpected, e.Message, null, ServerHints.None);
        }
    }

    private async Task<FeedPollResult> PollOneAsync(FeedSource source, FeedState state, CancellationToken ct)
    {
        var result = await FetchOrRecordAsync(source, state, time.GetUtcNow(), ct).ConfigureAwait(false);
        try
        {
            await storage.FeedStates.UpsertEntityAsync(state, TableUpdateMode.Replace, ct).ConfigureAwait(false);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            LogStateNotSaved(log, source.Id, FailureText.Of(e));
        }

        return result;
    }

    private async Task<FeedPollResult> FetchAndStoreAsync(FeedSource source, FeedState state, DateTimeOffset fetchedAt, CancellationToken ct)
    {
        var fetch = await fetcher.FetchAsync(source.Url, state.HttpETag, state.LastModified, ct).ConfigureAwait(false);
        if (!fetch.Succeeded)
        {
            return RecordFailure(source, state, fetchedAt, fetch.FailureReason!.Value, fetch.Error, fetch.StatusCode, fetch.Hints);
        }

        if (fetch.NotModified)
        {
            LogNotModified(log, source.Id);
            return RecordSuccess(source, state, fetchedAt, fetch, FeedPollOutcome.NotModified, 0, state.ContentHash, state.TtlMinutes);
        }

        var body = fetch.Body ?? [];
        var hash = Convert.ToHexStringLower(SHA256.HashData(body));
        if (string.Equals(hash, state.ContentHash, StringComparison.Ordinal))
        {
            LogUnchanged(log, source.Id);
            return RecordSuccess(source, state, fetchedAt, fetch, FeedPollOutcome.Unchanged, 0, hash, state.TtlMinutes);
        }

        ParsedFeed feed;
        try
        {
            feed = FeedDocument.Parse(FeedDecoding.Decode(body, fetch.Charset), fetch.FinalUrl);
        }
        catch (FeedFormatException e)
        {
            return RecordFailure(source, state, fetchedAt, e.Reason, e.Message, fetch.StatusCode, fetch.Hints);
        }

        var newItems = await StoreNewItemsAsync(source, feed, fetchedAt, ct).ConfigureAwait(false);
        if (newItems > 0)
        {
            LogNewItems(log, source.Id, newItems, feed.Items.Count);
        }

        return RecordSuccess(source, state, fetchedAt, fetch, FeedPollOutcome.Updated, newItems, hash, feed.TtlMinutes);
    }

    /// <summary>
    /// Writes each item not seen before: the incoming blob first (create-only), then the seen row,
    /// so a crash between the two is repaired by the next poll.
    /// </summary>
    private async Task<int> StoreNewItemsAsync(FeedSource source, ParsedFeed feed, DateTimeOffset fetchedAt, CancellationToken ct)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var written = 0;
        if (feed.Items.Count > options.MaxItemsPerPoll)
        {
            LogTooManyItems(log, source.Id, feed.Items.Count, options.MaxItemsPerPoll);
        }

        foreach (var item in feed.Items.Take(options.MaxItemsPerPoll))
        {
            if (!ids.Add(item.Id))
            {
                continue;
            }

            var rowKey = TableKeys.Hash(item.Id);
            if (await MonitorStorage.GetOrNullAsync<SeenItem>(storage.SeenItems, source.Id, rowKey, ct).ConfigureAwait(false) is not null)
            {
                continue;
            }

            var incoming = new IncomingItem
            {
                Source = source.Id,
                Id = item.Id,
                // Cut to lengths that keep the blob under the processing limit, whatever the feed sent.
                Title = ItemFields.Cut(item.Title, ItemFields.MaxRawTitleLength),
                Link = ItemFields.Cut(item.Link, ItemFields.MaxLinkLength),
                Published = item.Published,
                SummaryHtml = ItemFields.Cut(item.SummaryHtml, ItemFields.MaxRawSummaryLength),
                PageText = source.FetchPages ? ItemFields.Cut(await ReadPageAsync(source, item.Link, ct).ConfigureAwait(false), ItemFields.MaxRawPageLength) : null,
                FetchedAt = fetchedAt,
                FeedLanguage = source.Language,
                Outlet = source.Outlet,
            };
            await WriteIncomingAsync(incoming, ct).ConfigureAwait(false);
            var seen = new SeenItem
            {
                PartitionKey = source.Id,
                RowKey = rowKey,
                ItemId = Shorten(item.Id, MaxStoredIdLength),
                Link = Shorten(item.Link, MaxStoredIdLength),
                BlobName = incoming.BlobName,
                SeenAt = fetchedAt,
            };
            await storage.SeenItems.UpsertEntityAsync(seen, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            written++;
        }

        return written;
    }

    /// <summary>
    /// The main text of an item's web page, or null when there is no page to read or it could not be
    /// read (the item then keeps its summary): a page that fails never holds back its item or feed.
    /// </summary>
    private async Task<string?> ReadPageAsync(FeedSource source, string? link, CancellationToken ct)
    {
        if (!Uri.TryCreate(link, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        try
        {
            var page = await fetcher.FetchPageAsync(url, ct).ConfigureAwait(false);
            if (!page.Succeeded || page.Body is not { Length: > 0 } body)
            {
                LogPageFailed(log, source.Id, url, page.Error ?? "empty page");
                return null;
            }

            var text = MainText.FromHtml(FeedDecoding.DecodePage(body, page.Charset)).Text;
            return string.IsNullOrWhiteSpace(text) ? null : text;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogPageFailed(log, source.Id, url, e.Message);
            return null;
        }
    }

    private async Task WriteIncomingAsync(IncomingItem item, CancellationToken ct)
    {
        var blob = storage.Incoming.GetBlobClient(item.BlobName);
        var upload = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" },
        };
        try
        {
            await blob.UploadAsync(BinaryData.FromObjectAsJson(item, MonitorJson.Options), upload, ct).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (MonitorStorage.IsConflict(e))
        {
            // Written by an earlier poll that stopped before its seen row: nothing to do.
        }
    }

    private FeedPollResult RecordSuccess(FeedSource source, FeedState state, DateTimeOffset now, FeedFetchResult fetch, FeedPollOutcome outcome, int newItems, string? contentHash, int? ttlMinutes)
    {
        if (fetch.NotModified)
        {
            // A 304 may repeat or refresh the validators; it never removes them.
            state.HttpETag = fetch.ETag ?? state.HttpETag;
            state.LastModified = fetch.LastModified ?? state.LastModified;
        }
        else
        {
            state.HttpETag = fetch.ETag;
            state.LastModified = fetch.LastModified;
        }

        state.ContentHash = contentHash;
        state.TtlMinutes = ttlMinutes;
        state.LastCheckedAt = now;
        state.LastSuccessAt = now;
        state.ConsecutiveFailures = 0;
        state.LastError = null;
        state.LastFailureReason = null;
        state.LastHttpStatus = fetch.StatusCode;
        state.LastNewItems = newItems;
        state.NextPollAt = PollSchedule.AfterSuccess(now, source.PollInterval, fetch.Hints with { TtlMinutes = ttlMinutes }, options.MaxServerDelay);
        return new FeedPollResult
        {
            SourceId = source.Id,
            Outcome = outcome,
            HttpStatus = fetch.StatusCode,
            NewItems = newItems,
            NextPollAt = state.NextPollAt,
        };
    }

    private FeedPollResult RecordFailure(FeedSource source, FeedState state, DateTimeOffset now, FeedFailureReason reason, string? error, int? httpStatus, ServerHints hints)
    {
        state.LastCheckedAt = now;
        state.ConsecutiveFailures = Math.Max(0, state.ConsecutiveFailures) + 1;
        state.LastError = Shorten(error ?? reason.ToString(), MaxStoredErrorLength);
        state.LastFailureReason = reason.ToString();
        state.LastHttpStatus = httpStatus;
        state.LastNewItems = 0;
        state.NextPollAt = PollSchedule.AfterFailure(now, source.PollInterval, state.ConsecutiveFailures, options.MaxBackoff, hints, options.MaxServerDelay);
        LogFailed(log, source.Id, reason, httpStatus, state.ConsecutiveFailures, state.NextPollAt, state.LastError);
        return new FeedPollResult
        {
            SourceId = source.Id,
            Outcome = FeedPollOutcome.Failed,
            HttpStatus = httpStatus,
            FailureReason = reason,
            Error = state.LastError,
            NextPollAt = state.NextPollAt,
        };
    }

    private static string? Shorten(string? text, int length) =>
        text is null || text.Length <= length ? text : text[..length];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poll of feed {FeedId} failed ({Reason}, HTTP {HttpStatus}, {ConsecutiveFailures} in a row); next attempt at {NextPollAt}: {Error}")]
    private static partial void LogFailed(ILogger logger, string feedId, FeedFailureReason reason, int? httpStatus, int consecutiveFailures, DateTimeOffset? nextPollAt, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Poll of feed {FeedId} failed unexpectedly: {Error}")]
    private static partial void LogUnexpected(ILogger logger, string feedId, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Poll of feed {FeedId} failed unexpectedly")]
    private static partial void LogUnexpectedDetail(ILogger logger, Exception error, string feedId);

    [LoggerMessage(Level = LogLevel.Error, Message = "State of feed {FeedId} could not be saved: {Error}")]
    private static partial void LogStateNotSaved(ILogger logger, string feedId, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feed {FeedId} not modified")]
    private static partial void LogNotModified(ILogger logger, string feedId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feed {FeedId} sent the same bytes as last time")]
    private static partial void LogUnchanged(ILogger logger, string feedId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed {FeedId}: {NewItems} new of {ItemCount} items")]
    private static partial void LogNewItems(ILogger logger, string feedId, int newItems, int itemCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Page of an item of feed {FeedId} could not be read, the summary stands in: {Url}: {Error}")]
    private static partial void LogPageFailed(ILogger logger, string feedId, Uri url, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed {FeedId} lists {ItemCount} items; only its first {MaxItems} are read (Feeds:MaxItemsPerPoll)")]
    private static partial void LogTooManyItems(ILogger logger, string feedId, int itemCount, int maxItems);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No feed is due")]
    private static partial void LogNothingDue(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A poll was asked for feed {FeedId}, which is not configured or not enabled; nothing to do")]
    private static partial void LogNotConfigured(ILogger logger, string feedId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feed {FeedId} was due at {Due} and is now due at {Next}: polled already; nothing to do")]
    private static partial void LogAlreadyPolled(ILogger logger, string feedId, DateTimeOffset due, DateTimeOffset next);

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed {FeedId}, due at {Due}, is being polled by another instance; nothing to do")]
    private static partial void LogPolledElsewhere(ILogger logger, string feedId, DateTimeOffset due);

    [LoggerMessage(Level = LogLevel.Information, Message = "Polled {FeedCount} feeds: {Updated} updated, {Unchanged} unchanged, {Failed} failed, {NewItems} new items")]
    private static partial void LogPollDone(ILogger logger, int feedCount, int updated, int unchanged, int failed, int newItems);
}
