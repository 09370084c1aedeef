using Azure;
using Azure.Data.Tables;

namespace Monitor.Core.Feeds;

/// <summary>
/// A feed item already written to the incoming container, in <see cref="Storage.StorageNames.SeenItemsTable"/>:
/// PartitionKey the source id, RowKey <see cref="Storage.TableKeys.Hash"/> of the item id.
/// </summary>
public sealed class SeenItem : ITableEntity
{
    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>The item id (shortened when very long).</summary>
    public string? ItemId { get; set; }

    public string? Link { get; set; }

    /// <summary>The item's blob in the incoming container.</summary>
    public string? BlobName { get; set; }

    public DateTimeOffset SeenAt { get; set; }
}
