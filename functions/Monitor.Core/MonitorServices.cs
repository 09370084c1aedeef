using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitor.Core.Api;
using Monitor.Core.Articles;
using Monitor.Core.Classification;
using Monitor.Core.Delivery;
using Monitor.Core.Developments;
using Monitor.Core.Digests;
using Monitor.Core.Feeds;
using Monitor.Core.Storage;

namespace Monitor.Core;

/// <summary>Registers the whole pipeline; both hosts call this once.</summary>
public static class MonitorServices
{
    public static IServiceCollection AddMonitorCore(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).Validate(
            o => o.UsesManagedIdentity ? o.TableServiceUri is not null && o.QueueServiceUri is not null : !string.IsNullOrWhiteSpace(o.ConnectionString),
            "Set Storage:ConnectionString, or Storage:BlobServiceUri, Storage:TableServiceUri and Storage:QueueServiceUri for a managed identity.")
            .Validate(o => o.UsesManagedIdentity || string.IsNullOrWhiteSpace(o.ConnectionString) || IsConnectionString(o.ConnectionString),
                "Storage:ConnectionString is not a storage connection string (UseDevelopmentStorage=true, or DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…).")
            .ValidateOnStart();
        services.AddOptions<ProcessingOptions>().BindConfiguration(ProcessingOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddAzureClients(clients =>
        {
            clients.AddClient<BlobServiceClient, BlobClientOptions>((clientOptions, credential, provider) =>
            {
                var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                clientOptions.AddPolicy(provider.GetRequiredService<StorageTransactions>().PolicyFor(StorageService.Blob), HttpPipelinePosition.PerRetry);
                return storage.UsesManagedIdentity
                    ? new BlobServiceClient(storage.BlobServiceUri, credential, clientOptions)
                    : new BlobServiceClient(storage.ConnectionString, clientOptions);
            });
            clients.AddClient<TableServiceClient, TableClientOptions>((clientOptions, credential, provider) =>
            {
                var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                clientOptions.AddPolicy(provider.GetRequiredService<StorageTransactions>().PolicyFor(StorageService.Table), HttpPipelinePosition.PerRetry);
                return storage.UsesManagedIdentity
                    ? new TableServiceClient(storage.TableServiceUri, credential, clientOptions)
                    : new TableServiceClient(storage.ConnectionString, clientOptions);
            });
            clients.AddClient<QueueServiceClient, QueueClientOptions>((clientOptions, credential, provider) =>
            {
                var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                clientOptions = MonitorStorage.QueueOptions(clientOptions);
                clientOptions.AddPolicy(provider.GetRequiredService<StorageTransactions>().PolicyFor(StorageService.Queue), HttpPipelinePosition.PerRetry);
                return storage.UsesManagedIdentity
                    ? new QueueServiceClient(storage.QueueServiceUri, credential, clientOptions)
                    : new QueueServiceClient(storage.ConnectionString, clientOptions);
            });
            clients.UseCredential(provider => CredentialFor(provider.GetRequiredService<IOptions<StorageOptions>>().Value));

            // The SDK's own request logging formats every request's headers (a measurable share of
            // processing's CPU) and logs expected answers (409 lease present, 404) as warnings: the
            // product logs its failures itself, one line each.
            clients.ConfigureDefaults(options => options.Diagnostics.IsLoggingEnabled = false);
        });

        services.AddSingleton<StorageTransactions>();
        services.AddSingleton<MonitorStorage>();
        services.AddSingleton<StorageCheck>();
        services.AddSingleton(TimeProvider.System);
        services.AddFeeds();
        services.AddClassification();
        services.AddSingleton<ArticleProcessor>();
        services.AddSingleton<DevelopmentStore>();
        services.AddSingleton<DigestService>();
        services.AddOptions<DigestOptions>().BindConfiguration(DigestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DigestAnswers>();
        services.AddSingleton<MonitorApi>();
        services.AddDelivery();
        return services;
    }

    /// <summary>True when the storage SDK can read <paramref name="connectionString"/> (no request is made).</summary>
    private static bool IsConnectionString(string connectionString)
    {
        try
        {
            _ = new TableServiceClient(connectionString);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>A managed identity in Azure (user-assigned when a client id is set).</summary>
    private static TokenCredential CredentialFor(StorageOptions storage) =>
        string.IsNullOrWhiteSpace(storage.ManagedIdentityClientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(storage.ManagedIdentityClientId));
}
