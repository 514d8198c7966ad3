/*
 * test_flash.c: the flash backends. The strict NOR RAM simulator, the file-backed flash
 * (persistence across Cleanup/Init and across processes) and the power-cut injector.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "port/posix/posix_flash_file.h"
#include "wolfhsm/wh_error.h"
#include "wolfhsm/wh_flash.h"
#include "wolfhsm/wh_flash_fault.h"
#include "wolfhsm/wh_flash_ramsim.h"

#define SECTOR 256u
#define SECTORS 8u
#define SIZE (SECTOR * SECTORS)

static const whFlashCb ramsimCb = WH_FLASH_RAMSIM_CB;
static const whFlashCb fileCb   = POSIX_FLASH_FILE_CB;
static const whFlashCb faultCb  = WH_FLASH_FAULT_CB;

static uint8_t mem[SIZE];
static uint8_t copy[SIZE];

static int allEqual(const uint8_t* p, uint32_t n, uint8_t v)
{
    uint32_t i;
    for (i = 0; i < n; i++) {
        if (p[i] != v) {
            return 0;
        }
    }
    return 1;
}

static void ramsimInit(whFlashRamsimContext* ctx, uint32_t unit, int erased)
{
    const whFlashRamsimConfig cfg = {.memory      = mem,
                                     .size        = SIZE,
                                     .sectorSize  = SECTOR,
                                     .programUnit = unit,
                                     .initErased  = erased};
    assert_int_equal(ramsimCb.init(ctx, &cfg), WH_ERROR_OK);
}

/* ---- RAM simulator ---- */

static void test_ramsim_config(void** state)
{
    whFlashRamsimContext  ctx;
    whFlashInfo           info;
    uint8_t               b       = 0;
    static const uint32_t units[] = {1, 2, 4, 8, 16};
    static const uint32_t bad[]   = {0, 3, 5, 12, 32};
    whFlashRamsimConfig   cfg     = {
              .memory = mem, .size = SIZE, .sectorSize = SECTOR, .programUnit = 8, .initErased = 1};
    size_t i;
    (void)state;

    memset(&ctx, 0, sizeof(ctx));
    assert_int_equal(ramsimCb.read(&ctx, 0, 1, &b), WH_ERROR_NOTINIT);
    assert_int_equal(ramsimCb.program(&ctx, 0, 1, &b), WH_ERROR_NOTINIT);
    assert_int_equal(ramsimCb.init(NULL, &cfg), WH_ERROR_BADARGS);
    assert_int_equal(ramsimCb.init(&ctx, NULL), WH_ERROR_BADARGS);
    assert_int_equal(ramsimCb.read(NULL, 0, 1, &b), WH_ERROR_BADARGS);

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cfg.programUnit = bad[i];
        assert_int_equal(ramsimCb.init(&ctx, &cfg), WH_ERROR_BADARGS);
    }
    cfg.programUnit = 8;
    cfg.size        = SIZE + 1;
    assert_int_equal(ramsimCb.init(&ctx, &cfg), WH_ERROR_BADARGS);
    cfg.size       = SIZE;
    cfg.sectorSize = 12; /* not a multiple of 8 */
    assert_int_equal(ramsimCb.init(&ctx, &cfg), WH_ERROR_BADARGS);
    cfg.sectorSize = 0;
    assert_int_equal(ramsimCb.init(&ctx, &cfg), WH_ERROR_BADARGS);
    cfg.sectorSize = SECTOR;
    cfg.memory     = NULL;
    assert_int_equal(ramsimCb.init(&ctx, &cfg), WH_ERROR_BADARGS);
    cfg.memory = mem;

    for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        cfg.programUnit = units[i];
        cfg.sectorSize  = (uint32_t)(SECTOR / (i + 1)) & ~(units[i] - 1u);
        cfg.size        = cfg.sectorSize * 4u;
        memset(mem, 0, sizeof(mem));
        assert_int_equal(ramsimCb.init(&ctx, &cfg), WH_ERROR_OK);
        assert_int_equal(ramsimCb.info(&ctx, &info), WH_ERROR_OK);
        assert_int_equal(info.size, cfg.size);
        assert_int_equal(info.sectorSize, cfg.sectorSize);
        assert_int_equal(info.programUnit, units[i]);
        assert_true(allEqual(mem, cfg.size, 0xFF));                   /* initErased */
        assert_true(allEqual(mem + cfg.size, SIZE - cfg.size, 0x00)); /* nothing past it */
        assert_int_equal(ramsimCb.info(&ctx, NULL), WH_ERROR_BADARGS);
        assert_int_equal(ramsimCb.cleanup(&ctx), WH_ERROR_OK);
        assert_int_equal(ramsimCb.info(&ctx, &info), WH_ERROR_NOTINIT);
    }
}

