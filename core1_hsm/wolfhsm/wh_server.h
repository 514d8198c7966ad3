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
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_keycache.h"
#include "wolfhsm/wh_nvm.h"
#include "wolfhsm/wh_server_crypto.h"

/* Client ids are 1..WH_CLIENT_ID_MAX: they are the owner field of object ids. */
#define WH_CLIENT_ID_MAX 15u

/*
 * What a client may do: part of the HSM's configuration, like the mailbox-to-client binding,
 * never taken from the host.
 *
 * A client's own keys, objects and counters are its alone. A global one (WH_ID_GLOBAL) records
 * its owner, the client that created it, which has every right on it; any other client has
 * the rights of the rules of its policy that match the item's kind and number. The default
 * policy (wh_Server_DefaultPolicy, for a config without one) lets every client call every
 * group and use or create any global item: only the owner changes or erases it.
 */
#define WH_POLICY_GROUP(group) (1u << (group)) /* may call WH_MESSAGE_GROUP_<group> */
#define WH_POLICY_GROUPS_ALL 0xFFFFFFFFu

/* Kinds of global items a rule covers. */
#define WH_POLICY_KEYS 0x01u
#define WH_POLICY_OBJECTS 0x02u
#define WH_POLICY_COUNTERS 0x04u
#define WH_POLICY_ALL 0x07u

/* Rights on a global item. */
#define WH_RIGHT_USE 0x01u    /* read, list, use in crypto, export (its flags permitting) */
#define WH_RIGHT_CREATE 0x02u /* create it when the id is free (the creator then owns it) */
#define WH_RIGHT_MODIFY \
    0x04u                    /* replace, commit or evict a key; replace an object; increment or
                               * reset a counter */
#define WH_RIGHT_ERASE 0x08u /* erase a key; destroy an object or a counter */
#define WH_RIGHT_ALL 0x0Fu

/* Rights on global items of `kinds` numbered first..last (1..255). */
typedef struct whServerGlobalRule_t {
    uint8_t kinds; /* WH_POLICY_KEYS | WH_POLICY_OBJECTS | WH_POLICY_COUNTERS */
    uint8_t first; /* numbers first..last */
    uint8_t last;
    uint8_t rights; /* WH_RIGHT_* */
} whServerGlobalRule;

typedef struct whServerPolicy_t {
    uint32_t                  groups; /* WH_POLICY_GROUP bits; COMM is always allowed */
    const whServerGlobalRule* rules;  /* rights on global items this client does not own */
    uint16_t                  ruleCount;
    uint16_t globalKeyQuota; /* uncommitted global keys it may hold in the global cache */
    uint16_t she;            /* WH_POLICY_SHE_* bits; 0: every SHE command its groups allow */
} whServerPolicy;

/* SHE (WH_MESSAGE_GROUP_SHE): whether a client may issue SHE commands at all is its groups
 * bit, WH_POLICY_GROUP(WH_MESSAGE_GROUP_SHE); within the group, this bit of `she` refuses it
 * LOAD_KEY (WH_ERROR_ACCESS). The default (0) allows it: M1..M3 carry their own proof of
 * authorisation (the authorising key), so the bit is a second fence for clients that should
 * only use SHE keys, never update them. */
#define WH_POLICY_SHE_NO_LOAD_KEY 0x0001u
/* This bit of `she` lets the client write the device identity (PROVISION, once per device):
 * the factory's client. Without it PROVISION is WH_ERROR_ACCESS. */
#define WH_POLICY_SHE_PROVISION 0x0002u

/*
 * The SHE's device identity: UID (120 bits) and SECRET_KEY, which never leave the HSM. They
 * are the SHE record WH_NVM_SHE_IDENTITY (nvm/NVM_FORMAT.md), written once: by a PROVISION
 * request from a client whose policy has WH_POLICY_SHE_PROVISION, or by a factory NVM image
 * holding the record. Once it exists the identity is locked: PROVISION is refused with
 * ERC_KEY_WRITE_PROTECTED, and the record is non-modifiable and non-destroyable in the store.
 *
 * A device without the record has no identity: every SHE command but GET_STATUS, CANCEL and
 * PROVISION is refused with ERC_KEY_EMPTY (SECRET_KEY's slot is empty). Development builds
 * (the host and QEMU builds of this tree, which have no factory) define
 * WOLFHSM_CFG_SHE_DEV_IDENTITY: an unprovisioned device then uses the values below, the same
 * on every device and public (the UID 0...01 is the one of the spec's worked example), until
 * it is provisioned. A product build leaves it undefined.
 */
