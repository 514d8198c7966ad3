/*
 * tests/target/wh_target_control.h: how the on-target test harness on core 0
 * (wh_test_target.c) drives the HSM core's life the way a test rig drives a reset line,
 * through a control block in the shared SRAM that only the test images use, after the
 * mailboxes' region (MPS2_SHARED_FREE). The HSM's test firmware (core1_test.c) carries the
 * requests out; the product firmware has no such code.
 *
 * Core 0 writes arg[], then request = seq << 8 | op, and rings core 1 with
 * WH_TARGET_CTRL_MHU_BIT (no server context has that bit); core 1 carries it out between
 * scheduler passes, with no request in flight, writes result and out[], then done = seq, and
 * rings core 0. Core 0 zeroes the block with the rest of the shared SRAM at boot.
 */
#ifndef WH_TARGET_CONTROL_H_
#define WH_TARGET_CONTROL_H_

#include <stdint.h>

#include "port/mps2/mps2_board.h"

#define WH_TARGET_CTRL_RESET 1u  /* power-cycle with erased NVM; arg[n]: client id of mailbox n */
#define WH_TARGET_CTRL_REBOOT 2u /* power-cycle keeping the flash content; arg[] as RESET */
#define WH_TARGET_CTRL_STATS 3u  /* arg[0]: mailbox -> out[] requests, malformed, connected */
#define WH_TARGET_CTRL_FAULT 4u  /* core 1 reads an address that does not exist: a fault */
#define WH_TARGET_CTRL_HANG 5u   /* core 1 stops serving (interrupts on): its watchdog must bite */
/* out[] = where the HSM keeps its secrets (Secure aliases), for the isolation probes
 * (wh_target_probe.c): mailbox 0's key cache entry holding a key (the first full one), the
 * NVM image, a word of the HSM's stack. */
#define WH_TARGET_CTRL_ADDRS 6u
/* arg[0]: the SHE's simulated debugger input from now on (core1_debug.h); RESET and REBOOT
 * set it back to 0, as a power-cycle does. */
#define WH_TARGET_CTRL_DEBUGGER 7u
/* arg[0]: core 1 restarts in arg[0] ms (1..), at whatever it does then, as its watchdog
 * restarts it (core1_RestartCore): a request half served, a flash write half done. Its RAM
 * flash outlives the restart (the NVM is remounted), and so do the control block and its
 * sequence: a request left undone by the restart is not carried out by the next life. */
#define WH_TARGET_CTRL_RESTART_IN 8u
/* The scheduler's order (wh_target_priority.c). HOLD: core 1 answers, then serves nothing
 * until core 0 writes release = out[0] (this request's seq), so that requests core 0 sends
 * meanwhile all wait for the same step; from the release on, core 1 logs the steps that serve
 * (a step: one scheduler pass with work, one request or one slice per context at most). LOG:
 * out[] = the log so far, WH_TARGET_LOG_PER_WORD steps a word from bit 0, each the mask of
 * the mailboxes served in it (0: the log ended). */
#define WH_TARGET_CTRL_HOLD 16u
#define WH_TARGET_CTRL_LOG 17u
#define WH_TARGET_LOG_BITS 3u /* a mask of MPS2_CLIENT_COUNT mailboxes */
#define WH_TARGET_LOG_PER_WORD (32u / WH_TARGET_LOG_BITS)
_Static_assert(MPS2_CLIENT_COUNT <= WH_TARGET_LOG_BITS, "a log entry holds a mailbox mask");

typedef struct whTargetControl_t {
    volatile uint32_t request;
    volatile uint32_t done;
    volatile int32_t  result;
    volatile uint32_t arg[MPS2_CLIENT_COUNT];
    volatile uint32_t out[3];
    volatile uint32_t release; /* HOLD's seq: core 1 serves again */
} whTargetControl;

#define WH_TARGET_CTRL_BASE MPS2_SHARED_FREE
#define WH_TARGET_CTRL ((whTargetControl*)(uintptr_t)WH_TARGET_CTRL_BASE)
_Static_assert(WH_TARGET_CTRL_BASE + sizeof(whTargetControl) <= MPS2_SHARED_BASE + MPS2_SHARED_SIZE,
               "the test control block overflows the shared SRAM");

/* The MHU0 bit core 0 rings the HSM with for a control request: the one after the clients'. */
#define WH_TARGET_CTRL_MHU_BIT (1u << MPS2_CLIENT_COUNT)
_Static_assert(MPS2_CLIENT_COUNT < MPS2_MHU_BITS,
               "the control block needs an MHU bit of its own beside the clients'");

#endif /* !WH_TARGET_CONTROL_H_ */
