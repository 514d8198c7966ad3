/*
 * wh_message_nvm.c: byte-order translation of the NVM group's messages.
 *
 * Each function copies through a local struct with memcpy, so a struct is never read
 * through a pointer into a byte buffer (no aliasing or alignment traps), and swaps the
 * fields when the peer's byte order differs (the WH_T* helpers do nothing otherwise).
 */
#include <string.h>

#include "wolfhsm/wh_message_nvm.h"

void wh_MessageNvm_TranslateAvailableResponse(uint16_t                             magic,
                                              const whMessageNvmAvailableResponse* src,
                                              whMessageNvmAvailableResponse*       dst)
{
    whMessageNvmAvailableResponse t;
    memcpy(&t, src, sizeof(t));
    WH_T32(magic, t, availSize);
    WH_T32(magic, t, reclaimSize);
    WH_T16(magic, t, availObjects);
    WH_T16(magic, t, reclaimObjects);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageNvm_TranslateAddObjectRequest(uint16_t                            magic,
                                             const whMessageNvmAddObjectRequest* src,
                                             whMessageNvmAddObjectRequest*       dst)
{
    whMessageNvmAddObjectRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, id);
    WH_T16(magic, t, access);
    WH_T16(magic, t, flags);
    WH_T16(magic, t, len);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageNvm_TranslateListRequest(uint16_t magic, const whMessageNvmListRequest* src,
                                        whMessageNvmListRequest* dst)
{
    whMessageNvmListRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, access);
    WH_T16(magic, t, flags);
    WH_T16(magic, t, startId);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageNvm_TranslateListResponse(uint16_t magic, const whMessageNvmListResponse* src,
                                         whMessageNvmListResponse* dst)
{
    whMessageNvmListResponse t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, count);
    WH_T16(magic, t, id);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageNvm_TranslateMetadataResponse(uint16_t                            magic,
                                             const whMessageNvmMetadataResponse* src,
                                             whMessageNvmMetadataResponse*       dst)
{
    whMessageNvmMetadataResponse t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, id);
    WH_T16(magic, t, access);
    WH_T16(magic, t, flags);
    WH_T16(magic, t, len);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageNvm_TranslateDestroyRequest(uint16_t magic, const whMessageNvmDestroyRequest* src,
                                           whMessageNvmDestroyRequest* dst)
{
    whMessageNvmDestroyRequest t;
    size_t                     i;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, count);
    for (i = 0; i < WH_MESSAGE_NVM_MAX_DESTROY; i++) {
        WH_T16(magic, t, ids[i]);
    }
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageNvm_TranslateReadRequest(uint16_t magic, const whMessageNvmReadRequest* src,
                                        whMessageNvmReadRequest* dst)
{
    whMessageNvmReadRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, id);
    WH_T16(magic, t, offset);
    WH_T16(magic, t, len);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageNvm_TranslateReadResponse(uint16_t magic, const whMessageNvmReadResponse* src,
                                         whMessageNvmReadResponse* dst)
{
    whMessageNvmReadResponse t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, len);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageNvm_TranslateAddObjectDmaRequest(uint16_t                               magic,
                                                const whMessageNvmAddObjectDmaRequest* src,
                                                whMessageNvmAddObjectDmaRequest*       dst)
{
    whMessageNvmAddObjectDmaRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T64(magic, t, addr);
    WH_T16(magic, t, id);
    WH_T16(magic, t, access);
    WH_T16(magic, t, flags);
    WH_T16(magic, t, len);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageNvm_TranslateReadDmaRequest(uint16_t magic, const whMessageNvmReadDmaRequest* src,
                                           whMessageNvmReadDmaRequest* dst)
{
    whMessageNvmReadDmaRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T64(magic, t, addr);
    WH_T16(magic, t, id);
    WH_T16(magic, t, offset);
    WH_T16(magic, t, len);
    memcpy(dst, &t, sizeof(t));
}
