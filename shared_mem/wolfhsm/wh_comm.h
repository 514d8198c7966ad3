/*
 * wolfhsm/wh_comm.h
 *
 * The comm layer: framing and sequence numbers on top of a transport.
 *
 * A transport is a callback table, a context and a config (see wh_transport_mem.h for the
 * shared-memory mailbox). Every callback but wait is non-blocking.
 *
 * Client side: SendRequest puts the payload already written at wh_CommClient_GetData()
 * behind a header and sends it; RecvResponse polls for the matching response (kind and
 * sequence checked) and leaves its payload at wh_CommClient_GetData(). One request is
 * outstanding at a time. With a transport that offers its buffer, the packet is built and
 * read there in place (no copy either way).
 *
 * Server side: RecvRequest copies a request out of shared memory into the context's private
 * packet and checks the header; SendResponse sends the payload written at
 * wh_CommServer_GetResponseData(). Malformed requests are answered with an error in the
 * header's aux field (or, shorter than a header, with an empty packet) and counted.
 *
 * Thread context: a comm context is used by one thread at a time. Contexts are independent.
 */
#ifndef WOLFHSM_WH_COMM_H_
#define WOLFHSM_WH_COMM_H_

#include <stddef.h>
#include <stdint.h>

#include "wolfhsm/wh_message.h"

typedef struct whTransportCb_t {
    /* Prepare context from config. */
    int (*init)(void* context, const void* config);
    /* Release the context. */
    int (*cleanup)(void* context);
    /* Send size bytes. WH_ERROR_BUSY when the peer has not consumed the last packet yet. */
    int (*send)(void* context, uint16_t size, const void* data);
    /* Copy one received packet into data (capacity *inout_size; set to the bytes copied;
     * bytes of data past them, within the capacity, may be written too). WH_ERROR_NOTREADY
     * when nothing arrived. WH_ERROR_TOOBIG when the peer claimed more than the buffer
     * holds: the clamped bytes are still copied and the packet is consumed. */
    int (*recv)(void* context, uint16_t* inout_size, void* data);
    /* Block until recv would find a packet, or timeoutMs (0: forever) passes
     * (WH_ERROR_TIMEOUT). May return early; callers poll recv again. */
    int (*wait)(void* context, uint32_t timeoutMs);
    /* Optional: nonzero when recv would find a packet now. A look at the peer's word only,
     * nothing copied or consumed, cheap enough to ask of every idle context in a pass.
     * NULL: callers call recv to find out. */
    int (*ready)(void* context);
    /* Optional: the transport's own packet buffer (a whCommPacket, in shared memory) that
     * send sends from and recv receives into without a copy when given it as data. Only a
     * side that may read what the peer wrote there in place offers it: the client. */
    void* (*buffer)(void* context);
    /* Optional, all three or none: the session words of the shared region (steps 6 and 7 of
     * wh_transport_mem.h), WH_COMM_WORD_*. setWord and ownWord: this side's; peerWord: the
     * other side's. NULL: the transport has no sessions, and the comm layer checks no epochs
     * (the client's liveness calls then say WH_ERROR_BADARGS). */
    void (*setWord)(void* context, int which, uint32_t value);
    uint32_t (*ownWord)(void* context, int which);
    uint32_t (*peerWord)(void* context, int which);
} whTransportCb;

/* The session words. EPOCH: the side's session epoch (never 0 once set). LINK: the client's
 * is the server epoch its requests belong to (0: none, not connected in this life); the
 * server's is its heartbeat. */
#define WH_COMM_WORD_EPOCH 0
#define WH_COMM_WORD_LINK 1

/* Which transport a comm context uses: the same shape on both sides. */
typedef struct whCommConfig_t {
    const whTransportCb* transportCb;
    void*                transportContext;
    const void*          transportConfig;
} whCommConfig;

typedef whCommConfig whCommClientConfig;

typedef struct whCommClient_t {
    const whTransportCb* cb;
    void*                context;
    uint16_t             seq;         /* sequence number of the last request sent */
    uint16_t             pendingKind; /* kind of the outstanding request */
    uint8_t              pending;     /* 1 while a request awaits its response */
    uint8_t              initialized;
    uint8_t              sessions; /* 1: the transport has session words */
    uint8_t              pad;
    uint32_t             epoch;    /* this client's session epoch (0: no sessions) */
    uint32_t             hsmEpoch; /* the server epoch of the last Connect (0: none) */
    whCommPacket*        buf;      /* the transport's buffer; NULL: it has none */
    whCommPacket*        build;    /* where wh_CommClient_GetData points: buf while it is
                                   * ours, else scratch; NULL before Init */
    whCommPacket         scratch;  /* private: the packet when the transport has no buffer,
                                   * and what is built while the buffer is not ours */
} whCommClient;

int wh_CommClient_Init(whCommClient* comm, const whCommClientConfig* config);
int wh_CommClient_Cleanup(whCommClient* comm);

/* Payload area of the packet: write a request here, read a response from here. Holds
 * WOLFHSM_CFG_COMM_DATA_LEN bytes. While the transport's buffer is in the server's hands (a
 * request is outstanding, or one of an earlier life of this client was when Init ran) it is
 * private scratch, so what is written there cannot touch the request in flight: SendRequest
 * refuses it (WH_ERROR_BUSY), or, once an earlier life's request is answered, copies it. */
