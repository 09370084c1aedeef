namespace Monitor.Benchmarks;

/// <summary>A month of one deployment's work, priced: what the scale bench counted, multiplied out.</summary>
internal sealed record CostEstimate(
    int Feeds,
    double Polls,
    double NewItems,
    double StorageRequests,
    double StorageDollars,
    double Executions,
    double GbSeconds,
    double ExecutionDollars)
{
    /// <summary>Every feed polled every 10 minutes, for 30 days.</summary>
    public const double PollsPerFeed = 6 * 24 * 30;

    /// <summary>New items a feed publishes a day (an assumption: an active news feed's order of magnitude).</summary>
    public const double ItemsPerFeedPerDay = 24;

    /// <summary>Runs of the poll timer (every 5 minutes) and of the delivery timer (every minute) in 30 days.</summary>
    public const double TimerRuns = (12 * 24 * 30) + (60 * 24 * 30);

    /// <summary>Idle queue polls by the runtime: two queues, every 2 s (host.json's maxPollingInterval), one instance.</summary>
    public const double IdleQueuePolls = 2 * (86_400 / 2.0) * 30;

    public double TotalDollars => StorageDollars + ExecutionDollars;

    /// <summary>
    /// The month for <paramref name="feeds"/> feeds: storage requests as counted per unchanged poll,
    /// per new item's share of a poll and per stored article (one at a time, the costliest way),
    /// plus the runtime's idle queue polls; executions one per poll, per article (blob trigger and
    /// grouping turn) and per timer run; execution time the busy seconds measured here (one host,
    /// this machine), at least a second per timer tick, at the deployed instance memory.
    /// </summary>
    public static CostEstimate For(int feeds, PollScaleResult polls, ArticleCost articles)
    {
        var pollCount = feeds * PollsPerFeed;
        var items = feeds * ItemsPerFeedPerDay * 30;
        var perPoll = polls.Cost.Unchanged;
        var perItems = polls.Cost.PerNewItems;
        var unchangedFeeds = polls.Cost.Feeds;
        var newItems = polls.Cost.NewItems;

        var requests = (pollCount * perPoll.Total / unchangedFeeds) + (items * perItems.Total / newItems) + (items * articles.Counts.Total / articles.Articles) + IdleQueuePolls;
        var dollars = (pollCount * perPoll.Dollars / unchangedFeeds) + (items * perItems.Dollars / newItems) + (items * articles.Counts.Dollars / articles.Articles)
            + (IdleQueuePolls * AzurePrices.QueuePer10K / 10_000);

        var executions = pollCount + (2 * items) + TimerRuns;
        var secondsPerFeed = polls.MedianSeconds(1) / polls.Feeds;
        var ticks = 6 * 24 * 30;
        var busy = (ticks * Math.Max(1, feeds * secondsPerFeed)) + (items * articles.BusySeconds / articles.Articles) + ((TimerRuns - ticks) * 1.0);
        var gbSeconds = busy * AzurePrices.InstanceGb;
        var executionDollars = (Math.Max(0, gbSeconds - AzurePrices.FreeGbSeconds) * AzurePrices.FlexPerGbSecond)
            + (Math.Max(0, executions - AzurePrices.FreeExecutions) / 1_000_000 * AzurePrices.FlexPerMillionExecutions);
        return new CostEstimate(feeds, pollCount, items, requests, dollars, executions, gbSeconds, executionDollars);
    }
}
