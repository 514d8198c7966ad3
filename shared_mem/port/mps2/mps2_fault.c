/*
 * port/mps2/mps2_fault.c - fault reports and fatal ends (see mps2_fault.h).
 */
#include "port/mps2/mps2_fault.h"

#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_console.h"
#include "port/mps2/mps2_semihost.h"

void mps2Fault_Report(const char* what, int code)
{
    __asm volatile("cpsid i" ::: "memory");
    mps2Console_Printf("\nfault (%s): CFSR=0x%08x HFSR=0x%08x MMFAR=0x%08x BFAR=0x%08x\n", what,
                       (unsigned)MPS2_REG(0xE000ED28u), (unsigned)MPS2_REG(0xE000ED2Cu),
                       (unsigned)MPS2_REG(0xE000ED34u), (unsigned)MPS2_REG(0xE000ED38u));
    mps2Fault_Fatal(what, code);
}

void mps2Fault_Fatal(const char* what, int code)
{
    __asm volatile("cpsid i" ::: "memory");
    mps2Console_Printf("\n%s: FATAL %s (exit %d)\n", mps2Console_CoreName(), what, code);
    mps2Semihost_Exit(code);
}