static void test_ramsim_program(void** state)
{
    whFlashRamsimContext ctx;
    uint8_t              data[32];
    uint8_t              out[32];
    uint32_t             i;
    (void)state;

    for (i = 0; i < sizeof(data); i++) {
        data[i] = (uint8_t)(0xA0u + i);
    }
    ramsimInit(&ctx, 4, 1);

    assert_int_equal(ramsimCb.program(&ctx, 8, 16, data), WH_ERROR_OK);
    assert_int_equal(ramsimCb.read(&ctx, 8, 16, out), WH_ERROR_OK);
    assert_memory_equal(out, data, 16);
    assert_true(allEqual(mem, 8, 0xFF));
    assert_true(allEqual(mem + 24, SIZE - 24, 0xFF));
    assert_int_equal(ctx.programCount, 1);
    assert_int_equal(ctx.programBytes, 16);

    /* Programming over programmed bytes fails, even to clear more bits or to write 0xFF, and
     * a refused program changes nothing, not even its erased bytes. */
    memcpy(copy, mem, SIZE);
    memset(out, 0x00, sizeof(out));
    assert_int_equal(ramsimCb.program(&ctx, 8, 4, out), WH_ERROR_FLASH);
    memset(out, 0xFF, sizeof(out));
    assert_int_equal(ramsimCb.program(&ctx, 20, 4, out), WH_ERROR_FLASH);
    assert_int_equal(ramsimCb.program(&ctx, 20, 12, data), WH_ERROR_FLASH); /* 24..31 erased */
    assert_memory_equal(mem, copy, SIZE);
    assert_int_equal(ctx.programCount, 1);

    /* Alignment and range. */
    assert_int_equal(ramsimCb.program(&ctx, 34, 4, data), WH_ERROR_BADARGS);
    assert_int_equal(ramsimCb.program(&ctx, 32, 6, data), WH_ERROR_BADARGS);
    assert_int_equal(ramsimCb.program(&ctx, SIZE - 4, 8, data), WH_ERROR_BADARGS);
    assert_int_equal(ramsimCb.program(&ctx, 0xFFFFFFFCu, 8, data), WH_ERROR_BADARGS);
    assert_int_equal(ramsimCb.program(&ctx, 32, 4, NULL), WH_ERROR_BADARGS);
    assert_int_equal(ramsimCb.read(&ctx, SIZE - 1, 2, out), WH_ERROR_BADARGS);
    assert_int_equal(ramsimCb.read(&ctx, 0xFFFFFFFFu, 2, out), WH_ERROR_BADARGS);
    assert_int_equal(ramsimCb.read(&ctx, 0, 4, NULL), WH_ERROR_BADARGS);
    assert_memory_equal(mem, copy, SIZE);

    /* Reads have no alignment; the last unit of the device is programmable. */
    assert_int_equal(ramsimCb.read(&ctx, 9, 3, out), WH_ERROR_OK);
    assert_memory_equal(out, data + 1, 3);
    assert_int_equal(ramsimCb.program(&ctx, SIZE - 4, 4, data), WH_ERROR_OK);
    assert_memory_equal(mem + SIZE - 4, data, 4);

    /* A zero-size program is a no-op. */
    assert_int_equal(ramsimCb.program(&ctx, 8, 0, data), WH_ERROR_OK);
    assert_int_equal(ramsimCb.cleanup(&ctx), WH_ERROR_OK);
}

