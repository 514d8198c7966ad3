/*
 * core0_boot.c - core 0's Secure boot stage on mps2-an521 (CPU0 boots here, Secure): it
 * splits the board between the Non-secure host and the Secure HSM, then runs the host
 * application Non-secure. The same stage boots every core 0 image (the demo, the on-target
 * tests, the benchmark): they are its Non-secure application, loaded at MPS2_HOST_CODE_BASE.
 *
 *   1. faults on: MemManage, BusFault, UsageFault and SecureFault are taken Secure, and
 *      BusFault and HardFault stay Secure (AIRCR.BFHFNMINS 0): every fault of the host lands
 *      here (core0_fault.c), which ends the run with MPS2_EXIT_FAULT_CORE0. AIRCR.SYSRESETREQS:
 *      only Secure code may reset the system.
 *   2. icount: a loop of known length timed on TIMER0 (still Secure) tells whether QEMU runs
 *      -icount shift=0, before core 1 runs; the host gets the answer (CORE0_BOOT_ICOUNT).
 *   3. MPCs: every block Secure, then the Non-secure ones (the table below, the memory map of
 *      mps2_board.h), read back and checked, then locked (LOCKDOWN: read-only until reset);
 *      a refused access is a bus error (SEC_RESP).
 *   4. PPCs: UART0 and TIMER0 Non-secure, bus errors for refused accesses (SECRESPCFG),
 *      the IDAU may report the code alias as Non-secure callable (NSCCFG.CODENSC).
 *   5. SAU: the Non-secure halves of the map Non-secure (the MPCs and PPCs split them), the
 *      veneers of the entry functions (mps2_gateway.h) Non-secure callable.
 *   6. Interrupts: TIMER0, MHU1 (the HSM's doorbell to the host) and UART0 to Non-secure.
 *   7. The report: the map as the MPCs now hold it, on UART0 (its Non-secure alias).
 *   8. The shared SRAM zeroed (mailbox protocol step 0), CPU1 released at the HSM's image.
 *   8a. The HSM's verdict on the host image awaited and reported: core 1 runs SHE's
 *      SECURE_BOOT over it (core1_hsm.c) and writes bootVerdict (mps2_board.h). The host
 *      image runs whatever the verdict; a failed one leaves its boot-protected keys locked.
 *   9. The host application entered Non-secure: VTOR_NS, MSP_NS and its reset entry from its
 *      vector table at MPS2_HOST_CODE_BASE, called with the boot flags.
 * Facts and register values: ../shared/targets/trustzone-an521.md.
 */
#include <arm_cmse.h>
#include <stdint.h>
#include <string.h>

#include "../core0_target.h"
#include "core0_boot.h"
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_console.h"
#include "port/mps2/mps2_rt.h"
#include "port/mps2/mps2_semihost.h"
#include "port/mps2/mps2_tz.h"

/* Secure system registers. */
#define SCB_AIRCR MPS2_REG(0xE000ED0Cu)
#define SCB_SHCSR MPS2_REG(0xE000ED24u)
#define SCB_VTOR_NS MPS2_REG(0xE002ED08u)
#define NVIC_ITNS(n) MPS2_REG(0xE000E380u + 4u * (n))
#define AIRCR_VECTKEY 0x05FA0000u
#define AIRCR_PRIGROUP 0x00000700u
#define AIRCR_SYSRESETREQS 0x00000008u
#define SHCSR_FAULTS_ON 0x000F0000u /* MemManage, BusFault, UsageFault, SecureFault */

/* The security controller (Secure Privilege Control block). */
#define SECCTL_BASE 0x50080000u
#define SECCTL_SECRESPCFG MPS2_REG(SECCTL_BASE + 0x010u)
#define SECCTL_NSCCFG MPS2_REG(SECCTL_BASE + 0x014u)
#define SECCTL_APBNSPPC0 MPS2_REG(SECCTL_BASE + 0x070u)
#define SECCTL_APBNSPPCEXP1 MPS2_REG(SECCTL_BASE + 0x084u)
#define PPC0_TIMER0 0x01u    /* APBNSPPC0 bit 0 */
#define PPCEXP1_UART0 0x20u  /* APBNSPPCEXP1 bit 5 */
#define NSCCFG_CODENSC 0x01u /* 0x1... may be Non-secure callable */

