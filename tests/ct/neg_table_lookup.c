/*
 * Negative control for the constant-time gate: test-only code that leaks a secret twice, by a
 * secret-indexed table lookup (the cache-timing leak of table S-boxes) and by a branch on a
 * secret bit. The gate (tests/ct/run.sh) requires valgrind to report it. Each leak must
 * raise valgrind's error count on its own; if one does not, the program aborts (a signal,
 * not valgrind's error exit code), so the gate fails instead of passing on the other leak.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <valgrind/memcheck.h>

static volatile uint8_t neg_sink;

/* A call cannot be turned into a conditional move: the branch stays a branch. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static void neg_taken(uint8_t v)
{
    neg_sink = (uint8_t)(neg_sink + v);
}

static void neg_require_caught(unsigned before, const char *what)
{
    unsigned after = VALGRIND_COUNT_ERRORS;

    if (after <= before) {
        fprintf(stderr, "neg_table_lookup: %s was NOT reported by valgrind\n", what);
        abort();
    }
    printf("neg_table_lookup: %s reported (%u valgrind errors so far)\n", what, after);
}

int main(void)
{
    static uint8_t table[256];
    uint8_t secret[2] = {0x3c, 0xa7};
    unsigned errors;
    int i;

    if (!RUNNING_ON_VALGRIND) {
        fprintf(stderr, "neg_table_lookup: run me under valgrind (tests/ct/run.sh)\n");
        return 1;
    }
    for (i = 0; i < 256; i++)
        table[i] = (uint8_t)(i * 7 + 1);
    VALGRIND_MAKE_MEM_UNDEFINED(secret, sizeof secret);

    /* Leak 1: the secret picks the address that is read. */
    errors = VALGRIND_COUNT_ERRORS;
    neg_sink = table[secret[0]];
    neg_require_caught(errors, "secret-indexed table lookup");

    /* Leak 2: the secret picks the path that runs. */
    errors = VALGRIND_COUNT_ERRORS;
    if (secret[1] & 1)
        neg_taken(secret[1]);
    neg_require_caught(errors, "secret-dependent branch");
    return 0;
}
