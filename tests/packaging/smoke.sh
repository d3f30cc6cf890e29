#!/usr/bin/env bash
# The path a user takes, end to end: pack every package into a local feed, create a fresh `dotnet new web` app that
# references the packages (not the projects), paste the README quick start into it, run it, and sign in to it with
# Web3Auth.Client from a fresh console app. Called by ./test.sh; runs on its own too.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
site_pid=
cleanup() {
  [[ -n $site_pid ]] && kill "$site_pid" 2>/dev/null && wait "$site_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A version no cache has seen, and a package cache of its own: the app gets exactly what was just packed.
version="0.1.0-smoke.$(date +%s)"
export NUGET_PACKAGES="$work/packages" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
step() { echo "packaging smoke: $*"; }

step "packing $version"
dotnet pack "$root/Web3Auth.AspNetCore.sln" -c Release -p:Version="$version" -o "$work/feed" -v quiet -nologo >"$work/pack.log" 2>&1 || { cat "$work/pack.log"; exit 1; }
for package in Web3Auth.Siwe Web3Auth.AspNetCore Web3Auth.AspNetCore.Redis Web3Auth.AspNetCore.OpenTelemetry Web3Auth.Client Web3Auth.AspNetCore.Testing; do
  [[ -f $work/feed/$package.$version.nupkg && -f $work/feed/$package.$version.snupkg ]] || { echo "packaging smoke: $package.$version.(s)nupkg missing" >&2; exit 1; }
done

cat >"$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local" value="$work/feed" />
  </packageSources>
</configuration>
XML

step "a new web app with the README quick start"
dotnet new web -o "$work/site" -n Site >/dev/null
dotnet add "$work/site" package Web3Auth.AspNetCore --version "$version" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# The quick start as written, with the user's own domain in place of app.example.com.
python3 - "$root/README.md" "$work/site/Program.cs" "localhost:$port" <<'PY'
import re, sys
readme, target, domain = sys.argv[1:]
text = open(readme, encoding="utf-8").read()
quick = text[text.index("## Quick start"):]
code = re.search(r"```csharp\n(.*?)```", quick, re.S).group(1)
open(target, "w", encoding="utf-8").write(code.replace("app.example.com", domain))
PY
dotnet build "$work/site" -c Release -v quiet -nologo >"$work/site.log" 2>&1 || { cat "$work/site.log"; exit 1; }

step "a new console app that signs in with Web3Auth.Client"
dotnet new console -o "$work/caller" -n Caller >/dev/null
dotnet add "$work/caller" package Web3Auth.Client --version "$version" >/dev/null
cat >"$work/caller/Program.cs" <<'CS'
using Microsoft.Extensions.DependencyInjection;
using Web3Auth.Client;

var services = new ServiceCollection();
services.AddHttpClient("site", http => http.BaseAddress = new Uri(args[0]))
    .AddWeb3SessionKey(o =>
    {
        o.RootSigner = Web3PrivateKeySigner.Generate();
        o.Permissions = ["profile/read", "profile/write"];
    });
using var provider = services.BuildServiceProvider();
using var response = await provider.GetRequiredService<IHttpClientFactory>().CreateClient("site").GetAsync("/profile");
var body = await response.Content.ReadAsStringAsync();
Console.WriteLine($"{(int)response.StatusCode} {body}");
return response.IsSuccessStatusCode && body.Contains("\"address\":\"0x", StringComparison.Ordinal) ? 0 : 1;
CS
dotnet build "$work/caller" -c Release -v quiet -nologo >"$work/caller.log" 2>&1 || { cat "$work/caller.log"; exit 1; }

step "running the site on port $port"
# Production, as deployed: the pasted code sets Domain; the URI is the user's site (here plain http on loopback).
ASPNETCORE_URLS="http://127.0.0.1:$port" Authentication__Schemes__Web3__Uri="http://localhost:$port" \
  dotnet run --project "$work/site" -c Release --no-build --no-launch-profile >"$work/site-run.log" 2>&1 &
site_pid=$!
for _ in $(seq 1 120); do
  if curl -s -o /dev/null "http://127.0.0.1:$port/profile"; then break; fi
  kill -0 "$site_pid" 2>/dev/null || { cat "$work/site-run.log"; echo "packaging smoke: the site stopped" >&2; exit 1; }
  sleep 0.5
done

step "signing in"
if ! dotnet run --project "$work/caller" -c Release --no-build -- "http://localhost:$port"; then
  cat "$work/site-run.log"
  echo "packaging smoke: the packaged client could not sign in to the packaged site" >&2
  exit 1
fi
step "passed"
