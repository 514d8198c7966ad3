/*
 * port/posix/posix_hwsem.c: the hardware-semaphore gate's take in the host model of the gate
 * (threads and processes on Linux): a C11 compare-and-set (see wolfhsm/wh_lock_hwsem.h).
 */
#include <stdatomic.h>
#include <stdint.h>

#include "wolfhsm/wh_lock_hwsem.h"

int wh_LockHwSem_GateTake(whHwSemGate* gate, uint32_t id)
{
    uint32_t expected = 0;

    return atomic_compare_exchange_strong_explicit(&gate->owner, &expected, id,
                                                   memory_order_acquire, memory_order_relaxed);
}
