/*
 * libFuzzer target: several keys (fc_fernet_multi_decrypt_at) and rotation
 * (fc_fernet_multi_rotate) over three fixed keys; the input is the token text.
 * Checks: the multi-key verdict and bytes equal the one-key call under the key it names;
 * keys that come after it are never needed; a rotated token has the same length, opens
 * under keys[0] to the same message and timestamp; failures leave outputs zero.
 */
#include "fuzz.h"

#define NKEYS 3

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t keys[NKEYS][FC_FERNET_KEY_SIZE], iv[FC_FERNET_IV_SIZE];
    uint64_t ts = 0, ts1 = 0, ts2 = 0;
    size_t cap = fc_fernet_plain_max(size), len = 0, len1 = 0, len2 = 0, rlen = 7, used = 99;
    uint8_t *out = NULL, *out1, *out2;
    char *token = fuzz_dup(data, size), *rot = fuzz_alloc(size);
    unsigned k;
    fc_err e, e1, er;

    for (k = 0; k < NKEYS; k++)
        fuzz_key(keys[k], k);
    memset(iv, 0x3c, sizeof iv);
    out = fuzz_alloc(cap);
    out1 = fuzz_alloc(cap);
    out2 = fuzz_alloc(cap);
    e = fc_fernet_multi_decrypt_at(out, cap, &len, (const uint8_t(*)[FC_FERNET_KEY_SIZE])keys,
                                   NKEYS, token, size, 0, FC_FERNET_NO_TTL, &ts, &used);
    if (e == FC_OK) {
        FUZZ_REQUIRE(used < NKEYS);
        e1 = fc_fernet_decrypt_at(out1, cap, &len1, keys[used], token, size, 0,
                                  FC_FERNET_NO_TTL, &ts1);
        FUZZ_REQUIRE(e1 == FC_OK && len1 == len && ts1 == ts);
        FUZZ_REQUIRE(len == 0 || memcmp(out1, out, len) == 0);
        /* A shorter key list that still holds keys[used] gives the same answer. */
        e1 = fc_fernet_multi_decrypt_at(out1, cap, &len1,
                                        (const uint8_t(*)[FC_FERNET_KEY_SIZE])keys, used + 1,
                                        token, size, 0, FC_FERNET_NO_TTL, NULL, NULL);
        FUZZ_REQUIRE(e1 == FC_OK && len1 == len);
    } else {
        FUZZ_REQUIRE(e == FC_ERR_AUTH || e == FC_ERR_MALFORMED);
        FUZZ_REQUIRE(len == 0 && fuzz_all_zero(out, cap));
    }
    er = fc_fernet_multi_rotate(rot, size, &rlen, (const uint8_t(*)[FC_FERNET_KEY_SIZE])keys,
                                NKEYS, token, size, iv);
    FUZZ_REQUIRE((er == FC_OK) == (e == FC_OK));
    if (er == FC_OK) {
        FUZZ_REQUIRE(rlen == size);
        e1 = fc_fernet_decrypt_at(out2, cap, &len2, keys[0], rot, rlen, 0, FC_FERNET_NO_TTL,
                                  &ts2);
        FUZZ_REQUIRE(e1 == FC_OK && len2 == len && ts2 == ts);
        FUZZ_REQUIRE(len == 0 || memcmp(out2, out, len) == 0);
    } else {
        FUZZ_REQUIRE(fuzz_all_zero((const uint8_t *)rot, size));
    }
    free(out);
    free(out1);
    free(out2);
    free(rot);
    free(token);
    return 0;
}
