/*
 * core0_board.h - what every core0_host image (the demo, core0_main.c; the on-target tests
 * and the benchmark under tests/) does on mps2-an521 CPU0, Non-secure, before its clients talk
 * to the HSM. The Secure boot stage (boot/) ran first: it partitioned the board, zeroed the
 * shared SRAM (mailbox protocol step 0), released CPU1 at the HSM image and timed the
 * icount mode.
 *   core0_Boot        console, SysTick, the icount mode from the boot flags, our MHU line
 *                     enabled;
 *   core0_ClientInit  a client on mailbox n (0..MPS2_CLIENT_COUNT-1) over the MHU doorbells
 *                     (rung and acknowledged through the boot stage: port/mps2/mps2_gateway.h);
 *   costs             time in MAINCLK ticks, shown per request in virtual microseconds and,
 *                     under -icount shift=0, in instructions (both cores, idle time included).
 */
#ifndef CORE0_BOARD_H_
#define CORE0_BOARD_H_

#include <stdint.h>

#include "port/mps2/mps2_doorbell.h"
#include "wolfhsm/wh_client.h"

/* Our doorbell (rung by the HSM through MHU1 -> CPU0); its `events` count our interrupts. */
extern mps2Doorbell core0_SelfDoorbell;

/* Start the host application on core 0 (see above). */
void core0_Boot(void);

/* Init client on mailbox n; waits of the blocking calls end after timeoutMs. It presents
 * core0_ConfigDigest at connect. */
int core0_ClientInit(whClientContext* client, unsigned n, uint32_t timeoutMs);
/* The config core0_ClientInit inits a client with: for a client another module inits (the
 * Crypto Driver's). Every client of mailbox n shares its transport context, so they may take
 * turns on the mailbox (one request in flight at a time). */
int core0_ClientConfig(whClientConfig* out_config, unsigned n, uint32_t timeoutMs);

/* The digest of the ECU's crypto configuration this image was built with, which its clients
 * present at connect (the HSM refuses another: WH_ERROR_CONFIG_MISMATCH). Each image defines
 * it: the demo's is the Crypto Driver configuration's (core0_host/autosar/secoc/), the test
 * and benchmark images' 0. */
extern const uint64_t core0_ConfigDigest;

/* 1 when QEMU runs with -icount shift=0 (1 ns of virtual time = 1 guest instruction). */
int core0_IcountMode(void);

/* Nanoseconds per request (= instructions under icount) for ticks spent on n requests. */
uint32_t core0_NsPer(uint32_t ticks, unsigned n);

/* Print " [12.34 us, 12340 instructions per request]\n" (instructions only under icount). */
void core0_PrintCost(uint32_t ticks, unsigned n);

#endif /* !CORE0_BOARD_H_ */
