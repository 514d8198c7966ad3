/*
 * tests/target/wh_target_probe.c: the isolation probes of the on-target test image (core 0,
 * Non-secure). Each run of the image tries one probe (whTarget_Probe, picked by
 * scripts/target_test.sh through the semihosting command line): an access the host must not
 * be able to make, to the HSM's memory, to the boot stage, to the HSM's peripherals or to the
 * registers that partition the board or hold and reset core 1.
 *
 * A probe that must fault prints what it tries and then makes the one access: the Secure
 * boot stage's fault report must end the run with MPS2_EXIT_FAULT_CORE0 and name the fault
 * (SecureFault: the IDAU or SAU says Secure; BusFault: an MPC or a PPC refused it). Reaching
 * the next line means the access went through: the probe says so and the run fails.
 *
 * Where the hardware answers without a fault (QEMU's board-level PPCs read as zero and drop
 * writes; the SAU's and the Secure-only bits of AIRCR are read-as-zero/write-ignored for
 * Non-secure code), the probe shows that the access had no effect: what it read is not what
 * is there (the HSM's UART holds 16 in BAUDDIV, it reads 0), what it wrote changed nothing
 * (the marker written to the HSM's UART never reaches the console, the script checks; the
 * HSM still answers, the system was not reset), and the run ends with 0 after
 * "no effect".
 *
 * The HSM's secrets are real: the probes of its RAM first cache and commit a key through a
 * client, so the key cache entry holds key material and the NVM image holds the key; the
 * HSM's test firmware then says where they are (WH_TARGET_CTRL_ADDRS): the addresses are no
 * secret, what is there is.
 */
#include <stdint.h>
#include <string.h>

#include "core0_board.h"
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_console.h"
#include "util/wh_test_util.h"
#include "wh_target_control.h"
#include "wolfhsm/wh_client.h"
#include "wolfhsm/wh_error.h"

#define CLIENT_TIMEOUT_MS 5000u

/* What a probe aims at: a fixed address, or one the HSM publishes (its Secure alias). */
enum { AT_FIXED, AT_KEY, AT_NVM, AT_STACK };
/* Which alias of an HSM address: the Secure one (0x3...), or the Non-secure one (0x2...). */
enum { ALIAS_S, ALIAS_NS };
enum { OP_READ, OP_WRITE, OP_CALL };

typedef struct whProbe_t {
    const char* name;
    const char* what;
    uint32_t    addr; /* AT_FIXED: the address */
    uint8_t     at;
    uint8_t     alias; /* of an address the HSM publishes (AT_FIXED: unused) */
    uint8_t     op;
    uint32_t    value;  /* OP_WRITE: what, harmless to the host's own run if it got through */
    const char* expect; /* the fault the boot stage must report */
} whProbe;

#define SYSCTL_SWRESET (MPS2_SYSCTL_BASE + 0x108u)
#define SYSCTL_CPUWAIT (MPS2_SYSCTL_BASE + 0x118u)
#define MPC_SSRAM2_CTRL 0x58009000u     /* the MPC of the HSM's RAM */
#define MPC_SRAM0_LUT 0x5008301Cu       /* the shared SRAM's MPC: its block table */
#define SECCTL_APBNSPPCEXP1 0x50080084u /* which board peripherals are Non-secure */
#define SECCTL_APBNSPPC0 0x50080070u    /* which SSE timers are Non-secure */
#define UART1_BAUDDIV (MPS2_UART1_BASE + 0x10u)
#define UART1_CTRL (MPS2_UART1_BASE + 0x08u)
#define UART1_DATA (MPS2_UART1_BASE + 0x00u)
#define TIMER1_VALUE (MPS2_TIMER1_BASE + 0x04u)
#define BOOT_RAM (MPS2_BOOT_BASE + 0xC000u) /* the boot stage's data and stack */