/* MPC registers (SIE-200) and the seven MPCs. */
#define MPC_CTRL 0x00u
#define MPC_BLK_MAX 0x10u
#define MPC_BLK_CFG 0x14u
#define MPC_BLK_IDX 0x18u
#define MPC_BLK_LUT 0x1Cu
#define MPC_CTRL_SEC_RESP 0x00000010u
#define MPC_CTRL_LOCKDOWN 0x80000000u
#define MPC_SSRAM0 0x58007000u                    /* code SRAM, 4 MiB from 0x1000_0000 */
#define MPC_SSRAM1 0x58008000u                    /* SSRAM2, 2 MiB from 0x3800_0000 */
#define MPC_SSRAM2 0x58009000u                    /* SSRAM3, 2 MiB from 0x3820_0000 */
#define MPC_SRAM(n) (0x50083000u + 0x1000u * (n)) /* SSE SRAM bank n, 32 KiB */
#define SRAM_BANK_SIZE 0x8000u

/* The boot flags' icount test: TIMER0 (through its Secure alias: it is not Non-secure yet). */
#define TIMER0_S_BASE 0x50000000u
#define TIMER_CTRL 0x00u
#define TIMER_VALUE 0x04u
#define TIMER_RELOAD 0x08u

/* Interrupt lines the host owns: TIMER0, MHU1 -> CPU0, UART0 RX, TX and combined. */
#define IRQ_TIMER0 3u
#define IRQ_UART0_RX 32u
#define IRQ_UART0_TX 33u
#define IRQ_UART0 42u

extern uint32_t __stack_top__[];
extern uint32_t __sg_start[];
extern uint32_t __sg_end[];

/* One block range of an MPC: Non-secure or Secure, and what it holds. */
typedef struct core0Region_t {
    uint32_t    mpc;    /* its MPC's register block */
    uint32_t    base;   /* the Secure alias of the MPC's first block */
    uint32_t    offset; /* of the range, from base */
    uint32_t    size;
    int         ns; /* 1: Non-secure */
    const char* what;
} core0Region;

/* The memory map (mps2_board.h). Every block not listed Non-secure stays Secure. */
static const core0Region regions[] = {
    {MPC_SSRAM0, 0x10000000u, MPS2_BOOT_BASE - 0x10000000u, MPS2_BOOT_SIZE, 0,
     "core 0's boot stage: code, data, stack (code SRAM)"},
    {MPC_SSRAM0, 0x10000000u, MPS2_HOST_CODE_BASE, MPS2_HOST_CODE_SIZE, 1,
     "host application code (code SRAM)"},
    {MPC_SSRAM0, 0x10000000u, MPS2_CORE1_VTOR - 0x10000000u, MPS2_HSM_CODE_SIZE, 0,
     "HSM code (code SRAM)"},
    {MPC_SSRAM1, 0x38000000u, MPS2_HOST_RAM_BASE - 0x28000000u, MPS2_HOST_RAM_SIZE, 1,
     "host RAM and stack (SSRAM2)"},
    {MPC_SSRAM2, 0x38200000u, MPS2_HSM_RAM_BASE - 0x38200000u, MPS2_HSM_RAM_SIZE, 0,
     "HSM RAM and stack: key caches, NVM image, NVM lock (SSRAM3)"},
    {MPC_SRAM(0), 0x30000000u, 0u, MPS2_SHARED_SIZE, 1,
     "shared SRAM: the mailboxes (SSE SRAM bank 0)"},
    {MPC_SRAM(1), 0x30008000u, 0u, SRAM_BANK_SIZE, 0, "unused (SSE SRAM bank 1)"},
    {MPC_SRAM(2), 0x30010000u, 0u, SRAM_BANK_SIZE, 0, "unused (SSE SRAM bank 2)"},
    {MPC_SRAM(3), 0x30018000u, 0u, SRAM_BANK_SIZE, 0, "unused (SSE SRAM bank 3)"},
};
#define NREGIONS (sizeof(regions) / sizeof(regions[0]))
_Static_assert(MPS2_SHARED_BASE == 0x20000000u && MPS2_SHARED_SIZE <= SRAM_BANK_SIZE,
               "the shared SRAM is SSE SRAM bank 0 (its Non-secure alias)");

