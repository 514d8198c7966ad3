/*
 * core0_board.c - boot, CPU1 release, clients and cost figures shared by the core0_host
 * images (see core0_board.h).
 */
#include "core0_board.h"

#include <string.h>

#include "core0_target.h"
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_console.h"
#include "port/mps2/mps2_rt.h"
#include "port/mps2/mps2_timer.h"
#include "wolfhsm/wh_error.h"

mps2Doorbell core0_SelfDoorbell = {.statReg = MPS2_MHU1_BASE + MPS2_MHU_CPU0_STAT,
                                   .clrReg  = MPS2_MHU1_BASE + MPS2_MHU_CPU0_CLR};

void core0_MhuIrq(void)
{
    mps2Doorbell_Isr(&core0_SelfDoorbell);
}

static void releaseCore1(void)
{
    mps2Console_Printf("core0: boot CPU_IDENTITY=%u VTOR=0x%08x CPUWAIT=0x%08x\n",
                       (unsigned)MPS2_CPU_IDENTITY, (unsigned)MPS2_SCB_VTOR,
                       (unsigned)MPS2_SYSCTL_CPUWAIT);
    /* Step 0 of the mailbox protocol: the shared SRAM starts zeroed, the mailboxes and
     * whatever an image lays out after them (mps2_board.h). */
    memset((void*)(uintptr_t)MPS2_SHARED_BASE, 0, MPS2_SHARED_SIZE);
    __asm volatile("dsb" ::: "memory");
    /* INITSVTOR1 first: CPU1 is reset by the CPUWAIT write. */
    MPS2_SYSCTL_INITSVTOR1 = MPS2_CORE1_VTOR;
    __asm volatile("dsb" ::: "memory");
    MPS2_SYSCTL_CPUWAIT = MPS2_SYSCTL_CPUWAIT & ~0x2u;
    mps2Console_Printf("core0: zeroed the %u KiB shared SRAM at 0x%08x (%u mailboxes, %u B), "
                       "released CPU1 at 0x%08x\n",
                       (unsigned)(MPS2_SHARED_SIZE / 1024u), (unsigned)MPS2_SHARED_BASE,
                       (unsigned)MPS2_CLIENT_COUNT, (unsigned)sizeof(*MPS2_SHARED),
                       (unsigned)MPS2_CORE1_VTOR);
}

/* mps2Timer_Ticks counts MAINCLK (20 MHz, 50 ns). Under -icount shift=0 virtual time is 1 ns
 * per guest instruction (both cores, so the HSM's work is included). The mode is detected at
 * boot with a loop of known length while CPU1 is still held. */
static int icountMode;

static void loopInstr(uint32_t n) /* 2 instructions per iteration */
{
    __asm volatile("1: subs %0, %0, #1\n\tbne 1b" : "+r"(n)::"cc");
}

static void detectIcount(void)
{
    uint32_t t1;
    uint32_t t2;
    uint32_t start;
    uint32_t ms = mps2Timer_Millis();
    loopInstr(100);                    /* translate the loop first */
    while (mps2Timer_Millis() == ms) { /* SysTick's first reload: its count is valid from here */
    }
    start = mps2Timer_Ticks();
    loopInstr(30000u); /* 60 000 instructions: 1200 ticks under icount shift=0 */
    t1    = mps2Timer_Ticks() - start;
    start = mps2Timer_Ticks();
    loopInstr(60000u); /* 2400 ticks */
    t2         = mps2Timer_Ticks() - start;
    icountMode = (t1 >= 1199u) && (t1 <= 1202u) && (t2 >= 2399u) && (t2 <= 2402u);
    mps2Console_Printf(
        "core0: timing: %s (calibration loop: %u and %u ticks of 50 ns for 60k and 120k "
        "instructions)\n",
        icountMode ? "-icount shift=0 detected: 1 ns = 1 instruction, both cores and idle "
                     "time included"
                   : "not in icount mode: costs in virtual microseconds only (run with "
                     "QEMU_EXTRA=\"-icount shift=0\" for instruction counts)",
        (unsigned)t1, (unsigned)t2);
}

int core0_IcountMode(void)
{
    return icountMode;
}

void core0_Boot(void)
{
    mps2Console_Init(MPS2_UART0_BASE, "core0");
    mps2Timer_Init();
    detectIcount();
    releaseCore1();
    mps2Rt_IrqEnable(MPS2_IRQ_MHU1);
}

int core0_ClientInit(whClientContext* client, unsigned n, uint32_t timeoutMs)
{
    static const whTransportCb   transportCb = WH_TRANSPORT_MEM_CLIENT_CB;
    static const whDoorbellCb    doorbellCb  = MPS2_DOORBELL_CB;
    static mps2Doorbell          hsmDoorbell[MPS2_CLIENT_COUNT];
    static whTransportMemContext transport[MPS2_CLIENT_COUNT];
    static whTransportMemConfig  transportConfig[MPS2_CLIENT_COUNT];
    static whCommClientConfig    commConfig[MPS2_CLIENT_COUNT];
    whClientConfig               config;

    if (n >= MPS2_CLIENT_COUNT) {
        return WH_ERROR_BADARGS;
    }
    hsmDoorbell[n]     = (mps2Doorbell){.setReg = MPS2_MHU0_BASE + MPS2_MHU_CPU1_SET,
                                        .bits   = MPS2_MHU_BIT_CLIENT(n)};
    transportConfig[n] = (whTransportMemConfig){&MPS2_SHARED->mailbox[n],
                                                {&doorbellCb, &hsmDoorbell[n]},
                                                {&doorbellCb, &core0_SelfDoorbell}};
    commConfig[n]      = (whCommClientConfig){&transportCb, &transport[n], &transportConfig[n]};
    config             = (whClientConfig){.comm = &commConfig[n], .timeoutMs = timeoutMs};
    return wh_Client_Init(client, &config);
}

uint32_t core0_NsPer(uint32_t ticks, unsigned n)
{
    return (uint32_t)(((uint64_t)ticks * 50u) / n);
}

void core0_PrintCost(uint32_t ticks, unsigned n)
{
    uint32_t ns = core0_NsPer(ticks, n);
    if (icountMode) {
        mps2Console_Printf("  [%u.%02u us, %u instructions per request]\n", (unsigned)(ns / 1000u),
                           (unsigned)((ns % 1000u) / 10u), (unsigned)ns);
    }
    else {
        mps2Console_Printf("  [%u.%02u us per request]\n", (unsigned)(ns / 1000u),
                           (unsigned)((ns % 1000u) / 10u));
    }
}
