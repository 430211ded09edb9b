#!/usr/bin/env bash
# Builds and runs the benchmark: two fresh PostgreSQL 15 clusters, built-in logical replication
# and Syncline on identical data. Arguments go to syncline_bench (--quick, --only, --repeat, --json,
# --publish: also tests/bench/results/<date>.json, for the README's figures).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
packaging/setup-debian.sh
cmake --preset dev >/dev/null
cmake --build --preset dev --target syncline syncline_bench
exec build/dev/tests/bench/syncline_bench "$@"
