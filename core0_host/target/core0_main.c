/*
 * core0_main.c - the host firmware on mps2-an521 CPU0 (foundation for issue 6).
 *
 * Boots, zeroes the shared mailbox (protocol step 0), points CPU1 at the HSM image's vector
 * table and releases it, then runs the real client over the mailbox with MHU doorbells:
 * connect, info, echoes, SHA-256 and RNG in the HSM, close. Prints on UART0 and ends QEMU
 * with a semihosting exit code: 0 when every check passed.
 */
#include <string.h>

#include "core0_target.h"
#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_console.h"
#include "port/mps2/mps2_doorbell.h"
#include "wolfhsm/wh_client.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_error.h"

#define CLIENT_TIMEOUT_MS 5000u
#define ECHO_ROUNDS       100

/* Our doorbell (rung by the HSM through MHU1 -> CPU0) and the HSM's (MHU0 -> CPU1). */
static mps2Doorbell selfDoorbell = {
    .statReg = MPS2_MHU1_BASE + MPS2_MHU_CPU0_STAT, .clrReg = MPS2_MHU1_BASE + MPS2_MHU_CPU0_CLR};
static mps2Doorbell peerDoorbell = {.setReg = MPS2_MHU0_BASE + MPS2_MHU_CPU1_SET};

void Core0_MhuIrq(void)
{
    mps2Doorbell_Isr(&selfDoorbell);
}

static int failed(const char* what, int ret, int32_t rc)
{
    mps2_Printf("core0: %s FAILED: transport %d, hsm %d\n", what, ret, (int)rc);
    return MPS2_EXIT_FAIL;
}

static void releaseCore1(void)
{
    mps2_Printf("core0: boot CPU_IDENTITY=%u VTOR=0x%08x CPUWAIT=0x%08x\n",
                (unsigned)MPS2_CPU_IDENTITY, (unsigned)MPS2_SCB_VTOR,
                (unsigned)MPS2_SYSCTL_CPUWAIT);
    /* Step 0 of the mailbox protocol: the shared region starts zeroed. */
    memset(MPS2_SHARED, 0, sizeof(*MPS2_SHARED));
    __asm volatile("dsb" ::: "memory");
    /* INITSVTOR1 first: CPU1 is reset by the CPUWAIT write. */
    MPS2_SYSCTL_INITSVTOR1 = MPS2_CORE1_VTOR;
    __asm volatile("dsb" ::: "memory");
    MPS2_SYSCTL_CPUWAIT = MPS2_SYSCTL_CPUWAIT & ~0x2u;
    mps2_Printf("core0: zeroed %u B of shared mailbox at 0x%08x, released CPU1 at 0x%08x\n",
                (unsigned)sizeof(*MPS2_SHARED), (unsigned)MPS2_SHARED_BASE,
                (unsigned)MPS2_CORE1_VTOR);
}

static int echoes(whClientContext* client)
{
    static const uint16_t sizes[] = {8, 64, 1024, WOLFHSM_CFG_COMM_DATA_LEN};
    static uint8_t        in[WOLFHSM_CFG_COMM_DATA_LEN];
    static uint8_t        out[WOLFHSM_CFG_COMM_DATA_LEN];
    unsigned              s;

    for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        uint32_t start = mps2_Ticks();
        uint32_t perTrip;
        int      i;
        for (i = 0; i < ECHO_ROUNDS; i++) {
            uint16_t outSize = sizeof(out);
            int32_t  rc      = 0;
            int      ret;
            memset(in, (i + (int)s) & 0xFF, sizes[s]);
            ret = wh_Client_Echo(client, sizes[s], in, &outSize, out, &rc);
            if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK) || (outSize != sizes[s]) ||
                (memcmp(in, out, sizes[s]) != 0)) {
                return failed("echo", ret, rc);
            }
        }
        /* ticks of 50 ns: per trip in ns = ticks * 50 / rounds */
        perTrip = (mps2_Ticks() - start) * 50u / ECHO_ROUNDS;
        mps2_Printf("core0: echo %4u B x %d across the cores: all intact, %u.%02u us per round "
                    "trip\n",
                    (unsigned)sizes[s], ECHO_ROUNDS, (unsigned)(perTrip / 1000u),
                    (unsigned)((perTrip % 1000u) / 10u));
    }
    return MPS2_EXIT_OK;
}

