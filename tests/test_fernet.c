/*
 * Tests for fernet/ and platform/: the Fernet spec's generate/verify/invalid vectors, the
 * boundaries they miss (Python's time rules, 2^63 and 2^64-1 timestamps, strict base64,
 * every single-bit flip), several keys, rotation, streaming against one-shot for random
 * chunkings, out-of-order calls, a failing random source, and the platform unit.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fc_aes.h"
#include "fc_base64.h"
#include "fc_fernet.h"
#include "fc_hmac.h"
#include "fc_platform.h"
#include "fc_test.h"

#define KEY FC_FERNET_KEY_SIZE
#define U64MAX UINT64_MAX
#define TOKEN_MAX 4096 /* characters of the largest token built here (plus slack) */

static const fct_json *gen_v, *ver_v, *inv_v;

/* ---- helpers ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* RFC 3339 "YYYY-MM-DDTHH:MM:SS(Z|+hh:mm|-hh:mm)" to Unix seconds. */
static uint64_t rfc3339(const char *s)
{
    int y, mo, d, h, mi, se, oh = 0, om = 0, n = 0;
    char sign = 'Z';
    int64_t t;

    ck_assert_int_eq(sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &se, &n), 6);
    sign = s[n];
    if (sign == '+' || sign == '-')
        ck_assert_int_eq(sscanf(s + n + 1, "%2d:%2d", &oh, &om), 2);
    else
        ck_assert(sign == 'Z' || sign == 'z');
    t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
    t += (sign == '-' ? 1 : -1) * (int64_t)(oh * 3600 + om * 60);
    ck_assert(t >= 0);
    return (uint64_t)t;
}

static void key_from_text(uint8_t key[KEY], const char *text)
{
    ck_assert_int_eq(fc_fernet_key_decode(key, text, strlen(text)), FC_OK);
}

static void rand_key(uint8_t key[KEY])
{
    fct_rand_bytes(key, KEY);
}

/* One-shot token for msg; returns its length. */
static size_t make_token(char *tok, const uint8_t key[KEY], uint64_t now, const uint8_t *msg,
                         size_t len)
{
    uint8_t iv[16];
    size_t n = 0;
    fct_rand_bytes(iv, sizeof iv);
    ck_assert_int_eq(fc_fernet_encrypt_at(tok, TOKEN_MAX, &n, key, now, iv, msg, len), FC_OK);
    ck_assert_uint_eq(n, fc_fernet_token_len(len));
    return n;
}

/* Token text from raw bytes whose last 32 bytes are overwritten with the real HMAC, so that
 * framing and content rules are tested on authentic data. */
static size_t sign_raw(char *tok, const uint8_t key[KEY], uint8_t *raw, size_t len)
{
    size_t n = 0;
    fc_hmac_sha256(raw + len - 32, key, 16, raw, len - 32);
    ck_assert_int_eq(fc_base64_encode(tok, TOKEN_MAX, &n, raw, len, FC_BASE64_URL), FC_OK);
    return n;
}

/* Decrypt with the one-shot API into a buffer pre-filled with garbage; on failure, check
 * that the whole buffer came back zero. */
static fc_err open_token(const uint8_t key[KEY], const char *tok, size_t len, uint64_t now,
                         uint64_t ttl, uint8_t *out, size_t *out_len)
{
    static uint8_t buf[TOKEN_MAX];
    size_t cap = fc_fernet_plain_max(len), n = 12345;
    fc_err err;

    memset(buf, 0xa5, sizeof buf);
    err = fc_fernet_decrypt_at(buf, cap, &n, key, tok, len, now, ttl, NULL);
    if (err != FC_OK) {
        ck_assert(fct_all_zero(buf, cap));
        ck_assert_uint_eq(buf[cap], 0xa5); /* nothing past out_cap */
    } else {
        ck_assert_uint_le(n, cap);
        if (out != NULL)
            memcpy(out, buf, n);
        if (out_len != NULL)
            *out_len = n;
    }
    return err;
}

/* Two-pass streaming decrypt with random chunkings; returns the first error. */
static fc_err stream_open(const uint8_t key[KEY], const char *tok, size_t len, uint64_t now,
                          uint64_t ttl, uint8_t *out, size_t *out_len, size_t maxchunk)
{
    fc_fernet_verify_ctx v;
    fc_fernet_dec_ctx st;
    size_t off, c, n, w = 0;
    fc_err err;

    fc_fernet_verify_init(&v, key);
    for (off = 0; off < len; off += c) {
        c = fct_rand_below(maxchunk + 1);
        c = c < len - off ? c : len - off;
        err = fc_fernet_verify_update(&v, tok + off, c);
        if (err != FC_OK)
            return err;
    }
    err = fc_fernet_verify_final(&v, now, ttl, NULL);
    if (err != FC_OK)
        return err;
    ck_assert_int_eq(fc_fernet_dec_init(&st, &v), FC_OK);
    for (off = 0; off < len; off += c) {
        c = fct_rand_below(maxchunk + 1);
        c = c < len - off ? c : len - off;
        n = 0;
        err = fc_fernet_dec_update(&st, out + w, fc_fernet_dec_update_max(c), &n, tok + off, c);
        if (err != FC_OK)
            return err;
        ck_assert_uint_le(n, fc_fernet_dec_update_max(c));
        w += n;
    }
    err = fc_fernet_dec_final(&st, out + w, FC_FERNET_DEC_FINAL_MAX, &n);
    if (err == FC_OK)
        *out_len = w + n;
    return err;
}

/* Streaming encrypt with random chunk sizes (0 and 1 included). */
static size_t stream_seal(char *tok, const uint8_t key[KEY], uint64_t now, const uint8_t iv[16],
                          const uint8_t *msg, size_t len, size_t maxchunk)
{
    fc_fernet_enc_ctx st;
    size_t off, c, n, w = 0;

    fc_fernet_enc_init(&st, key, now, iv);
    for (off = 0; off < len; off += c) {
        switch (fct_rand_below(4)) {
        case 0: c = 0; break;
        case 1: c = 1; break;
        default: c = fct_rand_below(maxchunk + 1);
        }
        c = c < len - off ? c : len - off;
        n = 0;
        ck_assert_int_eq(fc_fernet_enc_update(&st, tok + w, fc_fernet_enc_update_max(c), &n,
                                              msg + off, c),
                         FC_OK);
        ck_assert_uint_le(n, fc_fernet_enc_update_max(c));
        w += n;
    }
    ck_assert_int_eq(fc_fernet_enc_final(&st, tok + w, FC_FERNET_ENC_FINAL_MAX, &n), FC_OK);
    return w + n;
}

/* ---- the Fernet spec's vectors ---- */

START_TEST(test_generate_vectors)
{
    const fct_json *r = &gen_v->items[_i], *ivj = fct_json_get(r, "iv");
    const char *src = fct_json_str(r, "src"), *want = fct_json_str(r, "token");
    uint8_t key[KEY], iv[16];
    char tok[TOKEN_MAX];
    size_t i, n = 0;

    key_from_text(key, fct_json_str(r, "secret"));
    ck_assert_ptr_nonnull(ivj);
    ck_assert_uint_eq(ivj->len, 16);
    for (i = 0; i < 16; i++)
        iv[i] = (uint8_t)ivj->items[i].u64;
    ck_assert_int_eq(fc_fernet_encrypt_at(tok, sizeof tok, &n, key, rfc3339(fct_json_str(r, "now")),
                                          iv, (const uint8_t *)src, strlen(src)),
                     FC_OK);
    ck_assert_uint_eq(n, strlen(want));
    ck_assert_uint_eq(n, fc_fernet_token_len(strlen(src)));
    ck_assert_mem_eq(tok, want, n);
    /* The streaming encryptor, byte at a time, gives the same token. */
    memset(tok, 0, sizeof tok);
    n = stream_seal(tok, key, rfc3339(fct_json_str(r, "now")), iv, (const uint8_t *)src,
                    strlen(src), 1);
    ck_assert_uint_eq(n, strlen(want));
    ck_assert_mem_eq(tok, want, n);
}
END_TEST

