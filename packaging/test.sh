#!/usr/bin/env bash
# The README's test command: installs what is missing, builds the dev preset (build/dev, Ninja)
# and runs every test. Exits with ctest's status. Tests run one at a time: integration tests
# start their own PostgreSQL servers.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packaging/setup-debian.sh
packaging/check-format.sh
cmake --preset dev
cmake --build --preset dev
exec ctest --preset dev --output-on-failure --no-tests=error
