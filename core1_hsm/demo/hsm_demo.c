/*
 * hsm_demo.c: the HSM side of the host demo. Creates the named shared memory, serves the
 * client of its mailbox until the client closes the session, and reports what it served.
 *
 *   hsm_demo <shm-name> [client-id]
 */
#include <stdio.h>
#include <stdlib.h>

#include "port/posix/posix_shm.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_flash_ramsim.h"
#include "wolfhsm/wh_nvm.h"
#include "wolfhsm/wh_nvm_flash.h"
#include "wolfhsm/wh_server.h"

#define IDLE_TIMEOUT_MS 10000
#define FLASH_SIZE (64u * 1024u)

/* The HSM's NVM: the flash object store on a RAM flash (one process, one session). */
static int nvmInit(whNvmContext* nvm)
{
    static uint8_t                   flash[FLASH_SIZE];
    static whFlashRamsimContext      flashCtx;
    static whNvmFlashContext         storeCtx;
    static const whFlashCb           flashCb  = WH_FLASH_RAMSIM_CB;
    static const whNvmCb             storeCb  = WH_NVM_FLASH_CB;
    static const whFlashRamsimConfig flashCfg = {
        .memory = flash, .size = FLASH_SIZE, .sectorSize = 4096, .programUnit = 8, .initErased = 1};
    static const whNvmFlashConfig storeCfg = {.cb = &flashCb, .context = &flashCtx};
    static const whNvmConfig nvmCfg = {.cb = &storeCb, .context = &storeCtx, .config = &storeCfg};
    int                      ret    = flashCb.init(&flashCtx, &flashCfg);

    return (ret == WH_ERROR_OK) ? wh_Nvm_Init(nvm, &nvmCfg) : ret;
}

int main(int argc, char** argv)
{
    static const whTransportCb   transportCb = WH_TRANSPORT_MEM_SERVER_CB;
    static const whDoorbellCb    doorbellCb  = POSIX_DOORBELL_CB;
    static whTransportMemContext transport;
    static whServerContext       server;
    static whNvmContext          nvm;
    whTransportMemConfig         transportConfig;
    whCommServerConfig           commConfig;
    whServerConfig               config;
    posixMailboxRegion*          region;
    posixShm                     shm;
    int                          wasConnected = 0;
    int                          ret;

    if (argc < 2) {
        fprintf(stderr, "usage: %s <shm-name> [client-id]\n", argv[0]);
        return 2;
    }
    if (posixShm_Create(&shm, argv[1], sizeof(posixMailboxRegion)) != WH_ERROR_OK) {
        fprintf(stderr, "hsm: cannot create shared memory %s\n", argv[1]);
        return 1;
    }
    region          = shm.base;
    transportConfig = (whTransportMemConfig){&region->mailbox,
                                             {&doorbellCb, &region->toClient},
                                             {&doorbellCb, &region->toServer}};
    commConfig      = (whCommServerConfig){&transportCb, &transport, &transportConfig};
    config          = (whServerConfig){.comm     = &commConfig,
                                       .nvm      = &nvm,
                                       .clientId = (uint16_t)((argc > 2) ? atoi(argv[2]) : 1)};
    ret             = nvmInit(&nvm);
    if (ret == WH_ERROR_OK) {
        ret = wh_Server_Init(&server, &config);
    }
    if (ret != WH_ERROR_OK) {
        fprintf(stderr, "hsm: server init failed: %d\n", ret);
        return 1;
    }
    printf("hsm: serving client %u on %s\n", config.clientId, argv[1]);
    fflush(stdout);

    while (ret == WH_ERROR_OK && (!wasConnected || server.connected)) {
        ret = wh_Server_HandleRequestMessage(&server);
        if (ret == WH_ERROR_NOTREADY) {
            ret = wh_Server_WaitRequest(&server, IDLE_TIMEOUT_MS);
        }
        wasConnected |= server.connected;
    }
    if (ret != WH_ERROR_OK) {
        fprintf(stderr, "hsm: stopped on error %d (timeout: no client for %d ms)\n", ret,
                IDLE_TIMEOUT_MS);
    }
    printf("hsm: session closed: %u requests served, %u malformed, %u dropped\n",
           server.comm.stats.requests, server.comm.stats.malformed, server.comm.stats.dropped);
    (void)wh_Server_Cleanup(&server);
    (void)wh_Nvm_Cleanup(&nvm);
    (void)posixShm_Close(&shm, argv[1]);
    return (ret == WH_ERROR_OK) ? 0 : 1;
}
