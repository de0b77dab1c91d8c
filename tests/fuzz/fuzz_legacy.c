/*
 * libFuzzer target: legacy CFB decrypt (fc_legacy_cfb_decrypt; unauthenticated) with the
 * password "fuzz" and 1 iteration. Checks: the only error for text is FC_ERR_ENCODING, with
 * nothing written; an accepted text re-encrypts, with its own salt and IV, to exactly itself.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t cap = fc_legacy_cfb_plain_max(size), len = 55, rlen = 0, dlen = 0;
    uint8_t *out = fuzz_alloc(cap), *raw;
    char *text = fuzz_dup(data, size), *re;
    fc_err e;

    memset(out, 0, cap ? cap : 1);
    e = fc_legacy_cfb_decrypt(out, cap, &len, (const uint8_t *)"fuzz", 4, 1, text, size);
    if (e == FC_OK) {
        FUZZ_REQUIRE(len <= cap);
        raw = fuzz_alloc(fc_base64_decoded_max(size));
        FUZZ_REQUIRE(fc_base64_decode(raw, fc_base64_decoded_max(size), &dlen, text, size, 0,
                                      NULL) == FC_OK);
        FUZZ_REQUIRE(dlen == len + 32);
        re = fuzz_alloc(size);
        FUZZ_REQUIRE(fc_legacy_cfb_encrypt(re, size, &rlen, (const uint8_t *)"fuzz", 4, raw,
                                           raw + 16, 1, out, len) == FC_OK);
        FUZZ_REQUIRE(rlen == size && memcmp(re, text, size) == 0);
        free(re);
        free(raw);
    } else {
        FUZZ_REQUIRE(e == FC_ERR_ENCODING);
        FUZZ_REQUIRE(fuzz_all_zero(out, cap));
    }
    free(out);
    free(text);
    return 0;
}
