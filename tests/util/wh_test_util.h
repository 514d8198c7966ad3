/*
 * wh_test_util.h: a client and a server context joined by one in-process mailbox, as the
 * tests and benchmarks use them. The server can run on its own thread.
 */
#ifndef WH_TEST_UTIL_H_
#define WH_TEST_UTIL_H_

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "port/posix/posix_shm.h"
#include "wolfhsm/wh_client.h"
#include "wolfhsm/wh_server.h"

typedef struct whTestPair_t {
    posixMailboxRegion*   region; /* points at own storage or at a shared mapping */
    posixMailboxRegion    storage;
    whTransportMemContext clientTransport;
    whTransportMemContext serverTransport;
    whTransportMemConfig  clientTransportConfig;
    whTransportMemConfig  serverTransportConfig;
    whCommClientConfig    clientCommConfig;
    whCommServerConfig    serverCommConfig;
    whClientConfig        clientConfig;
    whServerConfig        serverConfig;
    whClientContext       client;
    whServerContext       server;
    pthread_t             thread;
    atomic_int            stop;
} whTestPair;

/* Fill the configs for clientId over region (NULL: the pair's own zeroed storage). With
 * doorbells, both sides sleep on futexes; without, waits return at once. */
void whTest_PairConfigure(whTestPair* p, posixMailboxRegion* region, uint16_t clientId,
                          int doorbells, uint32_t timeoutMs);
/* Configure and init both client and server; asserts success. */
void whTest_PairInit(whTestPair* p, uint16_t clientId, int doorbells, uint32_t timeoutMs);
void whTest_PairCleanup(whTestPair* p);

/* Serve the pair's server context on a new thread until whTest_PairStopServer. */
void whTest_PairStartServer(whTestPair* p);
void whTest_PairStopServer(whTestPair* p);

/* Serve until stop is set, sleeping on the doorbell when idle. Returns 0. */
int whTest_ServeLoop(whServerContext* server, atomic_int* stop);

#endif /* !WH_TEST_UTIL_H_ */
