/*
 * port/mps2/mps2_demo.h
 *
 * The demo's one control word to the HSM (make run), in the shared SRAM after the mailboxes'
 * region (MPS2_SHARED_FREE; the test images keep their control block there instead, in
 * images of their own). Core 0 writes MPS2_DEMO_STALL; core 1's serving loop, between two
 * scheduler passes, clears it and stops coming round, as a handler stuck in a loop would, so
 * that its watchdog restarts core 1 (core1_main.c). The HSM's product firmware leaves it out
 * with CORE1_DEMO_STALL 0. Core 0's boot stage zeroes it with the rest of the shared SRAM.
 */
#ifndef PORT_MPS2_MPS2_DEMO_H_
#define PORT_MPS2_MPS2_DEMO_H_

#include "port/mps2/mps2_board.h"

#define MPS2_DEMO_WORD MPS2_REG(MPS2_SHARED_FREE)
#define MPS2_DEMO_STALL 0x5A11u
_Static_assert(MPS2_SHARED_FREE + sizeof(uint32_t) <= MPS2_SHARED_BASE + MPS2_SHARED_SIZE,
               "the demo's word overflows the shared SRAM");

#endif /* !PORT_MPS2_MPS2_DEMO_H_ */
