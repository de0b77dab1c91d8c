/*
 * Tests for the password schemes (fernet/fc_password.h): the published PBKDF2-HMAC-SHA256
 * vectors through the Fernet-key call, and properties of legacy CFB and fcpw1 (round trips,
 * composition from the primitives, tampering, limits, malformed headers, size helpers).
 * Interop with Python's cryptography lives in test_interop.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fc_aes.h"
#include "fc_base64.h"
#include "fc_fernet.h"
#include "fc_password.h"
#include "fc_pbkdf2.h"
#include "fc_test.h"

#define MIB (1024u * 1024u)

static int all_byte(const void *p, int v, size_t n)
{
    const uint8_t *b = (const uint8_t *)p;
    size_t i;
    for (i = 0; i < n; i++)
        if (b[i] != (uint8_t)v)
            return 0;
    return 1;
}

/* Forked tests all start from the parent's PRNG state: step it so loop iterations differ. */
static void rand_skip(int n)
{
    while (n-- > 0)
        (void)fct_rand64();
}

/* ---- 1. password -> Fernet key: published PBKDF2 vectors ---- */

static const char *const pbkdf2_files[] = {
    "pbkdf2-sha256/rfc7914-section11-pbkdf2-hmac-sha256.json",
    "pbkdf2-sha256/pbkdf2-hmac-sha256-rfc6070-style.json",
};
static const fct_json *volatile pbkdf2_roots[2]; /* keeps the trees reachable for valgrind */
static const fct_json *pbkdf2_recs[16];
static size_t pbkdf2_n;

static int pbkdf2_is_slow(const fct_json *r)
{
    const fct_json *slow = fct_json_get(r, "slow");
    const char *env = getenv("FC_SLOW");
    return slow && slow->type == FCT_JBOOL && slow->boolean && !(env && *env == '1');
}

static void load_pbkdf2(void)
{
    size_t f, i;
    for (f = 0; f < sizeof pbkdf2_files / sizeof pbkdf2_files[0]; f++) {
        const fct_json *tests;
        pbkdf2_roots[f] = fct_json_load(pbkdf2_files[f]);
        tests = fct_json_get(pbkdf2_roots[f], "tests");
        if (tests == NULL || tests->type != FCT_JARR) {
            fprintf(stderr, "%s: no \"tests\" array\n", pbkdf2_files[f]);
            exit(EXIT_FAILURE);
        }
        for (i = 0; i < tests->len && pbkdf2_n < 16; i++)
            pbkdf2_recs[pbkdf2_n++] = &tests->items[i];
    }
}

/* PBKDF2 output is a prefix-stable stream (RFC 8018 5.2 step 3: T_1 || T_2 || ...), so the
 * first min(32, dkLen) bytes of every published derivation are the Fernet key's. */
START_TEST(test_fernet_key_vectors)
{
    const fct_json *r = pbkdf2_recs[_i];
    uint8_t key[FC_FERNET_KEY_SIZE];
    uint8_t direct[FC_FERNET_KEY_SIZE];
    size_t pw_len, salt_len, dk_len, cmp;
    uint8_t *pw, *salt, *dk;
    uint64_t iter = fct_json_u64(r, "iterations");

    if (pbkdf2_is_slow(r))
        return; /* 2^24 iterations: make check-slow */
    pw = fct_unhex(fct_json_str(r, "password"), &pw_len);
    salt = fct_unhex(fct_json_str(r, "salt"), &salt_len);
    dk = fct_unhex(fct_json_str(r, "dk"), &dk_len);
    ck_assert_uint_eq(dk_len, fct_json_u64(r, "dkLen"));
    ck_assert_uint_le(iter, UINT32_MAX);
    ck_assert_int_eq(fc_fernet_key_derive(key, pw, pw_len, salt, salt_len, (uint32_t)iter), FC_OK);
    cmp = dk_len < sizeof key ? dk_len : sizeof key;
    ck_assert_mem_eq(key, dk, cmp);
    ck_assert_int_eq(fc_pbkdf2_hmac_sha256(direct, sizeof direct, pw, pw_len, salt, salt_len,
                                           (uint32_t)iter), FC_OK);
    ck_assert_mem_eq(key, direct, sizeof key);
    free(pw);
    free(salt);
    free(dk);
}
END_TEST

START_TEST(test_fernet_key_args)
{
    uint8_t key[FC_FERNET_KEY_SIZE], salt[16] = {1};
    char text[FC_FERNET_KEY_TEXT_LEN];
    char b64[FC_FERNET_KEY_TEXT_LEN + 1];
    size_t n = 0;

    ck_assert_int_eq(fc_fernet_key_derive(key, (const uint8_t *)"pw", 2, salt, 16, 0), FC_ERR_ARG);
    ck_assert_int_eq(fc_fernet_key_derive(key, NULL, 2, salt, 16, 1), FC_ERR_ARG);
    ck_assert_int_eq(fc_fernet_key_derive(key, (const uint8_t *)"pw", 2, NULL, 16, 1), FC_ERR_ARG);
    ck_assert_int_eq(fc_fernet_key_derive(NULL, (const uint8_t *)"pw", 2, salt, 16, 1), FC_ERR_ARG);
    /* Empty password and empty salt are allowed (NULL with length 0). */
    ck_assert_int_eq(fc_fernet_key_derive(key, NULL, 0, NULL, 0, 1), FC_OK);
    /* The key's text form is URL-safe base64 with padding, as urlsafe_b64encode. */
    ck_assert_int_eq(fc_fernet_key_derive(key, (const uint8_t *)"pw", 2, salt, 16, 3), FC_OK);
    fc_fernet_key_encode(text, key);
    ck_assert_int_eq(fc_base64_encode(b64, sizeof b64, &n, key, sizeof key, FC_BASE64_URL), FC_OK);
    ck_assert_uint_eq(n, FC_FERNET_KEY_TEXT_LEN);
    ck_assert_mem_eq(text, b64, FC_FERNET_KEY_TEXT_LEN);
}
END_TEST

/* ---- 2. legacy CFB ---- */

/* Streaming encrypt in pieces: cuts[] are the piece ends (ascending, last = len). The
 * result must equal the one-shot text; the one-shot itself is checked against the tutorial's
 * Python code in test_interop.c. */
static char *legacy_stream_enc(size_t *text_len, const uint8_t *pw, size_t pw_len,
                               const uint8_t salt[16], const uint8_t iv[16], uint32_t iter,
                               const uint8_t *msg, size_t len, const size_t *cuts, size_t ncuts)
{
    fc_legacy_cfb_enc_ctx ctx;
    size_t cap = fc_legacy_cfb_text_len(len) + FC_LEGACY_CFB_ENC_FINAL_MAX, pos = 0, from = 0, i, n;
    char *text = fct_xmalloc(cap + 64);

    ck_assert_int_eq(fc_legacy_cfb_enc_init(&ctx, pw, pw_len, salt, iv, iter), FC_OK);
    for (i = 0; i < ncuts; i++) {
        size_t piece = cuts[i] - from;
        ck_assert_uint_le(fc_legacy_cfb_enc_update_max(piece), cap + 64 - pos);
        ck_assert_int_eq(fc_legacy_cfb_enc_update(&ctx, text + pos, cap + 64 - pos, &n,
                                                  msg + from, piece), FC_OK);
        ck_assert_uint_le(n, fc_legacy_cfb_enc_update_max(piece));
        pos += n;
        from = cuts[i];
    }
    ck_assert_int_eq(fc_legacy_cfb_enc_final(&ctx, text + pos, FC_LEGACY_CFB_ENC_FINAL_MAX, &n),
                     FC_OK);
    ck_assert(fct_all_zero((const uint8_t *)&ctx, sizeof ctx)); /* final wipes */
    *text_len = pos + n;
    return text;
}

