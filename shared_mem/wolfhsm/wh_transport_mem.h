/*
 * wolfhsm/wh_transport_mem.h
 *
 * The mailbox transport: one request/response mailbox per client in shared memory, with a
 * doorbell in each direction. The same code runs between threads, between processes (POSIX
 * shm) and between the two cores of the MCU.
 *
 * Layout (whMailbox; every part starts on its own cache line):
 *   req.ctrl   written only by the client: counter << 16 | request length
 *   req.epoch  written only by the client: its session epoch
 *   req.link   written only by the client: the server epoch its requests belong to
 *   resp.ctrl  written only by the server: counter << 16 | response length
 *   resp.epoch written only by the server: its session epoch
 *   resp.link  written only by the server: its heartbeat
 *   data       the packet: the client's while no request is outstanding (it builds the
 *              request there and reads the response there, in place), the server's from
 *              the request's control word to the response's. The server copies a request
 *              out before it looks at it and only ever writes its response there: what a
 *              client writes out of turn cannot change what the server checked or decided.
 *
 * Protocol. Each side keeps its counter in private memory and never trusts the peer's word
 * beyond comparing it:
 *   0. Whoever maps the shared memory first zeroes the mailbox (POSIX: ftruncate of a new
 *      object; target: core 0 before it releases core 1). Init reads each side's own
 *      counter back from its own control word.
 *   1. Client send: only when resp.ctrl's counter equals the client's counter (the last
 *      request was answered; otherwise WH_ERROR_BUSY). Put the packet in data (no copy when
 *      the comm layer built it there: the buffer callback), add one to the counter, store
 *      req.ctrl = counter << 16 | length with release order (the data is visible before the
 *      word), ring the server's doorbell.
 *   2. Server poll: load req.ctrl with acquire order. Its counter equal to the server's
 *      counter: nothing new (WH_ERROR_NOTREADY). Otherwise clamp the length to the buffer,
 *      copy data out into private memory, and only then look at it.
 *   3. Server send: copy the response into data, store resp.ctrl = (counter of the
 *      request being answered) << 16 | length with release order, take that counter as its
 *      own, ring the client's doorbell.
 *   4. Client poll: load resp.ctrl with acquire order. Its counter different from the
 *      client's: not yet (WH_ERROR_NOTREADY). Otherwise clamp the length; the response is in
 *      data (copied out unless the comm layer reads it in place).
 *   5. Sleep: a side with nothing to do polls its control word a little
 *      (WOLFHSM_CFG_COMM_SPIN times), then takes a snapshot of its own doorbell, polls once
 *      more, and waits for the doorbell to move past the snapshot (wh_doorbell.h).
 *   6. Sessions: each side, at Init, picks a session epoch (random, never 0, never the value
 *      its own epoch word holds from its previous life) and stores it in its epoch word
 *      before it sends anything; the client stores 0 in req.link. When a Connect is answered
 *      the client stores the server's epoch (resp.epoch) in req.link: every request it sends
 *      after carries, in its control line, the server epoch it belongs to and the client's
 *      own epoch. The server reads both words once per request, after req.ctrl, and compares
 *      them with its own epoch and the client epoch of the session's Connect (wh_server.h).
 *   7. Heartbeat: the server's serving loop adds one to resp.link at least every
 *      WOLFHSM_CFG_HEARTBEAT_MS while it runs (wh_sched.h, wh_Server_WaitRequest): a
 *      client reads it, and resp.epoch, without sending anything (wh_Client_HsmAlive).
 */
#ifndef WOLFHSM_WH_TRANSPORT_MEM_H_
#define WOLFHSM_WH_TRANSPORT_MEM_H_

#include <stdatomic.h>
#include <stdint.h>

#include "wolfhsm/wh_comm.h"
#include "wolfhsm/wh_doorbell.h"
#include "wolfhsm/wh_settings.h"

#define WH_MAILBOX_ROUND_UP(n) \
    ((((n) + WOLFHSM_CFG_CACHE_LINE - 1) / WOLFHSM_CFG_CACHE_LINE) * WOLFHSM_CFG_CACHE_LINE)
#define WH_MAILBOX_BUFFER_SIZE WH_MAILBOX_ROUND_UP(WH_COMM_MTU)

/* A control line. ctrl is the protocol's word; the session words (steps 6 and 7) are
 * written by the line's owner only: epoch, its session epoch (0: none yet); link, for the
 * client the server epoch its requests belong to (0: not connected), for the server its
 * heartbeat. */
