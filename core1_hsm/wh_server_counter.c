/*
 * wh_server_counter.c: the COUNTER group. A counter is an NVM object of type
 * WH_NVM_TYPE_COUNTER holding its 32-bit value little-endian; each change is one NVM add
 * (power-fail safe: the old value stays until the new one is committed). Increment reads,
 * adds and writes under one lock hold, so concurrent increments are never lost.
 */
#include <string.h>

#include "wh_server_internal.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message_counter.h"

static const uint8_t counterLabel[WH_NVM_LABEL_LEN] = "counter";

static int readValue(whServerContext* server, whNvmId id, uint32_t* out_value)
{
    whNvmMetadata meta;
    uint8_t       b[4];
    int           ret = wh_Nvm_GetMetadata(server->nvm, id, &meta);

    if ((ret == WH_ERROR_OK) && (meta.len != sizeof(b))) {
        ret = WH_ERROR_CORRUPT;
    }
    if (ret == WH_ERROR_OK) {
        ret = wh_Nvm_Read(server->nvm, id, 0, sizeof(b), b);
    }
    if (ret == WH_ERROR_OK) {
        *out_value = (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) |
                     ((uint32_t)b[3] << 24);
    }
    return ret;
}

static int writeValue(whServerContext* server, whNvmId id, uint32_t value)
{
    whNvmMetadata meta = {.id = id, .access = 0, .flags = WH_NVM_FLAGS_NONE};
    uint8_t       b[4] = {(uint8_t)value, (uint8_t)(value >> 8), (uint8_t)(value >> 16),
                          (uint8_t)(value >> 24)};

    memcpy(meta.label, counterLabel, sizeof(meta.label));
    return wh_Nvm_AddObject(server->nvm, &meta, sizeof(b), b);
}

/* The step under the lock for each action; *inout_value in: the init value. */
static int step(whServerContext* server, uint16_t action, whNvmId id, uint32_t* inout_value)
{
    int ret;

    switch (action) {
        case WH_MESSAGE_COUNTER_ACTION_INIT:
            return writeValue(server, id, *inout_value);
        case WH_MESSAGE_COUNTER_ACTION_INCREMENT:
            ret = readValue(server, id, inout_value);
            if ((ret == WH_ERROR_OK) && (*inout_value != UINT32_MAX)) {
                ret = writeValue(server, id, ++*inout_value); /* saturates at the top */
            }
            return ret;
        case WH_MESSAGE_COUNTER_ACTION_READ:
            return readValue(server, id, inout_value);
        case WH_MESSAGE_COUNTER_ACTION_RESET:
            ret = readValue(server, id, inout_value);
            if (ret == WH_ERROR_OK) {
                *inout_value = 0;
                ret          = writeValue(server, id, 0);
            }
            return ret;
        default: /* WH_MESSAGE_COUNTER_ACTION_DESTROY */
            ret = readValue(server, id, inout_value);
            if (ret == WH_ERROR_OK) {
                ret = wh_Nvm_DestroyObjects(server->nvm, 1, &id);
            }
            return ret;
    }
}

int wh_Server_HandleCounter(whServerContext* server, uint16_t magic, uint16_t action,
                            uint16_t reqSize, const uint8_t* req, uint16_t* out_respSize,
                            uint8_t* resp)
{
    whMessageCounterValueResponse r     = {0};
    uint16_t                      cid   = 0;
    uint32_t                      value = 0;
    whNvmId                       id;
    int                           ret;

    if ((action < WH_MESSAGE_COUNTER_ACTION_INIT) || (action > WH_MESSAGE_COUNTER_ACTION_DESTROY)) {
        return WH_ERROR_BADKIND;
    }
    if (action == WH_MESSAGE_COUNTER_ACTION_INIT) {
        whMessageCounterInitRequest q;
        if (reqSize < sizeof(q)) {
            return WH_ERROR_TRUNCATED;
        }
        wh_MessageCounter_TranslateInitRequest(magic, (const void*)req, &q);
        cid   = q.id;
        value = q.value;
    }
    else {
        whMessageIdRequest q;
        if (reqSize < sizeof(q)) {
            return WH_ERROR_TRUNCATED;
        }
        wh_Message_TranslateIdRequest(magic, (const void*)req, &q);
        cid = q.id;
    }

    ret = wh_Server_MakeId(server, WH_NVM_TYPE_COUNTER, cid, &id);
    if (ret == WH_ERROR_OK) {
        ret = WH_SERVER_NVM_LOCK(server);
        if (ret == WH_ERROR_OK) {
            ret = step(server, action, id, &value);
            (void)WH_SERVER_NVM_UNLOCK(server);
        }
    }

    if ((ret == WH_ERROR_OK) && (action != WH_MESSAGE_COUNTER_ACTION_DESTROY)) {
        r.value = value;
        wh_MessageCounter_TranslateValueResponse(magic, &r, (void*)resp);
        *out_respSize = sizeof(r);
    }
    return ret;
}