/* Streaming decrypt of text in pieces cut at cuts[] (character offsets after the 44-character
 * head, ascending, last = text_len). Returns the first error, or FC_OK with *m bytes. */
static fc_err legacy_stream_dec(uint8_t *out, size_t *m, const uint8_t *pw, size_t pw_len,
                                uint32_t iter, const char *text, size_t text_len,
                                const size_t *cuts, size_t ncuts)
{
    fc_legacy_cfb_dec_ctx ctx;
    size_t from = FC_LEGACY_CFB_HEAD_LEN, pos = 0, i, n, cap = text_len + 128;
    uint8_t *buf = fct_xmalloc(cap);
    fc_err e;

    *m = 0;
    if (text_len < FC_LEGACY_CFB_HEAD_LEN) {
        free(buf);
        return FC_ERR_ENCODING; /* the caller has no head to give */
    }
    e = fc_legacy_cfb_dec_init(&ctx, pw, pw_len, iter, text);
    for (i = 0; e == FC_OK && i < ncuts; i++) {
        size_t piece = cuts[i] - from;
        ck_assert_uint_le(pos + fc_legacy_cfb_dec_update_max(piece), cap);
        e = fc_legacy_cfb_dec_update(&ctx, buf + pos, fc_legacy_cfb_dec_update_max(piece), &n,
                                     text + from, piece);
        if (e != FC_OK) {
            ck_assert_uint_eq(n, 0);
            ck_assert(fct_all_zero((const uint8_t *)&ctx, sizeof ctx)); /* errors wipe */
            break;
        }
        ck_assert_uint_le(n, fc_legacy_cfb_dec_update_max(piece));
        pos += n;
        from = cuts[i];
    }
    if (e == FC_OK) {
        e = fc_legacy_cfb_dec_final(&ctx, buf + pos, FC_LEGACY_CFB_DEC_FINAL_MAX, &n);
        ck_assert(fct_all_zero((const uint8_t *)&ctx, sizeof ctx));
        if (e == FC_OK) {
            *m = pos + n;
            memcpy(out, buf, *m);
        }
    }
    free(buf);
    return e;
}

/* Random piece ends over [lo, hi]: 1 to 6 pieces, some empty. */
static size_t random_cuts(size_t *cuts, size_t lo, size_t hi)
{
    size_t n = 1 + fct_rand_below(6), i, j;
    for (i = 0; i + 1 < n; i++)
        cuts[i] = lo + fct_rand_below(hi - lo + 1);
    cuts[n - 1] = hi;
    for (i = 1; i < n; i++) /* insertion sort */
        for (j = i; j > 0 && cuts[j - 1] > cuts[j]; j--) {
            size_t t = cuts[j];
            cuts[j] = cuts[j - 1];
            cuts[j - 1] = t;
        }
    return n;
}

static void legacy_round_trip(size_t len)
{
    uint8_t pw[24], salt[16], iv[16];
    size_t pw_len = fct_rand_below(sizeof pw + 1), cap = fc_legacy_cfb_text_len(len);
    size_t n = 0, m = 0, ref_len = 0;
    uint32_t iter = (uint32_t)(1 + len % 3);
    size_t cuts[6], cuts_n;
    uint8_t *msg = fct_xmalloc(len), *back;
    char *text = fct_xmalloc(cap), *ref;

    fct_rand_bytes(pw, sizeof pw);
    fct_rand_bytes(salt, sizeof salt);
    fct_rand_bytes(iv, sizeof iv);
    fct_rand_bytes(msg, len);
    ck_assert_int_eq(fc_legacy_cfb_encrypt(text, cap, &n, pw, pw_len, salt, iv, iter, msg, len),
                     FC_OK);
    ck_assert_uint_eq(n, cap);
    cuts_n = random_cuts(cuts, 0, len);
    ref = legacy_stream_enc(&ref_len, pw, pw_len, salt, iv, iter, msg, len, cuts, cuts_n);
    ck_assert_uint_eq(ref_len, n);
    ck_assert_mem_eq(text, ref, n);

    ck_assert_uint_ge(fc_legacy_cfb_plain_max(n), len);
    ck_assert_uint_le(fc_legacy_cfb_plain_max(n), len + 2);
    back = fct_xmalloc(len);
    memset(back, 0xa5, len);
    ck_assert_int_eq(fc_legacy_cfb_decrypt(back, len, &m, pw, pw_len, iter, text, n), FC_OK);
    ck_assert_uint_eq(m, len);
    ck_assert_mem_eq(back, msg, len);
    memset(back, 0xa5, len);
    cuts_n = random_cuts(cuts, FC_LEGACY_CFB_HEAD_LEN, n);
    ck_assert_int_eq(legacy_stream_dec(back, &m, pw, pw_len, iter, text, n, cuts, cuts_n), FC_OK);
    ck_assert_uint_eq(m, len);
    ck_assert_mem_eq(back, msg, len);
    free(msg);
    free(back);
    free(text);
    free(ref);
}

START_TEST(test_legacy_round_trip)
{
    rand_skip(_i);
    legacy_round_trip((size_t)_i);
}
END_TEST

START_TEST(test_legacy_round_trip_1mib)
{
    legacy_round_trip(MIB);
    legacy_round_trip(MIB + 1);
    fct_count("legacy CFB round trips (0..300 bytes, 1 MiB, 1 MiB + 1)", 303);
}
END_TEST

START_TEST(test_legacy_default_iterations)
{
    /* The tutorial's own count, once, on a short message. */
    const uint8_t pw[] = "correct horse";
    uint8_t salt[16], iv[16], msg[40], back[40];
    char text[200];
    size_t n = 0, m = 0, ref_len = 0;
    char *ref;

    fct_rand_bytes(salt, 16);
    fct_rand_bytes(iv, 16);
    fct_rand_bytes(msg, sizeof msg);
    ck_assert_int_eq(fc_legacy_cfb_encrypt(text, sizeof text, &n, pw, sizeof pw - 1, salt, iv,
                                           FC_LEGACY_CFB_ITERATIONS, msg, sizeof msg), FC_OK);
    {
        size_t cut = sizeof msg;
        ref = legacy_stream_enc(&ref_len, pw, sizeof pw - 1, salt, iv, FC_LEGACY_CFB_ITERATIONS,
                                msg, sizeof msg, &cut, 1);
    }
    ck_assert_uint_eq(ref_len, n);
    ck_assert_mem_eq(text, ref, n);
    ck_assert_int_eq(fc_legacy_cfb_decrypt(back, sizeof back, &m, pw, sizeof pw - 1,
                                           FC_LEGACY_CFB_ITERATIONS, text, n), FC_OK);
    ck_assert_mem_eq(back, msg, sizeof msg);
    free(ref);
}
END_TEST

/* No authentication: a wrong password, or a changed ciphertext character, is FC_OK with
 * different bytes. This is the documented weakness, checked so it is never mistaken for
 * integrity. */
