/*
 * fernet-c private helpers: byte order and constant-time annotations.
 * Not installed; included only by the library's .c files.
 */
#ifndef FC_INTERNAL_H
#define FC_INTERNAL_H

#include <stdint.h>
#include <stddef.h>

#include "fc_common.h"

/*
 * The size switch. FC_SMALL 1 picks the size form of code that has two (SHA-256's rolled
 * rounds, base64's bit-buffer loops, Fernet's shared paths), 0 the speed form; left
 * undefined, builds optimised for size (-Os, which defines __OPTIMIZE_SIZE__) get 1 and all
 * others 0. It changes code only: never a struct, a prototype or a result. `make
 * check-small` runs the test suites on the size forms on the host.
 */
#ifndef FC_SMALL
#ifdef __OPTIMIZE_SIZE__
#define FC_SMALL 1
#else
#define FC_SMALL 0
#endif
#endif

/* Byte loads and stores: cast before shifting, so no promoted int is shifted into its sign bit. */
static inline uint32_t fc_load32_be(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline uint32_t fc_load32_le(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void fc_store32_be(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static inline void fc_store32_le(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static inline void fc_store64_be(uint8_t *p, uint64_t v)
{
#if FC_SMALL
    int i;

    for (i = 7; i >= 0; i--, v >>= 8) /* constant shifts: no 64-bit shift helper */
        p[i] = (uint8_t)v;
#else
    fc_store32_be(p, (uint32_t)(v >> 32));
    fc_store32_be(p + 4, (uint32_t)v);
#endif
}

/*
 * Declassification: the only way a value derived from a secret (a MAC verdict) may be
 * branched on. The constant-time test build (-DFC_CT_TEST) tells valgrind the bytes are
 * now public; every other build compiles it to nothing.
 */
#ifdef FC_CT_TEST
#include <valgrind/memcheck.h>
#define FC_DECLASSIFY(p, len) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (len)))
#else
#define FC_DECLASSIFY(p, len) ((void)(p), (void)(len))
#endif

/*
 * n / 3 without a runtime division helper. Cores with a divide instruction (Armv7-M and
 * Armv8-M Mainline, RISC-V M) divide. The others (Cortex-M0's compiler would call
 * __aeabi_uidiv) and hosts use shifts, adds and one 32-bit multiply by 11: q sums n times
 * the binary series 0.0101... = 1/3 from below, so 0 <= n - 3q < 32, and (11 r) >> 5 equals
 * r / 3 for every r < 32 (Hacker's Delight, 2nd ed., 10-18, extended by one step for 64-bit
 * size_t). tests/test_common.c checks that form against the division on the host.
 */
static inline size_t fc_div3(size_t n)
{
#if defined(__ARM_FEATURE_IDIV) || defined(__riscv_div)
    return n / 3;
#else
    size_t q = (n >> 2) + (n >> 4), r;

    q += q >> 4;
    q += q >> 8;
    q += q >> 16;
    q += (q >> 16) >> 16; /* 0 where size_t has 32 bits */
    r = n - 3 * q;
    return q + (size_t)((11u * (uint32_t)r) >> 5);
#endif
}

/* NULL is accepted only where the matching length is 0. */
#define FC_BAD_BUF(p, len) ((p) == NULL && (len) != 0)

#endif /* FC_INTERNAL_H */
