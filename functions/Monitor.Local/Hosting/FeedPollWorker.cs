using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using Monitor.Core.Feeds;
using Monitor.Core.Storage;

namespace Monitor.Local.Hosting;

/// <summary>
/// The <c>PollFeed</c> queue trigger's local twin: polls the feed of each message on the feed-polls
/// queue (<see cref="FeedPoller.PollQueuedAsync(FeedPollRequest, long, CancellationToken)"/>), as
/// many at a time as <c>Feeds:MaxConcurrency</c>, and wakes the incoming watcher when items came.
/// A message that is not a feed poll goes to the poison queue at once.
/// </summary>
public sealed class FeedPollWorker(
    MonitorStorage storage,
    FeedPoller poller,
    IncomingWatcher incoming,
    IOptions<FeedOptions> feeds,
    IOptions<LocalHostOptions> host,
    ILogger<FeedPollWorker> log) : QueueWorker(storage.FeedPolls, storage.FeedPollsPoison, host.Value.IncomingScanInterval, host.Value.QueueVisibilityTimeout, log)
{
    protected override bool Enabled => host.Value.PollEnabled;

    /// <summary>
    /// Half of <c>Feeds:MaxConcurrency</c> a batch, the next one taken as soon as one of two is
    /// done: never more polls at once than the setting, never a message waiting in line while
    /// another host could poll it, and never every poll waiting for the slowest feed.
    /// </summary>
    protected override int BatchSize => Math.Clamp((feeds.Value.MaxConcurrency + 1) / 2, 1, 32);

    protected override int NewBatchThreshold => feeds.Value.MaxConcurrency - BatchSize;

    protected override Task PrepareAsync(CancellationToken ct) => storage.EnsureCreatedAsync(ct);

    protected override async Task HandleBatchAsync(QueueMessage[] batch, CancellationToken ct)
    {
        var newItems = 0;
        await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = feeds.Value.MaxConcurrency, CancellationToken = ct }, async (message, token) =>
        {
            FeedPollRequest request;
            try
            {
                request = FeedPollRequest.Parse(message.MessageText);
            }
            catch (FormatException e)
            {
                await PoisonAsync(message, e.Message, token).ConfigureAwait(false);
                return;
            }

            await WorkOnAsync([message], async work =>
            {
                var result = await poller.PollQueuedAsync(request, message.DequeueCount, work).ConfigureAwait(false);
                Interlocked.Add(ref newItems, result?.NewItems ?? 0);
            }, $"Poll of feed {request.Feed}", token).ConfigureAwait(false);
        }).ConfigureAwait(false);

        if (newItems > 0)
        {
            incoming.Wake();
        }
    }
}
