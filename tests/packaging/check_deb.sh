#!/usr/bin/env bash
# Packages the build (CPack, as packaging/build-deb.sh does), unpacks each .deb into a scratch
# root with dpkg -x, and checks that every file is where Debian and the desktop look for it and
# that the binaries run from there.
#   tests/packaging/check_deb.sh <build directory>
set -euo pipefail
build=$(cd "${1:?usage: check_deb.sh <build directory>}" && pwd)
scratch=$(mktemp -d -t syncline-deb.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

cpack --config "$build/CPackConfig.cmake" -B "$scratch/out" -D CPACK_DEBIAN_COMPRESSION_TYPE=gzip \
    >"$scratch/cpack.log" 2>&1 || { cat "$scratch/cpack.log"; fail "cpack"; exit 1; }
runner=$(ls "$scratch"/out/syncline_*.deb)
console=$(ls "$scratch"/out/syncline-console_*.deb)
root=$scratch/root
dpkg -x "$runner" "$root"
dpkg -x "$console" "$root"

field() { dpkg-deb -f "$1" "$2"; }
[[ $(field "$runner" Package) == syncline ]] && pass "runner package is syncline" || fail "runner package name"
[[ $(field "$console" Package) == syncline-console ]] && pass "console package is syncline-console" || fail "console package name"
field "$runner" Depends | grep libpq5 >/dev/null && pass "runner depends on libpq5" || fail "runner Depends lacks libpq5: $(field "$runner" Depends)"
field "$runner" Depends | grep -i qt >/dev/null && fail "the runner package depends on Qt: $(field "$runner" Depends)" || pass "runner does not depend on Qt"
field "$console" Depends | grep libqt6widgets6 >/dev/null && pass "console depends on Qt widgets" || fail "console Depends: $(field "$console" Depends)"
dpkg-deb -I "$runner" postinst | grep "adduser --system" >/dev/null && pass "postinst creates the syncline user" || fail "postinst"

expect_runner=(
    usr/bin/syncline
    usr/lib/systemd/system/syncline@.service
    usr/share/man/man1/syncline.1.gz
    usr/share/doc/syncline/examples/shop-replica.yaml
)
for command in run validate status snapshot verify repair connectors dlq; do
    expect_runner+=("usr/share/man/man1/syncline-$command.1.gz")
done
expect_console=(
    usr/bin/syncline-console
    usr/share/applications/org.syncline.Console.desktop
    usr/share/metainfo/org.syncline.Console.metainfo.xml
    usr/share/icons/hicolor/scalable/apps/syncline.svg
)
for size in 16 22 24 32 48 64 128 256 512; do
    expect_console+=("usr/share/icons/hicolor/${size}x${size}/apps/syncline.png")
done
dpkg-deb -c "$runner" >"$scratch/runner.list"
dpkg-deb -c "$console" >"$scratch/console.list"
for file in "${expect_runner[@]}"; do
    grep -q " \./$file\$" "$scratch/runner.list" && pass "$file in syncline" || fail "$file missing from syncline"
done
for file in "${expect_console[@]}"; do
    grep -q " \./$file\$" "$scratch/console.list" && pass "$file in syncline-console" || fail "$file missing from syncline-console"
done

version=$("$root/usr/bin/syncline" --version) && [[ $version == "syncline "* ]] &&
    pass "syncline --version: $version" || fail "syncline --version"
QT_QPA_PLATFORM=offscreen "$root/usr/bin/syncline-console" --version >/dev/null 2>&1 &&
    pass "syncline-console --version runs" || fail "syncline-console --version"
ldd "$root/usr/bin/syncline" | grep -i libQt >/dev/null && fail "syncline links Qt" || pass "syncline links no Qt"

for page in "$root"/usr/share/man/man1/*.1.gz; do
    warnings=$(zcat "$page" | groff -man -Tutf8 -ww -z 2>&1)
    [[ -z $warnings ]] && pass "$(basename "$page") renders" || fail "$(basename "$page"): $warnings"
done
zcat "$root/usr/share/man/man1/syncline-verify.1.gz" | grep -c "max\\\\-rows\\\\-per\\\\-second" >/dev/null &&
    pass "syncline-verify(1) lists --max-rows-per-second" || fail "syncline-verify(1) lacks its options"

unit=$root/usr/lib/systemd/system/syncline@.service
for setting in "User=syncline" "Restart=on-failure" "ProtectSystem=strict" "NoNewPrivileges=yes" \
    "StateDirectory=syncline/%i" "ExecStart=/usr/bin/syncline run /etc/syncline/%i.yaml"; do
    grep -qx "$setting" "$unit" && pass "unit: $setting" || fail "unit lacks $setting"
done
if command -v systemd-analyze >/dev/null; then
    cp "$unit" "$scratch/syncline@check.service"
    out=$(systemd-analyze security --offline=yes --threshold=25 "$scratch/syncline@check.service" 2>&1) &&
        pass "systemd-analyze security: $(grep -o 'exposure level.*' <<<"$out")" ||
        fail "the unit's exposure is above 2.5: $out"
fi
if command -v desktop-file-validate >/dev/null; then
    out=$(desktop-file-validate "$root/usr/share/applications/org.syncline.Console.desktop" 2>&1) &&
        pass "desktop-file-validate" || fail "desktop-file-validate: $out"
fi
if command -v appstreamcli >/dev/null; then
    out=$(appstreamcli validate --no-net "$root/usr/share/metainfo/org.syncline.Console.metainfo.xml" 2>&1) &&
        pass "appstreamcli validate" || fail "appstreamcli validate: $out"
fi

echo "$failures failure(s)"
[[ $failures -eq 0 ]]
