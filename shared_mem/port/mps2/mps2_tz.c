/*
 * port/mps2/mps2_tz.c - the SAU of the calling core (see mps2_tz.h).
 */
#include "port/mps2/mps2_tz.h"

#include "port/mps2/mps2_board.h"

#define SAU_CTRL MPS2_REG(0xE000EDD0u)
#define SAU_RNR MPS2_REG(0xE000EDD8u)
#define SAU_RBAR MPS2_REG(0xE000EDDCu)
#define SAU_RLAR MPS2_REG(0xE000EDE0u)
#define SAU_RLAR_EN 0x1u
#define SAU_RLAR_NSC 0x2u
#define SAU_CTRL_ENABLE 0x1u

void mps2Tz_SauRegion(uint32_t n, uintptr_t base, uintptr_t limit, int nsc)
{
    SAU_RNR  = n;
    SAU_RBAR = (uint32_t)base & ~0x1Fu;
    SAU_RLAR = ((uint32_t)limit & ~0x1Fu) | (nsc ? SAU_RLAR_NSC : 0u) | SAU_RLAR_EN;
}

void mps2Tz_SauEnable(void)
{
    SAU_CTRL = SAU_CTRL_ENABLE;
    __asm volatile("dsb\n\tisb" ::: "memory");
}
