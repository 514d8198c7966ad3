/*
 * wh_test_util.c: see wh_test_util.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "port/posix/posix_she.h"
#include "wh_test_util.h"
#include "wolfhsm/wh_error.h"

static const whTransportCb clientCb   = WH_TRANSPORT_MEM_CLIENT_CB;
static const whTransportCb serverCb   = WH_TRANSPORT_MEM_SERVER_CB;
static const whDoorbellCb  doorbellCb = POSIX_DOORBELL_CB;
static const whFlashCb     flashCb    = WH_FLASH_RAMSIM_CB;
static const whNvmCb       storeCb    = WH_NVM_FLASH_CB;
static const whLockCb      lockCb     = POSIX_LOCK_CB;

/* Fail loudly: these helpers run outside CMocka's assertion context too. */
static void require(int ok, const char* what)
{
    if (!ok) {
        fprintf(stderr, "test setup failed: %s\n", what);
        abort();
    }
}

static const whLockCb hwsemCb = WH_LOCK_HWSEM_CB;

/* NVM over t's flash config and lock config. */
static void nvmInit(whTestNvm* t)
{
    require(flashCb.init(&t->flashCtx, &t->flashCfg) == WH_ERROR_OK, "flash init");
    t->storeCfg = (whNvmFlashConfig){.cb = &flashCb, .context = &t->flashCtx};
    t->nvmCfg   = (whNvmConfig){
          .cb      = &storeCb,
          .context = &t->storeCtx,
          .config  = &t->storeCfg,
#ifdef WOLFHSM_CFG_THREADSAFE
        .lockConfig = &t->lockCfg,
#endif
    };
    require(wh_Nvm_Init(&t->nvm, &t->nvmCfg) == WH_ERROR_OK, "nvm init");
}

void whTest_NvmInitScheduled(whTestNvm* t, uint32_t programBusyUs, uint32_t eraseBusyUs)
{
    t->flashCfg = (whFlashRamsimConfig){.memory        = t->flash,
                                        .size          = sizeof(t->flash),
                                        .sectorSize    = WH_TEST_FLASH_SECTOR,
                                        .programUnit   = WH_TEST_FLASH_UNIT,
                                        .initErased    = 1,
                                        .programBusyUs = programBusyUs,
                                        .eraseBusyUs   = eraseBusyUs,
                                        .busy          = posixSched_Busy};
    atomic_store(&t->gate.owner, 0u);
    t->hwsemCfg = (whHwSemConfig){.gate     = &t->gate,
                                  .owner    = posixSched_Owner,
                                  .yield    = posixSched_Yield,
                                  .maxWaits = 0};
    t->lockCfg  = (whLockConfig){.cb = &hwsemCb, .context = &t->hwsemCtx, .config = &t->hwsemCfg};
    require(pthread_mutexattr_init(&t->mutexAttr) == 0, "mutexattr");
    nvmInit(t);
}

void whTest_NvmInit(whTestNvm* t, int erase)
{
    t->flashCfg = (whFlashRamsimConfig){.memory      = t->flash,
                                        .size        = sizeof(t->flash),
                                        .sectorSize  = WH_TEST_FLASH_SECTOR,
                                        .programUnit = WH_TEST_FLASH_UNIT,
                                        .initErased  = erase};
    require(pthread_mutexattr_init(&t->mutexAttr) == 0, "mutexattr");
    require(pthread_mutexattr_settype(&t->mutexAttr, PTHREAD_MUTEX_ERRORCHECK) == 0, "errorcheck");
    t->posixCfg = (posixLockConfig){.attr = &t->mutexAttr};
    t->lockCfg  = (whLockConfig){.cb = &lockCb, .context = &t->lockCtx, .config = &t->posixCfg};
    nvmInit(t);
}

void whTest_NvmCleanup(whTestNvm* t)
{
    (void)wh_Nvm_Cleanup(&t->nvm);
    (void)flashCb.cleanup(&t->flashCtx);
    (void)pthread_mutexattr_destroy(&t->mutexAttr);
}

void whTest_PairConfigure(whTestPair* p, posixMailboxRegion* region, whNvmContext* nvm,
                          uint16_t clientId, int doorbells, uint32_t timeoutMs)
{
    memset(p, 0, sizeof(*p));
    p->region = (region != NULL) ? region : &p->storage;

    p->clientTransportConfig.mailbox = &p->region->mailbox;
    p->serverTransportConfig.mailbox = &p->region->mailbox;
    if (doorbells) {
        p->clientTransportConfig.peer = (whDoorbell){&doorbellCb, &p->region->toServer};
        p->clientTransportConfig.self = (whDoorbell){&doorbellCb, &p->region->toClient};
        p->serverTransportConfig.peer = (whDoorbell){&doorbellCb, &p->region->toClient};
        p->serverTransportConfig.self = (whDoorbell){&doorbellCb, &p->region->toServer};
    }
    p->clientCommConfig = (whCommClientConfig){&clientCb, &p->clientTransport,
                                               &p->clientTransportConfig};
    p->serverCommConfig = (whCommServerConfig){&serverCb, &p->serverTransport,
                                               &p->serverTransportConfig};
    p->clientConfig     = (whClientConfig){.comm = &p->clientCommConfig, .timeoutMs = timeoutMs};
    p->serverConfig     = (whServerConfig){.comm     = &p->serverCommConfig,
                                           .nvm      = nvm,
                                           .policy   = &whTest_Policy,
                                           .clientId = clientId};
}

