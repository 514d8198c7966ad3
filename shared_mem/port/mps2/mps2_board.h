/*
 * port/mps2/mps2_board.h
 *
 * Board facts of QEMU's mps2-an521 (SSE-200, two Cortex-M33) that both firmware images share:
 * the memory map, the System Control Element registers that boot CPU1, the MHU doorbell
 * registers and the shared-memory region holding the mailbox. Source:
 * ../shared/targets/mps2-an521.md. Both cores run Secure-only with the SAU off, so every
 * address here is the Secure alias.
 *
 * Memory layout (a convention: all RAM is physically shared by both cores):
 *   0x1000_0000  core0_host code (2 MiB)      0x3800_0000  core0_host RAM and stack (2 MiB)
 *   0x1020_0000  core1_hsm code (2 MiB)       0x3820_0000  core1_hsm RAM and stack (2 MiB):
 *                                                          key caches, NVM image (HSM-private)
 *   0x3000_0000  shared SRAM (128 KiB SSE internal SRAM): the region below (one mailbox per
 *                client, the HSM's end-of-session word), then what images lay out after it
 *                from MPS2_SHARED_FREE (the HSM's NVM lock gate, core1_hsm/target/)
 */
#ifndef PORT_MPS2_MPS2_BOARD_H_
#define PORT_MPS2_MPS2_BOARD_H_

#include <stdint.h>

#include "wolfhsm/wh_settings.h"
#include "wolfhsm/wh_transport_mem.h"

#define MPS2_REG(addr) (*(volatile uint32_t*)(uintptr_t)(addr))

/* Where each image lives (must match the linker scripts). */
#define MPS2_CORE1_VTOR 0x10200000u

/* System Control Element (secure only). */
#define MPS2_SYSCTL_BASE 0x50021000u
#define MPS2_SYSCTL_INITSVTOR1 MPS2_REG(MPS2_SYSCTL_BASE + 0x114u)
#define MPS2_SYSCTL_CPUWAIT MPS2_REG(MPS2_SYSCTL_BASE + 0x118u) /* bit n: CPU n held */
#define MPS2_CPU_IDENTITY MPS2_REG(0x5001F000u)                 /* 0 on CPU0, 1 on CPU1 */

/* MHU: 4 doorbell bits per direction, no payload, level interrupt until CLR is written.
 * MHU0 rings CPU1 (host -> HSM), MHU1 rings CPU0 (HSM -> host); both are IRQ 6/7 on each
 * CPU's own NVIC line, so each core enables only the one it listens to. */
#define MPS2_MHU0_BASE 0x50003000u
#define MPS2_MHU1_BASE 0x50004000u
#define MPS2_MHU_CPU0_STAT 0x00u
#define MPS2_MHU_CPU0_SET 0x04u
#define MPS2_MHU_CPU0_CLR 0x08u
#define MPS2_MHU_CPU1_STAT 0x10u
#define MPS2_MHU_CPU1_SET 0x14u
#define MPS2_MHU_CPU1_CLR 0x18u
#define MPS2_IRQ_MHU0 6u /* CPU1 listens: requests from core 0 */
#define MPS2_IRQ_MHU1 7u /* CPU0 listens: responses from core 1 */

/* CMSDK APB timers (20 MHz down-counters): TIMER0 counts core 0's ticks, TIMER1 core 1's
 * (mps2Timer_Ticks). */
#define MPS2_TIMER0_BASE 0x50000000u
#define MPS2_TIMER1_BASE 0x50001000u

/* CMSDK UARTs: UART0 is core 0's console, UART1 core 1's. */
#define MPS2_UART0_BASE 0x50200000u
#define MPS2_UART1_BASE 0x50201000u

/* Cortex-M33 system registers. */
#define MPS2_NVIC_ISER0 MPS2_REG(0xE000E100u)
#define MPS2_SCB_VTOR MPS2_REG(0xE000ED08u)
#define MPS2_SYST_CSR MPS2_REG(0xE000E010u)
#define MPS2_SYST_RVR MPS2_REG(0xE000E014u)
#define MPS2_SYST_CVR MPS2_REG(0xE000E018u)
#define MPS2_MAINCLK_HZ 20000000u

/* The shared SRAM: what crosses the core boundary. Core 0 zeroes all of it before it
 * releases core 1 (mailbox protocol step 0), the region below and every block laid out
 * after it. */
#define MPS2_SHARED_BASE 0x30000000u
#define MPS2_SHARED_SIZE 0x20000u

#define MPS2_CLIENT_COUNT 3u /* host clients, one mailbox and one server context each */

/* What core 0 sets in MHU0's CPU1INTR_SET (4 bits): client n its own bit, so the HSM's
 * scheduler serves the mailboxes that rang without looking into the others. */
#define MPS2_MHU_BITS 4u
#define MPS2_MHU_BIT_CLIENT(n) (1u << (n))
_Static_assert(MPS2_CLIENT_COUNT <= MPS2_MHU_BITS, "an MHU has 4 bits: one per client");

/* hsmState values: core 1 writes DONE after the last client closed and its NVM file was
 * closed; core 0 waits for it before it ends the emulator. */
#define MPS2_HSM_RUNNING 0u
#define MPS2_HSM_DONE 0x600Du
#define MPS2_HSM_FAILED 0xBADu

typedef struct mps2SharedRegion_t {
    whMailbox         mailbox[MPS2_CLIENT_COUNT]; /* client n+1 */
    volatile uint32_t hsmState;                   /* MPS2_HSM_* */
} mps2SharedRegion;

_Static_assert(sizeof(mps2SharedRegion) <= MPS2_SHARED_SIZE, "shared region overflows SRAM");

#define MPS2_SHARED ((mps2SharedRegion*)(uintptr_t)MPS2_SHARED_BASE)

/* Blocks an image keeps in the shared SRAM beyond the region (the HSM's NVM lock gate; what
 * the test and benchmark images exchange) start at MPS2_SHARED_FREE or after another such
 * block, each on a cache line of its own (MPS2_SHARED_ROUND_UP), with a _Static_assert that
 * it ends within MPS2_SHARED_SIZE. */
#define MPS2_SHARED_ROUND_UP(n) \
    ((((n) + WOLFHSM_CFG_CACHE_LINE - 1u) / WOLFHSM_CFG_CACHE_LINE) * WOLFHSM_CFG_CACHE_LINE)
#define MPS2_SHARED_FREE (MPS2_SHARED_BASE + MPS2_SHARED_ROUND_UP(sizeof(mps2SharedRegion)))

/* Semihosting exit codes the images use (the shell sees them as QEMU's status). */
#define MPS2_EXIT_OK 0
#define MPS2_EXIT_FAIL 1        /* a check failed; the console says which */
#define MPS2_EXIT_FAULT_CORE0 3 /* fault or assert on core 0 */
#define MPS2_EXIT_FAULT_CORE1 4 /* fault, assert or server error on core 1 */

#endif /* !PORT_MPS2_MPS2_BOARD_H_ */
