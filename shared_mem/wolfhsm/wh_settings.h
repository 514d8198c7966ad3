/*
 * wolfhsm/wh_settings.h
 *
 * Every WOLFHSM_CFG_* knob of the stack, with its default. Override a knob with -D on the
 * compiler command line (both cores must agree on the ones marked "wire"). Bad combinations
 * stop the build with an #error saying what to do.
 *
 *   WOLFHSM_CFG_THREADSAFE          undefined  Serialise the shared NVM context and global
 *                                              key cache with the lock embedded in the NVM
 *                                              context. Undefined: lock macros are no code.
 *   WOLFHSM_CFG_GLOBAL_KEYS         undefined  Keys a client may mark global (shared by all
 *                                              clients), cached in the NVM context.
 *   WOLFHSM_CFG_COMM_DATA_LEN       3072       wire: largest message payload in bytes. An LMS
 *                                              verify carries key, signature and message in one
 *                                              request: 3072 fits two-level H5/W8 HSS (RFC 8554
 *                                              test case 1); raise it for larger parameters.
 *   WOLFHSM_CFG_CACHE_LINE          64         wire: cache line size; mailbox words written by
 *                                              different cores never share a line.
 *   WOLFHSM_CFG_SERVER_ID           1          Identity the server reports on connect.
 *   WOLFHSM_CFG_COMM_SPIN           4000       Polls of the mailbox before a waiting side
 *                                              sleeps on its doorbell (0: sleep at once).
 *   WOLFHSM_CFG_TRANSPORT_MEM_ONLY  undefined  The comm layer calls the mailbox transport
 *                                              (wh_transport_mem.h) directly, not through the
 *                                              config's callback table, so the compiler can
 *                                              fold client, comm and transport together; Init
 *                                              refuses any other transport. For images with
 *                                              no other (the firmware).
 *   WOLFHSM_CFG_DOORBELL_HOOKS      undefined  Doorbells are rung and waited on through the
 *                                              board's wh_Board_Doorbell* hooks, not their
 *                                              callback table (wh_doorbell.h): for images
 *                                              whose doorbells are all the board's.
 *   WOLFHSM_CFG_SERVER_KEYCACHE_COUNT 8        Key slots in each server context's cache.
 *   WOLFHSM_CFG_GLOBAL_KEYCACHE_COUNT 8        Key slots in the global cache (GLOBAL_KEYS).
 *                                              At most all but one hold uncommitted keys, so
 *                                              a committed global key can always be loaded.
 *   WOLFHSM_CFG_GLOBAL_KEY_QUOTA    COUNT / 2  Uncommitted global keys one client may hold
 *                                              when its policy does not say (wh_server.h).
 *   WOLFHSM_CFG_KEYCACHE_BUFSIZE    512        Largest key in bytes.
 *   WOLFHSM_CFG_SERVER_MAC_PREPARED 2          MAC fast path (wh_message_crypto.h): AES keys
 *                                              of a context's own cache kept prepared (round
 *                                              keys and CMAC subkeys, about 0.6 KiB each on
 *                                              the target), least recently used replaced.
 *   WOLFHSM_CFG_NVM_OBJECT_COUNT    128        Objects the NVM store can hold.
 *   WOLFHSM_CFG_SERVER_DMA_MAX      4096       Requests by address: the most bytes of NVM
 *                                              object data (add, read) and of AES-GCM data
 *                                              one request takes. The HSM holds them in
 *                                              private memory (on its stack) so that it reads
 *                                              each input byte once and writes an output only
 *                                              after the operation succeeded. Hashes, MACs,
 *                                              signature checks and GCM's AAD stream through
 *                                              in chunks: any length.
 */
#ifndef WOLFHSM_WH_SETTINGS_H_
#define WOLFHSM_WH_SETTINGS_H_

#ifndef WOLFHSM_CFG_COMM_DATA_LEN
#define WOLFHSM_CFG_COMM_DATA_LEN 3072
#endif

#ifndef WOLFHSM_CFG_CACHE_LINE
#define WOLFHSM_CFG_CACHE_LINE 64
#endif

#ifndef WOLFHSM_CFG_COMM_SPIN
#define WOLFHSM_CFG_COMM_SPIN 4000
#endif

#ifndef WOLFHSM_CFG_SERVER_ID
#define WOLFHSM_CFG_SERVER_ID 1
#endif

/* Long operations in slices (whServerConfig.slices): the operations that may be in progress
 * at once, in all contexts (each slot holds wolfCrypt's non-blocking state, about 3 KiB; a
 * context that finds none free runs its operation in one go), the wolfCrypt steps one
 * slice runs, and the bytes of input one slice of a digest or MAC by address takes (its state
 * is the context's own stream: no slot). */