START_TEST(test_legacy_unauthenticated)
{
    uint8_t salt[16], iv[16], msg[64], back[64];
    char text[200];
    size_t n = 0, m = 0;
    int trial;

    for (trial = 0; trial < 20; trial++) {
        fct_rand_bytes(salt, 16);
        fct_rand_bytes(iv, 16);
        fct_rand_bytes(msg, sizeof msg);
        ck_assert_int_eq(fc_legacy_cfb_encrypt(text, sizeof text, &n, (const uint8_t *)"right", 5,
                                               salt, iv, 2, msg, sizeof msg), FC_OK);
        ck_assert_int_eq(fc_legacy_cfb_decrypt(back, sizeof back, &m, (const uint8_t *)"wrong", 5,
                                               2, text, n), FC_OK);
        ck_assert_uint_eq(m, sizeof msg);
        ck_assert(memcmp(back, msg, sizeof msg) != 0);
        /* Wrong iteration count: garbage too. */
        ck_assert_int_eq(fc_legacy_cfb_decrypt(back, sizeof back, &m, (const uint8_t *)"right", 5,
                                               3, text, n), FC_OK);
        ck_assert(memcmp(back, msg, sizeof msg) != 0);
        /* Flip a character inside the ciphertext part (after the 44th). */
        text[60] = text[60] == 'A' ? 'B' : 'A';
        ck_assert_int_eq(fc_legacy_cfb_decrypt(back, sizeof back, &m, (const uint8_t *)"right", 5,
                                               2, text, n), FC_OK);
        ck_assert(memcmp(back, msg, sizeof msg) != 0);
    }
}
END_TEST

START_TEST(test_legacy_malformed)
{
    uint8_t salt[16] = {0}, iv[16] = {0}, msg[100], back[100];
    char text[300], bad[300];
    size_t n = 0, m = 0, i;
    static const char *const shorts[] = {
        "", "AAAA", "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQQ==", /* 31 bytes */
        "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUF", /* 43 characters */
    };

    memset(msg, 7, sizeof msg);
    ck_assert_int_eq(fc_legacy_cfb_encrypt(text, sizeof text, &n, (const uint8_t *)"p", 1, salt,
                                           iv, 1, msg, sizeof msg), FC_OK);
    for (i = 0; i < sizeof shorts / sizeof shorts[0]; i++) {
        memset(back, 0xa5, sizeof back);
        ck_assert_int_eq(fc_legacy_cfb_decrypt(back, sizeof back, &m, (const uint8_t *)"p", 1, 1,
                                               shorts[i], strlen(shorts[i])), FC_ERR_ENCODING);
        ck_assert_uint_eq(m, 0);
        ck_assert(fct_all_zero(back, sizeof back)); /* wiped on every error */
    }
    /* Every position: a foreign character, '=' in the middle, the URL-safe alphabet, a
     * dropped character. Each leaves out wiped. */
    for (i = 0; i < n; i++) {
        static const char subst[] = {'*', '-', '_', ' ', '\n'};
        size_t k;
        for (k = 0; k < sizeof subst + 1; k++) {
            memcpy(bad, text, n);
            if (k < sizeof subst)
                bad[i] = subst[k];
            else if (i + 2 < n)
                bad[i] = '=';
            else
                continue;
            memset(back, 0xa5, sizeof back);
            ck_assert_int_eq(fc_legacy_cfb_decrypt(back, sizeof back, &m, (const uint8_t *)"p", 1,
                                                   1, bad, n), FC_ERR_ENCODING);
            ck_assert(fct_all_zero(back, sizeof back)); /* wiped on every error */
            /* The streaming decryptor refuses it too, at init, update or final. */
            {
                size_t cuts[6], nc = random_cuts(cuts, FC_LEGACY_CFB_HEAD_LEN, n);
                ck_assert_int_eq(legacy_stream_dec(back, &m, (const uint8_t *)"p", 1, 1, bad, n,
                                                   cuts, nc), FC_ERR_ENCODING);
            }
        }
        memcpy(bad, text, i);
        memcpy(bad + i, text + i + 1, n - i - 1);
        ck_assert_int_eq(fc_legacy_cfb_decrypt(back, sizeof back, &m, (const uint8_t *)"p", 1, 1,
                                               bad, n - 1), FC_ERR_ENCODING);
    }
    /* Non-canonical last character: 100 + 32 = 132 bytes, no padding, so use a length with
     * padding: 33 + 32 = 65 bytes -> "...x=" whose x carries 2 unused bits. */
    ck_assert_int_eq(fc_legacy_cfb_encrypt(text, sizeof text, &n, (const uint8_t *)"p", 1, salt,
                                           iv, 1, msg, 33), FC_OK);
    ck_assert_int_eq(text[n - 1], '=');
    {
        static const char std[] =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        const char *at = strchr(std, text[n - 2]);
        ck_assert_ptr_nonnull(at);
        ck_assert_uint_eq((size_t)(at - std) & 3u, 0);
        memcpy(bad, text, n);
        bad[n - 2] = at[1 + fct_rand_below(3)];
    }
    ck_assert_int_eq(fc_legacy_cfb_decrypt(back, sizeof back, &m, (const uint8_t *)"p", 1, 1, bad,
                                           n), FC_ERR_ENCODING);
}
END_TEST

START_TEST(test_legacy_buffers_and_args)
{
    uint8_t salt[16] = {0}, iv[16] = {0}, msg[50], back[50];
    char text[200];
    size_t need = fc_legacy_cfb_text_len(sizeof msg), n = 0, m = 0;
    const uint8_t *pw = (const uint8_t *)"pw";

    memset(msg, 1, sizeof msg);
    memset(text, 'z', sizeof text);
    ck_assert_int_eq(fc_legacy_cfb_encrypt(text, need - 1, &n, pw, 2, salt, iv, 1, msg, sizeof msg),
                     FC_ERR_BUFFER);
    ck_assert(all_byte(text, 'z', sizeof text));
    ck_assert_int_eq(fc_legacy_cfb_encrypt(text, need, &n, pw, 2, salt, iv, 0, msg, sizeof msg),
                     FC_ERR_ARG);
    ck_assert_int_eq(fc_legacy_cfb_encrypt(text, need, &n, pw, 2, salt, iv, 1, NULL, 1), FC_ERR_ARG);
    ck_assert_int_eq(fc_legacy_cfb_encrypt(text, need, &n, NULL, 2, salt, iv, 1, msg, 1), FC_ERR_ARG);
    ck_assert_int_eq(fc_legacy_cfb_encrypt(text, need, &n, pw, 2, NULL, iv, 1, msg, 1), FC_ERR_ARG);
    ck_assert_int_eq(fc_legacy_cfb_encrypt(text, need, &n, pw, 2, salt, NULL, 1, msg, 1), FC_ERR_ARG);
    ck_assert_int_eq(fc_legacy_cfb_encrypt(text, need, NULL, pw, 2, salt, iv, 1, msg, 1), FC_ERR_ARG);
    ck_assert(all_byte(text, 'z', sizeof text));
    ck_assert_int_eq(fc_legacy_cfb_encrypt(text, need, &n, pw, 2, salt, iv, 1, msg, sizeof msg),
                     FC_OK);
    ck_assert_uint_eq(n, need);
    ck_assert_int_eq(text[need], 'z');

    /* Every error: out wiped as far as out_cap (no further), *out_len 0. */
    memset(back, 0xa5, sizeof back);
    m = 7;
    ck_assert_int_eq(fc_legacy_cfb_decrypt(back, sizeof msg - 1, &m, pw, 2, 1, text, n),
                     FC_ERR_BUFFER);
    ck_assert(fct_all_zero(back, sizeof msg - 1));
    ck_assert_uint_eq(back[sizeof msg - 1], 0xa5);
    ck_assert_uint_eq(m, 0);
    memset(back, 0xa5, sizeof back);
    m = 7;
    ck_assert_int_eq(fc_legacy_cfb_decrypt(back, sizeof back, &m, pw, 2, 0, text, n), FC_ERR_ARG);
    ck_assert(fct_all_zero(back, sizeof back));
    ck_assert_uint_eq(m, 0);
    ck_assert_int_eq(fc_legacy_cfb_decrypt(back, sizeof back, &m, pw, 2, 1, NULL, n), FC_ERR_ARG);
    ck_assert_int_eq(fc_legacy_cfb_decrypt(NULL, sizeof back, &m, pw, 2, 1, text, n), FC_ERR_ARG);
    memset(back, 0xa5, sizeof back);
    ck_assert_int_eq(fc_legacy_cfb_decrypt(back, sizeof back, NULL, pw, 2, 1, text, n), FC_ERR_ARG);
    ck_assert(fct_all_zero(back, sizeof back));
    memset(back, 0xa5, sizeof back);
    m = 7;
    ck_assert_int_eq(fc_legacy_cfb_decrypt(back, sizeof back - 1, &m, pw, 2, 1, "!!!!", 4),
                     FC_ERR_ENCODING);
    ck_assert(fct_all_zero(back, sizeof back - 1));
    ck_assert_uint_eq(back[sizeof back - 1], 0xa5);
    ck_assert_uint_eq(m, 0);
    /* Exactly the message length is enough (out may be NULL for an empty message). */
    ck_assert_int_eq(fc_legacy_cfb_decrypt(back, sizeof msg, &m, pw, 2, 1, text, n), FC_OK);
    ck_assert_mem_eq(back, msg, sizeof msg);
    ck_assert_int_eq(fc_legacy_cfb_encrypt(text, sizeof text, &n, pw, 2, salt, iv, 1, NULL, 0),
                     FC_OK);
    ck_assert_uint_eq(n, 44);
    ck_assert_int_eq(fc_legacy_cfb_decrypt(NULL, 0, &m, pw, 2, 1, text, n), FC_OK);
    ck_assert_uint_eq(m, 0);
}
END_TEST