static void test_ramsim_program_units(void** state)
{
    static const uint32_t units[] = {1, 2, 4, 8, 16};
    uint8_t               data[16];
    size_t                i;
    (void)state;

    memset(data, 0x5A, sizeof(data));
    for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        whFlashRamsimContext ctx;
        uint32_t             u = units[i];
        ramsimInit(&ctx, u, 1);
        assert_int_equal(ramsimCb.program(&ctx, u, u, data), WH_ERROR_OK);
        assert_true(allEqual(mem + u, u, 0x5A));
        assert_true(allEqual(mem + 2u * u, SIZE - 2u * u, 0xFF));
        if (u > 1u) {
            assert_int_equal(ramsimCb.program(&ctx, 3u * u + 1u, u, data), WH_ERROR_BADARGS);
            assert_int_equal(ramsimCb.program(&ctx, 3u * u, u - 1u, data), WH_ERROR_BADARGS);
            assert_int_equal(ramsimCb.program(&ctx, 3u * u, u + u / 2u, data), WH_ERROR_BADARGS);
        }
        assert_int_equal(ramsimCb.program(&ctx, 3u * u, u, data), WH_ERROR_OK);
        assert_int_equal(ramsimCb.cleanup(&ctx), WH_ERROR_OK);
    }
}

static void test_ramsim_erase(void** state)
{
    whFlashRamsimContext ctx;
    (void)state;

    ramsimInit(&ctx, 8, 1);
    memset(mem, 0x00, SIZE); /* as if fully programmed */

    assert_int_equal(ramsimCb.erase(&ctx, SECTOR, SECTOR), WH_ERROR_OK);
    assert_true(allEqual(mem, SECTOR, 0x00));
    assert_true(allEqual(mem + SECTOR, SECTOR, 0xFF));
    assert_true(allEqual(mem + 2u * SECTOR, SIZE - 2u * SECTOR, 0x00));
    assert_int_equal(ctx.eraseCount, 1);
    assert_int_equal(ctx.eraseBytes, SECTOR);

    memcpy(copy, mem, SIZE);
    assert_int_equal(ramsimCb.erase(&ctx, SECTOR / 2u, SECTOR), WH_ERROR_BADARGS);
    assert_int_equal(ramsimCb.erase(&ctx, 0, SECTOR / 2u), WH_ERROR_BADARGS);
    assert_int_equal(ramsimCb.erase(&ctx, SIZE - SECTOR, 2u * SECTOR), WH_ERROR_BADARGS);
    assert_int_equal(ramsimCb.erase(&ctx, SIZE, SECTOR), WH_ERROR_BADARGS);
    assert_memory_equal(mem, copy, SIZE);

    /* Several sectors at once, then the erased bytes take a program again. */
    assert_int_equal(ramsimCb.erase(&ctx, 4u * SECTOR, 3u * SECTOR), WH_ERROR_OK);
    assert_true(allEqual(mem + 4u * SECTOR, 3u * SECTOR, 0xFF));
    assert_true(allEqual(mem + 7u * SECTOR, SECTOR, 0x00));
    assert_int_equal(ramsimCb.program(&ctx, 4u * SECTOR, 8, copy), WH_ERROR_OK);
    assert_int_equal(ramsimCb.cleanup(&ctx), WH_ERROR_OK);
}