#ifndef WOLFHSM_CFG_SHE_UID
#define WOLFHSM_CFG_SHE_UID                         \
    {                                               \
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 \
    }
#endif
#ifndef WOLFHSM_CFG_SHE_SECRET_KEY
#define WOLFHSM_CFG_SHE_SECRET_KEY                                                                \
    {                                                                                             \
        0x5e, 0xc7, 0x21, 0x0b, 0x9a, 0x44, 0x6d, 0xf0, 0x13, 0x88, 0x2c, 0xb5, 0x7e, 0x01, 0xd9, \
            0x36                                                                                  \
    }
#endif

/* Board hook: the debuggers attached to the device now, as SREG's WH_SHE_SREG_EXT_DEBUGGER and
 * WH_SHE_SREG_INT_DEBUGGER bits (0: none). While it is not 0, a key with DEBUGGER_PROTECTION
 * is unusable (ERC_KEY_NOT_AVAILABLE), also to authorise an update. The board's port defines
 * it: on the POSIX host and on QEMU a settable simulation (core1_hsm/port/posix/posix_she.h,
 * core1_hsm/target/core1_debug.c); a real board reads its debug port's status. Called with
 * the NVM lock held; must not block. */
uint8_t wh_Board_SheDebugger(void);

/* Every group; USE and CREATE on every global item; WOLFHSM_CFG_GLOBAL_KEY_QUOTA. */
extern const whServerPolicy wh_Server_DefaultPolicy;

/*
 * Requests by address: the host memory windows of a client. A client may name large inputs
 * and outputs by their host address (the *_DMA requests, wh_message.h) only inside the
 * windows of its context's config, part of the HSM's configuration like the client id and
 * the policy. A window is a range of host addresses [hostBase, hostBase + size) and `hsm`,
 * where the HSM itself reaches its first byte: the HSM's view of that memory, which need not
 * be the host's (on the target, the host's RAM through its Non-secure alias, so the MPC
 * checks every access the HSM makes there as it checks the host's; in a POSIX HSM process,
 * its own mapping of the shared buffer region).
 *
 * A buffer (addr, len) is accepted when it lies wholly inside one window whose flags allow
 * the access (WH_DMA_READ for inputs, WH_DMA_WRITE for outputs): hostBase <= addr, and len <=
 * size - (addr - hostBase), in 64-bit arithmetic that never forms addr + len. So a buffer
 * that wraps the address space, runs past a window's end (even into an adjacent window) or
 * lies anywhere else (HSM memory, a mailbox) is refused with WH_ERROR_BADADDR before any
 * byte is touched. Length 0 names no memory and is accepted without a look at the address,
 * in a context that has windows; a context without windows refuses every request by
 * address. The HSM reaches the buffer at hsm + (addr - hostBase).
 *
 * The windows must cover only memory the client may hand the HSM: never HSM memory, never a
 * mailbox (its own or another client's); the HSM's config is the only line of defence here.
 */
#define WH_DMA_READ 0x01u  /* inputs may come from this window */
#define WH_DMA_WRITE 0x02u /* outputs may go to this window */
/* hostBase is ignored: the region the client registered at connect (its dmaBase, in
 * whMessageCommConnectRequest) takes its place, at most size bytes of it. For memory the
 * host maps where it likes (POSIX: a region two processes, or threads, share). */
#define WH_DMA_REGISTERED 0x04u

typedef struct whServerDmaWindow_t {
    uint64_t hostBase; /* the host's address of the window's first byte */
    uint64_t size;     /* bytes, > 0; hostBase + size must not wrap */
    uint8_t* hsm;      /* the HSM's address of the same byte; hsm + size must not wrap */
    uint32_t flags;    /* WH_DMA_READ | WH_DMA_WRITE [| WH_DMA_REGISTERED] */
} whServerDmaWindow;

