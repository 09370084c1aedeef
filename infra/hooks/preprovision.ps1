# azd preprovision hook (PowerShell): makes sure the azd environment holds DELIVERY_TOKEN_KEY, the
# key that signs confirm and unsubscribe links and encrypts webhook secrets. When none is set, it
# generates 32 random bytes (Base64) and stores them with `azd env set`, so this provision and
# every later one write the same key to Key Vault; main.bicep refuses to deploy without one.
# A key already set (by you or an earlier run) is never replaced. The key is never printed.
$ErrorActionPreference = 'Stop'

if (-not (Get-Command azd -ErrorAction SilentlyContinue)) {
    Write-Error 'preprovision: azd is required'
    exit 1
}

$current = (azd env get-value DELIVERY_TOKEN_KEY 2>$null)
if ($LASTEXITCODE -eq 0 -and -not [string]::IsNullOrWhiteSpace($current)) {
    exit 0
}

$bytes = [System.Security.Cryptography.RandomNumberGenerator]::GetBytes(32)
$key = [Convert]::ToBase64String($bytes)
azd env set DELIVERY_TOKEN_KEY $key | Out-Null
if ($LASTEXITCODE -ne 0) {
    Write-Error 'preprovision: azd env set DELIVERY_TOKEN_KEY failed'
    exit 1
}

Write-Output 'preprovision: generated DELIVERY_TOKEN_KEY (kept in the azd environment; back it up: a new key breaks the links already sent)'
