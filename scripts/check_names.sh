#!/usr/bin/env bash
# Naming check: the spellings the project moved away from must not come back.
#   - parameters in headers are camelCase, outputs prefixed out_ / inout_ (out_keyId), not
#     snake_case (key_id, label_len, timeout_ms);
#   - the number a client sends is a wire id on the HSM side (wireId, wh_Server_WireId),
#     never client_id, which reads like the clientId the HSM binds to a mailbox;
#   - ports are <port><Module>_<Verb> (posixLock_Init, mps2Console_Printf), the images
#     core0_ / core1_, the board hooks the library declares wh_Board_*: no mps2_Xxx,
#     whBoard_, Core0_ or Core1_;
#   - comments say what is true now: no "issue 12" references.
#
# Usage: scripts/check_names.sh [ROOT]   Prints file:line of each offence and exits 1; 0 when
# there is none. Looks at the C sources and headers of the stack, its tests and images.
set -euo pipefail

root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"

mapfile -t files < <(find shared_mem lock_hw nvm core1_hsm core0_host tests \
                          -name '*.[ch]' -not -path '*/build/*' | sort)
mapfile -t headers < <(printf '%s\n' "${files[@]}" | grep '\.h$')

bad=0
report() { # report <what> <grep -P pattern> <files...>
    local what=$1 pat=$2 out
    shift 2
    out=$(grep -nP "$pat" "$@" /dev/null || true)
    if [[ -n $out ]]; then
        printf '%s\n' "$out" | while IFS= read -r l; do printf '%s   <- %s\n' "$l" "$what"; done
        bad=1
    fi
}

# A parameter: a type (and stars), then a snake_case name that is not out_x / inout_x, then
# ',' or ')'. Struct fields end with ';' and are not parameters.
report "snake_case parameter: use camelCase (out_/inout_ prefix for outputs)" \
    '\b[A-Za-z_][A-Za-z0-9_]*[\s*]+(?!(?:out|inout)_[a-z][A-Za-z0-9]*\b)[a-z][a-z0-9]*_[a-z0-9_]+\s*[,)]' \
    "${headers[@]}"
report "client-side object numbers are wire ids (wireId, wh_Server_WireId)" \
    '\bclient_id\b|\bwh_Server_ClientId\b' "${files[@]}"
report "code says what is true now: no issue numbers (they belong in commits and notes)" \
    '(?i)\bissues? #?[0-9]+\b' "${files[@]}"
report "port names are <port><Module>_<Verb>, images core0_/core1_, board hooks wh_Board_" \
    '\bmps2_[A-Z]\w*\(|\bwhBoard_\w+|\bCore[01]_\w+' "${files[@]}"

if [[ $bad -ne 0 ]]; then
    echo "check_names: old spellings are back (see above)" >&2
    exit 1
fi
echo "names: no old spellings"
