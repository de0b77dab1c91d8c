/*
 * Negative control: the strict fc_base64_decode (which reports error positions) branches on
 * the characters, so it is not for secrets. Run on a key marked undefined, the gate must
 * catch it: this proves the gate sees leaks inside the library, not only in test code. The
 * program aborts (a signal, not valgrind's error exit code) unless the errors come from the
 * decode call itself.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <valgrind/memcheck.h>

#include "fc_base64.h"

int main(void)
{
    /* A Fernet-style key: 32 bytes as 44 padded base64url characters. */
    char key[] = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
    const size_t n = sizeof key - 1;
    uint8_t out[32];
    size_t len = 0, pos = 0;
    unsigned before, after;
    fc_err err;

    if (!RUNNING_ON_VALGRIND) {
        fprintf(stderr, "neg_base64_vartime: run me under valgrind (tests/ct/run.sh)\n");
        return 1;
    }
    VALGRIND_MAKE_MEM_UNDEFINED(key, n);
    before = VALGRIND_COUNT_ERRORS;
    err = fc_base64_decode(out, sizeof out, &len, key, n, FC_BASE64_URL, &pos);
    after = VALGRIND_COUNT_ERRORS;
    VALGRIND_MAKE_MEM_DEFINED(&err, sizeof err);
    VALGRIND_MAKE_MEM_DEFINED(&len, sizeof len);
    if (before != 0 || after == before) {
        fprintf(stderr, "neg_base64_vartime: decode not reported (errors %u -> %u)\n", before, after);
        abort();
    }
    printf("neg_base64_vartime: fc_base64_decode reported (%u valgrind errors), returned %d, "
           "%zu bytes\n", after, (int)err, len);
    return err == FC_OK && len == 32 ? 0 : 1;
}
