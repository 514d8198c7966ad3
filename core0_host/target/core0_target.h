/*
 * core0_target.h - entry points of the core0_host firmware (mps2-an521 CPU0, Non-secure).
 */
#ifndef CORE0_TARGET_H_
#define CORE0_TARGET_H_

#include <stdint.h>

/* What the Secure boot stage (boot/core0_boot.c) tells the host application when it enters
 * it: its reset entry's argument. */
#define CORE0_BOOT_ICOUNT 0x1u /* QEMU runs -icount shift=0: 1 ns of virtual time = 1 instruction */
#define CORE0_BOOT_SECURE_BOOT_OK 0x2u /* the HSM's secure boot of this image passed */

/* The host firmware's main: returns the semihosting exit code. */
int core0_Main(void);

/* The boot flags the boot stage entered the host application with (CORE0_BOOT_*). */
uint32_t core0_BootFlags(void);

/* The SecOC-style part of the demo, over the AUTOSAR Crypto Driver: a hook of this image that
 * the driver's layer implements (core0_host/autosar/secoc/secoc_demo.c, with the ECU's
 * generated driver configuration). fresh: the connected client (mailbox 0) whose HSM
 * counters give the freshness values. MPS2_EXIT_OK when every check passed. */
struct whClientContext_t;
int core0_SecocDemo(struct whClientContext_t* fresh);

/* MHU1 interrupt: the HSM rang our doorbell. */
void core0_MhuIrq(void);

#endif /* !CORE0_TARGET_H_ */
