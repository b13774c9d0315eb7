#!/usr/bin/env bash
# bench/run.sh: Keygate side by side with the gates a user would pick instead (issue 12), in one unattended command.
#
# What it does
#   1. Installs what it lacks from Debian's packages (wrk, nginx, jq, curl, sqlite3; it runs as root on Debian 12),
#      and builds Keygate and bench/peers in Release (SKIP_BUILD=1 skips that).
#   2. Starts every configuration at once on loopback, each server on its own port (PORT_BASE+1 … +6); those not
#      being measured sit idle:
#        baseline      bench/peers --mode baseline: a no-auth Kestrel minimal API, GET /v1/ping -> {"ok":true}
#        keycheck      --mode keycheck: the same with a minimal key check in front (Bearer id.secret, a dictionary
#                      id -> SHA-256(secret), CryptographicOperations.FixedTimeEquals; 401 otherwise)
#        handler       --mode handler: the same check as an AuthenticationHandler behind RequireAuthorization()
#        jwt           --mode jwt: JwtBearer, HS256, issuer, audience, lifetime and signature validated; the token
#                      minted by --mode mint
#        nginx         Debian's nginx with bench/peers/nginx.conf: {"ok":true} behind a map on the key id
#        keygate-auth  Keygate GET /v1/ping with a key without limits
#        keygate-full  Keygate GET /v1/ping with a key holding permissions, two rate-limit windows and two quotas
#                      that never refuse (usage and misuse observation run for every key)
#        keygate-anon  Keygate GET /healthz without a credential
#        sends         Keygate: a sandbox send (a hello_world template, POST /v23.0/{number}/messages), in sends/s
#      One Keygate process serves the last four, with a fresh data directory. Every server runs as an operator would
#      run it (Production, Release); the peers log at Warning, nginx writes its access log, Keygate logs as its
#      appsettings.json says (KEYGATE_LOG_LEVEL=Warning lowers it; the summary says which). Every request carries the
#      credential of its configuration; baseline gets the key check's header, which it ignores, so that every
#      peer reads the same bytes.
#   3. Checks each answer (200 and exactly {"ok":true} with the credential, 401 without it, RateLimit-* headers for
#      keygate-full only), warms each configuration up for WARMUP seconds, then runs ROUNDS rounds of
#      `wrk -t2 -c32 -d${DURATION}s --latency`: every configuration once a round, the order rotated from round to
#      round so that none always runs first. Before each run it waits (up to 10 s) until the servers are idle, so
#      that no run pays for the work the previous one left behind (the sandbox moves statuses for two seconds after
#      the last send).
#   4. Per run: requests/s, p50 and p99 (wrk's latency distribution), the server's CPU per request (utime + stime
#      from /proc/<pid>/stat before and after, nginx's master and workers summed, over the requests wrk completed),
#      and the non-2xx count: any non-2xx is reported loudly, marks the run invalid and makes run.sh exit 1.
#   5. After the rounds, checks in Keygate's SQLite database (sqlite3, read-only) that every send was stored and
#      moved through its four statuses (accepted, sent, delivered, read).
#   6. Prints the date, the machine, the commit, every run and a summary: medians over the rounds per configuration,
#      the ratios to baseline (req/s, CPU, p99) and issue 12's targets with PASS or MISS beside each.
#
# Usage
#   bench/run.sh                            # 9 configurations x (20 s warm-up + 3 rounds x 8 s): 8-9 minutes on 2 cores, build included
#   ROUNDS=1 DURATION=2 bench/run.sh        # the quick path, about 2.5 minutes: checks everything, measures nothing well
#   SKIP_BUILD=1 ROUNDS=5 CONFIGS="baseline jwt keygate-full" bench/run.sh
#   bench/run.sh nodes                      # bench/nodes.sh: one node on SQLite against PostgreSQL + Redis, and three behind nginx
#
# Settings (environment): ROUNDS (3), DURATION (8 s a run), WARMUP (20 s a configuration: Keygate has far
#   more code to tier up than the peers, and its CPU per request kept falling for the first ~40 s of load), THREADS (2), CONNECTIONS (32),
#   PORT_BASE (5710: the servers listen on 5711-5716), CONFIGS (all nine, space-separated; baseline is needed for the
#   ratios), SKIP_BUILD (0), KEYGATE_LOG_LEVEL (empty: as shipped), SERVER_ARGS (more Keygate options, word-split),
#   OUT (results; default a new /tmp directory), COMMIT (what the summary names; default `git describe`).
# Output: $OUT/runs.tsv (one line per run), $OUT/summary.txt, $OUT/wrk-*.txt, the last lines of every server's log.
# Everything else lives in a temporary directory that is removed on exit, when every server is stopped (SIGTERM).