static const whProbe probes[] = {
    /* The HSM's RAM: a key cache entry holding a key, the NVM image, the stack. */
    {"key-read-s", "read the HSM's key cache entry (a cached key)", 0, AT_KEY, ALIAS_S, OP_READ, 0u,
     "SecureFault"},
    {"key-read-ns", "read the HSM's key cache entry (a cached key)", 0, AT_KEY, ALIAS_NS, OP_READ,
     0u, "BusFault"},
    {"key-write-s", "write the HSM's key cache entry", 0, AT_KEY, ALIAS_S, OP_WRITE, 0u,
     "SecureFault"},
    {"key-write-ns", "write the HSM's key cache entry", 0, AT_KEY, ALIAS_NS, OP_WRITE, 0u,
     "BusFault"},
    {"nvm-read-s", "read the HSM's NVM image (holding a committed key)", 0, AT_NVM, ALIAS_S,
     OP_READ, 0u, "SecureFault"},
    {"nvm-read-ns", "read the HSM's NVM image (holding a committed key)", 0, AT_NVM, ALIAS_NS,
     OP_READ, 0u, "BusFault"},
    {"nvm-write-s", "write the HSM's NVM image", 0, AT_NVM, ALIAS_S, OP_WRITE, 0u, "SecureFault"},
    {"nvm-write-ns", "write the HSM's NVM image", 0, AT_NVM, ALIAS_NS, OP_WRITE, 0u, "BusFault"},
    {"stack-read-s", "read the HSM's stack", 0, AT_STACK, ALIAS_S, OP_READ, 0u, "SecureFault"},
    {"stack-read-ns", "read the HSM's stack", 0, AT_STACK, ALIAS_NS, OP_READ, 0u, "BusFault"},
    {"stack-write-s", "write the HSM's stack", 0, AT_STACK, ALIAS_S, OP_WRITE, 0u, "SecureFault"},
    {"stack-write-ns", "write the HSM's stack", 0, AT_STACK, ALIAS_NS, OP_WRITE, 0u, "BusFault"},
    /* The HSM's code, and the boot stage. */
    {"code-read-s", "read the HSM's code", MPS2_CORE1_VTOR, AT_FIXED, ALIAS_S, OP_READ, 0u,
     "SecureFault"},
    {"code-read-ns", "read the HSM's code", MPS2_NS_ALIAS(MPS2_CORE1_VTOR), AT_FIXED, ALIAS_S,
     OP_READ, 0u, "BusFault"},
    {"code-write-ns", "patch the HSM's code", MPS2_NS_ALIAS(MPS2_CORE1_VTOR), AT_FIXED, ALIAS_S,
     OP_WRITE, 0u, "BusFault"},
    {"boot-read-s", "read the boot stage's RAM", BOOT_RAM, AT_FIXED, ALIAS_S, OP_READ, 0u,
     "SecureFault"},
    {"boot-read-ns", "read the boot stage's RAM", MPS2_NS_ALIAS(BOOT_RAM), AT_FIXED, ALIAS_S,
     OP_READ, 0u, "BusFault"},
    {"boot-call", "call into the boot stage where no entry function is", MPS2_BOOT_BASE + 0x100u,
     AT_FIXED, ALIAS_S, OP_CALL, 0u, "SecureFault"},
    /* The partition: an MPC, the security controller. */
    {"mpc-s", "unlock the MPC of the HSM's RAM (CTRL without LOCKDOWN)", MPC_SSRAM2_CTRL, AT_FIXED,
     ALIAS_S, OP_WRITE, 0x10u, "SecureFault"},
    {"mpc-ns", "unlock the MPC of the HSM's RAM (CTRL without LOCKDOWN)",
     MPS2_NS_ALIAS(MPC_SSRAM2_CTRL), AT_FIXED, ALIAS_S, OP_WRITE, 0x10u, "BusFault"},
    {"mpc-lut-s", "make blocks Non-secure in the shared SRAM MPC's block table", MPC_SRAM0_LUT,
     AT_FIXED, ALIAS_S, OP_WRITE, 0xFFFFFFFFu, "SecureFault"},
    {"secctl-s", "make the HSM's UART Non-secure (APBNSPPCEXP1)", SECCTL_APBNSPPCEXP1, AT_FIXED,
     ALIAS_S, OP_WRITE, 0x60u, "SecureFault"},
    {"secctl-timer-s", "make the HSM's timer Non-secure (APBNSPPC0)", SECCTL_APBNSPPC0, AT_FIXED,
     ALIAS_S, OP_WRITE, 0x03u, "SecureFault"},
    /* Holding or resetting core 1. */
    {"cpuwait-s", "hold core 1 (CPUWAIT)", SYSCTL_CPUWAIT, AT_FIXED, ALIAS_S, OP_WRITE, 0x2u,
     "SecureFault"},
    {"cpuwait-ns", "hold core 1 (CPUWAIT)", MPS2_NS_ALIAS(SYSCTL_CPUWAIT), AT_FIXED, ALIAS_S,
     OP_WRITE, 0x2u, "BusFault"},
    {"swreset-s", "reset the system (SWRESET)", SYSCTL_SWRESET, AT_FIXED, ALIAS_S, OP_WRITE, 0x1u,
     "SecureFault"},
    {"swreset-ns", "reset the system (SWRESET)", MPS2_NS_ALIAS(SYSCTL_SWRESET), AT_FIXED, ALIAS_S,
     OP_WRITE, 0x1u, "BusFault"},
    /* The HSM's peripherals: its UART, its timer, the MHUs (the host's doorbells go through
     * the boot stage's entry functions only). */
    {"uart1-s", "read the HSM's UART", UART1_BAUDDIV, AT_FIXED, ALIAS_S, OP_READ, 0u,
     "SecureFault"},
    {"timer1-s", "read the HSM's timer", TIMER1_VALUE, AT_FIXED, ALIAS_S, OP_READ, 0u,
     "SecureFault"},
    {"timer1-ns", "read the HSM's timer", MPS2_NS_ALIAS(TIMER1_VALUE), AT_FIXED, ALIAS_S, OP_READ,
     0u, "BusFault"},
    {"mhu-s", "ring the HSM's MHU directly", MPS2_MHU0_BASE + MPS2_MHU_CPU1_SET, AT_FIXED, ALIAS_S,
     OP_WRITE, 0x1u, "SecureFault"},
    {"mhu-ns", "ring the HSM's MHU directly", MPS2_NS_ALIAS(MPS2_MHU0_BASE + MPS2_MHU_CPU1_SET),
     AT_FIXED, ALIAS_S, OP_WRITE, 0x1u, "BusFault"},
};
#define NPROBES (sizeof(probes) / sizeof(probes[0]))

