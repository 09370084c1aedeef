using Microsoft.Azure.Functions.Worker;
using Monitor.Core.Feeds;

namespace Monitor.Functions;

/// <summary>Polls the due feeds on the schedule of the <c>PollSchedule</c> app setting.</summary>
public sealed class PollFeeds(FeedPoller feeds)
{
    [Function(nameof(PollFeeds))]
    public Task Run([TimerTrigger(PollTimer.Binding)] TimerInfo timer, CancellationToken ct) =>
        feeds.PollDueAsync(ct);
}
