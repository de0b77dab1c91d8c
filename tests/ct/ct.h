/*
 * The constant-time gate's harness, shared by the programs in tests/ct: marking bytes secret
 * (undefined for valgrind memcheck, so any branch or memory index on them is an error) or
 * public again, counting checks, and reproducible test data. Define CT_NAME (the program's
 * name, a string) before including it. Test-only code, never part of the library.
 */
#ifndef FC_CT_H
#define FC_CT_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <valgrind/memcheck.h>

#define SECRET(p, n) ((void)VALGRIND_MAKE_MEM_UNDEFINED((p), (n)))
#define PUBLIC(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))

static int ct_failures;
static unsigned ct_checks;

/* Count one check; when ok is 0, say what failed (a printf format) on stderr. */
static inline void ct_expect(int ok, const char *fmt, ...)
{
    va_list ap;

    ct_checks++;
    if (ok)
        return;
    ct_failures++;
    fprintf(stderr, "%s: ", CT_NAME);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}
#define CT_EXPECT(cond, ...) ct_expect((cond) != 0, __VA_ARGS__)

/* Test-only xorshift64 with a fixed seed: the same "secrets" on every run. */
static uint64_t ct_rng = 0x243f6a8885a308d3u;

static inline void ct_random(uint8_t *p, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        ct_rng ^= ct_rng << 13;
        ct_rng ^= ct_rng >> 7;
        ct_rng ^= ct_rng << 17;
        p[i] = (uint8_t)(ct_rng >> 56);
    }
}

/* A simple non-constant pattern, different for each seed. */
static inline void ct_fill(uint8_t *p, size_t len, uint8_t seed)
{
    size_t i;

    for (i = 0; i < len; i++)
        p[i] = (uint8_t)(seed + i * 29u + (i >> 3));
}

/* Print the summary line; the program's exit status (0: every check passed). */
static inline int ct_done(void)
{
    printf("%s: %u checks, %d failed\n", CT_NAME, ct_checks, ct_failures);
    return ct_failures != 0;
}

#endif /* FC_CT_H */