set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Many nodes (issue 13) are their own run: PostgreSQL, Redis and nginx in front of three nodes, against one on SQLite.
if [[ "${1:-}" == nodes ]]; then
    exec "$ROOT/bench/nodes.sh"
fi
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-20}
PORT_BASE=${PORT_BASE:-5710}
PORT=$((PORT_BASE + 6))
OUT=${OUT:-$(mktemp -d /tmp/keygate-run.XXXXXX)}
ALL_CONFIGS="baseline keycheck handler jwt nginx keygate-auth keygate-full keygate-anon sends"
CONFIGS=${CONFIGS:-$ALL_CONFIGS}
read -ra CONFIG_LIST <<<"$CONFIGS"
for name in "${CONFIG_LIST[@]}"; do
    [[ " $ALL_CONFIGS " == *" $name "* ]] || { echo "run.sh: unknown configuration '$name' (known: $ALL_CONFIGS)" >&2; exit 1; }
done

# shellcheck source=bench/http/install.sh
source "$ROOT/bench/http/install.sh"
install_missing wrk nginx jq curl sqlite3

LIB_ONLY=1
# shellcheck source=bench/http/lib.sh
source "$ROOT/bench/http/lib.sh"

wants() { [[ " $CONFIGS " == *" $1 "* ]]; }
wants_keygate() { wants keygate-auth || wants keygate-full || wants keygate-anon || wants sends; }
wants_peer() { wants baseline || wants keycheck || wants handler || wants jwt; }
rand_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

# shellcheck disable=SC2046 # a list of ports
require_free_ports $(seq $((PORT_BASE + 1)) $((PORT_BASE + 6)))
if [[ "$SKIP_BUILD" != 1 ]]; then
    wants_keygate && build_release src/Keygate/Keygate.csproj
    wants_peer && build_release bench/peers/Peers.csproj
fi

# The servers. URL and SERVED_BY (the pids whose CPU a run is charged) per configuration.
declare -A URL SERVED_BY
PEER_DLL=$ROOT/bench/peers/bin/Release/net10.0/Peers.dll
PEER_KEY="kg_live_$(rand_hex 11).kgs_live_$(rand_hex 23)"
JWT_KEY=$(head -c 32 /dev/urandom | base64)
PEER_LOGGING="Logging:LogLevel:Default=Warning, console to a file: nothing per request"
NGINX_LOGGING="access_log in the combined format to a file, a line per request, as Debian ships it; error_log at error"

start_peer() {
    local mode=$1 port=$((PORT_BASE + $2))
    start "$WORK/peer-$mode.log" env ASPNETCORE_ENVIRONMENT=Production dotnet "$PEER_DLL" --contentRoot "$(dirname "$PEER_DLL")" \
        --mode "$mode" --urls "http://127.0.0.1:$port" --Logging:LogLevel:Default=Warning --Key "$PEER_KEY" --Jwt:Key "$JWT_KEY"
    URL[$mode]="http://127.0.0.1:$port/v1/ping"
    SERVED_BY[$mode]=$STARTED_PID
}

log "starting the servers: ${CONFIG_LIST[*]}"
index=0
for mode in baseline keycheck handler jwt; do
    index=$((index + 1))
    if wants "$mode"; then start_peer "$mode" "$index"; fi
