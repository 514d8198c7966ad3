/*
 * host_demo.c: the host side of the host demo. Opens the HSM's shared memory, connects,
 * asks for the HSM's info, echoes a few payloads (timing the round trips), and closes.
 *
 *   host_demo <shm-name>
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "port/posix/posix_shm.h"
#include "wolfhsm/wh_client.h"
#include "wolfhsm/wh_error.h"

#define ROUNDS 10000

static double nowUs(void)
{
    struct timespec ts;
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int fail(const char* what, int ret, int32_t rc)
{
    fprintf(stderr, "host: %s failed: transport %d, hsm %d\n", what, ret, (int)rc);
    return 1;
}

int main(int argc, char** argv)
{
    static const whTransportCb   transportCb = WH_TRANSPORT_MEM_CLIENT_CB;
    static const whDoorbellCb    doorbellCb  = POSIX_DOORBELL_CB;
    static whTransportMemContext transport;
    static whClientContext       client;
    static const uint16_t        sizes[] = {8, 64, 1024};
    whTransportMemConfig         transportConfig;
    whCommClientConfig           commConfig;
    whClientConfig               config;
    whClientCommInfo             info;
    posixMailboxRegion*          region;
    posixShm                     shm;
    uint16_t                     clientId = 0;
    int32_t                      rc       = 0;
    int                          ret;
    size_t                       s;

    if (argc < 2) {
        fprintf(stderr, "usage: %s <shm-name>\n", argv[0]);
        return 2;
    }
    if (posixShm_Open(&shm, argv[1], sizeof(posixMailboxRegion), 5000) != WH_ERROR_OK) {
        fprintf(stderr, "host: no HSM shared memory %s (is hsm_demo running?)\n", argv[1]);
        return 1;
    }
    region          = shm.base;
    transportConfig = (whTransportMemConfig){&region->mailbox,
                                             {&doorbellCb, &region->toServer},
                                             {&doorbellCb, &region->toClient}};
    commConfig      = (whCommClientConfig){&transportCb, &transport, &transportConfig};
    config          = (whClientConfig){.comm = &commConfig, .timeoutMs = 5000};
    if ((ret = wh_Client_Init(&client, &config)) != WH_ERROR_OK) {
        return fail("init", ret, 0);
    }

    ret = wh_Client_CommConnect(&client, &clientId, NULL, &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        return fail("connect", ret, rc);
    }
    printf("host: connected; the HSM bound this mailbox to client id %u\n", clientId);

    ret = wh_Client_CommInfo(&client, &info, &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        return fail("info", ret, rc);
    }
    printf("host: HSM version %u.%u.%u, protocol %u, max payload %u bytes, features 0x%08x\n",
           info.version >> 16, (info.version >> 8) & 0xFFu, info.version & 0xFFu,
           info.protocolVersion, info.maxPayload, info.features);

    for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        static uint8_t in[1024];
        static uint8_t out[1024];
        double         start = nowUs();
        int            i;
        for (i = 0; i < ROUNDS; i++) {
            uint16_t outSize = sizeof(out);
            memset(in, i & 0xFF, sizes[s]);
            ret = wh_Client_Echo(&client, sizes[s], in, &outSize, out, &rc);
            if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK) || (outSize != sizes[s]) ||
                (memcmp(in, out, sizes[s]) != 0)) {
                return fail("echo", ret, rc);
            }
        }
        printf("host: echo %4u B x %d across processes: %.2f us per round trip, all intact\n",
               sizes[s], ROUNDS, (nowUs() - start) / ROUNDS);
    }

    ret = wh_Client_CommClose(&client, &rc);
    if ((ret != WH_ERROR_OK) || (rc != WH_ERROR_OK)) {
        return fail("close", ret, rc);
    }
    printf("host: session closed\n");
    (void)wh_Client_Cleanup(&client);
    (void)posixShm_Close(&shm, NULL);
    return 0;
}
