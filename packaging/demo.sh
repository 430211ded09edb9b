#!/usr/bin/env bash
# The README's demo: builds syncline, starts two throw-away PostgreSQL 15 servers under .demo/
# (source `shop` with sample data and a light write workload, empty target `shop_replica`) and
# runs the pipeline .demo/shop-replica.yaml in the console (syncline-console --start) until the
# window is closed or Ctrl-C; --headless runs it with `syncline run` in the foreground instead.
# Re-running reuses the servers, the data and the replication slot; --reset starts over.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly repo=$PWD
readonly demo_dir=$repo/.demo
readonly pg_bin=/usr/lib/postgresql/15/bin
# ctest's demo_smoke runs the binary of its own build tree (say, build/asan).
readonly syncline=${SYNCLINE_DEMO_BINARY:-build/dev/app/syncline/syncline}
readonly console=build/dev/app/console/syncline-console
readonly pipeline_file=.demo/shop-replica.yaml
readonly first_port=54320

usage() {
    cat <<EOF
usage: packaging/demo.sh [--headless] [--kafka] [--reset] [--no-build] [--duration N]

Streams changes between two local PostgreSQL servers with syncline:
the source database shop (10,000 customers, 50,000 orders and a write workload)
into the target database shop_replica, watched in the console syncline-console.
Everything lives in .demo/; closing the console or Ctrl-C stops it all.

options:
  --headless     no console: run the pipeline with `syncline run` in this terminal
  --kafka        stream through the pipeline's embedded Kafka broker (browse it on the Topics page)
  --reset        delete .demo/ first: new servers, new data, a new initial snapshot
  --no-build     skip packaging/setup-debian.sh and the build (use the existing binaries)
  --duration N   stop by itself after N seconds
  -h, --help     this text

environment:
  SYNCLINE_DEMO_BINARY  the syncline binary for --headless --no-build (default build/dev/app/syncline/syncline)
EOF
}

say() {
    echo "demo: $*"
}

fail() {
    echo "demo: $*" >&2
    exit 1
}

reset=false
build=true
headless=false
transport='type: direct'
duration=
while [[ $# -gt 0 ]]; do
    case $1 in
    --headless) headless=true ;;
    --kafka) transport=$'type: kafka\n  brokers: embedded' ;;
    --reset) reset=true ;;
    --no-build) build=false ;;
    --duration)
        [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || { echo "demo: --duration needs a number of seconds" >&2; exit 2; }
        duration=$2
        shift
        ;;
    -h | --help) usage; exit 0 ;;
    *) echo "demo: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