/* Every two-piece split of the message and of the text, and every 3-piece split of short
 * ones: the streaming calls equal the one-shot calls byte for byte. */
START_TEST(test_legacy_stream_every_split)
{
    static const size_t lens[] = {0, 1, 2, 3, 11, 12, 15, 16, 17, 47, 48, 49, 95, 96, 97, 200};
    uint8_t salt[16], iv[16], msg[200], back[200];
    char text[400];
    size_t li, n = 0, total = 0;

    fct_rand_bytes(salt, 16);
    fct_rand_bytes(iv, 16);
    fct_rand_bytes(msg, sizeof msg);
    for (li = 0; li < sizeof lens / sizeof lens[0]; li++) {
        size_t len = lens[li], a, b, m, tl;
        ck_assert_int_eq(fc_legacy_cfb_encrypt(text, sizeof text, &n, (const uint8_t *)"pw", 2,
                                               salt, iv, 1, msg, len), FC_OK);
        for (a = 0; a <= len; a++)
            for (b = a; b <= len; b += len < 50 ? 1 : len) {
                size_t cuts[3] = {a, b, len};
                char *t = legacy_stream_enc(&tl, (const uint8_t *)"pw", 2, salt, iv, 1, msg, len,
                                            cuts, 3);
                ck_assert_uint_eq(tl, n);
                ck_assert_mem_eq(t, text, n);
                free(t);
                total++;
            }
        for (a = FC_LEGACY_CFB_HEAD_LEN; a <= n; a++)
            for (b = a; b <= n; b += n < 120 ? 1 : n) {
                size_t cuts[3] = {a, b, n};
                memset(back, 0xa5, sizeof back);
                ck_assert_int_eq(legacy_stream_dec(back, &m, (const uint8_t *)"pw", 2, 1, text, n,
                                                   cuts, 3), FC_OK);
                ck_assert_uint_eq(m, len);
                ck_assert_mem_eq(back, msg, len);
                total++;
            }
    }
    fct_count("legacy CFB streaming splits equal to the one-shot calls", total);
}
END_TEST

