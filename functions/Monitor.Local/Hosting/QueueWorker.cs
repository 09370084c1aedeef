using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Monitor.Core;

namespace Monitor.Local.Hosting;

/// <summary>
/// What the Functions runtime does for a queue trigger, for the local host: takes messages from a
/// queue on Azurite in batches, keeps every message of a batch hidden from the moment it is taken
/// until its work ends (<see cref="HeldMessages"/>), deletes it when the work returns, lets it come
/// back when the work threw, and moves it to the poison queue after <see cref="MaxDequeueCount"/>
/// attempts. Several hosts can run one on the same queue: each message goes to one of them at a time.
/// </summary>
public abstract partial class QueueWorker(QueueClient queue, QueueClient poison, TimeSpan interval, TimeSpan visibilityTimeout, ILogger log) : BackgroundService
{
    /// <summary>Attempts before a message goes to the poison queue (the Functions runtime's default).</summary>
    public const int MaxDequeueCount = 5;

    private readonly WakeSignal wake = new();
    private readonly ConcurrentDictionary<string, HeldMessages> held = new(StringComparer.Ordinal);
    private readonly FailureStreak reads = new(log, $"Reading the queue {queue.Name}");

    /// <summary>Look at the queue now rather than at the next interval.</summary>
    public void Wake() => wake.Set();

    /// <summary>
    /// Takes and handles what the queue holds now, batch after batch, and returns how many messages
    /// were handled. As the Functions runtime does with <c>batchSize</c> and <c>newBatchThreshold</c>,
    /// the next batch is taken as soon as the batches still being handled hold no more than
    /// <see cref="NewBatchThreshold"/> messages, so that one slow batch does not hold up the rest.
    /// </summary>
    public async Task<int> DrainAsync(CancellationToken ct)
    {
        await PrepareAsync(ct).ConfigureAwait(false);
        var unfinished = new List<(Task Work, int Messages)>();
        var handled = 0;
        while (true)
        {
            // Batches that ended are counted as soon as they end; a failure is thrown once the
            // batches still running have ended too.
            var ended = unfinished.Where(r => r.Work.IsCompleted).ToList();
            if (ended.Any(r => !r.Work.IsCompletedSuccessfully))
            {
                await Task.WhenAll(unfinished.Select(r => r.Work)).ConfigureAwait(false);
            }

            handled += ended.Sum(r => r.Messages);
            unfinished.RemoveAll(ended.Contains);

            var inFlight = unfinished.Sum(r => r.Messages);
            if (inFlight > NewBatchThreshold)
            {
                await Task.WhenAny(unfinished.Select(r => r.Work)).ConfigureAwait(false);
                continue;
            }

            var batch = (await queue.ReceiveMessagesAsync(BatchSize, visibilityTimeout, ct).ConfigureAwait(false)).Value;
            if (batch.Length > 0)
            {
                unfinished.Add((HandleHeldAsync(batch, ct), batch.Length));
            }
            else if (inFlight == 0)
            {
                return handled;
            }
            else
            {
                await Task.WhenAny(unfinished.Select(r => r.Work)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether this worker runs in the host at all.</summary>
    protected abstract bool Enabled { get; }

    /// <summary>How many messages one receive takes (at most 32, the queue service's limit).</summary>
    protected virtual int BatchSize => 32;

    /// <summary>The next batch is taken when the batches being handled hold no more than this many messages (0: when the last batch is done).</summary>
    protected virtual int NewBatchThreshold => 0;

    /// <summary>Makes sure the queues exist.</summary>
    protected abstract Task PrepareAsync(CancellationToken ct);

    /// <summary>Handles one batch of messages: each through <see cref="WorkOnAsync"/>.</summary>
    protected abstract Task HandleBatchAsync(QueueMessage[] batch, CancellationToken ct);

    /// <summary>
    /// Runs <paramref name="work"/> for messages of the batch being handled, taken together; then
    /// deletes them, or, when it threw, leaves them to come back (or poisons those tried too often).
    /// Returns true when the work returned.
    /// </summary>
    protected async Task<bool> WorkOnAsync(IReadOnlyList<QueueMessage> messages, Func<CancellationToken, Task> work, string what, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(work);
        Exception? failure = null;
        try
        {
            await work(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            failure = e;
        }

        foreach (var message in messages)
        {
            var taken = HeldOf(message);
            if (failure is null)
            {
                await taken.DeleteAsync(message.MessageId, ct).ConfigureAwait(false);
            }
            else if (message.DequeueCount >= MaxDequeueCount)
            {
                await PoisonAsync(message, FailureText.Of(failure), ct).ConfigureAwait(false);
            }
            else
            {
                await taken.ReleaseAsync(message.MessageId, ct).ConfigureAwait(false);
            }
        }

        if (failure is not null)
        {
            LogRetryLater(log, what, messages.Max(m => m.DequeueCount), FailureText.Of(failure));
        }

        return failure is null;
    }

    /// <summary>Moves a message of the batch being handled to the poison queue with its text, and deletes it.</summary>
    protected async Task PoisonAsync(QueueMessage message, string error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (await HeldOf(message).PoisonAsync(message, poison, ct).ConfigureAwait(false))
        {
            LogPoisoned(log, queue.Name, message.MessageId, message.DequeueCount, error);
        }
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

    /// <summary>Handles a batch, its messages kept hidden from other workers until each is let go.</summary>
    private async Task HandleHeldAsync(QueueMessage[] batch, CancellationToken ct)
    {
        var taken = new HeldMessages(queue, batch, visibilityTimeout, log);
        await using (taken.ConfigureAwait(false))
        {
            foreach (var message in batch)
            {
                held[message.MessageId] = taken;
            }

            try
            {
                await HandleBatchAsync(batch, ct).ConfigureAwait(false);
            }
            finally
            {
                foreach (var message in batch)
                {
                    held.TryRemove(message.MessageId, out _);
                }
            }
        }
    }

    private HeldMessages HeldOf(QueueMessage message) =>
        held.TryGetValue(message.MessageId, out var taken)
            ? taken
            : throw new InvalidOperationException($"Message {message.MessageId} of queue {queue.Name} is not part of a batch this worker is handling.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "{What} failed (attempt {Attempt}); its message comes back later: {Error}")]
    private static partial void LogRetryLater(ILogger logger, string what, long attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} of queue {Queue} moved to the poison queue after {Attempts} attempt(s): {Error}")]
    private static partial void LogPoisoned(ILogger logger, string queue, string messageId, long attempts, string error);
}
