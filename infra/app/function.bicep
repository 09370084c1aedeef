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

@description('Whether the SMTP password secret exists; only then is the app setting Email__Password made.')
param hasSmtpPassword bool

@description('Name of the delivery token key secret in the key vault.')
param deliveryTokenKeySecretName string

@description('SMTP relay host name (app setting Email__Host). Empty: no setting.')
param smtpHost string

@description('SMTP port (app setting Email__Port).')
@minValue(1)
@maxValue(65535)
param smtpPort int

@description('SMTP connection security (app setting Email__Security).')
@allowed(['none', 'starttls', 'ssl'])
param smtpSecurity string

@description('SMTP user name (app setting Email__UserName). Empty: no setting, and no authentication.')
param smtpUserName string

@description('Sender mailbox, such as "Monitor <monitor@example.org>" (app setting Email__From). Empty: no setting.')
param mailFrom string

@description('Six-field cron schedule of digest delivery (app setting DeliverySchedule, read by the timer trigger).')
param deliverySchedule string

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

// The product's own settings (Monitor.Core StorageOptions, the schedules, DeliveryOptions).
// Delivery__PublicBaseUrl reads the site's host name: the settings are a child resource of the
// site, deployed after it, so this is no cycle; and it is the name Azure gave, which may not be
// <name>.azurewebsites.net.
var productSettings = {
  Storage__BlobServiceUri: storage.properties.primaryEndpoints.blob
  Storage__TableServiceUri: storage.properties.primaryEndpoints.table
  Storage__QueueServiceUri: storage.properties.primaryEndpoints.queue
  Storage__ManagedIdentityClientId: appIdentity.properties.clientId
  PollSchedule: pollSchedule
  DeliverySchedule: deliverySchedule
  Delivery__PublicBaseUrl: 'https://${site.properties.defaultHostName}/'
}

// Monitor.Core EmailOptions. Host and From are required there and validated at start: an empty
// value would stop the whole app, so an empty parameter leaves the setting out and the code's
// default applies (mail then fails, the rest runs). An absent user name means no authentication.
var mailSettings = union(
  {
    Email__Port: string(smtpPort)
    Email__Security: smtpSecurity
  },
  empty(smtpHost) ? {} : { Email__Host: smtpHost },
  empty(smtpUserName) ? {} : { Email__UserName: smtpUserName },
  empty(mailFrom) ? {} : { Email__From: mailFrom }
)

// Key Vault references: the platform resolves them with keyVaultReferenceIdentity; the values
// never appear in the template, the deployment or its outputs. A reference to a secret that does
// not exist would reach the app as its literal text, so the SMTP password's is made only when its
// secret is; the delivery token key's secret is always written (main.bicep requires the key), and
// were its reference ever unresolved, its literal text is not Base64 and the app refuses to start.
var secretSettings = union(
  hasSmtpPassword
    ? { Email__Password: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${smtpPasswordSecretName})' }
    : {},
  { Delivery__TokenKey: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${deliveryTokenKeySecretName})' }
)

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
  properties: union(hostStorageSettings, telemetrySettings, productSettings, mailSettings, secretSettings)
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