done
if wants nginx; then
    NGINX_DIR=$WORK/nginx
    mkdir -p "$NGINX_DIR"
    sed -e "s|@PREFIX@|$NGINX_DIR|g" -e "s|@PORT@|$((PORT_BASE + 5))|g" -e "s|@KEY_ID@|${PEER_KEY%%.*}|g" \
        "$ROOT/bench/peers/nginx.conf" >"$NGINX_DIR/nginx.conf"
    start "$WORK/nginx.log" nginx -p "$NGINX_DIR/" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log"
    URL[nginx]="http://127.0.0.1:$((PORT_BASE + 5))/v1/ping"
    SERVED_BY[nginx]=$STARTED_PID
fi
if wants_keygate; then
    # shellcheck disable=SC2086 # SERVER_ARGS is a list of options
    start_keygate $SERVER_ARGS
    for name in keygate-auth keygate-full keygate-anon sends; do SERVED_BY[$name]=$SERVER_PID; done
    login
    TOKEN_AUTH=$(create_key '{"name":"bench-auth","environment":"production","permissions":[]}')
    TOKEN_FULL=$(create_key '{"name":"bench-full","environment":"production","permissions":["messages:send","messages:read"],'"$NEVER_REFUSING_LIMITS"'}')
    URL[keygate-auth]=$BASE/v1/ping
    URL[keygate-full]=$BASE/v1/ping
    URL[keygate-anon]=$BASE/healthz
    if wants sends; then
        prepare_sends "$(create_key '{"name":"bench-sends","environment":"production","permissions":["messages:send"]}')"
        URL[sends]=$BASE$SEND_PATH
    fi
fi
for name in "${CONFIG_LIST[@]}"; do
    case $name in
        nginx) wait_up "${URL[$name]}" "${SERVED_BY[$name]}" "$WORK/nginx.log" ;;
        baseline | keycheck | handler | jwt) wait_up "${URL[$name]}" "${SERVED_BY[$name]}" "$WORK/peer-$name.log" ;;
    esac
done
if wants nginx; then
    SERVED_BY[nginx]="${SERVED_BY[nginx]} $(pgrep -P "${SERVED_BY[nginx]}" | tr '\n' ' ')"
fi
mapfile -t SERVERS < <(printf '%s\n' "${SERVED_BY[@]}" | tr ' ' '\n' | grep . | sort -un)

credential_of() {
    case $1 in
        baseline | keycheck | handler | nginx) echo "$PEER_KEY" ;;
        jwt) dotnet "$PEER_DLL" --mode mint --Jwt:Key "$JWT_KEY" ;;
        keygate-auth) echo "$TOKEN_AUTH" ;;
        keygate-full) echo "$TOKEN_FULL" ;;
        *) echo "" ;;
    esac
}
declare -A CREDENTIAL
for name in "${CONFIG_LIST[@]}"; do CREDENTIAL[$name]=$(credential_of "$name"); done

# expect NAME STATUS BODY CREDENTIAL: the configuration's URL answers GET with STATUS (and exactly BODY, if given).
expect() {
    local name=$1 status=$2 body=$3 credential=$4 code
    local auth=()
    [[ -n "$credential" ]] && auth=(-H "Authorization: Bearer $credential")
    code=$(curl -s -o "$WORK/answer" -D "$WORK/headers" -w '%{http_code}' "${auth[@]}" "${URL[$name]}" || true)
    if [[ "$code" != "$status" ]] || [[ -n "$body" && "$(<"$WORK/answer")" != "$body" ]]; then
        echo "run.sh: $name answered $code '$(head -c 300 "$WORK/answer")', expected $status${body:+ with $body}" >&2
        exit 1
    fi
}
for name in "${CONFIG_LIST[@]}"; do
    case $name in
        sends) ;; # prepare_sends sent one and checked it was accepted
        keygate-anon) expect "$name" 200 Healthy "" ;;
        *)
            expect "$name" 200 '{"ok":true}' "${CREDENTIAL[$name]}"
            limited=no
            grep -qi '^RateLimit-Limit' "$WORK/headers" && limited=yes
            if [[ "$limited" != "$([[ "$name" == keygate-full ]] && echo yes || echo no)" ]]; then
                echo "run.sh: $name: RateLimit-* headers are expected for keygate-full only" >&2
                exit 1
            fi
            [[ "$name" == baseline ]] || expect "$name" 401 "" ""
            # An unknown key id (or a broken token); then a wrong secret, which nginx's map on the id cannot see.
            [[ "$name" == baseline || "$name" == keygate-* ]] || expect "$name" 401 "" "x${CREDENTIAL[$name]}"
            [[ "$name" == baseline || "$name" == nginx || "$name" == keygate-* ]] || expect "$name" 401 "" "${CREDENTIAL[$name]}x"
            ;;
    esac