static const uint32_t mpcs[] = {MPC_SSRAM0,  MPC_SSRAM1,  MPC_SSRAM2, MPC_SRAM(0),
                                MPC_SRAM(1), MPC_SRAM(2), MPC_SRAM(3)};
#define NMPCS (sizeof(mpcs) / sizeof(mpcs[0]))

static uint32_t mpcBlockSize(uint32_t mpc)
{
    return 1u << (MPS2_REG(mpc + MPC_BLK_CFG) + 5u);
}

/* LUT word idx of an MPC (AUTOINC is off: the index stays). */
static uint32_t lutRead(uint32_t mpc, uint32_t idx)
{
    MPS2_REG(mpc + MPC_BLK_IDX) = idx;
    return MPS2_REG(mpc + MPC_BLK_LUT);
}

static void lutWrite(uint32_t mpc, uint32_t idx, uint32_t bits)
{
    MPS2_REG(mpc + MPC_BLK_IDX) = idx;
    MPS2_REG(mpc + MPC_BLK_LUT) = bits;
}

/* The LUT bits of words [idx*32, idx*32 + 32) that lie in blocks [first, end). */
static uint32_t wordMask(uint32_t idx, uint32_t first, uint32_t end)
{
    uint32_t lo = idx * 32u;
    uint32_t hi = lo + 32u;
    uint32_t a  = (first > lo) ? first : lo;
    uint32_t b  = (end < hi) ? end : hi;

    if (a >= b) {
        return 0u;
    }
    return (((b - a) == 32u) ? 0xFFFFFFFFu : (((1u << (b - a)) - 1u))) << (a - lo);
}

/* Does the MPC hold region r as the table says? 0 yes, -1 no (or not block-aligned). */
static int regionCheck(const core0Region* r, int program)
{
    uint32_t bs    = mpcBlockSize(r->mpc);
    uint32_t first = r->offset / bs;
    uint32_t end   = (r->offset + r->size) / bs;
    uint32_t max   = MPS2_REG(r->mpc + MPC_BLK_MAX);
    uint32_t idx;

    if (((r->offset % bs) != 0u) || ((r->size % bs) != 0u) || (end > (max + 1u) * 32u)) {
        return -1;
    }
    for (idx = first / 32u; idx <= (end - 1u) / 32u; idx++) {
        uint32_t mask = wordMask(idx, first, end);
        uint32_t lut  = lutRead(r->mpc, idx);
        if (program) {
            lut = r->ns ? (lut | mask) : (lut & ~mask);
            lutWrite(r->mpc, idx, lut);
            lut = lutRead(r->mpc, idx);
        }
        if ((lut & mask) != (r->ns ? mask : 0u)) {
            return -1;
        }
    }
    return 0;
}

static void fail(const char* what)
{
    /* The console may not be set up yet: semihosting's exit code says it all the same. */
    mps2Console_Printf("core0: boot: FAILED: %s\n", what);
    mps2Semihost_Exit(MPS2_EXIT_FAULT_CORE0);
}

