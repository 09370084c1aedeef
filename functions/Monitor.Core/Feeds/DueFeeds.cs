using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitor.Core.Storage;

namespace Monitor.Core.Feeds;

/// <summary>
/// The poll timer's job: finds the feeds that are due and sends one <see cref="FeedPollRequest"/>
/// per feed to the feed-polls queue, where any number of instances take them (the queue-triggered
/// function, or the local host's worker, calls <see cref="FeedPoller.PollQueuedAsync"/>). A due
/// time is sent once: the timer remembers, in one row, up to when it has sent, so a feed costs no
/// write here. A due time left unpolled for <see cref="ResendAfter"/> (a message lost, a poll that
/// could not save its state) is sent again; the poll of an already polled due time does nothing.
/// </summary>
public sealed partial class DueFeeds(SourceCatalog catalog, MonitorStorage storage, IOptions<FeedOptions> options, TimeProvider time, ILogger<DueFeeds> log)
{
    /// <summary>The partition and row of the timer's own row in the feeds table.</summary>
    public const string CursorPartition = "poll";

    public const string CursorRow = "sent";

    /// <summary>How long a due time may stay unpolled before it is sent again.</summary>
    public static readonly TimeSpan ResendAfter = TimeSpan.FromMinutes(30);

    private const string SentUpToColumn = "SentUpTo";

    /// <summary>Sends a message for every enabled feed that is due and was not sent yet; returns how many were sent.</summary>
    public async Task<int> SendAsync(CancellationToken ct)
    {
        using var span = MonitorTelemetry.Source.StartActivity(MonitorTelemetry.PollSpan);
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var states = await FeedState.LoadAllAsync(storage.FeedStates, ct).ConfigureAwait(false);
        var cursor = await MonitorStorage.GetOrNullAsync<TableEntity>(storage.FeedStates, CursorPartition, CursorRow, ct).ConfigureAwait(false);
        var sentUpTo = cursor?.GetDateTimeOffset(SentUpToColumn);

        var requests = new List<FeedPollRequest>();
        foreach (var source in catalog.Enabled)
        {
            // A feed never polled is due now: its first due time is written once, so that the next
            // run knows it was sent.
            var due = states.TryGetValue(source.Id, out var state) && state.NextPollAt is { } next
                ? next
                : await FirstDueAsync(source.Id, state, now, ct).ConfigureAwait(false);
            if (due <= now && (sentUpTo is null || due > sentUpTo || due <= now - ResendAfter))
            {
                requests.Add(new FeedPollRequest(source.Id, due));
            }
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(requests, parallel, async (request, token) =>
            await storage.FeedPolls.SendMessageAsync(request.ToMessage(), token).ConfigureAwait(false)).ConfigureAwait(false);

        var row = new TableEntity(CursorPartition, CursorRow) { [SentUpToColumn] = now };
        await storage.FeedStates.UpsertEntityAsync(row, TableUpdateMode.Replace, ct).ConfigureAwait(false);
        LogSent(log, requests.Count, catalog.Enabled.Count());
        span?.SetTag(MonitorTelemetry.FeedsAttribute, requests.Count);
        return requests.Count;
    }

    /// <summary>Writes the due time of a feed never polled (now), unless another run wrote it first.</summary>
    private async Task<DateTimeOffset> FirstDueAsync(string feed, FeedState? state, DateTimeOffset now, CancellationToken ct)
    {
        var first = state ?? FeedState.NewFor(feed);
        first.NextPollAt = now;
        try
        {
            if (state is null)
            {
                await storage.FeedStates.AddEntityAsync(first, ct).ConfigureAwait(false);
            }
            else
            {
                await storage.FeedStates.UpdateEntityAsync(first, state.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
            }

            return now;
        }
        catch (RequestFailedException e) when (MonitorStorage.IsConflict(e))
        {
            var stored = await MonitorStorage.GetOrNullAsync<FeedState>(storage.FeedStates, FeedState.Partition, feed, ct).ConfigureAwait(false);
            return stored?.NextPollAt ?? now;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Due} feed poll(s) to the queue ({Feeds} feed(s) enabled)")]
    private static partial void LogSent(ILogger logger, int due, int feeds);
}
