#!/usr/bin/env bash
# bench/http/pipeline.sh: the cost of rate limits and quotas on the request path, end to end over HTTP.
#
# What it does
#   1. Builds Keygate in Release (skip with SKIP_BUILD=1) and starts it on 127.0.0.1:$PORT with a fresh
#      data directory and a bootstrap admin password, logging as shipped (KEYGATE_LOG_LEVEL=Warning lowers it, as
#      this script did before issue 12; see lib.sh).
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
#      completed. CPU per request is the figure to trust on a shared 2-core machine (timings
#      of one run move with whatever else the two cores run); throughput and latency move with whatever else runs.
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
#   SKIP_BUILD (0), KEYGATE_LOG_LEVEL (empty: as shipped), SERVER_ARGS (more Keygate options, word-split; e.g.
#   "--Limits:MaxReservation=1000000000000" keeps quota refills off the measured path), COMMIT (what the
#   summary names as measured; default `git describe --always --dirty`; set it for a tree that is not a git
#   checkout, such as one exported with `git archive`).
# Needs: dotnet, wrk (apt-get install -y wrk), curl, jq. Writes only under OUT and a temporary data
# directory, which is removed on exit; the server is stopped with SIGTERM (graceful: usage is flushed).
# Output: $OUT/runs.tsv (one line per run), $OUT/summary.txt, $OUT/server.log (its last lines), $OUT/wrk-*.txt.

set -euo pipefail

ENDPOINTS=${ENDPOINTS:-"/v1/permissions /v1/whoami /healthz"}
# shellcheck source=bench/http/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TOKEN_A=$(create_key '{"name":"bench-a","environment":"production","permissions":[]}')
TOKEN_B=$(create_key '{"name":"bench-b","environment":"production","permissions":[],'"$NEVER_REFUSING_LIMITS"'}')

# A must run without the limiter and B with it: only B's responses carry RateLimit-* headers.
for ep in $ENDPOINTS; do
    headers_a=$(curl -fsS -D - -o /dev/null -H "Authorization: Bearer $TOKEN_A" "$BASE$ep")
    headers_b=$(curl -fsS -D - -o /dev/null -H "Authorization: Bearer $TOKEN_B" "$BASE$ep")
    if grep -qi '^RateLimit-Limit' <<<"$headers_a" || ! grep -qi '^RateLimit-Limit' <<<"$headers_b"; then
        echo "$NAME: $ep: expected RateLimit-* headers for key B only" >&2
        exit 1
    fi
done

token_of() { if [[ "$1" == A ]]; then echo "$TOKEN_A"; else echo "$TOKEN_B"; fi; }

# One wrk run; prints "rps p50_us cpu_us_per_request requests load1".
run() { measure "$1" "$(basename "$4")" -d"${3}s" -H "Authorization: Bearer $(token_of "$2")"; }

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
