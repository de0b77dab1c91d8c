/*
 * fernet-c SHA-256 backend choice: the hardware compression where the CPU has it, else the
 * portable one in sha256.c. The choice reads the cached CPU feature word (common/cpu.c).
 */
#include "fc_cpu.h"
#include "fc_sha256.h"
#include "sha256_backend.h"

int fc_sha256_hw_blocks(uint32_t state[8], const uint8_t *p, size_t n)
{
#ifdef FC_HAVE_SHANI
    if (fc_cpu_features() & FC_CPU_SHANI) {
        fc_sha256_ni_blocks(state, p, n);
        return 1;
    }
#endif
#ifdef FC_HAVE_ARMV8_SHA2
    if (fc_cpu_features() & FC_CPU_ARM_SHA2) {
        fc_sha256_arm_blocks(state, p, n);
        return 1;
    }
#endif
    (void)state, (void)p, (void)n;
    return 0;
}

int fc_sha256_hw_words(uint32_t state[8], const uint32_t block[16])
{
#ifdef FC_HAVE_SHANI
    if (fc_cpu_features() & FC_CPU_SHANI) {
        fc_sha256_ni_words(state, block);
        return 1;
    }
#endif
#ifdef FC_HAVE_ARMV8_SHA2
    if (fc_cpu_features() & FC_CPU_ARM_SHA2) {
        fc_sha256_arm_words(state, block);
        return 1;
    }
#endif
    (void)state, (void)block;
    return 0;
}

int fc_sha256_hw_hmac_chain(uint32_t u[8], uint32_t t[8], const uint32_t istate[8],
                            const uint32_t ostate[8], uint32_t n)
{
#ifdef FC_HAVE_SHANI
    if (fc_cpu_features() & FC_CPU_SHANI) {
        fc_sha256_ni_hmac_chain(u, t, istate, ostate, n);
        return 1;
    }
#endif
#ifdef FC_HAVE_ARMV8_SHA2
    if (fc_cpu_features() & FC_CPU_ARM_SHA2) {
        fc_sha256_arm_hmac_chain(u, t, istate, ostate, n);
        return 1;
    }
#endif
    (void)u, (void)t, (void)istate, (void)ostate, (void)n;
    return 0;
}

const char *fc_sha256_backend_name(void)
{
#ifdef FC_HAVE_SHANI
    if (fc_cpu_features() & FC_CPU_SHANI)
        return "shani";
#endif
#ifdef FC_HAVE_ARMV8_SHA2
    if (fc_cpu_features() & FC_CPU_ARM_SHA2)
        return "armv8";
#endif
    return "portable";
}
