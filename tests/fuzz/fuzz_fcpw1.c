/*
 * libFuzzer target: fcpw1 open (fc_fcpw1_decrypt) with the password "fuzz" and an iteration
 * ceiling of 3, so key derivation stays cheap. Checks: only documented errors; a header asking
 * for more than the ceiling is FC_ERR_LIMIT; success re-encrypts, with the text's own
 * iterations, salt, timestamp and IV, to exactly the input; failure leaves the output zero.
 */
#include "fuzz.h"

#define FUZZ_PW "fuzz"
#define FUZZ_MAX_ITER 3u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t head[20], iv[FC_FERNET_IV_SIZE], *out;
    size_t cap = fc_fcpw1_plain_max(size), len = 77, hlen = 0, rlen = 0;
    char *text = fuzz_dup(data, size), *re;
    uint32_t iter;
    uint64_t ts = 0;
    fc_err e;

    out = fuzz_alloc(cap);
    memset(out, 0xa5, cap ? cap : 1);
    e = fc_fcpw1_decrypt(out, cap, &len, (const uint8_t *)FUZZ_PW, 4, FUZZ_MAX_ITER, text,
                         size);
    if (e == FC_OK) {
        FUZZ_REQUIRE(size > FC_FCPW1_HEADER_LEN && len <= cap);
        FUZZ_REQUIRE(fc_base64_decode(head, sizeof head, &hlen, text + 6, 27,
                                      FC_BASE64_URL | FC_BASE64_NOPAD, NULL) == FC_OK);
        FUZZ_REQUIRE(hlen == 20);
        iter = (uint32_t)head[0] << 24 | (uint32_t)head[1] << 16 | (uint32_t)head[2] << 8
               | head[3];
        FUZZ_REQUIRE(iter >= 1 && iter <= FUZZ_MAX_ITER);
        fuzz_token_header(text + FC_FCPW1_HEADER_LEN, size - FC_FCPW1_HEADER_LEN, &ts, iv);
        re = fuzz_alloc(size);
        FUZZ_REQUIRE(fc_fcpw1_encrypt_at(re, size, &rlen, (const uint8_t *)FUZZ_PW, 4,
                                         head + 4, iter, ts, iv, out, len) == FC_OK);
        FUZZ_REQUIRE(rlen == size && memcmp(re, text, size) == 0);
        free(re);
    } else {
        FUZZ_REQUIRE(e == FC_ERR_ENCODING || e == FC_ERR_LIMIT || e == FC_ERR_AUTH);
        FUZZ_REQUIRE(len == 0 && fuzz_all_zero(out, cap));
    }
    free(out);
    free(text);
    return 0;
}
