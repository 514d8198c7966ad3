/*
 * wh_utils.c: see wolfhsm/wh_utils.h.
 */
#include <string.h>

#include "wolfhsm/wh_utils.h"

void wh_Utils_ForceZero(void* p, size_t size)
{
    memset(p, 0, size);
    /* The asm claims to read p's memory: the compiler must keep the stores above. */
    __asm__ __volatile__("" : : "r"(p) : "memory");
}