static void test_ramsim_reboot_keeps_content(void** state)
{
    whFlashRamsimContext ctx;
    uint8_t              data[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    uint8_t              out[8];
    (void)state;

    ramsimInit(&ctx, 8, 1);
    assert_int_equal(ramsimCb.program(&ctx, 64, 8, data), WH_ERROR_OK);
    assert_int_equal(ramsimCb.cleanup(&ctx), WH_ERROR_OK);
    ramsimInit(&ctx, 8, 0);
    assert_int_equal(ramsimCb.read(&ctx, 64, 8, out), WH_ERROR_OK);
    assert_memory_equal(out, data, 8);
    assert_int_equal(ramsimCb.program(&ctx, 64, 8, data), WH_ERROR_FLASH); /* still programmed */
    assert_int_equal(ctx.programCount, 0);
    assert_int_equal(wh_FlashRamsim_ResetCounters(&ctx), WH_ERROR_OK);
    assert_int_equal(ctx.readCount, 0);
    assert_int_equal(ramsimCb.cleanup(&ctx), WH_ERROR_OK);
    ramsimInit(&ctx, 8, 1);
    assert_true(allEqual(mem, SIZE, 0xFF));
    assert_int_equal(ramsimCb.cleanup(&ctx), WH_ERROR_OK);
}

/* ---- file-backed flash ---- */

static void tempPath(char* out, size_t n, const char* tag)
{
    (void)snprintf(out, n, "/tmp/wh_test_flash_%ld_%s.bin", (long)getpid(), tag);
    (void)unlink(out);
}

static posixFlashFileConfig fileConfig(const char* path, uint8_t* image, uint32_t unit)
{
    return (posixFlashFileConfig){.path        = path,
                                  .image       = image,
                                  .size        = SIZE,
                                  .sectorSize  = SECTOR,
                                  .programUnit = unit,
                                  .syncWrites  = 0};
}

static long fileSize(const char* path)
{
    struct stat st;
    return (stat(path, &st) == 0) ? (long)st.st_size : -1;
}

static void test_file_persistence(void** state)
{
    static uint8_t        image[SIZE];
    posixFlashFileContext ctx;
    char                  path[96];
    uint8_t               data[16];
    uint8_t               out[16];
    posixFlashFileConfig  cfg;
    (void)state;

    tempPath(path, sizeof(path), "persist");
    cfg = fileConfig(path, image, 8);
    memset(data, 0x3C, sizeof(data));

    /* A missing file starts fully erased, at the configured size. */
    assert_int_equal(fileCb.init(&ctx, &cfg), WH_ERROR_OK);
    assert_int_equal(fileSize(path), SIZE);
    assert_true(allEqual(image, SIZE, 0xFF));
    assert_int_equal(fileCb.program(&ctx, SECTOR + 16u, 16, data), WH_ERROR_OK);
    assert_int_equal(fileCb.program(&ctx, 5 * SECTOR, 16, data), WH_ERROR_OK);
    /* Same strict rules as the RAM simulator. */
    assert_int_equal(fileCb.program(&ctx, SECTOR + 16u, 8, data), WH_ERROR_FLASH);
    assert_int_equal(fileCb.program(&ctx, SECTOR + 4u, 8, data), WH_ERROR_BADARGS);
    assert_int_equal(fileCb.erase(&ctx, 5 * SECTOR + 8u, SECTOR), WH_ERROR_BADARGS);
    assert_int_equal(fileCb.erase(&ctx, 5 * SECTOR, SECTOR), WH_ERROR_OK);
    assert_int_equal(fileCb.cleanup(&ctx), WH_ERROR_OK);

    /* Init again on the same file: the program and the erase persisted. */
    memset(image, 0, sizeof(image));
    assert_int_equal(fileCb.init(&ctx, &cfg), WH_ERROR_OK);
    assert_int_equal(fileCb.read(&ctx, SECTOR + 16u, 16, out), WH_ERROR_OK);
    assert_memory_equal(out, data, 16);
    assert_int_equal(fileCb.read(&ctx, 5 * SECTOR, 16, out), WH_ERROR_OK);
    assert_true(allEqual(out, 16, 0xFF));
    assert_true(allEqual(image, SECTOR + 16u, 0xFF));
    assert_true(allEqual(image + SECTOR + 32u, SIZE - SECTOR - 32u, 0xFF));
    assert_int_equal(fileCb.program(&ctx, SECTOR + 16u, 8, data), WH_ERROR_FLASH);
    assert_int_equal(fileCb.cleanup(&ctx), WH_ERROR_OK);
    assert_int_equal(fileSize(path), SIZE);
    assert_int_equal(unlink(path), 0);
}

static void test_file_wrong_size(void** state)
{
    static uint8_t        image[SIZE];
    posixFlashFileContext ctx;
    char                  path[96];
    uint8_t               junk[100];
    uint8_t               back[100];
    posixFlashFileConfig  cfg;
    int                   fd;
    (void)state;

    tempPath(path, sizeof(path), "size");
    memset(junk, 0x42, sizeof(junk));
    fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, junk, sizeof(junk)), (ssize_t)sizeof(junk));
    assert_int_equal(close(fd), 0);

    cfg = fileConfig(path, image, 8);
    assert_int_equal(fileCb.init(&ctx, &cfg), WH_ERROR_BADARGS);
    /* Never truncated or extended, content untouched. */
    assert_int_equal(fileSize(path), (long)sizeof(junk));
    fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(read(fd, back, sizeof(back)), (ssize_t)sizeof(back));
    assert_int_equal(close(fd), 0);
    assert_memory_equal(back, junk, sizeof(junk));
    assert_int_equal(unlink(path), 0);

    cfg.path = "/nonexistent-dir/wh_flash.bin";
    assert_int_equal(fileCb.init(&ctx, &cfg), WH_ERROR_ABORTED);
    cfg.path = NULL;
    assert_int_equal(fileCb.init(&ctx, &cfg), WH_ERROR_BADARGS);
}

