#!/usr/bin/env bash
# bench/http/pipeline.sh: the cost of rate limits and quotas on the request path, end to end over HTTP.
#
# What it does
#   1. Builds Keygate in Release (skip with SKIP_BUILD=1) and starts it on 127.0.0.1:$PORT with a fresh
#      data directory, a bootstrap admin password and warning-level logging.
#   2. Logs in as admin@localhost (cookie jar) and creates two keys with POST /v1/keys, neither holding
#      any permission:
#        A  no rate limits, no quotas: the limiter returns LimitDecision.Unlimited at once;
#        B  two rate-limit windows (1e9 per second, 1e9 per minute) and two quotas (requests per day and
#           per month, 1e12 each): the full limiter runs on every request and never refuses.
#      Usage is recorded (and misuse detection observes) for both keys, so A vs B isolates the limits; the
#      in-process cost of that step is measured separately (bench/Keygate.Benchmarks, UsageBenchmarks).
#   3. Warms up every (endpoint, key) pair, then runs ROUNDS rounds of `wrk -t2 -c32 -d${DURATION}s`
#      against each endpoint with each key's "Authorization: Bearer key.secret", interleaved: A B in
#      odd rounds, B A in even rounds, so neither key always runs first.
#   4. For every run records requests/s, p50 latency and the server's CPU time per request: utime+stime
#      from /proc/<pid>/stat read before and after the run, divided by the number of requests wrk
#      completed. CPU per request is the figure to trust on a shared 2-core machine (DESIGN.md,
#      "Toolchain facts"); throughput and latency move with whatever else runs.
#   5. Prints every run, then per endpoint the medians for A and B and the ratios B/A (of the medians,
#      and the median of the per-round ratios).
#
# Endpoints (ENDPOINTS, space-separated)
#   /v1/permissions  primary: any authenticated key may call it and it returns a static list.
#   /v1/whoami       secondary: for key B it also describes every allowance (KeyLimiter.DescribeAsync),
#                    which is work beyond the limit check, so its ratio overstates the limiter's cost.
#   /healthz         the floor: anonymous, but a request carrying a key is still authenticated, counted
#                    and limited; the endpoint itself does almost nothing, so this is the largest share
#                    the pipeline can take of a request.
#
# Usage
#   bench/http/pipeline.sh                       # 5 rounds x 3 endpoints x 2 keys x 10 s, about 6 minutes
#   ROUNDS=7 DURATION=15 bench/http/pipeline.sh
#   SKIP_BUILD=1 ENDPOINTS=/v1/permissions ROUNDS=10 bench/http/pipeline.sh
#
# Settings (environment): PORT (5187), ROUNDS (5), DURATION (10 s per run), WARMUP (5 s per pair),
#   THREADS (2), CONNECTIONS (32), ENDPOINTS (above), OUT (results directory; default a new /tmp dir),
#   SKIP_BUILD (0), SERVER_ARGS (more Keygate options, word-split; e.g.
#   "--Limits:MaxReservation=1000000000000" keeps quota refills off the measured path), COMMIT (what the
#   summary names as measured; default `git describe --always --dirty`; set it for a tree that is not a git
#   checkout, such as one exported with `git archive`).
# Needs: dotnet, wrk (apt-get install -y wrk), curl, jq. Writes only under OUT and a temporary data
# directory, which is removed on exit; the server is stopped with SIGTERM (graceful: usage is flushed).
# Output: $OUT/runs.tsv (one line per run), $OUT/summary.txt, $OUT/server.log, $OUT/wrk-*.txt.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PORT=${PORT:-5187}
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
ENDPOINTS=${ENDPOINTS:-"/v1/permissions /v1/whoami /healthz"}
SKIP_BUILD=${SKIP_BUILD:-0}
SERVER_ARGS=${SERVER_ARGS:-}
OUT=${OUT:-$(mktemp -d /tmp/keygate-http-bench.XXXXXX)}
PASSWORD="bench-admin-password-$RANDOM$RANDOM"
BASE="http://127.0.0.1:$PORT"
DLL="$ROOT/src/Keygate/bin/Release/net10.0/Keygate.dll"
CLK_TCK=$(getconf CLK_TCK)
COMMIT=${COMMIT:-$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)}

for tool in dotnet wrk curl jq; do
    command -v "$tool" >/dev/null || { echo "pipeline.sh: '$tool' not found (wrk: apt-get install -y wrk)" >&2; exit 1; }
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
    echo "pipeline.sh: port $PORT is in use; set PORT" >&2
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
curl -fs "$BASE/healthz" >/dev/null || { echo "pipeline.sh: Keygate did not answer /healthz" >&2; exit 1; }

curl -fs -c "$JAR" -H 'Content-Type: application/json' \
    -d "$(jq -nc --arg p "$PASSWORD" '{email: "admin@localhost", password: $p}')" "$BASE/v1/auth/login" >/dev/null

create_key() {
    local response
    response=$(curl -fs -b "$JAR" -H 'Content-Type: application/json' -d "$1" "$BASE/v1/keys")
    jq -r '.id + "." + .apiSecret' <<<"$response"
}
TOKEN_A=$(create_key '{"name":"bench-a","environment":"production","permissions":[]}')
TOKEN_B=$(create_key '{"name":"bench-b","environment":"production","permissions":[],
  "rateLimits":[{"name":"w1","limit":1000000000,"periodSeconds":1},{"name":"w60","limit":1000000000,"periodSeconds":60}],
  "quotas":[{"metric":"requests","period":"day","limit":1000000000000},{"metric":"requests","period":"month","limit":1000000000000}]}')

