#!/usr/bin/env bash
# bench/http/sends.sh: sandbox sends per second on one node, end to end over HTTP (issue 4's target: 5,000/s).
#
# Starts Keygate like pipeline.sh (lib.sh), creates a production key holding messages:send, reads the account's
# sandbox number, and runs ROUNDS runs of `wrk -t2 -c32 -d${DURATION}s` POSTing a hello_world template message to
# /v23.0/{sandbox number}/messages (templates need no open 24-hour window, so every send is a real send: stored,
# then moved sent -> delivered -> read by the sandbox, four status rows each). For every run: sends/s, p50 and the
# server's CPU time per send; then the medians. The load generator shares the machine's cores: compare CPU per
# send across builds, and read sends/s as a floor.
#
# Usage: bench/http/sends.sh    |   ROUNDS=5 DURATION=15 bench/http/sends.sh   |   SKIP_BUILD=1 bench/http/sends.sh
# Settings and needs: as pipeline.sh (PORT, ROUNDS, DURATION, WARMUP, THREADS, CONNECTIONS, OUT, SKIP_BUILD,
# SERVER_ARGS, KEYGATE_LOG_LEVEL); dotnet, wrk, curl, jq. Output: $OUT/sends.tsv, $OUT/summary.txt, $OUT/wrk-*.txt.

set -euo pipefail
# shellcheck source=bench/http/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TOKEN=$(create_key '{"name":"bench-sends","environment":"production","permissions":["messages:send"]}')
prepare_sends "$TOKEN"

log "warming up: ${WARMUP} s"
measure "$SEND_PATH" wrk-warmup.txt -d"${WARMUP}s" -s "$WORK/send.lua" >/dev/null

printf 'round\tsends_per_s\tp50_us\tcpu_us_per_send\tsends\tload1\n' >"$OUT/sends.tsv"
for round in $(seq "$ROUNDS"); do
    read -r rps p50 cpu sends load <<<"$(measure "$SEND_PATH" "wrk-$round.txt" -d"${DURATION}s" -s "$WORK/send.lua")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$rps" "$p50" "$cpu" "$sends" "$load" >>"$OUT/sends.tsv"
    log "round $round: $rps sends/s, p50 ${p50} us, ${cpu} us CPU/send, load $load"
done

column_of() { awk -F'\t' -v c="$1" 'NR > 1 { print $c }' "$OUT/sends.tsv"; }
{
    echo "Keygate sandbox sends, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $COMMIT, $(nproc) cores"
    echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s x $ROUNDS, template message to the sandbox number"
    echo
    column -t -s $'\t' "$OUT/sends.tsv"
    echo
    echo "medians: $(column_of 2 | median) sends/s, p50 $(column_of 3 | median) us, $(column_of 4 | median) us server CPU per send"
} | tee "$OUT/summary.txt"
