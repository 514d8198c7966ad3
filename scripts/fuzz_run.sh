#!/usr/bin/env bash
# Run libFuzzer targets one after the other and report, per target, executions per second
# and coverage (libFuzzer's final cov: edges and ft: features). Used by make fuzz.
#
# Usage: scripts/fuzz_run.sh <seconds> <build-dir> <fuzz-src-dir> <target-binary>...
#   Seeds come from <fuzz-src-dir>/corpus/<target>/ (read only); new inputs go to
#   <build-dir>/corpus/<target>/, kept between runs; a crash, leak or timeout input goes to
#   <build-dir>/artifacts/<target>/, the whole output to <build-dir>/logs/<target>.log.
#   Extra libFuzzer flags per target: <fuzz-src-dir>/<target>.options (one line).
# Exit 1 if any target failed (its report is printed), 0 otherwise.
set -uo pipefail

if (( $# < 4 )); then
    echo "usage: ${0##*/} <seconds> <build-dir> <fuzz-src-dir> <binary>..." >&2
    exit 2
fi
secs=$1 build=$2 src=$3
shift 3

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
rows=()
for bin in "$@"; do
    name=${bin##*/}
    corpus=$build/corpus/$name
    artifacts=$build/artifacts/$name
    log=$build/logs/$name.log
    mkdir -p "$corpus" "$artifacts" "${log%/*}"
    opts=()
    [[ -f $src/$name.options ]] && read -r -a opts <"$src/$name.options"
    echo "== $name: ${secs} s (log: ${log#"$PWD"/})"
    touch "$log.start" # what this run adds to the artifacts is newer
    # (The outer redirection keeps bash's own "Aborted" notice out of the report.)
    { "$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=25 \
        -artifact_prefix="$artifacts/" "${opts[@]}" "$corpus" "$src/corpus/$name" >"$log" 2>&1; } \
        2>/dev/null
    rc=$?
    # The last status line: "#N DONE cov: C ft: F corp: ..." (or the last one before a crash).
    status=$(grep -E '^#[0-9]+[[:space:]]+[A-Z]+[[:space:]]+cov:' "$log" | tail -n 1)
    cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$status")
    ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$status")
    execs=$(sed -nE 's/^stat::average_exec_per_sec:[[:space:]]*([0-9]+)/\1/p' "$log")
    runs=$(sed -nE 's/^stat::number_of_executed_units:[[:space:]]*([0-9]+)/\1/p' "$log")
    verdict=ok
    if (( rc != 0 )); then
        verdict=FAILED
        failed+=("$name")
        echo "-- $name failed (exit $rc); the end of its report:"
        grep -vE '^#[0-9]+[[:space:]]' "$log" | tail -n 40
        find "$artifacts" -type f -newer "$log.start" | sed 's|^|   input: |'
    fi
    rows+=("$(printf '%-14s %10s %10s %8s %8s   %s' "$name" "${runs:--}" "${execs:--}" \
        "${cov:--}" "${ft:--}" "$verdict")")
done

echo "== fuzzing, ${secs} s per target"
printf '%-14s %10s %10s %8s %8s   %s\n' target runs exec/s cov ft result
printf '%s\n' "${rows[@]}"
if (( ${#failed[@]} > 0 )); then
    echo "== fuzzing FAILED: ${failed[*]} (inputs in $build/artifacts/; replay one with:" \
         "<binary> <input>)" >&2
    exit 1
fi
