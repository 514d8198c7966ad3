/*
 * tests/bench/target/core1_bench.c - the HSM firmware of `make bench-target` (core 1 of
 * mps2-an521): the product's serving (core1_hsm.h, the same NVM file flash as core1_main.c,
 * its own file in build/target/bench/), and before it starts serving, the benchmarked
 * operations called directly with wolfCrypt on this core, no mailbox and no server, so that
 * core 0 (core0_bench.c) can print them beside the same operations requested through the HSM.
 *
 * Core 0's first request (connect) is waiting while the direct runs go, core 0 asleep in
 * WFI, so under -icount shift=0 the virtual time measured here is this core's instructions
 * alone (plus the two SysTick interrupts, some 40 instructions per millisecond: below
 * 0.01 %). One tick of mps2Timer_Ticks is 50 ns = 50 instructions, so every operation runs
 * in a loop.
 *
 * What "direct" means, per operation (the HSM does the same wolfCrypt calls, plus fetching
 * the key from its cache, checking its usage and wiping the copy):
 *   AES-CMAC 16 B   wc_AesCmacGenerate with the raw key (key schedule included: the HSM sets
 *                   the key up for every request too)
 *   SHA-256 1 KiB   wc_InitSha256, wc_Sha256Update, wc_Sha256Final
 *   ECDSA sign      wc_ecc_sign_hash of a 32-byte digest with a key already loaded
 *   ECDSA verify    wc_ecc_verify_hash, key already loaded
 *   P-256 keygen    wc_ecc_init, wc_ecc_make_key_ex, wc_ecc_free
 *   SHA-256 64 KiB  wc_InitSha256, wc_Sha256Update of all 64 KiB, wc_Sha256Final
 *   AES-CMAC 64 KiB wc_AesCmacGenerate of all 64 KiB with the raw key
 *   (the 64 KiB are the NVM image's RAM, flashMem: this image has no other 64 KiB to spare,
 *   and what the bytes are does not change the instructions)
 *
 * It also paints this core's stack (mps2Stack_Paint) before anything deep has run and
 * publishes the high-water mark of the whole session (the direct run and every request
 * served) when the session is over, before it says DONE: core 0 prints it (it cannot read the
 * HSM's RAM itself).
 *
 * The figures go to WH_BENCH_DIRECT[] (wh_bench_target.h).
 *
 * Built with WH_BENCH_PLAIN (and its server without WOLFHSM_CFG_THREADSAFE, into
 * build/target/bench/plain/), it runs nothing directly and says so (WH_BENCH_PLAIN_BUILD):
 * core 0 then measures only the NVM read, the plain build's side of the NVM lock's cost.
 */
#include <stdint.h>
#include <string.h>

#include "core0_kat.h"
#include "core1_hsm.h"
#include "core1_target.h"
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_console.h"
#include "port/mps2/mps2_flash_semihost.h"
#include "port/mps2/mps2_stack.h"
#include "port/mps2/mps2_timer.h"
#include "wh_bench_target.h"
#include "wh_server_internal.h"

#include <wolfssl/wolfcrypt/settings.h>

#include <wolfssl/wolfcrypt/cmac.h>
#include <wolfssl/wolfcrypt/ecc.h>
#include <wolfssl/wolfcrypt/random.h>
#include <wolfssl/wolfcrypt/sha256.h>

/* The bench's own NVM file, in QEMU's working directory (the image's: NVM_DIR), erased at
 * every run by make bench-target. */
#define NVM_FILE "hsm_nvm.bin"
#define NVM_DIR "build/target/bench/"

static uint8_t flashMem[CORE1_FLASH_SIZE] __attribute__((aligned(8)));
_Static_assert(CORE1_FLASH_SIZE >= WH_BENCH_BIG, "the direct 64 KiB runs read flashMem");
static mps2FlashSemihostContext flashCtx;
static const whFlashCb          flashCb = MPS2_FLASH_SEMIHOST_CB;

const core1Flash core1_Flash = {
    .store  = {.cb = &flashCb, .context = &flashCtx},
    .medium = "a flash in HSM-private RAM, written through to " NVM_DIR NVM_FILE
              " on every program and erase",
};

const whServerPolicy* const core1_Policy[CORE1_NCTX] = {NULL, NULL, NULL}; /* the default */
const uint64_t              core1_ConfigDigest       = 0;                  /* any client */

#ifndef WH_BENCH_PLAIN
/* Big wolfCrypt objects are static, not on the stack: the stack mark should show what the
 * HSM's request path needs, not this benchmark's frames. */