# A must run without the limiter and B with it: only B's responses carry RateLimit-* headers.
for ep in $ENDPOINTS; do
    headers_a=$(curl -fsS -D - -o /dev/null -H "Authorization: Bearer $TOKEN_A" "$BASE$ep")
    headers_b=$(curl -fsS -D - -o /dev/null -H "Authorization: Bearer $TOKEN_B" "$BASE$ep")
    if grep -qi '^RateLimit-Limit' <<<"$headers_a" || ! grep -qi '^RateLimit-Limit' <<<"$headers_b"; then
        echo "pipeline.sh: $ep: expected RateLimit-* headers for key B only" >&2
        exit 1
    fi
done

token_of() { if [[ "$1" == A ]]; then echo "$TOKEN_A"; else echo "$TOKEN_B"; fi; }

# One wrk run; prints "rps p50_us cpu_us_per_request requests load1".
run() {
    local ep=$1 key=$2 seconds=$3 file=$4 before after requests rps p50 errors
    before=$(cpu_ticks)
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency -H "Authorization: Bearer $(token_of "$key")" "$BASE$ep" >"$file"
    after=$(cpu_ticks)
    requests=$(awk '/requests in/ { print $1 }' "$file")
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$file")
    p50=$(to_us "$(awk '$1 == "50%" { print $2 }' "$file")")
    errors=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$file")
    if [[ -n "$errors" ]]; then
        echo "pipeline.sh: $ep key $key: $errors non-2xx responses (see $file)" >&2
        exit 1
    fi
    grep -q 'Socket errors' "$file" && log "warning: socket errors in $file"
    awk -v r="$rps" -v p="$p50" -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$requests" -v l="$(load1)" \
        'BEGIN { printf "%s %s %.2f %d %s\n", r, p, t * 1e6 / hz / n, n, l }'
}

log "warming up: ${WARMUP} s per endpoint and key"
for ep in $ENDPOINTS; do
    for key in A B; do
        run "$ep" "$key" "$WARMUP" "$OUT/wrk-warmup-${ep//\//_}-$key.txt" >/dev/null
    done
done

LOAD_START=$(cat /proc/loadavg)
printf 'round\tendpoint\tkey\trps\tp50_us\tcpu_us_per_req\trequests\tload1\n' >"$OUT/runs.tsv"
for round in $(seq "$ROUNDS"); do
    if (( round % 2 )); then order="A B"; else order="B A"; fi
    for ep in $ENDPOINTS; do
        for key in $order; do
            result=$(run "$ep" "$key" "$DURATION" "$OUT/wrk-$round-${ep//\//_}-$key.txt")
            read -r rps p50 cpu requests load <<<"$result"
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$ep" "$key" "$rps" "$p50" "$cpu" "$requests" "$load" >>"$OUT/runs.tsv"
            log "round $round $ep $key: $rps req/s, p50 ${p50} us, ${cpu} us CPU/request, load $load"
        done
    done
done
LOAD_END=$(cat /proc/loadavg)

# Column of runs.tsv for one endpoint and key: col 4 rps, 5 p50, 6 cpu.
column_of() { awk -F'\t' -v e="$1" -v k="$2" -v c="$3" 'NR > 1 && $2 == e && $3 == k { print $c }' "$OUT/runs.tsv"; }
# Per-round ratio B/A of one column.
round_ratios() {
    awk -F'\t' -v e="$1" -v c="$2" 'NR > 1 && $2 == e { v[$1, $3] = $c; r[$1] = 1 }
        END { for (i in r) if (v[i, "A"] > 0) printf "%.4f\n", v[i, "B"] / v[i, "A"] }' "$OUT/runs.tsv"
}

{
    echo "Keygate HTTP pipeline benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit $COMMIT, $(nproc) cores, dotnet $(dotnet --version)"
    echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, $ROUNDS rounds, A B / B A alternating${SERVER_ARGS:+, server options: $SERVER_ARGS}"
    echo "load average at start: $LOAD_START; at end: $LOAD_END"
    echo
    column -t -s $'\t' "$OUT/runs.tsv"
    echo
    printf '%-16s %10s %10s %9s %9s %9s %9s %9s %9s %12s %12s\n' endpoint "A req/s" "B req/s" "A p50us" "B p50us" "A cpuus" "B cpuus" "cpu B/A" "rps B/A" "cpu B/A rnd" "rps B/A rnd"
    for ep in $ENDPOINTS; do
        ra=$(column_of "$ep" A 4 | median); rb=$(column_of "$ep" B 4 | median)
        pa=$(column_of "$ep" A 5 | median); pb=$(column_of "$ep" B 5 | median)
        ca=$(column_of "$ep" A 6 | median); cb=$(column_of "$ep" B 6 | median)
        cr=$(round_ratios "$ep" 6 | median); rr=$(round_ratios "$ep" 4 | median)
        awk -v e="$ep" -v ra="$ra" -v rb="$rb" -v pa="$pa" -v pb="$pb" -v ca="$ca" -v cb="$cb" -v cr="$cr" -v rr="$rr" \
            'BEGIN { printf "%-16s %10.0f %10.0f %9.0f %9.0f %9.2f %9.2f %9.3f %9.3f %12.3f %12.3f\n", e, ra, rb, pa, pb, ca, cb, cb / ca, rb / ra, cr, rr }'
    done
    echo
    echo "Medians over the rounds. cpu = server CPU (utime+stime) per request in microseconds. B/A = ratio of the"
    echo "medians; 'rnd' = median of the per-round ratios. Per-round CPU ratios:"
    for ep in $ENDPOINTS; do
        echo "  $ep: $(round_ratios "$ep" 6 | sort -g | tr '\n' ' ')"
    done
} | tee "$OUT/summary.txt"
log "results in $OUT"
