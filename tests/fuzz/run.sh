#!/usr/bin/env bash
# Fuzzes each parser for SECONDS (default 60), one target after the other, at low priority, and
# prints each target's executions per second and total executions. Builds the fuzz preset
# (build/fuzz, clang, ASan + UBSan) first. The committed corpus and regression inputs are only
# read: new inputs go to build/fuzz/scratch/<target>, crashes to build/fuzz/crashes/<target>/,
# libFuzzer's output to build/fuzz/logs/<target>.log. Exits 1 when a target found a problem.
# Usage: tests/fuzz/run.sh [seconds] [target...]   (targets: the fuzz_<target>.cpp files)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

seconds=${1:-60}
[[ $seconds =~ ^[0-9]+$ ]] || { echo "usage: tests/fuzz/run.sh [seconds] [target...]" >&2; exit 2; }
shift || true

# The longest input each target gets: a few times its largest realistic input.
declare -A max_len=(
    [pgoutput]=8192 [copy_text]=1024 [json_value]=4096
    [debezium_envelope]=4096 [pipeline_config]=4096 [dlq_import]=4096
)
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] ||
    targets=(pgoutput copy_text json_value debezium_envelope pipeline_config dlq_import)
for target in "${targets[@]}"; do
    [[ -n ${max_len[$target]:-} ]] || { echo "run.sh: unknown target '$target'" >&2; exit 2; }
done

[[ -f build/fuzz/build.ninja ]] || cmake --preset fuzz >/dev/null
nice -n 10 cmake --build --preset fuzz

export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
failed=0
printf '%-18s %12s %15s  %s\n' target execs/s "total execs" result
for target in "${targets[@]}"; do
    scratch=build/fuzz/scratch/$target
    crashes=build/fuzz/crashes/$target/
    log=build/fuzz/logs/$target.log
    mkdir -p "$scratch" "$crashes" build/fuzz/logs
    dict=()
    [[ -f tests/fuzz/$target.dict ]] && dict=(-dict="tests/fuzz/$target.dict")
    status=0
    nice -n 10 "build/fuzz/tests/fuzz/fuzz_$target" -max_total_time="$seconds" \
        -max_len="${max_len[$target]}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$crashes" "${dict[@]}" "$scratch" "tests/fuzz/corpus/$target" \
        "tests/fuzz/regressions/$target" >"$log" 2>&1 || status=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    result=ok
    if [[ $status -ne 0 ]]; then
        failed=1
        result="FAILED: $(grep -m 1 -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" || echo "exit $status") (see $log, $crashes)"
    fi
    printf '%-18s %12s %15s  %s\n' "$target" "${rate:--}" "${execs:--}" "$result"
done
exit $failed
