/*
 * fernet-c CPU feature detection, done once per process.
 *
 * The result is the library's only global state: one 32-bit word, written with the same
 * value by whichever thread gets there first (bit 31 marks it filled), read with relaxed
 * atomics. Two threads racing both compute and store the same value, so no lock is needed
 * and no cpuid runs after the first call (in a virtual machine every cpuid traps).
 */
#include "fc_cpu.h"

#define CPU_FILLED 0x80000000u

#if !defined(__STDC_HOSTED__) || __STDC_HOSTED__ == 0 || defined(FC_NO_CPU_DETECT) || \
    !(defined(__x86_64__) || defined(__aarch64__))
/* Freestanding, or a CPU with no hardware backend here (Cortex-M, RISC-V, s390x...): no OS
 * to ask and no global state; the target's feature macros decide. */
uint32_t fc_cpu_features(void)
{
    uint32_t f = 0;
#if defined(__x86_64__) && defined(__AES__) && defined(__SSE4_1__)
    f |= FC_CPU_AESNI;
#endif
#if defined(__x86_64__) && defined(__SHA__) && defined(__SSE4_1__)
    f |= FC_CPU_SHANI;
#endif
#if defined(__aarch64__) && (defined(__ARM_FEATURE_AES) || defined(__ARM_FEATURE_CRYPTO))
    f |= FC_CPU_ARM_AES;
#endif
#if defined(__aarch64__) && (defined(__ARM_FEATURE_SHA2) || defined(__ARM_FEATURE_CRYPTO))
    f |= FC_CPU_ARM_SHA2;
#endif
    return f;
}

#else /* hosted */

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>

/* XGETBV (Intel SDM vol. 2B): which register states the OS saves (XCR0). Only called when
 * CPUID.1:ECX.OSXSAVE[bit 27] is set. */
static uint64_t cpu_xcr0(void)
{
    uint32_t lo, hi;
    __asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (uint64_t)hi << 32 | lo;
}

/* Intel SDM vol. 2A, CPUID: leaf 1 ECX bit 19 SSE4.1, bit 25 AES, bit 27 OSXSAVE, bit 28
 * AVX; leaf 7 EBX bit 5 AVX2, bit 16 AVX512F, bit 29 SHA; leaf 7 ECX bit 9 VAES. */
static uint32_t cpu_probe(void)
{
    unsigned a, b, c, d, b7 = 0, c7 = 0;
    uint32_t f = 0;
    uint64_t xcr0 = 0;

    if (!__get_cpuid(1, &a, &b, &c, &d))
        return 0;
    if (__get_cpuid_max(0, NULL) >= 7)
        __cpuid_count(7, 0, a, b7, c7, d);
    if (c & (1u << 27))
        xcr0 = cpu_xcr0();
    if ((c & (1u << 19)) && (c & (1u << 25)))
        f |= FC_CPU_AESNI;
    if ((c & (1u << 19)) && (b7 & (1u << 29)))
        f |= FC_CPU_SHANI;
    /* XCR0 bits 1-2: xmm and ymm state; bits 5-7: opmask and zmm state. */
    if ((f & FC_CPU_AESNI) && (c7 & (1u << 9)) && (c & (1u << 28)) && (b7 & (1u << 5))
        && (xcr0 & 0x6) == 0x6) {
        f |= FC_CPU_VAES256;
        if ((b7 & (1u << 16)) && (xcr0 & 0xe6) == 0xe6)
            f |= FC_CPU_VAES512;
    }
    return f;
}

#elif defined(__aarch64__) && defined(__linux__)
#include <sys/auxv.h>

/* Linux arm64 ELF hwcaps (Documentation/arch/arm64/elf_hwcaps.rst): HWCAP_AES bit 3,
 * HWCAP_SHA2 bit 6. */
static uint32_t cpu_probe(void)
{
    unsigned long hw = getauxval(AT_HWCAP);
    uint32_t f = 0;

    if (hw & (1ul << 3))
        f |= FC_CPU_ARM_AES;
    if (hw & (1ul << 6))
        f |= FC_CPU_ARM_SHA2;
    return f;
}

#elif defined(__aarch64__)
/* Other AArch64 systems (macOS, BSDs): trust the compiler's target feature macros. */
static uint32_t cpu_probe(void)
{
    uint32_t f = 0;
#if defined(__ARM_FEATURE_AES) || defined(__ARM_FEATURE_CRYPTO)
    f |= FC_CPU_ARM_AES;
#endif
#if defined(__ARM_FEATURE_SHA2) || defined(__ARM_FEATURE_CRYPTO)
    f |= FC_CPU_ARM_SHA2;
#endif
    return f;
}

#else
static uint32_t cpu_probe(void)
{
    return 0;
}
#endif

/*
 * FERNETC_HW narrows the features, never widens them: unset uses everything found;
 * otherwise a comma-separated list of the ones allowed ("none" or "" for the portable
 * code only): aesni, vaes256, vaes512, shani, armaes, armsha2.
 */
static uint32_t cpu_env_mask(void)
{
    static const struct { const char *name; uint32_t bit; } names[] = {
        { "aesni", FC_CPU_AESNI },     { "vaes256", FC_CPU_VAES256 },
        { "vaes512", FC_CPU_VAES512 }, { "shani", FC_CPU_SHANI },
        { "armaes", FC_CPU_ARM_AES },  { "armsha2", FC_CPU_ARM_SHA2 },
    };
    const char *s = getenv("FERNETC_HW");
    uint32_t m = 0;
    size_t i, n;

    if (s == NULL)
        return ~0u;
    while (*s != '\0') {
        n = strcspn(s, ",");
        for (i = 0; i < sizeof names / sizeof names[0]; i++)
            if (strlen(names[i].name) == n && memcmp(s, names[i].name, n) == 0)
                m |= names[i].bit;
        s += n;
        if (*s == ',')
            s++;
    }
    return m;
}

/* Valgrind does not emulate SHA-NI (nor AVX-512/VAES). Its synthetic CPUID already hides
 * them (3.19), so plain `make valgrind` runs pick AES-NI and the portable SHA-256; the
 * constant-time build (FC_CT_TEST), which links valgrind's headers anyway, also asks
 * valgrind directly, so a future valgrind that reports SHA without emulating it cannot
 * crash the gate. */
#if defined(FC_CT_TEST)
#include <valgrind/valgrind.h>
#define CPU_UNDER_VALGRIND() (RUNNING_ON_VALGRIND != 0)
#else
#define CPU_UNDER_VALGRIND() 0
#endif

#if defined(__GNUC__) || defined(__clang__)
static uint32_t fc_cpu_word;
#define CPU_LOAD() __atomic_load_n(&fc_cpu_word, __ATOMIC_RELAXED)
#define CPU_STORE(v) __atomic_store_n(&fc_cpu_word, (v), __ATOMIC_RELAXED)
#else
/* An aligned 32-bit word: every writer stores the same value. */
static volatile uint32_t fc_cpu_word;
#define CPU_LOAD() (fc_cpu_word)
#define CPU_STORE(v) (fc_cpu_word = (v))
#endif

uint32_t fc_cpu_features(void)
{
    uint32_t f = CPU_LOAD();

    if (f & CPU_FILLED)
        return f & ~CPU_FILLED;
    f = cpu_probe() & cpu_env_mask();
    if (CPU_UNDER_VALGRIND())
        f &= ~FC_CPU_SHANI;
    CPU_STORE(f | CPU_FILLED);
    return f;
}

#endif /* hosted */
