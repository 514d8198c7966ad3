/*
 * wh_test_data.c: test data helpers (see wh_test_util.h), shared by the host tests and the
 * on-target test image.
 */
#include "wh_test_util.h"

void whTest_Fill(uint8_t* buf, size_t len, uint8_t seed)
{
    size_t i;
    for (i = 0; i < len; i++) {
        buf[i] = (uint8_t)(seed * 31u + i * 7u + 1u);
    }
}

int whTest_AllEqual(const uint8_t* buf, size_t len, uint8_t v)
{
    size_t i;
    for (i = 0; i < len; i++) {
        if (buf[i] != v) {
            return 0;
        }
    }
    return 1;
}
