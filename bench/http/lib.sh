#!/usr/bin/env bash
# bench/http/lib.sh: what the HTTP benchmarks share. Sourced, not run: settings with their defaults, servers started
# in the background (every one is stopped on exit, with SIGTERM, and the run's temporary directory removed), a
# Release build of Keygate started as an operator runs it, an admin session, create_key, a sandbox send, and one
# wrk run measured with the servers' CPU time per request.
#
# Sourced as is, it also builds Keygate, starts it on 127.0.0.1:$PORT with a fresh data directory and logs in
# (pipeline.sh, sends.sh, passthrough.sh). With LIB_ONLY=1 it stops after the definitions (bench/run.sh starts
# its servers itself).
#
# Keygate runs as shipped: ASPNETCORE_ENVIRONMENT=Production, its appsettings.json, whose logging is part of what an
# operator pays for. KEYGATE_LOG_LEVEL=Warning lowers Logging:LogLevel:Default, as these scripts did before issue 12.
# Its output goes to $SERVER_LOG in the temporary directory (about 120 bytes a request when the request line is on);
# the last 200 lines of each log there are kept in $OUT on exit.

NAME=$(basename "$0")
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PORT=${PORT:-5187}
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
SKIP_BUILD=${SKIP_BUILD:-0}
SERVER_ARGS=${SERVER_ARGS:-}
KEYGATE_LOG_LEVEL=${KEYGATE_LOG_LEVEL:-}
OUT=${OUT:-$(mktemp -d /tmp/keygate-http-bench.XXXXXX)}
PASSWORD="bench-admin-password-$RANDOM$RANDOM"
BASE="http://127.0.0.1:$PORT"
DLL="$ROOT/src/Keygate/bin/Release/net10.0/Keygate.dll"
CLK_TCK=$(getconf CLK_TCK)
COMMIT=${COMMIT:-$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)}

for tool in dotnet wrk curl jq; do
    command -v "$tool" >/dev/null || { echo "$NAME: '$tool' not found (wrk: apt-get install -y wrk)" >&2; exit 1; }
done
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/keygate-http-work.XXXXXX)
DATA=$WORK/data
JAR=$WORK/cookies.txt
SERVER_LOG=$WORK/server.log
SERVER_PID=""
STARTED=()

cleanup() {
    local pid log
    for pid in "${STARTED[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${STARTED[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    for log in "$WORK"/*.log; do
        [[ -f "$log" ]] && tail -n 200 "$log" >"$OUT/$(basename "$log")"
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
# A signal ends the script through exit, so that the EXIT trap stops the servers.
trap 'exit 130' INT
trap 'exit 143' TERM

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# utime + stime of the given processes together, in clock ticks. The fields are counted after the last ')' so that
# a command name with spaces cannot shift them: utime is field 14, stime 15.
ticks() {
    local pid stat total=0 fields
    for pid in "$@"; do
        stat=$(<"/proc/$pid/stat")
        read -ra fields <<<"${stat##*) }"
        total=$((total + fields[11] + fields[12]))
    done
    echo "$total"
}

load1() { cut -d' ' -f1 /proc/loadavg; }

# wrk's latency with its unit (123.45us, 3.21ms, 1.02s) in microseconds.
to_us() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) f = 1; else if (v ~ /ms$/) f = 1000; else if (v ~ /s$/) f = 1000000; else f = 1; printf "%.1f", n * f }'; }

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

require_free_ports() {
    local port
    for port in "$@"; do
        if ss -Htln "sport = :$port" | grep -q .; then
            echo "$NAME: port $port is in use; set PORT (or PORT_BASE for bench/run.sh)" >&2
            exit 1
        fi
    done
}

# build_release PROJECT…: dotnet build -c Release of each project (paths from the repository root).
build_release() {
    local project
    for project in "$@"; do
        log "building $project (Release)"
        dotnet build "$ROOT/$project" -c Release -nologo -v q >"$OUT/build-$(basename "$project" .csproj).log" 2>&1 \
            || { cat "$OUT/build-$(basename "$project" .csproj).log" >&2; exit 1; }
    done
}

