/*
 * CryIf_Cbk.h: the Crypto Interface's callback, through which the Crypto Driver reports the
 * end of an asynchronous job (from Crypto_MainFunction, in its context). result is the
 * job's Std_ReturnType (E_OK, E_NOT_OK or a CRYPTO_E_* code). CryIf (or a test's stand-in)
 * provides it.
 */
#ifndef CRYIF_CBK_H
#define CRYIF_CBK_H

#include "Crypto_GeneralTypes.h"

void CryIf_CallbackNotification(Crypto_JobType* job, Std_ReturnType result);

#endif /* !CRYIF_CBK_H */
