/*
 * wh_test_policy.h: the HSM-side policy every test client gets, on the host (wh_test_util.c)
 * and on the target (tests/target/core1_test.c): the default policy (every group; use and
 * create any global item; only its owner changes or erases it), plus MODIFY and ERASE on
 * the global numbers WH_TEST_SHARED_FIRST..255 of every kind, for the tests that share one
 * global counter, object or key between clients. Global numbers below that keep the
 * default, which the ownership tests rely on.
 */
#ifndef WH_TEST_POLICY_H_
#define WH_TEST_POLICY_H_

#include "wolfhsm/wh_server.h"

#define WH_TEST_SHARED_FIRST 0xC0u

static const whServerGlobalRule whTest_PolicyRules[] = {
    {.kinds = WH_POLICY_ALL, .first = 1, .last = 0xFF, .rights = WH_RIGHT_USE | WH_RIGHT_CREATE},
    {.kinds  = WH_POLICY_ALL,
     .first  = WH_TEST_SHARED_FIRST,
     .last   = 0xFF,
     .rights = WH_RIGHT_MODIFY | WH_RIGHT_ERASE},
};

static const whServerPolicy whTest_Policy = {
    .groups         = WH_POLICY_GROUPS_ALL,
    .rules          = whTest_PolicyRules,
    .ruleCount      = sizeof(whTest_PolicyRules) / sizeof(whTest_PolicyRules[0]),
    .globalKeyQuota = WOLFHSM_CFG_GLOBAL_KEY_QUOTA,
    .she            = WH_POLICY_SHE_PROVISION, /* the SHE tests provision devices */
};

#endif /* !WH_TEST_POLICY_H_ */
