/*
 * port/mps2/mps2_semihost.h
 *
 * Semihosting (QEMU -semihosting-config enable=on,target=native; privileged code only):
 * file I/O, a host file kept open for update, read and written at offsets, for the HSM's
 * write-through NVM image (nvm/port/mps2/mps2_flash_semihost.h); the command line QEMU
 * passes; and the exit that ends the emulator with a code. Paths are relative to QEMU's
 * working directory (scripts/qemu_run.sh runs QEMU in the directory of the core 1 image,
 * build/target/).
 *
 * A write has reached the host file when its call returns: QEMU writes with the host's
 * write(), unbuffered, so it survives the emulator being killed. Semihosting has no sync
 * call: a crash of the host machine itself may still lose it.
 */
#ifndef PORT_MPS2_MPS2_SEMIHOST_H_
#define PORT_MPS2_MPS2_SEMIHOST_H_

#include <stdint.h>

/* Open path for reading and writing: an existing file as it is ("r+b"); when that fails, a
 * new empty file ("w+b", which would truncate: semihosting gives no portable reason for the
 * first failure, so it is taken to mean the file is missing). Returns the handle (>= 0),
 * with *out_created 1 for a new file and 0 for an existing one; or -1 when neither opens. */
int32_t mps2Semihost_OpenUpdate(const char* path, int* out_created);

/* Open an existing file read-only ("rb"): the handle (>= 0), or -1 (missing, say). */
int32_t mps2Semihost_OpenRead(const char* path);

/* The open file's length in bytes, or -1. */
int32_t mps2Semihost_Length(int32_t fd);

/* Read or write size bytes at offset of the open file. Returns 0 when all were
 * transferred, or -1 (a write may then have changed part of the range; a read may have
 * filled part of buf). */
int mps2Semihost_ReadAt(int32_t fd, uint32_t offset, uint8_t* buf, uint32_t size);
int mps2Semihost_WriteAt(int32_t fd, uint32_t offset, const uint8_t* buf, uint32_t size);

/* Close the handle: 0, or -1. */
int mps2Semihost_Close(int32_t fd);

/* Delete the file: 0, or -1. */
int mps2Semihost_Remove(const char* path);

/* The command line QEMU passes (-semihosting-config ...,arg=a,arg=b gives "a b"), NUL
 * terminated, in buf of size bytes. Returns 0, or -1 (none, or it does not fit). */
int mps2Semihost_Cmdline(char* buf, uint32_t size);

/* End QEMU with this exit status, SYS_EXIT_EXTENDED, so the code reaches the shell as QEMU's
 * exit status (whichever core exits first ends the whole emulator). Parks the core when
 * semihosting is off. */
void mps2Semihost_Exit(int code) __attribute__((noreturn));

#endif /* !PORT_MPS2_MPS2_SEMIHOST_H_ */
