#!/usr/bin/env bash
# Load test: one small host on loopback (benchmarks/Web3Auth.LoadHost) serving /anon, /floor (a scheme that does no
# work: what ASP.NET Core's authentication and authorization cost alone), /jwt (Microsoft's JwtBearer validating
# HS256) and /web3 (our scheme, default store on the in-memory cache); a second one serving /web3-redis (the Redis
# store as configured by default: no local cache, one Redis script per request) and a third serving
# /web3-redis-cached (the same with LocalCacheDuration = LOCAL_CACHE seconds, default 5), both against a
# redis-server this script starts on a free loopback port with persistence off.
# wrk drives every path with the same duration, connections and threads, in interleaved rounds; the table gives the
# median requests/s over the rounds, the p99 latency of the median round, and the ratio to /anon. On a machine with
# two or more cores the hosts run on the last core and wrk on the others (taskset), so the host, not wrk, is the
# bottleneck and the two do not take turns on one core; PIN=0 turns that off.
#
#   benchmarks/load.sh                      # defaults: DURATION=10 CONNECTIONS=32 THREADS=1 ROUNDS=3
#   DURATION=30 ROUNDS=5 benchmarks/load.sh
#   LOCAL_CACHE=1 benchmarks/load.sh        # /web3-redis-cached's LocalCacheDuration, in seconds
#
# Installs wrk and redis-server with apt-get when run as root and they are missing; otherwise names them.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-3}
PIN=${PIN:-1}
LOCAL_CACHE=${LOCAL_CACHE:-5}

host_cpus=()
client_cpus=()
cores=$(nproc)
if [[ $PIN == 1 ]] && ((cores >= 2)) && command -v taskset >/dev/null; then
  host_cpus=(taskset -c "$((cores - 1))")
  client_cpus=(taskset -c "0-$((cores - 2))")
fi

need() {
  command -v "$1" >/dev/null && return 0
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "load.sh: installing $2" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null; }
  fi
  command -v "$1" >/dev/null
}

need wrk wrk || { echo "load.sh: wrk is missing; install it with: sudo apt-get install wrk" >&2; exit 1; }

redis_reason=""
if [[ ! -f src/Web3Auth.AspNetCore.Redis/Web3Auth.AspNetCore.Redis.csproj ]]; then
  redis_reason="Redis store not built (src/Web3Auth.AspNetCore.Redis is missing)"
elif ! need redis-server redis-server; then
  redis_reason="redis-server missing: sudo apt-get install redis-server"
fi

free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  echo "load.sh: no free loopback port found" >&2
  exit 1
}

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "load.sh: building the host (Release)" >&2
dotnet build benchmarks/Web3Auth.LoadHost -c Release --nologo -v quiet >"$work/build.log" 2>&1 ||
  { cat "$work/build.log" >&2; exit 1; }
host_dll=benchmarks/Web3Auth.LoadHost/bin/Release/net10.0/Web3Auth.LoadHost.dll

# start_host NAME [ARGS...]: starts a host, waits for its tokens file, sets host_url. (Not called in $(...): the
# PID must reach this shell's list so that the trap stops the host.)
start_host() {
  local name=$1; shift
  local port; port=$(free_port)
  [[ -n $port ]] || exit 1
  "${host_cpus[@]}" dotnet "$host_dll" --urls "http://127.0.0.1:$port" --tokens "$work/$name.tokens" "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do
    [[ -f "$work/$name.tokens" ]] && { host_url="http://127.0.0.1:$port"; host_pid=${pids[-1]}; return; }
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "load.sh: the $name host did not start:" >&2
  cat "$work/$name.log" >&2
  exit 1
}

token() { sed -n "s/^$2=//p" "$work/$1.tokens"; }

start_host main
rows=("/anon|$host_url/anon||$host_pid" "/floor|$host_url/floor||$host_pid" "/jwt|$host_url/jwt|$(token main jwt)|$host_pid" "/web3|$host_url/web3|$(token main web3)|$host_pid")

if [[ -z $redis_reason ]]; then
  redis_port=$(free_port)
  redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --daemonize no >"$work/redis.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && break
    sleep 0.1
  done
  start_host redis --redis "127.0.0.1:$redis_port"
  rows+=("/web3-redis|$host_url/web3-redis|$(token redis web3)|$host_pid")
  start_host redis-cached --redis "127.0.0.1:$redis_port" --local-cache "$LOCAL_CACHE"
  rows+=("/web3-redis-cached|$host_url/web3-redis-cached|$(token redis-cached web3)|$host_pid")
