/*
 * posix_entropy.c - DRBG seed source for the Linux host: the kernel's getrandom().
 * wolfCrypt calls it through CUSTOM_RAND_GENERATE_SEED (see user_settings.h).
 */
#include <errno.h>
#include <stddef.h>
#include <sys/random.h>
#include <sys/types.h>

#include "user_settings.h"

int wh_Entropy_GenerateSeed(unsigned char* output, unsigned int sz)
{
    size_t done = 0;

    if ((output == NULL) && (sz != 0)) {
        return -1;
    }
    /* getrandom() may return fewer bytes than asked (large requests, signals): loop. */
    while (done < sz) {
        ssize_t n = getrandom(output + done, sz - done, 0);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        done += (size_t)n;
    }
    return 0;
}
