/*
 * port/posix/posix_shm.h
 *
 * Named POSIX shared memory for the two-process set-up (an HSM process and a host process):
 * the creator makes a new, zeroed object of the given size; the other side opens it.
 */
#ifndef PORT_POSIX_POSIX_SHM_H_
#define PORT_POSIX_POSIX_SHM_H_

#include <stddef.h>

#include "port/posix/posix_doorbell.h"
#include "wolfhsm/wh_transport_mem.h"

/* What one client's slot of shared memory holds on POSIX: its mailbox and the doorbell of
 * each direction. */
typedef struct posixMailboxRegion_t {
    whMailbox     mailbox;
    posixDoorbell toServer;
    posixDoorbell toClient;
} posixMailboxRegion;

typedef struct posixShm_t {
    void*  base;
    size_t size;
} posixShm;

/* Create name (replacing a stale object of that name), zeroed, and map it. */
int posixShm_Create(posixShm* shm, const char* name, size_t size);
/* Map an existing object, waiting up to timeoutMs for its creator to make it. */
int posixShm_Open(posixShm* shm, const char* name, size_t size, unsigned timeoutMs);
/* Unmap; the creator also passes the name to remove the object. */
int posixShm_Close(posixShm* shm, const char* unlinkName);

#endif /* !PORT_POSIX_POSIX_SHM_H_ */
