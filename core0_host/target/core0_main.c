/*
 * core0_main.c - the host firmware on mps2-an521 CPU0 (issue 6).
 *
 * Boots, zeroes the shared region (protocol step 0), points CPU1 at the HSM image's vector
 * table and releases it, then runs three clients, one per mailbox, over MHU doorbells (all
 * three ring the HSM scheduler's one doorbell; the HSM rings ours back):
 *   all three connect (the HSM serves three contexts at once);
 *   client 1: info, echoes, SHA-256 and RNG in the HSM, and the persistent NVM counter;
 *   clients 2 and 3: echoes;
 *   all three close.
 * Then waits for the HSM to write its NVM image back to the host file and ends QEMU with a
 * semihosting exit code: 0 when every check passed. Prints a per-client report on UART0.
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
#define NCLIENTS          MPS2_CLIENT_COUNT
#define COUNTER_ID        1u   /* client 1's boot counter in the HSM's NVM */
#define HSM_DONE_MS       5000u /* wait for the HSM's NVM write-back */

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
    mps2_Printf("core0: zeroed %u B of shared region (3 mailboxes, NVM gate) at 0x%08x, "
                "released CPU1 at 0x%08x\n",
                (unsigned)sizeof(*MPS2_SHARED), (unsigned)MPS2_SHARED_BASE,
                (unsigned)MPS2_CORE1_VTOR);
}

static int echoes(whClientContext* client, unsigned n)
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
        mps2_Printf("core0: client %u: echo %4u B x %d across the cores: all intact, %u.%02u us "
                    "per round trip\n",
                    n, (unsigned)sizes[s], ECHO_ROUNDS, (unsigned)(perTrip / 1000u),
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
    mps2_Printf("core0: client 1: SHA-256(\"abc\") in the HSM = ");
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
    mps2_Printf("core0: client 1: RNG from the HSM's DRBG (emulator seed, NOT secure) = ");
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

/* All three clients with a request in flight at once, ROUNDS times: the HSM's scheduler
 * finds work in several mailboxes per pass. Each client's echo must come back to it. */
static int interleaved(whClientContext* client, unsigned rounds)
{
    static uint8_t in[NCLIENTS][64];
    static uint8_t out[64];
    unsigned       r;
    unsigned       i;

    for (r = 0; r < rounds; r++) {
        for (i = 0; i < NCLIENTS; i++) {
            int ret;
            memset(in[i], (int)((i << 6) + r) & 0xFF, sizeof(in[i]));
            ret = wh_Client_EchoRequest(&client[i], sizeof(in[i]), in[i]);
            if (ret != WH_ERROR_OK) {
                return failed("interleaved echo request", ret, 0);
            }
        }
        for (i = 0; i < NCLIENTS; i++) {
            uint16_t outSize = sizeof(out);
            int32_t  rc      = 0;
            int      ret     = wh_Client_WaitResponse(&client[i]);
            if (ret == WH_ERROR_OK) {
                ret = wh_Client_EchoResponse(&client[i], &outSize, out, &rc);
            }
            if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK) || (outSize != sizeof(out)) ||
                (memcmp(in[i], out, sizeof(out)) != 0)) {
                mps2_Printf("core0: client %u: interleaved echo, round %u:\n", i + 1u, r);
                return failed("interleaved echo", ret, rc);
            }
        }
    }
    mps2_Printf("core0: clients 1-3: %u rounds of 3 echoes in flight at once (64 B each): all "
                "intact, each to its own client\n",
                rounds);
    return MPS2_EXIT_OK;
}

/* Client 1's persistent counter: increment (create it at 0 first if it does not exist). */
static uint32_t counterValue;

static int counter(whClientContext* client)
{
    uint32_t value = 0;
    int32_t  rc    = 0;
    int      ret   = wh_Client_CounterIncrement(client, COUNTER_ID, &value, &rc);
    int      created = 0;

    if ((ret == WH_ERROR_OK) && (rc == WH_ERROR_NOTFOUND)) {
        ret = wh_Client_CounterInit(client, COUNTER_ID, 0, &rc);
        if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
            return failed("counter init", ret, rc);
        }
        created = 1;
        ret     = wh_Client_CounterIncrement(client, COUNTER_ID, &value, &rc);
    }
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        return failed("counter increment", ret, rc);
    }
    counterValue = value;
    mps2_Printf("core0: client 1: NVM counter %u incremented%s: value now %u (kept in the HSM's "
                "NVM across runs)\n",
                (unsigned)COUNTER_ID, created ? " (not found: created at 0)" : "",
                (unsigned)value);
    return MPS2_EXIT_OK;
}

static int info(whClientContext* client)
{
    whClientCommInfo info;
    int32_t          rc  = 0;
    int              ret = wh_Client_CommInfo(client, &info, &rc);

    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        return failed("info", ret, rc);
    }
    mps2_Printf("core0: client 1: HSM version %u.%u.%u, protocol %u, max payload %u B, features "
                "0x%08x, server id %u\n",
                (unsigned)(info.version >> 16), (unsigned)((info.version >> 8) & 0xFFu),
                (unsigned)(info.version & 0xFFu), (unsigned)info.protocolVersion,
                (unsigned)info.maxPayload, (unsigned)info.features, (unsigned)info.serverId);
    return MPS2_EXIT_OK;
}

