/*
 * LD_PRELOAD shim for the AArch64 run under qemu-aarch64: QEMU 7.2 offers no CPU model
 * without the ARMv8 Crypto Extensions and no property to turn them off, so this hides
 * them from getauxval(AT_HWCAP) and the library takes its portable code, as on a CPU
 * without them. Test-only; never linked into the library.
 *
 * Linux arm64 ELF hwcaps (Documentation/arch/arm64/elf_hwcaps.rst): HWCAP_AES 3,
 * HWCAP_PMULL 4, HWCAP_SHA1 5, HWCAP_SHA2 6, HWCAP_SHA3 17, HWCAP_SM3 18, HWCAP_SM4 19,
 * HWCAP_SHA512 21; AT_HWCAP2: HWCAP2_SVEAES 2, HWCAP2_SVEPMULL 3, HWCAP2_SVESHA3 5,
 * HWCAP2_SVESM4 6.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/auxv.h>

#define HWCAP_CRYPTO ((1ul << 3) | (1ul << 4) | (1ul << 5) | (1ul << 6) | (1ul << 17) | \
                      (1ul << 18) | (1ul << 19) | (1ul << 21))
#define HWCAP2_CRYPTO ((1ul << 2) | (1ul << 3) | (1ul << 5) | (1ul << 6))

unsigned long getauxval(unsigned long type)
{
    unsigned long (*real)(unsigned long) =
        (unsigned long (*)(unsigned long))dlsym(RTLD_NEXT, "getauxval");
    unsigned long v = real ? real(type) : 0;

    if (type == AT_HWCAP)
        v &= ~HWCAP_CRYPTO;
    else if (type == AT_HWCAP2)
        v &= ~HWCAP2_CRYPTO;
    return v;
}

/* Loaded once is enough: the suites' children (python3 for the interop suite) are host
 * programs, which would only complain that they cannot preload an AArch64 object. */
__attribute__((constructor)) static void nohwcap_drop_env(void)
{
    unsetenv("LD_PRELOAD");
}
