#!/usr/bin/env bash
# bench/http/passthrough.sh: what Keygate's Graph pass-through (issue 10) adds to a call on a real number's object,
# against the same call made directly to a fake Meta, and how fast and in how much memory it streams a large media download.
#
# Builds and starts bench/FakeMetaServer (one token owning one number of one WABA, and a MEDIA_MB blob generated in memory
# once) on META_PORT and Keygate (Release, via lib.sh) with Meta:BaseUrl pointing at it; logs in, registers the number
# (POST /v1/phone-numbers) and creates a production key with phone-numbers:read and media:read. Then, after a warm-up of
# each, ROUNDS pairs of interleaved wrk runs of GET /v23.0/{phone-number-id}: (a) directly on the fake with Meta's token,
# (b) through Keygate with the key. For every run: req/s, p50, p99 and the CPU time per request of Keygate and of the fake
# (utime + stime from /proc/<pid>/stat), each on its own; then the same pair on one connection (wrk -t1 -c1, LATENCY_DURATION
# seconds), whose p50 and p99 are the latency Keygate adds without queueing behind 32 connections. Last, DOWNLOADS downloads of the blob through Keygate with curl
# (GET /v23.0/{media-id}, then its url: /v1/media/{id}/download), with MB/s and Keygate's RSS sampled every 20 ms
# (VmRSS, and VmHWM before and after) against the blob's size; one download directly from the fake's CDN
# for comparison. wrk, both servers and curl share the machine's cores.
#
# Usage: bench/http/passthrough.sh   |   ROUNDS=5 DURATION=15 bench/http/passthrough.sh   |   SKIP_BUILD=1 ...
# Settings: as pipeline.sh (PORT, ROUNDS=3, DURATION=10, WARMUP=5, THREADS, CONNECTIONS, OUT, SKIP_BUILD), and META_PORT
# (5190), MEDIA_MB (100), DOWNLOADS (4), LATENCY_DURATION (5). Output: $OUT/passthrough.tsv, $OUT/media.tsv, $OUT/summary.txt, $OUT/wrk-*.txt.

set -euo pipefail
ROUNDS=${ROUNDS:-3}
META_PORT=${META_PORT:-5190}
MEDIA_MB=${MEDIA_MB:-100}
DOWNLOADS=${DOWNLOADS:-4}
LATENCY_DURATION=${LATENCY_DURATION:-5}
META="http://127.0.0.1:$META_PORT"
META_TOKEN="EAAG-bench-token-$RANDOM$RANDOM"
NUMBER_ID=106540352242922
WABA_ID=102290129340398
MEDIA_ID=1037543291543636
SERVER_ARGS="${SERVER_ARGS:-} --Meta:BaseUrl=$META/"
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FAKE_DLL="$ROOT/bench/FakeMetaServer/bin/Release/net10.0/FakeMetaServer.dll"
if ss -Htln "sport = :$META_PORT" | grep -q .; then
    echo "passthrough.sh: port $META_PORT is in use; set META_PORT" >&2
    exit 1
fi

# shellcheck source=bench/http/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ "$SKIP_BUILD" != 1 ]]; then
    build_release bench/FakeMetaServer/FakeMetaServer.csproj
fi
log "starting the fake Meta on $META (${MEDIA_MB} MB blob)"
start "$WORK/fake.log" dotnet "$FAKE_DLL" --urls "$META" --Token "$META_TOKEN" --PhoneNumberId "$NUMBER_ID" --WabaId "$WABA_ID" \
    --MediaId "$MEDIA_ID" --MediaMegabytes "$MEDIA_MB"
FAKE_PID=$STARTED_PID
for _ in $(seq 150); do
    curl -fs -H "Authorization: Bearer $META_TOKEN" "$META/v23.0/$NUMBER_ID" >/dev/null 2>&1 && break
    kill -0 "$FAKE_PID" 2>/dev/null || { cat "$WORK/fake.log" >&2; exit 1; }
    sleep 0.2
done

