/*
 * wh_lock_hwsem.c: the hardware-semaphore gate (see wolfhsm/wh_lock_hwsem.h). One attempt
 * to take the gate is the platform's (wh_LockHwSem_GateTake, in lock_hw/port/).
 */
#include <stddef.h>
#include <string.h>

#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_lock_hwsem.h"

int wh_LockHwSem_Init(void* context, const void* config)
{
    whHwSemContext*      ctx = context;
    const whHwSemConfig* cfg = config;

    if ((ctx == NULL) || (cfg == NULL) || (cfg->gate == NULL) ||
        ((cfg->owner == NULL) && (cfg->ownerWord == NULL))) {
        return WH_ERROR_BADARGS;
    }
    memset(ctx, 0, sizeof(*ctx));
    ctx->cfg         = *cfg;
    ctx->initialized = 1;
    return WH_ERROR_OK;
}

int wh_LockHwSem_Cleanup(void* context)
{
    whHwSemContext* ctx = context;

    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (!ctx->initialized) {
        return WH_ERROR_NOTINIT;
    }
    ctx->initialized = 0;
    return WH_ERROR_OK;
}

/* The caller's owner id. */
static uint32_t callerId(const whHwSemContext* ctx)
{
    return (ctx->cfg.ownerWord != NULL) ? *ctx->cfg.ownerWord : ctx->cfg.owner(ctx->cfg.arg);
}

int wh_LockHwSem_Acquire(void* context)
{
    whHwSemContext* ctx = context;
    uint32_t        id;
    uint32_t        waits = 0;

    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (!ctx->initialized) {
        return WH_ERROR_NOTINIT;
    }
    id = callerId(ctx);
    if (id == 0u) {
        return WH_ERROR_BADARGS;
    }
    while (!wh_LockHwSem_GateTake(ctx->cfg.gate, id)) {
        int ret;
        if (atomic_load_explicit(&ctx->cfg.gate->owner, memory_order_relaxed) == id) {
            return WH_ERROR_LOCKED;
        }
        if ((ctx->cfg.maxWaits != 0u) && (waits >= ctx->cfg.maxWaits)) {
            return WH_ERROR_TIMEOUT;
        }
        ret = (ctx->cfg.yield != NULL) ? ctx->cfg.yield(ctx->cfg.arg) : WH_ERROR_NOTREADY;
        if (ret != WH_ERROR_OK) {
            return ret; /* may not wait here: the caller retries later */
        }
        if (waits++ == 0u) {
            atomic_fetch_add_explicit(&ctx->contended, 1u, memory_order_relaxed);
        }
    }
    return WH_ERROR_OK;
}

int wh_LockHwSem_Release(void* context)
{
    whHwSemContext* ctx = context;
    uint32_t        id;

    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (!ctx->initialized) {
        return WH_ERROR_NOTINIT;
    }
    id = callerId(ctx);
    /* Only the owner may free the gate. No compare-and-set is needed: while the gate holds
     * id, nobody else writes it (a taker writes only a free gate), so the word read is still
     * id when 0 is stored. */
    if (atomic_load_explicit(&ctx->cfg.gate->owner, memory_order_relaxed) != id) {
        return WH_ERROR_NOTOWNER;
    }
    atomic_store_explicit(&ctx->cfg.gate->owner, 0u, memory_order_release);
    return WH_ERROR_OK;
}
