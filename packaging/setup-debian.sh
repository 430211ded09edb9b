#!/usr/bin/env bash
# Installs what a fresh Debian 12 (bookworm) machine needs to build, test and package Syncline.
# Run as root, or as a user with sudo. Re-running is cheap: when every package is installed
# already, apt is not touched at all.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config git clang-format
    clang libclang-rt-14-dev  # libFuzzer for the fuzz preset (tests/fuzz/run.sh)
    libpq-dev libyaml-cpp-dev librdkafka-dev libsqlite3-dev libssl-dev libhiredis-dev
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-l10n-tools libgl-dev
    libqt6opengl6-dev libxkbcommon-dev kcat
    postgresql-15 postgresql-client-15
    mariadb-server libmariadb-dev  # the MySQL/MariaDB source and its test server
    libcurl4-openssl-dev  # the http sink
    prometheus-cpp-dev  # the metrics endpoint (syncline run --metrics)
    redis-server openssl  # the Redis sink's test server, and certificates for its TLS test
    xvfb xauth imagemagick
    dpkg-dev file groff-base appstream desktop-file-utils  # packaging/build-deb.sh and its test
)

fail() {
    echo "setup-debian.sh: $*" >&2
    exit 1
}

missing=()
installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${packages[@]}" 2>/dev/null || true)
for package in "${packages[@]}"; do
    grep -qx "$package installed" <<<"$installed" || missing+=("$package")
done

sudo=()
if [[ ${#missing[@]} -gt 0 || -z "$(getent passwd postgres)" ]] && [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null || fail "not root and sudo is not installed; run this script as root"
    sudo=(sudo)
fi

if [[ ${#missing[@]} -gt 0 ]]; then
    command -v apt-get >/dev/null || fail "apt-get not found: this script is for Debian 12"
    echo "setup-debian.sh: installing ${missing[*]}"
    log=$(mktemp -t syncline-setup.XXXXXX.log)
    apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y
         -o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0)
    if ! "${apt[@]}" update >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        fail "apt-get update failed (full log: $log)"
    fi
    if ! "${apt[@]}" install --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
        tail -n 30 "$log" >&2
        fail "apt-get install failed (full log: $log)"
    fi
    rm -f "$log"
fi

# The test harness runs PostgreSQL as `postgres` when started as root. The postgresql package
# creates this user; make sure of it in case the packages came from elsewhere.
if [[ -z "$(getent passwd postgres)" ]]; then
    "${sudo[@]}" useradd --system --user-group --home-dir /var/lib/postgresql \
        --shell /bin/bash postgres || fail "cannot create the postgres user"
fi

[[ -x /usr/lib/postgresql/15/bin/initdb ]] ||
    fail "/usr/lib/postgresql/15/bin/initdb is missing although postgresql-15 is installed"
