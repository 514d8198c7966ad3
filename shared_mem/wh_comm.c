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
#define HAS_WORDS(cb) 1
#define SET_WORD(comm, which, v) wh_TransportMem_SetWord((comm)->context, which, v)
#define OWN_WORD(comm, which) wh_TransportMem_OwnWord((comm)->context, which)
#define PEER_WORD(comm, which) wh_TransportMem_PeerWord((comm)->context, which)
/* The server's look at the client's session words, inline: the request's control word was
 * loaded with acquire order before, and the client wrote them before it. */
#define SERVER_REQ_WORDS(comm)                                                              \
    do {                                                                                    \
        const whMailbox* mb_ = ((const whTransportMemContext*)(comm)->context)->mb;         \
        (comm)->reqEpoch     = atomic_load_explicit(&mb_->req.epoch, memory_order_relaxed); \
        (comm)->reqLink      = atomic_load_explicit(&mb_->req.link, memory_order_relaxed);  \
    } while (0)
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
#define HAS_WORDS(cb) \
    (((cb)->setWord != NULL) && ((cb)->ownWord != NULL) && ((cb)->peerWord != NULL))
#define SET_WORD(comm, which, v) (comm)->cb->setWord((comm)->context, which, v)
#define OWN_WORD(comm, which) (comm)->cb->ownWord((comm)->context, which)
#define PEER_WORD(comm, which) (comm)->cb->peerWord((comm)->context, which)
#define SERVER_REQ_WORDS(comm)                                  \
    do {                                                        \
        (comm)->reqEpoch = PEER_WORD(comm, WH_COMM_WORD_EPOCH); \
        (comm)->reqLink  = PEER_WORD(comm, WH_COMM_WORD_LINK);  \
    } while (0)
#endif

/* The platform's entropy (the DRBG's seed source, user_settings.h). */
int wh_Entropy_GenerateSeed(unsigned char* output, unsigned int sz);

/* A session epoch for a side whose epoch word holds previous (step 6): random, never 0 and
 * never previous, so a restart is seen even when the entropy source fails. */
static uint32_t newEpoch(uint32_t previous)
{
    uint8_t  b[4] = {0};
    uint32_t e;

    if (wh_Entropy_GenerateSeed(b, sizeof(b)) != 0) {
        memset(b, 0, sizeof(b));
    }
    e = (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 24);
    if ((e == 0u) || (e == previous)) {
        e = previous + 1u;
    }
    return (e == 0u) ? 1u : e;
}

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
    if (comm->initialized && HAS_WORDS(comm->cb)) {
        /* Step 6: a new life, a new epoch, bound to no server epoch yet. */
        comm->sessions = 1;
        comm->epoch    = newEpoch(OWN_WORD(comm, WH_COMM_WORD_EPOCH));
        SET_WORD(comm, WH_COMM_WORD_LINK, 0);
        SET_WORD(comm, WH_COMM_WORD_EPOCH, comm->epoch);
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

uint32_t wh_CommClient_Bind(whCommClient* comm)
{
    if ((comm == NULL) || !comm->initialized || !comm->sessions) {
        return 0;
    }
    comm->hsmEpoch = PEER_WORD(comm, WH_COMM_WORD_EPOCH);
    SET_WORD(comm, WH_COMM_WORD_LINK, comm->hsmEpoch);
    return comm->hsmEpoch;
}

int wh_CommClient_PeerState(const whCommClient* comm, uint32_t* out_epoch, uint32_t* out_beat)
{
    if ((comm == NULL) || !comm->initialized || !comm->sessions) {
        return WH_ERROR_BADARGS;
    }
    if (out_epoch != NULL) {
        *out_epoch = PEER_WORD(comm, WH_COMM_WORD_EPOCH);
    }
    if (out_beat != NULL) {
        *out_beat = PEER_WORD(comm, WH_COMM_WORD_LINK);
    }
    return WH_ERROR_OK;
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
    if (comm->initialized && HAS_WORDS(comm->cb)) {
        /* Step 6: a new life, a new epoch; the heartbeat goes on from where it stood. */
        comm->sessions = 1;
        comm->epoch    = newEpoch(OWN_WORD(comm, WH_COMM_WORD_EPOCH));
        comm->beat     = OWN_WORD(comm, WH_COMM_WORD_LINK);
        SET_WORD(comm, WH_COMM_WORD_EPOCH, comm->epoch);
    }
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
    if (comm->sessions) {
        /* Step 6: the words the client's control line carried with this request. */
        SERVER_REQ_WORDS(comm);
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

void wh_CommServer_Beat(whCommServer* comm)
{
    if (comm->sessions) {
        comm->beat++;
        SET_WORD(comm, WH_COMM_WORD_LINK, comm->beat);
    }
}
