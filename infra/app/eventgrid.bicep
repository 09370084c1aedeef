// The Event Grid system topic of the storage account: the source of the BlobCreated events that
// start ProcessIncoming (blob trigger with Source = EventGrid, the only blob trigger Flex
// Consumption runs). Its subscription is made by infra/hooks/postdeploy.*, not here: the webhook
// address carries the app's blobs_extension system key, which exists only once the code is
// deployed and the host has started.

@description('Name of the system topic.')
param name string

@description('Region of the topic: the storage account\'s.')
param location string

@description('Tags for the topic.')
param tags object

@description('Name of the storage account whose events the topic carries.')
param storageAccountName string

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = topic.name
