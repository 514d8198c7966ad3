/*
 * core1_hsm/target/core1_main.c - the HSM firmware on mps2-an521 CPU1 (foundation for
 * issue 6).
 *
 * One server context over the shared mailbox (MHU doorbells both ways), an NVM context on
 * the flash object store over a RAM-simulated NOR flash in HSM-private RAM (not persisted
 * yet), wolfCrypt built for Cortex-M33. Serves until the client closes its session, then
 * reports and parks; core 0 ends the emulator. A server error ends it with
 * MPS2_EXIT_FAULT_CORE1.
 */
#include <stdint.h>

#include "core1_target.h"
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_console.h"
#include "port/mps2/mps2_doorbell.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_flash_ramsim.h"
#include "wolfhsm/wh_nvm.h"
#include "wolfhsm/wh_nvm_flash.h"
#include "wolfhsm/wh_server.h"

#define IDLE_TIMEOUT_MS 10000u
#define FLASH_SIZE      (64u * 1024u)
#define CLIENT_ID       1u

static mps2Doorbell selfDoorbell = {
    .statReg = MPS2_MHU0_BASE + MPS2_MHU_CPU1_STAT, .clrReg = MPS2_MHU0_BASE + MPS2_MHU_CPU1_CLR};
static mps2Doorbell peerDoorbell = {.setReg = MPS2_MHU1_BASE + MPS2_MHU_CPU0_SET};

void Core1_MhuIrq(void)
{
    mps2Doorbell_Isr(&selfDoorbell);
}

/* The HSM's NVM: the flash object store on a RAM flash in this core's private RAM. */
static int nvmInit(whNvmContext* nvm)
{
    static uint8_t                   flash[FLASH_SIZE] __attribute__((aligned(8)));
    static whFlashRamsimContext      flashCtx;
    static whNvmFlashContext         storeCtx;
    static const whFlashCb           flashCb  = WH_FLASH_RAMSIM_CB;
    static const whNvmCb             storeCb  = WH_NVM_FLASH_CB;
    static const whFlashRamsimConfig flashCfg = {.memory      = flash,
                                                 .size        = FLASH_SIZE,
                                                 .sectorSize  = 4096,
                                                 .programUnit = 8,
                                                 .initErased  = 1};
    static const whNvmFlashConfig    storeCfg = {.cb = &flashCb, .context = &flashCtx};
    static const whNvmConfig         nvmCfg   = {
                  .cb = &storeCb, .context = &storeCtx, .config = &storeCfg};
    int ret = flashCb.init(&flashCtx, &flashCfg);

    return (ret == WH_ERROR_OK) ? wh_Nvm_Init(nvm, &nvmCfg) : ret;
}

int core1_Main(void)
{
    static const whTransportCb   transportCb = WH_TRANSPORT_MEM_SERVER_CB;
    static const whDoorbellCb    doorbellCb  = MPS2_DOORBELL_CB;
    static whTransportMemContext transport;
    static whServerContext       server;
    static whNvmContext          nvm;
    whTransportMemConfig         transportConfig;
    whCommServerConfig           commConfig;
    whServerConfig               config;
    int                          wasConnected = 0;
    int                          ret;

    mps2_ConsoleInit(MPS2_UART1_BASE, "core1");
    mps2_TickInit();
    mps2_Printf("core1: boot CPU_IDENTITY=%u VTOR=0x%08x\n", (unsigned)MPS2_CPU_IDENTITY,
                (unsigned)MPS2_SCB_VTOR);
    mps2_IrqEnable(MPS2_IRQ_MHU0);

    transportConfig = (whTransportMemConfig){&MPS2_SHARED->mailbox, {&doorbellCb, &peerDoorbell},
                                             {&doorbellCb, &selfDoorbell}};
    commConfig      = (whCommServerConfig){&transportCb, &transport, &transportConfig};
    config = (whServerConfig){.comm = &commConfig, .nvm = &nvm, .clientId = CLIENT_ID};
    ret    = nvmInit(&nvm);
    if (ret == WH_ERROR_OK) {
        ret = wh_Server_Init(&server, &config);
    }
    if (ret != WH_ERROR_OK) {
        mps2_Printf("core1: server init failed: %d\n", ret);
        return MPS2_EXIT_FAULT_CORE1;
    }
    mps2_Printf("core1: serving client %u (NVM: %u KiB RAM flash, HSM-private)\n",
                (unsigned)CLIENT_ID, FLASH_SIZE / 1024u);

    while ((ret == WH_ERROR_OK) && (!wasConnected || server.connected)) {
        ret = wh_Server_HandleRequestMessage(&server);
        if (ret == WH_ERROR_NOTREADY) {
            ret = wh_Server_WaitRequest(&server, IDLE_TIMEOUT_MS);
        }
        wasConnected |= server.connected;
    }
    if (ret != WH_ERROR_OK) {
        mps2_Printf("core1: stopped on error %d (timeout: no request for %u ms)\n", ret,
                    (unsigned)IDLE_TIMEOUT_MS);
        return MPS2_EXIT_FAULT_CORE1;
    }
    mps2_Printf("core1: session closed: %u requests served, %u malformed, %u dropped, "
                "%u doorbell interrupts\n",
                (unsigned)server.comm.stats.requests, (unsigned)server.comm.stats.malformed,
                (unsigned)server.comm.stats.dropped, (unsigned)selfDoorbell.events);
    (void)wh_Server_Cleanup(&server);
    (void)wh_Nvm_Cleanup(&nvm);
    for (;;) { /* core 0 ends the emulator */
        __asm volatile("wfi");
    }
}
