/*
 * port/mps2/mps2_board.h
 *
 * Board facts of QEMU's mps2-an521 (SSE-200, two Cortex-M33) that the firmware images share:
 * the memory map and how TrustZone splits it, the System Control Element registers that boot
 * CPU1, the MHU doorbell registers and the shared-memory region holding the mailboxes.
 * Sources: ../shared/targets/mps2-an521.md, ../shared/targets/trustzone-an521.md.
 *
 * Core 0 boots Secure into a small boot stage (core0_host/target/boot/), which partitions the
 * memory and peripherals (MPCs, PPCs, its SAU, interrupt targeting), releases core 1 and runs
 * the host application Non-secure. Core 1, the HSM, runs Secure. An address with bit 28 set
 * is a Secure alias (0x1..., 0x3..., 0x5...), the same memory 0x1000_0000 lower is its
 * Non-secure alias; the MPC of a block says which of the two may reach it (1 KiB blocks):
 *
 *   code SRAM (ssram-0, 4 MiB, MPC 0x5800_7000)
 *     0x1000_0000  [0, 64 KiB)       Secure      core 0's boot stage: code, data, stack
 *     0x0001_0000  [64 KiB, 2 MiB)   Non-secure  the host application's code
 *     0x1020_0000  [2 MiB, 4 MiB)    Secure      the HSM's code
 *   0x2800_0000  SSRAM2 (ssram-1, 2 MiB, MPC 0x5800_8000)   Non-secure  host RAM and stack
 *   0x3820_0000  SSRAM3 (ssram-2, 2 MiB, MPC 0x5800_9000)   Secure      HSM RAM and stack:
 *                key caches, the NVM image, the NVM lock's gate
 *   0x2000_0000  SSE SRAM bank 0 (32 KiB, MPC 0x5008_3000)  Non-secure  the shared SRAM: the
 *                region below (one mailbox per client, the HSM's end-of-session word), then
 *                what images lay out after it from MPS2_SHARED_FREE. Both cores use this
 *                Non-secure alias; core 1's SAU marks this window Non-secure, and host RAM,
 *                which it reaches only for requests by address (core1_hsm.c's host windows).
 *   0x3000_8000  SSE SRAM banks 1-3 (96 KiB, MPCs 0x5008_4000..6000)  Secure, unused
 *
 * Peripherals: the host's UART0 and TIMER0 are Non-secure (their 0x4... alias); the HSM's
 * UART1 and TIMER1, both MHUs, the System Control Element, the MPCs and the security
 * controller are Secure (0x5...). The host rings the HSM and acknowledges the HSM's doorbell
 * through two entry functions of the boot stage (port/mps2/mps2_gateway.h).
 */
#ifndef PORT_MPS2_MPS2_BOARD_H_
#define PORT_MPS2_MPS2_BOARD_H_

#include <stdint.h>

#include "wolfhsm/wh_settings.h"
#include "wolfhsm/wh_transport_mem.h"

#define MPS2_REG(addr) (*(volatile uint32_t*)(uintptr_t)(addr))

/* Where each image lives (must match the linker scripts; the boot stage sets the MPCs from
 * these). */
#define MPS2_BOOT_BASE 0x10000000u /* Secure: core 0's boot stage (code, data, stack) */
#define MPS2_BOOT_SIZE 0x10000u
#define MPS2_HOST_CODE_BASE 0x00010000u /* Non-secure: the host application; VTOR_NS */
#define MPS2_HOST_CODE_SIZE 0x1F0000u
#define MPS2_CORE1_VTOR 0x10200000u /* Secure: the HSM's code */
#define MPS2_HSM_CODE_SIZE 0x200000u
#define MPS2_HOST_RAM_BASE 0x28000000u /* Non-secure: host RAM and stack */
#define MPS2_HOST_RAM_SIZE 0x200000u
#define MPS2_HSM_RAM_BASE 0x38200000u /* Secure: HSM RAM and stack */
#define MPS2_HSM_RAM_SIZE 0x200000u
/* The host image's header, right after its vector table (core0.ld places it): what secure
 * boot covers, [MPS2_HOST_CODE_BASE, end): the vector table, the header, code, read-only
 * data and the initial values of .data, as the build linked them (end is the linker's
 * __host_image_end). name: the image's, for the reports. */
#define MPS2_HOST_IMAGE_MAGIC 0x474D4948u /* "HIMG" */
typedef struct mps2HostImageHeader_t {
    uint32_t magic;
    uint32_t end; /* the address after the image's last byte */
    char     name[24];
} mps2HostImageHeader;
#define MPS2_HOST_IMAGE_HEADER (MPS2_HOST_CODE_BASE + 4u * 64u) /* after 64 vectors */

