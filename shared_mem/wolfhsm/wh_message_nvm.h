/*
 * wolfhsm/wh_message_nvm.h
 *
 * NVM group messages: persistent objects of the client (ids as in wh_message.h). Fixed
 * layouts in the sender's byte order; AddObject and Read carry object bytes after their
 * struct.
 */
#ifndef WOLFHSM_WH_MESSAGE_NVM_H_
#define WOLFHSM_WH_MESSAGE_NVM_H_

#include <stdint.h>

#include "wolfhsm/wh_message.h"

enum WH_MESSAGE_NVM_ACTION_ENUM {
    WH_MESSAGE_NVM_ACTION_GETAVAILABLE   = 0x01, /* empty -> Available */
    WH_MESSAGE_NVM_ACTION_ADDOBJECT      = 0x02, /* AddObject + data -> empty */
    WH_MESSAGE_NVM_ACTION_LIST           = 0x03, /* List -> List */
    WH_MESSAGE_NVM_ACTION_GETMETADATA    = 0x04, /* Id -> Metadata */
    WH_MESSAGE_NVM_ACTION_DESTROYOBJECTS = 0x05, /* Destroy -> empty */
    WH_MESSAGE_NVM_ACTION_READ           = 0x06, /* Read -> Read + data */
    WH_MESSAGE_NVM_ACTION_ADDOBJECT_DMA  = 0x07, /* AddObjectDma -> empty (data by address) */
    WH_MESSAGE_NVM_ACTION_READ_DMA       = 0x08, /* ReadDma -> Read (data to the address) */
};

/* Most ids one Destroy request carries. */
#define WH_MESSAGE_NVM_MAX_DESTROY 32

typedef struct whMessageNvmAvailableResponse_t {
    uint32_t availSize;
    uint32_t reclaimSize;
    uint16_t availObjects;
    uint16_t reclaimObjects;
} whMessageNvmAvailableResponse;
_Static_assert(sizeof(whMessageNvmAvailableResponse) == 12, "wire size");

/* Followed by len bytes of object data. */
typedef struct whMessageNvmAddObjectRequest_t {
    uint16_t id;
    uint16_t access;
    uint16_t flags;
    uint16_t len;
    uint8_t  label[WH_NVM_LABEL_LEN];
} whMessageNvmAddObjectRequest;
_Static_assert(sizeof(whMessageNvmAddObjectRequest) == 32, "wire size");

typedef struct whMessageNvmListRequest_t {
    uint16_t access;
    uint16_t flags;
    uint16_t startId; /* 0: from the first */
    uint16_t pad;
} whMessageNvmListRequest;
_Static_assert(sizeof(whMessageNvmListRequest) == 8, "wire size");

typedef struct whMessageNvmListResponse_t {
    uint16_t count; /* matching objects after startId */
    uint16_t id;    /* the first of them, 0 if none */
} whMessageNvmListResponse;
_Static_assert(sizeof(whMessageNvmListResponse) == 4, "wire size");

typedef struct whMessageNvmMetadataResponse_t {
    uint16_t id;
    uint16_t access;
    uint16_t flags;
    uint16_t len;
    uint8_t  label[WH_NVM_LABEL_LEN];
} whMessageNvmMetadataResponse;
_Static_assert(sizeof(whMessageNvmMetadataResponse) == 32, "wire size");

typedef struct whMessageNvmDestroyRequest_t {
    uint16_t count;
    uint16_t pad;
    uint16_t ids[WH_MESSAGE_NVM_MAX_DESTROY];
} whMessageNvmDestroyRequest;
_Static_assert(sizeof(whMessageNvmDestroyRequest) == 4 + 2 * WH_MESSAGE_NVM_MAX_DESTROY,
               "wire size");

typedef struct whMessageNvmReadRequest_t {
    uint16_t id;
    uint16_t offset;
    uint16_t len;
    uint16_t pad;
} whMessageNvmReadRequest;
_Static_assert(sizeof(whMessageNvmReadRequest) == 8, "wire size");

