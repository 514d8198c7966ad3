/*
 * CsmCryIf_Test.c: NOT PRODUCT. The stand-ins for Csm, CryIf and Det of CsmCryIf_Test.h.
 */
#include "CsmCryIf_Test.h"

#include <string.h>
#include <time.h>

#include "CryIf_Cbk.h"
#include "Det.h"
#ifdef WH_TEST_TARGET
#include "core0_board.h"
#endif

CsmTest_Callback  CsmTest_Callbacks[CSMTEST_MAX_CALLBACKS];
uint32            CsmTest_CallbackCount;
CsmTest_DetReport CsmTest_LastDet;
uint32            CsmTest_DetCount;
void (*CsmTest_OnCallback)(Crypto_JobType* job, Std_ReturnType result);

void CsmTest_Reset(void)
{
    memset(CsmTest_Callbacks, 0, sizeof(CsmTest_Callbacks));
    CsmTest_CallbackCount = 0;
    memset(&CsmTest_LastDet, 0xFF, sizeof(CsmTest_LastDet));
    CsmTest_DetCount   = 0;
    CsmTest_OnCallback = NULL;
}

void CryIf_CallbackNotification(Crypto_JobType* job, Std_ReturnType result)
{
    if (CsmTest_CallbackCount < CSMTEST_MAX_CALLBACKS) {
        CsmTest_Callbacks[CsmTest_CallbackCount].job    = job;
        CsmTest_Callbacks[CsmTest_CallbackCount].result = result;
    }
    CsmTest_CallbackCount++;
    if (CsmTest_OnCallback != NULL) {
        CsmTest_OnCallback(job, result);
    }
}

Std_ReturnType Det_ReportError(uint16 moduleId, uint8 instanceId, uint8 apiId, uint8 errorId)
{
    CsmTest_LastDet = (CsmTest_DetReport){moduleId, instanceId, apiId, errorId};
    CsmTest_DetCount++;
    return E_OK;
}

Std_ReturnType CsmTest_ProcessJob(uint32 channel, Crypto_JobType* job)
{
    if ((job != NULL) && (job->jobPrimitiveInfo != NULL)) {
        job->cryptoKeyId = job->jobPrimitiveInfo->cryIfKeyId;
    }
    return Crypto_ProcessJob(channel, job);
}

int CsmTest_RunUntil(uint32 count, uint32 maxCalls)
{
    uint32 calls = 0;

    while (CsmTest_CallbackCount < count) {
#ifdef WH_TEST_TARGET
        /* before the call: a response to a request it sends still wakes the wait below */
        uint32_t snap = mps2Doorbell_Snapshot(&core0_SelfDoorbell);
#endif
        if (calls == maxCalls) {
            return -1;
        }
        Crypto_MainFunction();
        calls++;
        if (CsmTest_CallbackCount < count) {
#ifdef WH_TEST_TARGET
            /* asleep until the HSM rings core 0's doorbell (it answered), at most 1 ms */
            (void)mps2Doorbell_Wait(&core0_SelfDoorbell, snap, 1u);
#else
            const struct timespec pause = {0, 50000}; /* 50 us: let the HSM's thread answer */
            (void)nanosleep(&pause, NULL);
#endif
        }
    }
    return (int)calls;
}
