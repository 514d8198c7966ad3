/*
 * wh_server_counter.c: the COUNTER group. A counter is an NVM object of type
 * WH_NVM_TYPE_COUNTER holding its 32-bit value little-endian; each change is one NVM add
 * (power-fail safe: the old value stays until the new one is committed). Increment reads,
 * adds and writes under one lock hold, so concurrent increments are never lost.
 *
 * A counter never goes backwards unless it was created resettable (WH_COUNTER_RESETTABLE,
 * kept as WH_NVM_FLAGS_RESETTABLE): Init creates and never writes over an existing counter
 * (WH_ERROR_EXISTS), and a monotonic counter can be neither reset nor destroyed (destroying
 * and creating it again would rewind it). On a global counter, the HSM's policy gives the
 * rights (wh_server.h): by default only its owner increments, resets or destroys it.
 *
 * INCREMENT_FROM increments only a counter at the value the client expects (WH_ERROR_CONFLICT
 * otherwise): the exactly-once increment of README "Sessions and restarts". The check and the
 * write are under the same lock hold, and the write is the one NVM add of any increment.
 */
#include <string.h>

#include "wh_server_internal.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message_counter.h"

static const uint8_t counterLabel[WH_NVM_LABEL_LEN] = "counter";

/* The value of counter id (the caller holds the lock and has checked the right). */
static int readValue(whServerContext* server, whNvmId id, uint32_t* out_value)
{
    uint8_t b[4];
    int     ret = wh_Nvm_Read(server->nvm, id, 0, sizeof(b), b);

    if (ret == WH_ERROR_OK) {
        *out_value = (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) |
                     ((uint32_t)b[3] << 24);
    }
    return ret;
}

/* Store value as counter *meta's new version (flags and owner kept). */
static int writeValue(whServerContext* server, whNvmMetadata* meta, uint32_t value)
{
    const uint8_t b[4] = {(uint8_t)value, (uint8_t)(value >> 8), (uint8_t)(value >> 16),
                          (uint8_t)(value >> 24)};

    return wh_Nvm_AddObject(server->nvm, meta, sizeof(b), b);
}

/* Create counter id of kind with value: never over an existing one, which would rewind it. */
static int create(whServerContext* server, whNvmId id, uint16_t kind, uint32_t value)
{
    whNvmMetadata meta;
    int           ret = wh_Nvm_GetMetadata(server->nvm, id, &meta);

    if (ret == WH_ERROR_OK) {
        return WH_ERROR_EXISTS;
    }
    if (ret != WH_ERROR_NOTFOUND) {
        return ret;
    }
    ret = wh_Server_Allowed(server, id, WH_NVM_OWNER_NONE, WH_RIGHT_CREATE);
    if (ret == WH_ERROR_OK) {
        meta = (whNvmMetadata){.id    = id,
                               .flags = (kind == WH_COUNTER_RESETTABLE) ? WH_NVM_FLAGS_RESETTABLE
                                                                        : WH_NVM_FLAGS_NONE,
                               .owner = server->clientId};
        memcpy(meta.label, counterLabel, sizeof(meta.label));
        ret = writeValue(server, &meta, value);
    }
    return ret;
}

/* The right each action on an existing counter needs. */
static uint8_t rightFor(uint16_t action)
{
    switch (action) {
        case WH_MESSAGE_COUNTER_ACTION_READ:
            return WH_RIGHT_USE;
        case WH_MESSAGE_COUNTER_ACTION_DESTROY:
            return WH_RIGHT_ERASE;
        default: /* INCREMENT, RESET */
            return WH_RIGHT_MODIFY;
    }
}

/* The step under the lock for each action; *inout_value in: the init value, or the value
 * INCREMENT_FROM expects; out: the counter's value after the step. */
static int step(whServerContext* server, uint16_t action, whNvmId id, uint16_t kind,
                uint32_t* inout_value)
{
    whNvmMetadata meta;
    uint32_t      expect = *inout_value; /* INCREMENT_FROM: the value it must find */
    uint32_t      current;
    int           ret;

    if (action == WH_MESSAGE_COUNTER_ACTION_INIT) {
        return create(server, id, kind, *inout_value);
    }
    ret = wh_Server_GetAllowed(server, id, rightFor(action), &meta);
    if ((ret == WH_ERROR_OK) && (meta.len != 4u)) {
        ret = WH_ERROR_CORRUPT;
    }
    if (ret == WH_ERROR_OK) {
        ret = readValue(server, id, inout_value);
    }
    if (ret != WH_ERROR_OK) {
        return ret;
    }
    current = *inout_value;
    if (action == WH_MESSAGE_COUNTER_ACTION_INCREMENT_FROM) {
        if (current != expect) {
            return WH_ERROR_CONFLICT; /* another increment came first: nothing changed */
        }
        action = WH_MESSAGE_COUNTER_ACTION_INCREMENT;
    }
    switch (action) {
        case WH_MESSAGE_COUNTER_ACTION_INCREMENT:
            if (*inout_value == UINT32_MAX) {
                return WH_ERROR_OK; /* saturates at the top */
            }
            return writeValue(server, &meta, ++*inout_value);
        case WH_MESSAGE_COUNTER_ACTION_READ:
            return WH_ERROR_OK;
        case WH_MESSAGE_COUNTER_ACTION_RESET:
            if ((meta.flags & WH_NVM_FLAGS_RESETTABLE) == 0u) {
                return WH_ERROR_ACCESS; /* monotonic */
            }
            *inout_value = 0;
            return writeValue(server, &meta, 0);
        default: /* WH_MESSAGE_COUNTER_ACTION_DESTROY */
            if ((meta.flags & WH_NVM_FLAGS_RESETTABLE) == 0u) {
                return WH_ERROR_ACCESS; /* destroying and creating it again would rewind it */
            }
            return wh_Nvm_DestroyObjects(server->nvm, 1, &id);
    }
}

int wh_Server_HandleCounter(whServerContext* server, uint16_t magic, uint16_t action,
                            uint16_t reqSize, const uint8_t* req, uint16_t* out_respSize,
                            uint8_t* resp)
{
    whMessageCounterValueResponse r     = {0};
    uint16_t                      cid   = 0;
    uint16_t                      kind  = WH_COUNTER_MONOTONIC;
    uint32_t                      value = 0;
    whNvmId                       id;
    int                           ret;

    if ((action < WH_MESSAGE_COUNTER_ACTION_INIT) ||
        (action > WH_MESSAGE_COUNTER_ACTION_INCREMENT_FROM)) {
        return WH_ERROR_BADKIND;
    }
    if (action == WH_MESSAGE_COUNTER_ACTION_INIT) {
        whMessageCounterInitRequest q;
        if (reqSize < sizeof(q)) {
            return WH_ERROR_TRUNCATED;
        }
        wh_MessageCounter_TranslateInitRequest(magic, (const void*)req, &q);
        cid   = q.id;
        kind  = q.kind;
        value = q.value;
        if ((kind != WH_COUNTER_MONOTONIC) && (kind != WH_COUNTER_RESETTABLE)) {
            return WH_ERROR_BADARGS;
        }
    }
    else if (action == WH_MESSAGE_COUNTER_ACTION_INCREMENT_FROM) {
        whMessageCounterIncrementFromRequest q;
        if (reqSize < sizeof(q)) {
            return WH_ERROR_TRUNCATED;
        }
        wh_MessageCounter_TranslateIncrementFromRequest(magic, (const void*)req, &q);
        cid   = q.id;
        value = q.expect;
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
            ret = step(server, action, id, kind, &value);
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
