/*
 * test_padding.c: one of every wire struct, compiled with -Wpadded -Werror (see the
 * Makefile): a struct that crosses the core boundary with hidden padding fails the build.
 * At run time, each size is checked against the documented wire size.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "wolfhsm/wh_message.h"
#include "wolfhsm/wh_message_comm.h"
#include "wolfhsm/wh_transport_mem.h"

static whCommHeader                 header;
static whCommPacket                 packet;
static whMessageCommConnectRequest  connectRequest;
static whMessageCommConnectResponse connectResponse;
static whMessageCommInfoResponse    infoResponse;
static whMessageCommCloseResponse   closeResponse;
static whMailbox                    mailbox;

static void test_wire_sizes(void** state)
{
    (void)state;
    assert_int_equal(sizeof(header), 8);
    assert_int_equal(sizeof(packet), 8 + WOLFHSM_CFG_COMM_DATA_LEN);
    assert_int_equal(sizeof(connectRequest), 4);
    assert_int_equal(sizeof(connectResponse), 8);
    assert_int_equal(sizeof(infoResponse), 20);
    assert_int_equal(sizeof(closeResponse), 4);
    assert_int_equal(sizeof(mailbox),
                     2 * WOLFHSM_CFG_CACHE_LINE + 2 * WH_MAILBOX_BUFFER_SIZE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wire_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
