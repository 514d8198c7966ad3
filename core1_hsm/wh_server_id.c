/*
 * wh_server_id.c: wire ids and full NVM ids (see wh_server_internal.h). The owner of a full
 * id comes from server->clientId, the identity the HSM's config bound to the mailbox.
 */
#include "wh_server_internal.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"

int wh_Server_MakeId(const whServerContext* server, uint16_t type, uint16_t wireId, whNvmId* out_id)
{
    if (((wireId & ~WH_ID_VALID_BITS) != 0u) || (WH_ID_NUMBER(wireId) == 0u)) {
        return WH_ERROR_BADARGS;
    }
    *out_id = WH_NVM_MAKE_ID(type, WH_ID_IS_GLOBAL(wireId) ? WH_NVM_OWNER_GLOBAL : server->clientId,
                             WH_ID_NUMBER(wireId));
    return WH_ERROR_OK;
}

uint16_t wh_Server_WireId(whNvmId id)
{
    return (uint16_t)(WH_NVM_ID_NUMBER(id) |
                      ((WH_NVM_ID_OWNER(id) == WH_NVM_OWNER_GLOBAL) ? WH_ID_GLOBAL : 0u));
}

int wh_Server_Reaches(const whServerContext* server, whNvmId id)
{
    return (WH_NVM_ID_OWNER(id) == WH_NVM_OWNER_GLOBAL) ||
           (WH_NVM_ID_OWNER(id) == server->clientId);
}

int wh_Server_KeyId(const whServerContext* server, uint16_t wireId, int allocating, whNvmId* out_id)
{
#ifndef WOLFHSM_CFG_GLOBAL_KEYS
    if (WH_ID_IS_GLOBAL(wireId)) {
        return WH_ERROR_BADARGS; /* this HSM has no global keys */
    }
#endif
    if (allocating && (WH_ID_NUMBER(wireId) == 0u) && ((wireId & ~WH_ID_VALID_BITS) == 0u)) {
        *out_id = WH_NVM_MAKE_ID(WH_NVM_TYPE_KEY,
                                 WH_ID_IS_GLOBAL(wireId) ? WH_NVM_OWNER_GLOBAL : server->clientId,
                                 0u);
        return WH_ERROR_OK;
    }
    return wh_Server_MakeId(server, WH_NVM_TYPE_KEY, wireId, out_id);
}
