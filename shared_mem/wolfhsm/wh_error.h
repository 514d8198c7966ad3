/*
 * wolfhsm/wh_error.h
 *
 * The one error enum of the stack, shared by both cores. 0 is success; every failure is
 * negative and unique. Each comment says what the caller does about it. Functions that
 * return a size return bytes (>= 0) or one of these.
 *
 * The values travel on the wire (response header aux, response rc fields): never renumber
 * an existing code, only append.
 */
#ifndef WOLFHSM_WH_ERROR_H_
#define WOLFHSM_WH_ERROR_H_

enum WH_ERROR_ENUM {
    WH_ERROR_OK = 0, /* success */

    /* Caller errors: fix the call. */
    WH_ERROR_BADARGS     = -2000, /* NULL pointer or out-of-range argument: fix the arguments */
    WH_ERROR_NOTINIT     = -2001, /* context used before Init or after Cleanup: Init it first */
    WH_ERROR_BUSY        = -2002, /* a request is still outstanding: poll its Response first */
    WH_ERROR_BUFFER_SIZE = -2003, /* output buffer too small: pass a larger buffer */
    WH_ERROR_ABORTED     = -2004, /* a platform call failed unexpectedly: check the port */

    /* Flow control: try again. */
    WH_ERROR_NOTREADY   = -2010, /* nothing has arrived yet: poll again (or wait) later */
    WH_ERROR_TIMEOUT    = -2011, /* the peer did not answer in time, but its heartbeat moved
                                * meanwhile (busy, alive): poll the response again later */
    WH_ERROR_NORESPONSE = -2012, /* no answer and the HSM's heartbeat stood still: it is down
                                  * or restarting; wh_Client_Init and Connect again */

    /* Malformed packets from the other core: the peer has a bug or is hostile. */
    WH_ERROR_BADMAGIC  = -2020, /* header magic is not ours in either byte order: drop peer */
    WH_ERROR_VERSION   = -2021, /* peer speaks another protocol version: update one side */
    WH_ERROR_TOOBIG    = -2022, /* peer wrote a length past the mailbox buffer: fix peer */
    WH_ERROR_BADKIND   = -2023, /* unknown group or action: the server lacks that feature */
    WH_ERROR_TRUNCATED = -2024, /* payload shorter than its message: fix the sender */
    WH_ERROR_SEQUENCE  = -2025, /* response does not match the request sent: reconnect */
    WH_ERROR_BADMSG    = -2026, /* packet shorter than a header or otherwise unusable */

    /* Session state. */
    WH_ERROR_NOTCONNECTED    = -2030, /* request before Connect or after Close: connect first */
    WH_ERROR_RESTARTED       = -2031, /* the HSM restarted since this client connected: nothing
                                       * of this request was done; Connect again, then retry */
    WH_ERROR_CONFIG_MISMATCH = -2035, /* Connect refused: the client's configuration digest is
                                       * not the HSM's (wh_server.h configDigest): build both
                                       * cores from the same configuration */

    /* Storage and keys. */
    WH_ERROR_NOTFOUND = -2040, /* no such object, key or counter (or not yours): check id */
    WH_ERROR_NOSPACE  = -2041, /* store or cache full: destroy, evict or commit first */
    WH_ERROR_ACCESS   = -2042, /* flags or the HSM's policy forbid it (non-exportable,
                                * not yours to change, a group this client may not call) */
    WH_ERROR_CORRUPT  = -2043, /* the flash store failed its checks: service the device;
                                * nothing was erased */
    WH_ERROR_FLASH    = -2044, /* flash program/erase/read failed (power cut, worn cell) */
    WH_ERROR_USAGE    = -2045, /* the key lacks the usage flag the operation needs */
    WH_ERROR_EXISTS   = -2046, /* that id is taken and may not be replaced (a counter):
                                * use it, or pick another id */
    WH_ERROR_CONFLICT = -2047, /* the counter is not at the value the increment expected
                                * (another increment, maybe this one's earlier attempt,
                                * came first): nothing was changed; read it and decide */

    /* Crypto. */
    WH_ERROR_KEYTYPE  = -2060, /* the key is not of the type the operation needs */
    WH_ERROR_BADALG   = -2061, /* unknown algorithm or mode: check the HSM's features */
    WH_ERROR_AUTH     = -2062, /* tag or signature does not verify: reject the data */
    WH_ERROR_CRYPTO   = -2063, /* the crypto library failed (bad key material?) */
    WH_ERROR_NOSTREAM = -2064, /* update/final without a matching init: start over */
    WH_ERROR_BADKEY   = -2065, /* key material is not a valid key of its type (point off the
                                * curve, small order, scalar out of range, halves that do
                                * not match, a size the type does not take): fix the key */
    WH_ERROR_MINTAG   = -2066, /* a MAC tag shorter than the key's minimum tag length (its
                                * MAC policy, wh_nvm_types.h): ask for a longer tag */

    /* Locks. */
    WH_ERROR_LOCKED   = -2050, /* the caller already holds this lock: fix the lock order */
    WH_ERROR_NOTOWNER = -2051, /* released a lock the caller does not hold: fix the code */

    /* Requests by address. */
    WH_ERROR_BADADDR = -2070, /* a buffer passed by address is not wholly inside one host
                               * memory window the HSM gives this client (it wraps, crosses
                               * a window's end, lies in HSM memory or another client's
                               * mailbox, or the client registered no region): pass a
                               * buffer inside the registered shared region / host RAM */

    /* SHE (wh_message_she.h): one code per ERC_* of the spec; ERC_NO_ERROR is WH_ERROR_OK. */
    WH_ERROR_SHE_SEQUENCE_ERROR      = -2100, /* ERC_SEQUENCE_ERROR: wrong order of commands */
    WH_ERROR_SHE_KEY_NOT_AVAILABLE   = -2101, /* ERC_KEY_NOT_AVAILABLE: boot or debugger
                                               * protection makes the key unusable now */
    WH_ERROR_SHE_KEY_INVALID         = -2102, /* ERC_KEY_INVALID: slot or AuthID not allowed
                                               * for this command, or wrong key usage */
    WH_ERROR_SHE_KEY_EMPTY           = -2103, /* ERC_KEY_EMPTY: the slot holds no key */
    WH_ERROR_SHE_NO_SECURE_BOOT      = -2104, /* ERC_NO_SECURE_BOOT */
    WH_ERROR_SHE_KEY_WRITE_PROTECTED = -2105, /* ERC_KEY_WRITE_PROTECTED: never updatable */
    WH_ERROR_SHE_KEY_UPDATE_ERROR    = -2106, /* ERC_KEY_UPDATE_ERROR: M3, UID or counter */
    WH_ERROR_SHE_RNG_SEED            = -2107, /* ERC_RNG_SEED: RND before INIT_RNG */
    WH_ERROR_SHE_NO_DEBUGGING        = -2108, /* ERC_NO_DEBUGGING */
    WH_ERROR_SHE_BUSY                = -2109, /* ERC_BUSY */
    WH_ERROR_SHE_MEMORY_FAILURE      = -2110, /* ERC_MEMORY_FAILURE: NVM failed */
    WH_ERROR_SHE_GENERAL_ERROR       = -2111, /* ERC_GENERAL_ERROR: bad lengths, anything else */
};

#endif /* !WOLFHSM_WH_ERROR_H_ */
