/*
 * wh_utils.c: see wolfhsm/wh_utils.h.
 */
#include <stdint.h>
#include <string.h>

#include "wolfhsm/wh_utils.h"

void wh_Utils_ForceZero(void* p, size_t size)
{
    memset(p, 0, size);
    /* The asm claims to read p's memory: the compiler must keep the stores above. */
    __asm__ __volatile__("" : : "r"(p) : "memory");
}

int wh_Utils_ConstantCompare(const void* a, const void* b, size_t size)
{
    const uint8_t* x    = a;
    const uint8_t* y    = b;
    uint8_t        diff = 0;
    size_t         i;

    for (i = 0; i < size; i++) {
        diff |= (uint8_t)(x[i] ^ y[i]);
    }
    return diff;
}
