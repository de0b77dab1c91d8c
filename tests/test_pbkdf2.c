/*
 * Tests for pbkdf2/: RFC 7914 section 11 and the RFC 6070-style extra set (the 2^24-iteration
 * record only with FC_SLOW=1, `make check-slow`; otherwise it is reported as skipped);
 * properties: agreement with RFC 8018 5.2 composed from fc_hmac_sha256, output lengths across
 * block boundaries are prefixes of a longer derivation, out may overlap pw and salt, and
 * every error returns FC_ERR_ARG with nothing written.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fc_hmac.h"
#include "fc_pbkdf2.h"
#include "fc_test.h"

#define MAX_RECS 64

typedef struct {
    const fct_json *root;
    const fct_json *tests;
    size_t idx[MAX_RECS]; /* records that run */
    size_t n;
    size_t skipped;
} pbkdf2_file;

static pbkdf2_file g_rfc7914, g_extra;

static void load_file(pbkdf2_file *f, const char *relpath, int slow_ok)
{
    size_t i;

    f->root = fct_json_load(relpath);
    f->tests = fct_json_get(f->root, "tests");
    for (i = 0; i < f->tests->len && i < MAX_RECS; i++) {
        const fct_json *slow = fct_json_get(&f->tests->items[i], "slow");
        if (slow && slow->type == FCT_JBOOL && slow->boolean && !slow_ok)
            f->skipped++;
        else
            f->idx[f->n++] = i;
    }
    fct_count(relpath, f->n);
    if (f->skipped)
        printf("%s: %zu skipped (slow; run `make check-slow` or set FC_SLOW=1)\n", relpath, f->skipped);
}

/* One record: password, salt (hex), iterations, dkLen, dk. */
static void check_record(const fct_json *t)
{
    size_t pw_len, salt_len, dk_len;
    uint8_t *pw = fct_unhex(fct_json_str(t, "password"), &pw_len);
    uint8_t *salt = fct_unhex(fct_json_str(t, "salt"), &salt_len);
    uint8_t *dk = fct_unhex(fct_json_str(t, "dk"), &dk_len);
    uint64_t iter = fct_json_u64(t, "iterations");
    uint8_t *out;

    ck_assert_uint_eq(fct_json_u64(t, "dkLen"), dk_len);
    ck_assert_uint_le(iter, UINT32_MAX);
    out = malloc(dk_len);
    ck_assert_ptr_nonnull(out);
    ck_assert_int_eq(fc_pbkdf2_hmac_sha256(out, dk_len, pw, pw_len, salt, salt_len, (uint32_t)iter), FC_OK);
    ck_assert_msg(memcmp(out, dk, dk_len) == 0, "iterations %llu, dkLen %zu", (unsigned long long)iter, dk_len);
    ck_assert_mem_eq(out, dk, dk_len);
    free(out);
    free(pw);
    free(salt);
    free(dk);
}

START_TEST(test_rfc7914)
{
    check_record(&g_rfc7914.tests->items[g_rfc7914.idx[_i]]);
}
END_TEST

START_TEST(test_extra)
{
    check_record(&g_extra.tests->items[g_extra.idx[_i]]);
}
END_TEST

/* RFC 8018 5.2 composed from the one-shot HMAC, with no shared code path with the library's
 * precomputed-block loop. */
static void pbkdf2_reference(uint8_t *out, size_t out_len, const uint8_t *pw, size_t pw_len,
                             const uint8_t *salt, size_t salt_len, uint32_t c)
{
    uint8_t *s = malloc(salt_len + 4), u[32], t[32];
    uint32_t i, j;
    size_t off = 0, k;

    ck_assert_ptr_nonnull(s);
    if (salt_len)
        memcpy(s, salt, salt_len);
    for (i = 1; off < out_len; i++) {
        size_t n = out_len - off < 32 ? out_len - off : 32;
        s[salt_len] = (uint8_t)(i >> 24);
        s[salt_len + 1] = (uint8_t)(i >> 16);
        s[salt_len + 2] = (uint8_t)(i >> 8);
        s[salt_len + 3] = (uint8_t)i;
        fc_hmac_sha256(u, pw, pw_len, s, salt_len + 4);
        memcpy(t, u, 32);
        for (j = 1; j < c; j++) {
            fc_hmac_sha256(u, pw, pw_len, u, 32);
            for (k = 0; k < 32; k++)
                t[k] ^= u[k];
        }
        memcpy(out + off, t, n);
        off += n;
    }
    free(s);
}

/* Random passwords (0..150 bytes, across the 64-byte key-hashing boundary), salts (0..100),
 * iteration counts 1..6 and output lengths 1..100. */
START_TEST(test_against_reference)
{
    int trial;

    for (trial = 0; trial < 150; trial++) {
        uint8_t pw[150], salt[100], ref[100], out[100];
        size_t pw_len = fct_rand_below(sizeof pw + 1), salt_len = fct_rand_below(sizeof salt + 1);
        size_t out_len = 1 + fct_rand_below(sizeof out);
        uint32_t c = (uint32_t)(1 + fct_rand_below(6));

        fct_rand_bytes(pw, pw_len);
        fct_rand_bytes(salt, salt_len);
        pbkdf2_reference(ref, out_len, pw, pw_len, salt, salt_len, c);
        ck_assert_int_eq(fc_pbkdf2_hmac_sha256(out, out_len, pw_len ? pw : NULL, pw_len,
                                               salt_len ? salt : NULL, salt_len, c), FC_OK);
        ck_assert_msg(memcmp(out, ref, out_len) == 0, "pw %zu salt %zu out %zu c %u", pw_len,
                      salt_len, out_len, (unsigned)c);
    }
}
END_TEST

