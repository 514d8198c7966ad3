/*
 * port/cortexm/cortexm_hwsem.c: the hardware-semaphore gate's take on Cortex-M (ARMv7-M,
 * ARMv8-M Mainline): LDREX/STREX on the gate word (see wolfhsm/wh_lock_hwsem.h).
 */
#include <stdint.h>

#include "wolfhsm/wh_lock_hwsem.h"

#if !defined(__ARM_ARCH) || !defined(__thumb2__)
/* The host links port/posix/posix_hwsem.c instead. */
#error "port/cortexm/cortexm_hwsem.c is for Cortex-M with Thumb-2 (LDREX/STREX)"
#endif

int wh_LockHwSem_GateTake(whHwSemGate* gate, uint32_t id)
{
    /* The exclusive monitor fails the store if anyone touched the word in between. */
    uint32_t seen;
    uint32_t failed = 1;

    __asm__ __volatile__("ldrex %0, [%1]" : "=r"(seen) : "r"(&gate->owner) : "memory");
    if (seen == 0u) {
        __asm__ __volatile__("strex %0, %2, [%1]"
                             : "=&r"(failed)
                             : "r"(&gate->owner), "r"(id)
                             : "memory");
    }
    else {
        __asm__ __volatile__("clrex" ::: "memory");
    }
    __asm__ __volatile__("dmb" ::: "memory"); /* acquire: nothing moves above the take */
    return (seen == 0u) && (failed == 0u);
}
