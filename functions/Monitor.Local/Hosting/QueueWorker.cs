using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Monitor.Core;

namespace Monitor.Local.Hosting;

/// <summary>
/// What the Functions runtime does for a queue trigger, for the local host: takes messages from a
/// queue on Azurite in batches, keeps each hidden while its work runs (renewing every third of
/// <see cref="VisibilityTimeout"/>), deletes it when the work returns, lets it come back when the
/// work threw, and moves it to the poison queue after <see cref="MaxDequeueCount"/> attempts. Several
/// hosts can run one on the same queue: each message goes to one of them at a time.
/// </summary>
public abstract partial class QueueWorker(QueueClient queue, QueueClient poison, TimeSpan interval, ILogger log) : BackgroundService
{
    /// <summary>Attempts before a message goes to the poison queue (the Functions runtime's default).</summary>
    public const int MaxDequeueCount = 5;

    /// <summary>How long a message taken stays hidden from other workers; renewed while its work runs, so that a host that stops gives it back soon.</summary>
    public static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(30);

    private readonly WakeSignal wake = new();
    private readonly FailureStreak reads = new(log, $"Reading the queue {queue.Name}");

    /// <summary>Look at the queue now rather than at the next interval.</summary>
    public void Wake() => wake.Set();

    /// <summary>Takes and handles what the queue holds now, batch after batch; returns how many messages were handled.</summary>
    public async Task<int> DrainAsync(CancellationToken ct)
    {
        await PrepareAsync(ct).ConfigureAwait(false);
        var handled = 0;
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, VisibilityTimeout, ct).ConfigureAwait(false)).Value;
            if (batch.Length == 0)
            {
                return handled;
            }

            await HandleBatchAsync(batch, ct).ConfigureAwait(false);
            handled += batch.Length;
        }
    }

    /// <summary>Whether this worker runs in the host at all.</summary>
    protected abstract bool Enabled { get; }

    /// <summary>Makes sure the queues exist.</summary>
    protected abstract Task PrepareAsync(CancellationToken ct);

    /// <summary>Handles one batch of messages: each through <see cref="WorkOnAsync"/>.</summary>
    protected abstract Task HandleBatchAsync(QueueMessage[] batch, CancellationToken ct);

    /// <summary>
    /// Runs <paramref name="work"/> for messages taken together, keeping them hidden meanwhile; then
    /// deletes them, or, when it threw, leaves them to come back (or poisons those tried too often).
    /// Returns true when the work returned.
    /// </summary>
    protected async Task<bool> WorkOnAsync(IReadOnlyList<QueueMessage> messages, Func<CancellationToken, Task> work, string what, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(work);
        var receipts = messages.ToDictionary(m => m.MessageId, m => m.PopReceipt, StringComparer.Ordinal);
        using var running = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewal = RenewAsync(receipts, running.Token);
        Exception? failure = null;
        try
        {
            await work(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            failure = e;
        }
        finally
        {
            await running.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
        }

        foreach (var message in messages)
        {
            if (failure is null)
            {
                await queue.DeleteMessageAsync(message.MessageId, receipts[message.MessageId], ct).ConfigureAwait(false);
            }
            else if (message.DequeueCount >= MaxDequeueCount)
            {
                await PoisonAsync((message, receipts[message.MessageId]), FailureText.Of(failure), ct).ConfigureAwait(false);
            }
        }

        if (failure is not null)
        {
            LogRetryLater(log, what, messages.Max(m => m.DequeueCount), FailureText.Of(failure));
        }

        return failure is null;
    }

    /// <summary>Moves a message to the poison queue with its text, and deletes it.</summary>
    protected async Task PoisonAsync((QueueMessage Message, string Receipt) taken, string error, CancellationToken ct)
    {
        await poison.SendMessageAsync(taken.Message.MessageText, ct).ConfigureAwait(false);
        await queue.DeleteMessageAsync(taken.Message.MessageId, taken.Receipt, ct).ConfigureAwait(false);
        LogPoisoned(log, queue.Name, taken.Message.MessageId, taken.Message.DequeueCount, error);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DrainAsync(stoppingToken).ConfigureAwait(false);
                reads.Succeeded();
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                reads.Failed(e);
            }

            await wake.WaitAsync(interval, stoppingToken).ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task RenewAsync(Dictionary<string, string> receipts, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(VisibilityTimeout / 3, ct).ConfigureAwait(false);
                foreach (var id in receipts.Keys.ToList())
                {
                    var update = await queue.UpdateMessageAsync(id, receipts[id], visibilityTimeout: VisibilityTimeout, cancellationToken: ct).ConfigureAwait(false);
                    receipts[id] = update.Value.PopReceipt;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The work is over.
        }
        catch (Azure.RequestFailedException e)
        {
            LogNotRenewed(log, queue.Name, FailureText.Of(e));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{What} failed (attempt {Attempt}); its message comes back later: {Error}")]
    private static partial void LogRetryLater(ILogger logger, string what, long attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} of queue {Queue} moved to the poison queue after {Attempts} attempt(s): {Error}")]
    private static partial void LogPoisoned(ILogger logger, string queue, string messageId, long attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Messages of queue {Queue} could not be kept hidden; another worker may take them: {Error}")]
    private static partial void LogNotRenewed(ILogger logger, string queue, string error);
}
