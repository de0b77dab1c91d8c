/*
 * Differential tests for the hardware backends (issue 10): with random keys, IVs, lengths
 * and split points, every AES backend this machine has must give the portable core's bytes
 * in every mode and direction, in place and out of place; the SHA-256 in use (SHA-NI,
 * Armv8 or portable) must agree with the portable compression, and so must HMAC, PBKDF2
 * and Fernet tokens built on top of it (references composed here from the portable
 * compression: RFC 2104, RFC 8018 5.2 and the Fernet spec's token layout).
 * `make check` also runs this suite with FERNETC_HW=none, where both sides are portable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fc_aes.h"
#include "fc_base64.h"
#include "fc_fernet.h"
#include "fc_hmac.h"
#include "fc_pbkdf2.h"
#include "fc_sha256.h"
#include "fc_test.h"
#include "sha256_backend.h"

static const char *const hw_aes[] = { "aesni", "vaes256", "vaes512", "armv8" };
#define NHW (sizeof hw_aes / sizeof hw_aes[0])
#define MAXLEN 1200

enum { M_ECB, M_CBC, M_CFB128, M_CFB8, M_COUNT };

/* Run mode m over len bytes, split at random points (whole blocks for ECB/CBC). */
static void run_split(const fc_aes_ctx *ctx, int m, int dec, const uint8_t iv[16], uint8_t *out,
                      const uint8_t *in, size_t len)
{
    uint8_t ivc[16];
    fc_aes_cfb_ctx st;
    size_t off = 0, n;
    fc_err e = FC_OK;

    memcpy(ivc, iv, 16);
    fc_aes_cfb_init(&st, iv);
    while (off < len) {
        n = fct_rand_below(len - off + 1);
        if (m == M_ECB || m == M_CBC)
            n -= n % 16;
        switch (m) {
        case M_ECB:
            if (dec)
                fc_aes_decrypt_blocks(ctx, out + off, in + off, n / 16);
            else
                fc_aes_encrypt_blocks(ctx, out + off, in + off, n / 16);
            break;
        case M_CBC:
            e = dec ? fc_aes_cbc_decrypt(ctx, ivc, out + off, in + off, n)
                    : fc_aes_cbc_encrypt(ctx, ivc, out + off, in + off, n);
            break;
        case M_CFB128:
            e = dec ? fc_aes_cfb128_decrypt(ctx, &st, out + off, in + off, n)
                    : fc_aes_cfb128_encrypt(ctx, &st, out + off, in + off, n);
            break;
        default:
            e = dec ? fc_aes_cfb8_decrypt(ctx, &st, out + off, in + off, n)
                    : fc_aes_cfb8_encrypt(ctx, &st, out + off, in + off, n);
            break;
        }
        ck_assert_int_eq(e, FC_OK);
        off += n;
    }
}

/* Loop index: backend (NHW) x mode (4). 60 random cases each, both directions. */
START_TEST(test_aes_diff)
{
    size_t b = (size_t)_i / M_COUNT, len, k, klen;
    int m = _i % M_COUNT, dec;
    uint8_t key[32], iv[16], in[MAXLEN], want[MAXLEN], got[MAXLEN];
    fc_aes_ctx hw, ref;

    fct_rand_bytes(key, sizeof key);
    if (fc_aes_init_backend(&hw, key, 16, hw_aes[b]) != FC_OK)
        return; /* this machine lacks it */
    for (k = 0; k < 60; k++) {
        klen = 16 + 8 * fct_rand_below(3);
        fct_rand_bytes(key, klen);
        fct_rand_bytes(iv, 16);
        len = fct_rand_below(MAXLEN + 1);
        if (m == M_ECB || m == M_CBC)
            len -= len % 16;
        fct_rand_bytes(in, len);
        ck_assert_int_eq(fc_aes_init_backend(&hw, key, klen, hw_aes[b]), FC_OK);
        ck_assert_int_eq(fc_aes_init_backend(&ref, key, klen, "portable"), FC_OK);
        ck_assert_str_eq(fc_aes_backend_name(&hw), hw_aes[b]);
        for (dec = 0; dec < 2; dec++) {
            run_split(&ref, m, dec, iv, want, in, len);
            run_split(&hw, m, dec, iv, got, in, len);
            ck_assert_msg(memcmp(got, want, len) == 0, "%s mode %d dec %d klen %zu len %zu",
                          hw_aes[b], m, dec, klen, len);
            memcpy(got, in, len); /* in place */
            run_split(&hw, m, dec, iv, got, got, len);
            ck_assert_msg(memcmp(got, want, len) == 0, "%s in place mode %d dec %d len %zu",
                          hw_aes[b], m, dec, len);
        }
    }
    fc_aes_wipe(&hw);
    fc_aes_wipe(&ref);
}
END_TEST

