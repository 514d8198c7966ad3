/*
 * port/mps2/mps2_gateway.h
 *
 * The host's doorbells across the TrustZone boundary of mps2-an521: the Secure entry
 * functions of core 0's boot stage, the only ways Non-secure host code calls into Secure
 * state. QEMU cannot make the MHUs Non-secure (../shared/targets/trustzone-an521.md, section
 * 6), and the HSM's doorbell registers had better stay out of the host's reach anyway, so the
 * boot stage does the two register accesses the host's doorbells need:
 *   mps2Gateway_RingHsm  write bits & 0xF to MHU0's CPU1INTR_SET: ring the HSM (the caller
 *                        has made its mailbox writes visible with a DSB first)
 *   mps2Gateway_AckHost  read MHU1's CPU0INTR_STAT, write it to CPU0INTR_CLR (the host's
 *                        interrupt line is level-triggered) and return it
 * Neither takes an address or touches memory. Implemented in mps2_gateway.c, built with
 * -mcmse into the boot stage only (cmse_nonsecure_entry, with its veneers in the Non-secure
 * callable region); the host images link the boot stage's import library of the veneers.
 * The host's mps2_doorbell.c calls them when built with MPS2_NONSECURE.
 */
#ifndef PORT_MPS2_MPS2_GATEWAY_H_
#define PORT_MPS2_MPS2_GATEWAY_H_

#include <stdint.h>

void     mps2Gateway_RingHsm(uint32_t bits);
uint32_t mps2Gateway_AckHost(void);

#endif /* !PORT_MPS2_MPS2_GATEWAY_H_ */
