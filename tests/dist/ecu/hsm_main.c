/*
 * hsm_main.c - the HSM core's application of the example ECU project: the NVM store on the
 * board's flash under the hardware-semaphore lock (in a THREADSAFE build), one server context
 * on the shared mailbox, the cooperative scheduler serving it. Built against dist/<cpu>/core1
 * only.
 */
#include <stdatomic.h>

#include "ecu_board.h"
#include "ecu_flash.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_lock_hwsem.h"
#include "wolfhsm/wh_nvm.h"
#include "wolfhsm/wh_nvm_flash.h"
#include "wolfhsm/wh_sched.h"
#include "wolfhsm/wh_server.h"

int main(void);

#define CLIENT_ID 1u
#define CORE_ID 1u

static whSched         sched;
static whServerContext server;
static whNvmContext    nvm;
static atomic_int      stop;

#ifdef WOLFHSM_CFG_THREADSAFE
static whHwSemGate nvmGate; /* in the HSM's private RAM */

/* The NVM lock: the hardware-semaphore gate (its take: libwolfhsm_port_cortexm.a), waiting by
 * letting the scheduler serve other contexts. */
static uint32_t lockOwner(void* arg)
{
    (void)arg;
    return wh_Sched_Owner(&sched);
}

static int lockYield(void* arg)
{
    (void)arg;
    return (wh_Sched_Yield(&sched) >= 0) ? WH_ERROR_OK : WH_ERROR_NOTREADY;
}

static const whLockConfig* nvmLock(void)
{
    static const whLockCb      lockCb = WH_LOCK_HWSEM_CB;
    static whHwSemContext      lockCtx;
    static const whHwSemConfig lockCfg  = {.gate     = &nvmGate,
                                           .owner    = lockOwner,
                                           .yield    = lockYield,
                                           .maxWaits = 100000u};
    static const whLockConfig  lockConf = {.cb = &lockCb, .context = &lockCtx, .config = &lockCfg};

    return &lockConf;
}
#endif

int main(void)
{
    static const whFlashCb       flashCb     = ECU_FLASH_CB;
    static const whNvmCb         storeCb     = WH_NVM_FLASH_CB;
    static const whDoorbellCb    doorbellCb  = ECU_DOORBELL_CB;
    static const whTransportCb   transportCb = WH_TRANSPORT_MEM_SERVER_CB;
    static whNvmFlashContext     storeCtx;
    static whTransportMemContext transportCtx;
    static whServerContext*      servers[1] = {&server};
    const whNvmFlashConfig       storeCfg   = {.cb = &flashCb, .context = NULL};
    whNvmConfig                nvmCfg = {.cb = &storeCb, .context = &storeCtx, .config = &storeCfg};
    const whTransportMemConfig transportCfg = {.mailbox = &ecu_Shared.mailbox,
                                               .peer    = {&doorbellCb, (void*)&ecu_Shared.toHost},
                                               .self    = {&doorbellCb, (void*)&ecu_Shared.toHsm}};
    const whCommServerConfig   commCfg      = {&transportCb, &transportCtx, &transportCfg};
    const whServerConfig       serverCfg = {.comm = &commCfg, .nvm = &nvm, .clientId = CLIENT_ID};
    const whSchedConfig        schedCfg  = {.servers  = servers,
                                            .count    = 1,
                                            .coreId   = CORE_ID,
                                            .doorbell = {&doorbellCb, (void*)&ecu_Shared.toHsm}};

#ifdef WOLFHSM_CFG_THREADSAFE
    nvmCfg.lockConfig = nvmLock();
#endif
    if ((flashCb.init(NULL, NULL) != WH_ERROR_OK) || (wh_Nvm_Init(&nvm, &nvmCfg) != WH_ERROR_OK) ||
        (wh_Server_Init(&server, &serverCfg) != WH_ERROR_OK) ||
        (wh_Sched_Init(&sched, &schedCfg) != WH_ERROR_OK)) {
        return 1;
    }
    return wh_Sched_Run(&sched, &stop);
}
