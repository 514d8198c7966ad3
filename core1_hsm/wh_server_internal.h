/*
 * wh_server_internal.h: the contract between the dispatcher and the group handlers.
 * Not a public header.
 *
 * A handler gets one well-formed request of its group: the action, the payload (req_size
 * bytes at req, private memory, in the peer's byte order given by magic). It returns the
 * HSM's verdict, which the dispatcher sends in the response header:
 *   WH_ERROR_OK         the response payload is at resp (WOLFHSM_CFG_COMM_DATA_LEN bytes),
 *                       *out_resp_size bytes (0 when the action answers with none);
 *   WH_ERROR_NOTREADY   the NVM lock may not be waited for (a nested scheduler context) and
 *                       nothing was changed: no response, the request stays in the mailbox
 *                       and is served again later (WH_SERVER_NVM_LOCK returns this; pass it
 *                       on before changing any state);
 *   any other error     sent with an empty payload (WH_ERROR_BADKIND for an unknown action
 *                       and WH_ERROR_TRUNCATED for a short payload are counted as
 *                       malformed).
 */
#ifndef WH_SERVER_INTERNAL_H_
#define WH_SERVER_INTERNAL_H_

#include <stdint.h>

#include "wolfhsm/wh_server.h"

typedef int (*whServerHandler)(whServerContext* server, uint16_t magic, uint16_t action,
                               uint16_t req_size, const uint8_t* req, uint16_t* out_resp_size,
                               uint8_t* resp);

int wh_Server_HandleComm(whServerContext* server, uint16_t magic, uint16_t action,
                         uint16_t req_size, const uint8_t* req, uint16_t* out_resp_size,
                         uint8_t* resp);
int wh_Server_HandleNvm(whServerContext* server, uint16_t magic, uint16_t action,
                        uint16_t req_size, const uint8_t* req, uint16_t* out_resp_size,
                        uint8_t* resp);
int wh_Server_HandleKey(whServerContext* server, uint16_t magic, uint16_t action,
                        uint16_t req_size, const uint8_t* req, uint16_t* out_resp_size,
                        uint8_t* resp);
int wh_Server_HandleCrypto(whServerContext* server, uint16_t magic, uint16_t action,
                           uint16_t req_size, const uint8_t* req, uint16_t* out_resp_size,
                           uint8_t* resp);
int wh_Server_HandleCounter(whServerContext* server, uint16_t magic, uint16_t action,
                            uint16_t req_size, const uint8_t* req, uint16_t* out_resp_size,
                            uint8_t* resp);

/* The full NVM id of the client-side id (wh_message.h) for an object of type, owned by this
 * server's client or global. WH_ERROR_BADARGS for number 0 or stray bits. */
int wh_Server_MakeId(const whServerContext* server, uint16_t type, uint16_t client_id,
                     whNvmId* out_id);
/* The full key id of a client key id; when allocating, number 0 is allowed (the full id
 * then has number 0: pick one with wh_Server_KeystoreGetUniqueId). Global ids need
 * WOLFHSM_CFG_GLOBAL_KEYS (else WH_ERROR_BADARGS). */
int wh_Server_KeyId(const whServerContext* server, uint16_t client_id, int allocating,
                    whNvmId* out_id);

/* Seed the context's DRBG / wipe its crypto state (wh_server_crypto.c). */
int  wh_Server_CryptoInit(whServerContext* server);
void wh_Server_CryptoCleanup(whServerContext* server);

/* The client-side id of a full NVM id this client may see. */
uint16_t wh_Server_ClientId(whNvmId id);
/* May this server's client reach the object with this full id (its own or global)? */
int wh_Server_Reaches(const whServerContext* server, whNvmId id);

#endif /* !WH_SERVER_INTERNAL_H_ */
