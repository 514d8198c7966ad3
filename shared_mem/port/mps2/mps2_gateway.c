/*
 * port/mps2/mps2_gateway.c - the Secure side of the host's doorbells (see mps2_gateway.h):
 * entry functions of core 0's boot stage, built with -mcmse. On return to Non-secure state
 * the compiler clears every register but the result.
 */
#include "port/mps2/mps2_gateway.h"

#include "port/mps2/mps2_board.h"

#define MHU_BITS_MASK ((1u << MPS2_MHU_BITS) - 1u)

__attribute__((cmse_nonsecure_entry)) void mps2Gateway_RingHsm(uint32_t bits)
{
    MPS2_REG(MPS2_MHU0_BASE + MPS2_MHU_CPU1_SET) = bits & MHU_BITS_MASK;
}

__attribute__((cmse_nonsecure_entry)) uint32_t mps2Gateway_AckHost(void)
{
    uint32_t stat = MPS2_REG(MPS2_MHU1_BASE + MPS2_MHU_CPU0_STAT);

    MPS2_REG(MPS2_MHU1_BASE + MPS2_MHU_CPU0_CLR) = stat;
    return stat;
}
