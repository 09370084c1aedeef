using System.Collections.Concurrent;
using System.Diagnostics;
using Monitor.Core.Storage;

namespace Monitor.Core.Developments;

/// <summary>
/// The messages on <c>topicturns</c> that give a topic its grouping turns, one per second and
/// process at most rather than one per stored article. A message is sent invisible for
/// <see cref="Gather"/>; an article staged while a message this process sent is still invisible
/// (with <see cref="Margin"/> to spare) needs none of its own: that message's turn starts after it
/// becomes visible, so after the article's row was written, and folds it. Every article is still
/// followed by a turn that reads it, and a burst of a thousand articles costs a few dozen messages
/// (each a send, a receive, a delete and a turn) instead of a thousand.
/// </summary>
public sealed class TurnMessages(MonitorStorage storage)
{
    /// <summary>How long a turn message stays invisible, gathering the articles staged meanwhile.</summary>
    public static readonly TimeSpan Gather = TimeSpan.FromSeconds(1);

    /// <summary>How long before a pending message becomes visible a newly staged article stops relying on it.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Per topic, the earliest moment the last message this process sent can become visible, on the
    /// machine's monotonic clock: the queue counts real seconds, whatever time the product is told.
    /// </summary>
    private readonly ConcurrentDictionary<string, long> visibleFrom = new(StringComparer.Ordinal);

    /// <summary>
    /// Makes sure a turn of <paramref name="topic"/> reads what was staged for it before this call:
    /// sends a message unless one this process sent becomes visible later than now, with a margin.
    /// </summary>
    public async Task EnsureTurnAsync(string topic, CancellationToken ct)
    {
        if (visibleFrom.TryGetValue(topic, out var pending) && Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), pending) > Margin)
        {
            return;
        }

        // Timed from before the request leaves: the queue starts counting only once it has the message.
        var sending = Stopwatch.GetTimestamp();
        await storage.TopicTurns.SendMessageAsync(topic, Gather, cancellationToken: ct).ConfigureAwait(false);
        var visible = sending + (long)(Gather.TotalSeconds * Stopwatch.Frequency);
        visibleFrom.AddOrUpdate(topic, visible, (_, earlier) => Math.Max(earlier, visible));
    }
}
