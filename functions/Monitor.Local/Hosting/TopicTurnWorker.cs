using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using Monitor.Core.Developments;
using Monitor.Core.Storage;

namespace Monitor.Local.Hosting;

/// <summary>
/// The <c>GroupDevelopments</c> queue trigger's local twin: for each topic the messages of a batch
/// name, one grouping turn (<see cref="DevelopmentStore.GroupStagedAsync"/>), which folds everything
/// staged for it; woken as soon as articles are stored, and telling the delivery loop when
/// developments changed.
/// </summary>
public sealed class TopicTurnWorker : QueueWorker
{
    private readonly MonitorStorage storage;
    private readonly DevelopmentStore developments;
    private readonly DevelopmentsChanged changed;

    public TopicTurnWorker(MonitorStorage storage, DevelopmentStore developments, ArticlesStored stored, DevelopmentsChanged changed, IOptions<LocalHostOptions> host, ILogger<TopicTurnWorker> log)
        : base(storage.TopicTurns, storage.TopicTurnsPoison, host.Value.IncomingScanInterval, host.Value.QueueVisibilityTimeout, log)
    {
        ArgumentNullException.ThrowIfNull(stored);
        this.storage = storage;
        this.developments = developments;
        this.changed = changed;
        stored.Stored += WakeWhenVisible;
    }

    private int wakeScheduled;

    /// <summary>
    /// Articles were stored: their turn's message becomes visible <see cref="TurnMessages.Gather"/>
    /// after it was sent, so look then (once, however many articles were stored meanwhile).
    /// </summary>
    private void WakeWhenVisible()
    {
        if (Interlocked.Exchange(ref wakeScheduled, 1) == 1)
        {
            return;
        }

        _ = Task.Delay(TurnMessages.Gather + TimeSpan.FromMilliseconds(100)).ContinueWith(
            _ =>
            {
                Volatile.Write(ref wakeScheduled, 0);
                try
                {
                    Wake();
                }
                catch (ObjectDisposedException)
                {
                    // The host stopped meanwhile.
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
    }

    protected override bool Enabled => true;

    protected override Task PrepareAsync(CancellationToken ct) => storage.EnsureCreatedAsync(ct);

    protected override async Task HandleBatchAsync(QueueMessage[] batch, CancellationToken ct)
    {
        foreach (var topic in batch.GroupBy(m => m.MessageText.Trim(), StringComparer.Ordinal))
        {
            await WorkOnAsync([.. topic], async work =>
            {
                if (await developments.GroupStagedAsync(topic.Key, work).ConfigureAwait(false) > 0)
                {
                    changed.Raise();
                }
            }, $"Grouping turn of {topic.Key}", ct).ConfigureAwait(false);
        }
    }
}
