using Microsoft.Azure.Functions.Worker;
using Monitor.Core.Feeds;
using Monitor.Core.Storage;

namespace Monitor.Functions;

/// <summary>On the schedule of the <c>PollSchedule</c> app setting, sends one message per due feed to the feed-polls queue.</summary>
public sealed class PollFeeds(DueFeeds due)
{
    [Function(nameof(PollFeeds))]
    public Task Run([TimerTrigger(PollTimer.Binding)] TimerInfo timer, CancellationToken ct) =>
        due.SendAsync(ct);
}

/// <summary>Polls the feed of one queue message, on whichever instance takes it; an exception lets the runtime retry it.</summary>
public sealed class PollFeed(FeedPoller feeds)
{
    [Function(nameof(PollFeed))]
    public Task Run([QueueTrigger(StorageNames.FeedPollsQueue, Connection = "AzureWebJobsStorage")] string message, FunctionContext context, CancellationToken ct) =>
        feeds.PollQueuedAsync(FeedPollRequest.Parse(message), DequeueCount(context), ct);

    /// <summary>How many times the runtime has delivered this message (1 the first time).</summary>
    private static long DequeueCount(FunctionContext context) =>
        context.BindingContext.BindingData.TryGetValue("DequeueCount", out var value) && long.TryParse(value?.ToString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : 1;
}
