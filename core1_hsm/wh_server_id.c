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

/* The policy kind (WH_POLICY_*) of a full id's type. */
static uint8_t policyKind(whNvmId id)
{
    switch (WH_NVM_ID_TYPE(id)) {
        case WH_NVM_TYPE_KEY:
            return WH_POLICY_KEYS;
        case WH_NVM_TYPE_OBJECT:
            return WH_POLICY_OBJECTS;
        case WH_NVM_TYPE_COUNTER:
            return WH_POLICY_COUNTERS;
        default:
            return 0;
    }
}

uint8_t wh_Server_Rights(const whServerContext* server, whNvmId id, whNvmOwner owner)
{
    const whServerPolicy* p      = server->policy;
    const uint8_t         kind   = policyKind(id);
    const uint16_t        number = WH_NVM_ID_NUMBER(id);
    uint8_t               rights = 0;
    uint16_t              i;

    if (WH_NVM_ID_OWNER(id) != WH_NVM_OWNER_GLOBAL) {
        return (WH_NVM_ID_OWNER(id) == server->clientId) ? WH_RIGHT_ALL : 0u;
    }
    if (owner == server->clientId) {
        return WH_RIGHT_ALL;
    }
    for (i = 0; i < p->ruleCount; i++) {
        const whServerGlobalRule* r = &p->rules[i];
        if (((r->kinds & kind) != 0u) && (number >= r->first) && (number <= r->last)) {
            rights |= r->rights;
        }
    }
    return rights;
}

int wh_Server_Allowed(const whServerContext* server, whNvmId id, whNvmOwner owner, uint8_t right)
{
    return ((wh_Server_Rights(server, id, owner) & right) == right) ? WH_ERROR_OK : WH_ERROR_ACCESS;
}

int wh_Server_MayWrite(const whServerContext* server, whNvmId id, whNvmOwner* out_owner)
{
    whNvmMetadata old;
    int           ret;

    if (WH_NVM_ID_OWNER(id) != WH_NVM_OWNER_GLOBAL) {
        *out_owner = server->clientId; /* its own: no one else's rights to look up */
        return (WH_NVM_ID_OWNER(id) == server->clientId) ? WH_ERROR_OK : WH_ERROR_ACCESS;
    }
    ret = wh_Nvm_GetMetadata(server->nvm, id, &old);
    if (ret == WH_ERROR_NOTFOUND) {
        *out_owner = server->clientId;
        return wh_Server_Allowed(server, id, WH_NVM_OWNER_NONE, WH_RIGHT_CREATE);
    }
    if (ret == WH_ERROR_OK) {
        *out_owner = old.owner;
        ret        = wh_Server_Allowed(server, id, old.owner, WH_RIGHT_MODIFY);
    }
    return ret;
}

int wh_Server_GetAllowed(const whServerContext* server, whNvmId id, uint8_t right,
                         whNvmMetadata* out_meta)
{
    int ret = wh_Nvm_GetMetadata(server->nvm, id, out_meta);

    return (ret == WH_ERROR_OK) ? wh_Server_Allowed(server, id, out_meta->owner, right) : ret;
}
