#!/usr/bin/env bash
# Prove the lock macros' "no code" claim: the server and NVM objects reference lock symbols
# exactly when WOLFHSM_CFG_THREADSAFE is defined.
#   scripts/check_lock_refs.sh <0|1 threadsafe> <object files...>
set -eu
threadsafe=$1
shift
refs=$(nm -u "$@" | grep -E ' U (wh_Lock_|wh_Nvm_Lock|wh_Nvm_Unlock|wh_Server_NvmLock|wh_Server_NvmUnlock|pthread_mutex_)' | sort -u || true)
if [ "$threadsafe" = 1 ]; then
    [ -n "$refs" ] || { echo "lock refs: THREADSAFE build references no lock symbol" >&2; exit 1; }
    echo "lock refs: THREADSAFE build calls the lock ($(echo "$refs" | wc -l) symbols)"
else
    [ -z "$refs" ] || { echo "lock refs: non-THREADSAFE build references:" >&2; echo "$refs" >&2; exit 1; }
    echo "lock refs: non-THREADSAFE build references no lock symbol"
fi
