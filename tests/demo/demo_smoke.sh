#!/usr/bin/env bash
# The README's demo command, headless (no display here) and for a short while: it must start both
# servers, sync, stop everything, and end with the same data on both sides (one checksum over
# every row of both tables, from packaging/demo.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
output=$(packaging/demo.sh --headless --no-build --duration 20 2>&1) || {
    echo "$output" | tail -n 40
    echo "demo_smoke: packaging/demo.sh failed" >&2
    exit 1
}
pattern='^demo: checksum of customers and orders: ([0-9a-f]{32}) in shop, ([0-9a-f]{32}) in shop_replica$'
line=$(grep -E "$pattern" <<<"$output") || {
    echo "$output" | tail -n 40
    echo "demo_smoke: the demo did not report the checksums of its tables" >&2
    exit 1
}
[[ $line =~ $pattern ]]
if [[ ${BASH_REMATCH[1]} != "${BASH_REMATCH[2]}" ]]; then
    echo "$output" | tail -n 40
    echo "demo_smoke: shop and shop_replica differ" >&2
    exit 1
fi
grep -E '^demo: orders: ' <<<"$output" | sed 's/^/demo_smoke: /'
echo "demo_smoke: $line"
