using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Monitor.Core.Storage;

namespace Monitor.Core.Tests;

[TestClass]
public sealed class MonitorServicesTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddMonitorCore();
        return services.BuildServiceProvider();
    }

    [TestMethod]
    public void Storage_uses_the_connection_string_when_no_service_uri_is_set()
    {
        using var provider = Build(new() { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true" });

        var blobs = provider.GetRequiredService<BlobServiceClient>();
        var tables = provider.GetRequiredService<TableServiceClient>();

        Assert.AreEqual(10000, blobs.Uri.Port);
        Assert.IsTrue(blobs.CanGenerateAccountSasUri, "a shared key came from the connection string");
        Assert.AreEqual(10002, tables.Uri.Port);
    }

    [TestMethod]
    public void Storage_uses_a_managed_identity_and_the_service_uris_when_they_are_set()
    {
        using var provider = Build(new()
        {
            ["Storage:ConnectionString"] = "",
            ["Storage:BlobServiceUri"] = "https://monitorsa.blob.core.windows.net/",
            ["Storage:TableServiceUri"] = "https://monitorsa.table.core.windows.net/",
            ["Storage:QueueServiceUri"] = "https://monitorsa.queue.core.windows.net/",
            ["Storage:ManagedIdentityClientId"] = "00000000-0000-0000-0000-000000000001",
        });

        var blobs = provider.GetRequiredService<BlobServiceClient>();
        var tables = provider.GetRequiredService<TableServiceClient>();

        Assert.AreEqual("monitorsa.blob.core.windows.net", blobs.Uri.Host);
        Assert.IsFalse(blobs.CanGenerateAccountSasUri, "no key: a token credential");
        Assert.AreEqual("monitorsa.table.core.windows.net", tables.Uri.Host);
        Assert.AreEqual("monitorsa.queue.core.windows.net", provider.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>().Uri.Host);
    }

    [TestMethod]
    public void Storage_settings_without_a_connection_string_or_both_uris_fail_at_start()
    {
        using var provider = Build(new()
        {
            ["Storage:ConnectionString"] = "",
            ["Storage:BlobServiceUri"] = "https://monitorsa.blob.core.windows.net/",
        });

        var error = Assert.ThrowsExactly<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StorageOptions>>().Value);
        StringAssert.Contains(error.Message, "Storage:TableServiceUri");
        StringAssert.Contains(error.Message, "Storage:QueueServiceUri");
    }
}
