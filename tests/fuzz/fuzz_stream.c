/*
 * libFuzzer target: the two-pass streaming decryptor (fc_fernet_verify_* then
 * fc_fernet_dec_*) against the one-shot fc_fernet_decrypt_at, under the fixed key of
 * fuzz.h. Input: byte 0 seeds the chunk sizes of both passes, the rest is the token text.
 * Checks: the same verdict (pass 1's, or pass 2's MALFORMED for bad padding) and, on
 * success, the same plaintext bytes; every streaming error leaves the output wiped.
 */
#include "fuzz.h"

/* Next chunk length from a small linear congruential state: 1..64, or the rest. */
static size_t fuzz_chunk(uint32_t *s, size_t left)
{
    size_t n;

    *s = *s * 1103515245u + 12345u;
    n = (*s >> 16) % 65u;
    return n == 0 || n > left ? left : n;
}

/* Pass 2 over text in chunks into out (cap bytes); FC_OK and *len, or the first error. */
static fc_err fuzz_pass2(fc_fernet_dec_ctx *dec, uint8_t *out, size_t cap, size_t *len,
                         const char *text, size_t n, uint32_t seed)
{
    size_t pos = 0, w = 0, got = 0, k;
    fc_err e;

    while (pos < n) {
        k = fuzz_chunk(&seed, n - pos);
        FUZZ_REQUIRE(w + fc_fernet_dec_update_max(k) <= cap);
        e = fc_fernet_dec_update(dec, out + w, cap - w, &got, text + pos, k);
        if (e != FC_OK) {
            FUZZ_REQUIRE(got == 0 && fuzz_all_zero(out + w, cap - w));
            return e;
        }
        w += got;
        pos += k;
    }
    FUZZ_REQUIRE(cap - w >= FC_FERNET_DEC_FINAL_MAX);
    e = fc_fernet_dec_final(dec, out + w, cap - w, &got);
    if (e != FC_OK) {
        FUZZ_REQUIRE(got == 0 && fuzz_all_zero(out + w, cap - w));
        return e;
    }
    *len = w + got;
    return FC_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t key[FC_FERNET_KEY_SIZE], *one, *two;
    fc_fernet_verify_ctx v;
    fc_fernet_dec_ctx dec;
    uint32_t seed;
    size_t n, cap, len1 = 0, len2 = 0, pos = 0, k;
    char *token;
    fc_err e1, e2 = FC_OK;

    if (size < 1)
        return 0;
    seed = data[0];
    token = fuzz_dup(data + 1, size - 1);
    n = size - 1;
    fuzz_key(key, 0);
    cap = fc_fernet_plain_max(n) + n + FC_FERNET_DEC_FINAL_MAX + 64;
    one = fuzz_alloc(cap);
    two = fuzz_alloc(cap);
    e1 = fc_fernet_decrypt_at(one, cap, &len1, key, token, n, 0, FC_FERNET_NO_TTL, NULL);

    fc_fernet_verify_init(&v, key);
    while (pos < n && e2 == FC_OK) {
        k = fuzz_chunk(&seed, n - pos);
        e2 = fc_fernet_verify_update(&v, token + pos, k);
        pos += k;
    }
    if (e2 == FC_OK)
        e2 = fc_fernet_verify_final(&v, 0, FC_FERNET_NO_TTL, NULL);
    else
        fc_fernet_verify_wipe(&v);
    if (e2 == FC_OK) {
        FUZZ_REQUIRE(fc_fernet_dec_init(&dec, &v) == FC_OK);
        e2 = fuzz_pass2(&dec, two, cap, &len2, token, n, seed ^ 0x9e3779b9u);
        FUZZ_REQUIRE(e2 == FC_OK || e2 == FC_ERR_MALFORMED);
    }
    FUZZ_REQUIRE(e1 == e2);
    if (e1 == FC_OK)
        FUZZ_REQUIRE(len1 == len2 && (len1 == 0 || memcmp(one, two, len1) == 0));
    free(one);
    free(two);
    free(token);
    return 0;
}
