/*
 * core1_target.h - entry points of the core1_hsm firmware (mps2-an521 CPU1).
 */
#ifndef CORE1_TARGET_H_
#define CORE1_TARGET_H_

/* The HSM firmware's main: returns the semihosting exit code (only on error). */
int core1_Main(void);

/* MHU0 interrupt: the host rang our doorbell. */
void core1_MhuIrq(void);

/* Benchmark image only (core1_main.c built with -DCORE1_BENCH, core1_bench.c linked in):
 * run the benchmarked operations directly with wolfCrypt on this core, publish the figures
 * in the shared region's benchDirect[], then return and serve as usual. */
void core1_BenchDirect(void);

#endif /* !CORE1_TARGET_H_ */