/* Buffers, order and wiping of the streaming calls. */
START_TEST(test_legacy_stream_contract)
{
    uint8_t salt[16] = {1}, iv[16] = {2}, msg[100], out[200];
    char text[300], small[64], ctext[200];
    fc_legacy_cfb_enc_ctx e;
    fc_legacy_cfb_dec_ctx d;
    size_t n = 0, m = 0, tl = 0;
    const uint8_t *pw = (const uint8_t *)"pw";

    memset(msg, 3, sizeof msg);
    ck_assert_int_eq(fc_legacy_cfb_encrypt(text, sizeof text, &tl, pw, 2, salt, iv, 1, msg,
                                           sizeof msg), FC_OK);
    /* Encrypt: too small a buffer changes nothing; the retry gives the same text. */
    ck_assert_int_eq(fc_legacy_cfb_enc_init(&e, pw, 2, salt, iv, 0), FC_ERR_ARG);
    ck_assert_int_eq(fc_legacy_cfb_enc_update(&e, small, sizeof small, &n, msg, 1), FC_ERR_STATE);
    ck_assert_int_eq(fc_legacy_cfb_enc_init(&e, pw, 2, salt, iv, 1), FC_OK);
    ck_assert_int_eq(fc_legacy_cfb_enc_update(&e, small, 63, &n, msg, 16), FC_ERR_BUFFER);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(fc_legacy_cfb_enc_update(&e, small, 64, &n, msg, 16), FC_OK);
    ck_assert_uint_eq(n, 64);
    ck_assert_mem_eq(small, text, 64);
    ck_assert_int_eq(fc_legacy_cfb_enc_update(&e, ctext, sizeof ctext, &n, NULL, 0), FC_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(fc_legacy_cfb_enc_update(&e, ctext, sizeof ctext, &n, msg + 16, 84),
                     FC_OK);
    ck_assert_int_eq(fc_legacy_cfb_enc_final(&e, small, 1, &m), FC_ERR_BUFFER);
    ck_assert_int_eq(fc_legacy_cfb_enc_final(&e, small, sizeof small, &m), FC_OK);
    ck_assert_uint_eq(64 + n + m, tl);
    ck_assert_mem_eq(ctext, text + 64, n);
    ck_assert_mem_eq(small, text + 64 + n, m);
    ck_assert(fct_all_zero((const uint8_t *)&e, sizeof e));
    ck_assert_int_eq(fc_legacy_cfb_enc_final(&e, small, sizeof small, &m), FC_ERR_STATE);

    /* Decrypt: a short buffer changes nothing; out of order is FC_ERR_STATE. */
    ck_assert_int_eq(fc_legacy_cfb_dec_init(&d, pw, 2, 1, text), FC_OK);
    ck_assert_int_eq(fc_legacy_cfb_dec_update(&d, out, 45, &n, text + 44, tl - 44), FC_ERR_BUFFER);
    ck_assert_int_eq(fc_legacy_cfb_dec_update(&d, out, sizeof out, &n, text + 44, tl - 44), FC_OK);
    ck_assert_int_eq(fc_legacy_cfb_dec_final(&d, out + n, 0, &m), FC_ERR_BUFFER);
    ck_assert_int_eq(fc_legacy_cfb_dec_final(&d, out + n, FC_LEGACY_CFB_DEC_FINAL_MAX, &m), FC_OK);
    ck_assert_uint_eq(n + m, sizeof msg);
    ck_assert_mem_eq(out, msg, sizeof msg);
    ck_assert(fct_all_zero((const uint8_t *)&d, sizeof d));
    ck_assert_int_eq(fc_legacy_cfb_dec_update(&d, out, sizeof out, &n, text, 4), FC_ERR_STATE);
    ck_assert_int_eq(fc_legacy_cfb_dec_final(&d, out, sizeof out, &n), FC_ERR_STATE);

    /* The head: whitespace, a short header ('==' leaves 31 bytes), a NULL password. */
    memcpy(small, text, 44);
    small[10] = ' ';
    ck_assert_int_eq(fc_legacy_cfb_dec_init(&d, pw, 2, 1, small), FC_ERR_ENCODING);
    ck_assert(fct_all_zero((const uint8_t *)&d, sizeof d));
    ck_assert_int_eq(fc_legacy_cfb_dec_init(&d, pw, 2, 1,
                                            "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQQ=="),
                     FC_ERR_ENCODING);
    ck_assert_int_eq(fc_legacy_cfb_dec_init(&d, NULL, 2, 1, text), FC_ERR_ARG);
    /* An empty message: 44 characters, '='-padded; more text after them is malformed. */
    ck_assert_int_eq(fc_legacy_cfb_encrypt(text, sizeof text, &tl, pw, 2, salt, iv, 1, NULL, 0),
                     FC_OK);
    ck_assert_uint_eq(tl, 44);
    ck_assert_int_eq(fc_legacy_cfb_dec_init(&d, pw, 2, 1, text), FC_OK);
    ck_assert_int_eq(fc_legacy_cfb_dec_final(&d, out, sizeof out, &m), FC_OK);
    ck_assert_uint_eq(m, 0);
    ck_assert_int_eq(fc_legacy_cfb_dec_init(&d, pw, 2, 1, text), FC_OK);
    ck_assert_int_eq(fc_legacy_cfb_dec_update(&d, out, sizeof out, &n, "AAAA", 4), FC_OK);
    ck_assert_int_eq(fc_legacy_cfb_dec_final(&d, out, sizeof out, &m), FC_ERR_ENCODING);
    ck_assert(fct_all_zero((const uint8_t *)&d, sizeof d));
}
END_TEST

START_TEST(test_legacy_sizes)
{
    size_t len;
    for (len = 0; len < 1000; len++) {
        size_t t = fc_legacy_cfb_text_len(len);
        ck_assert_uint_eq(t, fc_base64_encoded_len(len + 32, 0));
        ck_assert_uint_eq(t % 4, 0);
        ck_assert_uint_ge(fc_legacy_cfb_plain_max(t), len);
        ck_assert_uint_le(fc_legacy_cfb_plain_max(t), len + 2);
    }
    for (len = 0; len < 44; len++)
        ck_assert_uint_eq(fc_legacy_cfb_plain_max(len), 0);
    ck_assert_uint_eq(fc_legacy_cfb_plain_max(45), 0);
    ck_assert_uint_eq(fc_legacy_cfb_plain_max(47), 0);
    ck_assert_uint_eq(fc_legacy_cfb_plain_max(44), 1);
    /* Near SIZE_MAX: SIZE_MAX (overflow), never a wrapped small value. */
    for (len = SIZE_MAX - 200; len != 0; len++)
        ck_assert_uint_eq(fc_legacy_cfb_text_len(len), SIZE_MAX);
    len = SIZE_MAX / 4 * 3 - 40;
    ck_assert_uint_ge(fc_legacy_cfb_text_len(len), len);
    ck_assert_uint_eq(fc_legacy_cfb_plain_max(SIZE_MAX - 3), (SIZE_MAX - 3) / 4 * 3 - 32);
}
END_TEST

/* ---- 3. fcpw1 ---- */

typedef struct {
    uint8_t pw[24], salt[16], iv[16];
    size_t pw_len;
    uint32_t iter;
    uint64_t now;
} pw_params;

static void rand_params(pw_params *p, uint32_t iter)
{
    fct_rand_bytes(p->pw, sizeof p->pw);
    fct_rand_bytes(p->salt, sizeof p->salt);
    fct_rand_bytes(p->iv, sizeof p->iv);
    p->pw_len = fct_rand_below(sizeof p->pw + 1);
    p->iter = iter;
    p->now = fct_rand64() >> fct_rand_below(64);
}

static char *fcpw1_make(size_t *n, const pw_params *p, const uint8_t *msg, size_t len)
{
    size_t cap = fc_fcpw1_text_len(len);
    char *text = fct_xmalloc(cap);
    ck_assert_int_eq(fc_fcpw1_encrypt_at(text, cap, n, p->pw, p->pw_len, p->salt, p->iter, p->now,
                                         p->iv, msg, len), FC_OK);
    ck_assert_uint_eq(*n, cap);
    return text;
}

static void fcpw1_round_trip(size_t len)
{
    pw_params p;
    uint8_t key[FC_FERNET_KEY_SIZE], key2[FC_FERNET_KEY_SIZE];
    uint8_t *msg = fct_xmalloc(len), *back;
    char hdr[FC_FCPW1_HEADER_LEN];
    size_t n = 0, m = 0, cap, tn = 0;
    uint32_t iter_seen = 0;
    uint64_t ts = 0;
    char *text, *token;

    rand_params(&p, (uint32_t)(1 + len % 3));
    fct_rand_bytes(msg, len);
    text = fcpw1_make(&n, &p, msg, len);

    /* Composition: header of (salt, iterations) || Fernet token under the scheme-1 key. */
    ck_assert_int_eq(fc_fcpw1_header_write(hdr, key, p.pw, p.pw_len, p.salt, p.iter), FC_OK);
    ck_assert_mem_eq(text, hdr, FC_FCPW1_HEADER_LEN);
    ck_assert_mem_eq(text, "fcpw1.", 6);
    ck_assert_int_eq(text[FC_FCPW1_HEADER_LEN - 1], '.');
    ck_assert_int_eq(fc_fernet_key_derive(key2, p.pw, p.pw_len, p.salt, 16, p.iter), FC_OK);
    ck_assert_mem_eq(key, key2, sizeof key);
    cap = fc_fernet_token_len(len);
    ck_assert_uint_eq(n, FC_FCPW1_HEADER_LEN + cap);
    token = fct_xmalloc(cap);
    ck_assert_int_eq(fc_fernet_encrypt_at(token, cap, &tn, key, p.now, p.iv, msg, len), FC_OK);
    ck_assert_mem_eq(text + FC_FCPW1_HEADER_LEN, token, tn);

    ck_assert_int_eq(fc_fcpw1_header_read(key2, &iter_seen, text, n, p.pw, p.pw_len, p.iter),
                     FC_OK);
    ck_assert_uint_eq(iter_seen, p.iter);
    ck_assert_mem_eq(key, key2, sizeof key);

    cap = fc_fcpw1_plain_max(n);
    ck_assert_uint_ge(cap, len);
    ck_assert_uint_le(cap, len + 16);
    back = fct_xmalloc(cap);
    ck_assert_int_eq(fc_fcpw1_decrypt(back, cap, &m, p.pw, p.pw_len, FC_FCPW1_MAX_ITERATIONS, text, n),
                     FC_OK);
    ck_assert_uint_eq(m, len);
    ck_assert_mem_eq(back, msg, len);
    /* The body is an ordinary token: it opens with the derived key and keeps the time. */
    ck_assert_int_eq(fc_fernet_decrypt_at(back, cap, &m, key, text + FC_FCPW1_HEADER_LEN,
                                          n - FC_FCPW1_HEADER_LEN, 0, FC_FERNET_NO_TTL, &ts), FC_OK);
    ck_assert_uint_eq(ts, p.now);
    ck_assert_mem_eq(back, msg, len);
    free(msg);
    free(back);
    free(text);
    free(token);
}

START_TEST(test_fcpw1_round_trip)
{
    rand_skip(_i);
    fcpw1_round_trip((size_t)_i);
}
END_TEST

START_TEST(test_fcpw1_round_trip_1mib)
{
    fcpw1_round_trip(MIB);
    fcpw1_round_trip(MIB + 1);
    fct_count("fcpw1 round trips (0..300 bytes, 1 MiB, 1 MiB + 1)", 303);
}
END_TEST

/* The CLI's path: header + streaming encryptor gives the one-shot text byte for byte. */
START_TEST(test_fcpw1_streamed_body)
{
    pw_params p;
    uint8_t msg[777], key[FC_FERNET_KEY_SIZE];
    char *text, *stream;
    size_t n = 0, pos, off = 0, w = 0;
    fc_fernet_enc_ctx enc;

    rand_params(&p, 2);
    fct_rand_bytes(msg, sizeof msg);
    text = fcpw1_make(&n, &p, msg, sizeof msg);
    stream = fct_xmalloc(n + FC_FERNET_ENC_FINAL_MAX + fc_fernet_enc_update_max(sizeof msg));
    ck_assert_int_eq(fc_fcpw1_header_write(stream, key, p.pw, p.pw_len, p.salt, p.iter), FC_OK);
    pos = FC_FCPW1_HEADER_LEN;
    fc_fernet_enc_init(&enc, key, p.now, p.iv);
    while (off < sizeof msg) {
        size_t take = fct_rand_below(100);
        if (take > sizeof msg - off)
            take = sizeof msg - off;
        ck_assert_int_eq(fc_fernet_enc_update(&enc, stream + pos, fc_fernet_enc_update_max(take),
                                              &w, msg + off, take), FC_OK);
        pos += w;
        off += take;
    }
    ck_assert_int_eq(fc_fernet_enc_final(&enc, stream + pos, FC_FERNET_ENC_FINAL_MAX, &w), FC_OK);
    pos += w;
    ck_assert_uint_eq(pos, n);
    ck_assert_mem_eq(stream, text, n);
    free(text);
    free(stream);
}
END_TEST

START_TEST(test_fcpw1_wrong_password)
{
    pw_params p;
    uint8_t msg[100], back[128];
    size_t n = 0, m = 0;
    char *text;
    int trial;

    for (trial = 0; trial < 20; trial++) {
        rand_params(&p, 2);
        fct_rand_bytes(msg, sizeof msg);
        text = fcpw1_make(&n, &p, msg, sizeof msg);
        ck_assert_uint_le(fc_fcpw1_plain_max(n), sizeof back);
        p.pw[0] ^= 1;
        if (p.pw_len == 0)
            p.pw_len = 1;
        memset(back, 0xa5, sizeof back);
        m = 99;
        ck_assert_int_eq(fc_fcpw1_decrypt(back, sizeof back, &m, p.pw, p.pw_len,
                                          FC_FCPW1_MAX_ITERATIONS, text, n), FC_ERR_AUTH);
        ck_assert_uint_eq(m, 0);
        ck_assert(fct_all_zero(back, fc_fcpw1_plain_max(n)));
        free(text);
    }
}
END_TEST

/* Every single-character substitution anywhere in the text, every truncation and one
 * appended character: each is an error (never FC_OK), and out holds nothing. */
START_TEST(test_fcpw1_every_change_rejected)
{
    pw_params p;
    uint8_t msg[20], back[64];
    char *text, *bad;
    size_t n = 0, m = 0, i, count = 0;
    int c;
    fc_err err;

    rand_params(&p, 3);
    fct_rand_bytes(msg, sizeof msg);
    text = fcpw1_make(&n, &p, msg, sizeof msg);
    bad = fct_xmalloc(n + 1);
    for (i = 0; i < n; i++) {
        for (c = 0; c < 256; c++) {
            if ((char)c == text[i])
                continue;
            memcpy(bad, text, n);
            bad[i] = (char)c;
            memset(back, 0, sizeof back);
            /* A small ceiling keeps a changed iteration count cheap (or FC_ERR_LIMIT). */
            err = fc_fcpw1_decrypt(back, sizeof back, &m, p.pw, p.pw_len, 64, bad, n);
            ck_assert_msg(err == FC_ERR_AUTH || err == FC_ERR_ENCODING || err == FC_ERR_LIMIT,
                          "position %zu char %d: %d", i, c, (int)err);
            if (i < FC_FCPW1_HEADER_LEN && err == FC_ERR_AUTH)
                ck_assert_uint_ge(i, 6); /* only a decoded header change reaches the MAC */
            ck_assert(fct_all_zero(back, sizeof back));
            ck_assert_uint_eq(m, 0);
            count++;
        }
    }
    for (i = 0; i < n; i++) {
        err = fc_fcpw1_decrypt(back, sizeof back, &m, p.pw, p.pw_len, 64, text, i);
        ck_assert(err == FC_ERR_AUTH || err == FC_ERR_ENCODING);
        ck_assert(fct_all_zero(back, sizeof back));
    }
    memcpy(bad, text, n);
    bad[n] = '\n';
    ck_assert_int_eq(fc_fcpw1_decrypt(back, sizeof back, &m, p.pw, p.pw_len, 64, bad, n + 1),
                     FC_ERR_AUTH);
    ck_assert_int_eq(fc_fcpw1_decrypt(back, sizeof back, &m, p.pw, p.pw_len, 64, text, n), FC_OK);
    ck_assert_mem_eq(back, msg, sizeof msg);
    fct_count("fcpw1 single-character changes rejected", count + n + 1);
    free(text);
    free(bad);
}
END_TEST

/* Build "fcpw1." || b64url(iter || salt) || "." || body by hand, for headers the encryptor
 * would refuse or that would take too long to derive. */
static void craft(char *out, uint32_t iter, const uint8_t salt[16], const char *body, size_t blen)
{
    uint8_t hdr[20];
    size_t n = 0;
    hdr[0] = (uint8_t)(iter >> 24);
    hdr[1] = (uint8_t)(iter >> 16);
    hdr[2] = (uint8_t)(iter >> 8);
    hdr[3] = (uint8_t)iter;
    memcpy(hdr + 4, salt, 16);
    memcpy(out, "fcpw1.", 6);
    ck_assert_int_eq(fc_base64_encode(out + 6, 27, &n, hdr, 20, FC_BASE64_URL | FC_BASE64_NOPAD),
                     FC_OK);
    ck_assert_uint_eq(n, 27);
    out[33] = '.';
    memcpy(out + 34, body, blen);
}

START_TEST(test_fcpw1_iteration_ceiling)
{
    pw_params p;
    uint8_t msg[10], back[32], key[FC_FERNET_KEY_SIZE];
    char *text, big[400];
    size_t n = 0, m = 0;
    uint32_t seen = 0;
    static const uint32_t huge[] = {FC_FCPW1_MAX_ITERATIONS + 1u, 0x80000000u, UINT32_MAX};
    size_t i;

    rand_params(&p, 1000);
    fct_rand_bytes(msg, sizeof msg);
    text = fcpw1_make(&n, &p, msg, sizeof msg);
    memset(back, 0xa5, sizeof back);
    ck_assert_int_eq(fc_fcpw1_decrypt(back, sizeof back, &m, p.pw, p.pw_len, 999, text, n),
                     FC_ERR_LIMIT);
    ck_assert(fct_all_zero(back, sizeof back)); /* wiped on every error */
    ck_assert_int_eq(fc_fcpw1_header_read(key, &seen, text, n, p.pw, p.pw_len, 999), FC_ERR_LIMIT);
    ck_assert_uint_eq(seen, 1000);
    ck_assert(fct_all_zero(key, sizeof key));
    ck_assert_int_eq(fc_fcpw1_decrypt(back, sizeof back, &m, p.pw, p.pw_len, 1000, text, n), FC_OK);
    ck_assert_mem_eq(back, msg, sizeof msg);

    /* Headers asking for more than the default ceiling: refused before any derivation (a
     * derivation of 2^32-1 rounds would outlast the test's timeout by hours). */
    ck_assert_uint_lt(n - 34 + 34, sizeof big);
    for (i = 0; i < sizeof huge / sizeof huge[0]; i++) {
        craft(big, huge[i], p.salt, text + 34, n - 34);
        ck_assert_int_eq(fc_fcpw1_decrypt(back, sizeof back, &m, p.pw, p.pw_len,
                                          FC_FCPW1_MAX_ITERATIONS, big, n), FC_ERR_LIMIT);
        ck_assert_int_eq(fc_fcpw1_header_read(key, &seen, big, n, p.pw, p.pw_len,
                                              FC_FCPW1_MAX_ITERATIONS), FC_ERR_LIMIT);
        ck_assert_uint_eq(seen, huge[i]);
    }
    /* The default count itself is within the default ceiling. */
    ck_assert_uint_le(FC_FCPW1_DEFAULT_ITERATIONS, FC_FCPW1_MAX_ITERATIONS);
    free(text);
}
END_TEST

START_TEST(test_fcpw1_malformed_header)
{
    pw_params p;
    uint8_t msg[10], back[32], key[FC_FERNET_KEY_SIZE];
    char *text, bad[400];
    size_t n = 0, m = 0, i;
    uint32_t seen = 7;
    static const char *const prefixes[] = {"fcpw2.", "FCPW1.", "fcpw1:", "fcpw0.", "fcpw1 "};

    rand_params(&p, 2);
    fct_rand_bytes(msg, sizeof msg);
    text = fcpw1_make(&n, &p, msg, sizeof msg);
    ck_assert_uint_lt(n, sizeof bad);

    for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        memcpy(bad, text, n);
        memcpy(bad, prefixes[i], 6);
        memset(back, 0xa5, sizeof back);
        ck_assert_int_eq(fc_fcpw1_decrypt(back, sizeof back, &m, p.pw, p.pw_len, 64, bad, n),
                         FC_ERR_ENCODING);
        ck_assert(fct_all_zero(back, sizeof back)); /* wiped on every error */
    }
    /* The separator after the header. */
    memcpy(bad, text, n);
    bad[33] = '_';
    ck_assert_int_eq(fc_fcpw1_decrypt(back, sizeof back, &m, p.pw, p.pw_len, 64, bad, n),
                     FC_ERR_ENCODING);
    /* Iterations 0. */
    craft(bad, 0, p.salt, text + 34, n - 34);
    ck_assert_int_eq(fc_fcpw1_decrypt(back, sizeof back, &m, p.pw, p.pw_len, 64, bad, n),
                     FC_ERR_ENCODING);
    ck_assert_int_eq(fc_fcpw1_header_read(key, &seen, bad, n, p.pw, p.pw_len, 64), FC_ERR_ENCODING);
    ck_assert_uint_eq(seen, 0);
    /* The standard alphabet's '+' and '/', and padding, inside the header. */
    memcpy(bad, text, n);
    bad[10] = '+';
    ck_assert_int_eq(fc_fcpw1_decrypt(back, sizeof back, &m, p.pw, p.pw_len, 64, bad, n),
                     FC_ERR_ENCODING);
    bad[10] = '/';
    ck_assert_int_eq(fc_fcpw1_decrypt(back, sizeof back, &m, p.pw, p.pw_len, 64, bad, n),
                     FC_ERR_ENCODING);
    memcpy(bad, text, n);
    bad[32] = '=';
    ck_assert_int_eq(fc_fcpw1_decrypt(back, sizeof back, &m, p.pw, p.pw_len, 64, bad, n),
                     FC_ERR_ENCODING);
    /* Non-canonical last header character: 20 bytes = 6 groups + 2 bytes in 3 characters,
     * whose last carries 2 unused bits. Every alternative with those bits set is refused. */
    {
        static const char url[] =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        const char *at = strchr(url, text[32]);
        size_t v, refused = 0;
        ck_assert_ptr_nonnull(at);
        ck_assert_uint_eq((size_t)(at - url) & 3u, 0);
        for (v = 1; v < 4; v++) {
            memcpy(bad, text, n);
            bad[32] = url[(size_t)(at - url) + v];
            ck_assert_int_eq(fc_fcpw1_decrypt(back, sizeof back, &m, p.pw, p.pw_len, 64, bad, n),
                             FC_ERR_ENCODING);
            refused++;
        }
        ck_assert_uint_eq(refused, 3);
    }
    /* Too short to hold a header: every prefix of it. */
    for (i = 0; i < FC_FCPW1_HEADER_LEN; i++) {
        ck_assert_int_eq(fc_fcpw1_decrypt(back, sizeof back, &m, p.pw, p.pw_len, 64, text, i),
                         FC_ERR_ENCODING);
        ck_assert_int_eq(fc_fcpw1_header_read(key, &seen, text, i, p.pw, p.pw_len, 64),
                         FC_ERR_ENCODING);
    }
    /* The header alone (no body) is not a text: the body cannot be a token. */
    ck_assert_int_eq(fc_fcpw1_decrypt(back, sizeof back, &m, p.pw, p.pw_len, 64, text,
                                      FC_FCPW1_HEADER_LEN), FC_ERR_AUTH);
    free(text);
}
END_TEST

