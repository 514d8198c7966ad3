/*
 * wh_message_she.c: byte-order translation of the SHE group's messages (only the integer
 * fields; byte strings travel as they are). Copies through a local struct with memcpy, as
 * every group's translators do.
 */
#include <string.h>

#include "wolfhsm/wh_message_she.h"

void wh_MessageShe_TranslateCipher(uint16_t magic, const whMessageSheCipher* src,
                                   whMessageSheCipher* dst)
{
    whMessageSheCipher t;
    memcpy(&t, src, sizeof(t));
    WH_T32(magic, t, len);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageShe_TranslateMacRequest(uint16_t magic, const whMessageSheMacRequest* src,
                                       whMessageSheMacRequest* dst)
{
    whMessageSheMacRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, macBits);
    WH_T32(magic, t, msgBits);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageShe_TranslateVerifyResponse(uint16_t magic, const whMessageSheVerifyResponse* src,
                                           whMessageSheVerifyResponse* dst)
{
    whMessageSheVerifyResponse t;
    memcpy(&t, src, sizeof(t));
    WH_T32(magic, t, verifyStatus);
    memcpy(dst, &t, sizeof(t));
}

void wh_MessageShe_TranslateSecureBootRequest(uint16_t                             magic,
                                              const whMessageSheSecureBootRequest* src,
                                              whMessageSheSecureBootRequest*       dst)
{
    whMessageSheSecureBootRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T32(magic, t, size);
    memcpy(dst, &t, sizeof(t));
}
