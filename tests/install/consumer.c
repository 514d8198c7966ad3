/*
 * tests/install/consumer.c: a Linux-side program built against an installed tree only
 * (scripts/install_test.sh: `make install PREFIX=...`, then the compiler with `pkg-config
 * --cflags --libs wolfhsm-client wolfhsm-server` and nothing from the source tree). It uses
 * the server library's NVM store on the RAM flash simulator, the client library and the
 * wolfCrypt that comes with them, and exits 0 when each does what it should.
 */
#include <stdio.h>
#include <string.h>

#include "wolfhsm/wh_client.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_flash_ramsim.h"
#include "wolfhsm/wh_nvm_flash.h"
#include "wolfssl/wolfcrypt/sha256.h"

#define FLASH_SIZE (16u * 1024u)

static int fail(const char* what)
{
    printf("consumer: FAILED: %s\n", what);
    return 1;
}

int main(void)
{
    static uint8_t              mem[FLASH_SIZE];
    static whFlashRamsimContext flash;
    static whNvmFlashContext    nvm;
    static const whFlashCb      cb      = WH_FLASH_RAMSIM_CB;
    whFlashRamsimConfig         fc      = {.memory = mem, .size = FLASH_SIZE, .initErased = 1};
    const whNvmFlashConfig      nc      = {.cb = &cb, .context = &flash};
    whNvmMetadata               m       = {.id = WH_NVM_MAKE_ID(WH_NVM_TYPE_OBJECT, 0, 1)};
    static const uint8_t        abc[32] = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea,
                                           0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
                                           0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c,
                                           0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
    uint8_t                     buf[32];
    wc_Sha256                   sha;

    /* the server library: an NVM object stored and read back */
    fc.sectorSize  = 4096u;
    fc.programUnit = 8u;
    if ((wh_FlashRamsim_Init(&flash, &fc) != WH_ERROR_OK) ||
        (wh_NvmFlash_Init(&nvm, &nc) != WH_ERROR_OK)) {
        return fail("NVM store init");
    }
    if ((wh_NvmFlash_AddObject(&nvm, &m, 5, (const uint8_t*)"hello") != WH_ERROR_OK) ||
        (wh_NvmFlash_Read(&nvm, m.id, 0, 5, buf) != WH_ERROR_OK) ||
        (memcmp(buf, "hello", 5) != 0)) {
        return fail("NVM object round trip");
    }
    /* the client library: its argument checks */
    if (wh_Client_Init(NULL, NULL) != WH_ERROR_BADARGS) {
        return fail("wh_Client_Init(NULL) is not BADARGS");
    }
    /* wolfCrypt, as installed with them: FIPS 180-2's SHA-256("abc") */
    if ((wc_InitSha256(&sha) != 0) || (wc_Sha256Update(&sha, (const uint8_t*)"abc", 3) != 0) ||
        (wc_Sha256Final(&sha, buf) != 0) || (memcmp(buf, abc, 32) != 0)) {
        return fail("SHA-256");
    }
    printf("consumer: ok (NVM store, client API, wolfCrypt from the installed tree)\n");
    return 0;
}