# The number, registered by the admin as MetaNumbers.RegisterMetaNumberAsync does in the tests.
curl -fsS -b "$JAR" -H "Origin: $BASE" -H 'Content-Type: application/json' -o "$OUT/registered.json" -d "$(jq -nc \
    --arg id "$NUMBER_ID" --arg waba "$WABA_ID" --arg token "$META_TOKEN" \
    '{phoneNumberId: $id, wabaId: $waba, displayNumber: "+1 555 555 5555", accessToken: $token, appSecret: "bench-app-secret", verifyToken: "bench-verify-token"}')" \
    "$BASE/v1/phone-numbers" || { echo "passthrough.sh: registering the number failed" >&2; tail -n 50 "$SERVER_LOG" >&2; exit 1; }
TOKEN=$(create_key '{"name":"bench-passthrough","environment":"production","permissions":["phone-numbers:read","media:read"]}')
PATH_NUMBER="/v23.0/$NUMBER_ID"
diff <(curl -fsS -H "Authorization: Bearer $META_TOKEN" "$META$PATH_NUMBER" | jq -S .) \
    <(curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE$PATH_NUMBER" | jq -S .) >/dev/null \
    || { echo "passthrough.sh: Keygate's answer differs from the fake's" >&2; exit 1; }

# One wrk run on $1 (a full URL) with the Authorization header $2, report to $OUT/$3; prints
# "rps p50_us p99_us keygate_cpu_us_per_req fake_cpu_us_per_req requests load1". Any non-2xx fails the benchmark.
run() {
    local url=$1 auth=$2 file=$OUT/$3 k0 f0 k1 f1 requests rps p50 p99 errors
    k0=$(ticks "$SERVER_PID"); f0=$(ticks "$FAKE_PID")
    wrk -t"${5:-$THREADS}" -c"${6:-$CONNECTIONS}" -d"$4" --latency -H "Authorization: Bearer $auth" "$url" >"$file"
    k1=$(ticks "$SERVER_PID"); f1=$(ticks "$FAKE_PID")
    requests=$(awk '/requests in/ { print $1 }' "$file")
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$file")
    p50=$(to_us "$(awk '$1 == "50%" { print $2 }' "$file")")
    p99=$(to_us "$(awk '$1 == "99%" { print $2 }' "$file")")
    errors=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$file")
    if [[ -n "$errors" ]]; then
        echo "passthrough.sh: $url: $errors non-2xx responses (see $file)" >&2
        exit 1
    fi
    grep -q 'Socket errors' "$file" && log "warning: socket errors in $file"
    awk -v r="$rps" -v p="$p50" -v q="$p99" -v k=$((k1 - k0)) -v f=$((f1 - f0)) -v hz="$CLK_TCK" -v n="$requests" -v l="$(load1)" \
        'BEGIN { printf "%s %s %s %.1f %.1f %d %s\n", r, p, q, k * 1e6 / hz / n, f * 1e6 / hz / n, n, l }'
}

log "warming up: ${WARMUP} s direct, ${WARMUP} s through Keygate"
run "$META$PATH_NUMBER" "$META_TOKEN" wrk-warmup-direct.txt "${WARMUP}s" >/dev/null
run "$BASE$PATH_NUMBER" "$TOKEN" wrk-warmup-keygate.txt "${WARMUP}s" >/dev/null

printf 'round\tpath\treq_per_s\tp50_us\tp99_us\tkeygate_cpu_us_per_req\tfake_cpu_us_per_req\trequests\tload1\n' >"$OUT/passthrough.tsv"
for round in $(seq "$ROUNDS"); do
    for path in direct keygate; do
        if [[ $path == direct ]]; then url=$META$PATH_NUMBER auth=$META_TOKEN; else url=$BASE$PATH_NUMBER auth=$TOKEN; fi
        read -r rps p50 p99 kcpu fcpu n load <<<"$(run "$url" "$auth" "wrk-$round-$path.txt" "${DURATION}s")"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$path" "$rps" "$p50" "$p99" "$kcpu" "$fcpu" "$n" "$load" >>"$OUT/passthrough.tsv"
        log "round $round $path: $rps req/s, p50 $p50 us, p99 $p99 us, CPU/req Keygate $kcpu us, fake $fcpu us, load $load"
    done
    for path in direct keygate; do
        if [[ $path == direct ]]; then url=$META$PATH_NUMBER auth=$META_TOKEN; else url=$BASE$PATH_NUMBER auth=$TOKEN; fi
        read -r rps p50 p99 kcpu fcpu n load <<<"$(run "$url" "$auth" "wrk-$round-$path-c1.txt" "${LATENCY_DURATION}s" 1 1)"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$path-c1" "$rps" "$p50" "$p99" "$kcpu" "$fcpu" "$n" "$load" >>"$OUT/passthrough.tsv"
        log "round $round $path, one connection: $rps req/s, p50 $p50 us, p99 $p99 us, CPU/req Keygate $kcpu us, fake $fcpu us"
    done
done

# Media: the record through Keygate (it confirms the id with the number's token and keeps the CDN address), then the bytes.
rss_kb() { awk -v f="$2" '$1 == f":" { print $2 }' "/proc/$1/status"; }
url=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE/v23.0/$MEDIA_ID" | jq -r .url)
size=$((MEDIA_MB * 1024 * 1024))
direct=$(curl -fsS -H "Authorization: Bearer $META_TOKEN" -o /dev/null -w '%{size_download} %{time_total}' "$META/cdn/$MEDIA_ID" \
    | awk '{ printf "%.0f MB/s (%.2f s)", $1 / 1048576 / $2, $2 }')
printf 'download\tseconds\tMB_per_s\tbytes\trss_before_mb\trss_peak_mb\n' >"$OUT/media.tsv"
rss_start=$(rss_kb "$SERVER_PID" VmRSS)
hwm_start=$(rss_kb "$SERVER_PID" VmHWM)
for i in $(seq "$DOWNLOADS"); do
    before=$(rss_kb "$SERVER_PID" VmRSS)
    : >"$OUT/rss-$i.txt"
    ( while :; do rss_kb "$SERVER_PID" VmRSS >>"$OUT/rss-$i.txt"; sleep 0.02; done ) &
    sampler=$!
    read -r bytes seconds <<<"$(curl -fsS -H "Authorization: Bearer $TOKEN" -o /dev/null -w '%{size_download} %{time_total}' "$url")"
    kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
    peak=$(sort -n "$OUT/rss-$i.txt" | tail -1)
    [[ "$bytes" == "$size" ]] || { echo "passthrough.sh: downloaded $bytes bytes, expected $size" >&2; exit 1; }
    awk -v i="$i" -v s="$seconds" -v b="$bytes" -v r0="$before" -v p="$peak" \
        'BEGIN { printf "%d\t%.2f\t%.0f\t%d\t%.0f\t%.0f\n", i, s, b / 1048576 / s, b, r0 / 1024, p / 1024 }' >>"$OUT/media.tsv"
    log "download $i: $(tail -1 "$OUT/media.tsv")"
done
hwm=$(rss_kb "$SERVER_PID" VmHWM)
fake_rss=$(rss_kb "$FAKE_PID" VmRSS)

column_of() { awk -F'\t' -v p="$1" -v c="$2" 'NR > 1 && $2 == p { print $c }' "$OUT/passthrough.tsv"; }
{
    echo "Keygate Graph pass-through, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $COMMIT, $(nproc) cores"
    echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s x $ROUNDS interleaved, GET $PATH_NUMBER direct on the fake Meta and through Keygate;"
    echo "each round also -t1 -c1 -d${LATENCY_DURATION}s of both (path *-c1): latency without queueing"
    echo
    column -t -s $'\t' "$OUT/passthrough.tsv"
    echo
    for path in direct keygate direct-c1 keygate-c1; do
        echo "median $path: $(column_of $path 3 | median) req/s, p50 $(column_of $path 4 | median) us, p99 $(column_of $path 5 | median) us," \
            "CPU/req Keygate $(column_of $path 6 | median) us, fake $(column_of $path 7 | median) us"
    done
    echo
    echo "media: $DOWNLOADS downloads of $MEDIA_MB MB through Keygate ($url); one directly from the fake's CDN: $direct"
    column -t -s $'\t' "$OUT/media.tsv"
    echo "Keygate RSS $((rss_start / 1024)) MB before the downloads; VmHWM $((hwm_start / 1024)) MB before, $((hwm / 1024)) MB after (the fake, holding the blob: $((fake_rss / 1024)) MB)"
} | tee "$OUT/summary.txt"