fi

# cpu PID: the host's user + system CPU time so far, in clock ticks.
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# run URL TOKEN SECONDS PID: one wrk run; prints "requests/s p99-in-ms non-2xx host-CPU-us-per-request". The CPU
# figure counts only the host's own time, so it holds still when other work shares the machine; requests/s does not.
run() {
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$3"s --latency)
  [[ -n $2 ]] && args+=(-H "Authorization: Bearer $2")
  local before; before=$(cpu "$4")
  "${client_cpus[@]}" wrk "${args[@]}" "$1" >"$work/wrk.out"
  local ticks=$(( $(cpu "$4") - before ))
  awk -v ticks="$ticks" -v hz="$(getconf CLK_TCK)" '
    /requests in/ { requests = $1 }
    /Requests\/sec:/ { rps = $2 }
    /^ +99%/ { v = $2; if (v ~ /us$/) ms = v / 1000; else if (v ~ /ms$/) ms = v + 0; else if (v ~ /s$/) ms = v * 1000; p99 = ms }
    /Non-2xx or 3xx responses:/ { bad = $5 }
    END { printf "%s %.3f %d %.2f\n", rps, p99, bad + 0, ticks / hz * 1e6 / requests }' "$work/wrk.out"
}

for row in "${rows[@]}"; do
  IFS='|' read -r _ url tok pid <<<"$row"
  run "$url" "$tok" "$WARMUP" "$pid" >/dev/null # JIT, connection pools, the local cache
done

declare -A results
for round in $(seq "$ROUNDS"); do
  for row in "${rows[@]}"; do
    IFS='|' read -r name url tok pid <<<"$row"
    read -r rps p99 bad cpu_us < <(run "$url" "$tok" "$DURATION" "$pid")
    if ((bad > 0)); then
      echo "load.sh: $name answered $bad requests with an error status; its figures would be meaningless" >&2
      exit 1
    fi
    results[$name]+="$rps $p99 $cpu_us;"
    echo "load.sh: round $round $name: $rps requests/s, p99 $p99 ms, host CPU $cpu_us us/request" >&2
  done
done

# The median round of each path (by requests/s).
median() { tr ';' '\n' <<<"${results[$1]}" | sed '/^$/d' | sort -n -k1,1 | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'; }

# CPU per request: the smallest over the rounds (the least disturbed by other work).
min_cpu() { tr ';' '\n' <<<"${results[$1]}" | sed '/^$/d' | sort -n -k3,3 | head -1 | awk '{ print $3 }'; }

read -r anon_rps _ < <(median /anon)
anon_cpu=$(min_cpu /anon)
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, median of $ROUNDS rounds; host pinned: ${host_cpus[*]:-no}; $(nproc) cores: $(lscpu | sed -n 's/^Model name: *//p' | head -1); .NET $(dotnet --version); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %-18s | %12s | %9s | %8s | %17s | %13s |\n' path "requests/s" "p99 (ms)" "vs /anon" "host CPU us/req" "vs /anon (CPU)"
printf '|%s|%s|%s|%s|%s|%s|\n' "--------------------" "-------------:" "----------:" "---------:" "------------------:" "---------------:"
for row in "${rows[@]}"; do
  IFS='|' read -r name _ _ _ <<<"$row"
  read -r rps p99 _ < <(median "$name")
  cpu_us=$(min_cpu "$name")
  printf '| %-18s | %12.0f | %9.2f | %7.2fx | %17.2f | %14.2fx |\n' "$name" "$rps" "$p99" \
    "$(awk -v a="$rps" -v b="$anon_rps" 'BEGIN { print a / b }')" "$cpu_us" "$(awk -v a="$cpu_us" -v b="$anon_cpu" 'BEGIN { print b / a }')"
done
if [[ -n $redis_reason ]]; then
  for name in /web3-redis /web3-redis-cached; do
    printf '| %-18s | %12s | %9s | %8s | %17s | %14s |\n' "$name" "-" "-" "-" "-" "-"
  done
  echo "/web3-redis, /web3-redis-cached: $redis_reason"
fi
