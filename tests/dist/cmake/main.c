/*
 * main.c - the host (Linux) example consumer of dist/host, built with CMake against dist/
 * only: an HSM server (NVM store on the RAM flash simulator) and a client in one process and
 * one thread over the mailbox transport, without doorbells: each request is sent, served
 * (wh_Server_HandleRequestMessage) and its response read. It connects, echoes, caches an AES
 * key and takes an AES-CMAC with it (RFC 4493, example 2), and exits 0 when each step gave
 * what it should. The port functions the libraries need are this program's (PORTING.md):
 * the DRBG seed (getrandom) and the SHE's debugger input.
 */
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "wolfhsm/wh_client.h"
#include "wolfhsm/wh_client_crypto.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_flash_ramsim.h"
#include "wolfhsm/wh_nvm.h"
#include "wolfhsm/wh_nvm_flash.h"
#include "wolfhsm/wh_server.h"
#include "wolfhsm/wh_transport_mem.h"

#define CLIENT_ID 5u
#define FLASH_SIZE (32u * 1024u)

int     wh_Entropy_GenerateSeed(unsigned char* output, unsigned int sz);
uint8_t wh_Board_SheDebugger(void);

int wh_Entropy_GenerateSeed(unsigned char* output, unsigned int sz)
{
    return (getrandom(output, sz, 0) == (ssize_t)sz) ? 0 : -1;
}

uint8_t wh_Board_SheDebugger(void)
{
    return 0u;
}

static whServerContext server;
static whClientContext client;

static int fail(const char* what, int ret, int32_t rc)
{
    printf("dist consumer: FAILED: %s (ret %d, rc %d)\n", what, ret, (int)rc);
    return 1;
}

/* The request the client just sent, served. */
static int serve(void)
{
    return wh_Server_HandleRequestMessage(&server);
}

int main(void)
{
    static const uint8_t         key[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                            0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
    static const uint8_t         msg[16] = {0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96,
                                            0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a};
    static const uint8_t         tag[16] = {0x07, 0x0a, 0x16, 0xb4, 0x6b, 0x4d, 0x41, 0x44,
                                            0xf7, 0x9b, 0xdd, 0x9d, 0xd0, 0x4a, 0x28, 0x7c};
    static uint8_t               flashMem[FLASH_SIZE];
    static whMailbox             mailbox;
    static whFlashRamsimContext  flash;
    static whNvmFlashContext     store;
    static whNvmContext          nvm;
    static whTransportMemContext serverTransport;
    static whTransportMemContext clientTransport;
    static const whFlashCb       flashCb   = WH_FLASH_RAMSIM_CB;
    static const whNvmCb         storeCb   = WH_NVM_FLASH_CB;
    static const whTransportCb   serverTcb = WH_TRANSPORT_MEM_SERVER_CB;
    static const whTransportCb   clientTcb = WH_TRANSPORT_MEM_CLIENT_CB;
    const whFlashRamsimConfig    flashCfg  = {.memory      = flashMem,
                                              .size        = FLASH_SIZE,
                                              .sectorSize  = 4096u,
                                              .programUnit = 8u,
                                              .initErased  = 1};
    const whNvmFlashConfig       storeCfg  = {.cb = &flashCb, .context = &flash};
    const whNvmConfig            nvmCfg = {.cb = &storeCb, .context = &store, .config = &storeCfg};
    const whTransportMemConfig   tcfg   = {.mailbox = &mailbox}; /* no doorbells: polled */
    const whCommServerConfig     serverComm = {&serverTcb, &serverTransport, &tcfg};
    const whCommClientConfig     clientComm = {&clientTcb, &clientTransport, &tcfg};
    const whServerConfig serverCfg = {.comm = &serverComm, .nvm = &nvm, .clientId = CLIENT_ID};
    const whClientConfig clientCfg = {.comm = &clientComm};
    uint8_t              out[16];
    uint16_t             outLen   = sizeof(out);
    uint16_t             clientId = 0;
    uint16_t             keyId    = 0;
    int32_t              rc       = -1;
    int                  ret;

    if (((ret = wh_FlashRamsim_Init(&flash, &flashCfg)) != WH_ERROR_OK) ||
        ((ret = wh_Nvm_Init(&nvm, &nvmCfg)) != WH_ERROR_OK) ||
        ((ret = wh_Server_Init(&server, &serverCfg)) != WH_ERROR_OK) ||
        ((ret = wh_Client_Init(&client, &clientCfg)) != WH_ERROR_OK)) {
        return fail("init", ret, 0);
    }
    if (((ret = wh_Client_CommConnectRequest(&client)) != WH_ERROR_OK) ||
        ((ret = serve()) != WH_ERROR_OK) ||
        ((ret = wh_Client_CommConnectResponse(&client, &clientId, NULL, &rc)) != WH_ERROR_OK) ||
        (rc != WH_ERROR_OK) || (clientId != CLIENT_ID)) {
        return fail("connect (the server's client id)", ret, rc);
    }
    if (((ret = wh_Client_EchoRequest(&client, 5, "hello")) != WH_ERROR_OK) ||
        ((ret = serve()) != WH_ERROR_OK) ||
        ((ret = wh_Client_EchoResponse(&client, &outLen, out, &rc)) != WH_ERROR_OK) ||
        (rc != WH_ERROR_OK) || (outLen != 5u) || (memcmp(out, "hello", 5) != 0)) {
        return fail("echo", ret, rc);
    }
    if (((ret = wh_Client_KeyCacheRequest(&client, 0, WH_NVM_FLAGS_USAGE_SIGN, 0, NULL, sizeof(key),
                                          key)) != WH_ERROR_OK) ||
        ((ret = serve()) != WH_ERROR_OK) ||
        ((ret = wh_Client_KeyCacheResponse(&client, &keyId, &rc)) != WH_ERROR_OK) ||
        (rc != WH_ERROR_OK) || (keyId == 0u)) {
        return fail("key cache", ret, rc);
    }
    outLen = sizeof(out);
    if (((ret = wh_Client_MacGenerateRequest(&client, WH_CRYPTO_CMAC_AES, keyId, msg, sizeof(msg),
                                             128)) != WH_ERROR_OK) ||
        ((ret = serve()) != WH_ERROR_OK) ||
        ((ret = wh_Client_MacGenerateResponse(&client, out, &outLen, &rc)) != WH_ERROR_OK) ||
        (rc != WH_ERROR_OK) || (outLen != sizeof(tag)) || (memcmp(out, tag, sizeof(tag)) != 0)) {
        return fail("AES-CMAC of RFC 4493 example 2", ret, rc);
    }
    (void)wh_Client_Cleanup(&client);
    (void)wh_Server_Cleanup(&server);
    (void)wh_Nvm_Cleanup(&nvm);
    printf("dist consumer: ok (connect, echo, key cache, AES-CMAC = RFC 4493 example 2; "
           "client and server from dist/host)\n");
    return 0;
}
