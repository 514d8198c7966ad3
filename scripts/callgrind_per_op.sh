#!/usr/bin/env bash
# Instructions per operation, counted by callgrind (repeatable on a noisy machine).
#   scripts/callgrind_per_op.sh <bench program>
# The program prints one line "ops <function> <count>" per measured function; callgrind
# collects only inside that function (and what it calls), and the total is divided by count.
set -eu
prog=$1
command -v valgrind >/dev/null || { echo "valgrind missing: run scripts/deps.sh host" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$prog" | awk '$1 == "ops" {print $2, $3}' > "$out/ops"
while read -r fn count; do
    valgrind --tool=callgrind --callgrind-out-file="$out/cg" --toggle-collect="$fn" --toggle-collect="$fn.*" \
        "$prog" >/dev/null 2>"$out/log" || { cat "$out/log" >&2; exit 1; }
    total=$(awk '/^summary:/ {print $2}' "$out/cg")
    printf '%-28s %8d instructions per operation (callgrind, %s operations)\n' \
        "$fn" $(( total / count )) "$count"
done < "$out/ops"
