#!/usr/bin/env bash
# The README's demo command, headless (no display here) and for a short while: it must start both
# servers, sync, stop everything, and end with the same number of orders on both sides.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
output=$(packaging/demo.sh --headless --no-build --duration 20 2>&1) || {
    echo "$output" | tail -n 40
    echo "demo_smoke: packaging/demo.sh failed" >&2
    exit 1
}
line=$(grep -E '^demo: orders: [0-9]+ in shop, [0-9]+ in shop_replica$' <<<"$output") || {
    echo "$output" | tail -n 40
    echo "demo_smoke: the demo did not report its order counts" >&2
    exit 1
}
read -r source target < <(sed -E 's/^demo: orders: ([0-9]+) in shop, ([0-9]+) in shop_replica$/\1 \2/' <<<"$line")
if [[ $source != "$target" ]]; then
    echo "$output" | tail -n 40
    echo "demo_smoke: $source orders in shop but $target in shop_replica" >&2
    exit 1
fi
echo "demo_smoke: $line"
