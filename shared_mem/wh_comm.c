/*
 * wh_comm.c: framing and sequence numbers over a transport (see wolfhsm/wh_comm.h).
 */
#include <stddef.h>
#include <string.h>

#include "wolfhsm/wh_comm.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_transport_mem.h"

#define HDR_SIZE ((uint16_t)sizeof(whCommHeader))

/* The transport's data path (comm is a whCommClient or whCommServer). Built with
 * WOLFHSM_CFG_TRANSPORT_MEM_ONLY, the comm layer calls the mailbox transport directly
 * (bindTransport refused any other table), so the compiler can fold the layers together;
 * otherwise it goes through the config's table. */
#ifdef WOLFHSM_CFG_TRANSPORT_MEM_ONLY
#define CLIENT_SEND(comm, size, data) wh_TransportMem_SendRequest((comm)->context, size, data)
#define CLIENT_RECV(comm, size, data) wh_TransportMem_RecvResponse((comm)->context, size, data)
#define CLIENT_WAIT(comm, ms) wh_TransportMem_WaitResponse((comm)->context, ms)
#define CLIENT_READY(comm) wh_TransportMem_ResponseReady((comm)->context)
#define SERVER_SEND(comm, size, data) wh_TransportMem_SendResponse((comm)->context, size, data)
#define SERVER_RECV(comm, size, data) wh_TransportMem_RecvRequest((comm)->context, size, data)
#define SERVER_WAIT(comm, ms) wh_TransportMem_WaitRequest((comm)->context, ms)
#define SERVER_READY(comm) wh_TransportMem_RequestReady((comm)->context)
#else
#define CLIENT_SEND(comm, size, data) (comm)->cb->send((comm)->context, size, data)
#define CLIENT_RECV(comm, size, data) (comm)->cb->recv((comm)->context, size, data)
#define CLIENT_WAIT(comm, ms) \
    (((comm)->cb->wait == NULL) ? WH_ERROR_OK : (comm)->cb->wait((comm)->context, ms))
#define CLIENT_READY(comm) (((comm)->cb->ready == NULL) || (comm)->cb->ready((comm)->context))
#define SERVER_SEND CLIENT_SEND
#define SERVER_RECV CLIENT_RECV
#define SERVER_WAIT CLIENT_WAIT
#define SERVER_READY CLIENT_READY
#endif

/* Init the transport a config names; on success return its table and context. memSend is
 * the mailbox transport's send of this side: the only table accepted with
 * WOLFHSM_CFG_TRANSPORT_MEM_ONLY. */
static int bindTransport(const whCommConfig*   config, int (*memSend)(void*, uint16_t, const void*),
                         const whTransportCb** out_cb, void** out_context)
{
    const whTransportCb* cb = (config != NULL) ? config->transportCb : NULL;
    int                  ret;

    if ((cb == NULL) || (cb->init == NULL) || (cb->send == NULL) || (cb->recv == NULL)) {
        return WH_ERROR_BADARGS;
    }
#ifdef WOLFHSM_CFG_TRANSPORT_MEM_ONLY
    if (cb->send != memSend) {
        return WH_ERROR_BADARGS; /* built for the mailbox transport only */
    }
#else
    (void)memSend;
#endif
    ret = cb->init(config->transportContext, config->transportConfig);
    if (ret == WH_ERROR_OK) {
        *out_cb      = cb;
        *out_context = config->transportContext;
    }
    return ret;
}

static void unbindTransport(const whTransportCb* cb, void* context, uint8_t initialized)
{
    if (initialized && (cb->cleanup != NULL)) {
        (void)cb->cleanup(context);
    }
}

/* Client */

/* Where the client's packet is sent from and received into: in place, or in scratch. */
static whCommPacket* clientPacket(whCommClient* comm)
{
    return (comm->buf != NULL) ? comm->buf : &comm->scratch;
}

int wh_CommClient_Init(whCommClient* comm, const whCommClientConfig* config)
{
    int ret;

    if (comm == NULL) {
        return WH_ERROR_BADARGS;
    }
    memset(comm, 0, sizeof(*comm));
    ret = bindTransport(config, wh_TransportMem_SendRequest, &comm->cb, &comm->context);
    comm->initialized = (ret == WH_ERROR_OK);
    if (comm->initialized && (comm->cb->buffer != NULL)) {
        comm->buf = comm->cb->buffer(comm->context);
    }
    /* A request of an earlier life of this client may still be in the server's hands: the
     * buffer is not ours until it is answered (the transport's ready says so). */
    comm->build = ((comm->buf != NULL) && CLIENT_READY(comm)) ? comm->buf : &comm->scratch;
    return ret;
}