static void mpcsConfigure(void)
{
    unsigned m;
    unsigned i;

    for (m = 0; m < NMPCS; m++) { /* AUTOINC off, bus errors; then all Secure */
        uint32_t idx;
        MPS2_REG(mpcs[m] + MPC_CTRL) = MPC_CTRL_SEC_RESP;
        for (idx = 0; idx <= MPS2_REG(mpcs[m] + MPC_BLK_MAX); idx++) {
            lutWrite(mpcs[m], idx, 0u);
        }
    }
    for (i = 0; i < NREGIONS; i++) {
        if (regionCheck(&regions[i], 1) != 0) {
            fail("an MPC does not hold the memory map");
        }
    }
    for (m = 0; m < NMPCS; m++) {
        MPS2_REG(mpcs[m] + MPC_CTRL) = MPC_CTRL_SEC_RESP | MPC_CTRL_LOCKDOWN;
        if ((MPS2_REG(mpcs[m] + MPC_CTRL) & MPC_CTRL_LOCKDOWN) == 0u) {
            fail("an MPC did not lock");
        }
    }
    for (i = 0; i < NREGIONS; i++) { /* what the report shows: the locked tables */
        if (regionCheck(&regions[i], 0) != 0) {
            fail("an MPC changed when it was locked");
        }
    }
}

static void ppcsConfigure(void)
{
    SECCTL_APBNSPPC0    = SECCTL_APBNSPPC0 | PPC0_TIMER0;
    SECCTL_APBNSPPCEXP1 = SECCTL_APBNSPPCEXP1 | PPCEXP1_UART0;
    SECCTL_SECRESPCFG   = 1u;
    SECCTL_NSCCFG       = SECCTL_NSCCFG | NSCCFG_CODENSC;
}

static void sauConfigure(void)
{
    mps2Tz_SauRegion(0u, 0x00000000u, 0x0FFFFFFFu, 0);
    mps2Tz_SauRegion(1u, 0x20000000u, 0x2FFFFFFFu, 0);
    mps2Tz_SauRegion(2u, 0x40000000u, 0x4FFFFFFFu, 0);
    mps2Tz_SauRegion(3u, (uintptr_t)__sg_start, (uintptr_t)__sg_end - 1u, 1);
    mps2Tz_SauEnable();
}

static void interruptsToHost(void)
{
    NVIC_ITNS(0) = NVIC_ITNS(0) | (1u << IRQ_TIMER0) | (1u << MPS2_IRQ_MHU1);
    NVIC_ITNS(1) = NVIC_ITNS(1) | (1u << (IRQ_UART0_RX - 32u)) | (1u << (IRQ_UART0_TX - 32u)) |
                   (1u << (IRQ_UART0 - 32u));
}

/* ---- -icount shift=0: 1 ns of virtual time per guest instruction of either core ---- */

static void loopInstr(uint32_t n) /* 2 instructions per iteration */
{
    __asm volatile("1: subs %0, %0, #1\n\tbne 1b" : "+r"(n)::"cc");
}

static uint32_t ticks(void)
{
    return 0xFFFFFFFFu - MPS2_REG(TIMER0_S_BASE + TIMER_VALUE);
}

/* Two loops of 60 000 and 120 000 instructions take 1200 and 2400 ticks of 50 ns exactly
 * under -icount shift=0 (core 1 is still held, nothing interrupts). */
static uint32_t icountTicks[2];

static int icountDetect(void)
{
    uint32_t start;

    MPS2_REG(TIMER0_S_BASE + TIMER_CTRL)   = 0u;
    MPS2_REG(TIMER0_S_BASE + TIMER_RELOAD) = 0xFFFFFFFFu;
    MPS2_REG(TIMER0_S_BASE + TIMER_VALUE)  = 0xFFFFFFFFu;
    MPS2_REG(TIMER0_S_BASE + TIMER_CTRL)   = 1u;
    loopInstr(100); /* translate the loop first */
    start = ticks();
    loopInstr(30000u);
    icountTicks[0] = ticks() - start;
    start          = ticks();
    loopInstr(60000u);
    icountTicks[1]                       = ticks() - start;
    MPS2_REG(TIMER0_S_BASE + TIMER_CTRL) = 0u; /* the host sets it up again */
    return (icountTicks[0] >= 1199u) && (icountTicks[0] <= 1202u) && (icountTicks[1] >= 2399u) &&
           (icountTicks[1] <= 2402u);
}

/* ---- the report ---- */

