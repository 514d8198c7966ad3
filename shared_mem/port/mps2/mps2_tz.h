/*
 * port/mps2/mps2_tz.h
 *
 * The Armv8-M Security Attribution Unit (SAU) of each Cortex-M33 of mps2-an521: what a core's
 * own accesses are, Secure or Non-secure transactions. Only Secure code can program it (from
 * Non-secure state its registers read as zero and ignore writes). Combined with the board's
 * IDAU, which makes every address with bit 28 set Secure, the stricter of the two wins.
 *   core 0's boot stage  marks the Non-secure halves of the map (0x0..., 0x2..., 0x4...)
 *                        Non-secure and its entry functions' veneers Non-secure callable
 *   core 1 (the HSM)     marks the shared SRAM and host RAM Non-secure: its accesses there
 *                        are Non-secure transactions, which their MPCs let through (host RAM
 *                        it touches only for requests by address, inside the host windows of
 *                        its config); every other access it makes is Secure, which the MPCs
 *                        refuse on any Non-secure block, so it cannot reach other host memory.
 * Source: ../shared/targets/trustzone-an521.md, sections 3 and 4.
 */
#ifndef PORT_MPS2_MPS2_TZ_H_
#define PORT_MPS2_MPS2_TZ_H_

#include <stdint.h>

#define MPS2_SAU_REGIONS 8u

/* Region n (0..7) from base to limit (both inclusive, base and limit + 1 on 32 bytes),
 * Non-secure, or Non-secure callable when nsc is 1. */
void mps2Tz_SauRegion(uint32_t n, uintptr_t base, uintptr_t limit, int nsc);

/* Turn the SAU on with the regions set (everything else Secure) and make it take effect. */
void mps2Tz_SauEnable(void);

#endif /* !PORT_MPS2_MPS2_TZ_H_ */
