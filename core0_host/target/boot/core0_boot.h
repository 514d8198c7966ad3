/*
 * core0_boot.h - core 0's Secure boot stage on mps2-an521 (core0_boot.c: the partition and
 * the way into the host application; core0_fault.c: the host's faults). Its only functions
 * the Non-secure host can call are the doorbell entry functions of port/mps2/mps2_gateway.h.
 */
#ifndef CORE0_BOOT_H_
#define CORE0_BOOT_H_

#include <stdint.h>

/* CPU0's reset entry (Secure). */
void core0_SecureReset(void);

/* The vector of every fault and of NMI: hands the EXC_RETURN value and the Secure stack
 * pointer at entry to core0_SecureFault. */
void core0_SecureFaultEntry(void);

/* Report the fault (which one, where: the Non-secure host or the boot stage, the fault
 * status registers) and end the run with MPS2_EXIT_FAULT_CORE0. */
void core0_SecureFault(uint32_t excReturn, const uint32_t* secureSp) __attribute__((noreturn));

#endif /* !CORE0_BOOT_H_ */