typedef struct whServerConfig_t {
    const whCommServerConfig* comm;           /* transport of the mailbox this context serves */
    whNvmContext*             nvm;            /* shared NVM context (objects, keys, counters) */
    const whServerPolicy*     policy;         /* what the client may do; NULL: the default */
    const whServerDmaWindow*  dmaWindows;     /* host memory windows (requests by address) */
    uint16_t                  dmaWindowCount; /* 0: no requests by address */
    uint16_t                  clientId;       /* identity of the client behind that mailbox */
    uint8_t                   priority;       /* class for a scheduler (wh_sched.h): higher first */
    uint8_t                   slices;         /* 1: long operations run in slices: the caller calls
                                       * again after WH_ERROR_BUSY (a scheduler does) */
    /* 0: any client may connect. Else the digest of the configuration shared with the host
     * core (scripts/crypto_cfg.py's CRYPTO_HSMCFG_DIGEST): a Connect presenting another
     * (whMessageCommConnectRequest.configDigest) is refused with WH_ERROR_CONFIG_MISMATCH and
     * opens no session. */
    uint64_t configDigest;
} whServerConfig;

/* The long operation a context runs in slices (ECDSA P-256 sign and verify): between
 * slices its request stays in the mailbox and the handler says WH_ERROR_NOTREADY (the
 * dispatcher returns WH_ERROR_BUSY, no response yet); a request of another kind or seq in
 * the mailbox abandons it. */
typedef struct whServerSlice_t {
    void*    op;   /* its slot (private key copy, wolfCrypt state); NULL: none */
    uint16_t kind; /* the request being served */
    uint16_t seq;
    uint32_t slices; /* slices run by this context (statistics) */
    /* A digest or MAC by address, or GCM's AAD by address, in chunks of
     * WOLFHSM_CFG_SLICE_BYTES (its state is the context's stream): the input resolved at the
     * first chunk, its length, the bytes done. */
    const uint8_t* chunkSrc;
    uint32_t       chunkLen;
    uint32_t       chunkDone;
    uint8_t        chunkOp;  /* WH_SERVER_CHUNK_*; 0: none */
    uint8_t        chunkTag; /* the tag length (a VERIFY's, GCM's), as the first chunk checked */
    uint8_t        chunkDir; /* GCM: WH_CRYPTO_ENCRYPT / DECRYPT, as the key was checked for */
    uint8_t        chunkPad;
} whServerSlice;
#define WH_SERVER_CHUNK_DIGEST 1u
#define WH_SERVER_CHUNK_GCM 2u

typedef struct whServerContext_t {
    whCommServer             comm;
    whNvmContext*            nvm;
    whKeyCache               localCache; /* this client's keys; only this context touches it */
    whKeyCacheSlot           localSlots[WOLFHSM_CFG_SERVER_KEYCACHE_COUNT];
    whServerCrypto           crypto;
    const whServerPolicy*    policy;
    const whServerDmaWindow* dmaWindows;
    uint64_t                 dmaRegBase;   /* the client's registered region (Connect) */
    uint64_t                 dmaRegSize;   /* 0: none registered */
    uint64_t                 configDigest; /* from the config; 0: none */
    uint16_t                 dmaWindowCount;
    uint16_t                 clientId;
    uint8_t                  connected; /* between Connect and Close */
    uint8_t                  initialized;
    uint8_t                  priority;  /* from the config */
    uint8_t                  slices;    /* from the config */
    whServerSlice            slice;     /* the long operation in progress, if any */
    uint32_t                 hostEpoch; /* the client epoch of the session's Connect */
} whServerContext;

/* Bind the context to its transport, NVM context, client id, policy and host windows, and
 * seed its DRBG (initialises wolfCrypt, reference counted). WH_ERROR_BADARGS for a NULL
 * config, comm or nvm, a client id outside 1..WH_CLIENT_ID_MAX, a policy with rules but a NULL
 * rule table or a global key quota of 0 or of the whole global cache, or windows given with a
 * NULL table, or one of size 0, a NULL or wrapping HSM address, a wrapping host range or flags
 * with neither READ nor WRITE (or unknown bits); WH_ERROR_CRYPTO if the DRBG cannot be
 * seeded. On error the context is left uninitialised. The config's tables (policy, windows)
 * must outlive the context. */
int wh_Server_Init(whServerContext* server, const whServerConfig* config);
int wh_Server_Cleanup(whServerContext* server);

/*
 * Serve at most one request; never blocks.
 * Returns WH_ERROR_NOTREADY when no request is waiting, WH_ERROR_OK when one request was
 * answered (including malformed ones, answered with an error code and counted in
 * server->comm.stats), WH_ERROR_BUSY when the request needs the NVM lock while the lock may
 * not be waited for (a cooperative scheduler runs this context nested inside the holder's
 * yield): nothing was changed, the request stays in the mailbox, call again later; also
 * WH_ERROR_BUSY after one slice of a long operation (config slices: ECDSA P-256 sign and
 * verify, P-256 key generation and ECDH, where wolfCrypt's non-blocking code is built): the
 * request stays in the mailbox and the next call runs the next slice; or an error for a
 * local failure (bad arguments, not initialised).
 */
