/*
 * port/posix/posix_shm.c: shm_open + mmap (see posix_shm.h).
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "port/posix/posix_shm.h"
#include "wolfhsm/wh_error.h"

static int mapFd(posixShm* shm, int fd, size_t size)
{
    void* base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    (void)close(fd);
    if (base == MAP_FAILED) {
        return WH_ERROR_BADARGS;
    }
    shm->base = base;
    shm->size = size;
    return WH_ERROR_OK;
}

int posixShm_Create(posixShm* shm, const char* name, size_t size)
{
    int fd;

    if ((shm == NULL) || (name == NULL) || (size == 0)) {
        return WH_ERROR_BADARGS;
    }
    (void)shm_unlink(name);
    fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) {
        return WH_ERROR_BADARGS;
    }
    if (ftruncate(fd, (off_t)size) != 0) { /* new pages read as zero: step 0 */
        (void)close(fd);
        (void)shm_unlink(name);
        return WH_ERROR_BADARGS;
    }
    return mapFd(shm, fd, size);
}

int posixShm_Open(posixShm* shm, const char* name, size_t size, unsigned timeoutMs)
{
    const struct timespec tick = {0, 1000000L};
    unsigned              waited;

    if ((shm == NULL) || (name == NULL) || (size == 0)) {
        return WH_ERROR_BADARGS;
    }
    for (waited = 0;; waited++) {
        int         fd = shm_open(name, O_RDWR, 0);
        struct stat st;
        if ((fd >= 0) && (fstat(fd, &st) == 0) && ((size_t)st.st_size >= size)) {
            return mapFd(shm, fd, size);
        }
        if (fd >= 0) {
            (void)close(fd);
        }
        if (waited >= timeoutMs) {
            return WH_ERROR_TIMEOUT;
        }
        (void)nanosleep(&tick, NULL);
    }
}

int posixShm_Close(posixShm* shm, const char* unlinkName)
{
    if ((shm == NULL) || (shm->base == NULL)) {
        return WH_ERROR_BADARGS;
    }
    (void)munmap(shm->base, shm->size);
    shm->base = NULL;
    if (unlinkName != NULL) {
        (void)shm_unlink(unlinkName);
    }
    return WH_ERROR_OK;
}
