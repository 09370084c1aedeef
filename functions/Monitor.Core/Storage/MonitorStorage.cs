using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Monitor.Core.Storage;

/// <summary>
/// The product's blob containers, tables and queues, over one blob, one table and one queue
/// service client. Creates them on first use, once per process.
/// </summary>
public sealed class MonitorStorage(BlobServiceClient blobs, TableServiceClient tables, QueueServiceClient queues)
{
    private readonly Lock createGate = new();
    private Task? creation;

    public BlobServiceClient Blobs { get; } = blobs;

    public TableServiceClient Tables { get; } = tables;

    public QueueServiceClient Queues { get; } = queues;

    public QueueClient FeedPolls => Queues.GetQueueClient(StorageNames.FeedPollsQueue);

    public QueueClient FeedPollsPoison => Queues.GetQueueClient(StorageNames.FeedPollsPoisonQueue);

    public QueueClient TopicTurns => Queues.GetQueueClient(StorageNames.TopicTurnsQueue);

    public QueueClient TopicTurnsPoison => Queues.GetQueueClient(StorageNames.TopicTurnsPoisonQueue);

    public TableClient NewArticles => Tables.GetTableClient(StorageNames.NewArticlesTable);

    public BlobContainerClient Incoming => Blobs.GetBlobContainerClient(StorageNames.IncomingContainer);

    public BlobContainerClient Quarantine => Blobs.GetBlobContainerClient(StorageNames.QuarantineContainer);

    public BlobContainerClient ArticleBlobs => Blobs.GetBlobContainerClient(StorageNames.ArticlesContainer);

    public TableClient FeedStates => Tables.GetTableClient(StorageNames.FeedStateTable);

    public TableClient SeenItems => Tables.GetTableClient(StorageNames.SeenItemsTable);

    public TableClient Articles => Tables.GetTableClient(StorageNames.ArticlesTable);

    public TableClient TopicArticles => Tables.GetTableClient(StorageNames.TopicArticlesTable);

    public TableClient Developments => Tables.GetTableClient(StorageNames.DevelopmentsTable);

    public TableClient Subscriptions => Tables.GetTableClient(StorageNames.SubscriptionsTable);

    public TableClient Deliveries => Tables.GetTableClient(StorageNames.DeliveriesTable);

    public BlobContainerClient DeliveryBlobs => Blobs.GetBlobContainerClient(StorageNames.DeliveriesContainer);

    public BlobContainerClient Leases => Blobs.GetBlobContainerClient(StorageNames.LeasesContainer);

    public TableClient ProcessingAttempts => Tables.GetTableClient(StorageNames.ProcessingAttemptsTable);

    /// <summary>Creates every container and table that does not exist yet, once per process; a failed attempt is retried on the next call.</summary>
    public Task EnsureCreatedAsync(CancellationToken ct)
    {
        lock (createGate)
        {
            if (creation is null || creation.IsFaulted || creation.IsCanceled)
            {
                creation = CreateAllAsync(ct);
            }

            return creation;
        }
    }

    private async Task CreateAllAsync(CancellationToken ct)
    {
        foreach (var name in StorageNames.Containers)
        {
            await Blobs.GetBlobContainerClient(name).CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        }

        foreach (var name in StorageNames.Tables)
        {
            await Tables.CreateTableIfNotExistsAsync(name, ct).ConfigureAwait(false);
        }

        foreach (var name in StorageNames.Queues)
        {
            await Queues.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
        }
    }

    /// <summary>Reads one entity, or null when it does not exist.</summary>
    public static async Task<T?> GetOrNullAsync<T>(TableClient table, string partitionKey, string rowKey, CancellationToken ct)
        where T : class, ITableEntity
    {
        var response = await table.GetEntityIfExistsAsync<T>(partitionKey, rowKey, cancellationToken: ct).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>
    /// Queue messages as the Functions runtime reads and writes them: Base64-encoded text. Both hosts
    /// and every test use these options, so a message one writes the other can read.
    /// </summary>
    public static QueueClientOptions QueueOptions(QueueClientOptions? options = null)
    {
        options ??= new QueueClientOptions();
        options.MessageEncoding = QueueMessageEncoding.Base64;
        return options;
    }

    /// <summary>True when the request failed because the thing already exists.</summary>
    public static bool IsConflict(RequestFailedException e) => e.Status is 409 or 412;
}
