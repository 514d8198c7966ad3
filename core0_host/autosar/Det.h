/*
 * Det.h: the Default Error Tracer hook the Crypto Driver reports development errors to
 * (module id CRYPTO_MODULE_ID, 114; the API's service id; a CRYPTO_E_* DET code). The ECU
 * (or a test) provides Det_ReportError; the driver ignores its return value.
 */
#ifndef DET_H
#define DET_H

#include "Std_Types.h"

Std_ReturnType Det_ReportError(uint16 moduleId, uint8 instanceId, uint8 apiId, uint8 errorId);

#endif /* !DET_H */
