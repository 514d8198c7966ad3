/*
 * port/mps2/mps2_entropy.c - the target's DRBG seed hook (CUSTOM_RAND_GENERATE_SEED in
 * shared_mem/user_settings.h).
 *
 * *** NOT SECURE. *** QEMU's mps2-an521 emulates no TRNG. This "seed" mixes the SysTick
 * counter, the millisecond count and a call counter through a xorshift generator: it is
 * predictable by anyone who knows the firmware and roughly when it ran. It exists so the
 * HSM's Hash-DRBG can be instantiated in the emulator; real silicon must replace it with its
 * TRNG (and health tests) before any key is generated.
 */
#include <stdint.h>

#include "port/mps2/mps2_board.h"
#include "port/mps2/mps2_timer.h"

/* Declared in user_settings.h, which is only read through wolfSSL's settings.h. */
int wh_Entropy_GenerateSeed(unsigned char* output, unsigned int sz);

int wh_Entropy_GenerateSeed(unsigned char* output, unsigned int sz)
{
    static uint32_t calls;
    uint32_t        x;
    unsigned int    i;

    calls++;
    x = 0x9E3779B9u ^ (calls * 0x85EBCA6Bu) ^ MPS2_SYST_CVR ^ (mps2Timer_Millis() << 16) ^
        MPS2_CPU_IDENTITY;
    for (i = 0; i < sz; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x ^= MPS2_SYST_CVR;
        output[i] = (unsigned char)(x >> 24);
    }
    return 0;
}