static inline uint8_t* wh_CommClient_GetData(whCommClient* comm)
{
    return ((comm->build != NULL) ? comm->build : &comm->scratch)->data.bytes;
}

/* Send the request payload of size bytes at wh_CommClient_GetData() as kind.
 * WH_ERROR_BUSY if a request is outstanding, WH_ERROR_BADARGS if size is too large. */
int wh_CommClient_SendRequest(whCommClient* comm, uint16_t kind, uint16_t size);

/* Poll for the response to the outstanding request. On WH_ERROR_OK, *out_size is the
 * payload size and *out_rc the server's header verdict (aux: 0, or an error code with an
 * empty payload). WH_ERROR_NOTREADY: nothing yet. WH_ERROR_SEQUENCE/BADMAGIC/BADMSG: the
 * response did not match; the request is no longer outstanding. */
int wh_CommClient_RecvResponse(whCommClient* comm, uint16_t* out_size, int32_t* out_rc);

/* Nonzero when the response may be in: RecvResponse has something to do. Without the
 * transport's ready callback (or before Init), always nonzero. */
int wh_CommClient_Ready(const whCommClient* comm);

/* Block until a response is available or timeoutMs (0: forever) passes. May return early
 * (a doorbell shared with other mailboxes rang): RecvResponse then says WH_ERROR_NOTREADY. */
int wh_CommClient_Wait(whCommClient* comm, uint32_t timeoutMs);

/* Sessions (step 6 of wh_transport_mem.h). Init picks the client's epoch and publishes it;
 * Bind, once a Connect is answered, makes the server's current epoch the one every later
 * request carries and returns it (0 without sessions). */
uint32_t wh_CommClient_Bind(whCommClient* comm);
/* The server's published epoch and heartbeat, read without sending anything: WH_ERROR_OK,
 * or WH_ERROR_BADARGS without sessions (or before Init). */
int wh_CommClient_PeerState(const whCommClient* comm, uint32_t* out_epoch, uint32_t* out_beat);

typedef whCommConfig whCommServerConfig;

typedef struct whCommServerStats_t {
    uint32_t requests;  /* requests received, well-formed or not */
    uint32_t malformed; /* answered with a header error */
    uint32_t dropped;   /* shorter than a header: answered with an empty packet */
} whCommServerStats;

typedef struct whCommServer_t {
    const whTransportCb* cb;
    void*                context;
    whCommServerStats    stats;
    uint8_t              initialized;
    uint8_t              sessions; /* 1: the transport has session words */
    uint8_t              pad[2];
    uint32_t             epoch;    /* this server's session epoch (0: no sessions) */
    uint32_t             beat;     /* its heartbeat, as last published */
    uint32_t             reqEpoch; /* the last request's: the client's epoch */
    uint32_t             reqLink;  /* and the server epoch it belongs to (0: none) */
    whCommPacket         request;  /* private copy of the last request */
    whCommPacket         response; /* response being built */
} whCommServer;

int wh_CommServer_Init(whCommServer* comm, const whCommServerConfig* config);
int wh_CommServer_Cleanup(whCommServer* comm);

/* Receive one request into the private packet. WH_ERROR_OK: a well-formed header, returned
 * in *out_hdr (magic as sent, kind and seq in our byte order, aux 0); *out_size payload bytes
 * are at wh_CommServer_GetRequestData(); reqEpoch and reqLink hold the session words the
 * client's control line carried with it (read once, after the request). WH_ERROR_NOTREADY:
 * nothing waiting. A malformed packet is answered here and reported as its WH_ERROR_* code;
 * the caller goes on serving. */
int wh_CommServer_RecvRequest(whCommServer* comm, whCommHeader* out_hdr, uint16_t* out_size);

static inline const uint8_t* wh_CommServer_GetRequestData(const whCommServer* comm)
{
    return comm->request.data.bytes;
}
static inline uint8_t* wh_CommServer_GetResponseData(whCommServer* comm)
{
    return comm->response.data.bytes;
}

/* Send the response to the request whose header RecvRequest returned: aux is 0 with size
 * payload bytes at wh_CommServer_GetResponseData(), or a WH_ERROR_* code with size 0. */
int wh_CommServer_SendResponse(whCommServer* comm, const whCommHeader* req, int32_t aux,
                               uint16_t size);

/* Nonzero when a request may be waiting: RecvRequest has something to do. Without the
 * transport's ready callback (or before Init), always nonzero. */
int wh_CommServer_Ready(const whCommServer* comm);

/* Block until a request is waiting or timeoutMs (0: forever) passes. May return early, as
 * wh_CommClient_Wait. */
int wh_CommServer_Wait(whCommServer* comm, uint32_t timeoutMs);

/* Heartbeat (step 7 of wh_transport_mem.h): add one to the published beat. Nothing without
 * sessions. The serving loop calls it (wh_Server_Beat). */
void wh_CommServer_Beat(whCommServer* comm);

#endif /* !WOLFHSM_WH_COMM_H_ */
