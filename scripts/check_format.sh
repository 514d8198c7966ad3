#!/usr/bin/env bash
# Check the tracked C sources and headers against .clang-format (clang-format 14) and the
# 100-column limit.
#   scripts/check_format.sh        list the files clang-format would change and the lines
#                                  over 100 columns; exit 1 if any, 0 when clean
#   scripts/check_format.sh --fix  reformat those files in place (long comments and strings
#                                  stay: the column check still reports them)
# Exit 2: clang-format is missing (CLANG_FORMAT=... picks another binary).
set -euo pipefail
cd "$(dirname "$0")/.."

fix=0
case "${1:-}" in
    --fix) fix=1 ;;
    "") ;;
    *) echo "usage: $0 [--fix]" >&2; exit 2 ;;
esac

cf=${CLANG_FORMAT:-clang-format}
if ! command -v "$cf" >/dev/null 2>&1; then
    echo "check_format: $cf not found; install it: sudo apt-get install clang-format" >&2
    exit 2
fi
"$cf" --version | grep -q 'version 14\.' ||
    echo "check_format: .clang-format is tuned for clang-format 14; $("$cf" --version)" >&2

# Tracked C files (every C file outside build/ in a copy that is not a git work tree);
# build/ and fetched dependencies are not ours.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -t files < <(git ls-files -- '*.c' '*.h' ':!:build/**' ':!:deps/**')
else
    mapfile -t files < <(find . -name '*.[ch]' -not -path './build/*' -not -path './deps/*' |
                         sed 's|^\./||' | sort)
fi
[ "${#files[@]}" -gt 0 ] || exit 0

status=0
changed=0
for f in "${files[@]}"; do
    if ! "$cf" --style=file "$f" | cmp -s - "$f"; then
        changed=$((changed + 1))
        if [ "$fix" = 1 ]; then
            "$cf" --style=file -i "$f"
            echo "reformatted: $f"
        else
            echo "not formatted: $f"
            status=1
        fi
    fi
done
if [ "$changed" -gt 0 ] && [ "$fix" = 0 ]; then
    echo "check_format: $changed file(s) differ; see: clang-format FILE | diff FILE -;" \
         "fix: $0 --fix" >&2
fi

# Separate check: no line over 100 columns (clang-format leaves long comments and strings).
if awk 'length($0) > 100 { printf "%s:%d: %d columns\n", FILENAME, FNR, length($0); bad = 1 }
        END { exit bad }' "${files[@]}"; then
    :
else
    echo "check_format: lines over 100 columns (wrap them by hand)" >&2
    status=1
fi
exit "$status"
