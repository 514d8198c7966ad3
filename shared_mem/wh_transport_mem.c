/*
 * wh_transport_mem.c: the shared-memory mailbox transport. Protocol steps in
 * wolfhsm/wh_transport_mem.h.
 *
 * The data-path callbacks are reached through the comm layer, which checks its own state
 * and arguments; here only what the peer wrote is checked.
 */
#include <stddef.h>
#include <string.h>

#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_transport_mem.h"

#define CTRL(counter, len) (((uint32_t)(counter) << 16) | (uint32_t)(len))
#define CTRL_COUNTER(ctrl) ((uint16_t)((ctrl) >> 16))
#define CTRL_LEN(ctrl) ((uint16_t)((ctrl)&0xFFFFu))
#define TAKE_SMALL 16u /* a header and 8 bytes */
_Static_assert(WH_MAILBOX_BUFFER_SIZE >= TAKE_SMALL, "a small packet fits the mailbox");

static int init(whTransportMemContext* ctx, const whTransportMemConfig* cfg, int server)
{
    const whMailboxCtrl* own;

    if ((ctx == NULL) || (cfg == NULL) || (cfg->mailbox == NULL)) {
        return WH_ERROR_BADARGS;
    }
    memset(ctx, 0, sizeof(*ctx));
    ctx->mb     = cfg->mailbox;
    ctx->peer   = cfg->peer;
    ctx->self   = cfg->self;
    ctx->server = (uint8_t)(server != 0);
    /* Step 0: resume from our own word, the only one we trust. */
    own            = server ? &ctx->mb->resp : &ctx->mb->req;
    ctx->counter   = CTRL_COUNTER(atomic_load_explicit(&own->ctrl, memory_order_relaxed));
    ctx->rxCounter = ctx->counter;
    return WH_ERROR_OK;
}

int wh_TransportMem_InitClient(void* context, const void* config)
{
    return init(context, config, 0);
}

int wh_TransportMem_InitServer(void* context, const void* config)
{
    return init(context, config, 1);
}

int wh_TransportMem_Cleanup(void* context)
{
    whTransportMemContext* ctx = context;

    if (ctx == NULL) {
        return WH_ERROR_BADARGS;
    }
    memset(ctx, 0, sizeof(*ctx));
    return WH_ERROR_OK;
}

/* Publish the size bytes in the mailbox under control word out (steps 1 and 3). */
static void publish(whTransportMemContext* ctx, _Atomic uint32_t* out, uint16_t counter,
                    uint16_t size)
{
    atomic_store_explicit(out, CTRL(counter, size), memory_order_release);
    if (ctx->peer.cb != NULL) {
        WH_DOORBELL_RING(&ctx->peer);
    }
}

/* Copy a packet published under control word ctrl out of the mailbox (steps 2 and 4); a
 * packet read in place (data is the mailbox's) is only measured. */
static int take(const whTransportMemContext* ctx, uint32_t ctrl, uint16_t* inout_size, void* data)
{
    uint16_t len = CTRL_LEN(ctrl);
    int      ret = WH_ERROR_OK;

    if (len > WH_MAILBOX_BUFFER_SIZE) {
        len = WH_MAILBOX_BUFFER_SIZE;
        ret = WH_ERROR_TOOBIG;
    }
    if (len > *inout_size) {
        len = *inout_size;
        ret = WH_ERROR_TOOBIG;
    }
    if (data == ctx->mb->data.bytes) {
        /* read in place */
    }
    else if (len == TAKE_SMALL) {
        /* A small packet (an echo, an id): a copy of fixed size, a few loads and stores,
         * where memcpy's set-up would cost more than the copy; nothing past the packet is
         * written (the fuzzer's poisoned tail of the server's buffer checks it). */
        memcpy(data, ctx->mb->data.bytes, TAKE_SMALL);
    }
    else {
        memcpy(data, ctx->mb->data.bytes, len);
    }
    *inout_size = len;
    return ret;
}

int wh_TransportMem_SendRequest(void* context, uint16_t size, const void* data)
{
    whTransportMemContext* ctx = context;

    if (size > WH_MAILBOX_BUFFER_SIZE) {
        return WH_ERROR_BADARGS;
    }
    if (CTRL_COUNTER(atomic_load_explicit(&ctx->mb->resp.ctrl, memory_order_acquire)) !=
        ctx->counter) {
        return WH_ERROR_BUSY;
    }
    ctx->counter++;
    if (data != ctx->mb->data.bytes) {
        memcpy(ctx->mb->data.bytes, data, size);
    }
    publish(ctx, &ctx->mb->req.ctrl, ctx->counter, size);
    return WH_ERROR_OK;
}

void* wh_TransportMem_ClientBuffer(void* context)
{
    whTransportMemContext* ctx = context;

    return &ctx->mb->data.packet;
}

