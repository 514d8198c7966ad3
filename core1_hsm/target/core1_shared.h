/*
 * core1_shared.h - what the HSM firmware keeps in the shared SRAM beyond the board's region
 * (port/mps2/mps2_board.h): the gate word of its NVM lock, a hardware-semaphore gate
 * (lock_hw, wolfhsm/wh_lock_hwsem.h). Only the HSM core takes it; it lies in the shared SRAM
 * because that is where a gate is, as a hardware semaphore's would be, seen by both cores.
 * Core 0 zeroes the whole shared SRAM before it releases core 1 (mailbox protocol step 0),
 * so the gate starts free.
 */
#ifndef CORE1_SHARED_H_
#define CORE1_SHARED_H_

#include <stdint.h>

#include "port/mps2/mps2_board.h"
#include "wolfhsm/wh_lock_hwsem.h"

typedef struct core1SharedArea_t {
    whHwSemGate nvmGate; /* the NVM lock's LDREX/STREX gate (0: free) */
} core1SharedArea;

#define CORE1_SHARED_BASE MPS2_SHARED_FREE
#define CORE1_SHARED ((core1SharedArea*)(uintptr_t)CORE1_SHARED_BASE)
/* Where the next block may start (a test or benchmark image's). */
#define CORE1_SHARED_END (CORE1_SHARED_BASE + MPS2_SHARED_ROUND_UP(sizeof(core1SharedArea)))
_Static_assert(CORE1_SHARED_END <= MPS2_SHARED_BASE + MPS2_SHARED_SIZE,
               "the HSM's shared area overflows the shared SRAM");

#endif /* !CORE1_SHARED_H_ */