START_TEST(test_verify_vectors)
{
    const fct_json *r = &ver_v->items[_i];
    const char *src = fct_json_str(r, "src"), *tok = fct_json_str(r, "token");
    uint8_t key[KEY], out[TOKEN_MAX];
    size_t n = 0;
    uint64_t now = rfc3339(fct_json_str(r, "now")), ttl = fct_json_u64(r, "ttl_sec"), ts = 0;

    key_from_text(key, fct_json_str(r, "secret"));
    ck_assert_int_eq(open_token(key, tok, strlen(tok), now, ttl, out, &n), FC_OK);
    ck_assert_uint_eq(n, strlen(src));
    ck_assert_mem_eq(out, src, n);
    ck_assert_int_eq(stream_open(key, tok, strlen(tok), now, ttl, out, &n, 7), FC_OK);
    ck_assert_uint_eq(n, strlen(src));
    ck_assert_mem_eq(out, src, n);
    ck_assert_int_eq(fc_fernet_extract_timestamp(&ts, (const uint8_t(*)[KEY])key, 1, tok, strlen(tok)),
                     FC_OK);
    ck_assert_uint_le(ts, now);
}
END_TEST

START_TEST(test_invalid_vectors)
{
    const fct_json *r = &inv_v->items[_i];
    const char *tok = fct_json_str(r, "token");
    uint8_t key[KEY], out[TOKEN_MAX];
    size_t n = 0;
    uint64_t now = rfc3339(fct_json_str(r, "now")), ttl = fct_json_u64(r, "ttl_sec");
    fc_err one, two;

    key_from_text(key, fct_json_str(r, "secret"));
    one = open_token(key, tok, strlen(tok), now, ttl, out, &n);
    ck_assert_msg(one != FC_OK, "accepted: %s", fct_json_str(r, "desc"));
    ck_assert(one == FC_ERR_AUTH || one == FC_ERR_EXPIRED || one == FC_ERR_FUTURE ||
              one == FC_ERR_MALFORMED);
    /* The streaming decryptor agrees on the reason. */
    two = stream_open(key, tok, strlen(tok), now, ttl, out, &n, 9);
    ck_assert_int_eq(two, one);
}
END_TEST

/* ---- keys ---- */

START_TEST(test_key_text)
{
    uint8_t key[KEY], back[KEY];
    char text[FC_FERNET_KEY_TEXT_LEN], bad[FC_FERNET_KEY_TEXT_LEN + 2];
    const char *foreign = "+/*. \n=";
    size_t i;

    rand_key(key);
    fc_fernet_key_encode(text, key);
    ck_assert_int_eq(text[43], '=');
    ck_assert_int_eq(fc_fernet_key_decode(back, text, sizeof text), FC_OK);
    ck_assert_mem_eq(back, key, KEY);
    /* Wrong lengths, foreign characters, non-canonical last character: refused, key wiped. */
    memset(back, 0x5a, KEY);
    ck_assert_int_eq(fc_fernet_key_decode(back, text, 43), FC_ERR_ENCODING);
    ck_assert(fct_all_zero(back, KEY));
    memcpy(bad, text, sizeof text);
    bad[44] = 'A';
    ck_assert_int_eq(fc_fernet_key_decode(back, bad, 45), FC_ERR_ENCODING);
    ck_assert_int_eq(fc_fernet_key_decode(back, NULL, 44), FC_ERR_ENCODING);
    for (i = 0; foreign[i]; i++) {
        memcpy(bad, text, sizeof text);
        bad[fct_rand_below(43)] = foreign[i];
        memset(back, 0x5a, KEY);
        ck_assert_int_eq(fc_fernet_key_decode(back, bad, 44), FC_ERR_ENCODING);
        ck_assert(fct_all_zero(back, KEY));
    }
    /* The 43rd character carries 2 unused bits: they must be zero. */
    key[31] &= 0xf0;
    fc_fernet_key_encode(text, key);
    memcpy(bad, text, sizeof text);
    bad[42] = bad[42] == 'A' ? 'B' : (char)(bad[42] + 1);
    ck_assert_int_eq(fc_fernet_key_decode(back, bad, 44), FC_ERR_ENCODING);
    memcpy(bad, text, sizeof text);
    bad[43] = 'A'; /* padding missing */
    ck_assert_int_eq(fc_fernet_key_decode(back, bad, 44), FC_ERR_ENCODING);
    ck_assert_int_eq(fc_fernet_key_decode(NULL, text, 44), FC_ERR_ARG);
}
END_TEST

static int rng_calls;

static fc_err rng_fail(void *ctx, uint8_t *out, size_t len)
{
    (void)ctx;
    rng_calls++;
    memset(out, 0x11, len); /* whatever it wrote must not survive */
    return FC_ERR_RANDOM;
}

static fc_err rng_counter(void *ctx, uint8_t *out, size_t len)
{
    size_t i;
    uint8_t *c = ctx;
    rng_calls++;
    for (i = 0; i < len; i++)
        out[i] = (*c)++;
    return FC_OK;
}

START_TEST(test_key_generate)
{
    uint8_t key[KEY], ctr = 7;
    size_t i;

    memset(key, 0xee, KEY);
    rng_calls = 0;
    ck_assert_int_eq(fc_fernet_key_generate(key, rng_fail, NULL), FC_ERR_RANDOM);
    ck_assert_int_eq(rng_calls, 1);
    ck_assert(fct_all_zero(key, KEY));
    ck_assert_int_eq(fc_fernet_key_generate(key, NULL, NULL), FC_ERR_ARG);
    ck_assert_int_eq(fc_fernet_key_generate(key, rng_counter, &ctr), FC_OK);
    for (i = 0; i < KEY; i++)
        ck_assert_uint_eq(key[i], 7 + i);
}
END_TEST

/* ---- sizes ---- */

START_TEST(test_sizes)
{
    size_t m;

    ck_assert_uint_eq(fc_fernet_token_len(0), 100);
    ck_assert_uint_eq(fc_fernet_token_len(15), 100);
    ck_assert_uint_eq(fc_fernet_token_len(16), 120);
    ck_assert_uint_eq(fc_fernet_token_len(SIZE_MAX), SIZE_MAX);
    ck_assert_uint_eq(fc_fernet_token_len(SIZE_MAX / 4 * 3), SIZE_MAX);
    for (m = 0; m < 5000; m++) {
        size_t t = fc_fernet_token_len(m), raw = 73 + 16 * (m / 16);
        ck_assert_uint_eq(t, (raw + 2) / 3 * 4);
        ck_assert_uint_eq(fc_fernet_plain_max(t), 16 * (m / 16 + 1));
        ck_assert_uint_ge(fc_fernet_plain_max(t), m + 1);
    }
    /* Lengths no token has. */
    ck_assert_uint_eq(fc_fernet_plain_max(0), 0);
    ck_assert_uint_eq(fc_fernet_plain_max(76), 0); /* 57 bytes: no ciphertext */
    ck_assert_uint_eq(fc_fernet_plain_max(96), 0);
    ck_assert_uint_eq(fc_fernet_plain_max(101), 0);
    ck_assert_uint_eq(fc_fernet_plain_max(104), 0); /* 76..78 bytes */
    ck_assert_uint_eq(fc_fernet_plain_max(SIZE_MAX), 0);
    ck_assert_uint_eq(fc_fernet_enc_update_max(SIZE_MAX), SIZE_MAX);
}
END_TEST

/* ---- round trips and boundaries ---- */

START_TEST(test_round_trip_lengths)
{
    static uint8_t msg[1100], out[TOKEN_MAX];
    char tok[TOKEN_MAX];
    uint8_t key[KEY];
    size_t len, t, n;

    rand_key(key);
    for (len = 0; len <= 1040; len += (len < 300 ? 1 : 37)) {
        fct_rand_bytes(msg, len);
        t = make_token(tok, key, 1700000000u, len ? msg : NULL, len);
        ck_assert_int_eq(open_token(key, tok, t, 1700000000u, 0, out, &n), FC_OK);
        ck_assert_uint_eq(n, len);
        ck_assert_mem_eq(out, msg, len);
    }
}
END_TEST

