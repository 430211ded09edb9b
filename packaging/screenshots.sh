#!/usr/bin/env bash
# The README's console screenshots: the demo's servers and workload (packaging/demo.sh
# --headless, which also runs shop-replica), three more pipelines against them (two streaming,
# one whose source is down), shown by tests/tools/console_screenshot in Xvfb at each size in a
# light and a dark palette, captured with `import -window root`.
#   packaging/screenshots.sh [seconds to let the charts fill, default 120]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly wait_s=${1:-120}
readonly tool=build/dev/tests/tools/console_screenshot
readonly out=resources/screenshots
[[ -x $tool ]] || { echo "build it first: cmake --build --preset dev --target console_screenshot syncline" >&2; exit 2; }

packaging/demo.sh --headless --no-build --duration $((wait_s * 5 + 300)) >/tmp/screenshots-demo.log 2>&1 &
demo_pid=$!
pids=()
descendants() {
    local child
    for child in $(pgrep -P "$1"); do
        echo "$child"
        descendants "$child"
    done
}
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    # The demo stops its workload and servers once its `syncline run` ends: Ctrl-C that one.
    for pid in $(descendants "$demo_pid"); do
        [[ $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) == *"syncline run"* ]] &&
            kill -INT "$pid" 2>/dev/null || true
    done
    wait "$demo_pid" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 120); do
    grep -q "streaming from slot" /tmp/screenshots-demo.log 2>/dev/null && break
    sleep 1
done
grep -q "streaming from slot" /tmp/screenshots-demo.log || { cat /tmp/screenshots-demo.log; exit 1; }
source_port=$(sed -n 's/.*dsn: "host=127.0.0.1 port=\([0-9]*\) dbname=shop .*/\1/p' .demo/shop-replica.yaml | head -1)
target_port=$(sed -n 's/.*dsn: "host=127.0.0.1 port=\([0-9]*\) dbname=shop_replica.*/\1/p' .demo/shop-replica.yaml | head -1)
for db in shop_archive shop_analytics shop_warehouse; do
    psql -X -q "host=127.0.0.1 port=$target_port dbname=postgres user=postgres" \
        -c "CREATE DATABASE $db" 2>/dev/null || true
done
pipeline() { # name slot sinks...
    local name=$1 slot=$2
    shift 2
    {
        echo "pipeline: $name"
        echo "source:"
        echo "  type: postgres"
        echo "  dsn: \"host=127.0.0.1 port=$source_port dbname=shop user=postgres\""
        echo "  slot: $slot"
        echo "  publication: $slot"
        echo "  tables: [public.customers, public.orders]"
        echo "sinks:"
        for sink in "$@"; do
            echo "  - name: ${sink%%=*}"
            echo "    type: postgres"
            echo "    dsn: \"host=127.0.0.1 port=$target_port dbname=${sink#*=} user=postgres\""
            echo "    create_tables: true"
        done
        echo "state_dir: .syncline/$name"
    } >".demo/$name.yaml"
}
pipeline shop-archive syncline_archive archive=shop_archive
pipeline shop-analytics syncline_analytics analytics=shop_analytics warehouse=shop_warehouse
cat >.demo/billing.yaml <<YAML
pipeline: billing
source:
  type: postgres
  dsn: "host=127.0.0.1 port=1 dbname=billing user=postgres connect_timeout=2"
  slot: syncline_billing
  tables: [public.invoices]
sinks:
  - name: ledger
    type: postgres
    dsn: "host=127.0.0.1 port=$target_port dbname=shop_archive user=postgres"
alerts:
  retrying_for: 30s
YAML

shot() { # size palette file
    local size=$1 palette=$2 file=$3 display=:$((90 + RANDOM % 9))
    Xvfb "$display" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
    local xvfb=$!
    pids+=("$xvfb")
    sleep 1
    local args=(--select shop-analytics)
    [[ $palette == dark ]] && args+=(--dark)
    DISPLAY=$display QT_QPA_PLATFORM=xcb "$tool" "${args[@]}" .demo/shop-archive.yaml \
        .demo/shop-analytics.yaml .demo/billing.yaml >/tmp/screenshots-console.log 2>&1 &
    local console=$!
    pids+=("$console")
    sleep "$wait_s"
    DISPLAY=$display import -window root "$file"
    echo "wrote $file"
    kill "$console"
    wait "$console" 2>/dev/null || true
    kill "$xvfb"
    wait "$xvfb" 2>/dev/null || true
}
shot 1280x800 light "$out/overview-1280x800-light.png"
shot 1920x1080 dark "$out/overview-1920x1080-dark.png"
shot 1280x800 dark "$out/overview-1280x800-dark.png"
shot 1920x1080 light "$out/overview-1920x1080-light.png"
