/*
 * hsm_demo.c: the HSM side of the host demo. Creates the named shared memory, serves the
 * client of its mailbox until the client closes the session, and reports what it served.
 *
 *   hsm_demo <shm-name> [client-id]
 */
#include <stdio.h>
#include <stdlib.h>

#include "port/posix/posix_shm.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_server.h"

#define IDLE_TIMEOUT_MS 10000

int main(int argc, char** argv)
{
    static const whTransportCb transportCb = WH_TRANSPORT_MEM_SERVER_CB;
    static const whDoorbellCb  doorbellCb  = POSIX_DOORBELL_CB;
    static whTransportMemContext transport;
    static whServerContext       server;
    whTransportMemConfig         transportConfig;
    whCommServerConfig           commConfig;
    whServerConfig               config;
    posixMailboxRegion*          region;
    posixShm                     shm;
    int                          wasConnected = 0;
    int                          ret;

    if (argc < 2) {
        fprintf(stderr, "usage: %s <shm-name> [client-id]\n", argv[0]);
        return 2;
    }
    if (posixShm_Create(&shm, argv[1], sizeof(posixMailboxRegion)) != WH_ERROR_OK) {
        fprintf(stderr, "hsm: cannot create shared memory %s\n", argv[1]);
        return 1;
    }
    region          = shm.base;
    transportConfig = (whTransportMemConfig){&region->mailbox,
                                             {&doorbellCb, &region->toClient},
                                             {&doorbellCb, &region->toServer}};
    commConfig      = (whCommServerConfig){&transportCb, &transport, &transportConfig};
    config = (whServerConfig){.comm = &commConfig,
                              .clientId = (uint16_t)((argc > 2) ? atoi(argv[2]) : 1)};
    ret = wh_Server_Init(&server, &config);
    if (ret != WH_ERROR_OK) {
        fprintf(stderr, "hsm: server init failed: %d\n", ret);
        return 1;
    }
    printf("hsm: serving client %u on %s\n", config.clientId, argv[1]);
    fflush(stdout);

    while (ret == WH_ERROR_OK && (!wasConnected || server.connected)) {
        ret = wh_Server_HandleRequestMessage(&server);
        if (ret == WH_ERROR_NOTREADY) {
            ret = wh_Server_WaitRequest(&server, IDLE_TIMEOUT_MS);
        }
        wasConnected |= server.connected;
    }
    if (ret != WH_ERROR_OK) {
        fprintf(stderr, "hsm: stopped on error %d (timeout: no client for %d ms)\n", ret,
                IDLE_TIMEOUT_MS);
    }
    printf("hsm: session closed: %u requests served, %u malformed, %u dropped\n",
           server.comm.stats.requests, server.comm.stats.malformed, server.comm.stats.dropped);
    (void)wh_Server_Cleanup(&server);
    (void)posixShm_Close(&shm, argv[1]);
    return (ret == WH_ERROR_OK) ? 0 : 1;
}