/* The child writes through its own context, then exits; the parent reads what it wrote. */
static int childWrites(const char* path)
{
    static uint8_t        image[SIZE];
    posixFlashFileContext ctx;
    posixFlashFileConfig  cfg = fileConfig(path, image, 4);
    uint8_t               data[8];
    int                   ok;

    memset(data, 0x17, sizeof(data));
    ok = (fileCb.init(&ctx, &cfg) == WH_ERROR_OK) &&
         (fileCb.program(&ctx, 2 * SECTOR, 8, data) == WH_ERROR_OK) &&
         (fileCb.erase(&ctx, 3 * SECTOR, SECTOR) == WH_ERROR_OK) &&
         (fileCb.cleanup(&ctx) == WH_ERROR_OK);
    return ok ? 0 : 1;
}

static void test_file_across_processes(void** state)
{
    static uint8_t        image[SIZE];
    posixFlashFileContext ctx;
    posixFlashFileConfig  cfg;
    char                  path[96];
    uint8_t               data[8];
    uint8_t               out[8];
    pid_t                 pid;
    int                   status = -1;
    (void)state;

    tempPath(path, sizeof(path), "fork");
    cfg = fileConfig(path, image, 4);
    memset(data, 0x00, sizeof(data));
    /* The parent creates the file and programs sector 3, then closes it. */
    assert_int_equal(fileCb.init(&ctx, &cfg), WH_ERROR_OK);
    assert_int_equal(fileCb.program(&ctx, 3 * SECTOR, 8, data), WH_ERROR_OK);
    assert_int_equal(fileCb.cleanup(&ctx), WH_ERROR_OK);

    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        _exit(childWrites(path));
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);

    assert_int_equal(fileCb.init(&ctx, &cfg), WH_ERROR_OK);
    assert_int_equal(fileCb.read(&ctx, 2 * SECTOR, 8, out), WH_ERROR_OK);
    memset(data, 0x17, sizeof(data));
    assert_memory_equal(out, data, 8);
    assert_true(allEqual(image + 3 * SECTOR, SECTOR, 0xFF)); /* the child's erase */
    assert_int_equal(fileCb.cleanup(&ctx), WH_ERROR_OK);
    assert_int_equal(unlink(path), 0);
}

