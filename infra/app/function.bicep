// The Functions app on a Flex Consumption plan: .NET isolated worker, run as the user-assigned
// identity, deployed by azd to a blob container of the product's storage account, configured
// with endpoints and a client id only (no connection string, no key anywhere).

@description('Name of the Functions app (also its host name).')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Region of the plan and the app; it must offer Flex Consumption.')
param location string

@description('Tags for the plan and the app.')
param tags object

@description('azd service name in azure.yaml; azd finds the app by this tag.')
param serviceName string

@description('Name of the user-assigned identity the app runs as.')
param identityName string

@description('Storage account of the product, the host and the deployment package.')
param storageAccountName string

@description('Blob container Flex Consumption deploys the app package to.')
param deploymentContainerName string

@description('Application Insights resource the app sends telemetry to.')
param applicationInsightsName string

@description('Key vault of the app\'s secrets.')
param keyVaultName string

@description('Name of the SMTP password secret in the key vault.')
param smtpPasswordSecretName string

@description('Whether the SMTP password secret exists; only then is the app setting made.')
param hasSmtpPassword bool

@description('Six-field cron schedule of the feed poll (app setting PollSchedule, read by the timer trigger).')
param pollSchedule string

@description('.NET version of the isolated worker, as Flex Consumption names it (\'10.0\', not \'10\').')
param dotnetVersion string

@description('Memory of each instance, in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int

@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

// The Functions host's own storage (leases, receipts, the blob trigger's connection), by identity.
var hostStorageSettings = {
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: appIdentity.properties.clientId
}

// Telemetry with Entra ID: the connection string only names the resource.
var telemetrySettings = {
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${appIdentity.properties.clientId};Authorization=AAD'
}

// The product's own settings (Monitor.Core StorageOptions, the poll schedule).
var productSettings = {
  Storage__BlobServiceUri: storage.properties.primaryEndpoints.blob
  Storage__TableServiceUri: storage.properties.primaryEndpoints.table
  Storage__ManagedIdentityClientId: appIdentity.properties.clientId
  PollSchedule: pollSchedule
}

// A Key Vault reference: the platform resolves it with keyVaultReferenceIdentity; the value never
// appears in the template, the deployment or its outputs.
var secretSettings = hasSmtpPassword
  ? { Smtp__Password: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${smtpPasswordSecretName})' }
  : {}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${appIdentity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: appIdentity.id
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: appIdentity.id
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: union(hostStorageSettings, telemetrySettings, productSettings, secretSettings)
}

// azd deploys with Entra ID tokens; publishing with user names and passwords stays off.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = site.name
output hostName string = site.properties.defaultHostName
