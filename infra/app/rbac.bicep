// Who may do what, by Azure RBAC on the single resources (never the resource group):
//
// The app's identity (reaches everything with Entra ID tokens, never keys):
//   Storage Blob Data Owner         the Functions host's own storage (AzureWebJobsStorage: timer
//                                   leases, blob-trigger receipts), the Flex Consumption
//                                   deployment container, and the product's containers. Owner,
//                                   not Contributor, is what the Functions documentation asks for
//                                   identity-based host storage.
//   Storage Queue Data Contributor  the product's queue of feed polls (feedpolls, and its poison
//                                   queue), which the timer writes and a queue trigger reads, and
//                                   the blob trigger's poison queue (webjobs-blobtrigger-poison);
//                                   the Functions documentation asks for it on every blob-trigger
//                                   and queue-trigger connection.
//   Storage Table Data Contributor  the product's tables (feeds, seen items, articles, ...).
//   Monitoring Metrics Publisher    telemetry to Application Insights, whose local
//                                   (key-based) authentication is off.
//   Key Vault Secrets User          reads secret values (Key Vault references), nothing else.
//
// The developer who runs azd (optional): the same storage data access, as Blob Data Contributor
// (a person has no host storage to run), so that Storage Explorer, the az CLI and the local
// host with --Storage:BlobServiceUri work against the deployed account; and Key Vault Secrets
// Officer, to set the SMTP password with `az keyvault secret set`.

@description('Storage account the roles apply to.')
param storageAccountName string

@description('Application Insights resource the app publishes telemetry to.')
param applicationInsightsName string

@description('Key vault the app reads its secrets from.')
param keyVaultName string

@description('Name of the app\'s user-assigned identity.')
param appIdentityName string

@description('Object id of the developer or pipeline running azd; empty: no developer access.')
param developerPrincipalId string = ''

@description('Grant the developer principal data access (storage data and secrets).')
param grantDeveloperAccess bool = true

// Built-in role definition ids (the same in every tenant).
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

var appStorageRoles = [storageBlobDataOwner, storageQueueDataContributor, storageTableDataContributor]
var developerStorageRoles = [storageBlobDataContributor, storageQueueDataContributor, storageTableDataContributor]
var developerAccess = grantDeveloperAccess && !empty(developerPrincipalId)

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: appIdentityName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

resource appStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in appStorageRoles: {
    name: guid(storage.id, appIdentity.id, role)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: appIdentity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource appTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, appIdentity.id, monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource appSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appIdentity.id, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// No principalType: azd may run as a user or as a service principal; Azure resolves which.
resource developerStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in developerStorageRoles: if (developerAccess) {
    name: guid(storage.id, developerPrincipalId, role)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: developerPrincipalId
    }
  }
]

resource developerSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (developerAccess) {
  name: guid(vault.id, developerPrincipalId, keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficer)
    principalId: developerPrincipalId
  }
}
