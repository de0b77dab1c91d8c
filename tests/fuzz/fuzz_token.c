/*
 * libFuzzer target: one-shot Fernet decrypt (fc_fernet_decrypt_at) under a fixed key.
 * Input: byte 0 picks the time rule (even: no TTL; odd: ttl = byte 0, now from bytes 1..4),
 * the rest is the token text. Checks: success re-encrypts, with the token's own timestamp
 * and IV, to exactly the input; any failure leaves the output zero and *out_len 0; errors
 * are only the documented ones.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t key[FC_FERNET_KEY_SIZE], iv[FC_FERNET_IV_SIZE];
    uint64_t now = 0, ttl = FC_FERNET_NO_TTL, ts = 0, ts2 = 0;
    size_t n, cap, out_len = 99, re_len = 0;
    char *token, *re;
    uint8_t *out;
    fc_err e;

    if (size < 5)
        return 0;
    if (data[0] & 1u) {
        ttl = data[0];
        now = (uint64_t)data[1] << 24 | (uint64_t)data[2] << 16 | (uint64_t)data[3] << 8
              | data[4];
    }
    data += 5;
    size -= 5;
    fuzz_key(key, 0);
    token = fuzz_dup(data, size);
    n = size;
    cap = fc_fernet_plain_max(n);
    out = fuzz_alloc(cap);
    memset(out, 0xa5, cap ? cap : 1);
    e = fc_fernet_decrypt_at(out, cap, &out_len, key, token, n, now, ttl, &ts);
    if (e == FC_OK) {
        FUZZ_REQUIRE(out_len <= cap);
        fuzz_token_header(token, n, &ts2, iv);
        FUZZ_REQUIRE(ts == ts2);
        re = fuzz_alloc(fc_fernet_token_len(out_len));
        FUZZ_REQUIRE(fc_fernet_encrypt_at(re, fc_fernet_token_len(out_len), &re_len, key, ts,
                                          iv, out, out_len) == FC_OK);
        FUZZ_REQUIRE(re_len == n && memcmp(re, token, n) == 0);
        free(re);
    } else {
        FUZZ_REQUIRE(e == FC_ERR_AUTH || e == FC_ERR_EXPIRED || e == FC_ERR_FUTURE
                     || e == FC_ERR_MALFORMED);
        FUZZ_REQUIRE(out_len == 0 && fuzz_all_zero(out, cap));
    }
    free(out);
    free(token);
    return 0;
}
