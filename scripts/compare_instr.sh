#!/usr/bin/env bash
# Instructions per operation of the same benchmark in two builds, and their ratio.
#   scripts/compare_instr.sh <label A> <bench A> <label B> <bench B>
set -eu
here=$(dirname "$0")
a=$("$here/callgrind_per_op.sh" "$2")
b=$("$here/callgrind_per_op.sh" "$4")
printf '%-20s %12s %12s %8s\n' operation "$1" "$3" "$3/$1"
join <(echo "$a" | awk '{print $1, $2}' | sort) <(echo "$b" | awk '{print $1, $2}' | sort) |
    awk '{printf "%-20s %12d %12d %7.2f%%\n", $1, $2, $3, 100.0 * $3 / $2}'