/* The Non-secure alias of a Secure-alias address (same memory; the MPC decides who gets in). */
#define MPS2_NS_ALIAS(addr) ((addr)-0x10000000u)

/* System Control Element (Secure only). */
#define MPS2_SYSCTL_BASE 0x50021000u
#define MPS2_SYSCTL_INITSVTOR1 MPS2_REG(MPS2_SYSCTL_BASE + 0x114u)
#define MPS2_SYSCTL_CPUWAIT MPS2_REG(MPS2_SYSCTL_BASE + 0x118u) /* bit n: CPU n held */
/* 0 on CPU0, 1 on CPU1: the per-CPU block, behind no gate: this alias serves both states. */
#define MPS2_CPU_IDENTITY MPS2_REG(0x4001F000u)

/* MHU: 4 doorbell bits per direction, no payload, level interrupt until CLR is written.
 * MHU0 rings CPU1 (host -> HSM), MHU1 rings CPU0 (HSM -> host); both are IRQ 6/7 on each
 * CPU's own NVIC line, so each core enables only the one it listens to. Both stay Secure
 * (QEMU cannot make them Non-secure): the host reaches them only through the boot stage. */
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

/* CMSDK APB timers (20 MHz down-counters): TIMER0 counts core 0's ticks (Non-secure),
 * TIMER1 core 1's (Secure) (mps2Timer_Ticks). */
#define MPS2_TIMER0_BASE 0x40000000u
#define MPS2_TIMER1_BASE 0x50001000u

/* CMSDK UARTs: UART0 is core 0's console (Non-secure), UART1 core 1's (Secure). */
#define MPS2_UART0_BASE 0x40200000u
#define MPS2_UART1_BASE 0x50201000u

/* Cortex-M33 system registers. */
#define MPS2_NVIC_ISER0 MPS2_REG(0xE000E100u)
#define MPS2_SCB_VTOR MPS2_REG(0xE000ED08u)
#define MPS2_SYST_CSR MPS2_REG(0xE000E010u)
#define MPS2_SYST_RVR MPS2_REG(0xE000E014u)
#define MPS2_SYST_CVR MPS2_REG(0xE000E018u)
#define MPS2_MAINCLK_HZ 20000000u

/* The shared SRAM: what crosses the core boundary, the only memory both cores reach (SSE
 * SRAM bank 0, Non-secure). Core 0's boot stage zeroes all of it before it releases core 1
 * (mailbox protocol step 0), the region below and every block laid out after it. */
#define MPS2_SHARED_BASE 0x20000000u
#define MPS2_SHARED_SIZE 0x8000u

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

/* Secure boot of the host image: core 1 runs SHE's SECURE_BOOT over it at its boot and writes
 * bootVerdict; core 0's boot stage waits for it before it enters the host image. The low
 * byte is SHE's SREG after the command (BOOT_OK, bit 4: passed), the next the outcome. */
#define MPS2_BOOT_VERDICT_NONE 0u          /* not yet: the boot stage zeroed it */
#define MPS2_BOOT_VERDICT_RAN 0x5B00u      /* SECURE_BOOT ran: SREG says pass or fail */
#define MPS2_BOOT_VERDICT_NO_KEY 0x5C00u   /* ERC_NO_SECURE_BOOT: BOOT_MAC_KEY empty */
#define MPS2_BOOT_VERDICT_NO_IMAGE 0x5D00u /* no valid image header: secure boot failed */
#define MPS2_BOOT_VERDICT_ERROR 0x5E00u    /* SECURE_BOOT failed otherwise (NVM) */
#define MPS2_BOOT_VERDICT_KIND(v) ((v)&0xFF00u)
#define MPS2_BOOT_VERDICT_SREG(v) ((v)&0xFFu)

typedef struct mps2SharedRegion_t {
    whMailbox         mailbox[MPS2_CLIENT_COUNT]; /* client n+1 */
    volatile uint32_t hsmState;                   /* MPS2_HSM_* */
    volatile uint32_t bootVerdict;                /* MPS2_BOOT_VERDICT_* | SREG */
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
#define MPS2_EXIT_FAULT_CORE0 3 /* fault or assert on core 0 (the host or its boot stage) */
#define MPS2_EXIT_FAULT_CORE1 4 /* fault, assert or server error on core 1 */

#endif /* !PORT_MPS2_MPS2_BOARD_H_ */
