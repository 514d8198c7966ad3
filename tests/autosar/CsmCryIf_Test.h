/*
 * CsmCryIf_Test.h: NOT PRODUCT. Minimal stand-ins for Csm, CryIf and Det, for the tests of
 * the AUTOSAR Crypto Driver: CryIf routes a Csm channel to a driver object and maps its
 * CryIf key id to the driver's key id, and records each callback; Det records each report.
 */
#ifndef CSMCRYIF_TEST_H
#define CSMCRYIF_TEST_H

#include "Crypto.h"

#define CSMTEST_MAX_CALLBACKS 32u

typedef struct {
    Crypto_JobType* job;
    Std_ReturnType  result;
} CsmTest_Callback;

typedef struct {
    uint16 moduleId;
    uint8  instanceId;
    uint8  apiId;
    uint8  errorId;
} CsmTest_DetReport;

/* What the stand-ins saw since CsmTest_Reset. */
extern CsmTest_Callback  CsmTest_Callbacks[CSMTEST_MAX_CALLBACKS];
extern uint32            CsmTest_CallbackCount;
extern CsmTest_DetReport CsmTest_LastDet;
extern uint32            CsmTest_DetCount;

/* Called from CryIf_CallbackNotification after it recorded the callback (NULL: none), as
 * a Csm that starts its next job from the callback would. Reset clears it. */
extern void (*CsmTest_OnCallback)(Crypto_JobType* job, Std_ReturnType result);

void CsmTest_Reset(void);

/* Csm side: a channel is a driver object; a CryIf key id maps to the driver key id of the
 * same number plus the channel's offset (here 0: the identity). Sets job->cryptoKeyId from
 * the job's cryIfKeyId and hands it to the channel's object. */
Std_ReturnType CsmTest_ProcessJob(uint32 channel, Crypto_JobType* job);

/* Run Crypto_MainFunction until count callbacks have come in (or maxCalls calls, 50 us
 * apart; on the target, each call after the HSM rang core 0's doorbell, or 1 ms): the number
 * of calls it took, or -1. */
int CsmTest_RunUntil(uint32 count, uint32 maxCalls);

#endif /* !CSMCRYIF_TEST_H */
