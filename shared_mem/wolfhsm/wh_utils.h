/*
 * wolfhsm/wh_utils.h: small helpers shared by both cores.
 */
#ifndef WOLFHSM_WH_UTILS_H_
#define WOLFHSM_WH_UTILS_H_

#include <stddef.h>

/* Overwrite size bytes at p with zeros in a way the compiler cannot remove (for secrets). */
void wh_Utils_ForceZero(void* p, size_t size);

/* 0 when the size bytes at a and b are equal, nonzero otherwise, in a time that depends on
 * size only (for tags and MACs: where they differ is not revealed). */
int wh_Utils_ConstantCompare(const void* a, const void* b, size_t size);

#endif /* !WOLFHSM_WH_UTILS_H_ */
