/*
 * wh_message.c: header checks and the messages every group shares.
 */
#include <string.h>

#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_message.h"

int wh_Message_CheckMagicSlow(uint16_t magic)
{
    if ((magic == WH_COMM_MAGIC_NATIVE) || (magic == WH_COMM_MAGIC_SWAPPED)) {
        return WH_ERROR_OK;
    }
    if (((magic >> 8) == WH_COMM_MAGIC_TAG) || ((magic & 0xFFu) == WH_COMM_MAGIC_TAG)) {
        return WH_ERROR_VERSION;
    }
    return WH_ERROR_BADMAGIC;
}

void wh_Message_TranslateIdRequest(uint16_t magic, const whMessageIdRequest* src,
                                   whMessageIdRequest* dst)
{
    whMessageIdRequest t;
    memcpy(&t, src, sizeof(t));
    WH_T16(magic, t, id);
    memcpy(dst, &t, sizeof(t));
}