static WC_RNG  rng;
static ecc_key key;
static ecc_key genKey;
static uint8_t kib[1024];

static uint32_t nsPer(uint32_t start, unsigned n)
{
    return (uint32_t)(((uint64_t)(mps2Timer_Ticks() - start) * 50u) / n);
}

static int benchCmac(void)
{
    uint8_t  tag[16];
    word32   tagLen = sizeof(tag);
    uint32_t start  = mps2Timer_Ticks();
    unsigned i;

    for (i = 0; i < WH_BENCH_CMAC_ROUNDS; i++) {
        tagLen = sizeof(tag);
        if (wc_AesCmacGenerate(tag, &tagLen, katCmacMsg, sizeof(katCmacMsg), katCmacKey,
                               sizeof(katCmacKey)) != 0) {
            return -1;
        }
    }
    WH_BENCH_DIRECT[WH_BENCH_CMAC] = nsPer(start, WH_BENCH_CMAC_ROUNDS);
    return ((tagLen == sizeof(katCmacTag)) && (memcmp(tag, katCmacTag, sizeof(tag)) == 0)) ? 0 : -1;
}

/* The MAC fast path's crypto alone: the key prepared once (as the HSM does when the key is
 * first used), then AES-CMAC of 16 bytes and the check of a 32-bit tag per round. */
static int benchMacFast(void)
{
    whServerMacPrepared prep;
    uint8_t             mac[16];
    int                 ok = 1;
    uint32_t            start;
    unsigned            i;

    if (wh_Server_MacPrepare(&prep, katCmacKey, sizeof(katCmacKey)) != WH_ERROR_OK) {
        return -1;
    }
    start = mps2Timer_Ticks();
    for (i = 0; i < WH_BENCH_MAC_ROUNDS; i++) {
        ok &= (wh_Server_MacCmac(&prep, katCmacMsg, sizeof(katCmacMsg) * 8u, mac) == WH_ERROR_OK);
        ok &= wh_Server_MacTagMatch(mac, katCmacTag, 32u);
    }
    WH_BENCH_DIRECT[WH_BENCH_MAC_FAST] = nsPer(start, WH_BENCH_MAC_ROUNDS);
    wh_Server_MacWipe(&prep);
    return ok ? 0 : -1;
}

static int benchSha(void)
{
    wc_Sha256 sha;
    uint8_t   digest[32];
    uint32_t  start;
    unsigned  i;

    memset(kib, KAT_SHA_1K_FILL, sizeof(kib));
    start = mps2Timer_Ticks();
    for (i = 0; i < WH_BENCH_SHA_ROUNDS; i++) {
        if ((wc_InitSha256(&sha) != 0) || (wc_Sha256Update(&sha, kib, sizeof(kib)) != 0) ||
            (wc_Sha256Final(&sha, digest) != 0)) {
            return -1;
        }
    }
    WH_BENCH_DIRECT[WH_BENCH_SHA256_1K] = nsPer(start, WH_BENCH_SHA_ROUNDS);
    return (memcmp(digest, katSha256Of1K, sizeof(digest)) == 0) ? 0 : -1;
}

static int benchEcc(void)
{
    uint8_t  digest[32];
    uint8_t  sig[ECC_MAX_SIG_SIZE];
    word32   sigLen = sizeof(sig);
    int      res    = 0;
    uint32_t start;
    unsigned i;

    memcpy(digest, katSha256Of1K, sizeof(digest));
    if ((wc_InitRng(&rng) != 0) || (wc_ecc_init(&key) != 0) ||
        (wc_ecc_make_key_ex(&rng, 32, &key, ECC_SECP256R1) != 0)) {
        return -1;
    }
    start = mps2Timer_Ticks();
    for (i = 0; i < WH_BENCH_ECC_ROUNDS; i++) {
        int ret = wc_ecc_init(&genKey);
        if (ret == 0) {
            ret = wc_ecc_make_key_ex(&rng, 32, &genKey, ECC_SECP256R1);
            wc_ecc_free(&genKey);
        }
        if (ret != 0) {
            return -1;
        }
    }
    WH_BENCH_DIRECT[WH_BENCH_KEYGEN] = nsPer(start, WH_BENCH_ECC_ROUNDS);

    start = mps2Timer_Ticks();
    for (i = 0; i < WH_BENCH_ECC_ROUNDS; i++) {
        sigLen = sizeof(sig);
        if (wc_ecc_sign_hash(digest, sizeof(digest), sig, &sigLen, &rng, &key) != 0) {
            return -1;
        }
    }
    WH_BENCH_DIRECT[WH_BENCH_SIGN] = nsPer(start, WH_BENCH_ECC_ROUNDS);

    start = mps2Timer_Ticks();
    for (i = 0; i < WH_BENCH_ECC_ROUNDS; i++) {
        if ((wc_ecc_verify_hash(sig, sigLen, digest, sizeof(digest), &res, &key) != 0) ||
            (res != 1)) {
            return -1;
        }
    }
    WH_BENCH_DIRECT[WH_BENCH_VERIFY] = nsPer(start, WH_BENCH_ECC_ROUNDS);
    wc_ecc_free(&key);
    (void)wc_FreeRng(&rng);
    return 0;
}