#ifndef WOLFHSM_CFG_SLICE_SLOTS
#define WOLFHSM_CFG_SLICE_SLOTS 1
#endif
#ifndef WOLFHSM_CFG_SLICE_BYTES
#define WOLFHSM_CFG_SLICE_BYTES 4096
#endif
#ifndef WOLFHSM_CFG_SLICE_STEPS
#define WOLFHSM_CFG_SLICE_STEPS 16
#endif

#ifndef WOLFHSM_CFG_SERVER_KEYCACHE_COUNT
#define WOLFHSM_CFG_SERVER_KEYCACHE_COUNT 8
#endif

#ifndef WOLFHSM_CFG_GLOBAL_KEYCACHE_COUNT
#define WOLFHSM_CFG_GLOBAL_KEYCACHE_COUNT 8
#endif

#ifndef WOLFHSM_CFG_GLOBAL_KEY_QUOTA
#define WOLFHSM_CFG_GLOBAL_KEY_QUOTA (WOLFHSM_CFG_GLOBAL_KEYCACHE_COUNT / 2)
#endif

#ifndef WOLFHSM_CFG_KEYCACHE_BUFSIZE
#define WOLFHSM_CFG_KEYCACHE_BUFSIZE 512
#endif

#ifndef WOLFHSM_CFG_SERVER_MAC_PREPARED
#define WOLFHSM_CFG_SERVER_MAC_PREPARED 2
#endif

#ifndef WOLFHSM_CFG_NVM_OBJECT_COUNT
#define WOLFHSM_CFG_NVM_OBJECT_COUNT 128
#endif

#ifndef WOLFHSM_CFG_SERVER_DMA_MAX
#define WOLFHSM_CFG_SERVER_DMA_MAX 4096
#endif

#if (WOLFHSM_CFG_COMM_DATA_LEN < 256) || (WOLFHSM_CFG_COMM_DATA_LEN > 16384)
#error "WOLFHSM_CFG_COMM_DATA_LEN must be 256..16384: smaller cannot carry key messages"
#endif
#if (WOLFHSM_CFG_COMM_DATA_LEN % 8) != 0
#error "WOLFHSM_CFG_COMM_DATA_LEN must be a multiple of 8 to keep payloads aligned"
#endif
#if (WOLFHSM_CFG_CACHE_LINE < 16) || ((WOLFHSM_CFG_CACHE_LINE & (WOLFHSM_CFG_CACHE_LINE - 1)) != 0)
#error "WOLFHSM_CFG_CACHE_LINE must be a power of two, at least 16"
#endif

#if (WOLFHSM_CFG_SERVER_KEYCACHE_COUNT < 1) || (WOLFHSM_CFG_GLOBAL_KEYCACHE_COUNT < 2)
#error "key caches need a slot (the global one two: one stays for loading committed keys)"
#endif
#if (WOLFHSM_CFG_GLOBAL_KEY_QUOTA < 1) || \
    (WOLFHSM_CFG_GLOBAL_KEY_QUOTA >= WOLFHSM_CFG_GLOBAL_KEYCACHE_COUNT)
#error "WOLFHSM_CFG_GLOBAL_KEY_QUOTA: 1 .. WOLFHSM_CFG_GLOBAL_KEYCACHE_COUNT - 1"
#endif
#if (WOLFHSM_CFG_SERVER_MAC_PREPARED < 1) || (WOLFHSM_CFG_SERVER_MAC_PREPARED > 255)
#error "WOLFHSM_CFG_SERVER_MAC_PREPARED must be 1..255"
#endif
#if (WOLFHSM_CFG_KEYCACHE_BUFSIZE % 8) != 0
#error "WOLFHSM_CFG_KEYCACHE_BUFSIZE must be a multiple of 8"
#endif
#if (WOLFHSM_CFG_KEYCACHE_BUFSIZE + 64) > WOLFHSM_CFG_COMM_DATA_LEN
#error "WOLFHSM_CFG_KEYCACHE_BUFSIZE must leave 64 bytes of the payload for the key header"
#endif
#if (WOLFHSM_CFG_NVM_OBJECT_COUNT < 8) || (WOLFHSM_CFG_NVM_OBJECT_COUNT > 4096)
#error "WOLFHSM_CFG_NVM_OBJECT_COUNT must be 8..4096"
#endif
#if (WOLFHSM_CFG_SERVER_DMA_MAX < 16) || (WOLFHSM_CFG_SERVER_DMA_MAX > 65535)
#error "WOLFHSM_CFG_SERVER_DMA_MAX must be 16..65535 (NVM objects are at most 65535 bytes)"
#endif

#endif /* !WOLFHSM_WH_SETTINGS_H_ */