static int crypto(whClientContext* client)
{
    static const uint8_t expect[32] = {
        0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22,
        0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00,
        0x15, 0xad};
    uint8_t  digest[32];
    uint8_t  rnd1[16];
    uint8_t  rnd2[16];
    int32_t  rc = 0;
    int      ret;
    unsigned i;

    ret = wh_Client_Sha256(client, (const uint8_t*)"abc", 3, digest, &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        return failed("sha256", ret, rc);
    }
    mps2_Printf("core0: SHA-256(\"abc\") in the HSM = ");
    for (i = 0; i < sizeof(digest); i++) {
        mps2_Printf("%02x", digest[i]);
    }
    if (memcmp(digest, expect, sizeof(expect)) != 0) {
        mps2_Printf(" WRONG\n");
        return MPS2_EXIT_FAIL;
    }
    mps2_Printf(" (FIPS 180-2 vector: ok)\n");

    ret = wh_Client_RngGenerate(client, rnd1, sizeof(rnd1), &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        return failed("rng", ret, rc);
    }
    ret = wh_Client_RngGenerate(client, rnd2, sizeof(rnd2), &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        return failed("rng", ret, rc);
    }
    mps2_Printf("core0: RNG from the HSM's DRBG (emulator seed, NOT secure) = ");
    for (i = 0; i < sizeof(rnd1); i++) {
        mps2_Printf("%02x", rnd1[i]);
    }
    if (memcmp(rnd1, rnd2, sizeof(rnd1)) == 0) {
        mps2_Printf(" REPEATED\n");
        return MPS2_EXIT_FAIL;
    }
    mps2_Printf(" (two draws differ)\n");
    return MPS2_EXIT_OK;
}

int core0_Main(void)
{
    static const whTransportCb   transportCb = WH_TRANSPORT_MEM_CLIENT_CB;
    static const whDoorbellCb    doorbellCb  = MPS2_DOORBELL_CB;
    static whTransportMemContext transport;
    static whClientContext       client;
    whTransportMemConfig         transportConfig;
    whCommClientConfig           commConfig;
    whClientConfig               config;
    whClientCommInfo             info;
    uint16_t                     clientId = 0;
    int32_t                      rc       = 0;
    int                          ret;
    uint32_t                     start;

    mps2_ConsoleInit(MPS2_UART0_BASE, "core0");
    mps2_TickInit();
    releaseCore1();
    mps2_IrqEnable(MPS2_IRQ_MHU1);

    transportConfig = (whTransportMemConfig){&MPS2_SHARED->mailbox, {&doorbellCb, &peerDoorbell},
                                             {&doorbellCb, &selfDoorbell}};
    commConfig      = (whCommClientConfig){&transportCb, &transport, &transportConfig};
    config          = (whClientConfig){.comm = &commConfig, .timeoutMs = CLIENT_TIMEOUT_MS};
    if ((ret = wh_Client_Init(&client, &config)) != WH_ERROR_OK) {
        return failed("client init", ret, 0);
    }

    start = mps2_Millis();
    ret   = wh_Client_CommConnect(&client, &clientId, NULL, &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        return failed("connect (is the HSM core up?)", ret, rc);
    }
    mps2_Printf("core0: connected after %u ms; the HSM bound this mailbox to client id %u\n",
                (unsigned)(mps2_Millis() - start), (unsigned)clientId);

    ret = wh_Client_CommInfo(&client, &info, &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        return failed("info", ret, rc);
    }
    mps2_Printf("core0: HSM version %u.%u.%u, protocol %u, max payload %u B, features 0x%08x, "
                "server id %u\n",
                (unsigned)(info.version >> 16), (unsigned)((info.version >> 8) & 0xFFu),
                (unsigned)(info.version & 0xFFu), (unsigned)info.protocolVersion,
                (unsigned)info.maxPayload, (unsigned)info.features, (unsigned)info.serverId);

    if ((ret = echoes(&client)) != MPS2_EXIT_OK) {
        return ret;
    }
    if ((ret = crypto(&client)) != MPS2_EXIT_OK) {
        return ret;
    }

    ret = wh_Client_CommClose(&client, &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        return failed("close", ret, rc);
    }
    (void)wh_Client_Cleanup(&client);
    mps2_Printf("core0: session closed; doorbell interrupts taken: %u\n",
                (unsigned)selfDoorbell.events);
    /* Give the HSM core time to print its summary before the exit ends the emulator. */
    start = mps2_Millis();
    while ((mps2_Millis() - start) < 50u) {
        __asm volatile("wfi");
    }
    mps2_Printf("core0: ALL OK\n");
    return MPS2_EXIT_OK;
}