/* ---- fault injector ---- */

typedef struct {
    whFlashRamsimContext ram;
    whFlashFaultContext  fault;
    uint8_t              scratch[SECTOR];
} faultRig;

static void faultInit(faultRig* r, uint32_t unit, int withScratch)
{
    const whFlashFaultConfig cfg = {.cb          = &ramsimCb,
                                    .context     = &r->ram,
                                    .scratch     = withScratch ? r->scratch : NULL,
                                    .scratchSize = withScratch ? SECTOR : 0u};
    ramsimInit(&r->ram, unit, 1);
    assert_int_equal(faultCb.init(&r->fault, &cfg), WH_ERROR_OK);
}

static void faultCleanup(faultRig* r)
{
    assert_int_equal(faultCb.cleanup(&r->fault), WH_ERROR_OK);
    assert_int_equal(ramsimCb.cleanup(&r->ram), WH_ERROR_OK);
}

static uint32_t faultCount(const faultRig* r)
{
    uint32_t n = 0;
    assert_int_equal(wh_FlashFault_GetCount(&r->fault, &n), WH_ERROR_OK);
    return n;
}

static void test_fault_passthrough(void** state)
{
    static faultRig    r;
    whFlashFaultConfig cfg = {.cb = &ramsimCb, .context = &r.ram};
    whFlashInfo        info;
    uint8_t            data[16];
    uint8_t            out[16];
    (void)state;

    assert_int_equal(faultCb.init(&r.fault, NULL), WH_ERROR_BADARGS);
    cfg.cb = NULL;
    assert_int_equal(faultCb.init(&r.fault, &cfg), WH_ERROR_BADARGS);
    assert_int_equal(wh_FlashFault_Arm(NULL, 1, 0), WH_ERROR_BADARGS);

    faultInit(&r, 8, 1);
    memset(data, 0x61, sizeof(data));
    assert_int_equal(wh_FlashFault_Arm(&r.fault, 0, 0), WH_ERROR_BADARGS);
    assert_int_equal(faultCb.info(&r.fault, &info), WH_ERROR_OK);
    assert_int_equal(info.size, SIZE);
    assert_int_equal(faultCb.program(&r.fault, 0, 16, data), WH_ERROR_OK);
    assert_int_equal(faultCb.read(&r.fault, 0, 16, out), WH_ERROR_OK);
    assert_memory_equal(out, data, 16);
    /* Inner errors pass through, and still count as operations. */
    assert_int_equal(faultCb.program(&r.fault, 0, 16, data), WH_ERROR_FLASH);
    assert_int_equal(faultCb.program(&r.fault, 3, 8, data), WH_ERROR_BADARGS);
    assert_int_equal(faultCb.erase(&r.fault, 0, SECTOR), WH_ERROR_OK);
    assert_int_equal(faultCount(&r), 4); /* reads are not counted */
    assert_int_equal(wh_FlashFault_IsPowerOff(&r.fault), 0);
    assert_true(allEqual(mem, SIZE, 0xFF));
    faultCleanup(&r);
}

