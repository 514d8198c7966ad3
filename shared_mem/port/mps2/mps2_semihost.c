/*
 * port/mps2/mps2_semihost.c - semihosting file I/O and exit (see mps2_semihost.h).
 * Calls (ARM semihosting spec): SYS_OPEN 0x01 {name, mode, strlen}, SYS_CLOSE 0x02 {fd},
 * SYS_WRITE 0x05 / SYS_READ 0x06 {fd, buf, len} -> bytes NOT transferred, SYS_SEEK 0x0A
 * {fd, pos} -> 0, SYS_FLEN 0x0C {fd}, SYS_REMOVE 0x0E {name, strlen} -> 0,
 * SYS_GET_CMDLINE 0x15 {buf, size} -> 0 and size set to the length without the NUL,
 * SYS_EXIT_EXTENDED 0x20 {reason, code}.
 */
#include "port/mps2/mps2_semihost.h"

#include <string.h>

#define SYS_OPEN 0x01u
#define SYS_CLOSE 0x02u
#define SYS_WRITE 0x05u
#define SYS_READ 0x06u
#define SYS_SEEK 0x0Au
#define SYS_FLEN 0x0Cu
#define SYS_REMOVE 0x0Eu
#define SYS_GET_CMDLINE 0x15u
#define SYS_EXIT_EXTENDED 0x20u
#define APPLICATION_EXIT 0x20026u /* ADP_Stopped_ApplicationExit */
#define MODE_RB 1u                /* "rb": read only, the file must exist */
#define MODE_RPLUSB 3u            /* "r+b": read and write, the file must exist, not truncated */
#define MODE_WPLUSB 7u            /* "w+b": read and write, created or truncated */

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

static int fileSeek(int32_t fd, uint32_t offset)
{
    volatile uint32_t block[2] = {(uint32_t)fd, offset};
    return (semihost(SYS_SEEK, block) == 0) ? 0 : -1;
}

/* SYS_READ or SYS_WRITE of size bytes at the file's position, continuing after a short
 * transfer. 0, or -1 when a call moved nothing (end of file, or an error: QEMU then reports
 * the whole length as not transferred). */
static int transfer(uint32_t op, int32_t fd, uintptr_t buf, uint32_t size)
{
    while (size > 0u) {
        volatile uint32_t block[3] = {(uint32_t)fd, (uint32_t)buf, size};
        int32_t           left     = semihost(op, block);

        if ((left < 0) || ((uint32_t)left >= size)) {
            return -1;
        }
        buf += size - (uint32_t)left;
        size = (uint32_t)left;
    }
    return 0;
}

int32_t mps2Semihost_OpenUpdate(const char* path, int* out_created)
{
    int32_t fd = fileOpen(path, MODE_RPLUSB);

    *out_created = 0;
    if (fd < 0) {
        fd           = fileOpen(path, MODE_WPLUSB);
        *out_created = (fd >= 0) ? 1 : 0;
    }
    return (fd >= 0) ? fd : -1;
}

int32_t mps2Semihost_OpenRead(const char* path)
{
    int32_t fd = fileOpen(path, MODE_RB);

    return (fd >= 0) ? fd : -1;
}

int32_t mps2Semihost_Length(int32_t fd)
{
    volatile uint32_t block[1] = {(uint32_t)fd};
    int32_t           len      = semihost(SYS_FLEN, block);

    return (len >= 0) ? len : -1;
}

int mps2Semihost_ReadAt(int32_t fd, uint32_t offset, uint8_t* buf, uint32_t size)
{
    if (fileSeek(fd, offset) != 0) {
        return -1;
    }
    return transfer(SYS_READ, fd, (uintptr_t)buf, size);
}

int mps2Semihost_WriteAt(int32_t fd, uint32_t offset, const uint8_t* buf, uint32_t size)
{
    if (fileSeek(fd, offset) != 0) {
        return -1;
    }
    return transfer(SYS_WRITE, fd, (uintptr_t)buf, size);
}

int mps2Semihost_Close(int32_t fd)
{
    volatile uint32_t block[1] = {(uint32_t)fd};
    return (semihost(SYS_CLOSE, block) == 0) ? 0 : -1;
}

int mps2Semihost_Remove(const char* path)
{
    volatile uint32_t block[2] = {(uint32_t)(uintptr_t)path, (uint32_t)strlen(path)};
    return (semihost(SYS_REMOVE, block) == 0) ? 0 : -1;
}

int mps2Semihost_Cmdline(char* buf, uint32_t size)
{
    volatile uint32_t block[2] = {(uint32_t)(uintptr_t)buf, size};

    if ((size == 0u) || (semihost(SYS_GET_CMDLINE, block) != 0) || (block[1] >= size)) {
        return -1;
    }
    buf[block[1]] = '\0';
    return 0;
}

void mps2Semihost_Exit(int code)
{
    /* SYS_EXIT_EXTENDED: r1 points at {reason, exit code}. Needs privileged mode. */
    static volatile uint32_t block[2];

    block[0] = APPLICATION_EXIT;
    block[1] = (uint32_t)code;
    (void)semihost(SYS_EXIT_EXTENDED, block);
    for (;;) { /* semihosting off: park */
        __asm volatile("wfi");
    }
}
