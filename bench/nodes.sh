#!/usr/bin/env bash
# bench/nodes.sh: what running Keygate on PostgreSQL and Redis, and on three nodes, costs and gives (issue 13), in
# one unattended command.
#
# What it does
#   1. Installs what it lacks from Debian's packages (wrk, nginx, jq, curl, postgresql, redis-server; it runs as root on
#      Debian 12) and builds Keygate in Release (SKIP_BUILD=1 skips that).
#   2. Starts, on loopback, in a temporary directory: a PostgreSQL cluster of its own (initdb + pg_ctl as the postgres
#      user), a redis-server without persistence, and
#        one         Keygate on SQLite with in-process coordination: the default single node
#        one-pg      Keygate on PostgreSQL + Redis, one node
#        three-pg    three Keygate nodes on PostgreSQL + Redis (one database, one keyspace) behind nginx, with the
#                    upstream and proxy settings of deploy/nginx-keygate.conf (its TLS server left out: plain HTTP on
#                    loopback, as the other configurations)
#      Each configuration has its own admin and a key with permissions, two rate-limit windows and two quotas that
#      never refuse, so every request runs the full pipeline (limits decided in Redis on the -pg configurations).
#   3. Throughput: warms each configuration up for WARMUP seconds, then ROUNDS rounds of
#      `wrk -t2 -c32 -d${DURATION}s --latency GET /v1/ping`, the order rotated from round to round. Per run: requests/s,
#      p50/p99 and CPU per request, split into Keygate's (and nginx's) and the store's (PostgreSQL + Redis).
#   4. Cold verification: COLD_KEYS more keys on `one` and on `one-pg`, then one request per key, each key used once
#      (so each is a cache miss that loads the key from the store), one connection at a time; p50/p99 of those requests
#      beside a warm key's over the same connection.
#   5. Prints the date, the machine, the commit, every run and the medians; results in $OUT.
#
# Usage
#   bench/nodes.sh                          # about 7 minutes on 2 cores, build included
#   ROUNDS=1 DURATION=2 WARMUP=2 COLD_KEYS=200 bench/nodes.sh     # the quick path: checks everything, measures little
# Settings (environment): ROUNDS (3), DURATION (8 s), WARMUP (20 s: a node on PostgreSQL + Redis serves fewer
#   requests a second, and perf still found the JIT compiling its hot path after 10), COLD_KEYS (2000), PORT_BASE
#   (5760: Keygate on 5761-5765, nginx on 5766, PostgreSQL 5767, Redis 5768), SKIP_BUILD, OUT, COMMIT; as
#   bench/http/lib.sh.
# A machine this small runs the three nodes, nginx, PostgreSQL, Redis and wrk on the same two cores: three-pg shows
# what the nodes cost together, not what three machines would serve.

set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-20}
COLD_KEYS=${COLD_KEYS:-2000}
PORT_BASE=${PORT_BASE:-5760}
PORT=$((PORT_BASE + 1))
OUT=${OUT:-$(mktemp -d /tmp/keygate-nodes.XXXXXX)}
CONFIGS=(one one-pg three-pg)

# shellcheck source=bench/http/install.sh
source "$ROOT/bench/http/install.sh"
install_missing wrk nginx jq curl redis-server 'postgresql:/usr/lib/postgresql/*/bin/initdb'

LIB_ONLY=1
# shellcheck source=bench/http/lib.sh
source "$ROOT/bench/http/lib.sh"

# shellcheck disable=SC2046 # a list of ports
require_free_ports $(seq $((PORT_BASE + 1)) $((PORT_BASE + 8)))
[[ "$SKIP_BUILD" == 1 ]] || build_release src/Keygate/Keygate.csproj