int wh_TransportMem_RecvResponse(void* context, uint16_t* inout_size, void* data)
{
    whTransportMemContext* ctx = context;
    uint32_t               ctrl;

    ctrl = atomic_load_explicit(&ctx->mb->resp.ctrl, memory_order_acquire);
    if (CTRL_COUNTER(ctrl) != ctx->counter) {
        return WH_ERROR_NOTREADY;
    }
    return take(ctx, ctrl, inout_size, data);
}

int wh_TransportMem_RecvRequest(void* context, uint16_t* inout_size, void* data)
{
    whTransportMemContext* ctx = context;
    uint32_t               ctrl;

    ctrl = atomic_load_explicit(&ctx->mb->req.ctrl, memory_order_acquire);
    if (CTRL_COUNTER(ctrl) == ctx->counter) {
        return WH_ERROR_NOTREADY;
    }
    ctx->rxCounter = CTRL_COUNTER(ctrl);
    return take(ctx, ctrl, inout_size, data);
}

int wh_TransportMem_SendResponse(void* context, uint16_t size, const void* data)
{
    whTransportMemContext* ctx = context;

    if (size > WH_MAILBOX_BUFFER_SIZE) {
        return WH_ERROR_BADARGS;
    }
    if (ctx->rxCounter == ctx->counter) {
        return WH_ERROR_NOTREADY; /* no request to answer */
    }
    ctx->counter = ctx->rxCounter;
    if (data == ctx->mb->data.bytes) {
        /* built in place */
    }
    else if (size == TAKE_SMALL) {
        /* The usual small answers take copies of fixed size (a few loads and stores,
         * where memcpy's set-up would cost more than the copy): a header and 8 bytes, */
        memcpy(ctx->mb->data.bytes, data, TAKE_SMALL);
    }
    else if (size == TAKE_SMALL / 2u) {
        memcpy(ctx->mb->data.bytes, data, TAKE_SMALL / 2u); /* a header alone */
    }
    else {
        memcpy(ctx->mb->data.bytes, data, size);
    }
    publish(ctx, &ctx->mb->resp.ctrl, ctx->counter, size);
    return WH_ERROR_OK;
}

/* Step 5: poll a little (the peer usually answers within microseconds, far less than a
 * sleep and wake-up cost), then sleep on our doorbell until it rings after the snapshot
 * taken before the last look. One wake-up and back: the caller polls recv, and waits again
 * if the ring was not for it. Without a doorbell, return after the polling. */
static int wait(whTransportMemContext* ctx, int (*ready)(void*), uint32_t timeoutMs)
{
    uint32_t spin = WOLFHSM_CFG_COMM_SPIN;
    uint32_t snap;

    while ((spin-- > 0u) && !ready(ctx)) {
    }
    if (ctx->self.cb == NULL) {
        return WH_ERROR_OK; /* no doorbell: the caller polls */
    }
    /* Snapshot, then look: a packet published after the look rings after the snapshot. */
    snap = WH_DOORBELL_SNAPSHOT(&ctx->self);
    if (ready(ctx)) {
        return WH_ERROR_OK;
    }
    return WH_DOORBELL_WAIT(&ctx->self, snap, timeoutMs);
}

int wh_TransportMem_ResponseReady(void* context)
{
    const whTransportMemContext* ctx = context;

    return CTRL_COUNTER(atomic_load_explicit(&ctx->mb->resp.ctrl, memory_order_acquire)) ==
           ctx->counter;
}

int wh_TransportMem_RequestReady(void* context)
{
    const whTransportMemContext* ctx = context;

    return CTRL_COUNTER(atomic_load_explicit(&ctx->mb->req.ctrl, memory_order_acquire)) !=
           ctx->counter;
}

int wh_TransportMem_WaitResponse(void* context, uint32_t timeoutMs)
{
    return wait(context, wh_TransportMem_ResponseReady, timeoutMs);
}

int wh_TransportMem_WaitRequest(void* context, uint32_t timeoutMs)
{
    return wait(context, wh_TransportMem_RequestReady, timeoutMs);
}

/* Step 6 and 7's words of this side's control line (own) or the peer's. */
static _Atomic uint32_t* word(whMailboxCtrl* line, int which)
{
    return (which == WH_COMM_WORD_EPOCH) ? &line->epoch : &line->link;
}

void wh_TransportMem_SetWord(void* context, int which, uint32_t value)
{
    whTransportMemContext* ctx = context;

    atomic_store_explicit(word(ctx->server ? &ctx->mb->resp : &ctx->mb->req, which), value,
                          memory_order_release);
}

uint32_t wh_TransportMem_OwnWord(void* context, int which)
{
    whTransportMemContext* ctx = context;

    return atomic_load_explicit(word(ctx->server ? &ctx->mb->resp : &ctx->mb->req, which),
                                memory_order_acquire);
}

uint32_t wh_TransportMem_PeerWord(void* context, int which)
{
    whTransportMemContext* ctx = context;

    return atomic_load_explicit(word(ctx->server ? &ctx->mb->req : &ctx->mb->resp, which),
                                memory_order_acquire);
}