void whTest_PairInit(whTestPair* p, whNvmContext* nvm, uint16_t clientId, int doorbells,
                     uint32_t timeoutMs)
{
    whTestNvm* own = NULL;

    if (nvm == NULL) {
        own = malloc(sizeof(*own));
        require(own != NULL, "malloc");
        whTest_NvmInit(own, 1);
        nvm = &own->nvm;
    }
    whTest_PairConfigure(p, NULL, nvm, clientId, doorbells, timeoutMs);
    p->ownNvm = own;
    require(wh_Server_Init(&p->server, &p->serverConfig) == WH_ERROR_OK, "server init");
    require(wh_Client_Init(&p->client, &p->clientConfig) == WH_ERROR_OK, "client init");
}

void whTest_PairInitSched(whTestPair* p, whNvmContext* nvm, uint16_t clientId,
                          posixDoorbell* schedBell, uint32_t timeoutMs)
{
    whTest_PairConfigure(p, NULL, nvm, clientId, 1, timeoutMs);
    p->serverTransportConfig.self.context = schedBell;
    p->clientTransportConfig.peer.context = schedBell;
    require(wh_Server_Init(&p->server, &p->serverConfig) == WH_ERROR_OK, "server init");
    require(wh_Client_Init(&p->client, &p->clientConfig) == WH_ERROR_OK, "client init");
}

void whTest_Serve(whTestPair* p)
{
    require(wh_Server_HandleRequestMessage(&p->server) == WH_ERROR_OK, "serve");
}

void whTest_PairInitConnected(whTestPair* p, whNvmContext* nvm, uint16_t clientId)
{
    int32_t rc = -1;

    whTest_PairInit(p, nvm, clientId, 0, 0);
    require(wh_Client_CommConnectRequest(&p->client) == WH_ERROR_OK, "connect request");
    whTest_Serve(p);
    require(wh_Client_CommConnectResponse(&p->client, NULL, NULL, &rc) == WH_ERROR_OK,
            "connect response");
    require(rc == WH_ERROR_OK, "connect rc");
}

void whTest_PairCleanup(whTestPair* p)
{
    (void)wh_Client_Cleanup(&p->client);
    (void)wh_Server_Cleanup(&p->server);
    if (p->ownNvm != NULL) {
        whTest_NvmCleanup(p->ownNvm);
        free(p->ownNvm);
        p->ownNvm = NULL;
    }
}

int whTest_ServeLoop(whServerContext* server, atomic_int* stop)
{
    while (!atomic_load(stop)) {
        if (wh_Server_HandleRequestMessage(server) == WH_ERROR_NOTREADY) {
            (void)wh_Server_WaitRequest(server, 100);
        }
    }
    return 0;
}

static void* serverThread(void* arg)
{
    whTestPair* p = arg;
    (void)whTest_ServeLoop(&p->server, &p->stop);
    return NULL;
}

void whTest_PairStartServer(whTestPair* p)
{
    atomic_store(&p->stop, 0);
    require(pthread_create(&p->thread, NULL, serverThread, p) == 0, "server thread");
}

void whTest_PairStopServer(whTestPair* p)
{
    atomic_store(&p->stop, 1);
    posixDoorbell_Ring(&p->region->toServer);
    (void)pthread_join(p->thread, NULL);
}

void whTest_SharedInit(whTestShared* f, uint16_t idA, uint16_t idB)
{
    whTest_NvmInit(&f->nvm, 1);
    whTest_PairInitConnected(&f->a, &f->nvm.nvm, idA);
    whTest_PairInitConnected(&f->b, &f->nvm.nvm, idB);
}

void whTest_SharedCleanup(whTestShared* f)
{
    whTest_PairCleanup(&f->a);
    whTest_PairCleanup(&f->b);
    whTest_NvmCleanup(&f->nvm);
}

void whTest_SharedReboot(whTestShared* f)
{
    uint16_t idA = f->a.server.clientId;
    uint16_t idB = f->b.server.clientId;

    whTest_SharedCleanup(f);
    whTest_NvmInit(&f->nvm, 0);
    whTest_PairInitConnected(&f->a, &f->nvm.nvm, idA);
    whTest_PairInitConnected(&f->b, &f->nvm.nvm, idB);
}

uint32_t whTest_ServerRequests(whTestPair* p)
{
    return p->server.comm.stats.requests;
}

uint32_t whTest_ServerMalformed(whTestPair* p)
{
    return p->server.comm.stats.malformed;
}

int whTest_ServerConnected(whTestPair* p)
{
    return p->server.connected;
}

void whTest_AssertNothingSent(whTestPair* p)
{
    require(wh_Server_HandleRequestMessage(&p->server) == WH_ERROR_NOTREADY,
            "the server found a request where none was to be sent");
}

void whTest_SheSetDebugger(uint8_t sregBits)
{
    posixShe_SetDebugger(sregBits);
}