done
log "every configuration answers as expected"

# Waits until the servers together use less than a tenth of a core (over half a second), at most 10 s.
settle() {
    local before after
    for _ in $(seq 20); do
        before=$(ticks "${SERVERS[@]}")
        sleep 0.5
        after=$(ticks "${SERVERS[@]}")
        (((after - before) * 20 <= CLK_TCK)) && return 0
    done
    log "servers still busy after 10 s ($((after - before)) ticks in the last half second); measuring anyway"
}

# run NAME SECONDS FILE: one wrk run of the configuration; prints wrk_measure's line.
run() {
    local name=$1 args=(-d"$2s")
    if [[ "$name" == sends ]]; then
        args+=(-s "$WORK/send.lua")
    elif [[ -n "${CREDENTIAL[$name]}" ]]; then
        args+=(-H "Authorization: Bearer ${CREDENTIAL[$name]}")
    fi
    settle
    wrk_measure "${SERVED_BY[$name]}" "${URL[$name]}" "$3" "${args[@]}"
}

SENDS_ANSWERED=1 # the one prepare_sends sent
SEND_RUNS=0
INVALID=()
# count NAME RESULT FILE [ROUND]: what a run's answers add to the sends, and a loud line for any non-2xx.
count() {
    local name=$1 file=$3 rps p50 p99 cpu requests bad sockets load
    read -r rps p50 p99 cpu requests bad sockets load <<<"$2"
    if [[ "$name" == sends ]]; then
        SENDS_ANSWERED=$((SENDS_ANSWERED + requests - bad))
        SEND_RUNS=$((SEND_RUNS + 1))
    fi
    if ((bad > 0)); then
        INVALID+=("$name${4:+ round $4}: $bad of $requests answers not 2xx ($file)")
        log "!!!!!!!! $name${4:+ round $4}: $bad of $requests answers were NOT 2xx: this run measures nothing (see $file) !!!!!!!!"
    fi
    if ((sockets > 0)); then log "warning: $sockets socket errors in $file"; fi
}

LOAD_START=$(cat /proc/loadavg)
STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
log "warming up: ${WARMUP} s per configuration"
for name in "${CONFIG_LIST[@]}"; do
    result=$(run "$name" "$WARMUP" "$OUT/wrk-warmup-$name.txt")
    count "$name" "$result" "$OUT/wrk-warmup-$name.txt"
done

