/*
 * wh_test_util.c: see wh_test_util.h.
 */
#include <assert.h>
#include <string.h>

#include "wh_test_util.h"
#include "wolfhsm/wh_error.h"

static const whTransportCb clientCb    = WH_TRANSPORT_MEM_CLIENT_CB;
static const whTransportCb serverCb    = WH_TRANSPORT_MEM_SERVER_CB;
static const whDoorbellCb  doorbellCb  = POSIX_DOORBELL_CB;

void whTest_PairConfigure(whTestPair* p, posixMailboxRegion* region, uint16_t clientId,
                          int doorbells, uint32_t timeoutMs)
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
    p->serverConfig     = (whServerConfig){.comm = &p->serverCommConfig, .clientId = clientId};
}

void whTest_PairInit(whTestPair* p, uint16_t clientId, int doorbells, uint32_t timeoutMs)
{
    int ret;

    whTest_PairConfigure(p, NULL, clientId, doorbells, timeoutMs);
    ret = wh_Server_Init(&p->server, &p->serverConfig);
    assert(ret == WH_ERROR_OK);
    ret = wh_Client_Init(&p->client, &p->clientConfig);
    assert(ret == WH_ERROR_OK);
    (void)ret;
}

void whTest_PairCleanup(whTestPair* p)
{
    (void)wh_Client_Cleanup(&p->client);
    (void)wh_Server_Cleanup(&p->server);
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
    int ret;

    atomic_store(&p->stop, 0);
    ret = pthread_create(&p->thread, NULL, serverThread, p);
    assert(ret == 0);
    (void)ret;
}

void whTest_PairStopServer(whTestPair* p)
{
    atomic_store(&p->stop, 1);
    posixDoorbell_Ring(&p->region->toServer);
    (void)pthread_join(p->thread, NULL);
}
