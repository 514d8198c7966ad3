/*
 * port/posix/posix_sched.h
 *
 * POSIX glue for the cooperative scheduler: one wh_Sched per thread. The hooks below find
 * the calling thread's scheduler, so one lock and one flash shared by several scheduler
 * threads yield to the right one:
 *
 *   whHwSemConfig lock  = {.gate = &gate, .owner = posixSched_Owner,
 *                          .yield = posixSched_Yield, .maxWaits = ...};
 *   whFlashRamsimConfig flash = {..., .eraseBusyUs = 2000, .busy = posixSched_Busy};
 *   whSchedConfig sched = {...};
 *   posixSched_Run(&sched, &stop);   on each scheduler thread
 */
#ifndef PORT_POSIX_POSIX_SCHED_H_
#define PORT_POSIX_POSIX_SCHED_H_

#include <stdatomic.h>
#include <stdint.h>

#include "wolfhsm/wh_sched.h"

/* Make s this thread's scheduler and run it until *stop (wh_Sched_Run). */
int posixSched_Run(whSched* s, const atomic_int* stop);

/* whHwSemConfig.owner: the lock owner id of the calling thread's running context; a thread
 * without a scheduler gets an id of its own (above every scheduler id). arg unused. */
uint32_t posixSched_Owner(void* arg);

/* whHwSemConfig.yield: wh_Sched_Yield of the calling thread's scheduler (WH_ERROR_OK once
 * it ran, giving up the CPU when it served nothing, so the lock holder can run; or
 * WH_ERROR_NOTREADY); a thread without one gives up the CPU. arg unused. */
int posixSched_Yield(void* arg);

/* whFlashRamsimConfig.busy: spend us microseconds, yielding to the scheduler meanwhile and
 * sleeping on its doorbell when nothing is waiting, so a request that arrives is served at
 * once (the time passes even when nothing else can run). arg unused. */
void posixSched_Busy(void* arg, uint32_t us);

#endif /* !PORT_POSIX_POSIX_SCHED_H_ */