COUNT=${#CONFIG_LIST[@]}
STEP=$((COUNT / ROUNDS > 0 ? COUNT / ROUNDS : 1))
printf 'round\tposition\tconfig\trps\tp50_us\tp99_us\tcpu_us_per_req\trequests\tnon_2xx\tsocket_errors\tload1\n' >"$OUT/runs.tsv"
for round in $(seq "$ROUNDS"); do
    offset=$(((round - 1) * STEP % COUNT))
    for position in $(seq "$COUNT"); do
        name=${CONFIG_LIST[(offset + position - 1) % COUNT]}
        file=$OUT/wrk-$round-$name.txt
        result=$(run "$name" "$DURATION" "$file")
        count "$name" "$result" "$file" "$round"
        read -r rps p50 p99 cpu requests bad sockets load <<<"$result"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$position" "$name" "$rps" "$p50" "$p99" "$cpu" \
            "$requests" "$bad" "$sockets" "$load" >>"$OUT/runs.tsv"
        log "round $round [$position/$COUNT] $name: $rps req/s, p50 $p50 us, p99 $p99 us, $cpu us CPU/request, load $load"
    done
done
LOAD_END=$(cat /proc/loadavg)

# Every send stored and moved through its statuses, read from Keygate's database while it runs (WAL: a reader does
# not block it). The sandbox moves a message a step a second, so this waits until none is left behind (at most 2 min).
SENDS_CHECK="not run (sends not among the configurations)"
SENDS_OK=""
if wants sends; then
    DB=$DATA/keygate.db
    sql() { sqlite3 -readonly -cmd '.timeout 10000' -separator ' ' "$DB" "$1"; }
    for _ in $(seq 240); do
        read -r stored unfinished <<<"$(sql 'select count(*), coalesce(sum(Status <> 4), 0) from Messages where Direction = 1')"
        ((unfinished == 0)) && break
        sleep 0.5
    done
    read -r statuses complete <<<"$(sql 'select (select count(*) from MessageStatusChanges),
        (select count(*) from (select MessageId from MessageStatusChanges group by MessageId
         having count(*) = 4 and count(distinct Status) = 4 and min(Status) = 1 and max(Status) = 4))')"
    extra=$((stored - SENDS_ANSWERED))
    if ((extra >= 0 && extra <= CONNECTIONS * SEND_RUNS && unfinished == 0 && complete == stored && statuses == 4 * stored)); then
        SENDS_OK=1
        SENDS_CHECK="PASS"
    else
        SENDS_OK=0
        SENDS_CHECK="MISS"
    fi
    SENDS_CHECK="$SENDS_CHECK (sqlite3 on the data directory's keygate.db): $SENDS_ANSWERED sends answered 2xx; $stored messages stored"
    SENDS_CHECK="$SENDS_CHECK ($extra in flight when wrk stopped: at most $CONNECTIONS per wrk run, $SEND_RUNS runs); $((stored - unfinished)) read;"
    SENDS_CHECK="$SENDS_CHECK $complete with exactly accepted, sent, delivered, read; $statuses status rows"
fi

# column NAME N: column N of runs.tsv for one configuration, one value a round (4 rps, 5 p50, 6 p99, 7 cpu).
column_of() { awk -F'\t' -v n="$1" -v c="$2" 'NR > 1 && $3 == n { print $c }' "$OUT/runs.tsv"; }
med() { column_of "$1" "$2" | median; }
# ratio A B: A / B to two decimals, "n/a" if either is missing.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || a == "nan" || b == "nan" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }
# Per-round req/s ratios to baseline of one configuration.
round_ratios() {
    awk -F'\t' -v n="$1" 'NR > 1 { v[$1, $3] = $4; r[$1] = 1 } END { for (i = 1; i in r; i++) if (v[i, "baseline"] > 0 && v[i, n] != "") printf "%.2f ", v[i, n] / v[i, "baseline"] }' "$OUT/runs.tsv"
}
# verdict VALUE OP GOAL: PASS or MISS (n/a when the value is).
verdict() { awk -v v="$1" -v op="$2" -v g="$3" 'BEGIN { if (v == "n/a") print "n/a"; else if ((op == ">=" && v + 0 >= g + 0) || (op == "<=" && v + 0 <= g + 0)) print "PASS"; else print "MISS" }'; }

keygate_lines() {
    echo "$(grep -c ' answered ' "$SERVER_LOG" || true) request lines, $(($(stat -c %s "$SERVER_LOG") / 1048576)) MB"
}

{
    echo "Keygate side by side with the gates a user would pick instead (bench/run.sh, issue 12)"
    echo "date $STARTED_AT; commit $COMMIT"
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo),"
    # shellcheck disable=SC1091 # the machine's own file
    echo "  $(. /etc/os-release && echo "$PRETTY_NAME"), .NET $(dotnet --list-runtimes | awk '/AspNetCore/ { v = $2 } END { print v }'), $(nginx -v 2>&1 | sed 's/^nginx version: //'), $(wrk -v 2>&1 | head -1 | awk '{ print $1, $2 }')"
    echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency; $ROUNDS rounds after a ${WARMUP} s warm-up each, order rotated by $STEP a round"
    echo "load average at start: $LOAD_START; at end: $LOAD_END"
    echo "logging:"
    wants_peer && echo "  baseline, keycheck, handler, jwt: $PEER_LOGGING"
    wants nginx && echo "  nginx ($(($(wc -w <<<"${SERVED_BY[nginx]}") - 1)) workers): $NGINX_LOGGING ($(wc -l <"$NGINX_DIR/access.log") lines)"
    wants_keygate && echo "  keygate-*, sends: $(keygate_logging), console to a file ($(keygate_lines))"
    if ((${#INVALID[@]} > 0)); then
        echo
        echo "!!!!!!!! INVALID RUNS: a refused request measures nothing !!!!!!!!"
        printf '  %s\n' "${INVALID[@]}"
    fi
    echo
    column -t -s $'\t' "$OUT/runs.tsv"
    echo
    echo "Medians over the rounds; x base = ratio of the medians to baseline's; CPU = server CPU per request (us)."
    printf '%-13s %9s %8s %8s %8s %10s %8s %8s   %s\n' config "req/s" "p50 us" "p99 us" "CPU us" "req/s x" "CPU x" "p99 x" "req/s x base per round"
    base_rps=$(med baseline 4); base_p99=$(med baseline 6); base_cpu=$(med baseline 7)
    for name in "${CONFIG_LIST[@]}"; do
        rps=$(med "$name" 4); p50=$(med "$name" 5); p99=$(med "$name" 6); cpu=$(med "$name" 7)
        if [[ "$name" == sends ]]; then
            printf '%-13s %9.0f %8.0f %8.0f %8.1f %10s %8s %8s   %s\n' "sends (/s)" "$rps" "$p50" "$p99" "$cpu" - - - -
        else
            printf '%-13s %9.0f %8.0f %8.0f %8.1f %10s %8s %8s   %s\n' "$name" "$rps" "$p50" "$p99" "$cpu" \
                "$(ratio "$rps" "$base_rps")" "$(ratio "$cpu" "$base_cpu")" "$(ratio "$p99" "$base_p99")" "$(round_ratios "$name")"
        fi
    done
    echo
    full_rps=$(med keygate-full 4)
    echo "keygate-full vs jwt: req/s x $(ratio "$full_rps" "$(med jwt 4)"), CPU x $(ratio "$(med keygate-full 7)" "$(med jwt 7)")"
    echo
    echo "Issue 12's targets (ratios of the medians above):"
    target() { printf '  %-44s %8s   %-8s %s\n' "$1" "$2" "$3 $4" "$(verdict "$2" "$3" "$4")"; }
    target "keygate-full req/s vs baseline" "$(ratio "$full_rps" "$base_rps")" ">=" 0.90
    target "keygate-full CPU per request vs baseline" "$(ratio "$(med keygate-full 7)" "$base_cpu")" "<=" 1.15
    target "keygate-auth req/s vs baseline" "$(ratio "$(med keygate-auth 4)" "$base_rps")" ">=" 0.95
    target "keygate-anon req/s vs baseline" "$(ratio "$(med keygate-anon 4)" "$base_rps")" ">=" 0.97
    target "keygate-full req/s vs jwt" "$(ratio "$full_rps" "$(med jwt 4)")" ">=" 1.35
    target "keygate-full p99 vs baseline's" "$(ratio "$(med keygate-full 6)" "$base_p99")" "<=" 1.20
    sends_rps=$(med sends 4)
    target "sends per second" "$([[ "$sends_rps" == nan ]] && echo n/a || printf '%.0f' "$sends_rps")" ">=" 10000
    printf '  %-44s %8s   %-8s %s\n' "every send stored, through its statuses" "${SENDS_OK:-n/a}" "= 1" "$(verdict "${SENDS_OK:-n/a}" ">=" 1)"
    echo "sends check: $SENDS_CHECK"
} | tee "$OUT/summary.txt"
log "results in $OUT"
if ((${#INVALID[@]} > 0)); then
    echo "run.sh: ${#INVALID[@]} runs had non-2xx answers; their figures measure nothing" >&2
    exit 1
fi
