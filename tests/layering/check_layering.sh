#!/usr/bin/env bash
# Fails when a core module includes a header of a module it must not depend on: dependencies run
# one way (README, "How it works": Connectors). Each rule: a folder under core/, and the
# include prefixes its files may not use.
set -euo pipefail
core="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../core" && pwd)"

rules=(
    "model:util/ pg/ config/ connector/ source/ sink/ transport/ dlq/ pipeline/ verify/ codec/ schema/ snapshot/ metrics/"
    "util:model/ pg/ config/ connector/ source/ sink/ transport/ dlq/ pipeline/ verify/ codec/ schema/ snapshot/ metrics/"
    "pg:model/ config/ connector/ source/ sink/ transport/ dlq/ pipeline/ verify/ codec/ schema/ snapshot/ metrics/"
    "connector:pg/ source/ sink/ transport/ dlq/ pipeline/ verify/ codec/"
    "source:sink/ transport/ dlq/ pipeline/ verify/ codec/"
    "sink:source/ transport/ dlq/ pipeline/ verify/ codec/"
    "transport:source/ sink/ pipeline/ verify/"
    "dlq:source/ sink/ transport/ pipeline/ verify/"
    "alerts:pg/ connector/ source/ sink/ transport/ dlq/ pipeline/ verify/ codec/ schema/ snapshot/"
    "transform:source/ sink/ transport/ dlq/ pipeline/ verify/ snapshot/ codec/"
)

failed=0
for rule in "${rules[@]}"; do
    module=${rule%%:*}
    for prefix in ${rule#*:}; do
        while IFS= read -r hit; do
            echo "layering: $hit (core/$module may not include $prefix)" >&2
            failed=1
        done < <(grep -rn --include='*.h' --include='*.cpp' "^#include \"$prefix" "$core/$module" |
                 sed "s|^$core/|core/|" || true)
    done
done
if [[ $failed -eq 0 ]]; then
    echo "layering: every module of core/ includes only what it may"
fi
exit $failed