/* The large input of requests by address, hashed and MACed in one call each. */
static int benchBig(void)
{
    wc_Sha256 sha;
    uint8_t   digest[32];
    uint8_t   tag[16];
    word32    tagLen = sizeof(tag);
    uint32_t  start;
    unsigned  i;

    start = mps2Timer_Ticks();
    for (i = 0; i < WH_BENCH_BIG_ROUNDS; i++) {
        if ((wc_InitSha256(&sha) != 0) || (wc_Sha256Update(&sha, flashMem, WH_BENCH_BIG) != 0) ||
            (wc_Sha256Final(&sha, digest) != 0)) {
            return -1;
        }
    }
    WH_BENCH_DIRECT[WH_BENCH_SHA256_64K] = nsPer(start, WH_BENCH_BIG_ROUNDS);
    start                                = mps2Timer_Ticks();
    for (i = 0; i < WH_BENCH_BIG_ROUNDS; i++) {
        tagLen = sizeof(tag);
        if (wc_AesCmacGenerate(tag, &tagLen, flashMem, WH_BENCH_BIG, katCmacKey,
                               sizeof(katCmacKey)) != 0) {
            return -1;
        }
    }
    WH_BENCH_DIRECT[WH_BENCH_CMAC_64K] = nsPer(start, WH_BENCH_BIG_ROUNDS);
    return 0;
}

#endif /* !WH_BENCH_PLAIN */

static void benchDirect(void)
{
    volatile uint32_t* out = WH_BENCH_DIRECT;
    int                ret;

    mps2Stack_Paint();
    out[WH_BENCH_STACK_SIZE] = (uint32_t)(mps2Stack_Top() - mps2Stack_Limit());
#ifdef WH_BENCH_PLAIN
    /* The plain build: served alone, for the NVM read without the NVM lock. */
    out[WH_BENCH_PLAIN_BUILD] = 1u;
    ret                       = 0;
#else
    mps2Console_Printf(
        "core1: bench: direct wolfCrypt runs on this core (core 0 waits meanwhile)\n");
    ret = benchCmac();
    ret = (ret == 0) ? benchMacFast() : ret;
    ret = (ret == 0) ? benchSha() : ret;
    ret = (ret == 0) ? benchEcc() : ret;
    ret = (ret == 0) ? benchBig() : ret;
#endif
    mps2Console_Printf("core1: bench: direct runs %s; stack high-water so far %u B of %u B\n",
                       (ret == 0) ? "done" : "FAILED (wrong result or wolfCrypt error)",
                       (unsigned)mps2Stack_Used(mps2Stack_Limit(), mps2Stack_Top()),
                       (unsigned)(mps2Stack_Top() - mps2Stack_Limit()));
    /* The figures are visible before the word that says they are there. */
    __asm volatile("dsb" ::: "memory");
    out[0] = (ret == 0) ? WH_BENCH_MAGIC_OK : WH_BENCH_MAGIC_FAIL;
    __asm volatile("dsb" ::: "memory");
}

int core1_Main(void)
{
    static const core1Hooks hooks = {.idle = core1_SessionsOver, .pass = NULL, .fatalWatchdog = 1};
    const mps2FlashSemihostConfig flashCfg = {.path        = NVM_FILE,
                                              .image       = flashMem,
                                              .size        = sizeof(flashMem),
                                              .sectorSize  = CORE1_FLASH_SECTOR,
                                              .programUnit = CORE1_FLASH_UNIT};
    int                           ret;

    core1_Boot();
    ret = core1_Start(&flashCfg);
    if (ret == MPS2_EXIT_OK) {
        benchDirect(); /* core 0 waits for its first answer meanwhile */
        ret = core1_Serve(&hooks);
    }
    if (ret == MPS2_EXIT_OK) {
        /* Before core1_End says DONE, which core 0 waits for. */
        WH_BENCH_DIRECT[WH_BENCH_STACK_USED] = mps2Stack_Used(mps2Stack_Limit(), mps2Stack_Top());
        core1_End();
    }
    return ret;
}
