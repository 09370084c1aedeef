#!/bin/sh
# azd postdeploy hook (POSIX sh): subscribes ProcessIncoming, the app's Event Grid blob trigger,
# to BlobCreated events of the incoming/ container.
#
# It runs after the code is deployed because the webhook address carries the app's
# blobs_extension system key, which the Functions host creates only when it first starts with
# that trigger. Safe to repeat: the subscription is created or updated in place.
# The key is never printed; with `set -x` it would be, so do not add it.
set -eu

fail() {
  echo "postdeploy: $*" >&2
  exit 1
}

command -v az >/dev/null 2>&1 || fail "the Azure CLI (az) is required: https://aka.ms/azure-cli"

# azd passes its environment's values to hooks; read them from azd when run by hand.
if [ -z "${AZURE_FUNCTION_APP_NAME:-}" ]; then
  command -v azd >/dev/null 2>&1 || fail "AZURE_FUNCTION_APP_NAME is not set and azd is not installed"
  values=$(azd env get-values) || fail "azd env get-values failed; run 'azd provision' first"
  while IFS= read -r line; do
    key=${line%%=*}
    value=${line#*=}
    value=${value#\"}
    value=${value%\"}
    case $key in
      AZURE_RESOURCE_GROUP | AZURE_FUNCTION_APP_NAME | AZURE_FUNCTION_APP_HOST | \
        EVENT_GRID_SYSTEM_TOPIC_NAME | EVENT_GRID_SUBSCRIPTION_NAME | INCOMING_CONTAINER_NAME | \
        PROCESS_INCOMING_FUNCTION_NAME)
        export "$key=$value"
        ;;
    esac
  done <<EOF
$values
EOF
fi

resource_group=${AZURE_RESOURCE_GROUP:?AZURE_RESOURCE_GROUP is not set; run azd provision first}
app=${AZURE_FUNCTION_APP_NAME:?AZURE_FUNCTION_APP_NAME is not set; run azd provision first}
host=${AZURE_FUNCTION_APP_HOST:-$app.azurewebsites.net}
topic=${EVENT_GRID_SYSTEM_TOPIC_NAME:?EVENT_GRID_SYSTEM_TOPIC_NAME is not set; run azd provision first}
subscription=${EVENT_GRID_SUBSCRIPTION_NAME:-incoming-blob-created}
container=${INCOMING_CONTAINER_NAME:-incoming}
function_name=${PROCESS_INCOMING_FUNCTION_NAME:-ProcessIncoming}

# Wake the app so that its host starts and creates the blobs_extension key (Flex Consumption
# scales to zero). The health answer itself does not matter here.
if command -v curl >/dev/null 2>&1; then
  curl -s -o /dev/null --max-time 60 "https://$host/api/health" || true
fi

echo "postdeploy: waiting for the blobs_extension system key of $app"
attempt=1
key=""
while :; do
  key=$(az functionapp keys list --resource-group "$resource_group" --name "$app" \
    --query "systemKeys.blobs_extension" --output tsv 2>/dev/null || true)
  [ -n "$key" ] && break
  [ "$attempt" -ge 18 ] && fail "no blobs_extension key after $attempt tries; is $function_name deployed with Source = BlobTriggerSource.EventGrid?"
  attempt=$((attempt + 1))
  sleep 10
done

endpoint="https://$host/runtime/webhooks/blobs?functionName=Host.Functions.$function_name&code=$key"

# Event Grid validates a new webhook with a handshake the app answers; a cold app may miss the
# first one, so try a few times. `create` is create-or-update, so this also refreshes the key.
echo "postdeploy: subscribing $function_name to BlobCreated in $container/ (topic $topic)"
attempt=1
while :; do
  if az eventgrid system-topic event-subscription create \
    --resource-group "$resource_group" \
    --system-topic-name "$topic" \
    --name "$subscription" \
    --endpoint-type webhook \
    --endpoint "$endpoint" \
    --included-event-types Microsoft.Storage.BlobCreated \
    --subject-begins-with "/blobServices/default/containers/$container/" \
    --output none; then
    break
  fi
  [ "$attempt" -ge 5 ] && fail "could not create the Event Grid subscription $subscription"
  attempt=$((attempt + 1))
  echo "postdeploy: retrying in 15 s"
  sleep 15
done

state=$(az eventgrid system-topic event-subscription show --resource-group "$resource_group" \
  --system-topic-name "$topic" --name "$subscription" --query provisioningState --output tsv)
[ "$state" = "Succeeded" ] || fail "Event Grid subscription $subscription is $state"
echo "postdeploy: Event Grid subscription $subscription: $state"
