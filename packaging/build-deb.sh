#!/usr/bin/env bash
# Builds the Debian packages syncline and syncline-console (packaging/CMakeLists.txt says what is
# in each) from a Release build without tests or failpoints, into build/release.
#   packaging/build-deb.sh            configure and build build/release, then package it
#   packaging/build-deb.sh <dir>      package an existing build directory instead
# Install with: sudo apt install ./build/release/syncline_*.deb ./build/release/syncline-console_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:-}
if [[ -z $build ]]; then
    build=build/release
    cmake --preset release >/dev/null
    cmake --build --preset release
fi
[[ -f $build/CPackConfig.cmake ]] || { echo "build-deb.sh: $build is not a configured build directory" >&2; exit 2; }
cmake --build "$build" --target man_pages
(cd "$build" && cpack -G DEB -C Release >/dev/null)
ls -1 "$build"/*.deb
