/*
 * libFuzzer target for base64/ (built by tools/fuzz.mk: make fuzz-build, make fuzz-ci).
 * The first input byte picks the flags, the rest is the text. Checks: both decoders agree
 * on the result, the length and the bytes, in place too; an accepted text re-encodes to
 * exactly itself (a strict decoder accepts only canonical text); a rejected one reports a
 * position inside it; and the raw input bytes round-trip through encode and both decoders.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fc_base64.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_REQUIRE(cond)                                                                   \
    do {                                                                                     \
        if (!(cond))                                                                         \
            abort();                                                                         \
    } while (0)

/* Exactly-sized heap copies, so ASan sees any read or write past the end. */
static void *fuzz_dup(const void *p, size_t n)
{
    void *q = malloc(n ? n : 1);

    FUZZ_REQUIRE(q != NULL);
    if (n)
        memcpy(q, p, n);
    return q;
}

static void fuzz_decode(const char *text, size_t n, unsigned flags)
{
    size_t cap = fc_base64_decoded_max(n), len1 = 7, len2 = 7, pos = SIZE_MAX, elen, ilen;
    uint8_t *out1 = malloc(cap ? cap : 1), *out2 = malloc(cap ? cap : 1);
    char *enc, *inplace;
    fc_err e1, e2, ei;

    FUZZ_REQUIRE(out1 != NULL && out2 != NULL);
    e1 = fc_base64_decode(out1, cap, &len1, text, n, flags, &pos);
    e2 = fc_base64_decode_ct(out2, cap, &len2, text, n, flags);
    FUZZ_REQUIRE(e1 == e2 && len1 == len2);
    FUZZ_REQUIRE(e1 == FC_OK || e1 == FC_ERR_ENCODING); /* cap is always enough */
    if (e1 == FC_OK) {
        FUZZ_REQUIRE(len1 <= cap && memcmp(out1, out2, len1) == 0);
        elen = fc_base64_encoded_len(len1, flags);
        FUZZ_REQUIRE(elen == n);
        enc = malloc(elen ? elen : 1);
        FUZZ_REQUIRE(enc != NULL);
        FUZZ_REQUIRE(fc_base64_encode(enc, elen, &elen, out1, len1, flags) == FC_OK);
        FUZZ_REQUIRE(elen == n && memcmp(enc, text, n) == 0);
        free(enc);
    } else {
        FUZZ_REQUIRE(len1 == 0 && pos <= n);
    }
    /* In place, both decoders, same verdict and bytes. */
    inplace = fuzz_dup(text, n);
    ei = fc_base64_decode((uint8_t *)inplace, n, &ilen, inplace, n, flags, NULL);
    FUZZ_REQUIRE(ei == e1 && (ei != FC_OK || (ilen == len1 && memcmp(inplace, out1, ilen) == 0)));
    memcpy(inplace, text, n);
    ei = fc_base64_decode_ct((uint8_t *)inplace, n, &ilen, inplace, n, flags);
    FUZZ_REQUIRE(ei == e1 && (ei != FC_OK || (ilen == len1 && memcmp(inplace, out1, ilen) == 0)));
    free(inplace);
    free(out1);
    free(out2);
}

static void fuzz_encode(const uint8_t *bin, size_t n, unsigned flags)
{
    size_t elen = fc_base64_encoded_len(n, flags), tlen, len1, len2;
    char *text = malloc(elen ? elen : 1);
    uint8_t *back1 = malloc(n ? n : 1), *back2 = malloc(n ? n : 1);

    FUZZ_REQUIRE(text != NULL && back1 != NULL && back2 != NULL);
    FUZZ_REQUIRE(fc_base64_encode(text, elen, &tlen, bin, n, flags) == FC_OK && tlen == elen);
    FUZZ_REQUIRE(fc_base64_decode(back1, n, &len1, text, tlen, flags, NULL) == FC_OK);
    FUZZ_REQUIRE(fc_base64_decode_ct(back2, n, &len2, text, tlen, flags) == FC_OK);
    FUZZ_REQUIRE(len1 == n && len2 == n && memcmp(back1, bin, n) == 0 &&
                 memcmp(back2, bin, n) == 0);
    free(text);
    free(back1);
    free(back2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned flags;
    char *text;

    if (size == 0)
        return 0;
    flags = data[0] & (FC_BASE64_URL | FC_BASE64_NOPAD);
    text = fuzz_dup(data + 1, size - 1);
    fuzz_decode(text, size - 1, flags);
    fuzz_encode(data + 1, size - 1, flags);
    free(text);
    return 0;
}
