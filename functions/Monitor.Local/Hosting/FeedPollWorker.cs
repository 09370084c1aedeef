using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using Monitor.Core.Feeds;
using Monitor.Core.Storage;

namespace Monitor.Local.Hosting;

/// <summary>
/// The queue trigger's local twin: takes feed-poll messages from the queue on Azurite and polls each
/// feed (<see cref="FeedPoller.PollQueuedAsync"/>), as many at a time as <c>Feeds:MaxConcurrency</c>.
/// As the Functions runtime does, a message is deleted once its poll returns, comes back after
/// <see cref="VisibilityTimeout"/> when it threw, and goes to the poison queue after
/// <see cref="MaxDequeueCount"/> attempts or at once when it can never be read. Several hosts can
/// run it on one queue: each message goes to one of them.
/// </summary>
public sealed partial class FeedPollWorker(
    MonitorStorage storage,
    FeedPoller poller,
    IncomingWatcher incoming,
    IOptions<FeedOptions> feeds,
    IOptions<LocalHostOptions> host,
    ILogger<FeedPollWorker> log) : BackgroundService
{
    /// <summary>Attempts before a message goes to the poison queue (the Functions runtime's default).</summary>
    public const int MaxDequeueCount = 5;

    /// <summary>How long a message taken stays hidden from other workers; renewed every third of it while its poll runs, so that a host that stops gives it back soon.</summary>
    public static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>Look at the queue now rather than at the next interval (called after messages were sent).</summary>
    public void Wake()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already requested.
        }
    }

    /// <summary>Takes and handles what the queue holds now, batch after batch; returns how many messages were handled.</summary>
    public async Task<int> DrainAsync(CancellationToken ct)
    {
        await storage.EnsureCreatedAsync(ct).ConfigureAwait(false);
        var handled = 0;
        var newItems = 0;
        while (true)
        {
            var batch = (await storage.FeedPolls.ReceiveMessagesAsync(32, VisibilityTimeout, ct).ConfigureAwait(false)).Value;
            if (batch.Length == 0)
            {
                break;
            }

            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = feeds.Value.MaxConcurrency, CancellationToken = ct }, async (message, token) =>
            {
                var found = await HandleAsync(message, token).ConfigureAwait(false);
                Interlocked.Add(ref newItems, found);
                Interlocked.Increment(ref handled);
            }).ConfigureAwait(false);
        }

        if (newItems > 0)
        {
            incoming.Wake();
        }

        return handled;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!host.Value.PollEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DrainAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogQueueFailed(log, e.Message);
            }

            await wake.WaitAsync(host.Value.IncomingScanInterval, stoppingToken).ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }

    /// <summary>Polls one message's feed; returns the new items it found.</summary>
    private async Task<int> HandleAsync(QueueMessage message, CancellationToken ct)
    {
        FeedPollRequest request;
        try
        {
            request = FeedPollRequest.Parse(message.MessageText);
        }
        catch (FormatException e)
        {
            await PoisonAsync(message, e.Message, ct).ConfigureAwait(false);
            return 0;
        }

        var receipt = message.PopReceipt;
        using var polling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewal = RenewAsync(message.MessageId, () => receipt, r => receipt = r, polling.Token);
        try
        {
            FeedPollResult? result;
            try
            {
                result = await poller.PollQueuedAsync(request, message.DequeueCount, ct).ConfigureAwait(false);
            }
            finally
            {
                await polling.CancelAsync().ConfigureAwait(false);
                await renewal.ConfigureAwait(false);
            }

            await storage.FeedPolls.DeleteMessageAsync(message.MessageId, receipt, ct).ConfigureAwait(false);
            return result?.NewItems ?? 0;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            if (message.DequeueCount >= MaxDequeueCount)
            {
                await PoisonAsync(message, e.Message, ct).ConfigureAwait(false);
            }
            else
            {
                LogRetryLater(log, request.Feed, message.DequeueCount, e.Message);
            }

            return 0;
        }
    }

    /// <summary>Keeps a message hidden while its poll runs, as the Functions runtime does.</summary>
    private async Task RenewAsync(string id, Func<string> receipt, Action<string> renewed, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(VisibilityTimeout / 3, ct).ConfigureAwait(false);
                var update = await storage.FeedPolls.UpdateMessageAsync(id, receipt(), visibilityTimeout: VisibilityTimeout, cancellationToken: ct).ConfigureAwait(false);
                renewed(update.Value.PopReceipt);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The poll is over.
        }
        catch (Azure.RequestFailedException e)
        {
            LogNotRenewed(log, id, e.Message);
        }
    }

    private async Task PoisonAsync(QueueMessage message, string error, CancellationToken ct)
    {
        await storage.FeedPollsPoison.SendMessageAsync(message.MessageText, ct).ConfigureAwait(false);
        await storage.FeedPolls.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct).ConfigureAwait(false);
        LogPoisoned(log, message.MessageId, message.DequeueCount, error);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Poll of feed {FeedId} failed (attempt {Attempt}); the message comes back later: {Error}")]
    private static partial void LogRetryLater(ILogger logger, string feedId, long attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Feed poll message {MessageId} moved to the poison queue after {Attempts} attempt(s): {Error}")]
    private static partial void LogPoisoned(ILogger logger, string messageId, long attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed poll message {MessageId} could not be kept hidden; another worker may take it: {Error}")]
    private static partial void LogNotRenewed(ILogger logger, string messageId, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The feed-polls queue could not be read; the worker tries again shortly: {Error}")]
    private static partial void LogQueueFailed(ILogger logger, string error);
}
