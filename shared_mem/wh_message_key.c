/*
 * wh_message_key.c: byte-order translation of the KEY group's messages.
 *
 * Each function copies through a local struct with memcpy, so a struct is never read
 * through a pointer into a byte buffer (no aliasing or alignment traps), and swaps the
 * fields when the peer's byte order differs (the WH_T* helpers do nothing otherwise).
 */
#include <string.h>

#include "wolfhsm/wh_message_key.h"

void wh_MessageKey_TranslateCacheRequest(uint16_t magic, const whMessageKeyCacheRequest* src,
                                         whMessageKeyCacheRequest* dst)
{
    whMessageKeyCacheRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, id);
    WH_T16(magic, t, flags);
    WH_T16(magic, t, len);
    WH_T16(magic, t, macMinBits);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageKey_TranslateCopyRequest(uint16_t magic, const whMessageKeyCopyRequest* src,
                                        whMessageKeyCopyRequest* dst)
{
    whMessageKeyCopyRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, id);
    WH_T16(magic, t, flags);
    WH_T16(magic, t, srcId);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageKey_TranslateCacheResponse(uint16_t magic, const whMessageKeyCacheResponse* src,
                                          whMessageKeyCacheResponse* dst)
{
    whMessageKeyCacheResponse t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, id);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageKey_TranslateExportResponse(uint16_t magic, const whMessageKeyExportResponse* src,
                                           whMessageKeyExportResponse* dst)
{
    whMessageKeyExportResponse t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, flags);
    WH_T16(magic, t, len);
    memcpy(dst, &t, sizeof(t));
}
