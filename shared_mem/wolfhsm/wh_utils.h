/*
 * wolfhsm/wh_utils.h: small helpers shared by both cores.
 */
#ifndef WOLFHSM_WH_UTILS_H_
#define WOLFHSM_WH_UTILS_H_

#include <stddef.h>

/* Overwrite size bytes at p with zeros in a way the compiler cannot remove (for secrets). */
void wh_Utils_ForceZero(void* p, size_t size);

#endif /* !WOLFHSM_WH_UTILS_H_ */