/* Followed by len bytes of object data. */
typedef struct whMessageNvmReadResponse_t {
    uint16_t len;
    uint16_t pad;
} whMessageNvmReadResponse;
_Static_assert(sizeof(whMessageNvmReadResponse) == 4, "wire size");

/* AddObject with the len bytes of object data at host address addr (requests by address,
 * wh_message.h). The HSM copies them into its private memory first, at most
 * WOLFHSM_CFG_SERVER_DMA_MAX bytes (else WH_ERROR_BADARGS). */
typedef struct whMessageNvmAddObjectDmaRequest_t {
    uint64_t addr;
    uint16_t id;
    uint16_t access;
    uint16_t flags;
    uint16_t len;
    uint8_t  label[WH_NVM_LABEL_LEN];
} whMessageNvmAddObjectDmaRequest;
_Static_assert(sizeof(whMessageNvmAddObjectDmaRequest) == 40, "wire size");

/* Read len bytes (at most WOLFHSM_CFG_SERVER_DMA_MAX) at offset of object id into host
 * memory at addr, which the HSM writes only after the read succeeded. The response is a
 * whMessageNvmReadResponse (len) with no data after it. */
typedef struct whMessageNvmReadDmaRequest_t {
    uint64_t addr;
    uint16_t id;
    uint16_t offset;
    uint16_t len;
    uint16_t pad;
} whMessageNvmReadDmaRequest;
_Static_assert(sizeof(whMessageNvmReadDmaRequest) == 16, "wire size");

/* Most object bytes one AddObject or Read message carries. */
#define WH_MESSAGE_NVM_MAX_ADD (WOLFHSM_CFG_COMM_DATA_LEN - sizeof(whMessageNvmAddObjectRequest))
#define WH_MESSAGE_NVM_MAX_READ (WOLFHSM_CFG_COMM_DATA_LEN - sizeof(whMessageNvmReadResponse))

void wh_MessageNvm_TranslateAvailableResponse(uint16_t                             magic,
                                              const whMessageNvmAvailableResponse* src,
                                              whMessageNvmAvailableResponse*       dst);
void wh_MessageNvm_TranslateAddObjectRequest(uint16_t                            magic,
                                             const whMessageNvmAddObjectRequest* src,
                                             whMessageNvmAddObjectRequest*       dst);
void wh_MessageNvm_TranslateListRequest(uint16_t magic, const whMessageNvmListRequest* src,
                                        whMessageNvmListRequest* dst);
void wh_MessageNvm_TranslateListResponse(uint16_t magic, const whMessageNvmListResponse* src,
                                         whMessageNvmListResponse* dst);
void wh_MessageNvm_TranslateMetadataResponse(uint16_t                            magic,
                                             const whMessageNvmMetadataResponse* src,
                                             whMessageNvmMetadataResponse*       dst);
void wh_MessageNvm_TranslateDestroyRequest(uint16_t magic, const whMessageNvmDestroyRequest* src,
                                           whMessageNvmDestroyRequest* dst);
void wh_MessageNvm_TranslateReadRequest(uint16_t magic, const whMessageNvmReadRequest* src,
                                        whMessageNvmReadRequest* dst);
void wh_MessageNvm_TranslateReadResponse(uint16_t magic, const whMessageNvmReadResponse* src,
                                         whMessageNvmReadResponse* dst);
void wh_MessageNvm_TranslateAddObjectDmaRequest(uint16_t                               magic,
                                                const whMessageNvmAddObjectDmaRequest* src,
                                                whMessageNvmAddObjectDmaRequest*       dst);
void wh_MessageNvm_TranslateReadDmaRequest(uint16_t magic, const whMessageNvmReadDmaRequest* src,
                                           whMessageNvmReadDmaRequest* dst);

#endif /* !WOLFHSM_WH_MESSAGE_NVM_H_ */
