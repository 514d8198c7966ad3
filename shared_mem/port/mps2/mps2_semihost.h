/*
 * port/mps2/mps2_semihost.h
 *
 * Semihosting file I/O (QEMU -semihosting-config enable=on,target=native; privileged code
 * only): whole-file load and store, for the HSM's NVM image. Paths are relative to QEMU's
 * working directory (scripts/qemu_run.sh runs QEMU in build/target/).
 */
#ifndef PORT_MPS2_MPS2_SEMIHOST_H_
#define PORT_MPS2_MPS2_SEMIHOST_H_

#include <stdint.h>

/* Read the file into buf when it is exactly size bytes long. Returns 1 when loaded, 0 when
 * the file is missing, or -1 when it exists but has another length or a read failed (buf
 * may then be partly overwritten). */
int mps2_SemihostLoad(const char* path, uint8_t* buf, uint32_t size);

/* Create or truncate the file and write size bytes. Returns 0, or -1 on failure. */
int mps2_SemihostStore(const char* path, const uint8_t* buf, uint32_t size);

/* The command line QEMU passes (-semihosting-config ...,arg=a,arg=b gives "a b"), NUL
 * terminated, in buf of size bytes. Returns 0, or -1 (none, or it does not fit). */
int mps2_SemihostCmdline(char* buf, uint32_t size);

#endif /* !PORT_MPS2_MPS2_SEMIHOST_H_ */