/* Empty password and empty salt are valid inputs. */
START_TEST(test_empty_inputs)
{
    uint8_t ref[40], out[40];

    pbkdf2_reference(ref, sizeof ref, NULL, 0, NULL, 0, 3);
    ck_assert_int_eq(fc_pbkdf2_hmac_sha256(out, sizeof out, NULL, 0, NULL, 0, 3), FC_OK);
    ck_assert_mem_eq(out, ref, sizeof ref);
    ck_assert_int_eq(fc_pbkdf2_hmac_sha256(out, sizeof out, (const uint8_t *)"", 0,
                                           (const uint8_t *)"", 0, 3), FC_OK);
    ck_assert_mem_eq(out, ref, sizeof ref);
}
END_TEST

/* out_len across block boundaries equals the prefix of a longer derivation. */
START_TEST(test_prefixes)
{
    static const size_t lens[] = {1, 31, 32, 33, 64, 65, 100};
    const uint8_t pw[] = "correct horse", salt[] = "battery staple";
    uint8_t full[160], out[160];
    size_t i;

    ck_assert_int_eq(fc_pbkdf2_hmac_sha256(full, sizeof full, pw, sizeof pw - 1, salt, sizeof salt - 1, 50), FC_OK);
    for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        memset(out, 0xa5, sizeof out);
        ck_assert_int_eq(fc_pbkdf2_hmac_sha256(out, lens[i], pw, sizeof pw - 1, salt, sizeof salt - 1, 50), FC_OK);
        ck_assert_msg(memcmp(out, full, lens[i]) == 0, "out_len %zu", lens[i]);
        ck_assert_uint_eq(out[lens[i]], 0xa5); /* nothing past out_len */
    }
}
END_TEST

/* out may overlap pw and salt: both are read before the first output byte is written. */
START_TEST(test_overlap)
{
    uint8_t pw[20], salt[24], ref[80], buf[200];

    fct_rand_bytes(pw, sizeof pw);
    fct_rand_bytes(salt, sizeof salt);
    ck_assert_int_eq(fc_pbkdf2_hmac_sha256(ref, sizeof ref, pw, sizeof pw, salt, sizeof salt, 7), FC_OK);
    memcpy(buf, pw, sizeof pw);
    memcpy(buf + 40, salt, sizeof salt);
    ck_assert_int_eq(fc_pbkdf2_hmac_sha256(buf, sizeof ref, buf, sizeof pw, buf + 40, sizeof salt, 7), FC_OK);
    ck_assert_mem_eq(buf, ref, sizeof ref);
}
END_TEST

/* Every error is FC_ERR_ARG and leaves out untouched. */
START_TEST(test_errors)
{
    uint8_t out[64], sentinel[64];
    const uint8_t pw[] = "pw", salt[] = "salt";

    memset(sentinel, 0x5a, sizeof sentinel);
    memcpy(out, sentinel, sizeof out);
    ck_assert_int_eq(fc_pbkdf2_hmac_sha256(out, 32, pw, 2, salt, 4, 0), FC_ERR_ARG);
    ck_assert_int_eq(fc_pbkdf2_hmac_sha256(out, 0, pw, 2, salt, 4, 1), FC_ERR_ARG);
    ck_assert_int_eq(fc_pbkdf2_hmac_sha256(NULL, 32, pw, 2, salt, 4, 1), FC_ERR_ARG);
    ck_assert_int_eq(fc_pbkdf2_hmac_sha256(NULL, 0, pw, 2, salt, 4, 1), FC_ERR_ARG);
    ck_assert_int_eq(fc_pbkdf2_hmac_sha256(out, 32, NULL, 2, salt, 4, 1), FC_ERR_ARG);
    ck_assert_int_eq(fc_pbkdf2_hmac_sha256(out, 32, pw, 2, NULL, 4, 1), FC_ERR_ARG);
#if SIZE_MAX / 32 > 0xffffffffu
    /* One byte beyond the RFC 8018 limit (2^32 - 1) * 32: rejected before any work. */
    ck_assert_int_eq(fc_pbkdf2_hmac_sha256(out, (size_t)0xffffffffu * 32 + 1, pw, 2, salt, 4, 1),
                     FC_ERR_ARG);
#endif
    ck_assert_mem_eq(out, sentinel, sizeof out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pbkdf2");
    TCase *tv = tcase_create("vectors");
    TCase *tp = tcase_create("properties");
    const char *slow = getenv("FC_SLOW");
    int slow_ok = slow && strcmp(slow, "1") == 0;

    load_file(&g_rfc7914, "pbkdf2-sha256/rfc7914-section11-pbkdf2-hmac-sha256.json", slow_ok);
    load_file(&g_extra, "pbkdf2-sha256/pbkdf2-hmac-sha256-rfc6070-style.json", slow_ok);

    /* 2^24 iterations take seconds natively and far longer under valgrind. */
    tcase_set_timeout(tv, slow_ok ? 7200 : 600);
    tcase_add_loop_test(tv, test_rfc7914, 0, (int)g_rfc7914.n);
    tcase_add_loop_test(tv, test_extra, 0, (int)g_extra.n);
    suite_add_tcase(s, tv);

    tcase_set_timeout(tp, 600);
    tcase_add_test(tp, test_against_reference);
    tcase_add_test(tp, test_empty_inputs);
    tcase_add_test(tp, test_prefixes);
    tcase_add_test(tp, test_overlap);
    tcase_add_test(tp, test_errors);
    suite_add_tcase(s, tp);
    printf("SHA-256 backend run: %s\n", fc_sha256_backend_name());
    return fct_run(s);
}
