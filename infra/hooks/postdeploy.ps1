# azd postdeploy hook (PowerShell 7): subscribes ProcessIncoming, the app's Event Grid blob
# trigger, to BlobCreated events of the incoming/ container.
#
# It runs after the code is deployed because the webhook address carries the app's
# blobs_extension system key, which the Functions host creates only when it first starts with
# that trigger. Safe to repeat: the subscription is created or updated in place.
# The key is never printed.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Fail([string] $message) {
    Write-Error "postdeploy: $message" -ErrorAction Continue
    exit 1
}

if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    Fail 'the Azure CLI (az) is required: https://aka.ms/azure-cli'
}

$names = @(
    'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'AZURE_FUNCTION_APP_HOST',
    'EVENT_GRID_SYSTEM_TOPIC_NAME', 'EVENT_GRID_SUBSCRIPTION_NAME', 'INCOMING_CONTAINER_NAME',
    'PROCESS_INCOMING_FUNCTION_NAME')

# azd passes its environment's values to hooks; read them from azd when run by hand.
if (-not $env:AZURE_FUNCTION_APP_NAME) {
    if (-not (Get-Command azd -ErrorAction SilentlyContinue)) {
        Fail 'AZURE_FUNCTION_APP_NAME is not set and azd is not installed'
    }
    $values = azd env get-values
    if ($LASTEXITCODE -ne 0) { Fail "azd env get-values failed; run 'azd provision' first" }
    foreach ($line in $values) {
        $at = $line.IndexOf('=')
        if ($at -lt 1) { continue }
        $key = $line.Substring(0, $at)
        if ($names -contains $key) {
            Set-Item -Path "Env:$key" -Value $line.Substring($at + 1).Trim('"')
        }
    }
}

function Require([string] $name) {
    $value = [Environment]::GetEnvironmentVariable($name)
    if (-not $value) { Fail "$name is not set; run azd provision first" }
    return $value
}

function Optional([string] $name, [string] $default) {
    $value = [Environment]::GetEnvironmentVariable($name)
    if ($value) { return $value } else { return $default }
}

$resourceGroup = Require 'AZURE_RESOURCE_GROUP'
$app = Require 'AZURE_FUNCTION_APP_NAME'
$topic = Require 'EVENT_GRID_SYSTEM_TOPIC_NAME'
$appHost = Optional 'AZURE_FUNCTION_APP_HOST' "$app.azurewebsites.net"
$subscription = Optional 'EVENT_GRID_SUBSCRIPTION_NAME' 'incoming-blob-created'
$container = Optional 'INCOMING_CONTAINER_NAME' 'incoming'
$functionName = Optional 'PROCESS_INCOMING_FUNCTION_NAME' 'ProcessIncoming'

# Wake the app so that its host starts and creates the blobs_extension key (Flex Consumption
# scales to zero). The health answer itself does not matter here.
try {
    Invoke-WebRequest -Uri "https://$appHost/api/health" -TimeoutSec 60 -SkipHttpErrorCheck | Out-Null
} catch {
    # A cold or failing app is what the retries below wait for.
}

Write-Host "postdeploy: waiting for the blobs_extension system key of $app"
$key = ''
for ($attempt = 1; $attempt -le 18; $attempt++) {
    $key = az functionapp keys list --resource-group $resourceGroup --name $app `
        --query 'systemKeys.blobs_extension' --output tsv 2>$null
    if ($LASTEXITCODE -eq 0 -and $key) { break }
    $key = ''
    if ($attempt -lt 18) { Start-Sleep -Seconds 10 }
}
if (-not $key) {
    Fail "no blobs_extension key; is $functionName deployed with Source = BlobTriggerSource.EventGrid?"
}

$endpoint = "https://$appHost/runtime/webhooks/blobs?functionName=Host.Functions.$functionName&code=$key"

# Event Grid validates a new webhook with a handshake the app answers; a cold app may miss the
# first one, so try a few times. `create` is create-or-update, so this also refreshes the key.
Write-Host "postdeploy: subscribing $functionName to BlobCreated in $container/ (topic $topic)"
$created = $false
for ($attempt = 1; $attempt -le 5; $attempt++) {
    az eventgrid system-topic event-subscription create `
        --resource-group $resourceGroup `
        --system-topic-name $topic `
        --name $subscription `
        --endpoint-type webhook `
        --endpoint $endpoint `
        --included-event-types Microsoft.Storage.BlobCreated `
        --subject-begins-with "/blobServices/default/containers/$container/" `
        --output none
    if ($LASTEXITCODE -eq 0) { $created = $true; break }
    if ($attempt -lt 5) {
        Write-Host 'postdeploy: retrying in 15 s'
        Start-Sleep -Seconds 15
    }
}
if (-not $created) { Fail "could not create the Event Grid subscription $subscription" }

$state = az eventgrid system-topic event-subscription show --resource-group $resourceGroup `
    --system-topic-name $topic --name $subscription --query provisioningState --output tsv
if ($state -ne 'Succeeded') { Fail "Event Grid subscription $subscription is $state" }
Write-Host "postdeploy: Event Grid subscription ${subscription}: $state"