/* ---- the HSM's side: a key in its cache and NVM, and where things are ---- */

static whClientContext client;

static int connectClient(unsigned mailbox)
{
    int32_t rc  = 0;
    int     ret = core0_ClientInit(&client, mailbox, CLIENT_TIMEOUT_MS);

    if (ret == WH_ERROR_OK) {
        ret = wh_Client_CommConnect(&client, NULL, NULL, &rc);
    }
    return (ret == WH_ERROR_OK) ? rc : ret;
}

/* A key cached and committed by client 1 (connected); out[]: the HSM's key cache entry
 * holding it, its NVM image, a word of its stack (Secure aliases). */
static int hsmSecrets(uint32_t out[3])
{
    static const uint8_t key[16] = {'p', 'r', 'o', 'b', 'e', '-', 's', 'e',
                                    'c', 'r', 'e', 't', '-', 'k', 'e', 'y'};
    const uint16_t       flags   = WH_NVM_FLAGS_NONEXPORTABLE | WH_NVM_FLAGS_USAGE_SIGN |
                           WH_NVM_FLAGS_KEYTYPE(WH_KEY_TYPE_SECRET);
    uint16_t keyId = 0;
    int32_t  rc    = 0;
    int      ret = wh_Client_KeyCache(&client, flags, 5, (const uint8_t*)"probe", sizeof(key), key,
                                      &keyId, &rc);

    if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK)) {
        ret = wh_Client_KeyCommit(&client, keyId, &rc);
    }
    if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_OK)) {
        ret = whTarget_HsmControl(WH_TARGET_CTRL_ADDRS, NULL, 0, out);
    }
    return (ret == WH_ERROR_OK) ? rc : ret;
}

