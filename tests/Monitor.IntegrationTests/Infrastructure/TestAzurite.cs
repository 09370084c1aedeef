using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Monitor.Core.Storage;
using Monitor.Local.Azurite;

namespace Monitor.IntegrationTests.Infrastructure;

/// <summary>A real Azurite, in memory, on ports the system chose; one per test, stopped at the end.</summary>
public sealed class TestAzurite : IAsyncDisposable
{
    private readonly AzuriteProcess process;

    private TestAzurite(AzuriteProcess process) => this.process = process;

    public string ConnectionString => process.ConnectionString;

    public AzuritePorts Ports => process.Ports;

    public static async Task<TestAzurite> StartAsync()
    {
        // Never skipped: a missing Azurite fails the test and says how to install it.
        var process = await AzuriteProcess.StartAsync(new AzuritePorts(0, 0, 0), dataFolder: null, CancellationToken.None);
        return new TestAzurite(process);
    }

    /// <summary>Storage clients on this Azurite; every request goes through the counter when one is given.</summary>
    public MonitorStorage CreateStorage(StorageRequestCounter? counter = null)
    {
        var blobOptions = new BlobClientOptions();
        var tableOptions = new TableClientOptions();
        var queueOptions = MonitorStorage.QueueOptions();
        if (counter is not null)
        {
            blobOptions.AddPolicy(counter, HttpPipelinePosition.PerCall);
            tableOptions.AddPolicy(counter, HttpPipelinePosition.PerCall);
            queueOptions.AddPolicy(counter, HttpPipelinePosition.PerCall);
        }

        return new MonitorStorage(
            new BlobServiceClient(ConnectionString, blobOptions),
            new TableServiceClient(ConnectionString, tableOptions),
            new Azure.Storage.Queues.QueueServiceClient(ConnectionString, queueOptions));
    }

    public async ValueTask DisposeAsync() => await process.DisposeAsync();
}
