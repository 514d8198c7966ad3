/*
 * port/mps2/mps2_doorbell.h
 *
 * The MHU doorbell of mps2-an521: a whDoorbellCb backend. Each core owns one mps2Doorbell
 * per direction it listens to, in its own private RAM:
 *   ring      writes `bits` to the peer's MHU SET register (after a DSB: the mailbox is
 *             visible first). An MHU direction has 4 bits: the HSM's clients ring one each,
 *             so the HSM can tell which mailbox rang.
 *   ISR       clears the MHU bits that are set and increments `events` (mps2Doorbell_Isr
 *             from the IRQ); the HSM's also adds the bits to `rang` (mps2Doorbell_IsrRang)
 *   snapshot  reads `events`
 *   wait      sleeps in WFI while `events` equals the snapshot. Check-then-sleep runs with
 *             PRIMASK set; WFI still wakes on a pending interrupt, so an IRQ arriving between
 *             the check and the WFI is not lost. Timeouts count the 1 kHz SysTick
 *             (mps2Timer_Millis, port/mps2/mps2_timer.h).
 *   take      returns and clears `rang` with interrupts masked (MPS2_DOORBELL_RANG_CB: the
 *             HSM scheduler's)
 * The ringing side's object needs only setReg and bits; the waiting side's only stat/clr.
 * Built with MPS2_NONSECURE (core 0's host images, which run Non-secure), ring and ISR go
 * through the boot stage's entry functions (mps2_gateway.h) instead: MHU0's CPU1INTR_SET and
 * MHU1's CPU0INTR_STAT/CLR, the only registers the host's doorbells use.
 */
#ifndef PORT_MPS2_MPS2_DOORBELL_H_
#define PORT_MPS2_MPS2_DOORBELL_H_

#include <stdint.h>

#include "wolfhsm/wh_doorbell.h"

typedef struct mps2Doorbell_t {
    uintptr_t         setReg;  /* ring: the MHU CPUnINTR_SET register of the peer's line */
    uint32_t          bits;    /* ring: what to set there (1..15) */
    uintptr_t         statReg; /* ISR: our line's CPUnINTR_STAT */
    uintptr_t         clrReg;  /* ISR: our line's CPUnINTR_CLR */
    volatile uint32_t events;  /* incremented by the ISR on this core only */
    volatile uint32_t rang;    /* mps2Doorbell_IsrRang: MHU bits seen since the last take */
} mps2Doorbell;

void     mps2Doorbell_Ring(void* context);
uint32_t mps2Doorbell_Snapshot(void* context);
int      mps2Doorbell_Wait(void* context, uint32_t snapshot, uint32_t timeoutMs);

/* Call from the MHU IRQ handler of the listening core. */
void mps2Doorbell_Isr(mps2Doorbell* db);
/* The same, also noting which bits rang, for mps2Doorbell_Take. */
void mps2Doorbell_IsrRang(mps2Doorbell* db);

/* Return and clear the MHU bits that rang since the last call (whDoorbellCb take). */
uint32_t mps2Doorbell_Take(void* context);

#define MPS2_DOORBELL_CB                                                                         \
    {                                                                                            \
        .ring = mps2Doorbell_Ring, .snapshot = mps2Doorbell_Snapshot, .wait = mps2Doorbell_Wait, \
    }

/* The same for a doorbell whose IRQ handler calls mps2Doorbell_IsrRang: it tells its
 * ringers apart (the HSM's, for its scheduler). */
#define MPS2_DOORBELL_RANG_CB                                                                    \
    {                                                                                            \
        .ring = mps2Doorbell_Ring, .snapshot = mps2Doorbell_Snapshot, .wait = mps2Doorbell_Wait, \
        .take = mps2Doorbell_Take,                                                               \
    }

#endif /* !PORT_MPS2_MPS2_DOORBELL_H_ */