/* The HSM still answers (it was neither held nor reset): an echo on client 1. */
static int hsmAnswers(void)
{
    static const uint8_t in[8] = {'s', 't', 'i', 'l', 'l', ' ', 'u', 'p'};
    uint8_t              out[8];
    uint16_t             outSize = sizeof(out);
    int32_t              rc      = 0;
    int                  ret     = wh_Client_Echo(&client, sizeof(in), in, &outSize, out, &rc);

    return (ret == WH_ERROR_OK) && (rc == WH_ERROR_OK) && (outSize == sizeof(in)) &&
           (memcmp(in, out, sizeof(in)) == 0);
}

/* ---- the probes that cannot fault: they must have no effect ---- */

static int noEffect(const char* name, const char* how)
{
    if (!hsmAnswers()) {
        mps2Console_Printf("core0: probe %s: the HSM no longer answers: FAILED\n", name);
        return MPS2_EXIT_FAIL;
    }
    mps2Console_Printf("core0: probe %s: no effect: %s; the HSM still answers\n", name, how);
    return MPS2_EXIT_OK;
}

/* The HSM's UART through its Non-secure alias: a board-level PPC, which QEMU makes read as
 * zero and drop writes instead of faulting. */
static int probeUart1Ns(const char* name)
{
    static const char marker[] = {'U', 'A', 'R', 'T', '1', '-', 'W', 'R', 'I', 'T',
                                  'E', '-', 'R', 'E', 'A', 'C', 'H', 'E', 'D', '\n'};
    uint32_t          baud;
    uint32_t          ctrl;
    unsigned          i;

    mps2Console_Printf("core0: probe %s: read the HSM's UART (BAUDDIV, CTRL) at 0x%08x and write "
                       "a marker to its DATA register: expecting no effect\n",
                       name, (unsigned)MPS2_NS_ALIAS(MPS2_UART1_BASE));
    baud = MPS2_REG(MPS2_NS_ALIAS(UART1_BAUDDIV));
    ctrl = MPS2_REG(MPS2_NS_ALIAS(UART1_CTRL));
    for (i = 0; i < sizeof(marker); i++) {
        MPS2_REG(MPS2_NS_ALIAS(UART1_DATA)) = (uint8_t)marker[i];
    }
    if ((baud != 0u) || (ctrl != 0u)) {
        mps2Console_Printf("core0: probe %s: read BAUDDIV 0x%08x, CTRL 0x%08x: the HSM's UART is "
                           "reachable: ISOLATION BROKEN\n",
                           name, (unsigned)baud, (unsigned)ctrl);
        return MPS2_EXIT_FAIL;
    }
    return noEffect(name, "BAUDDIV and CTRL read 0 (the HSM set 16 and 1: the board PPC hides "
                          "them, QEMU answers a refused access with zero, not a fault); the "
                          "marker written must not reach the console (the script checks)");
}

/* The DMA controller (PL081 DMA0, a bus master of its own) through its Non-secure alias: a
 * board-level PPC keeps it Secure, so the host cannot have it copy the HSM's key cache entry
 * into host RAM (a deputy that would not ask the SAU). Programmed for that copy, it must read
 * as zero and the destination must stay untouched. */
#define DMA0_BASE 0x40110000u /* Non-secure alias */
#define DMA_CONFIG 0x030u     /* DMACConfiguration: bit 0 enables the controller */
#define DMA_CH0_SRC 0x100u
#define DMA_CH0_DST 0x104u
#define DMA_CH0_LLI 0x108u
#define DMA_CH0_CONTROL 0x10Cu
#define DMA_CH0_CONFIG 0x110u /* bit 0 enables the channel */

