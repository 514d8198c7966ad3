/*
 * startup.c - reset and vector table of the example ECU project's images (ecu.ld): copy
 * .data, zero .bss, turn the FPU on where there is one, run main. Exceptions other than
 * SysTick stop in a loop.
 */
#include <stdint.h>
#include <string.h>

extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[];
extern uint32_t __stack_top[];

int  main(void);
void Reset_Handler(void);
void SysTick_Handler(void);
void Fault_Handler(void);

void Fault_Handler(void)
{
    for (;;) {
    }
}

void Reset_Handler(void)
{
#if defined(__ARM_FP)
    /* CPACR: full access to CP10 and CP11 (the FPU) */
    *(volatile uint32_t*)0xE000ED88u |= 0xFu << 20;
    __asm volatile("dsb\n\tisb" ::: "memory");
#endif
    memcpy(__data_start, __data_load, (size_t)((uint8_t*)__data_end - (uint8_t*)__data_start));
    memset(__bss_start, 0, (size_t)((uint8_t*)__bss_end - (uint8_t*)__bss_start));
    (void)main();
    for (;;) {
    }
}

__attribute__((section(".vectors"), used)) void (*const ecu_Vectors[16])(void) = {
    (void (*)(void))(uintptr_t)__stack_top,
    Reset_Handler,
    Fault_Handler, /* NMI */
    Fault_Handler, /* HardFault */
    Fault_Handler, /* MemManage */
    Fault_Handler, /* BusFault */
    Fault_Handler, /* UsageFault */
    Fault_Handler, /* SecureFault (Armv8-M) */
    0,
    0,
    0,
    Fault_Handler, /* SVCall */
    Fault_Handler, /* DebugMonitor */
    0,
    Fault_Handler, /* PendSV */
    SysTick_Handler,
};
