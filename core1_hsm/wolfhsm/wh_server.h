/*
 * wolfhsm/wh_server.h
 *
 * A server context serves exactly one client through one transport (a mailbox). The client's
 * identity is bound here, by the HSM-side config, never taken from what the host writes.
 *
 * Thread context: one server context is used by one thread (or one scheduler task) at a
 * time. Several server contexts may run concurrently; what they share is serialised by the
 * NVM context's lock.
 */
#ifndef WOLFHSM_WH_SERVER_H_
#define WOLFHSM_WH_SERVER_H_

#include <stdint.h>

#include "wolfhsm/wh_comm.h"

typedef struct whServerConfig_t {
    const whCommServerConfig* comm;     /* transport of the mailbox this context serves */
    uint16_t                  clientId; /* identity of the client behind that mailbox, > 0 */
} whServerConfig;

typedef struct whServerContext_t {
    whCommServer comm;
    uint16_t     clientId;
    uint8_t      connected; /* between Connect and Close */
    uint8_t      initialized;
} whServerContext;

/* Bind the context to its transport and client id. WH_ERROR_BADARGS for a NULL config or a
 * client id of 0. On error the context is left uninitialised. */
int wh_Server_Init(whServerContext* server, const whServerConfig* config);
int wh_Server_Cleanup(whServerContext* server);

/*
 * Serve at most one request; never blocks.
 * Returns WH_ERROR_NOTREADY when no request is waiting, WH_ERROR_OK when one request was
 * answered (including malformed ones, answered with an error code and counted in
 * server->comm.stats), or an error for a local failure (bad arguments, not initialised).
 */
int wh_Server_HandleRequestMessage(whServerContext* server);

/* Block until a request is waiting or timeout_ms (0: forever) passes (WH_ERROR_TIMEOUT). */
int wh_Server_WaitRequest(whServerContext* server, uint32_t timeout_ms);

#endif /* !WOLFHSM_WH_SERVER_H_ */