static void report(int icount)
{
    unsigned i;

    mps2Console_Printf("core0: boot: Secure boot stage at 0x%08x; timing: %s (calibration loop: "
                       "%u and %u ticks of 50 ns for 60k and 120k instructions)\n",
                       (unsigned)MPS2_BOOT_BASE,
                       icount ? "-icount shift=0 detected: 1 ns = 1 instruction, both cores and "
                                "idle time included"
                              : "not in icount mode: costs in virtual microseconds only (run "
                                "with QEMU_EXTRA=\"-icount shift=0\" for instruction counts)",
                       (unsigned)icountTicks[0], (unsigned)icountTicks[1]);
    mps2Console_Printf("core0: boot: TrustZone memory map, as the MPCs hold it (read back, "
                       "locked until reset):\n");
    for (i = 0; i < NREGIONS; i++) {
        const core0Region* r    = &regions[i];
        uint32_t           addr = r->base + r->offset;
        if (r->ns) {
            addr = MPS2_NS_ALIAS(addr);
        }
        mps2Console_Printf("core0: boot:   %s 0x%08x-0x%08x %5u KiB  %s\n",
                           r->ns ? "Non-secure" : "Secure    ", (unsigned)addr,
                           (unsigned)(addr + r->size - 1u), (unsigned)(r->size / 1024u), r->what);
    }
    mps2Console_Printf(
        "core0: boot:   Secure memory answers the host with a fault at either alias: the "
        "Secure one (0x1..., 0x3...) is the IDAU's, the Non-secure one the MPC's\n");
    mps2Console_Printf(
        "core0: boot: peripherals: Non-secure UART0 0x%08x, TIMER0 0x%08x (the host's; "
        "APBNSPPC0=0x%02x APBNSPPCEXP1=0x%02x); Secure: the HSM's UART1 and TIMER1, MHU0 and "
        "MHU1, the System Control Element (CPUWAIT, SWRESET), the MPCs, the security "
        "controller, every other peripheral (DMA, SPI, GPIO, ...)\n",
        (unsigned)MPS2_UART0_BASE, (unsigned)MPS2_TIMER0_BASE, (unsigned)SECCTL_APBNSPPC0,
        (unsigned)SECCTL_APBNSPPCEXP1);
    mps2Console_Printf(
        "core0: boot: SAU: 0x0..., 0x2..., 0x4... Non-secure (the MPCs and PPCs split them), "
        "entry functions 0x%08x-0x%08x Non-secure callable (the host's doorbells); interrupts "
        "to Non-secure: IRQ %u (TIMER0), %u (MHU1), %u/%u/%u (UART0)\n",
        (unsigned)(uintptr_t)__sg_start, (unsigned)((uintptr_t)__sg_end - 1u), (unsigned)IRQ_TIMER0,
        (unsigned)MPS2_IRQ_MHU1, (unsigned)IRQ_UART0_RX, (unsigned)IRQ_UART0_TX,
        (unsigned)IRQ_UART0);
}

/* ---- core 1, then the host ---- */

static void releaseCore1(void)
{
    /* Step 0 of the mailbox protocol: the shared SRAM starts zeroed, the mailboxes and
     * whatever an image lays out after them (mps2_board.h); through its Non-secure alias. */
    memset((void*)(uintptr_t)MPS2_SHARED_BASE, 0, MPS2_SHARED_SIZE);
    __asm volatile("dsb" ::: "memory");
    /* INITSVTOR1 first: CPU1 is reset by the CPUWAIT write. */
    MPS2_SYSCTL_INITSVTOR1 = MPS2_CORE1_VTOR;
    __asm volatile("dsb" ::: "memory");
    MPS2_SYSCTL_CPUWAIT = MPS2_SYSCTL_CPUWAIT & ~0x2u;
    mps2Console_Printf("core0: boot: zeroed the %u KiB shared SRAM at 0x%08x (%u mailboxes, "
                       "%u B), released CPU1 at 0x%08x\n",
                       (unsigned)(MPS2_SHARED_SIZE / 1024u), (unsigned)MPS2_SHARED_BASE,
                       (unsigned)MPS2_CLIENT_COUNT, (unsigned)sizeof(*MPS2_SHARED),
                       (unsigned)MPS2_CORE1_VTOR);
}

