using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Monitor.Core.Articles;
using Monitor.Core.Storage;

namespace Monitor.Functions;

/// <summary>Turns each new blob under <c>incoming/</c> into a stored article; an exception lets the runtime retry.</summary>
public sealed class ProcessIncoming(ArticleProcessor articles)
{
#if BLOB_TRIGGER_POLLING
    private const BlobTriggerSource Source = BlobTriggerSource.LogsAndContainerScan;
#else
    private const BlobTriggerSource Source = BlobTriggerSource.EventGrid;
#endif

    [Function(nameof(ProcessIncoming))]
    public Task Run(
        [BlobTrigger(StorageNames.IncomingBlobPath, Source = Source, Connection = "AzureWebJobsStorage")] BlobClient blob,
        string name,
        CancellationToken ct) =>
        articles.ProcessAsync(name, ct);
}