# start LOG COMMAND…: runs COMMAND in the background with its output in LOG; its pid in STARTED_PID, stopped on exit.
start() {
    local logfile=$1
    shift
    "$@" >"$logfile" 2>&1 &
    STARTED_PID=$!
    STARTED+=("$STARTED_PID")
}

# wait_up URL PID LOG: until URL answers with any HTTP status; fails with the server's log if it exits first or
# takes a minute.
wait_up() {
    local url=$1 pid=$2 logfile=$3 code
    for _ in $(seq 300); do
        code=$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null || true)
        [[ "$code" != 000 ]] && return 0
        kill -0 "$pid" 2>/dev/null || { echo "$NAME: the server for $url exited:" >&2; tail -n 50 "$logfile" >&2; exit 1; }
        sleep 0.2
    done
    echo "$NAME: $url did not answer within a minute" >&2
    tail -n 50 "$logfile" >&2
    exit 1
}

# start_keygate [OPTION…]: Keygate's Release build on $BASE with a fresh data directory and the bootstrap admin
# password, in Production and with its own directory as content root, so that its appsettings.json applies as it
# does for an operator; SERVER_PID once /healthz answers.
start_keygate() {
    local level=()
    [[ -n "$KEYGATE_LOG_LEVEL" ]] && level=("--Logging:LogLevel:Default=$KEYGATE_LOG_LEVEL")
    log "starting Keygate on $BASE (data in $DATA, logging $(keygate_logging))"
    start "$SERVER_LOG" env ASPNETCORE_ENVIRONMENT=Production dotnet "$DLL" --contentRoot "$(dirname "$DLL")" \
        --urls "$BASE" --Storage:DataDirectory="$DATA" --Bootstrap:AdminPassword="$PASSWORD" "${level[@]}" "$@"
    SERVER_PID=$STARTED_PID
    wait_up "$BASE/healthz" "$SERVER_PID" "$SERVER_LOG"
    curl -fs "$BASE/healthz" >/dev/null || { echo "$NAME: Keygate did not answer /healthz" >&2; exit 1; }
}

# How Keygate logs in this run, in words: the levels of its appsettings.json, whether they log a line per request
# (Http/RequestLogging writes it at Information), and KEYGATE_LOG_LEVEL if it lowers them.
keygate_logging() {
    local levels request
    levels=$(jq -c '.Logging.LogLevel' "$(dirname "$DLL")/appsettings.json")
    request=$(jq -r '.["Keygate.Http.RequestLogging"] // .["Keygate.Http"] // .Keygate // .Default // "Information"' <<<"$levels")
    if [[ -n "$KEYGATE_LOG_LEVEL" ]]; then
        echo "lowered: Logging:LogLevel:Default=$KEYGATE_LOG_LEVEL over the shipped $levels"
    elif [[ "$request" =~ ^(Trace|Debug|Information)$ ]]; then
        echo "as shipped: $levels, a line per request"
    else
        echo "as shipped: $levels, no line per request"
    fi
}

login() {
    curl -fs -c "$JAR" -H 'Content-Type: application/json' \
        -d "$(jq -nc --arg p "$PASSWORD" '{email: "admin@localhost", password: $p}')" "$BASE/v1/auth/login" >/dev/null
}

# Limits that run on every request and never refuse: two rate-limit windows (1e9 per second, 1e9 per minute) and two
# quotas (requests per day and per month, 1e12 each); a JSON fragment for create_key's body.
# shellcheck disable=SC2034 # used by the scripts that source this file
NEVER_REFUSING_LIMITS='"rateLimits":[{"name":"w1","limit":1000000000,"periodSeconds":1},{"name":"w60","limit":1000000000,"periodSeconds":60}],
  "quotas":[{"metric":"requests","period":"day","limit":1000000000000},{"metric":"requests","period":"month","limit":1000000000000}]'