START_TEST(test_fcpw1_buffers_and_args)
{
    pw_params p;
    uint8_t msg[50], back[80], key[FC_FERNET_KEY_SIZE];
    char text[300], hdr[FC_FCPW1_HEADER_LEN];
    size_t need = fc_fcpw1_text_len(sizeof msg), n = 0, m = 0, pmax;

    rand_params(&p, 1);
    fct_rand_bytes(msg, sizeof msg);
    ck_assert_uint_lt(need, sizeof text);
    memset(text, 'z', sizeof text);
    ck_assert_int_eq(fc_fcpw1_encrypt_at(text, need - 1, &n, p.pw, p.pw_len, p.salt, 1, p.now,
                                         p.iv, msg, sizeof msg), FC_ERR_BUFFER);
    ck_assert_int_eq(fc_fcpw1_encrypt_at(text, need, &n, p.pw, p.pw_len, p.salt, 0, p.now, p.iv,
                                         msg, sizeof msg), FC_ERR_ARG);
    ck_assert_int_eq(fc_fcpw1_encrypt_at(text, need, &n, p.pw, p.pw_len, NULL, 1, p.now, p.iv, msg,
                                         sizeof msg), FC_ERR_ARG);
    ck_assert_int_eq(fc_fcpw1_encrypt_at(text, need, &n, p.pw, p.pw_len, p.salt, 1, p.now, NULL,
                                         msg, sizeof msg), FC_ERR_ARG);
    ck_assert_int_eq(fc_fcpw1_encrypt_at(text, need, &n, p.pw, p.pw_len, p.salt, 1, p.now, p.iv,
                                         NULL, sizeof msg), FC_ERR_ARG);
    ck_assert_int_eq(fc_fcpw1_encrypt_at(text, need, &n, NULL, 1, p.salt, 1, p.now, p.iv, msg,
                                         sizeof msg), FC_ERR_ARG);
    ck_assert_int_eq(fc_fcpw1_encrypt_at(text, need, NULL, p.pw, p.pw_len, p.salt, 1, p.now, p.iv,
                                         msg, sizeof msg), FC_ERR_ARG);
    ck_assert(all_byte(text, 'z', sizeof text));
    ck_assert_int_eq(fc_fcpw1_encrypt_at(text, need, &n, p.pw, p.pw_len, p.salt, 1, p.now, p.iv,
                                         msg, sizeof msg), FC_OK);
    ck_assert_uint_eq(n, need);
    ck_assert_int_eq(text[need], 'z');

    pmax = fc_fcpw1_plain_max(n);
    /* Every error: out wiped as far as out_cap (no further), *out_len 0. */
    memset(back, 0xa5, sizeof back);
    m = 7;
    ck_assert_int_eq(fc_fcpw1_decrypt(back, pmax - 1, &m, p.pw, p.pw_len, 64, text, n),
                     FC_ERR_BUFFER);
    ck_assert(fct_all_zero(back, pmax - 1));
    ck_assert_uint_eq(back[pmax - 1], 0xa5);
    ck_assert_uint_eq(m, 0);
    memset(back, 0xa5, sizeof back);
    ck_assert_int_eq(fc_fcpw1_decrypt(back, pmax, NULL, p.pw, p.pw_len, 64, text, n), FC_ERR_ARG);
    ck_assert(fct_all_zero(back, pmax));
    memset(back, 0xa5, sizeof back);
    m = 7;
    ck_assert_int_eq(fc_fcpw1_decrypt(back, pmax, &m, NULL, 1, 64, text, n), FC_ERR_ARG);
    ck_assert(fct_all_zero(back, pmax));
    ck_assert_uint_eq(back[pmax], 0xa5);
    ck_assert_uint_eq(m, 0);
    ck_assert_int_eq(fc_fcpw1_decrypt(back, pmax, &m, p.pw, p.pw_len, 64, NULL, n), FC_ERR_ARG);
    memset(back, 0xa5, sizeof back);
    m = 7;
    ck_assert_int_eq(fc_fcpw1_decrypt(back, pmax, &m, p.pw, p.pw_len, 64, "fcpw1$", 6),
                     FC_ERR_ENCODING);
    ck_assert(fct_all_zero(back, pmax));
    ck_assert_uint_eq(m, 0);
    ck_assert_int_eq(fc_fcpw1_decrypt(back, pmax, &m, p.pw, p.pw_len, 64, text, n), FC_OK);
    ck_assert_mem_eq(back, msg, sizeof msg);

    memset(key, 0xa5, sizeof key);
    ck_assert_int_eq(fc_fcpw1_header_write(hdr, key, p.pw, p.pw_len, p.salt, 0), FC_ERR_ARG);
    ck_assert(fct_all_zero(key, sizeof key));
    ck_assert_int_eq(fc_fcpw1_header_read(key, NULL, text, n, p.pw, p.pw_len, 64), FC_OK);
    ck_assert_int_eq(fc_fcpw1_header_read(NULL, NULL, text, n, p.pw, p.pw_len, 64), FC_ERR_ARG);
}
END_TEST