if ! $headless && [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
    cat >&2 <<EOF
demo: no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so the console cannot open.
      packaging/demo.sh --headless        runs the pipeline in this terminal instead
      xvfb-run -a packaging/demo.sh       runs the console on a virtual display
EOF
    exit 2
fi

# Two demos sharing .demo/ would stop each other's servers.
exec {lock_fd}<"${BASH_SOURCE[0]}"
flock -n "$lock_fd" || fail "another packaging/demo.sh is running in this checkout"

# --- setup and build ------------------------------------------------------------------------

setup_and_build() {
    packaging/setup-debian.sh
    local targets=(syncline)
    $headless || targets+=(syncline-console)
    say "building ${targets[*]} (cmake --preset dev, then --build)"
    cmake --preset dev >/dev/null
    cmake --build --preset dev --target "${targets[@]}"
}

# --- PostgreSQL clusters ---------------------------------------------------------------------

# PostgreSQL refuses to run as root.
as_postgres() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

port_in_use() {
    (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The first port from $1 (default first_port) nothing listens on.
free_port() {
    local port=${1:-$first_port}
    while port_in_use "$port"; do
        ((port += 1))
    done
    echo "$port"
}

cluster_running() {
    [[ -f $demo_dir/$1/PG_VERSION ]] && as_postgres "$pg_bin/pg_ctl" status -D "$demo_dir/$1" >/dev/null 2>&1
}

declare -A ports=()

init_cluster() {
    local name=$1
    say "creating the $name server in .demo/$name"
    as_postgres "$pg_bin/initdb" -D "$demo_dir/$name" -U postgres --auth=trust \
        --encoding=UTF8 --no-locale >"$demo_dir/$name-initdb.log" 2>&1 ||
        fail "initdb failed; see .demo/$name-initdb.log"
    echo "include 'demo.conf'" >>"$demo_dir/$name/postgresql.conf"
}

# Sets ports[$name]. The port is probed on every start: the last one may be taken by now.
start_cluster() {
    local name=$1 data=$demo_dir/$1
    if cluster_running "$name"; then
        ports[$name]=$(sed -n 4p "$data/postmaster.pid")
        say "the $name server is already running on port ${ports[$name]}"
        return
    fi
    local port=$((first_port - 1)) attempt socket_dir=$demo_dir/sockets
    # A unix socket path longer than 107 bytes is an error: go TCP-only in deep checkouts.
    ((${#socket_dir} + 20 < 107)) || socket_dir=
    # Another program may take the port between the probe and the server's bind: try the next.
    for attempt in 1 2 3 4 5; do
        port=$(free_port $((port + 1)))
        cat >"$data/demo.conf" <<EOF
# Written by packaging/demo.sh on every start.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$socket_dir'
wal_level = logical
timezone = 'UTC'
EOF
        [[ $EUID -ne 0 ]] || chown postgres: "$data/demo.conf"
        # {lock_fd}<&-: the server must not hold the demo's lock.
        if as_postgres "$pg_bin/pg_ctl" start -D "$data" -l "$demo_dir/$name.log" -w -t 60 >/dev/null {lock_fd}<&-; then
            ports[$name]=$port
            say "started the $name server on port $port"
            return
        fi
        tail -n 5 "$demo_dir/$name.log" | grep -q 'Address already in use' || break
        say "port $port was taken meanwhile (attempt $attempt); trying the next"
    done
    fail "the $name server did not start; see .demo/$name.log"
}

stop_cluster() {
    local name=$1
    if cluster_running "$name"; then
        as_postgres "$pg_bin/pg_ctl" stop -D "$demo_dir/$name" -m fast -w -t 60 >/dev/null ||
            echo "demo: could not stop the $name server (pg_ctl stop -D .demo/$name)" >&2
    fi
}

remove_demo_dir() {
    stop_cluster source
    stop_cluster target
    rm -rf "$demo_dir"
}

dsn() {
    echo "host=127.0.0.1 port=${ports[$1]} dbname=$2 user=postgres"
}

sql() {
    psql -X -q -v ON_ERROR_STOP=1 "$(dsn "$1" "$2")" "${@:3}"
}

create_sample_data() {
    say "creating database shop: 10,000 customers, 50,000 orders"
    sql source postgres -c 'CREATE DATABASE shop'
    sql source shop <<'SQL'
CREATE TABLE public.customers (
    id bigint PRIMARY KEY,
    name text,
    email text,
    country text,
    created_at timestamptz DEFAULT now()
);
CREATE TABLE public.orders (
    id bigint PRIMARY KEY,
    customer_id bigint,
    total numeric(12,2),
    status text,
    items jsonb,
    placed_at timestamptz DEFAULT now()
);
-- The workload's order numbers.
CREATE SEQUENCE public.demo_order_id START 50001;

INSERT INTO public.customers (id, name, email, country, created_at)
SELECT i,
       (ARRAY['Zoë', 'José', 'Łukasz', 'Søren', 'Anaïs', 'Björn', 'Ngozi', 'Hiroshi',
              'Priya', 'Олег', 'Μαρία', '美咲', 'Fatma', 'Kwame', 'Siobhán', 'Ahmed'])[1 + i % 16]
       || ' ' ||
       (ARRAY['Müller', 'García', 'Nowak', 'Øster', 'Dubois', 'Okafor', 'Tanaka', 'Sharma',
              'Иванов', 'Παπαδοπούλου', 'Yılmaz', 'Mensah', 'Ó Briain', 'Haddad', 'Silva',
              'Lindqvist', 'Kowalczyk'])[1 + i % 17],
       'customer' || i || '@example.com',
       (ARRAY['DE', 'ES', 'PL', 'DK', 'FR', 'NG', 'JP', 'IN', 'UA', 'GR', 'TR', 'GH', 'IE',
              'LB', 'BR', 'SE'])[1 + i % 16],
       now() - (i || ' hours')::interval
FROM generate_series(1, 10000) AS i;

INSERT INTO public.orders (id, customer_id, total, status, items, placed_at)
SELECT i,
       1 + (i * 7919) % 10000,
       round((5 + random() * 495)::numeric, 2),
       (ARRAY['pending', 'paid', 'shipped', 'delivered', 'cancelled'])[1 + i % 5],
       jsonb_build_array(
           jsonb_build_object('sku', 'SKU-' || i % 500, 'qty', 1 + i % 3),
           jsonb_build_object('sku', 'SKU-' || (i * 31) % 500, 'qty', 1)),
       now() - ((50000 - i) || ' minutes')::interval
FROM generate_series(1, 50000) AS i;

ANALYZE public.customers, public.orders;
SQL
    say "creating the empty database shop_replica"
    sql target postgres -c 'CREATE DATABASE shop_replica'
}

# --- pipeline file ---------------------------------------------------------------------------

write_pipeline_file() {
    cat >"$pipeline_file" <<EOF
# Written by packaging/demo.sh on every start (the server ports may change between runs).
pipeline: shop-replica
source:
  type: postgres
  dsn: "$(dsn source shop)"
  slot: syncline_shop
  publication: syncline_shop
  tables: [public.customers, public.orders]
  snapshot: initial
transport:
  $transport
sinks:
  - name: replica
    type: postgres
    dsn: "$(dsn target shop_replica)"
    create_tables: true
# The copy is compared with the source once it streams, then hourly (Pipelines page: Verified).
verify:
  every: 1h
  max_rows_per_second: 50000
EOF
}

# --- workload --------------------------------------------------------------------------------

workload_pid=

# One transaction every ~50 ms: a new order, often a status change, now and then a new email
# or a deleted order. Prints SQL for one long-lived psql.
workload_sql() {
    while [[ -e $demo_dir/workload.run ]] && kill -0 "$$" 2>/dev/null; do
        echo "BEGIN;"
        echo "INSERT INTO orders (id, customer_id, total, status, items)
              VALUES (nextval('demo_order_id'), 1 + floor(random() * 10000)::bigint,
                      round((5 + random() * 495)::numeric, 2), 'pending',
                      jsonb_build_array(jsonb_build_object('sku', 'SKU-' || floor(random() * 500),
                                                           'qty', 1 + floor(random() * 3))));"
        if ((RANDOM % 2 == 0)); then
            echo "UPDATE orders SET status = (ARRAY['paid', 'shipped', 'delivered'])[1 + floor(random() * 3)::int]
                  WHERE id = (SELECT floor(random() * max(id))::bigint + 1 FROM orders);"
        fi
        if ((RANDOM % 10 == 0)); then
            echo "UPDATE customers SET email = 'customer' || id || '+' || floor(random() * 1000) || '@example.com'
                  WHERE id = 1 + floor(random() * 10000)::bigint;"
        fi
        if ((RANDOM % 20 == 0)); then
            echo "DELETE FROM orders WHERE id = (SELECT floor(random() * max(id))::bigint + 1 FROM orders);"
        fi
        echo "COMMIT;"
        sleep 0.05
    done
}

start_workload() {
    touch "$demo_dir/workload.run"
    # Errors (say, while a server stops) go to the log, not between syncline's lines.
    workload_sql {lock_fd}<&- | psql -X -q "$(dsn source shop)" >/dev/null 2>>"$demo_dir/workload.log" {lock_fd}<&- &
    workload_pid=$!
}

stop_workload() {
    [[ -n $workload_pid ]] || return 0
    rm -f "$demo_dir/workload.run"
    wait "$workload_pid" 2>/dev/null || true
    workload_pid=
}

# --- syncline --------------------------------------------------------------------------------

syncline_pid=
signalled=false

# What runs the pipeline: the console, or with --headless the runner in this terminal.
runner_command() {
    if $headless; then
        echo "$syncline run $pipeline_file"
    else
        echo "$console --start $pipeline_file"
    fi
}

stop_hint() {
    if $headless; then
        echo "Ctrl-C stops syncline"
    else
        echo "Closing the console window or Ctrl-C stops the pipeline"
    fi
}

print_banner() {
    cat <<EOF

  Source server  .demo/source (log .demo/source.log)
      psql "$(dsn source shop)"
  Target server  .demo/target (log .demo/target.log)
      psql "$(dsn target shop_replica)"
  A write workload keeps adding orders to the source.

  From another terminal in $repo, the pipeline's state:
      $syncline status $pipeline_file

  Running $(runner_command)
  ${duration:+It stops by itself after $duration seconds. }$(stop_hint), the workload and both servers.

EOF
}

# Returns the exit status of syncline (or of the console).
run_syncline() {
    local command
    read -r -a command <<<"$(runner_command)"
    "${command[@]}" {lock_fd}<&- &
    syncline_pid=$!
    local status
    # A trapped signal ends `wait` early; on_signal has forwarded it, so wait again.
    while true; do
        signalled=false
        status=0
        wait "$syncline_pid" || status=$?
        $signalled || break
    done
    syncline_pid=
    return "$status"
}

# A graceful stop applies what syncline has read, not what the source committed after: give it
# up to 15 s to confirm the slot past the workload's last commit, so that the copies compare
# equal at the end.
wait_for_catch_up() {
    local end
    end=$(sql source shop -At -c 'SELECT pg_current_wal_lsn()' 2>/dev/null) || return 0
    for _ in $(seq 150); do
        kill -0 "$syncline_pid" 2>/dev/null || return 0
        [[ $(sql source shop -At -c "SELECT confirmed_flush_lsn >= '$end' FROM pg_replication_slots
                                     WHERE slot_name = 'syncline_shop'" 2>/dev/null) == t ]] && return 0
        sleep 0.1
    done
}

# The terminal sends Ctrl-C's SIGINT to syncline as well; a SIGTERM or the --duration timer only
# reaches this script. Either way the workload stops first, then syncline.
on_signal() {
    signalled=true
    if [[ -z $syncline_pid ]]; then
        exit 130
    fi
    stop_workload
    wait_for_catch_up
    kill -INT "$syncline_pid" 2>/dev/null || true
}

# --- main ------------------------------------------------------------------------------------

timer_pid=
clusters_started=false

cleanup() {
    local status=$?
    trap '' INT TERM HUP
    # Stop the servers even when the terminal is gone and every echo fails.
    set +e
    [[ -z $timer_pid ]] || kill "$timer_pid" 2>/dev/null || true
    stop_workload
    if [[ -n $syncline_pid ]]; then
        kill -INT "$syncline_pid" 2>/dev/null || true
        wait "$syncline_pid" || true
    fi
    if $clusters_started; then
        say "stopping the servers"
        stop_cluster source
        stop_cluster target
        echo
        if [[ -e $demo_dir/ready ]]; then
            echo "  Run packaging/demo.sh again to go on where this run stopped;"
            echo "  packaging/demo.sh --reset starts over with new data."
        else
            echo "  The setup did not finish; packaging/demo.sh starts it over."
        fi
    fi
    exit "$status"
}

# One md5 over every row of both shop tables in key order, with timestamps in UTC: the same on
# both sides exactly when the replica holds the same data.
readonly checksum_sql="SELECT md5(string_agg(line, E'\\n' ORDER BY tab, id)) FROM (
    SELECT 'customers' AS tab, id, c::text AS line FROM customers c
    UNION ALL SELECT 'orders', id, o::text FROM orders o) AS shop_rows"

report_replica() {
    local source_orders target_orders source_sum target_sum
    source_orders=$(sql source shop -At -c 'SELECT count(*) FROM orders') || return 0
    target_orders=$(sql target shop_replica -At -c 'SELECT count(*) FROM orders' 2>/dev/null) || return 0
    say "orders: $source_orders in shop, $target_orders in shop_replica"
    source_sum=$(PGTZ=UTC sql source shop -At -c "$checksum_sql") || return 0
    target_sum=$(PGTZ=UTC sql target shop_replica -At -c "$checksum_sql" 2>/dev/null) || return 0
    say "checksum of customers and orders: $source_sum in shop, $target_sum in shop_replica"
    if [[ $source_sum != "$target_sum" ]]; then
        say "the rest is still in the replication slot; the next run applies it"
    fi
}

main() {
    trap cleanup EXIT
    trap on_signal INT TERM HUP

    if $build; then
        setup_and_build
    fi
    [[ -x $syncline ]] || fail "$syncline is missing; run without --no-build"
    $headless || [[ -x $console ]] || fail "$console is missing; run without --no-build"
    [[ -x $pg_bin/initdb ]] || fail "$pg_bin/initdb is missing; run packaging/setup-debian.sh"

    if $reset && [[ -d $demo_dir ]]; then
        say "--reset: deleting .demo"
        remove_demo_dir
    fi
    # The marker is written once the sample data is in: without it the first run was interrupted.
    if [[ -d $demo_dir && ! -e $demo_dir/ready ]]; then
        say "the last setup did not finish; starting over"
        remove_demo_dir
    fi

    local fresh=false
    if [[ ! -d $demo_dir ]]; then
        fresh=true
        mkdir -p "$demo_dir/sockets"
        if [[ $EUID -eq 0 ]]; then
            chown -R postgres: "$demo_dir"
            runuser -u postgres -- test -w "$demo_dir" ||
                fail "the postgres user cannot write to $demo_dir (check the permissions of its parents)"
        fi
        init_cluster source
        init_cluster target
    fi
    clusters_started=true
    start_cluster source
    start_cluster target
    if $fresh; then
        create_sample_data
        touch "$demo_dir/ready"
    else
        say "reusing the servers and data in .demo (packaging/demo.sh --reset starts over)"
    fi
    write_pipeline_file
    start_workload
    print_banner

    if [[ -n $duration ]]; then
        # TERM, not INT: a shell started in the background ignores SIGINT.
        (sleep "$duration" && kill -TERM "$$") </dev/null >/dev/null 2>&1 {lock_fd}<&- &
        timer_pid=$!
    fi
    local status=0
    run_syncline || status=$?
    stop_workload
    if [[ $status -eq 0 ]]; then
        report_replica
    else
        say "syncline exited with status $status"
    fi
    return "$status"
}

main