create_key() {
    local response
    response=$(curl -fs -b "$JAR" -H "Origin: $BASE" -H 'Content-Type: application/json' -d "$1" "$BASE/v1/keys")
    jq -r '.id + "." + .apiSecret' <<<"$response"
}

# prepare_sends TOKEN: SEND_PATH (the sandbox number's messages) and $WORK/send.lua, a wrk script POSTing a
# hello_world template with the key TOKEN (templates need no open 24-hour window, so every send is a real send:
# stored, then moved sent -> delivered -> read by the sandbox); sends one through curl to check it is accepted.
prepare_sends() {
    local token=$1 number body
    number=$(curl -fs -b "$JAR" "$BASE/v1/phone-numbers" | jq -r '.[] | select(.provider == "sandbox") | .id')
    SEND_PATH="/v23.0/$number/messages"
    body='{"messaging_product":"whatsapp","to":"15550001111","type":"template","template":{"name":"hello_world","language":{"code":"en_US"}}}'
    cat >"$WORK/send.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
wrk.body = '$body'
LUA
    curl -fs -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" "$BASE$SEND_PATH" \
        | jq -e '.messages[0].id' >/dev/null
}

# wrk_measure "PID…" URL FILE WRK-OPTION…: one wrk run (THREADS threads, CONNECTIONS connections, --latency) with its
# report in FILE. Prints "rps p50_us p99_us cpu_us_per_request requests non_2xx socket_errors load1", where cpu is
# the utime + stime the processes PID… spent during the run, divided by the requests wrk completed.
wrk_measure() {
    local pids=$1 url=$2 file=$3 before after requests rps p50 p99 bad sockets
    shift 3
    # shellcheck disable=SC2086 # a list of pids
    before=$(ticks $pids)
    wrk -t"$THREADS" -c"$CONNECTIONS" --latency "$@" "$url" >"$file"
    # shellcheck disable=SC2086
    after=$(ticks $pids)
    requests=$(awk '/requests in/ { print $1 }' "$file")
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$file")
    p50=$(to_us "$(awk '$1 == "50%" { print $2 }' "$file")")
    p99=$(to_us "$(awk '$1 == "99%" { print $2 }' "$file")")
    bad=$(awk '/Non-2xx or 3xx responses:/ { n = $NF } END { print n + 0 }' "$file")
    sockets=$(awk '/Socket errors:/ { n = $4 + $6 + $8 + $10 } END { print n + 0 }' "$file")
    awk -v r="$rps" -v p="$p50" -v q="$p99" -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$requests" -v b="$bad" -v s="$sockets" -v l="$(load1)" \
        'BEGIN { printf "%s %s %s %.2f %d %d %d %s\n", r, p, q, (n > 0 ? t * 1e6 / hz / n : 0), n, b, s, l }'
}

# One wrk run against Keygate's $BASE$1 with the rest of the arguments given to wrk; writes wrk's report to $OUT/$2
# and prints "rps p50_us cpu_us_per_request requests load1". Any non-2xx answer fails the benchmark.
measure() {
    local path=$1 file=$OUT/$2 rps p50 cpu requests bad sockets load
    shift 2
    read -r rps p50 _ cpu requests bad sockets load <<<"$(wrk_measure "$SERVER_PID" "$BASE$path" "$file" "$@")"
    if ((bad > 0)); then
        echo "$NAME: $path: $bad non-2xx responses (see $file)" >&2
        exit 1
    fi
    if ((sockets > 0)); then log "warning: socket errors in $file"; fi
    echo "$rps $p50 $cpu $requests $load"
}

if [[ "${LIB_ONLY:-0}" == 1 ]]; then
    return 0
fi

require_free_ports "$PORT"
if [[ "$SKIP_BUILD" != 1 ]]; then
    build_release src/Keygate/Keygate.csproj
fi
# shellcheck disable=SC2086 # SERVER_ARGS is a list of options
start_keygate $SERVER_ARGS
login