/* ---- the HSM's verdict on the host image ---- */

/* TIMER0 through its Non-secure alias (it is Non-secure now; the SAU makes the access one). */
#define TIMER0_NS_BASE 0x40000000u
#define VERDICT_WAIT_TICKS (10u * MPS2_MAINCLK_HZ) /* 10 s: the HSM is gone */

/* Wait for core 1's secure boot of the host image (bootVerdict, mps2_board.h) and report it.
 * Whatever it says, the host image runs (the policy: a failed boot leaves the boot-protected
 * SHE keys locked, which the HSM enforces); CORE0_BOOT_SECURE_BOOT_OK when it passed. */
static uint32_t awaitVerdict(void)
{
    const volatile mps2HostImageHeader* h = (const volatile mps2HostImageHeader*)(uintptr_t)
        MPS2_HOST_IMAGE_HEADER;
    char     name[sizeof(h->name) + 1u];
    uint32_t start;
    uint32_t waited;
    uint32_t v;
    uint32_t sreg;
    unsigned i;

    MPS2_REG(TIMER0_NS_BASE + TIMER_CTRL)   = 0u;
    MPS2_REG(TIMER0_NS_BASE + TIMER_RELOAD) = 0xFFFFFFFFu;
    MPS2_REG(TIMER0_NS_BASE + TIMER_VALUE)  = 0xFFFFFFFFu;
    MPS2_REG(TIMER0_NS_BASE + TIMER_CTRL)   = 1u;
    start                                   = MPS2_REG(TIMER0_NS_BASE + TIMER_VALUE);
    do { /* WFE: the HSM's SEV wakes it (QEMU yields to the other core there) */
        __asm volatile("wfe" ::: "memory");
        v      = MPS2_SHARED->bootVerdict;
        waited = start - MPS2_REG(TIMER0_NS_BASE + TIMER_VALUE);
    } while ((v == MPS2_BOOT_VERDICT_NONE) && (MPS2_SHARED->hsmState != MPS2_HSM_FAILED) &&
             (waited < VERDICT_WAIT_TICKS));
    MPS2_REG(TIMER0_NS_BASE + TIMER_CTRL) = 0u; /* the host sets it up again */
    for (i = 0; i < sizeof(h->name); i++) {     /* the name, printable characters only */
        char c  = h->name[i];
        name[i] = ((c == 0) || ((c >= 0x20) && (c < 0x7F))) ? c : '?';
    }
    name[sizeof(h->name)] = 0;
    sreg                  = MPS2_BOOT_VERDICT_SREG(v);
    mps2Console_Printf("core0: boot: secure boot of the host image '%s' by the HSM (SHE "
                       "SECURE_BOOT, BOOT_MAC over the image; waited %u ticks of 50 ns): ",
                       (h->magic == MPS2_HOST_IMAGE_MAGIC) ? name : "(no image header)",
                       (unsigned)waited);
    switch (MPS2_BOOT_VERDICT_KIND(v)) {
        case MPS2_BOOT_VERDICT_RAN:
            if ((sreg & 0x10u) != 0u) { /* SREG's BOOT_OK */
                mps2Console_Printf("PASSED, SREG 0x%02x; boot-protected keys usable\n",
                                   (unsigned)sreg);
                return CORE0_BOOT_SECURE_BOOT_OK;
            }
            mps2Console_Printf("FAILED (BOOT_MAC mismatch), SREG 0x%02x; by policy the host "
                               "image runs, its boot-protected keys locked until reset\n",
                               (unsigned)sreg);
            return 0u;
        case MPS2_BOOT_VERDICT_NO_KEY:
            mps2Console_Printf("not configured (BOOT_MAC_KEY empty: ERC_NO_SECURE_BOOT), SREG "
                               "0x%02x; boot-protected keys unusable\n",
                               (unsigned)sreg);
            return 0u;
        case MPS2_BOOT_VERDICT_NO_IMAGE:
            mps2Console_Printf("FAILED (no valid image header), SREG 0x%02x; boot-protected keys "
                               "locked until reset\n",
                               (unsigned)sreg);
            return 0u;
        case MPS2_BOOT_VERDICT_NONE:
            mps2Console_Printf("NO VERDICT (the HSM %s); the host image runs without one\n",
                               (MPS2_SHARED->hsmState == MPS2_HSM_FAILED) ? "failed" : "is silent");
            return 0u;
        default:
            mps2Console_Printf("SECURE_BOOT failed in the HSM, SREG 0x%02x; boot-protected keys "
                               "unusable\n",
                               (unsigned)sreg);
            return 0u;
    }
}

