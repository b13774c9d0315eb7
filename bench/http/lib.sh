#!/usr/bin/env bash
# bench/http/lib.sh: what the HTTP benchmarks share. Sourced, not run: settings with their defaults, a
# Release build of Keygate started on 127.0.0.1:$PORT with a fresh data directory (stopped with SIGTERM on
# exit), an admin session, create_key, and measure (one wrk run with the server's CPU time per request).

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
DATA=$(mktemp -d /tmp/keygate-http-data.XXXXXX)
JAR="$DATA/cookies.txt"
SERVER_PID=""

cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
        kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$DATA"
}
trap cleanup EXIT

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# utime + stime of the server, in clock ticks. The fields are counted after the last ')' so that a
# command name with spaces cannot shift them: state is field 3, utime 14, stime 15.
cpu_ticks() { local stat; stat=$(<"/proc/$SERVER_PID/stat"); set -- ${stat##*) }; echo $(( ${12} + ${13} )); }

load1() { cut -d' ' -f1 /proc/loadavg; }

# wrk's latency with its unit (123.45us, 3.21ms, 1.02s) in microseconds.
to_us() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) f = 1; else if (v ~ /ms$/) f = 1000; else if (v ~ /s$/) f = 1000000; else f = 1; printf "%.1f", n * f }'; }

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

if ss -Htln "sport = :$PORT" | grep -q .; then
    echo "$NAME: port $PORT is in use; set PORT" >&2
    exit 1
fi

if [[ "$SKIP_BUILD" != 1 ]]; then
    log "building Keygate (Release)"
    dotnet build "$ROOT/src/Keygate/Keygate.csproj" -c Release -nologo -v q >"$OUT/build.log" 2>&1 \
        || { cat "$OUT/build.log" >&2; exit 1; }
fi

log "starting Keygate on $BASE (data in $DATA)"
dotnet "$DLL" --urls "$BASE" --Storage:DataDirectory="$DATA" --Bootstrap:AdminPassword="$PASSWORD" \
    --Logging:LogLevel:Default=Warning $SERVER_ARGS >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 150); do
    curl -fs "$BASE/healthz" >/dev/null 2>&1 && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/server.log" >&2; exit 1; }
    sleep 0.2
done
curl -fs "$BASE/healthz" >/dev/null || { echo "$NAME: Keygate did not answer /healthz" >&2; exit 1; }

curl -fs -c "$JAR" -H 'Content-Type: application/json' \
    -d "$(jq -nc --arg p "$PASSWORD" '{email: "admin@localhost", password: $p}')" "$BASE/v1/auth/login" >/dev/null

create_key() {
    local response
    response=$(curl -fs -b "$JAR" -H "Origin: $BASE" -H 'Content-Type: application/json' -d "$1" "$BASE/v1/keys")
    jq -r '.id + "." + .apiSecret' <<<"$response"
}

# One wrk run against $BASE$1 with the rest of the arguments given to wrk; writes wrk's report to $OUT/$2
# and prints "rps p50_us cpu_us_per_request requests load1". Any non-2xx answer fails the benchmark.
measure() {
    local path=$1 file=$OUT/$2 before after requests rps p50 errors
    shift 2
    before=$(cpu_ticks)
    wrk -t"$THREADS" -c"$CONNECTIONS" --latency "$@" "$BASE$path" >"$file"
    after=$(cpu_ticks)
    requests=$(awk '/requests in/ { print $1 }' "$file")
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$file")
    p50=$(to_us "$(awk '$1 == "50%" { print $2 }' "$file")")
    errors=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$file")
    if [[ -n "$errors" ]]; then
        echo "$NAME: $path: $errors non-2xx responses (see $file)" >&2
        exit 1
    fi
    grep -q 'Socket errors' "$file" && log "warning: socket errors in $file"
    awk -v r="$rps" -v p="$p50" -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$requests" -v l="$(load1)" \
        'BEGIN { printf "%s %s %.2f %d %s\n", r, p, t * 1e6 / hz / n, n, l }'
}
