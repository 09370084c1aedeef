using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Monitor.Local.Hosting;

/// <summary>
/// The messages one receive took, kept hidden from other workers from the moment they were taken
/// until each is let go: every third of the visibility timeout, each one still held is hidden again.
/// A message waiting its turn in a batch is held as one being worked on; without that, a batch longer
/// than the timeout gives its last messages to another worker while this one still means to run them,
/// and both do (a feed polled twice for one due time).
/// </summary>
internal sealed partial class HeldMessages : IAsyncDisposable
{
    private readonly QueueClient queue;
    private readonly TimeSpan visibility;
    private readonly ILogger log;
    private readonly ConcurrentDictionary<string, Receipt> receipts = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stop = new();
    private readonly Task renewal;

    public HeldMessages(QueueClient queue, IEnumerable<QueueMessage> messages, TimeSpan visibility, ILogger log)
    {
        this.queue = queue;
        this.visibility = visibility;
        this.log = log;
        foreach (var message in messages)
        {
            receipts[message.MessageId] = new Receipt(message.PopReceipt);
        }

        renewal = RenewAsync(stop.Token);
    }

    /// <summary>How many messages are still held.</summary>
    public int Count => receipts.Count;

    /// <summary>Deletes a message whose work is done. False when it was no longer held (another worker may have it).</summary>
    public Task<bool> DeleteAsync(string messageId, CancellationToken ct) =>
        LetGoAsync(messageId, receipt => queue.DeleteMessageAsync(messageId, receipt, ct), ct);

    /// <summary>Moves a message to <paramref name="poison"/> and deletes it here. False when it was no longer held.</summary>
    public Task<bool> PoisonAsync(QueueMessage message, QueueClient poison, CancellationToken ct) =>
        LetGoAsync(message.MessageId, async receipt =>
        {
            await poison.SendMessageAsync(message.MessageText, ct).ConfigureAwait(false);
            await queue.DeleteMessageAsync(message.MessageId, receipt, ct).ConfigureAwait(false);
        }, ct);

    /// <summary>Stops hiding a message whose work failed: it comes back when its last timeout ends.</summary>
    public async Task ReleaseAsync(string messageId, CancellationToken ct) =>
        await LetGoAsync(messageId, _ => Task.CompletedTask, ct).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await renewal.ConfigureAwait(false);
        stop.Dispose();
    }

    private async Task<bool> LetGoAsync(string messageId, Func<string, Task> action, CancellationToken ct)
    {
        if (!receipts.TryGetValue(messageId, out var held))
        {
            return false;
        }

        await held.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!receipts.TryRemove(messageId, out _))
            {
                return false;
            }

            try
            {
                await action(held.Value).ConfigureAwait(false);
                return true;
            }
            catch (Azure.RequestFailedException e) when (e.Status is 400 or 404)
            {
                // Its receipt no longer matches: it became visible and another worker took it.
                LogLost(log, queue.Name, messageId, e.ErrorCode ?? e.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return false;
            }
        }
        finally
        {
            held.Gate.Release();
        }
    }

    private async Task RenewAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(visibility / 3, ct).ConfigureAwait(false);

                // All at once: one slow answer must not leave the others to show again.
                await Task.WhenAll(receipts.Select(r => RenewOneAsync(r.Key, r.Value, ct))).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Every message was let go, or the host stops.
        }
    }

    private async Task RenewOneAsync(string id, Receipt held, CancellationToken ct)
    {
        await held.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (receipts.ContainsKey(id))
            {
                var update = await queue.UpdateMessageAsync(id, held.Value, visibilityTimeout: visibility, cancellationToken: ct).ConfigureAwait(false);
                held.Value = update.Value.PopReceipt;
            }
        }
        catch (Azure.RequestFailedException e)
        {
            receipts.TryRemove(id, out _);
            LogNotRenewed(log, queue.Name, id, e.ErrorCode ?? e.Message);
        }
        finally
        {
            held.Gate.Release();
        }
    }

    /// <summary>A held message's latest pop receipt, and the gate that keeps its renewal and its letting go apart.</summary>
    private sealed class Receipt(string value)
    {
        public string Value { get; set; } = value;

        public SemaphoreSlim Gate { get; } = new(1, 1);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} of queue {Queue} could not be kept hidden; another worker may take it: {Error}")]
    private static partial void LogNotRenewed(ILogger logger, string queue, string messageId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} of queue {Queue} was taken by another worker before this one let it go ({Error})")]
    private static partial void LogLost(ILogger logger, string queue, string messageId, string error);
}
