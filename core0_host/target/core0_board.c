/*
 * core0_board.c - boot, clients and cost figures shared by the core0_host images (see
 * core0_board.h).
 */
#include "core0_board.h"

#include "core0_target.h"
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_console.h"
#include "port/mps2/mps2_rt.h"
#include "port/mps2/mps2_timer.h"
#include "wolfhsm/wh_error.h"

/* Its ISR reads and clears MHU1's CPU0INTR_STAT/CLR through the boot stage (MPS2_NONSECURE). */
mps2Doorbell core0_SelfDoorbell = {.statReg = MPS2_MHU1_BASE + MPS2_MHU_CPU0_STAT,
                                   .clrReg  = MPS2_MHU1_BASE + MPS2_MHU_CPU0_CLR};

/* The AUTOSAR Crypto Driver's interrupt hook (core0_host/autosar/Crypto.h), in the images
 * that link the driver (a weak reference: NULL in the others). */
extern void Crypto_DoorbellIndication(void) __attribute__((weak));

void core0_MhuIrq(void)
{
    mps2Doorbell_Isr(&core0_SelfDoorbell);
    if (Crypto_DoorbellIndication != NULL) {
        Crypto_DoorbellIndication(); /* the HSM answered on some mailbox */
    }
}

/* mps2Timer_Ticks counts MAINCLK (20 MHz, 50 ns). Under -icount shift=0 virtual time is 1 ns
 * per guest instruction (both cores, so the HSM's work is included). The Secure boot stage
 * detects the mode with a loop of known length while CPU1 is still held (CORE0_BOOT_ICOUNT). */
static int icountMode;

int core0_IcountMode(void)
{
    return icountMode;
}

void core0_Boot(void)
{
    mps2Console_Init(MPS2_UART0_BASE, "core0");
    mps2Timer_Init(MPS2_TIMER0_BASE);
    icountMode = (core0_BootFlags() & CORE0_BOOT_ICOUNT) != 0u;
    mps2Console_Printf("core0: host application running Non-secure; its memory and peripherals "
                       "only: code 0x%08x, RAM 0x%08x, the shared SRAM 0x%08x, UART0, TIMER0\n",
                       (unsigned)MPS2_HOST_CODE_BASE, (unsigned)MPS2_HOST_RAM_BASE,
                       (unsigned)MPS2_SHARED_BASE);
    mps2Rt_IrqEnable(MPS2_IRQ_MHU1);
}

int core0_ClientConfig(whClientConfig* out_config, unsigned n, uint32_t timeoutMs)
{
    static const whTransportCb   transportCb = WH_TRANSPORT_MEM_CLIENT_CB;
    static const whDoorbellCb    doorbellCb  = MPS2_DOORBELL_CB;
    static mps2Doorbell          hsmDoorbell[MPS2_CLIENT_COUNT];
    static whTransportMemContext transport[MPS2_CLIENT_COUNT];
    static whTransportMemConfig  transportConfig[MPS2_CLIENT_COUNT];
    static whCommClientConfig    commConfig[MPS2_CLIENT_COUNT];

    if ((out_config == NULL) || (n >= MPS2_CLIENT_COUNT)) {
        return WH_ERROR_BADARGS;
    }
    hsmDoorbell[n]     = (mps2Doorbell){.setReg = MPS2_MHU0_BASE + MPS2_MHU_CPU1_SET,
                                        .bits   = MPS2_MHU_BIT_CLIENT(n)};
    transportConfig[n] = (whTransportMemConfig){&MPS2_SHARED->mailbox[n],
                                                {&doorbellCb, &hsmDoorbell[n]},
                                                {&doorbellCb, &core0_SelfDoorbell}};
    commConfig[n]      = (whCommClientConfig){&transportCb, &transport[n], &transportConfig[n]};
    *out_config        = (whClientConfig){.comm         = &commConfig[n],
                                          .timeoutMs    = timeoutMs,
                                          .configDigest = core0_ConfigDigest};
    return WH_ERROR_OK;
}

int core0_ClientInit(whClientContext* client, unsigned n, uint32_t timeoutMs)
{
    whClientConfig config;
    int            ret = core0_ClientConfig(&config, n, timeoutMs);

    return (ret == WH_ERROR_OK) ? wh_Client_Init(client, &config) : ret;
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
