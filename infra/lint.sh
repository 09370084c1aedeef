#!/usr/bin/env bash
# Builds and lints the Bicep templates of infra/ with the Bicep CLI from NuGet.
# Fails on any error or warning, from the compiler or the linter (rules: infra/bicepconfig.json).
#
#   bash infra/lint.sh
#
# Needs only the .NET SDK: tools/bicep.csproj brings the CLI package for this platform into the
# NuGet global packages folder, and the package's BicepPath property says where the binary is.
set -euo pipefail
cd "$(dirname "$0")"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) rid=linux-x64 ;;
  Linux-aarch64 | Linux-arm64) rid=linux-arm64 ;;
  Darwin-x86_64) rid=osx-x64 ;;
  Darwin-arm64) rid=osx-arm64 ;;
  MINGW*-* | MSYS*-* | CYGWIN*-*) rid=win-x64 ;;
  *)
    echo "lint: no Bicep CLI package for $(uname -s) $(uname -m)" >&2
    exit 1
    ;;
esac

project=tools/bicep.csproj
dotnet restore "$project" -p:BicepRid="$rid" --nologo --verbosity quiet
bicep=$(dotnet msbuild "$project" -p:BicepRid="$rid" -getProperty:BicepPath -nologo | tr -d '\r')
if [ ! -f "$bicep" ]; then
  echo "lint: the Bicep CLI is not where its package says: $bicep" >&2
  exit 1
fi
chmod +x "$bicep" 2>/dev/null || true
echo "lint: $("$bicep" --version)"

report=$(mktemp)
trap 'rm -f "$report"' EXIT
failed=0

# The compiler: main.bicep and every module it uses, to ARM JSON (thrown away).
"$bicep" build main.bicep --stdout >/dev/null 2>>"$report" || failed=1

# The linter: main.bicep, and each module on its own so that none escapes by not being used.
for file in main.bicep app/*.bicep; do
  "$bicep" lint "$file" >>"$report" 2>&1 || failed=1
done

# A file's diagnostics appear once per file that uses it: show each once.
diagnostics=$(sort -u "$report")
if [ -n "$diagnostics" ]; then
  printf '%s\n' "$diagnostics"
fi
if printf '%s\n' "$diagnostics" | grep -Eq ' : (Error|Warning) '; then
  failed=1
fi

if [ "$failed" -ne 0 ]; then
  echo "lint: FAILED (errors or warnings above)" >&2
  exit 1
fi
echo "lint: ok (no error, no warning)"
