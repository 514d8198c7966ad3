/*
 * port/mps2/mps2_console.h
 *
 * The console of each core on mps2-an521: a CMSDK UART (polled TX) and a small printf
 * (%s %c %d %u %x with width and '0' flag; no heap, no newlib stdio). State is file-scope in
 * this port (one console per core image).
 */
#ifndef PORT_MPS2_MPS2_CONSOLE_H_
#define PORT_MPS2_MPS2_CONSOLE_H_

#include <stdint.h>

/* Enable TX on the UART at base and remember the core's name for messages ("core0"...). */
void mps2Console_Init(uintptr_t uartBase, const char* coreName);
void mps2Console_Puts(const char* s);
void mps2Console_Write(const char* buf, uint32_t len);
void mps2Console_Printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

/* The name given to mps2Console_Init ("core?" before it), for messages that name the core. */
const char* mps2Console_CoreName(void);

#endif /* !PORT_MPS2_MPS2_CONSOLE_H_ */