int wh_Server_HandleRequestMessage(whServerContext* server);

/*
 * Sessions (steps 6 and 7 of wh_transport_mem.h). Init publishes a new epoch of this
 * context. Each request carries the server epoch its client connected to and the client's
 * own epoch; before any handler runs:
 * - a request bound to another server epoch than this context's (sent before a restart of
 *   the HSM, or forged) is answered with WH_ERROR_RESTARTED, nothing done;
 * - a Connect whose client epoch is not the session's (the host restarted) first resets the
 *   context's transient state: its open stream and long operation, the keys of its local
 *   cache and its global keys in the global cache that are not committed; what is committed
 *   stays. A request of a connected session that carries another client epoch (the host
 *   restarted and did not connect) resets it the same way and ends the session (every group
 *   but COMM is then WH_ERROR_NOTCONNECTED).
 * SHE's RAM_KEY, PRNG and SREG are the device's, shared by every client of its NVM store:
 * a client's new session leaves them (wh_Server_SheBind resets them with the HSM).
 */

/* Heartbeat: the serving loop calls it at least every WOLFHSM_CFG_HEARTBEAT_MS while it
 * runs (wh_Sched_Step and wh_Server_WaitRequest do). One store to shared memory. */
void wh_Server_Beat(whServerContext* server);

/* Nonzero when a request may be waiting: a look at the mailbox, nothing consumed, cheap
 * enough for a scheduler to ask of every context before it calls
 * wh_Server_HandleRequestMessage. */
static inline int wh_Server_HasRequest(const whServerContext* server)
{
    return wh_CommServer_Ready(&server->comm);
}

/* Beat (wh_Server_Beat), then block until a request is waiting or timeoutMs (0: forever)
 * passes (WH_ERROR_TIMEOUT). May return early (a doorbell shared with other mailboxes rang,
 * or WOLFHSM_CFG_HEARTBEAT_MS passed, shorter than timeoutMs: the next call beats again):
 * serving then finds nothing (WH_ERROR_NOTREADY) and the caller waits again. */
int wh_Server_WaitRequest(whServerContext* server, uint32_t timeoutMs);

/*
 * The shared-state lock, for server code outside the request handlers: hold it around any
 * access to NVM or the global key cache (and local-cache steps that must agree with NVM).
 * Without WOLFHSM_CFG_THREADSAFE the macros are WH_ERROR_OK and compile to no code.
 */
#ifdef WOLFHSM_CFG_THREADSAFE
int wh_Server_NvmLock(whServerContext* server);
int wh_Server_NvmUnlock(whServerContext* server);
#define WH_SERVER_NVM_LOCK(server) wh_Server_NvmLock(server)
#define WH_SERVER_NVM_UNLOCK(server) wh_Server_NvmUnlock(server)
#else
#define WH_SERVER_NVM_LOCK(server) ((void)(server), WH_ERROR_OK)
#define WH_SERVER_NVM_UNLOCK(server) ((void)(server), WH_ERROR_OK)
#endif

/*
 * SHE on the HSM itself (wh_server_she.c), for its firmware at boot, before any client is
 * served; each takes the NVM lock. wh_Server_SheSecureBoot is SHE's SECURE_BOOT run by the HSM
 * over size bytes of image (the host's boot image, wherever the HSM reads it): the outcome is
 * *out_sreg (SREG after the command; BOOT_OK is the verdict), the return code the command's
 * ERC (WH_ERROR_SHE_NO_SECURE_BOOT with BOOT_MAC_KEY empty, WH_ERROR_SHE_SEQUENCE_ERROR the
 * second time since reset). wh_Server_SheLoadKey is LOAD_KEY (M1..M3 in, M4/M5 out, either
 * may be NULL), with every check of the client's command: the way a factory station's
 * messages reach the slots.
 */
int wh_Server_SheSecureBoot(whServerContext* server, const uint8_t* image, uint32_t size,
                            uint8_t* out_sreg);
int wh_Server_SheLoadKey(whServerContext* server, const uint8_t* m1, const uint8_t* m2,
                         const uint8_t* m3, uint8_t* out_m4, uint8_t* out_m5);

#endif /* !WOLFHSM_WH_SERVER_H_ */