# PostgreSQL refuses to run as root: its directory belongs to the postgres user, which runs it.
PG_PORT=$((PORT_BASE + 7))
PG_BIN=$(dirname "$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
PG_DIR=$(mktemp -d /tmp/keygate-nodes-pg.XXXXXX) # the run's own directory is root's alone
chown postgres "$PG_DIR"
trap 'cleanup; rm -rf "$PG_DIR"' EXIT
as_postgres() { runuser -u postgres -- "$@"; }
as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 >"$WORK/initdb.log"
start "$WORK/postgres.log" runuser -u postgres -- "$PG_BIN/postgres" -D "$PG_DIR/data" -p "$PG_PORT" -k "$PG_DIR" -c listen_addresses=127.0.0.1
PG_PID=$STARTED_PID
for _ in $(seq 100); do as_postgres "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break; sleep 0.2; done
for database in keygate_one keygate_three; do
    as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" "$database"
done
REDIS_PORT=$((PORT_BASE + 8))
start "$WORK/redis.log" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK"
REDIS_PID=$STARTED_PID
for _ in $(seq 100); do [[ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]] && break; sleep 0.2; done
# The store's CPU in clock ticks: the postmaster, the backends and workers it has forked at that moment, and Redis. A
# backend that ends during a run takes its ticks with it (the pools keep theirs open, so few do).
POSTMASTER=$(pgrep -P "$PG_PID" -x postgres || echo "$PG_PID")
store_ticks() {
    local pid fields total=0
    for pid in "$POSTMASTER" $(pgrep -P "$POSTMASTER") "$REDIS_PID"; do
        read -ra fields <<<"$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null || echo "x x x x x x x x x x x 0 0")"
        total=$((total + fields[11] + fields[12]))
    done
    echo "$total"
}

# on_store NAME DATABASE PREFIX: Keygate's options for a node on PostgreSQL + Redis.
on_store() {
    echo "--Storage:Provider=postgresql --Storage:ConnectionString=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$2"
    echo "--Coordination:Provider=redis --Coordination:Redis:Configuration=127.0.0.1:$REDIS_PORT --Coordination:Redis:KeyPrefix=$3:"
}

declare -A URL SERVED_BY TOKEN ADMIN_BASE
# node NAME INDEX DATA OPTION…: a Keygate node on PORT_BASE+INDEX over the data directory DATA (nodes of one deployment
# share it: the master key and the cookie keys, as deploy/nginx-keygate.conf's nodes do). The account may hold the cold
# verification's keys beside its own (500 active keys an account by default).
node() {
    local name=$1 index=$2 data=$3
    shift 3
    BASE="http://127.0.0.1:$((PORT_BASE + index))" DATA=$data SERVER_LOG=$WORK/keygate-$name.log start_keygate \
        --AccountCaps:Keys=$((COLD_KEYS + 10)) "$@"
    NODE_PID=$SERVER_PID
}
# admin_key BASE: logs in on BASE and prints a token for a new key whose limits never refuse.
admin_key() {
    BASE=$1 JAR=$WORK/jar-${1##*:} login
    BASE=$1 JAR=$WORK/jar-${1##*:} create_key '{"name":"bench-full","environment":"production","permissions":["messages:send","messages:read"],'"$NEVER_REFUSING_LIMITS"'}'
}

log "starting one (SQLite), one-pg and three-pg (PostgreSQL + Redis)"
node one 1 "$WORK/data-one"
URL[one]="http://127.0.0.1:$((PORT_BASE + 1))/v1/ping"
SERVED_BY[one]=$NODE_PID
ADMIN_BASE[one]="http://127.0.0.1:$((PORT_BASE + 1))"
# shellcheck disable=SC2046 # options
node one-pg 2 "$WORK/data-one-pg" $(on_store one-pg keygate_one one)
URL[one-pg]="http://127.0.0.1:$((PORT_BASE + 2))/v1/ping"
SERVED_BY[one-pg]=$NODE_PID
ADMIN_BASE[one-pg]="http://127.0.0.1:$((PORT_BASE + 2))"
THREE=()
for index in 3 4 5; do
    # The first node migrates the database; the others start on it once it has.
    # shellcheck disable=SC2046
    node "three-$index" "$index" "$WORK/data-three" $(on_store three keygate_three three) --Http:TrustedProxies:0=127.0.0.1
    THREE+=("$NODE_PID")
done

# nginx with the sample's upstream (its ports made the bench's) and its `location /`, on plain HTTP.
NGINX_DIR=$WORK/nginx
mkdir -p "$NGINX_DIR"
SAMPLE=$ROOT/deploy/nginx-keygate.conf
{
    echo "daemon off; worker_processes auto; pid $NGINX_DIR/nginx.pid; error_log $NGINX_DIR/error.log error;"
    echo "events { worker_connections 768; }"
    echo "http {"
    echo "access_log $NGINX_DIR/access.log combined;"
    for temp in client_body proxy fastcgi uwsgi scgi; do echo "${temp}_temp_path $NGINX_DIR/$temp;"; done
    awk '/^upstream keygate \{/,/^\}/' "$SAMPLE" | sed -e "s/127.0.0.1:5081/127.0.0.1:$((PORT_BASE + 3))/" \
        -e "s/127.0.0.1:5082/127.0.0.1:$((PORT_BASE + 4))/" -e "s/127.0.0.1:5083/127.0.0.1:$((PORT_BASE + 5))/"
    echo "server { listen 127.0.0.1:$((PORT_BASE + 6));"
    awk '/^    location \/ \{/,/^    \}/' "$SAMPLE"
    echo "}"
    echo "}"
} >"$NGINX_DIR/nginx.conf"
grep -q "proxy_pass http://keygate" "$NGINX_DIR/nginx.conf" || { echo "nodes.sh: no 'location /' in $SAMPLE" >&2; exit 1; }
start "$WORK/nginx.log" nginx -p "$NGINX_DIR/" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log"
NGINX_PID=$STARTED_PID
URL[three-pg]="http://127.0.0.1:$((PORT_BASE + 6))/v1/ping"
ADMIN_BASE[three-pg]="http://127.0.0.1:$((PORT_BASE + 3))"
wait_up "${URL[three-pg]}" "$NGINX_PID" "$WORK/nginx.log"
SERVED_BY[three-pg]="${THREE[*]} $NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')"

for name in "${CONFIGS[@]}"; do
    TOKEN[$name]=$(admin_key "${ADMIN_BASE[$name]}")
    answer=$(curl -fs -H "Authorization: Bearer ${TOKEN[$name]}" "${URL[$name]}")
    [[ "$answer" == '{"ok":true}' ]] || { echo "nodes.sh: $name answered '$answer'" >&2; exit 1; }
done
# Every node of three-pg answers through nginx: wrk's load reaches all three (each node's access shows in its CPU).
log "every configuration answers; warming up ${WARMUP} s each"

# run NAME SECONDS FILE: prints "rps p50 p99 keygate_cpu_us store_cpu_us requests non_2xx", CPU per request.
run() {
    local name=$1 file=$3 before after result rps p50 p99 cpu requests bad rest
    before=$(store_ticks)
    result=$(wrk_measure "${SERVED_BY[$name]}" "${URL[$name]}" "$file" -d"$2s" -H "Authorization: Bearer ${TOKEN[$name]}")
    after=$(store_ticks)
    read -r rps p50 p99 cpu requests bad rest <<<"$result"
    awk -v r="$rps" -v p="$p50" -v q="$p99" -v c="$cpu" -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$requests" -v b="$bad" \
        'BEGIN { printf "%s %s %s %s %.2f %d %d\n", r, p, q, c, (n > 0 ? t * 1e6 / hz / n : 0), n, b }'
}
for name in "${CONFIGS[@]}"; do run "$name" "$WARMUP" "$OUT/wrk-warmup-$name.txt" >/dev/null; done

STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
LOAD_START=$(cat /proc/loadavg)
printf 'round\tconfig\trps\tp50_us\tp99_us\tkeygate_cpu_us\tstore_cpu_us\trequests\tnon_2xx\n' >"$OUT/runs.tsv"
BAD=0
for round in $(seq "$ROUNDS"); do
    for position in 0 1 2; do
        name=${CONFIGS[(round - 1 + position) % 3]}
        read -r rps p50 p99 cpu store requests bad <<<"$(run "$name" "$DURATION" "$OUT/wrk-$round-$name.txt")"
        BAD=$((BAD + bad))
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$rps" "$p50" "$p99" "$cpu" "$store" "$requests" "$bad" >>"$OUT/runs.tsv"
        log "round $round $name: $rps req/s, p50 $p50 us, p99 $p99 us, CPU/request $cpu us (Keygate) + $store us (store); $bad non-2xx"
    done
done

# Cold verification: COLD_KEYS keys made on the node, then each used once over one connection (a cache miss each).
cold() {
    local name=$1 base=${ADMIN_BASE[$1]} i
    : >"$WORK/cold-$name.txt"
    for i in $(seq "$COLD_KEYS"); do
        BASE=$base JAR=$WORK/jar-${base##*:} create_key '{"name":"cold-'"$i"'","environment":"production","permissions":[]}' >>"$WORK/cold-$name.txt"
    done
    {
        echo 'local tokens, i = {}, 0'
        echo 'for line in io.lines("'"$WORK/cold-$name.txt"'") do tokens[#tokens + 1] = line end'
        echo 'request = function()'
        echo '  i = i + 1'
        echo '  if i > #tokens then wrk.thread:stop() end'
        echo '  return wrk.format("GET", "/v1/ping", { Authorization = "Bearer " .. tokens[math.min(i, #tokens)] })'
        echo 'end'
    } >"$WORK/cold-$name.lua"
    # wrk waits out its duration even once the script has stopped: about 3 ms a key is room enough for both stores.
    wrk -t1 -c1 -d$((2 + COLD_KEYS * 3 / 1000))s --latency -s "$WORK/cold-$name.lua" "${URL[$name]}" >"$OUT/wrk-cold-$name.txt"
    wrk -t1 -c1 -d5s --latency -H "Authorization: Bearer ${TOKEN[$name]}" "${URL[$name]}" >"$OUT/wrk-warm-$name.txt"
}
for name in one one-pg; do
    log "cold verification on $name: $COLD_KEYS keys"
    cold "$name"
done
LOAD_END=$(cat /proc/loadavg)

column_of() { awk -F'\t' -v n="$1" -v c="$2" 'NR > 1 && $2 == n { print $c }' "$OUT/runs.tsv"; }
med() { column_of "$1" "$2" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0 || a == "nan" || b == "nan") print "n/a"; else printf "%.2f", a / b }'; }
latency() { to_us "$(awk -v p="$2" '$1 == p { print $2 }' "$1")"; }
{
    echo "Keygate on PostgreSQL + Redis and on three nodes (bench/nodes.sh, issue 13)"
    echo "date $STARTED_AT; commit $COMMIT"
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); PostgreSQL $("$PG_BIN/postgres" --version | awk '{ print $3 }'), Redis $(redis-server --version | awk '{ print $3 }' | cut -d= -f2), $(nginx -v 2>&1 | sed 's/^nginx version: //')"
    echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency GET /v1/ping, full pipeline; $ROUNDS rounds after ${WARMUP} s warm-up; load $LOAD_START -> $LOAD_END"
    ((BAD == 0)) || echo "!!!!!!!! $BAD non-2xx answers: those runs measure nothing !!!!!!!!"
    echo
    column -t -s $'\t' "$OUT/runs.tsv"
    echo
    printf '%-9s %9s %8s %8s %11s %9s %10s\n' config "req/s" "p50 us" "p99 us" "Keygate us" "store us" "req/s x one"
    for name in "${CONFIGS[@]}"; do
        printf '%-9s %9.0f %8.0f %8.0f %11.1f %9.1f %10s\n' "$name" "$(med "$name" 3)" "$(med "$name" 4)" "$(med "$name" 5)" \
            "$(med "$name" 6)" "$(med "$name" 7)" "$(ratio "$(med "$name" 3)" "$(med one 3)")"
    done
    echo
    echo "cold verification ($COLD_KEYS keys, each used once, one connection; the whole request):"
    for name in one one-pg; do
        printf '  %-7s cold p50 %8s us  p99 %8s us   warm p50 %8s us  p99 %8s us  (%s requests)\n' "$name" \
            "$(latency "$OUT/wrk-cold-$name.txt" 50%)" "$(latency "$OUT/wrk-cold-$name.txt" 99%)" \
            "$(latency "$OUT/wrk-warm-$name.txt" 50%)" "$(latency "$OUT/wrk-warm-$name.txt" 99%)" \
            "$(awk '/requests in/ { print $1 }' "$OUT/wrk-cold-$name.txt")"
    done
} | tee "$OUT/summary.txt"
log "results in $OUT"
((BAD == 0)) || exit 1