static void test_fault_cut_at_n(void** state)
{
    static faultRig r;
    whFlashInfo     info;
    uint8_t         data[16];
    uint8_t         out[16];
    (void)state;

    faultInit(&r, 4, 1);
    memset(data, 0x00, sizeof(data));
    assert_int_equal(faultCb.program(&r.fault, 0, 4, data), WH_ERROR_OK); /* before arming */
    assert_int_equal(wh_FlashFault_Arm(&r.fault, 3, WH_FLASH_FAULT_TORN_HALF), WH_ERROR_OK);
    assert_int_equal(faultCount(&r), 0);
    assert_int_equal(faultCb.program(&r.fault, 16, 4, data), WH_ERROR_OK);  /* op 1 */
    assert_int_equal(faultCb.erase(&r.fault, SECTOR, SECTOR), WH_ERROR_OK); /* op 2 */
    assert_int_equal(faultCb.read(&r.fault, 0, 4, out), WH_ERROR_OK);
    assert_int_equal(wh_FlashFault_IsPowerOff(&r.fault), 0);
    /* Op 3, a 16-byte program, is torn: 8 bytes written, then the power is off. */
    memset(data, 0x11, sizeof(data));
    assert_int_equal(faultCb.program(&r.fault, 32, 16, data), WH_ERROR_FLASH);
    assert_int_equal(wh_FlashFault_IsPowerOff(&r.fault), 1);
    assert_true(allEqual(mem + 32, 8, 0x11));
    assert_true(allEqual(mem + 40, 8, 0xFF));
    assert_int_equal(faultCount(&r), 3);

    /* Everything fails while the power is off, reads and info too, and reaches nothing. */
    memcpy(copy, mem, SIZE);
    assert_int_equal(faultCb.program(&r.fault, 64, 4, data), WH_ERROR_FLASH);
    assert_int_equal(faultCb.erase(&r.fault, 0, SECTOR), WH_ERROR_FLASH);
    assert_int_equal(faultCb.read(&r.fault, 32, 4, out), WH_ERROR_FLASH);
    assert_int_equal(faultCb.info(&r.fault, &info), WH_ERROR_FLASH);
    assert_memory_equal(mem, copy, SIZE);
    assert_int_equal(faultCount(&r), 3);

    /* Disarm: power back on, the torn content is what is there. */
    assert_int_equal(wh_FlashFault_Disarm(&r.fault), WH_ERROR_OK);
    assert_int_equal(wh_FlashFault_IsPowerOff(&r.fault), 0);
    assert_int_equal(faultCb.read(&r.fault, 32, 16, out), WH_ERROR_OK);
    assert_true(allEqual(out, 8, 0x11));
    assert_true(allEqual(out + 8, 8, 0xFF));
    assert_int_equal(faultCb.program(&r.fault, 40, 8, data), WH_ERROR_OK);
    assert_int_equal(faultCount(&r), 4);
    faultCleanup(&r);
}

static void test_fault_torn_lengths(void** state)
{
    static faultRig r;
    uint8_t         data[32];
    (void)state;

    memset(data, 0x22, sizeof(data));
    faultInit(&r, 4, 1);

    /* 0 bytes: nothing written. */
    assert_int_equal(wh_FlashFault_Arm(&r.fault, 1, 0), WH_ERROR_OK);
    assert_int_equal(faultCb.program(&r.fault, 0, 32, data), WH_ERROR_FLASH);
    assert_true(allEqual(mem, SIZE, 0xFF));

    /* Half of 12 is 6, rounded down to the 4-byte unit: 4. */
    assert_int_equal(wh_FlashFault_Arm(&r.fault, 1, WH_FLASH_FAULT_TORN_HALF), WH_ERROR_OK);
    assert_int_equal(faultCb.program(&r.fault, 64, 12, data), WH_ERROR_FLASH);
    assert_true(allEqual(mem + 64, 4, 0x22));
    assert_true(allEqual(mem + 68, SIZE - 68, 0xFF));

    /* An explicit length, rounded down to the unit: 11 -> 8. */
    assert_int_equal(wh_FlashFault_Arm(&r.fault, 1, 11), WH_ERROR_OK);
    assert_int_equal(faultCb.program(&r.fault, 128, 32, data), WH_ERROR_FLASH);
    assert_true(allEqual(mem + 128, 8, 0x22));
    assert_true(allEqual(mem + 136, 24, 0xFF));

    /* TORN_ALL: the operation completes, and still the power is cut. */
    assert_int_equal(wh_FlashFault_Arm(&r.fault, 1, WH_FLASH_FAULT_TORN_ALL), WH_ERROR_OK);
    assert_int_equal(faultCb.program(&r.fault, 192, 32, data), WH_ERROR_FLASH);
    assert_true(allEqual(mem + 192, 32, 0x22));
    assert_int_equal(wh_FlashFault_IsPowerOff(&r.fault), 1);
    assert_int_equal(wh_FlashFault_Disarm(&r.fault), WH_ERROR_OK);
    faultCleanup(&r);
}

