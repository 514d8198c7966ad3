/*
 * ecu_board.h - the board of the example ECU project (tests/dist/ecu/): its shared-memory map
 * and the port functions the stack's libraries need from it (PORTING.md). Built against
 * dist/ only. A minimal board: the images link, they are not meant to run on a real part.
 */
#ifndef ECU_BOARD_H_
#define ECU_BOARD_H_

#include <stdint.h>

#include "wolfhsm/wh_doorbell.h"
#include "wolfhsm/wh_transport_mem.h"

/* The memory both cores see (ecu.ld's SHARED region, zeroed by core 0 before it releases the
 * HSM core): the one client's mailbox and the event counts of the two doorbells. */
typedef struct ecuShared_t {
    whMailbox        mailbox;
    _Atomic uint32_t toHsm;  /* rung by the host after each request */
    _Atomic uint32_t toHost; /* rung by the HSM after each response */
} ecuShared;
extern ecuShared ecu_Shared;

/* Doorbells: an event count in shared memory, rung with SEV, waited on with WFE (a board with
 * an inter-core interrupt block rings that instead). The context is the count's address. */
void     ecuDoorbell_Ring(void* context);
uint32_t ecuDoorbell_Snapshot(void* context);
int      ecuDoorbell_Wait(void* context, uint32_t snapshot, uint32_t timeoutMs);
#define ECU_DOORBELL_CB                                                                       \
    {                                                                                         \
        .ring = ecuDoorbell_Ring, .snapshot = ecuDoorbell_Snapshot, .wait = ecuDoorbell_Wait, \
        .take = NULL,                                                                         \
    }

/* Time: milliseconds since reset (SysTick). */
uint32_t ecuBoard_Millis(void);

#endif /* !ECU_BOARD_H_ */