int core0_Main(void)
{
    static const whTransportCb   transportCb = WH_TRANSPORT_MEM_CLIENT_CB;
    static const whDoorbellCb    doorbellCb  = MPS2_DOORBELL_CB;
    static whTransportMemContext transport[NCLIENTS];
    static whTransportMemConfig  transportConfig[NCLIENTS];
    static whCommClientConfig    commConfig[NCLIENTS];
    static whClientContext       client[NCLIENTS];
    whClientConfig               config;
    uint16_t                     clientId = 0;
    int32_t                      rc       = 0;
    int                          ret;
    uint32_t                     start;
    unsigned                     i;

    mps2_ConsoleInit(MPS2_UART0_BASE, "core0");
    mps2_TickInit();
    releaseCore1();
    mps2_IrqEnable(MPS2_IRQ_MHU1);

    for (i = 0; i < NCLIENTS; i++) {
        transportConfig[i] = (whTransportMemConfig){&MPS2_SHARED->mailbox[i],
                                                    {&doorbellCb, &peerDoorbell},
                                                    {&doorbellCb, &selfDoorbell}};
        commConfig[i] = (whCommClientConfig){&transportCb, &transport[i], &transportConfig[i]};
        config        = (whClientConfig){.comm = &commConfig[i], .timeoutMs = CLIENT_TIMEOUT_MS};
        if ((ret = wh_Client_Init(&client[i], &config)) != WH_ERROR_OK) {
            return failed("client init", ret, 0);
        }
    }

    /* All three connect: the HSM now serves three open sessions. */
    for (i = 0; i < NCLIENTS; i++) {
        start = mps2_Millis();
        ret   = wh_Client_CommConnect(&client[i], &clientId, NULL, &rc);
        if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
            return failed("connect (is the HSM core up?)", ret, rc);
        }
        mps2_Printf("core0: client %u: connected on mailbox %u after %u ms; HSM client id %u\n",
                    i + 1u, i, (unsigned)(mps2_Millis() - start), (unsigned)clientId);
        if (clientId != i + 1u) {
            mps2_Printf("core0: client %u: WRONG client id\n", i + 1u);
            return MPS2_EXIT_FAIL;
        }
    }

    if (((ret = info(&client[0])) != MPS2_EXIT_OK) || ((ret = echoes(&client[0], 1)) != MPS2_EXIT_OK) ||
        ((ret = crypto(&client[0])) != MPS2_EXIT_OK) || ((ret = counter(&client[0])) != MPS2_EXIT_OK)) {
        return ret;
    }
    for (i = 1; i < NCLIENTS; i++) {
        if ((ret = echoes(&client[i], i + 1u)) != MPS2_EXIT_OK) {
            return ret;
        }
    }
    if ((ret = interleaved(client, 50)) != MPS2_EXIT_OK) {
        return ret;
    }

    for (i = 0; i < NCLIENTS; i++) {
        ret = wh_Client_CommClose(&client[i], &rc);
        if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
            mps2_Printf("core0: client %u:\n", i + 1u);
            return failed("close", ret, rc);
        }
        (void)wh_Client_Cleanup(&client[i]);
    }

    /* The HSM prints its summary and writes its NVM image back to the host file, then says
     * DONE; our report follows, so the two do not interleave. */
    start = mps2_Millis();
    while (MPS2_SHARED->hsmState == MPS2_HSM_RUNNING) {
        if ((mps2_Millis() - start) >= HSM_DONE_MS) {
            mps2_Printf("core0: all sessions closed, but the HSM did not finish its NVM "
                        "write-back in %u ms\n",
                        (unsigned)HSM_DONE_MS);
            return MPS2_EXIT_FAIL;
        }
        __asm volatile("wfi");
    }
    if (MPS2_SHARED->hsmState != MPS2_HSM_DONE) {
        mps2_Printf("core0: the HSM reported a failure\n");
        return MPS2_EXIT_FAIL;
    }
    mps2_Printf("core0: ---- report: 3 clients, one HSM core (cooperative scheduler, 3 server "
                "contexts) ----\n");
    mps2_Printf("core0:   client 1 (mailbox 0): connect, info, echo 4x%d, SHA-256, RNG, NVM counter "
                "-> %u, close: ok\n",
                ECHO_ROUNDS, (unsigned)counterValue);
    for (i = 1; i < NCLIENTS; i++) {
        mps2_Printf("core0:   client %u (mailbox %u): connect, echo 4x%d, close: ok\n", i + 1u, i,
                    ECHO_ROUNDS);
    }
    mps2_Printf("core0:   clients 1-3: 50 rounds of interleaved echoes: ok\n");
    mps2_Printf("core0:   doorbell interrupts taken on core 0: %u; NVM persisted by the HSM "
                "(run again: the counter continues; NVM_FRESH=1: starts at 1)\n",
                (unsigned)selfDoorbell.events);
    mps2_Printf("core0: ALL OK\n");
    return MPS2_EXIT_OK;
}