int wh_CommClient_Cleanup(whCommClient* comm)
{
    if (comm == NULL) {
        return WH_ERROR_BADARGS;
    }
    unbindTransport(comm->cb, comm->context, comm->initialized);
    memset(comm, 0, sizeof(*comm));
    return WH_ERROR_OK;
}

int wh_CommClient_SendRequest(whCommClient* comm, uint16_t kind, uint16_t size)
{
    whCommPacket* pkt;
    int           ret;

    if ((comm == NULL) || (size > WOLFHSM_CFG_COMM_DATA_LEN)) {
        return WH_ERROR_BADARGS;
    }
    if (!comm->initialized) {
        return WH_ERROR_NOTINIT;
    }
    if (comm->pending) {
        return WH_ERROR_BUSY;
    }
    pkt = clientPacket(comm);
    if (comm->build != pkt) {
        /* Built in scratch while Init found an earlier life's request in the buffer: ours
         * again once that is answered. */
        if (!CLIENT_READY(comm)) {
            return WH_ERROR_BUSY;
        }
        memcpy(pkt->data.bytes, comm->scratch.data.bytes, size);
    }
    pkt->hdr.magic = WH_COMM_MAGIC_NATIVE;
    pkt->hdr.kind  = kind;
    pkt->hdr.seq   = (uint16_t)(comm->seq + 1u);
    pkt->hdr.aux   = 0;
    ret            = CLIENT_SEND(comm, (uint16_t)(HDR_SIZE + size), pkt);
    if (ret == WH_ERROR_OK) {
        comm->seq         = (uint16_t)(comm->seq + 1u);
        comm->pendingKind = kind;
        comm->pending     = 1;
        comm->build       = &comm->scratch; /* the buffer is the server's until the answer */
    }
    return ret;
}

int wh_CommClient_RecvResponse(whCommClient* comm, uint16_t* out_size, int32_t* out_rc)
{
    uint16_t      size = (uint16_t)sizeof(whCommPacket);
    whCommPacket* pkt;
    int           ret;

    if ((comm == NULL) || (out_size == NULL) || (out_rc == NULL)) {
        return WH_ERROR_BADARGS;
    }
    if (!comm->initialized) {
        return WH_ERROR_NOTINIT;
    }
    if (!comm->pending) {
        return WH_ERROR_BADARGS; /* nothing was asked */
    }
    pkt = clientPacket(comm);
    ret = CLIENT_RECV(comm, &size, pkt);
    if (ret == WH_ERROR_NOTREADY) {
        return ret;
    }
    comm->pending = 0;
    comm->build   = pkt;
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    if (size < HDR_SIZE) {
        return WH_ERROR_BADMSG;
    }
    /* The server answers in our byte order. */
    if (pkt->hdr.magic != WH_COMM_MAGIC_NATIVE) {
        return WH_ERROR_BADMAGIC;
    }
    if ((pkt->hdr.seq != comm->seq) || (pkt->hdr.kind != comm->pendingKind)) {
        return WH_ERROR_SEQUENCE;
    }
    *out_rc   = (int16_t)pkt->hdr.aux;
    *out_size = (uint16_t)(size - HDR_SIZE);
    return WH_ERROR_OK;
}

