namespace Monitor.Core.Storage;

/// <summary>Where the product keeps its blobs, tables and queues.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The Azurite connection string every tool knows.</summary>
    public const string DevelopmentConnectionString = "UseDevelopmentStorage=true";

    /// <summary>
    /// A storage connection string. Used when no service URIs are set (locally, on Azurite).
    /// </summary>
    public string? ConnectionString { get; set; } = DevelopmentConnectionString;

    /// <summary>Blob endpoint for managed identity (in Azure); overrides the connection string.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Table endpoint for managed identity (in Azure); required with <see cref="BlobServiceUri"/>.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>Queue endpoint for managed identity (in Azure); required with <see cref="BlobServiceUri"/>.</summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty for the system identity.</summary>
    public string? ManagedIdentityClientId { get; set; }

    public bool UsesManagedIdentity => BlobServiceUri is not null;
}
