#!/bin/sh
# azd preprovision hook (POSIX sh): makes sure the azd environment holds DELIVERY_TOKEN_KEY, the
# key that signs confirm and unsubscribe links and encrypts webhook secrets. When none is set, it
# generates 32 random bytes (Base64) and stores them with `azd env set`, so this provision and
# every later one write the same key to Key Vault; main.bicep refuses to deploy without one.
# A key already set (by you or an earlier run) is never replaced. The key is never printed.
set -eu

fail() {
  echo "preprovision: $*" >&2
  exit 1
}

command -v azd >/dev/null 2>&1 || fail "azd is required"
current=$(azd env get-value DELIVERY_TOKEN_KEY 2>/dev/null || true)
if [ -n "$current" ]; then
  exit 0
fi

if command -v openssl >/dev/null 2>&1; then
  key=$(openssl rand -base64 32)
else
  key=$(head -c 32 /dev/urandom | base64 | tr -d '\n')
fi
[ ${#key} -ge 44 ] || fail "could not generate a key"
azd env set DELIVERY_TOKEN_KEY "$key" >/dev/null || fail "azd env set DELIVERY_TOKEN_KEY failed"
echo "preprovision: generated DELIVERY_TOKEN_KEY (kept in the azd environment; back it up: a new key breaks the links already sent)"
