/*
 * core0_fault.c - the host's faults, reported by core 0's Secure boot stage (see
 * core0_boot.h). With AIRCR.BFHFNMINS 0, HardFault, BusFault and NMI are Secure, SecureFault
 * always is, and the host leaves its own MemManage and UsageFault off, so they escalate to
 * the Secure HardFault: every fault of the Non-secure host lands here, as do the boot stage's
 * own. The report names the fault, whose code raised it (the Non-secure host or the boot
 * stage) and where, decodes the status registers, and ends the run with
 * MPS2_EXIT_FAULT_CORE0.
 *
 * The stacked pc of a Non-secure fault is read from the host's stack only when the TT
 * instruction says the frame is Non-secure memory (so the read is a Non-secure transaction:
 * a host stack pointer aimed at Secure memory reveals nothing) and stacking did not fail.
 */
#include <arm_cmse.h>
#include <stdint.h>

#include "core0_boot.h"
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_console.h"
#include "port/mps2/mps2_semihost.h"

#define SCB_CFSR MPS2_REG(0xE000ED28u)
#define SCB_HFSR MPS2_REG(0xE000ED2Cu)
#define SCB_BFAR MPS2_REG(0xE000ED38u)
#define SCB_SFSR MPS2_REG(0xE000EDE4u)
#define SCB_SFAR MPS2_REG(0xE000EDE8u)
#define SCB_CFSR_NS MPS2_REG(0xE002ED28u) /* the host's MemManage and UsageFault status */

#define EXC_RETURN_SPSEL 0x04u /* the frame is on the process stack */
#define EXC_RETURN_DCRS 0x20u  /* 0: callee registers were stacked before the frame */
#define EXC_RETURN_S 0x40u     /* the frame is on a Secure stack */
#define HFSR_FORCED 0x40000000u
#define CFSR_BFARVALID 0x00008000u
#define CFSR_STACKING 0x00003838u /* bus and MemManage stacking and lazy-state errors */
#define SFSR_STACKING 0x000000A0u /* LSERR, LSPERR */

typedef struct faultBit_t {
    uint32_t    bit;
    const char* name;
    const char* meaning;
} faultBit;

static const faultBit sfsrBits[] = {
    {0x01u, "INVEP", "a Non-secure call or jump to a Secure address that is no entry point"},
    {0x02u, "INVIS", "an invalid integrity signature on exception return"},
    {0x04u, "INVER", "an invalid exception return"},
    {0x08u, "AUVIOL", "a Non-secure access to a Secure address (the IDAU or SAU says Secure)"},
    {0x10u, "INVTRAN", "a branch to Non-secure code not marked as one"},
    {0x20u, "LSPERR", "a lazy state preservation error"},
    {0x80u, "LSERR", "a lazy state error"},
};

static const faultBit cfsrBits[] = {
    {0x00000001u, "IACCVIOL", "an instruction fetch the MPU refused"},
    {0x00000002u, "DACCVIOL", "a data access the MPU refused"},
    {0x00000010u, "MSTKERR", "stacking refused by the MPU"},
    {0x00000100u, "IBUSERR", "an instruction fetch refused by the bus"},
    {0x00000200u, "PRECISERR",
     "a data access refused by the bus: an MPC (a Secure block), a PPC (a Secure peripheral) "
     "or nothing mapped there"},
    {0x00000400u, "IMPRECISERR", "an imprecise bus error"},
    {0x00000800u, "UNSTKERR", "unstacking refused by the bus"},
    {0x00001000u, "STKERR", "stacking refused by the bus"},
    {0x00010000u, "UNDEFINSTR", "an undefined instruction"},
    {0x00020000u, "INVSTATE", "an invalid execution state"},
    {0x00040000u, "INVPC", "an invalid exception return address"},
    {0x00080000u, "NOCP", "no coprocessor"},
    {0x00100000u, "STKOF", "a stack overflow"},
    {0x01000000u, "UNALIGNED", "an unaligned access"},
    {0x02000000u, "DIVBYZERO", "a division by zero"},
};

/* Print the meaning of the bits of value set in the table. */
static void explain(uint32_t value, const faultBit* bits, unsigned count, const char* reg)
{
    unsigned i;

    for (i = 0; i < count; i++) {
        if ((value & bits[i].bit) != 0u) {
            mps2Console_Printf("core0:   %s.%s: %s\n", reg, bits[i].name, bits[i].meaning);
        }
    }
}

__attribute__((naked)) void core0_SecureFaultEntry(void)
{
    __asm volatile("mov r0, lr\n\t"
                   "mov r1, sp\n\t"
                   "b core0_SecureFault");
}

