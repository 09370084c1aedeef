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

    public async ValueTask DisposeAsync() => await process.DisposeAsync();
}