int wh_CommClient_Wait(whCommClient* comm, uint32_t timeoutMs)
{
    if (comm == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (!comm->initialized) {
        return WH_ERROR_NOTINIT;
    }
    return CLIENT_WAIT(comm, timeoutMs);
}

int wh_CommClient_Ready(const whCommClient* comm)
{
    return !comm->initialized || CLIENT_READY(comm);
}

/* Server */

int wh_CommServer_Init(whCommServer* comm, const whCommServerConfig* config)
{
    int ret;

    if (comm == NULL) {
        return WH_ERROR_BADARGS;
    }
    memset(comm, 0, sizeof(*comm));
    ret = bindTransport(config, wh_TransportMem_SendResponse, &comm->cb, &comm->context);
    comm->initialized = (ret == WH_ERROR_OK);
    return ret;
}

int wh_CommServer_Cleanup(whCommServer* comm)
{
    if (comm == NULL) {
        return WH_ERROR_BADARGS;
    }
    unbindTransport(comm->cb, comm->context, comm->initialized);
    memset(comm, 0, sizeof(*comm));
    return WH_ERROR_OK;
}

int wh_CommServer_SendResponse(whCommServer* comm, const whCommHeader* req, int32_t aux,
                               uint16_t size)
{
    whCommHeader* hdr;
    uint16_t      magic;

    if ((comm == NULL) || (req == NULL) || (size > WOLFHSM_CFG_COMM_DATA_LEN) ||
        ((aux != 0) && (size != 0))) {
        return WH_ERROR_BADARGS;
    }
    if (!comm->initialized) {
        return WH_ERROR_NOTINIT;
    }
    /* Answer in the requester's byte order; an unusable magic gets ours. */
    magic = (wh_Message_CheckMagic(req->magic) == WH_ERROR_OK) ? req->magic : WH_COMM_MAGIC_NATIVE;
    hdr   = &comm->response.hdr;
    hdr->magic = wh_Translate16(magic, WH_COMM_MAGIC_NATIVE);
    hdr->kind  = wh_Translate16(magic, req->kind);
    hdr->seq   = wh_Translate16(magic, req->seq);
    hdr->aux   = wh_Translate16(magic, (uint16_t)(int16_t)aux);
    return SERVER_SEND(comm, (uint16_t)(HDR_SIZE + size), &comm->response);
}

int wh_CommServer_RecvRequest(whCommServer* comm, whCommHeader* out_hdr, uint16_t* out_size)
{
    uint16_t            size = (uint16_t)sizeof(comm->request);
    const whCommHeader* hdr  = &comm->request.hdr;
    int                 ret;

    if ((comm == NULL) || (out_hdr == NULL) || (out_size == NULL)) {
        return WH_ERROR_BADARGS;
    }
    if (!comm->initialized) {
        return WH_ERROR_NOTINIT;
    }
    /* Copy out of shared memory first; everything below looks at the private copy. */
    ret = SERVER_RECV(comm, &size, &comm->request);
    if (ret == WH_ERROR_NOTREADY) {
        return ret;
    }
    if ((ret != WH_ERROR_OK) && (ret != WH_ERROR_TOOBIG)) {
        return ret; /* local transport failure */
    }
    comm->stats.requests++;
    if (size < HDR_SIZE) {
        comm->stats.dropped++;
        (void)SERVER_SEND(comm, 0, &comm->response);
        return WH_ERROR_BADMSG;
    }
    if (ret == WH_ERROR_OK) {
        ret = wh_Message_CheckMagic(hdr->magic);
    }
    if (ret != WH_ERROR_OK) {
        /* Answer in the byte order the tag suggests, echoing kind and seq as sent. */
        whCommHeader reply = {.magic = ((hdr->magic & 0xFFu) == WH_COMM_MAGIC_TAG)
                                           ? WH_COMM_MAGIC_SWAPPED
                                           : WH_COMM_MAGIC_NATIVE};
        reply.kind         = wh_Translate16(reply.magic, hdr->kind);
        reply.seq          = wh_Translate16(reply.magic, hdr->seq);
        comm->stats.malformed++;
        (void)wh_CommServer_SendResponse(comm, &reply, ret, 0);
        return ret;
    }
    out_hdr->magic = hdr->magic;
    out_hdr->kind  = wh_Translate16(hdr->magic, hdr->kind);
    out_hdr->seq   = wh_Translate16(hdr->magic, hdr->seq);
    out_hdr->aux   = 0;
    *out_size      = (uint16_t)(size - HDR_SIZE);
    return WH_ERROR_OK;
}

int wh_CommServer_Wait(whCommServer* comm, uint32_t timeoutMs)
{
    if (comm == NULL) {
        return WH_ERROR_BADARGS;
    }
    if (!comm->initialized) {
        return WH_ERROR_NOTINIT;
    }
    return SERVER_WAIT(comm, timeoutMs);
}

int wh_CommServer_Ready(const whCommServer* comm)
{
    return !comm->initialized || SERVER_READY(comm);
}