/* ---- SHA-256 / HMAC / PBKDF2 references on the portable compression ---- */

typedef struct {
    uint32_t h[8];
    uint8_t buf[64];
    size_t used;
    uint64_t total;
} ref_sha;

static void ref_init(ref_sha *s)
{
    static const uint32_t h0[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    memcpy(s->h, h0, sizeof h0);
    s->used = 0;
    s->total = 0;
}

static void ref_update(ref_sha *s, const uint8_t *p, size_t n)
{
    s->total += n;
    while (n-- > 0) {
        s->buf[s->used++] = *p++;
        if (s->used == 64) {
            fc_sha256_ct_blocks(s->h, s->buf, 1);
            s->used = 0;
        }
    }
}

/* FIPS 180-4 5.1.1 padding, then the big-endian digest. */
static void ref_final(ref_sha *s, uint8_t out[32])
{
    uint64_t bits = s->total * 8;
    uint8_t pad = 0x80, zero = 0, len[8];
    int i;

    ref_update(s, &pad, 1);
    while (s->used != 56)
        ref_update(s, &zero, 1);
    for (i = 0; i < 8; i++)
        len[i] = (uint8_t)(bits >> (56 - 8 * i));
    ref_update(s, len, 8);
    for (i = 0; i < 32; i++)
        out[i] = (uint8_t)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}

static void ref_sha256(uint8_t out[32], const uint8_t *p, size_t n)
{
    ref_sha s;
    ref_init(&s);
    ref_update(&s, p, n);
    ref_final(&s, out);
}

/* RFC 2104: H(K0 ^ opad || H(K0 ^ ipad || m)). */
static void ref_hmac(uint8_t out[32], const uint8_t *key, size_t klen, const uint8_t *m, size_t n)
{
    uint8_t k0[64] = { 0 }, pad[64], ih[32];
    ref_sha s;
    size_t i;

    if (klen > 64)
        ref_sha256(k0, key, klen);
    else
        memcpy(k0, key, klen);
    for (i = 0; i < 64; i++)
        pad[i] = (uint8_t)(k0[i] ^ 0x36);
    ref_init(&s);
    ref_update(&s, pad, 64);
    ref_update(&s, m, n);
    ref_final(&s, ih);
    for (i = 0; i < 64; i++)
        pad[i] = (uint8_t)(k0[i] ^ 0x5c);
    ref_init(&s);
    ref_update(&s, pad, 64);
    ref_update(&s, ih, 32);
    ref_final(&s, out);
}

/* RFC 8018 5.2: T_i = U_1 ^ ... ^ U_c, U_1 = PRF(P, S || INT(i)), U_j = PRF(P, U_{j-1}). */
static void ref_pbkdf2(uint8_t *out, size_t dklen, const uint8_t *pw, size_t pwlen,
                       const uint8_t *salt, size_t saltlen, uint32_t c)
{
    uint8_t s[128 + 4], u[32], t[32];
    uint32_t blk, j;
    size_t i, take;

    memcpy(s, salt, saltlen);
    for (blk = 1; dklen > 0; blk++) {
        s[saltlen] = (uint8_t)(blk >> 24);
        s[saltlen + 1] = (uint8_t)(blk >> 16);
        s[saltlen + 2] = (uint8_t)(blk >> 8);
        s[saltlen + 3] = (uint8_t)blk;
        ref_hmac(u, pw, pwlen, s, saltlen + 4);
        memcpy(t, u, 32);
        for (j = 1; j < c; j++) {
            ref_hmac(u, pw, pwlen, u, 32);
            for (i = 0; i < 32; i++)
                t[i] ^= u[i];
        }
        take = dklen < 32 ? dklen : 32;
        memcpy(out, t, take);
        out += take;
        dklen -= take;
    }
}

START_TEST(test_sha256_diff)
{
    static uint8_t msg[5000];
    uint8_t want[32], got[32];
    fc_sha256_ctx ctx;
    size_t k, len, off, n;

    for (k = 0; k < 300; k++) {
        len = fct_rand_below(sizeof msg + 1);
        fct_rand_bytes(msg, len);
        ref_sha256(want, msg, len);
        fc_sha256(got, msg, len);
        ck_assert_msg(memcmp(got, want, 32) == 0, "sha256 (%s) len %zu", fc_sha256_backend_name(), len);
        fc_sha256_init(&ctx);
        for (off = 0; off < len; off += n) {
            n = fct_rand_below(len - off + 1);
            fc_sha256_update(&ctx, msg + off, n);
        }
        fc_sha256_final(&ctx, got);
        ck_assert_mem_eq(got, want, 32);
    }
}
END_TEST

START_TEST(test_hmac_pbkdf2_diff)
{
    uint8_t key[200], msg[700], want[100], got[100], salt[128];
    size_t k, klen, len, slen, dklen;
    uint32_t c;

    for (k = 0; k < 200; k++) {
        klen = fct_rand_below(sizeof key + 1);
        len = fct_rand_below(sizeof msg + 1);
        fct_rand_bytes(key, klen);
        fct_rand_bytes(msg, len);
        ref_hmac(want, key, klen, msg, len);
        fc_hmac_sha256(got, key, klen, msg, len);
        ck_assert_msg(memcmp(got, want, 32) == 0, "hmac klen %zu len %zu", klen, len);
    }
    for (k = 0; k < 40; k++) {
        klen = fct_rand_below(100);
        slen = fct_rand_below(sizeof salt + 1);
        dklen = 1 + fct_rand_below(sizeof want);
        c = 1 + (uint32_t)fct_rand_below(40);
        fct_rand_bytes(key, klen);
        fct_rand_bytes(salt, slen);
        ref_pbkdf2(want, dklen, key, klen, salt, slen, c);
        ck_assert_int_eq(fc_pbkdf2_hmac_sha256(got, dklen, key, klen, salt, slen, c), FC_OK);
        ck_assert_msg(memcmp(got, want, dklen) == 0, "pbkdf2 c %u dklen %zu", c, dklen);
    }
}
END_TEST

/* Fernet spec: token = base64url(0x80 || time (8, BE) || IV || CBC(pkcs7(msg)) || HMAC),
 * composed from the portable AES core and the portable compression; *wlen characters. */
static void ref_fernet(char *want, size_t cap, size_t *wlen, const uint8_t key[32], uint64_t now,
                       const uint8_t iv[16], const uint8_t *msg, size_t len)
{
    static uint8_t raw[14000];
    uint8_t ivc[16];
    size_t plen, rlen;
    fc_aes_ctx ref;
    int i;

    ck_assert_uint_le(len + 25 + 16 + 32, sizeof raw);
    raw[0] = 0x80;
    for (i = 0; i < 8; i++)
        raw[1 + i] = (uint8_t)(now >> (56 - 8 * i));
    memcpy(raw + 9, iv, 16);
    memcpy(raw + 25, msg, len);
    ck_assert_int_eq(fc_pkcs7_pad(raw + 25, sizeof raw - 25 - 32, len, &plen), FC_OK);
    ck_assert_int_eq(fc_aes_init_backend(&ref, key + 16, 16, "portable"), FC_OK);
    memcpy(ivc, iv, 16);
    ck_assert_int_eq(fc_aes_cbc_encrypt(&ref, ivc, raw + 25, raw + 25, plen), FC_OK);
    ref_hmac(raw + 25 + plen, key, 16, raw, 25 + plen);
    rlen = 25 + plen + 32;
    ck_assert_int_eq(fc_base64_encode(want, cap, wlen, raw, rlen, FC_BASE64_URL), FC_OK);
    fc_aes_wipe(&ref);
}

START_TEST(test_fernet_diff)
{
    static uint8_t msg[3000], back[3100];
    static char want[4400], got[4400];
    uint8_t key[32], iv[16];
    size_t k, len, glen, wlen, blen;
    uint64_t now;

    for (k = 0; k < 60; k++) {
        fct_rand_bytes(key, 32);
        fct_rand_bytes(iv, 16);
        len = fct_rand_below(sizeof msg + 1);
        fct_rand_bytes(msg, len);
        now = fct_rand64() >> 24;
        ref_fernet(want, sizeof want, &wlen, key, now, iv, msg, len);
        ck_assert_int_eq(fc_fernet_encrypt_at(got, sizeof got, &glen, key, now, iv, msg, len),
                         FC_OK);
        ck_assert_uint_eq(glen, wlen);
        ck_assert_msg(memcmp(got, want, wlen) == 0, "fernet token, len %zu", len);
        ck_assert_int_eq(fc_fernet_decrypt_at(back, sizeof back, &blen, key, got, glen, now,
                                              FC_FERNET_NO_TTL, NULL), FC_OK);
        ck_assert_uint_eq(blen, len);
        ck_assert_mem_eq(back, msg, len);
    }
}
END_TEST

/* The streaming encryptor (whose steps run CBC and HMAC stitched where fernet_x86.c is
 * built and the CPU has AES-NI and SHA-NI), fed at random split points, over lengths that
 * span several of its steps, against the reference above. */
START_TEST(test_fernet_stream_diff)
{
    static uint8_t msg[13000];
    static char want[17500], got[17500];
    uint8_t key[32], iv[16];
    size_t k, len, off, n, w, glen, wlen;
    uint64_t now;
    fc_fernet_enc_ctx st;

    for (k = 0; k < 40; k++) {
        fct_rand_bytes(key, 32);
        fct_rand_bytes(iv, 16);
        len = fct_rand_below(sizeof msg + 1);
        fct_rand_bytes(msg, len);
        now = fct_rand64() >> 24;
        ref_fernet(want, sizeof want, &wlen, key, now, iv, msg, len);
        fc_fernet_enc_init(&st, key, now, iv);
        for (off = glen = 0; off < len; off += n) {
            n = k % 4 == 0 ? len - off : 1 + fct_rand_below(len - off < 5000 ? len - off : 5000);
            ck_assert_int_eq(fc_fernet_enc_update(&st, got + glen, sizeof got - glen, &w,
                                                  msg + off, n), FC_OK);
            glen += w;
        }
        ck_assert_int_eq(fc_fernet_enc_final(&st, got + glen, sizeof got - glen, &w), FC_OK);
        glen += w;
        ck_assert_uint_eq(glen, wlen);
        ck_assert_msg(memcmp(got, want, wlen) == 0, "fernet stream token, len %zu", len);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("backends");
    TCase *tc = tcase_create("differential");
    fc_aes_ctx ctx;
    static const uint8_t k0[16];
    size_t b;
    int any = 0;

    printf("differential: AES backends against portable:");
    for (b = 0; b < NHW; b++)
        if (fc_aes_init_backend(&ctx, k0, 16, hw_aes[b]) == FC_OK) {
            printf(" %s", hw_aes[b]);
            any = 1;
        }
    printf("%s; SHA-256 in use: %s (against portable)\n", any ? "" : " none here",
           fc_sha256_backend_name());
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, test_aes_diff, 0, (int)(NHW * M_COUNT));
    tcase_add_test(tc, test_sha256_diff);
    tcase_add_test(tc, test_hmac_pbkdf2_diff);
    tcase_add_test(tc, test_fernet_diff);
    tcase_add_test(tc, test_fernet_stream_diff);
    suite_add_tcase(s, tc);
    return fct_run(s);
}