START_TEST(test_empty_plaintext)
{
    char tok[TOKEN_MAX];
    uint8_t key[KEY], out[16];
    size_t n = 99, t;

    rand_key(key);
    t = make_token(tok, key, 5, NULL, 0);
    ck_assert_uint_eq(t, 100);
    ck_assert_int_eq(fc_fernet_decrypt_at(out, sizeof out, &n, key, tok, t, 5, 0, NULL), FC_OK);
    ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(test_ttl_boundaries)
{
    char tok[TOKEN_MAX];
    uint8_t key[KEY];
    const uint64_t t0 = 1700000000u;
    uint64_t ts = 0;
    size_t t, n;
    uint8_t out[64];

    rand_key(key);
    t = make_token(tok, key, t0, (const uint8_t *)"x", 1);
    /* timestamp + ttl == now is still valid; one second later it is expired. */
    ck_assert_int_eq(open_token(key, tok, t, t0 + 100, 100, NULL, NULL), FC_OK);
    ck_assert_int_eq(open_token(key, tok, t, t0 + 101, 100, NULL, NULL), FC_ERR_EXPIRED);
    ck_assert_int_eq(fc_fernet_decrypt_at(out, sizeof out, &n, key, tok, t, t0 + 101, 100, &ts),
                     FC_ERR_EXPIRED);
    ck_assert_uint_eq(ts, t0);
    ck_assert_int_eq(open_token(key, tok, t, t0, 0, NULL, NULL), FC_OK);
    ck_assert_int_eq(open_token(key, tok, t, t0 + 1, 0, NULL, NULL), FC_ERR_EXPIRED);
    /* timestamp == now + 60 is valid, now + 61 is from the future. */
    ck_assert_int_eq(open_token(key, tok, t, t0 - 60, 100, NULL, NULL), FC_OK);
    ck_assert_int_eq(open_token(key, tok, t, t0 - 61, 100, NULL, NULL), FC_ERR_FUTURE);
    ts = 0;
    ck_assert_int_eq(fc_fernet_decrypt_at(out, sizeof out, &n, key, tok, t, t0 - 61, 100, &ts),
                     FC_ERR_FUTURE);
    ck_assert_uint_eq(ts, t0);
    /* No TTL: no time check at all, not even for the future or the distant past. */
    ck_assert_int_eq(open_token(key, tok, t, 0, FC_FERNET_NO_TTL, NULL, NULL), FC_OK);
    ck_assert_int_eq(open_token(key, tok, t, U64MAX, FC_FERNET_NO_TTL, NULL, NULL), FC_OK);
    ck_assert_int_eq(open_token(key, tok, t, t0 - 1000000, FC_FERNET_NO_TTL, NULL, NULL), FC_OK);
    /* The time rules run only for authentic tokens: a wrong key stays FC_ERR_AUTH. */
    key[0] ^= 1;
    ck_assert_int_eq(open_token(key, tok, t, t0 + 101, 100, NULL, NULL), FC_ERR_AUTH);
    ck_assert_int_eq(open_token(key, tok, t, t0 - 61, 100, NULL, NULL), FC_ERR_AUTH);
}
END_TEST

/* Timestamps at 2^63 and 2^64-1, with and without a TTL, clocks near both ends: no
 * arithmetic may overflow. */
START_TEST(test_extreme_timestamps)
{
    const uint64_t big[2] = {(uint64_t)1 << 63, U64MAX};
    char tok[TOKEN_MAX];
    uint8_t key[KEY];
    uint64_t ts, b;
    size_t t, i;

    rand_key(key);
    for (i = 0; i < 2; i++) {
        b = big[i];
        t = make_token(tok, key, b, (const uint8_t *)"edge", 4);
        ts = 0;
        ck_assert_int_eq(fc_fernet_extract_timestamp(&ts, (const uint8_t(*)[KEY])key, 1, tok, t),
                         FC_OK);
        ck_assert_uint_eq(ts, b);
        ck_assert_int_eq(open_token(key, tok, t, 0, FC_FERNET_NO_TTL, NULL, NULL), FC_OK);
        ck_assert_int_eq(open_token(key, tok, t, 0, 10, NULL, NULL), FC_ERR_FUTURE);
        ck_assert_int_eq(open_token(key, tok, t, b, 0, NULL, NULL), FC_OK);
        ck_assert_int_eq(open_token(key, tok, t, b, U64MAX - 1, NULL, NULL), FC_OK);
        ck_assert_int_eq(open_token(key, tok, t, b - 60, 10, NULL, NULL), FC_OK);
        ck_assert_int_eq(open_token(key, tok, t, b - 61, 10, NULL, NULL), FC_ERR_FUTURE);
        /* A clock at 2^64-1: timestamp + ttl reaches it exactly, or falls one short. */
        ck_assert_int_eq(open_token(key, tok, t, U64MAX, U64MAX - b, NULL, NULL), FC_OK);
        if (b != U64MAX)
            ck_assert_int_eq(open_token(key, tok, t, U64MAX, U64MAX - b - 1, NULL, NULL),
                             FC_ERR_EXPIRED);
    }
    /* Timestamp 2^64-1 and a clock at 2^64-30: now + 60 would wrap, yet it is valid. */
    t = make_token(tok, key, U64MAX, NULL, 0);
    ck_assert_int_eq(open_token(key, tok, t, U64MAX - 30, 5, NULL, NULL), FC_OK);
    /* Timestamp 1 under a clock at 2^64-1: 1 + (2^64-2) == now exactly. */
    t = make_token(tok, key, 1, NULL, 0);
    ck_assert_int_eq(open_token(key, tok, t, U64MAX, U64MAX - 1, NULL, NULL), FC_OK);
    ck_assert_int_eq(open_token(key, tok, t, U64MAX, U64MAX - 2, NULL, NULL), FC_ERR_EXPIRED);
    ck_assert_int_eq(open_token(key, tok, t, U64MAX, FC_FERNET_NO_TTL, NULL, NULL), FC_OK);
}
END_TEST

/* Authentic data (real HMAC) with broken framing or content. */
START_TEST(test_authentic_but_malformed)
{
    uint8_t key[KEY], raw[200], blk[16];
    char tok[TOKEN_MAX];
    fc_aes_ctx aes;
    size_t t, n;
    uint8_t iv[16];

    rand_key(key);
    fct_rand_bytes(raw, sizeof raw);
    raw[0] = 0x80;
    /* 57 bytes: header and tag, no ciphertext. */
    t = sign_raw(tok, key, raw, 57);
    ck_assert_uint_eq(t, 76);
    ck_assert_int_eq(open_token(key, tok, t, 0, FC_FERNET_NO_TTL, NULL, NULL), FC_ERR_AUTH);
    /* Ciphertext not a whole number of blocks. */
    t = sign_raw(tok, key, raw, 57 + 17);
    ck_assert_int_eq(open_token(key, tok, t, 0, FC_FERNET_NO_TTL, NULL, NULL), FC_ERR_AUTH);
    /* Wrong version byte, otherwise perfect. */
    raw[0] = 0x81;
    t = sign_raw(tok, key, raw, 57 + 32);
    ck_assert_int_eq(open_token(key, tok, t, 0, FC_FERNET_NO_TTL, NULL, NULL), FC_ERR_AUTH);
    raw[0] = 0x80;
    /* Bad PKCS#7 padding (last byte 0, and 17): authentic, so FC_ERR_MALFORMED. */
    ck_assert_int_eq(fc_aes_init(&aes, key + 16, 16), FC_OK);
    memset(blk, 3, sizeof blk);
    blk[15] = 0;
    memcpy(iv, raw + 9, 16);
    ck_assert_int_eq(fc_aes_cbc_encrypt(&aes, iv, raw + 25, blk, 16), FC_OK);
    t = sign_raw(tok, key, raw, 57 + 16);
    ck_assert_int_eq(open_token(key, tok, t, 0, FC_FERNET_NO_TTL, NULL, NULL), FC_ERR_MALFORMED);
    ck_assert_int_eq(stream_open(key, tok, t, 0, FC_FERNET_NO_TTL, (uint8_t *)raw + 100, &n, 5),
                     FC_ERR_MALFORMED);
    blk[15] = 17;
    memcpy(iv, raw + 9, 16);
    ck_assert_int_eq(fc_aes_cbc_encrypt(&aes, iv, raw + 25, blk, 16), FC_OK);
    t = sign_raw(tok, key, raw, 57 + 16);
    ck_assert_int_eq(open_token(key, tok, t, 0, FC_FERNET_NO_TTL, NULL, NULL), FC_ERR_MALFORMED);
    /* A good block signed the same way opens: the helper builds real tokens. */
    memset(blk, 16, sizeof blk);
    memcpy(iv, raw + 9, 16);
    ck_assert_int_eq(fc_aes_cbc_encrypt(&aes, iv, raw + 25, blk, 16), FC_OK);
    t = sign_raw(tok, key, raw, 57 + 16);
    ck_assert_int_eq(open_token(key, tok, t, 0, FC_FERNET_NO_TTL, NULL, &n), FC_OK);
    ck_assert_uint_eq(n, 0);
    fc_aes_wipe(&aes);
}
END_TEST

/* Strict base64: padding, canonical last character, alphabet, nothing after the token. */
START_TEST(test_strict_text)
{
    char tok[TOKEN_MAX], bad[TOKEN_MAX];
    uint8_t key[KEY], msg[40];
    const char *foreign = "+/*.= \n\t";
    static uint8_t scratch[TOKEN_MAX];
    size_t t, len, i, p, n;

    rand_key(key);
    fct_rand_bytes(msg, sizeof msg);
    for (len = 0; len < 48; len += 16) { /* 73, 89, 105 bytes: 1, 2 and 0 '=' characters */
        t = make_token(tok, key, 10, msg, len);
        ck_assert_int_eq(open_token(key, tok, t, 10, 0, NULL, NULL), FC_OK);
        p = t;
        while (tok[p - 1] == '=')
            p--;
        if (p < t) {
            /* Missing padding (all of it, or one '='). */
            ck_assert_int_eq(open_token(key, tok, p, 10, 0, NULL, NULL), FC_ERR_AUTH);
            ck_assert_int_eq(open_token(key, tok, t - 1, 10, 0, NULL, NULL), FC_ERR_AUTH);
            /* Non-canonical last character: set an unused low bit. */
            memcpy(bad, tok, t);
            bad[p - 1] = bad[p - 1] == 'A' ? 'B' : bad[p - 1] == 'B' ? 'C' : (char)(bad[p - 1] ^ 1);
            ck_assert_int_eq(open_token(key, bad, t, 10, 0, NULL, NULL), FC_ERR_AUTH);
        }
        /* Trailing data. */
        memcpy(bad, tok, t);
        memcpy(bad + t, "AAAA\n", 5);
        ck_assert_int_eq(open_token(key, bad, t + 1, 10, 0, NULL, NULL), FC_ERR_AUTH);
        ck_assert_int_eq(open_token(key, bad, t + 4, 10, 0, NULL, NULL), FC_ERR_AUTH);
        memcpy(bad + t, "\n", 1);
        ck_assert_int_eq(open_token(key, bad, t + 1, 10, 0, NULL, NULL), FC_ERR_AUTH);
        memcpy(bad + t, "====", 4);
        ck_assert_int_eq(open_token(key, bad, t + 4, 10, 0, NULL, NULL), FC_ERR_AUTH);
        /* Foreign characters anywhere (including the standard alphabet's + and /). */
        for (i = 0; foreign[i]; i++) {
            memcpy(bad, tok, t);
            bad[fct_rand_below(p)] = foreign[i];
            ck_assert_int_eq(open_token(key, bad, t, 10, 0, NULL, NULL), FC_ERR_AUTH);
            ck_assert_int_eq(stream_open(key, bad, t, 10, 0, scratch, &n, 3), FC_ERR_AUTH);
        }
        memcpy(bad, tok, t);
        bad[7] = '\0';
        ck_assert_int_eq(open_token(key, bad, t, 10, 0, NULL, NULL), FC_ERR_AUTH);
        bad[7] = (char)0xc3;
        ck_assert_int_eq(open_token(key, bad, t, 10, 0, NULL, NULL), FC_ERR_AUTH);
    }
}
END_TEST

/* Every single-bit flip of every character of valid tokens is rejected, and the output
 * buffer comes back all zero (checked in open_token). */
START_TEST(test_every_bit_flip)
{
    const size_t lens[] = {0, 16, 32, 45};
    char tok[TOKEN_MAX];
    uint8_t key[KEY], msg[64];
    size_t k, t, i, flips = 0;
    int bit;

    rand_key(key);
    fct_rand_bytes(msg, sizeof msg);
    for (k = 0; k < sizeof lens / sizeof lens[0]; k++) {
        t = make_token(tok, key, 1000, msg, lens[k]);
        for (i = 0; i < t; i++) {
            for (bit = 0; bit < 8; bit++) {
                tok[i] = (char)(tok[i] ^ (1 << bit));
                ck_assert_int_eq(open_token(key, tok, t, 1000, 60, NULL, NULL), FC_ERR_AUTH);
                tok[i] = (char)(tok[i] ^ (1 << bit));
                flips++;
            }
        }
        ck_assert_int_eq(open_token(key, tok, t, 1000, 60, NULL, NULL), FC_OK);
    }
    ck_assert_uint_gt(flips, 3000);
}
END_TEST

START_TEST(test_buffer_errors)
{
    char tok[TOKEN_MAX], tok2[TOKEN_MAX];
    uint8_t key[KEY], msg[33], out[TOKEN_MAX], iv[16] = {0};
    uint8_t keys[2][KEY];
    size_t t, n = 77, cap;

    rand_key(key);
    fct_rand_bytes(msg, sizeof msg);
    /* Encrypt: one character short, nothing written. */
    t = fc_fernet_token_len(sizeof msg);
    memset(tok, 'Z', sizeof tok);
    ck_assert_int_eq(fc_fernet_encrypt_at(tok, t - 1, &n, key, 1, iv, msg, sizeof msg),
                     FC_ERR_BUFFER);
    ck_assert_uint_eq(n, 77);
    for (n = 0; n < t; n++)
        ck_assert_int_eq(tok[n], 'Z');
    t = make_token(tok, key, 1, msg, sizeof msg);
    /* Encrypt builds the token in place inside out: with room to spare, exactly the token's
     * characters are written and nothing after them. */
    memset(tok2, 'Z', sizeof tok2);
    ck_assert_int_eq(fc_fernet_encrypt_at(tok2, sizeof tok2, &n, key, 1, iv, msg, sizeof msg),
                     FC_OK);
    ck_assert_uint_eq(n, t);
    ck_assert_int_eq(tok2[t], 'Z');
    /* Decrypt: one byte under fc_fernet_plain_max: out wiped as far as out_cap, and no
     * further, *out_len 0 (as on every decrypt error). */
    cap = fc_fernet_plain_max(t);
    memset(out, 0x33, sizeof out);
    ck_assert_int_eq(fc_fernet_decrypt_at(out, cap - 1, &n, key, tok, t, 1, 0, NULL),
                     FC_ERR_BUFFER);
    ck_assert(fct_all_zero(out, cap - 1));
    ck_assert_uint_eq(out[cap - 1], 0x33);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(fc_fernet_decrypt_at(out, cap, &n, key, tok, t, 1, 0, NULL), FC_OK);
    ck_assert_uint_eq(n, sizeof msg);
    /* Rotate: out_cap below the token's length. */
    memcpy(keys[0], key, KEY);
    memcpy(keys[1], key, KEY);
    memset(tok2, 'Z', sizeof tok2);
    ck_assert_int_eq(fc_fernet_multi_rotate(tok2, t - 1, &n, (const uint8_t(*)[KEY])keys, 2, tok,
                                            t, iv),
                     FC_ERR_BUFFER);
    ck_assert(fct_all_zero(tok2, t - 1));
    ck_assert_int_eq(tok2[t - 1], 'Z');
    ck_assert_uint_eq(n, 0);
    /* NULL rules. */
    ck_assert_int_eq(fc_fernet_encrypt_at(tok, sizeof tok, &n, key, 1, iv, NULL, 1), FC_ERR_ARG);
    ck_assert_int_eq(fc_fernet_encrypt_at(tok, sizeof tok, NULL, key, 1, iv, msg, 1), FC_ERR_ARG);
    memset(out, 0x33, sizeof out);
    n = 5;
    ck_assert_int_eq(fc_fernet_decrypt_at(out, cap, &n, key, NULL, t, 1, 0, NULL), FC_ERR_ARG);
    ck_assert(fct_all_zero(out, cap));
    ck_assert_uint_eq(n, 0);
    n = 5;
    ck_assert_int_eq(fc_fernet_multi_decrypt_at(out, cap, &n, (const uint8_t(*)[KEY])keys, 0, tok,
                                                t, 1, 0, NULL, NULL),
                     FC_ERR_ARG);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(fc_fernet_decrypt_at(out, cap, &n, NULL, tok, t, 1, 0, NULL), FC_ERR_ARG);
    ck_assert_int_eq(fc_fernet_decrypt_at(NULL, cap, &n, key, tok, t, 1, 0, NULL), FC_ERR_ARG);
    ck_assert_int_eq(fc_fernet_decrypt_at(NULL, 0, &n, key, tok, 3, 1, 0, NULL), FC_ERR_AUTH);
}
END_TEST

/* ---- several keys ---- */

START_TEST(test_multi_decrypt)
{
    uint8_t keys[3][KEY], other[KEY], msg[50], out[TOKEN_MAX];
    char tok[TOKEN_MAX];
    size_t t, n, used, k;
    uint64_t ts;

    for (k = 0; k < 3; k++)
        rand_key(keys[k]);
    rand_key(other);
    fct_rand_bytes(msg, sizeof msg);
    for (k = 0; k < 3; k++) {
        t = make_token(tok, keys[k], 500, msg, sizeof msg);
        used = 99;
        ts = 0;
        ck_assert_int_eq(fc_fernet_multi_decrypt_at(out, sizeof out, &n,
                                                    (const uint8_t(*)[KEY])keys, 3, tok, t, 510,
                                                    60, &ts, &used),
                         FC_OK);
        ck_assert_uint_eq(used, k);
        ck_assert_uint_eq(ts, 500);
        ck_assert_uint_eq(n, sizeof msg);
        ck_assert_mem_eq(out, msg, n);
        /* Expired under the right key: the reason, and which key verified. */
        used = 99;
        ck_assert_int_eq(fc_fernet_multi_decrypt_at(out, sizeof out, &n,
                                                    (const uint8_t(*)[KEY])keys, 3, tok, t, 561,
                                                    60, NULL, &used),
                         FC_ERR_EXPIRED);
        ck_assert_uint_eq(used, k);
        ck_assert(fct_all_zero(out, fc_fernet_plain_max(t)));
    }
    /* A key outside the list. */
    t = make_token(tok, other, 500, msg, sizeof msg);
    used = 99;
    memset(out, 1, sizeof out);
    ck_assert_int_eq(fc_fernet_multi_decrypt_at(out, sizeof out, &n, (const uint8_t(*)[KEY])keys,
                                                3, tok, t, 510, 60, NULL, &used),
                     FC_ERR_AUTH);
    ck_assert_uint_eq(used, 99);
    ck_assert(fct_all_zero(out, sizeof out));
    ck_assert_int_eq(fc_fernet_multi_decrypt_at(out, sizeof out, &n, (const uint8_t(*)[KEY])keys,
                                                0, tok, t, 510, 60, NULL, &used),
                     FC_ERR_ARG);
}
END_TEST

START_TEST(test_rotate)
{
    uint8_t keys[2][KEY], msg[300], out[TOKEN_MAX], iv[16];
    char tok[TOKEN_MAX], rot[TOKEN_MAX], want[TOKEN_MAX];
    size_t t, n, m, len, used;
    uint64_t ts;

    rand_key(keys[0]);
    rand_key(keys[1]);
    for (len = 0; len < sizeof msg; len += 1 + fct_rand_below(20)) {
        fct_rand_bytes(msg, len);
        fct_rand_bytes(iv, sizeof iv);
        t = make_token(tok, keys[1], 123456 + len, msg, len); /* made under the old key */
        ck_assert_int_eq(fc_fernet_multi_rotate(rot, t, &n, (const uint8_t(*)[KEY])keys, 2, tok, t,
                                                iv),
                         FC_OK);
        ck_assert_uint_eq(n, t);
        /* Exactly the token keys[0] makes with the old timestamp and the new IV. */
        ck_assert_int_eq(fc_fernet_encrypt_at(want, sizeof want, &m, keys[0], 123456 + len, iv,
                                              msg, len),
                         FC_OK);
        ck_assert_mem_eq(rot, want, n);
        ck_assert_int_eq(fc_fernet_extract_timestamp(&ts, (const uint8_t(*)[KEY])keys, 1, rot, n),
                         FC_OK);
        ck_assert_uint_eq(ts, 123456 + len);
        /* Opens with the new key only. */
        ck_assert_int_eq(open_token(keys[0], rot, n, 0, FC_FERNET_NO_TTL, out, &m), FC_OK);
        ck_assert_uint_eq(m, len);
        ck_assert_mem_eq(out, msg, len);
        ck_assert_int_eq(open_token(keys[1], rot, n, 0, FC_FERNET_NO_TTL, NULL, NULL),
                         FC_ERR_AUTH);
        ck_assert_int_eq(fc_fernet_multi_decrypt_at(out, sizeof out, &m,
                                                    (const uint8_t(*)[KEY])keys, 2, rot, n, 0,
                                                    FC_FERNET_NO_TTL, NULL, &used),
                         FC_OK);
        ck_assert_uint_eq(used, 0);
    }
    /* No time check in rotation, but the HMAC must verify. */
    t = make_token(tok, keys[1], 1, msg, 10);
    ck_assert_int_eq(fc_fernet_multi_rotate(rot, sizeof rot, &n, (const uint8_t(*)[KEY])keys, 2,
                                            tok, t, iv),
                     FC_OK);
    tok[t / 2] = tok[t / 2] == 'A' ? 'B' : 'A';
    memset(rot, 'Z', sizeof rot);
    ck_assert_int_eq(fc_fernet_multi_rotate(rot, sizeof rot, &n, (const uint8_t(*)[KEY])keys, 2,
                                            tok, t, iv),
                     FC_ERR_AUTH);
    ck_assert(fct_all_zero(rot, sizeof rot));
}
END_TEST

START_TEST(test_extract_timestamp)
{
    uint8_t keys[2][KEY];
    char tok[TOKEN_MAX];
    size_t t;
    uint64_t ts = 42;

    rand_key(keys[0]);
    rand_key(keys[1]);
    t = make_token(tok, keys[1], 987654321, (const uint8_t *)"abc", 3);
    ck_assert_int_eq(fc_fernet_extract_timestamp(&ts, (const uint8_t(*)[KEY])keys, 2, tok, t),
                     FC_OK);
    ck_assert_uint_eq(ts, 987654321);
    /* Wrong key, or a flipped tag bit: no timestamp. */
    ts = 42;
    ck_assert_int_eq(fc_fernet_extract_timestamp(&ts, (const uint8_t(*)[KEY])keys, 1, tok, t),
                     FC_ERR_AUTH);
    tok[t - 3] = tok[t - 3] == 'A' ? 'B' : 'A';
    ck_assert_int_eq(fc_fernet_extract_timestamp(&ts, (const uint8_t(*)[KEY])keys, 2, tok, t),
                     FC_ERR_AUTH);
    ck_assert_uint_eq(ts, 42);
    ck_assert_int_eq(fc_fernet_extract_timestamp(&ts, (const uint8_t(*)[KEY])keys, 0, tok, t),
                     FC_ERR_ARG);
}
END_TEST

/* ---- streaming ---- */

START_TEST(test_stream_encrypt_chunkings)
{
    static uint8_t msg[2001];
    char one[TOKEN_MAX], str[TOKEN_MAX];
    uint8_t key[KEY], iv[16];
    size_t len, a = 0, b, runs = 0;
    uint64_t now;

    for (len = 0; len <= 2000; len += (len < 200 ? 1 : 1 + fct_rand_below(60)), runs++) {
        rand_key(key);
        fct_rand_bytes(iv, sizeof iv);
        fct_rand_bytes(msg, len);
        now = fct_rand64();
        ck_assert_int_eq(fc_fernet_encrypt_at(one, sizeof one, &a, key, now, iv, msg, len), FC_OK);
        b = stream_seal(str, key, now, iv, msg, len, 1 + fct_rand_below(len + 40));
        ck_assert_uint_eq(b, a);
        ck_assert_mem_eq(str, one, a);
    }
    ck_assert_uint_gt(runs, 250);
}
END_TEST

START_TEST(test_stream_decrypt_chunkings)
{
    static uint8_t msg[2001], one[TOKEN_MAX], two[TOKEN_MAX];
    char tok[TOKEN_MAX];
    uint8_t key[KEY];
    size_t len, t, a = 0, b = 0;

    rand_key(key);
    for (len = 0; len <= 2000; len += (len < 100 ? 1 : 1 + fct_rand_below(80))) {
        fct_rand_bytes(msg, len);
        t = make_token(tok, key, 77, msg, len);
        ck_assert_int_eq(open_token(key, tok, t, 77, 1, one, &a), FC_OK);
        ck_assert_int_eq(stream_open(key, tok, t, 77, 1, two, &b, 1 + fct_rand_below(t)), FC_OK);
        ck_assert_uint_eq(b, a);
        ck_assert_uint_eq(b, len);
        ck_assert_mem_eq(two, one, a);
        ck_assert_int_eq(stream_open(key, tok, t, 77, 1, two, &b, 1), FC_OK);
        ck_assert_mem_eq(two, msg, len);
    }
}
END_TEST

/* Pass 1 over tok with key (no time check), then a decryptor for pass 2. */
static void pass1(fc_fernet_dec_ctx *st, const uint8_t key[KEY], const char *tok, size_t t)
{
    fc_fernet_verify_ctx v;

    fc_fernet_verify_init(&v, key);
    ck_assert_int_eq(fc_fernet_verify_update(&v, tok, t), FC_OK);
    ck_assert_int_eq(fc_fernet_verify_final(&v, 9, FC_FERNET_NO_TTL, NULL), FC_OK);
    ck_assert_int_eq(fc_fernet_dec_init(st, &v), FC_OK);
    ck_assert(fct_all_zero(&v, sizeof v)); /* the verifier is wiped once the decryptor took over */
}

/* Pass 2 over alt in random chunks of at most maxchunk characters. Each call gets a buffer
 * filled with 0xa5; the first call that fails must leave it zero as far as out_cap and
 * *out_len 0. Returns that call's error (FC_OK if pass 2 accepted alt). */
static fc_err pass2(fc_fernet_dec_ctx *st, const char *alt, size_t t, size_t maxchunk)
{
    static uint8_t out[TOKEN_MAX + 64];
    size_t off, c, cap, n;
    fc_err err = FC_OK;

    for (off = 0; off < t && err == FC_OK; off += c) {
        c = 1 + fct_rand_below(maxchunk);
        c = c < t - off ? c : t - off;
        cap = fc_fernet_dec_update_max(c);
        memset(out, 0xa5, sizeof out);
        n = 999;
        err = fc_fernet_dec_update(st, out, cap, &n, alt + off, c);
        if (err != FC_OK) {
            ck_assert(fct_all_zero(out, cap));
            ck_assert_uint_eq(out[cap], 0xa5);
            ck_assert_uint_eq(n, 0);
        }
    }
    if (err != FC_OK)
        return err;
    memset(out, 0xa5, sizeof out);
    n = 999;
    err = fc_fernet_dec_final(st, out, FC_FERNET_DEC_FINAL_MAX, &n);
    if (err != FC_OK) {
        ck_assert(fct_all_zero(out, FC_FERNET_DEC_FINAL_MAX));
        ck_assert_uint_eq(n, 0);
    }
    return err;
}

/* Issue 9 section 2: the text changes in pass 2 only, one character at a time, at every
 * position, to another base64 character or to a character no token holds. Pass 2 must
 * refuse every one of them at dec_update or dec_final. */
START_TEST(test_stream_pass2_every_change)
{
    static const char b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const char other[] = {'!', '=', '+', '/', ' ', '\n', '\0', (char)0xc3};
    char tok[TOKEN_MAX], alt[TOKEN_MAX];
    uint8_t key[KEY], msg[20];
    size_t t, p, j, n, tries = 0;
    fc_fernet_dec_ctx st;
    const char *hit;
    fc_err err;

    rand_key(key);
    fct_rand_bytes(msg, sizeof msg);
    t = make_token(tok, key, 9, msg, sizeof msg);
    for (p = 0; p < t; p++) {
        for (j = 0; j < 3 + sizeof other; j++) {
            memcpy(alt, tok, t);
            if (j < 3) {
                hit = strchr(b64, tok[p]);
                /* another base64 character: the next one, the one 16 on (same top bits
                 * in the last quad's partial character), or 'A' */
                alt[p] = hit == NULL ? 'A'
                         : j == 0    ? b64[(size_t)(hit - b64 + 1) % 64]
                         : j == 1    ? b64[(size_t)(hit - b64 + 16) % 64]
                                     : 'A';
            } else {
                alt[p] = other[j - 3];
            }
            if (alt[p] == tok[p])
                continue;
            pass1(&st, key, tok, t);
            err = pass2(&st, alt, t, 1 + p % 40);
            ck_assert_msg(err == FC_ERR_AUTH, "position %zu to 0x%02x: %d", p,
                          (unsigned)(unsigned char)alt[p], (int)err);
            /* The context is wiped: no further call works. */
            ck_assert_int_eq(fc_fernet_dec_final(&st, (uint8_t *)alt, 16, &n), FC_ERR_STATE);
            tries++;
        }
    }
    ck_assert_uint_gt(tries, 10 * t);
}
END_TEST

/* The example: key 00..1f, now 0, IV zero, "hi"; pass 2 sees "!!!!" for the last
 * four characters. */
START_TEST(test_stream_pass2_tag_example)
{
    uint8_t key[KEY], iv[16] = {0}, out[64];
    char tok[TOKEN_MAX], alt[TOKEN_MAX];
    size_t t = 0, i, w = 0, n = 7;
    fc_fernet_dec_ctx st;

    for (i = 0; i < KEY; i++)
        key[i] = (uint8_t)i;
    ck_assert_int_eq(fc_fernet_encrypt_at(tok, sizeof tok, &t, key, 0, iv,
                                          (const uint8_t *)"hi", 2),
                     FC_OK);
    memcpy(alt, tok, t);
    memcpy(alt + t - 4, "!!!!", 4);
    pass1(&st, key, tok, t);
    ck_assert_int_eq(fc_fernet_dec_update(&st, out, sizeof out, &w, alt, t), FC_OK);
    memset(out, 0xa5, sizeof out);
    ck_assert_int_eq(fc_fernet_dec_final(&st, out, sizeof out, &n), FC_ERR_AUTH);
    ck_assert(fct_all_zero(out, sizeof out));
    ck_assert_uint_eq(n, 0);
    /* The same text in both passes still opens. */
    pass1(&st, key, tok, t);
    ck_assert_int_eq(fc_fernet_dec_update(&st, out, sizeof out, &w, tok, t), FC_OK);
    ck_assert_int_eq(fc_fernet_dec_final(&st, out + w, sizeof out - w, &n), FC_OK);
    ck_assert_uint_eq(w + n, 2);
    ck_assert_mem_eq(out, "hi", 2);
}
END_TEST

/* Longer, shorter, and invalid text in pass 2. */
START_TEST(test_stream_tamper_between_passes)
{
    char tok[TOKEN_MAX], alt[TOKEN_MAX];
    uint8_t key[KEY], msg[100], out[TOKEN_MAX];
    size_t t, n, w;
    fc_fernet_dec_ctx st;

    rand_key(key);
    fct_rand_bytes(msg, sizeof msg);
    t = make_token(tok, key, 9, msg, sizeof msg);
    pass1(&st, key, tok, t);
    ck_assert_int_eq(fc_fernet_dec_update(&st, out, sizeof out, &w, tok, t), FC_OK);
    memset(out, 0x77, sizeof out);
    ck_assert_int_eq(fc_fernet_dec_update(&st, out, sizeof out, &w, "AAAA", 4), FC_ERR_AUTH);
    ck_assert(fct_all_zero(out, sizeof out));
    ck_assert_int_eq(fc_fernet_dec_final(&st, out, 16, &n), FC_ERR_STATE);
    pass1(&st, key, tok, t);
    ck_assert_int_eq(fc_fernet_dec_update(&st, out, sizeof out, &w, tok, t - 4), FC_OK);
    ck_assert_int_eq(fc_fernet_dec_final(&st, out + w, 16, &n), FC_ERR_AUTH);
    memcpy(alt, tok, t);
    alt[10] = '*';
    pass1(&st, key, tok, t);
    memset(out, 0x77, sizeof out);
    ck_assert_int_eq(fc_fernet_dec_update(&st, out, sizeof out, &w, alt, t), FC_ERR_AUTH);
    ck_assert(fct_all_zero(out, sizeof out));
    ck_assert_int_eq(fc_fernet_dec_final(&st, out, 16, &n), FC_ERR_STATE);
}
END_TEST

START_TEST(test_stream_order_and_buffers)
{
    fc_fernet_enc_ctx enc;
    fc_fernet_verify_ctx v;
    fc_fernet_dec_ctx dec;
    char tok[TOKEN_MAX], part[TOKEN_MAX];
    uint8_t key[KEY], iv[16] = {1}, msg[40], out[TOKEN_MAX];
    size_t t, n, w, a;

    rand_key(key);
    fct_rand_bytes(msg, sizeof msg);
    t = make_token(tok, key, 3, msg, sizeof msg);

    /* Verifier: a decryptor only from a verifier that verified, once; nothing after final. */
    fc_fernet_verify_init(&v, key);
    ck_assert_int_eq(fc_fernet_dec_init(&dec, &v), FC_ERR_STATE); /* pass 1 not ended */
    ck_assert(fct_all_zero(&v, sizeof v));
    n = 5;
    ck_assert_int_eq(fc_fernet_dec_update(&dec, out, sizeof out, &n, tok, t), FC_ERR_STATE);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(fc_fernet_dec_final(&dec, out, sizeof out, &n), FC_ERR_STATE);
    fc_fernet_verify_init(&v, key);
    ck_assert_int_eq(fc_fernet_verify_update(&v, tok, t), FC_OK);
    ck_assert_int_eq(fc_fernet_verify_final(&v, 3, 0, NULL), FC_OK);
    ck_assert_int_eq(fc_fernet_verify_update(&v, tok, t), FC_ERR_STATE);
    ck_assert_int_eq(fc_fernet_verify_final(&v, 3, 0, NULL), FC_ERR_STATE);
    ck_assert_int_eq(fc_fernet_dec_init(&dec, &v), FC_OK);
    ck_assert_int_eq(fc_fernet_dec_init(&dec, &v), FC_ERR_STATE); /* used up */
    fc_fernet_verify_init(&v, key);
    ck_assert_int_eq(fc_fernet_verify_update(&v, tok, t), FC_OK);
    ck_assert_int_eq(fc_fernet_verify_final(&v, 3, 0, NULL), FC_OK);
    ck_assert_int_eq(fc_fernet_dec_init(NULL, &v), FC_ERR_ARG);
    ck_assert(fct_all_zero(&v, sizeof v));
    ck_assert_int_eq(fc_fernet_dec_init(&dec, NULL), FC_ERR_ARG);
    pass1(&dec, key, tok, t);
    /* dec_update: too small for what this call releases (state unchanged, out wiped), then
     * enough. */
    memset(out, 0x44, sizeof out);
    ck_assert_int_eq(fc_fernet_dec_update(&dec, out, 31, &n, tok, t), FC_ERR_BUFFER);
    ck_assert(fct_all_zero(out, 31));
    ck_assert_uint_eq(out[31], 0x44);
    ck_assert_int_eq(fc_fernet_dec_update(&dec, out, 32, &w, tok, t), FC_OK);
    ck_assert_uint_eq(w, 32);
    ck_assert_int_eq(fc_fernet_dec_final(&dec, out + w, FC_FERNET_DEC_FINAL_MAX - 1, &n),
                     FC_ERR_BUFFER);
    ck_assert_int_eq(fc_fernet_dec_final(&dec, out + w, FC_FERNET_DEC_FINAL_MAX, &n), FC_OK);
    ck_assert_uint_eq(w + n, sizeof msg);
    ck_assert_mem_eq(out, msg, sizeof msg);
    ck_assert_int_eq(fc_fernet_dec_final(&dec, out, sizeof out, &n), FC_ERR_STATE);
    ck_assert_int_eq(fc_fernet_dec_update(&dec, out, sizeof out, &n, tok, t), FC_ERR_STATE);
    /* After a failed pass 1: the text stays refused, no decryptor. */
    fc_fernet_verify_init(&v, key);
    ck_assert_int_eq(fc_fernet_verify_update(&v, "!AAAAAAA", 8), FC_ERR_AUTH);
    ck_assert_int_eq(fc_fernet_verify_update(&v, tok, t), FC_ERR_AUTH);
    ck_assert_int_eq(fc_fernet_verify_final(&v, 3, 0, NULL), FC_ERR_AUTH);
    ck_assert_int_eq(fc_fernet_dec_init(&dec, &v), FC_ERR_STATE);
    fc_fernet_verify_init(&v, key);
    ck_assert_int_eq(fc_fernet_verify_update(&v, tok, t), FC_OK);
    ck_assert_int_eq(fc_fernet_verify_final(&v, 100, 0, NULL), FC_ERR_EXPIRED);
    ck_assert(fct_all_zero(v.key, sizeof v.key)); /* wiped on the error */
    ck_assert_int_eq(fc_fernet_dec_init(&dec, &v), FC_ERR_STATE);
    /* A wrong version byte is refused at once, before the end of the text. */
    fc_fernet_verify_init(&v, key);
    ck_assert_int_eq(fc_fernet_verify_update(&v, "hAAAAAAA", 8), FC_ERR_AUTH);
    /* A wiped (zeroed) context is out of order. */
    memset(&v, 0, sizeof v);
    ck_assert_int_eq(fc_fernet_verify_update(&v, tok, t), FC_ERR_STATE);
    ck_assert_int_eq(fc_fernet_verify_final(&v, 0, 0, NULL), FC_ERR_STATE);
    memset(&dec, 0, sizeof dec);
    ck_assert_int_eq(fc_fernet_dec_update(&dec, out, sizeof out, &n, tok, t), FC_ERR_STATE);

    /* Encryptor: buffers below the documented needs, state unchanged, then finish. */
    fc_fernet_enc_init(&enc, key, 3, iv);
    ck_assert_int_eq(fc_fernet_enc_update(&enc, part, fc_fernet_enc_update_max(sizeof msg) - 1,
                                          &n, msg, sizeof msg),
                     FC_ERR_BUFFER);
    ck_assert_int_eq(fc_fernet_enc_update(&enc, part, fc_fernet_enc_update_max(sizeof msg), &a,
                                          msg, sizeof msg),
                     FC_OK);
    ck_assert_int_eq(fc_fernet_enc_final(&enc, part + a, 1, &n), FC_ERR_BUFFER);
    ck_assert_int_eq(fc_fernet_enc_final(&enc, part + a, FC_FERNET_ENC_FINAL_MAX, &n), FC_OK);
    ck_assert_int_eq(fc_fernet_encrypt_at(tok, sizeof tok, &t, key, 3, iv, msg, sizeof msg), FC_OK);
    ck_assert_uint_eq(a + n, t);
    ck_assert_mem_eq(part, tok, t);
    ck_assert_int_eq(fc_fernet_enc_update(&enc, part, sizeof part, &n, msg, 1), FC_ERR_STATE);
    ck_assert_int_eq(fc_fernet_enc_final(&enc, part, sizeof part, &n), FC_ERR_STATE);
    memset(&enc, 0, sizeof enc);
    ck_assert_int_eq(fc_fernet_enc_update(&enc, part, sizeof part, &n, msg, 1), FC_ERR_STATE);
}
END_TEST

/* A bigger token through the streaming API in odd-sized pieces. */
START_TEST(test_stream_large)
{
    const size_t len = 100000;
    uint8_t *msg = malloc(len), *out = malloc(len + 64), key[KEY], iv[16];
    char *tok = malloc(fc_fernet_token_len(len)), *tok2 = malloc(fc_fernet_token_len(len));
    size_t t = 0, t2, n = 0;
    fc_fernet_enc_ctx enc;

    ck_assert(msg && out && tok && tok2);
    rand_key(key);
    fct_rand_bytes(iv, sizeof iv);
    fct_rand_bytes(msg, len);
    ck_assert_int_eq(fc_fernet_encrypt_at(tok, fc_fernet_token_len(len), &t, key, 1, iv, msg, len),
                     FC_OK);
    t2 = 0;
    {
        size_t off, c, k;
        fc_fernet_enc_init(&enc, key, 1, iv);
        for (off = 0; off < len; off += c) {
            c = 1 + fct_rand_below(5000);
            c = c < len - off ? c : len - off;
            ck_assert_int_eq(fc_fernet_enc_update(&enc, tok2 + t2, fc_fernet_enc_update_max(c), &k,
                                                  msg + off, c),
                             FC_OK);
            t2 += k;
        }
        ck_assert_int_eq(fc_fernet_enc_final(&enc, tok2 + t2, FC_FERNET_ENC_FINAL_MAX, &k), FC_OK);
        t2 += k;
    }
    ck_assert_uint_eq(t2, t);
    ck_assert_mem_eq(tok2, tok, t);
    ck_assert_int_eq(stream_open(key, tok, t, 1, FC_FERNET_NO_TTL, out, &n, 3000), FC_OK);
    ck_assert_uint_eq(n, len);
    ck_assert_mem_eq(out, msg, len);
    free(msg);
    free(out);
    free(tok);
    free(tok2);
}
END_TEST

/* ---- platform ---- */

START_TEST(test_platform)
{
    uint8_t a[64], b[64], key[KEY], out[64];
    char tok[TOKEN_MAX];
    uint64_t now = 0, ts = 0;
    size_t n = 0, m = 0;
    time_t t0 = time(NULL);

    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    ck_assert_int_eq(fc_os_random(NULL, a, sizeof a), FC_OK);
    ck_assert_int_eq(fc_os_random(NULL, b, sizeof b), FC_OK);
    ck_assert(memcmp(a, b, sizeof a) != 0);
    ck_assert(!fct_all_zero(a, sizeof a));
    ck_assert_int_eq(fc_os_random(NULL, NULL, 0), FC_OK);
    ck_assert_int_eq(fc_os_random(NULL, NULL, 1), FC_ERR_ARG);

    ck_assert_int_eq(fc_os_time(&now), FC_OK);
    ck_assert_uint_le((uint64_t)t0, now);
    ck_assert_uint_le(now, (uint64_t)time(NULL));
    ck_assert_int_eq(fc_os_time(NULL), FC_ERR_ARG);

    ck_assert_int_eq(fc_os_fernet_key_generate(key), FC_OK);
    ck_assert_int_eq(fc_os_fernet_encrypt(tok, sizeof tok, &n, key, (const uint8_t *)"hi there", 8),
                     FC_OK);
    ck_assert_uint_eq(n, fc_fernet_token_len(8));
    ck_assert_int_eq(fc_os_fernet_decrypt(out, sizeof out, &m, key, tok, n, 60), FC_OK);
    ck_assert_uint_eq(m, 8);
    ck_assert_mem_eq(out, "hi there", 8);
    ck_assert_int_eq(fc_os_fernet_decrypt(out, sizeof out, &m, key, tok, n, FC_FERNET_NO_TTL), FC_OK);
    ck_assert_int_eq(fc_fernet_extract_timestamp(&ts, (const uint8_t(*)[KEY])key, 1, tok, n),
                     FC_OK);
    ck_assert_uint_ge(ts, (uint64_t)t0);
    ck_assert_uint_le(ts, (uint64_t)time(NULL));
    /* Two tokens of the same message differ: fresh IVs. */
    ck_assert_int_eq(fc_os_fernet_encrypt(tok + 200, sizeof tok - 200, &m, key,
                                       (const uint8_t *)"hi there", 8),
                     FC_OK);
    ck_assert(memcmp(tok + 25, tok + 225, 22) != 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fernet");
    TCase *vec = tcase_create("vectors"), *core = tcase_create("core"),
          *stream = tcase_create("stream"), *plat = tcase_create("platform");

    gen_v = fct_json_load("fernet/generate.json");
    ver_v = fct_json_load("fernet/verify.json");
    inv_v = fct_json_load("fernet/invalid.json");
    fct_count("fernet generate.json", gen_v->len);
    fct_count("fernet verify.json", ver_v->len);
    fct_count("fernet invalid.json", inv_v->len);

    tcase_add_loop_test(vec, test_generate_vectors, 0, (int)gen_v->len);
    tcase_add_loop_test(vec, test_verify_vectors, 0, (int)ver_v->len);
    tcase_add_loop_test(vec, test_invalid_vectors, 0, (int)inv_v->len);
    suite_add_tcase(s, vec);

    tcase_set_timeout(core, 300);
    tcase_add_test(core, test_key_text);
    tcase_add_test(core, test_key_generate);
    tcase_add_test(core, test_sizes);
    tcase_add_test(core, test_round_trip_lengths);
    tcase_add_test(core, test_empty_plaintext);
    tcase_add_test(core, test_ttl_boundaries);
    tcase_add_test(core, test_extreme_timestamps);
    tcase_add_test(core, test_authentic_but_malformed);
    tcase_add_test(core, test_strict_text);
    tcase_add_test(core, test_every_bit_flip);
    tcase_add_test(core, test_buffer_errors);
    tcase_add_test(core, test_multi_decrypt);
    tcase_add_test(core, test_rotate);
    tcase_add_test(core, test_extract_timestamp);
    suite_add_tcase(s, core);

    tcase_set_timeout(stream, 300);
    tcase_add_test(stream, test_stream_encrypt_chunkings);
    tcase_add_test(stream, test_stream_decrypt_chunkings);
    tcase_add_test(stream, test_stream_pass2_every_change);
    tcase_add_test(stream, test_stream_pass2_tag_example);
    tcase_add_test(stream, test_stream_tamper_between_passes);
    tcase_add_test(stream, test_stream_order_and_buffers);
    tcase_add_test(stream, test_stream_large);
    suite_add_tcase(s, stream);

    tcase_add_test(plat, test_platform);
    suite_add_tcase(s, plat);
    return fct_run(s);
}
