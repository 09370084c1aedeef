namespace Monitor.Core.Storage;

/// <summary>
/// Every container, table and queue the product uses, named once so that the local host,
/// the Functions app and the infrastructure cannot drift apart.
/// </summary>
public static class StorageNames
{
    /// <summary>New feed items, one JSON blob each; the blob trigger watches this container.</summary>
    public const string IncomingContainer = "incoming";

    /// <summary>The blob trigger's path: every blob of the incoming container, its name bound to <c>name</c>.</summary>
    public const string IncomingBlobPath = IncomingContainer + "/{name}";

    /// <summary>Incoming blobs that failed processing too often, with their error in metadata.</summary>
    public const string QuarantineContainer = "quarantine";

    /// <summary>The full record of every processed article, one JSON blob each.</summary>
    public const string ArticlesContainer = "articles";

    /// <summary>Leases that let one process at a time change a topic's developments.</summary>
    public const string LeasesContainer = "leases";

    /// <summary>The digest of each delivery in flight, so that a retry sends exactly the same.</summary>
    public const string DeliveriesContainer = "deliveries";

    /// <summary>Per-feed polling state: validators, schedule, failures.</summary>
    public const string FeedStateTable = "feeds";

    /// <summary>The ids of every item already seen, per feed.</summary>
    public const string SeenItemsTable = "seenitems";

    /// <summary>One row per processed article, for queries by source.</summary>
    public const string ArticlesTable = "articles";

    /// <summary>One row per relevant article and topic, keyed by publication time for digests.</summary>
    public const string TopicArticlesTable = "topicarticles";

    /// <summary>One row per development of a topic, with its articles, figures and sources, for digests.</summary>
    public const string DevelopmentsTable = "developments";

    /// <summary>One row per subscription: where, what, when, and how far it has been delivered.</summary>
    public const string SubscriptionsTable = "subscriptions";

    /// <summary>A record of every delivery made, per subscription.</summary>
    public const string DeliveriesTable = "deliveries";

    /// <summary>Failed processing attempts per incoming blob, to quarantine poison blobs.</summary>
    public const string ProcessingAttemptsTable = "processingattempts";

    /// <summary>Relevant articles stored but not yet grouped into their topic's developments, per topic.</summary>
    public const string NewArticlesTable = "newarticles";


    /// <summary>One message per feed due for a poll; a queue-triggered function (the local host's worker) polls it.</summary>
    public const string FeedPollsQueue = "feedpolls";

    /// <summary>Messages that failed too often on <see cref="FeedPollsQueue"/>, as the Functions runtime names a poison queue.</summary>
    public const string FeedPollsPoisonQueue = FeedPollsQueue + "-poison";

    public static IReadOnlyList<string> Containers { get; } =
        [IncomingContainer, QuarantineContainer, ArticlesContainer, LeasesContainer, DeliveriesContainer];

    /// <summary>One message per stored relevant article, naming its topic: a grouping turn folds the topic's new articles.</summary>
    public const string TopicTurnsQueue = "topicturns";

    /// <summary>Messages that failed too often on <see cref="TopicTurnsQueue"/>.</summary>
    public const string TopicTurnsPoisonQueue = TopicTurnsQueue + "-poison";

    public static IReadOnlyList<string> Queues { get; } = [FeedPollsQueue, FeedPollsPoisonQueue, TopicTurnsQueue, TopicTurnsPoisonQueue];

    public static IReadOnlyList<string> Tables { get; } =
        [FeedStateTable, SeenItemsTable, ArticlesTable, TopicArticlesTable, DevelopmentsTable, SubscriptionsTable, DeliveriesTable, ProcessingAttemptsTable, NewArticlesTable];
}