typedef struct whMailboxCtrl_t {
    _Atomic uint32_t ctrl;
    _Atomic uint32_t epoch;
    _Atomic uint32_t link;
    uint8_t          pad[WOLFHSM_CFG_CACHE_LINE - 3 * sizeof(uint32_t)];
} whMailboxCtrl;

typedef union whMailboxData_t {
    uint8_t      bytes[WH_MAILBOX_BUFFER_SIZE];
    whCommPacket packet; /* how the client's comm layer uses it in place */
} whMailboxData;

typedef struct whMailbox_t {
    whMailboxCtrl req;
    whMailboxCtrl resp;
    whMailboxData data;
} whMailbox;
_Static_assert(sizeof(whMailboxCtrl) == WOLFHSM_CFG_CACHE_LINE, "one line per control word");
_Static_assert(sizeof(whMailbox) == 2 * WOLFHSM_CFG_CACHE_LINE + WH_MAILBOX_BUFFER_SIZE,
               "no hidden padding in the shared layout");

typedef struct whTransportMemConfig_t {
    whMailbox* mailbox; /* in shared memory, zeroed before first use (step 0) */
    whDoorbell peer;    /* rung after each send */
    whDoorbell self;    /* waited on when idle */
} whTransportMemConfig;

typedef struct whTransportMemContext_t {
    whMailbox* mb;
    whDoorbell peer;
    whDoorbell self;
    uint16_t   counter;   /* client: last request sent. server: last request answered */
    uint16_t   rxCounter; /* server: counter of the request being served */
    uint8_t    server;    /* 1: the server's side */
    uint8_t    pad[3];
} whTransportMemContext;

/* Session words (steps 6 and 7), WH_COMM_WORD_*: a side writes only its own line's. */
void     wh_TransportMem_SetWord(void* context, int which, uint32_t value);
uint32_t wh_TransportMem_OwnWord(void* context, int which);
uint32_t wh_TransportMem_PeerWord(void* context, int which);

/* Init checks its arguments (WH_ERROR_BADARGS). The other callbacks are for the comm layer,
 * which passes an initialised context and valid pointers; they check sizes and what the
 * peer wrote, not their arguments. */
int   wh_TransportMem_InitClient(void* context, const void* config);
int   wh_TransportMem_InitServer(void* context, const void* config);
int   wh_TransportMem_Cleanup(void* context);
int   wh_TransportMem_SendRequest(void* context, uint16_t size, const void* data);
int   wh_TransportMem_RecvResponse(void* context, uint16_t* inout_size, void* data);
int   wh_TransportMem_WaitResponse(void* context, uint32_t timeoutMs);
int   wh_TransportMem_RecvRequest(void* context, uint16_t* inout_size, void* data);
int   wh_TransportMem_SendResponse(void* context, uint16_t size, const void* data);
int   wh_TransportMem_WaitRequest(void* context, uint32_t timeoutMs);
int   wh_TransportMem_ResponseReady(void* context);
void* wh_TransportMem_ClientBuffer(void* context);
int   wh_TransportMem_RequestReady(void* context);

#define WH_TRANSPORT_MEM_CLIENT_CB                                                    \
    {                                                                                 \
        .init = wh_TransportMem_InitClient, .cleanup = wh_TransportMem_Cleanup,       \
        .send = wh_TransportMem_SendRequest, .recv = wh_TransportMem_RecvResponse,    \
        .wait = wh_TransportMem_WaitResponse, .ready = wh_TransportMem_ResponseReady, \
        .buffer = wh_TransportMem_ClientBuffer, .setWord = wh_TransportMem_SetWord,   \
        .ownWord = wh_TransportMem_OwnWord, .peerWord = wh_TransportMem_PeerWord,     \
    }

#define WH_TRANSPORT_MEM_SERVER_CB                                                  \
    {                                                                               \
        .init = wh_TransportMem_InitServer, .cleanup = wh_TransportMem_Cleanup,     \
        .send = wh_TransportMem_SendResponse, .recv = wh_TransportMem_RecvRequest,  \
        .wait = wh_TransportMem_WaitRequest, .ready = wh_TransportMem_RequestReady, \
        .setWord = wh_TransportMem_SetWord, .ownWord = wh_TransportMem_OwnWord,     \
        .peerWord = wh_TransportMem_PeerWord,                                       \
    }

#endif /* !WOLFHSM_WH_TRANSPORT_MEM_H_ */
