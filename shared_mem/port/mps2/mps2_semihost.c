/*
 * port/mps2/mps2_semihost.c - semihosting file I/O (see mps2_semihost.h).
 * Calls (ARM semihosting spec): SYS_OPEN 0x01 {name, mode, strlen}, SYS_CLOSE 0x02 {fd},
 * SYS_WRITE 0x05 / SYS_READ 0x06 {fd, buf, len} -> bytes NOT transferred, SYS_FLEN 0x0C {fd},
 * SYS_GET_CMDLINE 0x15 {buf, size} -> 0 and size set to the length without the NUL.
 */
#include "port/mps2/mps2_semihost.h"

#include <string.h>

#define SYS_OPEN  0x01u
#define SYS_CLOSE 0x02u
#define SYS_WRITE 0x05u
#define SYS_READ  0x06u
#define SYS_FLEN  0x0Cu
#define SYS_GET_CMDLINE 0x15u
#define MODE_RB   1u /* "rb" */
#define MODE_WB   5u /* "wb" */

static int32_t semihost(uint32_t op, volatile uint32_t* block)
{
    register uint32_t           r0 __asm("r0") = op;
    register volatile uint32_t* r1 __asm("r1") = block;

    __asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return (int32_t)r0;
}

static int32_t fileOpen(const char* path, uint32_t mode)
{
    volatile uint32_t block[3] = {(uint32_t)(uintptr_t)path, mode, (uint32_t)strlen(path)};
    return semihost(SYS_OPEN, block);
}

static void fileClose(int32_t fd)
{
    volatile uint32_t block[1] = {(uint32_t)fd};
    (void)semihost(SYS_CLOSE, block);
}

int mps2_SemihostLoad(const char* path, uint8_t* buf, uint32_t size)
{
    int32_t           fd = fileOpen(path, MODE_RB);
    volatile uint32_t block[3];
    int               ret = -1;

    if (fd < 0) {
        return 0; /* missing */
    }
    block[0] = (uint32_t)fd;
    if (semihost(SYS_FLEN, block) == (int32_t)size) {
        block[0] = (uint32_t)fd;
        block[1] = (uint32_t)(uintptr_t)buf;
        block[2] = size;
        ret      = (semihost(SYS_READ, block) == 0) ? 1 : -1;
    }
    fileClose(fd);
    return ret;
}

int mps2_SemihostStore(const char* path, const uint8_t* buf, uint32_t size)
{
    int32_t           fd = fileOpen(path, MODE_WB);
    volatile uint32_t block[3];
    int32_t           left;

    if (fd < 0) {
        return -1;
    }
    block[0] = (uint32_t)fd;
    block[1] = (uint32_t)(uintptr_t)buf;
    block[2] = size;
    left     = semihost(SYS_WRITE, block);
    fileClose(fd);
    return (left == 0) ? 0 : -1;
}

int mps2_SemihostCmdline(char* buf, uint32_t size)
{
    volatile uint32_t block[2] = {(uint32_t)(uintptr_t)buf, size};

    if ((size == 0u) || (semihost(SYS_GET_CMDLINE, block) != 0) || (block[1] >= size)) {
        return -1;
    }
    buf[block[1]] = '\0';
    return 0;
}
