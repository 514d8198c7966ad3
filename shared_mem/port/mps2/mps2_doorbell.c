/*
 * port/mps2/mps2_doorbell.c - MHU doorbell backend (see mps2_doorbell.h).
 */
#include "port/mps2/mps2_doorbell.h"

#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_timer.h"
#include "wolfhsm/wh_error.h"

#ifdef MPS2_NONSECURE
#include "port/mps2/mps2_gateway.h"
#endif

void mps2Doorbell_Ring(void* context)
{
    mps2Doorbell* db = context;

    /* The mailbox words were stored with release order; the DSB makes sure they have
     * completed before the device write that interrupts the other core. */
    __asm volatile("dsb" ::: "memory");
#ifdef MPS2_NONSECURE
    mps2Gateway_RingHsm(db->bits); /* the MHU is Secure: the boot stage writes setReg's */
#else
    MPS2_REG(db->setReg) = db->bits;
#endif
}

uint32_t mps2Doorbell_Snapshot(void* context)
{
    mps2Doorbell* db = context;
    uint32_t      n  = db->events;

    __asm volatile("dmb" ::: "memory"); /* acquire */
    return n;
}

int mps2Doorbell_Wait(void* context, uint32_t snapshot, uint32_t timeoutMs)
{
    mps2Doorbell* db    = context;
    uint32_t      start = mps2Timer_Millis();
    int           ret   = WH_ERROR_OK;

    __asm volatile("cpsid i" ::: "memory");
    while (db->events == snapshot) {
        /* Masked: a pending IRQ still ends the WFI; it runs once we unmask. */
        __asm volatile("wfi" ::: "memory");
        __asm volatile("cpsie i\n\tisb\n\tcpsid i" ::: "memory");
        /* Woken by something else (the 1 kHz tick): only then is the timeout looked at. */
        if ((db->events == snapshot) && (timeoutMs != 0u) &&
            ((mps2Timer_Millis() - start) >= timeoutMs)) {
            ret = WH_ERROR_TIMEOUT;
            break;
        }
    }
    __asm volatile("cpsie i\n\tisb\n\tdmb" ::: "memory");
    return ret;
}

/* Clear what is set (a level interrupt: before returning) and count the event; return the
 * bits. A spurious interrupt counts as an event too: a wake-up that finds nothing. */
static inline uint32_t isr(mps2Doorbell* db)
{
#ifdef MPS2_NONSECURE
    uint32_t stat = mps2Gateway_AckHost(); /* the boot stage reads statReg's, clears clrReg's */
#else
    uint32_t stat        = MPS2_REG(db->statReg);

    MPS2_REG(db->clrReg) = stat;
#endif
    db->events = db->events + 1u;
    return stat;
}

void mps2Doorbell_Isr(mps2Doorbell* db)
{
    (void)isr(db);
    __asm volatile("dsb" ::: "memory");
}

void mps2Doorbell_IsrRang(mps2Doorbell* db)
{
    db->rang = db->rang | isr(db); /* the taker masks interrupts: no other writer now */
    __asm volatile("dsb" ::: "memory");
}

uint32_t mps2Doorbell_Take(void* context)
{
    mps2Doorbell* db = context;
    uint32_t      primask;
    uint32_t      rang;

    __asm volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask)::"memory");
    rang     = db->rang;
    db->rang = 0u;
    __asm volatile("msr primask, %0" ::"r"(primask) : "memory");
    return rang;
}

#ifdef WOLFHSM_CFG_DOORBELL_HOOKS
/* The firmware's doorbells are all MHU doorbells: the hooks of wh_doorbell.h. */
void wh_Board_DoorbellRing(void* context)
{
    mps2Doorbell_Ring(context);
}

uint32_t wh_Board_DoorbellSnapshot(void* context)
{
    return mps2Doorbell_Snapshot(context);
}

int wh_Board_DoorbellWait(void* context, uint32_t snapshot, uint32_t timeoutMs)
{
    return mps2Doorbell_Wait(context, snapshot, timeoutMs);
}

uint32_t wh_Board_DoorbellTake(void* context)
{
    return mps2Doorbell_Take(context);
}
#endif
