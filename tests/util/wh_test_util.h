/*
 * wh_test_util.h: a client and a server context joined by one in-process mailbox, as the
 * tests and benchmarks use them. The server can run on its own thread.
 *
 * Built with WH_TEST_TARGET (the on-target test image on core 0 of mps2-an521), the same
 * functions give the client a mailbox to the HSM core instead, and "the server" is the HSM
 * firmware: see tests/target/wh_test_target.h. Test bodies written against the functions
 * declared at the end of this file run in both places.
 */
#ifndef WH_TEST_UTIL_H_
#define WH_TEST_UTIL_H_

#include <stddef.h>
#include <stdint.h>

#include "wh_test_policy.h"

#ifdef WH_TEST_TARGET
#include "target/wh_test_target.h"
#else

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "port/posix/posix_lock.h"
#include "port/posix/posix_sched.h"
#include "port/posix/posix_shm.h"
#include "wolfhsm/wh_client.h"
#include "wolfhsm/wh_flash_ramsim.h"
#include "wolfhsm/wh_lock_hwsem.h"
#include "wolfhsm/wh_nvm.h"
#include "wolfhsm/wh_nvm_flash.h"
#include "wolfhsm/wh_server.h"

/* An NVM context over the flash object store on a strict RAM flash, with a POSIX lock (an
 * error-checking mutex, so a lock misuse fails the test) when WOLFHSM_CFG_THREADSAFE. */
#define WH_TEST_FLASH_SIZE (64u * 1024u)
#define WH_TEST_FLASH_SECTOR 4096u
#define WH_TEST_FLASH_UNIT 8u

typedef struct whTestNvm_t {
    uint8_t              flash[WH_TEST_FLASH_SIZE];
    whFlashRamsimContext flashCtx;
    whFlashRamsimConfig  flashCfg;
    whNvmFlashContext    storeCtx;
    whNvmFlashConfig     storeCfg;
    pthread_mutexattr_t  mutexAttr;
    posixLockConfig      posixCfg;
    posixLockContext     lockCtx;
    whHwSemGate          gate; /* the hardware-semaphore variant (whTest_NvmInitScheduled) */
    whHwSemConfig        hwsemCfg;
    whHwSemContext       hwsemCtx;
    whLockConfig         lockCfg;
    whNvmConfig          nvmCfg;
    whNvmContext         nvm;
} whTestNvm;

/* erase: start from an erased device; 0: keep the flash content (a reboot). Asserts. */
void whTest_NvmInit(whTestNvm* t, int erase);
/* The same over the hardware-semaphore lock and a flash whose program and erase take
 * programBusyUs / eraseBusyUs (per sector), both yielding to the calling thread's cooperative
 * scheduler (port/posix/posix_sched.h). Always erased. */
void whTest_NvmInitScheduled(whTestNvm* t, uint32_t programBusyUs, uint32_t eraseBusyUs);
void whTest_NvmCleanup(whTestNvm* t);

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
    whTestNvm*            ownNvm; /* set when the pair made its own NVM context */
    pthread_t             thread;
    atomic_int            stop;
} whTestPair;

/* Fill the configs for clientId over region (NULL: the pair's own zeroed storage), serving
 * from nvm. With doorbells, both sides sleep on futexes; without, waits return at once. */
void whTest_PairConfigure(whTestPair* p, posixMailboxRegion* region, whNvmContext* nvm,
                          uint16_t clientId, int doorbells, uint32_t timeoutMs);
/* Configure and init both client and server (nvm NULL: a fresh NVM context of the pair's
 * own, freed by whTest_PairCleanup); asserts success. */
void whTest_PairInit(whTestPair* p, whNvmContext* nvm, uint16_t clientId, int doorbells,
                     uint32_t timeoutMs);
/* Init a pair whose server side sleeps on (and whose client rings) schedBell, the doorbell
 * of the scheduler that will serve it. */
void whTest_PairInitSched(whTestPair* p, whNvmContext* nvm, uint16_t clientId,
                          posixDoorbell* schedBell, uint32_t timeoutMs);

/* Two connected clients (pairs a and b) on one NVM context of their own. */
typedef struct whTestShared_t {
    whTestNvm  nvm;
    whTestPair a;
    whTestPair b;
} whTestShared;

/* Serve the pair's server context on a new thread until whTest_PairStopServer. */
void whTest_PairStartServer(whTestPair* p);
void whTest_PairStopServer(whTestPair* p);

/* Serve until stop is set, sleeping on the doorbell when idle. Returns 0. */
int whTest_ServeLoop(whServerContext* server, atomic_int* stop);

#endif /* !WH_TEST_TARGET */

/* ---- on the host and on the target alike ---- */

/* Init a pair and connect its client (request, handle, response in this thread). */
void whTest_PairInitConnected(whTestPair* p, whNvmContext* nvm, uint16_t clientId);
void whTest_PairCleanup(whTestPair* p);

/* Sequential round trip in one thread: after a Request, serve it. Asserts it was served. */
void whTest_Serve(whTestPair* p);

void whTest_SharedInit(whTestShared* f, uint16_t idA, uint16_t idB);
void whTest_SharedCleanup(whTestShared* f);
/* Power-cycle: clean everything up and init again on the same flash content. */
void whTest_SharedReboot(whTestShared* f);

/* What the pair's server context counted: requests received, and malformed ones. */
uint32_t whTest_ServerRequests(whTestPair* p);
uint32_t whTest_ServerMalformed(whTestPair* p);
/* Does the pair's server context hold an open session (connected)? */
int whTest_ServerConnected(whTestPair* p);
/* Assert that the client's last call sent nothing (it was refused on the client side). */
void whTest_AssertNothingSent(whTestPair* p);

/* The SHE's simulated "debugger attached" input (wh_Board_SheDebugger): sregBits
 * (WH_SHE_SREG_EXT_DEBUGGER | WH_SHE_SREG_INT_DEBUGGER, 0: none) from now on. On the host
 * process-wide; on the target the HSM's (a power-cycle sets it back to 0). Asserts. */
void whTest_SheSetDebugger(uint8_t sregBits);

/* Test data: len bytes derived from seed (different seeds, different bytes). */
void whTest_Fill(uint8_t* buf, size_t len, uint8_t seed);
/* Are all len bytes equal to v? */
int whTest_AllEqual(const uint8_t* buf, size_t len, uint8_t v);

#endif /* !WH_TEST_UTIL_H_ */