START_TEST(test_fcpw1_sizes)
{
    size_t len;
    for (len = 0; len < 1000; len++) {
        size_t t = fc_fcpw1_text_len(len);
        ck_assert_uint_eq(t, FC_FCPW1_HEADER_LEN + fc_fernet_token_len(len));
        ck_assert_uint_ge(fc_fcpw1_plain_max(t), len);
        ck_assert_uint_le(fc_fcpw1_plain_max(t), len + 16);
        ck_assert_uint_eq(fc_fcpw1_plain_max(t), fc_fernet_plain_max(t - FC_FCPW1_HEADER_LEN));
    }
    for (len = 0; len <= FC_FCPW1_HEADER_LEN; len++)
        ck_assert_uint_eq(fc_fcpw1_plain_max(len), 0);
    for (len = SIZE_MAX - 200; len != 0; len++)
        ck_assert_uint_eq(fc_fcpw1_text_len(len), SIZE_MAX);
    /* Where the token length itself still fits but adding the header would not. */
    for (len = SIZE_MAX / 4 * 3 - 200; len < SIZE_MAX / 4 * 3; len++) {
        size_t t = fc_fcpw1_text_len(len), f = fc_fernet_token_len(len);
        if (f == SIZE_MAX || f > SIZE_MAX - FC_FCPW1_HEADER_LEN)
            ck_assert_uint_eq(t, SIZE_MAX);
        else
            ck_assert_uint_eq(t, f + FC_FCPW1_HEADER_LEN);
    }
    ck_assert_uint_eq(fc_fcpw1_plain_max(SIZE_MAX),
                      fc_fernet_plain_max(SIZE_MAX - FC_FCPW1_HEADER_LEN));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("password");
    TCase *tk = tcase_create("fernet-key");
    TCase *tl = tcase_create("legacy-cfb");
    TCase *tp = tcase_create("fcpw1");

    load_pbkdf2();
    {
        size_t i, run = 0;
        for (i = 0; i < pbkdf2_n; i++)
            run += !pbkdf2_is_slow(pbkdf2_recs[i]);
        fct_count("PBKDF2-HMAC-SHA256 published vectors through fc_fernet_key_derive", run);
    }
    tcase_add_loop_test(tk, test_fernet_key_vectors, 0, (int)pbkdf2_n);
    tcase_add_test(tk, test_fernet_key_args);

    tcase_set_timeout(tl, 120);
    tcase_add_loop_test(tl, test_legacy_round_trip, 0, 301);
    tcase_add_test(tl, test_legacy_round_trip_1mib);
    tcase_add_test(tl, test_legacy_default_iterations);
    tcase_add_test(tl, test_legacy_unauthenticated);
    tcase_add_test(tl, test_legacy_malformed);
    tcase_add_test(tl, test_legacy_buffers_and_args);
    tcase_add_test(tl, test_legacy_sizes);
    tcase_add_test(tl, test_legacy_stream_every_split);
    tcase_add_test(tl, test_legacy_stream_contract);

    tcase_set_timeout(tp, 120);
    tcase_add_loop_test(tp, test_fcpw1_round_trip, 0, 301);
    tcase_add_test(tp, test_fcpw1_round_trip_1mib);
    tcase_add_test(tp, test_fcpw1_streamed_body);
    tcase_add_test(tp, test_fcpw1_wrong_password);
    tcase_add_test(tp, test_fcpw1_every_change_rejected);
    tcase_add_test(tp, test_fcpw1_iteration_ceiling);
    tcase_add_test(tp, test_fcpw1_malformed_header);
    tcase_add_test(tp, test_fcpw1_buffers_and_args);
    tcase_add_test(tp, test_fcpw1_sizes);

    suite_add_tcase(s, tk);
    suite_add_tcase(s, tl);
    suite_add_tcase(s, tp);
    return fct_run(s);
}
