/*
 * tests/bench/target/wh_bench_target.h: what the two benchmark images of make bench-target
 * exchange beside the mailboxes: core 1 (core1_bench.c) publishes its figures for the
 * operations it ran directly with wolfCrypt, before it serves; core 0 (core0_bench.c) reads
 * them. A block of words in the shared SRAM after the mailboxes' region (MPS2_SHARED_FREE);
 * core 0's boot stage zeroes it with the rest of the shared SRAM.
 *
 * WH_BENCH_DIRECT[0] is the magic, written last; [1..5] and [8..10] nanoseconds (=
 * instructions under -icount shift=0) per operation; [6] core 1's stack size; [11] which
 * build core 1 is. [7] core 1's
 * stack high-water mark, which core 1 measures itself at the end of the session, before it
 * says DONE (hsmState): core 0 cannot read the HSM's RAM. Both sides loop each operation as
 * often (WH_BENCH_*_ROUNDS).
 */
#ifndef WH_BENCH_TARGET_H_
#define WH_BENCH_TARGET_H_

#include <stdint.h>

#include "port/mps2/mps2_board.h"

#define WH_BENCH_MAGIC_OK 0xBE4C0005u /* layout version 5 */
#define WH_BENCH_MAGIC_FAIL 0xBE4CFA11u
#define WH_BENCH_CMAC 1u /* AES-CMAC 16 B */
#define WH_BENCH_SHA256_1K 2u
#define WH_BENCH_SIGN 3u /* ECDSA P-256 */
#define WH_BENCH_VERIFY 4u
#define WH_BENCH_KEYGEN 5u /* P-256 */
#define WH_BENCH_STACK_SIZE 6u
#define WH_BENCH_STACK_USED 7u
#define WH_BENCH_SHA256_64K 8u /* the large input of requests by address */
#define WH_BENCH_CMAC_64K 9u
/* AES-CMAC 16 B on a prepared key and a 32-bit tag check: the MAC fast path's crypto */
#define WH_BENCH_MAC_FAST 10u
/* 1: core 1 is the plain build's image (without WOLFHSM_CFG_THREADSAFE, WH_BENCH_PLAIN): it
 * ran nothing directly, and core 0 measures the NVM read alone (the NVM lock's cost) */
#define WH_BENCH_PLAIN_BUILD 11u
#define WH_BENCH_WORDS 12u

#define WH_BENCH_CMAC_ROUNDS 200u
#define WH_BENCH_MAC_ROUNDS 500u
#define WH_BENCH_SHA_ROUNDS 50u
#define WH_BENCH_ECC_ROUNDS 3u
#define WH_BENCH_BIG_ROUNDS 3u
#define WH_BENCH_NVM_ROUNDS 500u
#define WH_BENCH_BIG (64u * 1024u)

#define WH_BENCH_DIRECT_BASE MPS2_SHARED_FREE
#define WH_BENCH_DIRECT ((volatile uint32_t*)(uintptr_t)WH_BENCH_DIRECT_BASE)
_Static_assert(WH_BENCH_DIRECT_BASE + WH_BENCH_WORDS * sizeof(uint32_t) <=
                   MPS2_SHARED_BASE + MPS2_SHARED_SIZE,
               "the benchmark block overflows the shared SRAM");

#endif /* !WH_BENCH_TARGET_H_ */
