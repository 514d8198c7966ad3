/*
 * port/mps2/mps2_console.c - UART console, SysTick milliseconds, semihosting exit.
 */
#include "port/mps2/mps2_console.h"

#include <stdarg.h>
#include <stddef.h>

#include "port/mps2/mps2_board.h"

#define UART_DATA    0x00u
#define UART_STATE   0x04u
#define UART_CTRL    0x08u
#define UART_BAUDDIV 0x10u
#define UART_TX_FULL 0x1u

#define SEMIHOST_SYS_EXIT_EXTENDED 0x20
#define SEMIHOST_APPLICATION_EXIT  0x20026u

static uintptr_t         uart;
static const char*       coreName = "core?";
static volatile uint32_t millis;

void mps2_ConsoleInit(uintptr_t uartBase, const char* name)
{
    uart                      = uartBase;
    coreName                  = name;
    MPS2_REG(uart + UART_BAUDDIV) = 16u;
    MPS2_REG(uart + UART_CTRL)    = 1u; /* TX enable */
}

static void putChar(char c)
{
    if (uart == 0u) {
        return;
    }
    while ((MPS2_REG(uart + UART_STATE) & UART_TX_FULL) != 0u) {
    }
    MPS2_REG(uart + UART_DATA) = (uint8_t)c;
}

void mps2_Puts(const char* s)
{
    while (*s != '\0') {
        putChar(*s++);
    }
}

void mps2_Write(const char* buf, uint32_t len)
{
    uint32_t i;
    for (i = 0; i < len; i++) {
        putChar(buf[i]);
    }
}

static void putNumber(uint32_t v, uint32_t base, int negative, unsigned width, char pad)
{
    char     buf[12];
    unsigned n = 0;

    do {
        uint32_t d = v % base;
        buf[n++]   = (char)((d < 10u) ? ('0' + d) : ('a' + d - 10u));
        v /= base;
    } while (v != 0u);
    if (negative) {
        if (pad == '0') {
            putChar('-');
        }
        else {
            buf[n++] = '-';
        }
        if (width > 0u) {
            width--;
        }
    }
    while (width > n) {
        putChar(pad);
        width--;
    }
    while (n > 0u) {
        putChar(buf[--n]);
    }
}

void mps2_Printf(const char* fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    for (; *fmt != '\0'; fmt++) {
        unsigned width = 0;
        char     pad   = ' ';

        if (*fmt != '%') {
            putChar(*fmt);
            continue;
        }
        fmt++;
        if (*fmt == '0') {
            pad = '0';
            fmt++;
        }
        while ((*fmt >= '0') && (*fmt <= '9')) {
            width = width * 10u + (unsigned)(*fmt - '0');
            fmt++;
        }
        switch (*fmt) {
        case 'd': {
            int v = va_arg(ap, int);
            putNumber((v < 0) ? (uint32_t)0 - (uint32_t)v : (uint32_t)v, 10u, v < 0, width,
                      pad);
            break;
        }
        case 'u':
            putNumber(va_arg(ap, unsigned), 10u, 0, width, pad);
            break;
        case 'x':
            putNumber(va_arg(ap, unsigned), 16u, 0, width, pad);
            break;
        case 'c':
            putChar((char)va_arg(ap, int));
            break;
        case 's': {
            const char* s = va_arg(ap, const char*);
            mps2_Puts((s != NULL) ? s : "(null)");
            break;
        }
        case '%':
            putChar('%');
            break;
        default: /* unsupported conversion: show it, consume nothing */
            putChar('%');
            if (*fmt == '\0') {
                fmt--;
            }
            else {
                putChar(*fmt);
            }
            break;
        }
    }
    va_end(ap);
}

/* Ticks come from a CMSDK timer of this core's own (TIMER0 for CPU0, TIMER1 for CPU1), free
 * running down from 0xFFFFFFFF: one register read, no interrupt involved. Counting them from
 * SysTick's reload value plus `millis` was off by a whole millisecond whenever QEMU reloaded
 * the counter before it delivered the interrupt (seen under icount). */
#define TIMER_CTRL   0x00u
#define TIMER_VALUE  0x04u
#define TIMER_RELOAD 0x08u
#define TIMER_ENABLE 0x1u

static uintptr_t tickTimer;

static void tickTimerInit(void)
{
    tickTimer = (MPS2_CPU_IDENTITY == 0u) ? MPS2_TIMER0_BASE : MPS2_TIMER1_BASE;
    MPS2_REG(tickTimer + TIMER_CTRL)   = 0u;
    MPS2_REG(tickTimer + TIMER_RELOAD) = 0xFFFFFFFFu;
    MPS2_REG(tickTimer + TIMER_VALUE)  = 0xFFFFFFFFu;
    MPS2_REG(tickTimer + TIMER_CTRL)   = TIMER_ENABLE;
}

uint32_t mps2_Ticks(void)
{
    return 0xFFFFFFFFu - MPS2_REG(tickTimer + TIMER_VALUE);
}

void mps2_TickInit(void)
{
    tickTimerInit();
    MPS2_SYST_RVR = (MPS2_MAINCLK_HZ / 1000u) - 1u;
    MPS2_SYST_CVR = 0u;
    MPS2_SYST_CSR = 0x7u; /* processor clock, interrupt, enable */
}

static volatile uint32_t wdLimitMs; /* 0: disarmed */
static volatile uint32_t wdKicked;  /* millis at the last kick */
static const char*       wdWhat;
static int               wdCode;

void mps2_WatchdogStart(uint32_t limitMs, const char* what, int code)
{
    wdWhat    = what;
    wdCode    = code;
    wdKicked  = millis;
    wdLimitMs = limitMs;
}

void mps2_WatchdogKick(void)
{
    wdKicked = millis;
}

void mps2_TickIsr(void)
{
    uint32_t limit = wdLimitMs;

    millis = millis + 1u;
    if ((limit != 0u) && ((millis - wdKicked) > limit)) {
        wdLimitMs = 0u;
        mps2_Printf("\n%s: watchdog: %s: no progress for %u ms\n", coreName, wdWhat,
                    (unsigned)limit);
        mps2_Fatal("watchdog", wdCode);
    }
}

uint32_t mps2_Millis(void)
{
    return millis;
}

void mps2_Exit(int code)
{
    /* SYS_EXIT_EXTENDED: r1 points at {reason, exit code}. Needs privileged mode. */
    static volatile uint32_t block[2];
    register uint32_t        r0 __asm("r0") = SEMIHOST_SYS_EXIT_EXTENDED;
    register volatile uint32_t* r1 __asm("r1") = block;

    block[0] = SEMIHOST_APPLICATION_EXIT;
    block[1] = (uint32_t)code;
    __asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    for (;;) { /* semihosting off: park */
        __asm volatile("wfi");
    }
}

void mps2_Fatal(const char* what, int code)
{
    __asm volatile("cpsid i" ::: "memory");
    mps2_Printf("\n%s: FATAL %s (exit %d)\n", coreName, what, code);
    mps2_Exit(code);
}
