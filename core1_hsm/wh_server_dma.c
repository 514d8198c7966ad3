/*
 * wh_server_dma.c: requests by address, the part every group shares: the host memory
 * windows of a server context (wh_server.h), the region a client registers at connect, and
 * reading a host buffer once through private chunks.
 *
 * All window arithmetic is in uint64_t (wire addresses are 64-bit whatever the HSM's word
 * size) and never forms addr + len or base + size: a buffer is inside a window when
 * base <= addr, off = addr - base < size and len <= size - off, each of which is exact.
 */
#include <stdint.h>
#include <string.h>

#include "wh_server_internal.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_utils.h"

/* Bytes copied out of host memory at a time by wh_Server_DmaStream (on the HSM's stack). */
#define DMA_CHUNK 1024u

#define DMA_FLAGS_ALL (WH_DMA_READ | WH_DMA_WRITE | WH_DMA_REGISTERED)

int wh_Server_DmaWindowsOk(const whServerDmaWindow* windows, uint16_t count)
{
    uint16_t i;

    if (count == 0) {
        return 1;
    }
    if (windows == NULL) {
        return 0;
    }
    for (i = 0; i < count; i++) {
        const whServerDmaWindow* w = &windows[i];

        if ((w->size == 0) || (w->hsm == NULL) || ((w->flags & ~DMA_FLAGS_ALL) != 0u) ||
            ((w->flags & (WH_DMA_READ | WH_DMA_WRITE)) == 0u) ||
            (w->size - 1u > (uint64_t)(UINTPTR_MAX - (uintptr_t)w->hsm)) ||
            (((w->flags & WH_DMA_REGISTERED) == 0u) && (w->size - 1u > UINT64_MAX - w->hostBase))) {
            return 0;
        }
    }
    return 1;
}

int wh_Server_DmaResolve(const whServerContext* server, uint64_t addr, uint64_t len,
                         uint32_t access, uint8_t** out_hsm)
{
    uint16_t i;

    if (server->dmaWindowCount == 0) {
        return WH_ERROR_BADADDR; /* this client passes nothing by address */
    }
    if (len == 0) {
        *out_hsm = NULL; /* names no memory */
        return WH_ERROR_OK;
    }
    for (i = 0; i < server->dmaWindowCount; i++) {
        const whServerDmaWindow* w    = &server->dmaWindows[i];
        uint64_t                 base = w->hostBase;
        uint64_t                 size = w->size;
        uint64_t                 off;

        if ((w->flags & access) != access) {
            continue;
        }
        if ((w->flags & WH_DMA_REGISTERED) != 0u) {
            if (server->dmaRegSize == 0) {
                continue; /* nothing registered */
            }
            base = server->dmaRegBase;
            size = (server->dmaRegSize < size) ? server->dmaRegSize : size;
        }
        if (addr < base) {
            continue;
        }
        off = addr - base;
        if ((off >= size) || (len > size - off)) {
            continue;
        }
        /* off < size, and hsm + size does not wrap (wh_Server_DmaWindowsOk). */
        *out_hsm = w->hsm + (uintptr_t)off;
        return WH_ERROR_OK;
    }
    return WH_ERROR_BADADDR;
}

int wh_Server_DmaRegister(whServerContext* server, uint64_t base, uint64_t size)
{
    uint16_t i;

    server->dmaRegBase = 0;
    server->dmaRegSize = 0;
    if (size == 0) {
        return WH_ERROR_OK;
    }
    if (size - 1u > UINT64_MAX - base) {
        return WH_ERROR_BADADDR; /* wraps the address space */
    }
    for (i = 0; i < server->dmaWindowCount; i++) {
        const whServerDmaWindow* w = &server->dmaWindows[i];
        if (((w->flags & WH_DMA_REGISTERED) != 0u) && (size <= w->size)) {
            server->dmaRegBase = base;
            server->dmaRegSize = size;
            return WH_ERROR_OK;
        }
    }
    return WH_ERROR_BADADDR; /* no window takes a region that large (or none at all) */
}

int wh_Server_DmaStream(const uint8_t* src, uint32_t len, whServerDmaSink sink, void* arg)
{
    uint8_t chunk[DMA_CHUNK];
    int     ret = WH_ERROR_OK;

    while ((len > 0) && (ret == WH_ERROR_OK)) {
        const uint32_t n = (len < DMA_CHUNK) ? len : DMA_CHUNK;

        memcpy(chunk, src, n); /* the one read of these host bytes */
        ret = sink(arg, chunk, n);
        src += n;
        len -= n;
    }
    wh_Utils_ForceZero(chunk, sizeof(chunk));
    return ret;
}
