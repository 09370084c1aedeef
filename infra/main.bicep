// Monitor on Azure, for `azd up`: a resource group rg-<environment> holding a Flex Consumption
// Functions app, its storage account, monitoring, key vault, user-assigned identity, role
// assignments and the Event Grid system topic that feeds the blob trigger. Plain resources in
// local modules (app/*.bicep), no registry modules. The Event Grid subscription is made after
// deployment by hooks/postdeploy.sh (or .ps1), which azure.yaml runs.

targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds the other names.')
param environmentName string

@minLength(1)
@description('Region of every resource. It must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the user or pipeline running azd (AZURE_PRINCIPAL_ID); it gets data access to storage and secrets. Empty: none.')
param principalId string = ''

@description('Grant principalId data access to the storage account and the key vault.')
param grantDeveloperAccess bool = true

@description('SMTP relay host name (app setting Email__Host). Empty: no setting; the code\'s default, localhost, reaches no relay in Azure, so no mail is sent.')
param smtpHost string = ''

@description('SMTP port (app setting Email__Port): 587 with starttls, 465 with ssl.')
@minValue(1)
@maxValue(65535)
param smtpPort int = 587

@description('SMTP connection security (app setting Email__Security): none, starttls (upgrade after connecting) or ssl (TLS from the first byte).')
@allowed(['none', 'starttls', 'ssl'])
param smtpSecurity string = 'starttls'

@description('SMTP user name (app setting Email__UserName). Empty: no setting, and the app does not authenticate.')
param smtpUserName string = ''

@secure()
@description('SMTP password, stored as the Key Vault secret smtp-password and given to the app as a Key Vault reference (app setting Email__Password). Empty: no secret written (an existing one is kept) and no setting.')
param smtpPassword string = ''

@description('Sender mailbox, such as "Monitor <monitor@example.org>" (app setting Email__From). Empty: no setting, and the code\'s placeholder sender is used.')
param mailFrom string = ''

@description('Six-field cron schedule of digest delivery (app setting DeliverySchedule); each run serves every subscription that is due.')
param deliverySchedule string = '0 * * * * *'

@secure()
@description('Base64 of at least 32 random bytes that signs confirm and unsubscribe links and encrypts webhook secrets, stored as the Key Vault secret delivery-token-key and given to the app as a Key Vault reference (app setting Delivery__TokenKey). Required: the preprovision hook generates one into the azd environment (DELIVERY_TOKEN_KEY) when none is set, and every later provision writes that same key again, so the app never runs on its public development key (outside Development it refuses to start without one).')
@minLength(44)
param deliveryTokenKey string

@description('Six-field cron schedule of the feed poll (app setting PollSchedule).')
param pollSchedule string = '0 */5 * * * *'

@description('Memory of each Functions instance, in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Most instances the Functions app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var storageNames = loadJsonContent('storage-names.json')
var smtpPasswordSecretName = 'smtp-password'
var deliveryTokenKeySecretName = 'delivery-token-key'

// Every name is known before deployment starts: modules that refer to another module's resource
// get its name from here (and depend on that module), so What-If can predict them.
var names = {
  identity: 'id-monitor-${resourceToken}'
  storage: 'st${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  keyVault: 'kv-${resourceToken}'
  plan: 'plan-${resourceToken}'
  functionApp: 'func-monitor-${resourceToken}'
  deploymentContainer: 'app-package-func-monitor-${resourceToken}'
  eventGridTopic: 'evgt-${resourceToken}'
}

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    containerNames: storageNames.containers
    tableNames: storageNames.tables
    queueNames: storageNames.queues
    deploymentContainerName: names.deploymentContainer
  }
}

module monitoring 'app/monitoring.bicep' = {
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
  }
}

module keyVault 'app/keyvault.bicep' = {
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: tags
    smtpPasswordSecretName: smtpPasswordSecretName
    smtpPassword: smtpPassword
    deliveryTokenKeySecretName: deliveryTokenKeySecretName
    deliveryTokenKey: deliveryTokenKey
  }
}

module rbac 'app/rbac.bicep' = {
  scope: rg
  params: {
    storageAccountName: names.storage
    applicationInsightsName: names.applicationInsights
    keyVaultName: names.keyVault
    appIdentityName: names.identity
    developerPrincipalId: principalId
    grantDeveloperAccess: grantDeveloperAccess
  }
  dependsOn: [identity, storage, monitoring, keyVault]
}

module function 'app/function.bicep' = {
  scope: rg
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    serviceName: 'monitor'
    identityName: names.identity
    storageAccountName: names.storage
    deploymentContainerName: names.deploymentContainer
    applicationInsightsName: names.applicationInsights
    keyVaultName: names.keyVault
    smtpPasswordSecretName: smtpPasswordSecretName
    hasSmtpPassword: !empty(smtpPassword)
    deliveryTokenKeySecretName: deliveryTokenKeySecretName
    smtpHost: smtpHost
    smtpPort: smtpPort
    smtpSecurity: smtpSecurity
    smtpUserName: smtpUserName
    mailFrom: mailFrom
    pollSchedule: pollSchedule
    deliverySchedule: deliverySchedule
    // .NET 10 isolated worker: Monitor.Functions targets net10.0, and Flex Consumption runs it.
    dotnetVersion: '10.0'
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
  }
  // The app starts, and reads its storage and secrets, only once its roles are assigned.
  dependsOn: [rbac]
}

module eventGrid 'app/eventgrid.bicep' = {
  scope: rg
  params: {
    name: names.eventGridTopic
    location: location
    tags: tags
    storageAccountName: names.storage
  }
  dependsOn: [storage]
}

// Read by azd, by hooks/postdeploy.* and by people; none of them is a secret.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = function.outputs.name
output AZURE_FUNCTION_APP_HOST string = function.outputs.hostName
output AZURE_FUNCTION_APP_URL string = 'https://${function.outputs.hostName}'
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output EVENT_GRID_SYSTEM_TOPIC_NAME string = eventGrid.outputs.name
output EVENT_GRID_SUBSCRIPTION_NAME string = 'incoming-blob-created'
output INCOMING_CONTAINER_NAME string = storageNames.incomingContainer
output PROCESS_INCOMING_FUNCTION_NAME string = 'ProcessIncoming'
