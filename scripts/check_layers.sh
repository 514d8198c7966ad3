#!/usr/bin/env bash
# Layering check: each folder of the stack includes only its own headers and those of the
# folders the README's layer table allows ("## Layers": | `folder/` | `dep/`, ... |). A layer
# may be a subfolder of another (core0_host/autosar/): its files belong to it, not to the
# folder around it.
#
# Usage: scripts/check_layers.sh [ROOT]   (default: the repository this script is in)
# Prints each offending include as file:line: "header" (from folder/) and exits 1; 0 when
# every include is allowed. Headers are resolved the way the build's -I flags resolve them:
# the including file's own folder first, then each layer folder.
set -euo pipefail

root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"

# The include roots, in the build's -I order.
layers=(shared_mem lock_hw nvm core1_hsm core0_host core0_host/autosar)

# folder -> allowed folders (space separated), from the README's table.
declare -A allowed
while IFS='|' read -r _ folder deps _; do
    folder=$(tr -d ' `' <<<"$folder")
    folder=${folder%/}
    deps=$(tr -d '`' <<<"$deps" | tr ',' ' ' | sed -E 's#/( |$)#\1#g')
    allowed[$folder]="$folder $deps"
done < <(awk '/^## Layers/{on=1; next} /^## /{on=0} on && /^\| `[a-z0-9_\/]+\/`/' README.md)

for l in "${layers[@]}"; do
    [[ -n ${allowed[$l]:-} ]] || { echo "check_layers: README's layer table has no row for $l/" >&2; exit 2; }
done

# The layer a path belongs to: the longest layer folder it is in (empty: none).
layer_of() {
    local f=$1 l best=
    for l in "${layers[@]}"; do
        if [[ $f == "$l" || $f == "$l"/* ]] && [[ ${#l} -gt ${#best} ]]; then
            best=$l
        fi
    done
    echo "$best"
}

# The layer folder that provides header h for a file in directory d (empty: not ours).
provider() {
    local d=$1 h=$2 l
    if [[ -f $d/$h ]]; then
        layer_of "$d"
        return
    fi
    for l in "${layers[@]}"; do
        if [[ -f $l/$h ]]; then
            echo "$l"
            return
        fi
    done
}

bad=0
for l in "${layers[@]}"; do
    while IFS= read -r f; do
        [[ $(layer_of "$f") == "$l" ]] || continue
        while IFS=: read -r line inc; do
            h=$(sed -E 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"([^"]+)".*/\1/' <<<"$inc")
            p=$(provider "$(dirname "$f")" "$h")
            [[ -z $p ]] && continue
            if [[ " ${allowed[$l]} " != *" $p "* ]]; then
                echo "$f:$line: \"$h\" is from $p/, which $l/ may not include"
                bad=1
            fi
        done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" || true)
    done < <(find "$l" -name '*.[ch]' | sort)
done

if [[ $bad -ne 0 ]]; then
    echo "check_layers: includes across layers the README's table does not allow" >&2
    exit 1
fi
echo "layers: every include is one the README's layer table allows"