static void test_fault_partial_erase(void** state)
{
    static faultRig r;
    (void)state;

    /* Half: the first half of the first sector of the range, nothing else. */
    faultInit(&r, 8, 1);
    memset(mem, 0x00, SIZE);
    assert_int_equal(wh_FlashFault_Arm(&r.fault, 1, WH_FLASH_FAULT_TORN_HALF), WH_ERROR_OK);
    assert_int_equal(faultCb.erase(&r.fault, SECTOR, 2u * SECTOR), WH_ERROR_FLASH);
    assert_true(allEqual(mem, SECTOR, 0x00));
    assert_true(allEqual(mem + SECTOR, SECTOR / 2u, 0xFF));
    assert_true(allEqual(mem + SECTOR + SECTOR / 2u, SIZE - SECTOR - SECTOR / 2u, 0x00));
    assert_int_equal(wh_FlashFault_Disarm(&r.fault), WH_ERROR_OK);

    /* An explicit length past the first sector: 300 bytes -> sector 1 whole, then the
     * first 44 (rounded down to 40) bytes of sector 2. */
    memset(mem, 0x00, SIZE);
    assert_int_equal(wh_FlashFault_Arm(&r.fault, 1, SECTOR + 44u), WH_ERROR_OK);
    assert_int_equal(faultCb.erase(&r.fault, SECTOR, 3u * SECTOR), WH_ERROR_FLASH);
    assert_true(allEqual(mem, SECTOR, 0x00));
    assert_true(allEqual(mem + SECTOR, SECTOR + 40u, 0xFF));
    assert_true(allEqual(mem + 2u * SECTOR + 40u, SIZE - 2u * SECTOR - 40u, 0x00));
    assert_int_equal(wh_FlashFault_Disarm(&r.fault), WH_ERROR_OK);

    /* 0 bytes: nothing erased. */
    memset(mem, 0x00, SIZE);
    assert_int_equal(wh_FlashFault_Arm(&r.fault, 1, 0), WH_ERROR_OK);
    assert_int_equal(faultCb.erase(&r.fault, 0, SECTOR), WH_ERROR_FLASH);
    assert_true(allEqual(mem, SIZE, 0x00));
    faultCleanup(&r);

    /* Without a scratch buffer a partly erased sector stays as it was. */
    faultInit(&r, 8, 0);
    memset(mem, 0x00, SIZE);
    assert_int_equal(wh_FlashFault_Arm(&r.fault, 1, WH_FLASH_FAULT_TORN_HALF), WH_ERROR_OK);
    assert_int_equal(faultCb.erase(&r.fault, 0, SECTOR), WH_ERROR_FLASH);
    assert_true(allEqual(mem, SIZE, 0x00));
    assert_int_equal(wh_FlashFault_Disarm(&r.fault), WH_ERROR_OK);
    assert_int_equal(faultCb.erase(&r.fault, 0, SECTOR), WH_ERROR_OK);
    assert_true(allEqual(mem, SECTOR, 0xFF));
    faultCleanup(&r);
}

int main(int argc, char** argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ramsim_config),
        cmocka_unit_test(test_ramsim_program),
        cmocka_unit_test(test_ramsim_program_units),
        cmocka_unit_test(test_ramsim_erase),
        cmocka_unit_test(test_ramsim_reboot_keeps_content),
        cmocka_unit_test(test_file_persistence),
        cmocka_unit_test(test_file_wrong_size),
        cmocka_unit_test(test_file_across_processes),
        cmocka_unit_test(test_fault_passthrough),
        cmocka_unit_test(test_fault_cut_at_n),
        cmocka_unit_test(test_fault_torn_lengths),
        cmocka_unit_test(test_fault_partial_erase),
    };
    if (argc > 1) {
        cmocka_set_test_filter(argv[1]);
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
