// Secrets the app needs and Azure cannot give it an identity for: the SMTP password and the
// delivery token key.
// Access is by Azure RBAC only (no access policies); the app reads secrets through Key Vault
// references in its app settings, with its user-assigned identity (Key Vault Secrets User).

@description('Name of the key vault (3-24 letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param name string

@description('Region of the vault.')
param location string

@description('Tags for the vault.')
param tags object

@description('Name of the secret that holds the SMTP password.')
param smtpPasswordSecretName string

@secure()
@description('The SMTP password. Empty: no secret is written (an existing one is left as it is).')
param smtpPassword string = ''

@description('Name of the secret that holds the delivery token key (app setting Delivery__TokenKey).')
param deliveryTokenKeySecretName string

@secure()
@description('The delivery token key, Base64 of at least 32 random bytes (44 characters or more). Always written: the app has no other key.')
@minLength(44)
param deliveryTokenKey string

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource smtpPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(smtpPassword)) {
  parent: vault
  name: smtpPasswordSecretName
  properties: {
    value: smtpPassword
    contentType: 'text/plain'
  }
}

// Unlike the SMTP password, always written: a provision cannot go ahead without the key (the
// preprovision hook keeps it in the azd environment, so each provision writes the same one).
resource deliveryTokenKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: deliveryTokenKeySecretName
  properties: {
    value: deliveryTokenKey
    contentType: 'text/plain'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