static int probeDmaNs(const char* name)
{
    static volatile uint32_t dest[4];
    uint32_t                 out[3];
    uint32_t                 seen;
    unsigned                 i;
    int                      ret = hsmSecrets(out);

    if (ret != WH_ERROR_OK) {
        mps2Console_Printf("core0: probe %s: caching the key failed: %d\n", name, ret);
        return MPS2_EXIT_FAIL;
    }
    mps2Console_Printf("core0: probe %s: program DMA0 at 0x%08x to copy the HSM's key cache entry "
                       "0x%08x into host RAM 0x%08x: expecting no effect\n",
                       name, (unsigned)DMA0_BASE, (unsigned)out[0], (unsigned)(uintptr_t)dest);
    MPS2_REG(DMA0_BASE + DMA_CONFIG)  = 1u;
    MPS2_REG(DMA0_BASE + DMA_CH0_SRC) = out[0];
    MPS2_REG(DMA0_BASE + DMA_CH0_DST) = (uint32_t)(uintptr_t)dest;
    MPS2_REG(DMA0_BASE + DMA_CH0_LLI) = 0u;
    /* 4 words, 32-bit source and destination, both incrementing. */
    MPS2_REG(DMA0_BASE + DMA_CH0_CONTROL) = 4u | (2u << 18) | (2u << 21) | (1u << 26) | (1u << 27);
    MPS2_REG(DMA0_BASE + DMA_CH0_CONFIG)  = 1u;
    for (i = 0; i < 100000u; i++) { /* time for a transfer */
        __asm volatile("nop");
    }
    seen = MPS2_REG(DMA0_BASE + DMA_CONFIG) | MPS2_REG(DMA0_BASE + DMA_CH0_SRC) | dest[0] |
           dest[1] | dest[2] | dest[3];
    if (seen != 0u) {
        mps2Console_Printf("core0: probe %s: the DMA answers or copied (0x%08x): ISOLATION "
                           "BROKEN\n",
                           name, (unsigned)seen);
        return MPS2_EXIT_FAIL;
    }
    return noEffect(name, "its registers read 0 and host RAM holds no key (the board PPC keeps "
                          "the DMA controller Secure; QEMU answers with zero, not a fault)");
}

/* The SAU from Non-secure code: its registers read as zero and ignore writes. SAU_CTRL 0
 * would make all memory Secure, this code included: it keeps running. */
static int probeSau(const char* name)
{
    static const uint32_t regs[] = {0xE000EDD0u, 0xE002EDD0u}; /* SAU_CTRL and its NS alias */
    uint32_t              seen   = 0;
    unsigned              i;

    mps2Console_Printf("core0: probe %s: reconfigure the SAU from Non-secure code (region 7 "
                       "over the HSM's RAM, then SAU_CTRL = 0, at 0xe000edd0 and its alias "
                       "0xe002edd0): expecting no effect\n",
                       name);
    MPS2_REG(0xE000EDD8u) = 7u;                            /* SAU_RNR */
    MPS2_REG(0xE000EDDCu) = MPS2_HSM_RAM_BASE;             /* SAU_RBAR */
    MPS2_REG(0xE000EDE0u) = MPS2_HSM_RAM_BASE + 0x1FFFE1u; /* SAU_RLAR, enabled */
    for (i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
        MPS2_REG(regs[i]) = 0u;
        __asm volatile("dsb\n\tisb" ::: "memory");
        seen |= MPS2_REG(regs[i]) | MPS2_REG(regs[i] + 4u) | MPS2_REG(regs[i] + 0x10u);
    }
    if (seen != 0u) {
        mps2Console_Printf("core0: probe %s: the SAU reads 0x%08x from Non-secure code: "
                           "ISOLATION BROKEN\n",
                           name, (unsigned)seen);
        return MPS2_EXIT_FAIL;
    }
    return noEffect(name, "SAU_CTRL, SAU_TYPE and SAU_RLAR read 0 and the writes were ignored "
                          "(Secure-only registers: read-as-zero, write-ignored for Non-secure "
                          "code), and this code still runs");
}

/* A system reset through AIRCR.SYSRESETREQ: the boot stage set SYSRESETREQS, so only Secure
 * code may; BFHFNMINS (the faults to Non-secure) is Secure-only as well. */