/* The stacked pc, or 0 when the frame cannot be read safely. */
static uint32_t stackedPc(uint32_t excReturn, const uint32_t* secureSp, int stackingFailed)
{
    const uint32_t* frame;

    if (stackingFailed) {
        return 0u;
    }
    if ((excReturn & EXC_RETURN_S) == 0u) {
        uint32_t sp;
        if ((excReturn & EXC_RETURN_SPSEL) != 0u) {
            __asm volatile("mrs %0, psp_ns" : "=r"(sp));
        }
        else {
            __asm volatile("mrs %0, msp_ns" : "=r"(sp));
        }
        frame = cmse_check_address_range((void*)(uintptr_t)sp, 8u * sizeof(uint32_t),
                                         CMSE_NONSECURE);
        return (frame != NULL) ? frame[6] : 0u;
    }
    if ((excReturn & EXC_RETURN_SPSEL) != 0u) {
        uint32_t sp;
        __asm volatile("mrs %0, psp" : "=r"(sp));
        frame = (const uint32_t*)(uintptr_t)sp;
    }
    else {
        frame = secureSp;
    }
    if ((excReturn & EXC_RETURN_DCRS) == 0u) {
        frame += 10; /* integrity signature, reserved word, r4-r11 */
    }
    return frame[6];
}

void core0_SecureFault(uint32_t excReturn, const uint32_t* secureSp)
{
    static const char* const names[8] = {"exception 0", "exception 1", "NMI",        "HardFault",
                                         "MemManage",   "BusFault",    "UsageFault", "SecureFault"};
    uint32_t                 ipsr;
    uint32_t                 cfsr     = SCB_CFSR;
    uint32_t                 cfsrNs   = SCB_CFSR_NS;
    uint32_t                 hfsr     = SCB_HFSR;
    uint32_t                 sfsr     = SCB_SFSR;
    uint32_t                 bfar     = SCB_BFAR;
    int                      fromHost = (excReturn & EXC_RETURN_S) == 0u;
    int         stackingFailed        = ((cfsr | cfsrNs) & CFSR_STACKING) || (sfsr & SFSR_STACKING);
    uint32_t    pc                    = stackedPc(excReturn, secureSp, stackingFailed);
    const char* name;

    __asm volatile("cpsid i\n\tmrs %0, ipsr" : "=r"(ipsr)::"memory");
    name = names[ipsr & 7u];
    mps2Console_Printf("\ncore0: fault: %s in %s at pc 0x%08x%s\n", name,
                       fromHost ? "the Non-secure host" : "the Secure boot stage", (unsigned)pc,
                       stackingFailed ? " (unknown: stacking failed)" : "");
    if (((ipsr & 0x1FFu) == 3u) && ((hfsr & HFSR_FORCED) != 0u)) {
        mps2Console_Printf("core0:   escalated to HardFault (HFSR.FORCED) from a %s fault:\n",
                           ((cfsrNs & 0xFFFF00FFu) != 0u) ? "Non-secure" : "Secure");
    }
    explain(sfsr, sfsrBits, sizeof(sfsrBits) / sizeof(sfsrBits[0]), "SFSR");
    explain(cfsr, cfsrBits, sizeof(cfsrBits) / sizeof(cfsrBits[0]), "CFSR");
    explain(cfsrNs & 0xFFFF00FFu, cfsrBits, sizeof(cfsrBits) / sizeof(cfsrBits[0]),
            "CFSR (Non-secure)");
    if ((cfsr & CFSR_BFARVALID) != 0u) {
        mps2Console_Printf("core0:   the refused address: BFAR=0x%08x\n", (unsigned)bfar);
    }
    if (((sfsr & 0x08u) != 0u) && ((sfsr & 0x40u) == 0u)) {
        mps2Console_Printf("core0:   (no SFAR: QEMU 7.2 does not record the address)\n");
    }
    mps2Console_Printf("core0:   SFSR=0x%08x SFAR=0x%08x CFSR=0x%08x (Non-secure 0x%08x) "
                       "HFSR=0x%08x BFAR=0x%08x EXC_RETURN=0x%08x\n",
                       (unsigned)sfsr, (unsigned)SCB_SFAR, (unsigned)cfsr, (unsigned)cfsrNs,
                       (unsigned)hfsr, (unsigned)bfar, (unsigned)excReturn);
    mps2Console_Printf("\ncore0: FATAL %s (exit %d)\n", name, MPS2_EXIT_FAULT_CORE0);
    mps2Semihost_Exit(MPS2_EXIT_FAULT_CORE0);
}
