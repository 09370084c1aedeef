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
            "Set Storage:ConnectionString, or Storage:BlobServiceUri, Storage:TableServiceUri and Storage:QueueServiceUri for a managed identity.").ValidateOnStart();
        services.AddOptions<ProcessingOptions>().BindConfiguration(ProcessingOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddAzureClients(clients =>
        {
            clients.AddClient<BlobServiceClient, BlobClientOptions>((clientOptions, credential, provider) =>
            {
                var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                return storage.UsesManagedIdentity
                    ? new BlobServiceClient(storage.BlobServiceUri, credential, clientOptions)
                    : new BlobServiceClient(storage.ConnectionString, clientOptions);
            });
            clients.AddClient<TableServiceClient, TableClientOptions>((clientOptions, credential, provider) =>
            {
                var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                return storage.UsesManagedIdentity
                    ? new TableServiceClient(storage.TableServiceUri, credential, clientOptions)
                    : new TableServiceClient(storage.ConnectionString, clientOptions);
            });
            clients.AddClient<QueueServiceClient, QueueClientOptions>((clientOptions, credential, provider) =>
            {
                var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                clientOptions = MonitorStorage.QueueOptions(clientOptions);
                return storage.UsesManagedIdentity
                    ? new QueueServiceClient(storage.QueueServiceUri, credential, clientOptions)
                    : new QueueServiceClient(storage.ConnectionString, clientOptions);
            });
            clients.UseCredential(provider => CredentialFor(provider.GetRequiredService<IOptions<StorageOptions>>().Value));
        });

        services.AddSingleton<MonitorStorage>();
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

    /// <summary>A managed identity in Azure (user-assigned when a client id is set).</summary>
    private static TokenCredential CredentialFor(StorageOptions storage) =>
        string.IsNullOrWhiteSpace(storage.ManagedIdentityClientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(storage.ManagedIdentityClientId));
}