static int probeAircr(const char* name)
{
    uint32_t before = MPS2_REG(0xE000ED0Cu);
    uint32_t after;

    mps2Console_Printf("core0: probe %s: reset the system through AIRCR.SYSRESETREQ and take the "
                       "faults Non-secure (BFHFNMINS); AIRCR reads 0x%08x: expecting no "
                       "effect\n",
                       name, (unsigned)before);
    MPS2_REG(0xE000ED0Cu) = 0x05FA0000u | 0x2000u | 0x4u;
    __asm volatile("dsb\n\tisb" ::: "memory");
    after = MPS2_REG(0xE000ED0Cu);
    if ((after & 0x2000u) != 0u) {
        mps2Console_Printf("core0: probe %s: BFHFNMINS is set: ISOLATION BROKEN\n", name);
        return MPS2_EXIT_FAIL;
    }
    return noEffect(name, "no reset (SYSRESETREQS: Secure only; the boot stage would have said "
                          "so twice) and BFHFNMINS still 0");
}

/* ---- running one ---- */

/* The probes that must have no effect. */
static const struct {
    const char* name;
    int (*run)(const char* name);
} quiet[] = {
    {"uart1-ns", probeUart1Ns},
    {"dma-ns", probeDmaNs},
    {"sau", probeSau},
    {"aircr", probeAircr},
};
#define NQUIET (sizeof(quiet) / sizeof(quiet[0]))

int whTarget_Probe(const char* name)
{
    const whProbe* p = NULL;
    uint32_t       out[3];
    uint32_t       addr;
    int            ret;
    unsigned       i;

    /* The HSM is up and serving first (its boot messages are out), and it serves client 1. */
    if ((ret = connectClient(0)) != WH_ERROR_OK) {
        mps2Console_Printf("core0: probe %s: no connection to the HSM: error %d\n", name, ret);
        return MPS2_EXIT_FAIL;
    }
    for (i = 0; i < NQUIET; i++) {
        if (strcmp(quiet[i].name, name) == 0) {
            return quiet[i].run(name);
        }
    }
    for (i = 0; i < NPROBES; i++) {
        if (strcmp(probes[i].name, name) == 0) {
            p = &probes[i];
        }
    }
    if (p == NULL) {
        mps2Console_Printf("core0: no probe named '%s'\n", name);
        return MPS2_EXIT_FAIL;
    }
    addr = p->addr;
    if (p->at != AT_FIXED) {
        if ((ret = hsmSecrets(out)) != WH_ERROR_OK) {
            mps2Console_Printf("core0: probe %s: caching the key failed: %d\n", name, ret);
            return MPS2_EXIT_FAIL;
        }
        addr = (p->at == AT_KEY) ? out[0] : (p->at == AT_NVM) ? out[1] : out[2];
        if (p->alias == ALIAS_NS) {
            addr = MPS2_NS_ALIAS(addr);
        }
    }
    mps2Console_Printf("core0: probe %s: %s: %s 0x%08x (%s alias): expecting a %s\n", name, p->what,
                       (p->op == OP_READ)    ? "read"
                       : (p->op == OP_WRITE) ? "write"
                                             : "call",
                       (unsigned)addr, ((addr & 0x10000000u) != 0u) ? "Secure" : "Non-secure",
                       p->expect);
    __asm volatile("dsb" ::: "memory");
    if (p->op == OP_READ) {
        uint32_t v = MPS2_REG(addr);
        mps2Console_Printf("core0: probe %s: read 0x%08x: no fault: ISOLATION BROKEN\n", name,
                           (unsigned)v);
    }
    else if (p->op == OP_WRITE) {
        MPS2_REG(addr) = p->value;
        __asm volatile("dsb" ::: "memory");
        mps2Console_Printf("core0: probe %s: wrote: no fault: ISOLATION BROKEN\n", name);
    }
    else {
        ((void (*)(void))(uintptr_t)(addr | 1u))();
        mps2Console_Printf("core0: probe %s: the call returned: ISOLATION BROKEN\n", name);
    }
    return MPS2_EXIT_FAIL;
}

/* The probes' names, for the script's check that it runs them all (after the HSM is up: its
 * boot messages do not cut into the line). */
void whTarget_ProbeList(void)
{
    unsigned i;

    (void)connectClient(0);
    mps2Console_Printf("core0: probes:");
    for (i = 0; i < NPROBES; i++) {
        mps2Console_Printf(" %s", probes[i].name);
    }
    for (i = 0; i < NQUIET; i++) {
        mps2Console_Printf(" %s", quiet[i].name);
    }
    mps2Console_Printf("\n");
}
