using Monitor.Core.Storage;

namespace Monitor.Benchmarks;

/// <summary>
/// The list prices the cost table uses: pay-as-you-go, US dollars, East US, LRS, as collected on
/// 2026-12-03. The official pricing pages could not be read from this machine; the figures are
/// those the Azure Retail Prices API and copies of the pricing pages gave, checked against each
/// other (sources in the README's cost table). Check the live pages before relying on them.
/// </summary>
internal static class AzurePrices
{
    /// <summary>Table storage: every transaction (a batch of up to 100 entities is one request, billed as one).</summary>
    public const double TablePer10K = 0.00036;

    /// <summary>Queue storage, GPv2 LRS: Class 1 (put, update, delete message) and Class 2 (get, peek) alike.</summary>
    public const double QueuePer10K = 0.004;

    /// <summary>Blob storage, GPv2 hot LRS: writes (put blob), lists and container creation.</summary>
    public const double BlobWritePer10K = 0.05;

    /// <summary>Blob storage, GPv2 hot LRS: reads, and all other operations (leases, properties).</summary>
    public const double BlobReadPer10K = 0.004;

    /// <summary>Flex Consumption, on demand: per GB-second of instance memory while it executes.</summary>
    public const double FlexPerGbSecond = 0.000026;

    /// <summary>Flex Consumption, on demand: per million executions.</summary>
    public const double FlexPerMillionExecutions = 0.40;

    /// <summary>Flex Consumption monthly free grants (on demand only).</summary>
    public const double FreeGbSeconds = 100_000;

    public const double FreeExecutions = 250_000;

    /// <summary>The instance memory the app is deployed with (infra/: 2,048 MB, the default).</summary>
    public const double InstanceGb = 2.0;

    /// <summary>The price of one request of this kind (deletes of blobs are free on GPv2).</summary>
    public static double PerRequest(StorageRequest request) => request.Service switch
    {
        StorageService.Table => TablePer10K / 10_000,
        StorageService.Queue => QueuePer10K / 10_000,
        _ => request.Operation switch
        {
            "DELETE" => 0,
            "PUT" or "POST" or "LIST" => BlobWritePer10K / 10_000,
            _ => BlobReadPer10K / 10_000,
        },
    };
}
