#!/usr/bin/env bash
# Runs every test of the solution. On a fresh Debian machine it first installs what the tests need
# (apt-get, when run as root); otherwise it stops with one line naming what to install.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the tests use: libsecp256k1-1 is the reference implementation the crypto tests compare against;
# chromium is the browser the sample's end-to-end tests drive (Playwright cannot download its own here).
# redis-server is started by the Redis store tests themselves (free loopback port, persistence off).
packages=(libsecp256k1-1 chromium redis-server)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]})); then
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "test.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing Debian packages; install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

command -v dotnet >/dev/null || { echo "test.sh: the .NET SDK 10 is missing; install it from https://dot.net" >&2; exit 1; }

# The smart-wallet tests run a local EVM (Hardhat) and compile Solidity with solc-js, both pinned in tests/tools/evm.
command -v npm >/dev/null || { echo "test.sh: Node.js 20 with npm is missing (the smart-wallet tests run a local EVM); install it: sudo apt-get install nodejs npm" >&2; exit 1; }
evm=tests/tools/evm
if [[ ! -f $evm/node_modules/.package-lock.json || $evm/package-lock.json -nt $evm/node_modules/.package-lock.json ]]; then
  echo "test.sh: installing the EVM test tools (npm ci in $evm)"
  (cd "$evm" && npm ci --no-audit --no-fund --loglevel=error)
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Web3Auth.AspNetCore.sln -c Release --nologo "$@" 2>&1 | tee "$log" || status=$?

# One closing line for the whole solution, summed over the test assemblies.
awk '/(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i + 1)); if ($i == "Failed:") f += $(i + 1); if ($i == "Passed:") p += $(i + 1); if ($i == "Skipped:") s += $(i + 1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"

# Then the path a user takes: the packages, installed into fresh apps (skip with WEB3AUTH_SKIP_PACKAGING=1 while iterating).
if [[ $status -eq 0 && ${WEB3AUTH_SKIP_PACKAGING:-} != 1 ]]; then
  tests/packaging/smoke.sh || status=$?
fi
exit "$status"
