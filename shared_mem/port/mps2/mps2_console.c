/*
 * port/mps2/mps2_console.c - UART console (see mps2_console.h).
 */
#include "port/mps2/mps2_console.h"

#include <stdarg.h>
#include <stddef.h>

#include "port/mps2/mps2_board.h"

#define UART_DATA 0x00u
#define UART_STATE 0x04u
#define UART_CTRL 0x08u
#define UART_BAUDDIV 0x10u
#define UART_TX_FULL 0x1u

static uintptr_t   uart;
static const char* coreName = "core?";

void mps2Console_Init(uintptr_t uartBase, const char* name)
{
    uart                          = uartBase;
    coreName                      = name;
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

void mps2Console_Puts(const char* s)
{
    while (*s != '\0') {
        putChar(*s++);
    }
}

void mps2Console_Write(const char* buf, uint32_t len)
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

void mps2Console_Printf(const char* fmt, ...)
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
                mps2Console_Puts((s != NULL) ? s : "(null)");
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

const char* mps2Console_CoreName(void)
{
    return coreName;
}