typedef void __attribute__((cmse_nonsecure_call)) core0HostEntry(uint32_t bootFlags);

static void enterHost(uint32_t bootFlags)
{
    /* The host's vector table, through its Non-secure alias (a Non-secure read). */
    const volatile uint32_t* table = (const volatile uint32_t*)(uintptr_t)MPS2_HOST_CODE_BASE;
    uint32_t                 sp    = table[0];
    uint32_t                 entry = table[1];
    core0HostEntry*          call;

    if ((sp <= MPS2_HOST_RAM_BASE) || (sp > MPS2_HOST_RAM_BASE + MPS2_HOST_RAM_SIZE) ||
        (entry < MPS2_HOST_CODE_BASE) || (entry >= MPS2_HOST_CODE_BASE + MPS2_HOST_CODE_SIZE)) {
        mps2Console_Printf("core0: boot: no host application at 0x%08x (stack 0x%08x, entry "
                           "0x%08x)\n",
                           (unsigned)MPS2_HOST_CODE_BASE, (unsigned)sp, (unsigned)entry);
        fail("the host application is missing (scripts/qemu_run.sh loads it)");
    }
    mps2Console_Printf(
        "core0: boot: entering the host application Non-secure at 0x%08x (VTOR_NS 0x%08x, "
        "stack 0x%08x)\n",
        (unsigned)(entry & ~1u), (unsigned)MPS2_HOST_CODE_BASE, (unsigned)sp);
    SCB_VTOR_NS = MPS2_HOST_CODE_BASE;
    __asm volatile("msr msp_ns, %0\n\tisb" ::"r"(sp) : "memory");
    call = (core0HostEntry*)cmse_nsfptr_create((core0HostEntry*)(uintptr_t)entry);
    call(bootFlags);
    fail("the host application returned to the boot stage");
}

void core0_SecureReset(void)
{
    int icount;

    mps2Rt_ZeroBss();
    SCB_SHCSR = SCB_SHCSR | SHCSR_FAULTS_ON;
    SCB_AIRCR = AIRCR_VECTKEY | (SCB_AIRCR & AIRCR_PRIGROUP) | AIRCR_SYSRESETREQS;
    icount    = icountDetect();
    mpcsConfigure();
    ppcsConfigure();
    sauConfigure();
    interruptsToHost();
    mps2Console_Init(MPS2_UART0_BASE, "core0");
    report(icount);
    releaseCore1();
    enterHost((icount ? CORE0_BOOT_ICOUNT : 0u) | awaitVerdict());
}

/* Every fault and NMI is reported (core0_fault.c); no interrupt is Secure. Entries left 0:
 * taking one faults, which is reported. */
__attribute__((section(".vectors"), used, aligned(256)))
const mps2Vector core0_SecureVectors[MPS2_VECTOR_COUNT] = {
    [0] = {.stack = __stack_top__},
    [1] = {.handler = core0_SecureReset},
    [2] = {.handler = core0_SecureFaultEntry},
    [3] = {.handler = core0_SecureFaultEntry},
    [4] = {.handler = core0_SecureFaultEntry},
    [5] = {.handler = core0_SecureFaultEntry},
    [6] = {.handler = core0_SecureFaultEntry},
    [7] = {.handler = core0_SecureFaultEntry},
};
