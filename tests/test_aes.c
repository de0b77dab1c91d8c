/*
 * Tests for aes/: every record of the NIST AESAVS response files (ECB, CBC, CFB128, CFB8;
 * GFSbox, KeySbox, VarKey, VarTxt, MMT at 128/192/256 bits, [ENCRYPT] and [DECRYPT]) and
 * the SP 800-38A appendix F examples, parsed at run time; then property tests for the
 * modes (chunking, in place, round trips), PKCS#7 and argument checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fc_aes.h"
#include "fc_test.h"

enum { M_ECB, M_CBC, M_CFB128, M_CFB8, M_COUNT };

static const char *const mode_dir[M_COUNT] = { "aes-ecb", "aes-cbc", "aes-cfb128", "aes-cfb8" };
static const char *const mode_prefix[M_COUNT] = { "ECB", "CBC", "CFB128", "CFB8" };
static const char *const mode_json[M_COUNT] = {
    "aes-ecb/sp800-38a-appendix-F1-ecb.json", "aes-cbc/sp800-38a-appendix-F2-cbc.json",
    "aes-cfb128/sp800-38a-appendix-F3-cfb128.json", "aes-cfb8/sp800-38a-appendix-F3-cfb8.json"
};

typedef struct {
    const char *file;
    size_t line;
    int decrypt;
    const char *key, *iv, *pt, *ct; /* hex; iv is NULL for ECB */
} aes_vec;

static aes_vec *vecs[M_COUNT];
static size_t nvecs[M_COUNT];
static size_t nrsp[M_COUNT]; /* of which from the AESAVS .rsp files */

static void vec_add(int mode, const aes_vec *v)
{
    vecs[mode] = realloc(vecs[mode], (nvecs[mode] + 1) * sizeof *vecs[mode]);
    if (vecs[mode] == NULL)
        exit(1);
    vecs[mode][nvecs[mode]++] = *v;
}

static void load_mode(int mode)
{
    static const char *const kinds[] = { "GFSbox", "KeySbox", "VarKey", "VarTxt", "MMT" };
    static const char *const bits[] = { "128", "192", "256" };
    char path[128];
    size_t k, b, i;
    const fct_json *j, *tests;

    for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        for (b = 0; b < 3; b++) {
            /* Static, not malloc'd: the records stay reachable, so LeakSanitizer is quiet. */
            static fct_rsp rsps[M_COUNT][5][3];
            fct_rsp *rsp = &rsps[mode][k][b];
            snprintf(path, sizeof path, "%s/%s%s%s.rsp", mode_dir[mode], mode_prefix[mode],
                     kinds[k], bits[b]);
            fct_rsp_load(rsp, path);
            if (rsp->n == 0) {
                fprintf(stderr, "%s: no records\n", path);
                exit(1);
            }
            for (i = 0; i < rsp->n; i++) {
                const fct_record *r = &rsp->recs[i];
                aes_vec v;
                v.file = r->file;
                v.line = r->line;
                if (strcmp(r->section, "ENCRYPT") == 0)
                    v.decrypt = 0;
                else if (strcmp(r->section, "DECRYPT") == 0)
                    v.decrypt = 1;
                else {
                    fprintf(stderr, "%s:%zu: unknown section [%s]\n", r->file, r->line, r->section);
                    exit(1);
                }
                v.key = fct_rsp_get(r, "KEY");
                v.iv = mode == M_ECB ? NULL : fct_rsp_get(r, "IV");
                v.pt = fct_rsp_get(r, "PLAINTEXT");
                v.ct = fct_rsp_get(r, "CIPHERTEXT");
                if (!v.key || !v.pt || !v.ct || (mode != M_ECB && !v.iv)) {
                    fprintf(stderr, "%s:%zu: missing field\n", r->file, r->line);
                    exit(1);
                }
                vec_add(mode, &v);
            }
        }
    }
    nrsp[mode] = nvecs[mode];
    j = fct_json_load(mode_json[mode]);
    tests = fct_json_get(j, "tests");
    if (tests == NULL || tests->type != FCT_JARR || tests->len == 0) {
        fprintf(stderr, "%s: no tests\n", mode_json[mode]);
        exit(1);
    }
    for (i = 0; i < tests->len; i++) {
        const fct_json *t = &tests->items[i];
        const char *dir = fct_json_str(t, "direction");
        aes_vec v;
        v.file = mode_json[mode];
        v.line = i;
        v.decrypt = strcmp(dir, "decrypt") == 0;
        v.key = fct_json_str(t, "key");
        v.iv = mode == M_ECB ? NULL : fct_json_str(t, "iv");
        v.pt = fct_json_str(t, "plaintext");
        v.ct = fct_json_str(t, "ciphertext");
        vec_add(mode, &v);
    }
}

/* Run one mode over a whole message in one call. */
static void run_mode(int mode, int decrypt, const fc_aes_ctx *ctx, const uint8_t *iv,
                     uint8_t *out, const uint8_t *in, size_t len)
{
    uint8_t ivc[16];
    fc_aes_cfb_ctx st;
    fc_err e = FC_OK;

    switch (mode) {
    case M_ECB:
        ck_assert_uint_eq(len % 16, 0);
        if (decrypt)
            fc_aes_decrypt_blocks(ctx, out, in, len / 16);
        else
            fc_aes_encrypt_blocks(ctx, out, in, len / 16);
        break;
    case M_CBC:
        memcpy(ivc, iv, 16);
        e = decrypt ? fc_aes_cbc_decrypt(ctx, ivc, out, in, len)
                    : fc_aes_cbc_encrypt(ctx, ivc, out, in, len);
        break;
    case M_CFB128:
        fc_aes_cfb_init(&st, iv);
        e = decrypt ? fc_aes_cfb128_decrypt(ctx, &st, out, in, len)
                    : fc_aes_cfb128_encrypt(ctx, &st, out, in, len);
        break;
    default:
        fc_aes_cfb_init(&st, iv);
        e = decrypt ? fc_aes_cfb8_decrypt(ctx, &st, out, in, len)
                    : fc_aes_cfb8_encrypt(ctx, &st, out, in, len);
        break;
    }
    ck_assert_int_eq(e, FC_OK);
}

/* Every AES implementation the library can have; the ones this CPU lacks are skipped. */
static const char *const backends[] = { "portable", "aesni", "vaes256", "vaes512", "armv8" };
#define NBACKENDS (sizeof backends / sizeof backends[0])

/* Expand key with backend b; 0 if this machine does not have it. */
static int init_backend(fc_aes_ctx *ctx, const uint8_t *key, size_t klen, size_t b)
{
    return fc_aes_init_backend(ctx, key, klen, backends[b]) == FC_OK;
}

static void check_vec(int mode, size_t idx)
{
    const aes_vec *v = &vecs[mode][idx];
    size_t klen, ivlen = 16, plen, clen;
    uint8_t *key = fct_unhex(v->key, &klen);
    uint8_t *iv = v->iv ? fct_unhex(v->iv, &ivlen) : NULL;
    uint8_t *pt = fct_unhex(v->pt, &plen);
    uint8_t *ct = fct_unhex(v->ct, &clen);
    uint8_t *buf = malloc(plen + 1);
    fc_aes_ctx ctx;
    size_t b;

    ck_assert_msg(plen == clen && ivlen == 16, "%s:%zu: malformed record", v->file, v->line);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(fc_aes_init(&ctx, key, klen), FC_OK);
    for (b = 0; b < NBACKENDS; b++) {
        if (!init_backend(&ctx, key, klen, b))
            continue;
        if (v->decrypt) {
            run_mode(mode, 1, &ctx, iv, buf, ct, clen);
            ck_assert_msg(memcmp(buf, pt, plen) == 0, "%s:%zu: decrypt (%s)", v->file, v->line,
                          backends[b]);
        } else {
            run_mode(mode, 0, &ctx, iv, buf, pt, plen);
            ck_assert_msg(memcmp(buf, ct, clen) == 0, "%s:%zu: encrypt (%s)", v->file, v->line,
                          backends[b]);
        }
    }
    fc_aes_wipe(&ctx);
    free(buf);
    free(key);
    free(iv);
    free(pt);
    free(ct);
}

START_TEST(test_ecb_vec) { check_vec(M_ECB, (size_t)_i); }
END_TEST
START_TEST(test_cbc_vec) { check_vec(M_CBC, (size_t)_i); }
END_TEST
START_TEST(test_cfb128_vec) { check_vec(M_CFB128, (size_t)_i); }
END_TEST
START_TEST(test_cfb8_vec) { check_vec(M_CFB8, (size_t)_i); }
END_TEST

/* ---- property tests ---- */

static const size_t key_sizes[3] = { 16, 24, 32 };

/* Call a streaming mode over [0, len) in random chunks (multiples of 16 for CBC). */
static void run_chunked(int mode, int decrypt, const fc_aes_ctx *ctx, const uint8_t *iv,
                        uint8_t *out, const uint8_t *in, size_t len)
{
    uint8_t ivc[16];
    fc_aes_cfb_ctx st;
    size_t off = 0, n;
    fc_err e;

    memcpy(ivc, iv, 16);
    fc_aes_cfb_init(&st, iv);
    while (off < len) {
        n = fct_rand_below(len - off + 1);
        if (fct_rand_below(4) == 0)
            n = 0; /* empty calls must be harmless */
        if (mode == M_CBC)
            n -= n % 16;
        switch (mode) {
        case M_CBC:
            e = decrypt ? fc_aes_cbc_decrypt(ctx, ivc, out + off, in + off, n)
                        : fc_aes_cbc_encrypt(ctx, ivc, out + off, in + off, n);
            break;
        case M_CFB128:
            e = decrypt ? fc_aes_cfb128_decrypt(ctx, &st, out + off, in + off, n)
                        : fc_aes_cfb128_encrypt(ctx, &st, out + off, in + off, n);
            break;
        default:
            e = decrypt ? fc_aes_cfb8_decrypt(ctx, &st, out + off, in + off, n)
                        : fc_aes_cfb8_encrypt(ctx, &st, out + off, in + off, n);
            break;
        }
        ck_assert_int_eq(e, FC_OK);
        off += n;
    }
}

/* For each mode, key size and length 0..300: chunked == one call, in place == out of place,
 * decrypt(encrypt(m)) == m. ECB and CBC use the lengths that are whole blocks. */
START_TEST(test_modes_properties)
{
    int mode = _i;
    uint8_t key[32], iv[16], m[300], c[300], c2[300], p[300], ip[300];
    size_t ks, len, b;
    fc_aes_ctx ctx;
    int dir;

    for (ks = 0; ks < 3 * NBACKENDS; ks++) {
        fct_rand_bytes(key, sizeof key);
        b = ks / 3;
        if (!init_backend(&ctx, key, key_sizes[ks % 3], b))
            continue;
        for (len = 0; len <= 300; len++) {
            if ((mode == M_ECB || mode == M_CBC) && len % 16 != 0)
                continue;
            fct_rand_bytes(iv, sizeof iv);
            fct_rand_bytes(m, len);
            run_mode(mode, 0, &ctx, iv, c, m, len);
            run_mode(mode, 1, &ctx, iv, p, c, len);
            ck_assert_mem_eq(p, m, len);
            for (dir = 0; dir < 2; dir++) {
                const uint8_t *src = dir ? c : m;
                const uint8_t *want = dir ? m : c;
                /* in place */
                memcpy(ip, src, len);
                run_mode(mode, dir, &ctx, iv, ip, ip, len);
                ck_assert_mem_eq(ip, want, len);
                if (mode == M_ECB)
                    continue;
                /* random chunks, out of place and in place */
                run_chunked(mode, dir, &ctx, iv, c2, src, len);
                ck_assert_mem_eq(c2, want, len);
                memcpy(ip, src, len);
                run_chunked(mode, dir, &ctx, iv, ip, ip, len);
                ck_assert_mem_eq(ip, want, len);
            }
        }
        fc_aes_wipe(&ctx);
    }
}
END_TEST

/* CBC: the IV comes back as the last ciphertext block, so calls chain; CFB likewise. */
START_TEST(test_cbc_iv_chains)
{
    uint8_t key[16], iv[16], iv0[16], m[64], c[64];
    fc_aes_ctx ctx;
    fct_rand_bytes(key, sizeof key);
    fct_rand_bytes(iv0, sizeof iv0);
    fct_rand_bytes(m, sizeof m);
    ck_assert_int_eq(fc_aes_init(&ctx, key, 16), FC_OK);
    memcpy(iv, iv0, 16);
    ck_assert_int_eq(fc_aes_cbc_encrypt(&ctx, iv, c, m, 64), FC_OK);
    ck_assert_mem_eq(iv, c + 48, 16);
    memcpy(iv, iv0, 16);
    ck_assert_int_eq(fc_aes_cbc_decrypt(&ctx, iv, m, c, 64), FC_OK);
    ck_assert_mem_eq(iv, c + 48, 16);
}
END_TEST

START_TEST(test_bad_args)
{
    uint8_t key[33] = { 0 }, iv[16] = { 0 }, buf[48], ref[48];
    fc_aes_ctx ctx;
    fc_aes_cfb_ctx st;
    size_t kl, len;

    /* Every key length but 16, 24, 32 is FC_ERR_ARG, and the context is left wiped. */
    for (kl = 0; kl <= 33; kl++) {
        fc_err want = (kl == 16 || kl == 24 || kl == 32) ? FC_OK : FC_ERR_ARG;
        memset(&ctx, 0xa5, sizeof ctx);
        ck_assert_int_eq(fc_aes_init(&ctx, key, kl), want);
        if (want != FC_OK) {
            static const fc_aes_ctx zero;
            ck_assert_mem_eq(&ctx, &zero, sizeof ctx);
        }
    }
    ck_assert_int_eq(fc_aes_init(&ctx, NULL, 16), FC_ERR_ARG);
    ck_assert_int_eq(fc_aes_init(NULL, key, 16), FC_ERR_ARG);
    ck_assert_int_eq(fc_aes_init(&ctx, key, 16), FC_OK);

    /* CBC lengths that are not whole blocks: FC_ERR_ARG, nothing written, IV unchanged. */
    for (len = 1; len < sizeof buf; len++) {
        if (len % 16 == 0)
            continue;
        fct_rand_bytes(buf, sizeof buf);
        memcpy(ref, buf, sizeof buf);
        ck_assert_int_eq(fc_aes_cbc_encrypt(&ctx, iv, buf, buf, len), FC_ERR_ARG);
        ck_assert_int_eq(fc_aes_cbc_decrypt(&ctx, iv, buf, buf, len), FC_ERR_ARG);
        ck_assert_mem_eq(buf, ref, sizeof buf);
        ck_assert_mem_eq(iv, (uint8_t[16]){ 0 }, 16);
    }
    /* NULL only with length 0. */
    ck_assert_int_eq(fc_aes_cbc_encrypt(&ctx, iv, NULL, NULL, 0), FC_OK);
    ck_assert_int_eq(fc_aes_cbc_decrypt(&ctx, iv, NULL, NULL, 0), FC_OK);
    ck_assert_int_eq(fc_aes_cbc_encrypt(&ctx, iv, NULL, buf, 16), FC_ERR_ARG);
    ck_assert_int_eq(fc_aes_cbc_decrypt(&ctx, iv, buf, NULL, 16), FC_ERR_ARG);
    ck_assert_int_eq(fc_aes_cbc_encrypt(&ctx, NULL, buf, buf, 16), FC_ERR_ARG);
    ck_assert_int_eq(fc_aes_cbc_decrypt(NULL, iv, buf, buf, 16), FC_ERR_ARG);
    fc_aes_cfb_init(&st, iv);
    ck_assert_int_eq(fc_aes_cfb128_encrypt(&ctx, &st, NULL, NULL, 0), FC_OK);
    ck_assert_int_eq(fc_aes_cfb128_decrypt(&ctx, &st, NULL, NULL, 0), FC_OK);
    ck_assert_int_eq(fc_aes_cfb8_encrypt(&ctx, &st, NULL, NULL, 0), FC_OK);
    ck_assert_int_eq(fc_aes_cfb8_decrypt(&ctx, &st, NULL, NULL, 0), FC_OK);
    ck_assert_int_eq(fc_aes_cfb128_encrypt(&ctx, &st, NULL, buf, 1), FC_ERR_ARG);
    ck_assert_int_eq(fc_aes_cfb128_decrypt(&ctx, &st, buf, NULL, 1), FC_ERR_ARG);
    ck_assert_int_eq(fc_aes_cfb8_encrypt(&ctx, NULL, buf, buf, 1), FC_ERR_ARG);
    ck_assert_int_eq(fc_aes_cfb8_decrypt(NULL, &st, buf, buf, 1), FC_ERR_ARG);
    fc_aes_wipe(&ctx);
    fc_aes_wipe(NULL);
}
END_TEST

/* ---- PKCS#7 ---- */

START_TEST(test_pkcs7_round_trip)
{
    uint8_t buf[320], ref[320];
    size_t len, out_len, msg_len, i;

    for (len = 0; len <= 300; len++) {
        size_t want = (len / 16 + 1) * 16;
        ck_assert_uint_eq(fc_pkcs7_padded_len(len), want);
        fct_rand_bytes(buf, sizeof buf);
        memcpy(ref, buf, sizeof buf);
        /* too small a buffer: FC_ERR_BUFFER, nothing written */
        ck_assert_int_eq(fc_pkcs7_pad(buf, want - 1, len, &out_len), FC_ERR_BUFFER);
        ck_assert_mem_eq(buf, ref, sizeof buf);
        ck_assert_int_eq(fc_pkcs7_pad(buf, want, len, &out_len), FC_OK);
        ck_assert_uint_eq(out_len, want);
        ck_assert_mem_eq(buf, ref, len);
        for (i = len; i < want; i++)
            ck_assert_uint_eq(buf[i], want - len);
        ck_assert_mem_eq(buf + want, ref + want, sizeof buf - want);
        ck_assert_int_eq(fc_pkcs7_unpad(&msg_len, buf, out_len), FC_OK);
        ck_assert_uint_eq(msg_len, len);
    }
    ck_assert_uint_eq(fc_pkcs7_padded_len(SIZE_MAX), SIZE_MAX);
    ck_assert_uint_eq(fc_pkcs7_padded_len(SIZE_MAX - 15), SIZE_MAX);
    ck_assert_uint_eq(fc_pkcs7_padded_len(SIZE_MAX - 16), SIZE_MAX - 15);
    ck_assert_uint_eq(fc_pkcs7_padded_len(SIZE_MAX - 31), SIZE_MAX - 15);
    ck_assert_int_eq(fc_pkcs7_pad(buf, 16, 17, &out_len), FC_ERR_ARG);
    ck_assert_int_eq(fc_pkcs7_pad(buf, 16, 0, NULL), FC_ERR_ARG);
    ck_assert_int_eq(fc_pkcs7_pad(NULL, 0, 0, &out_len), FC_ERR_BUFFER);
}
END_TEST

/* Every last byte value, and every single corrupted pad byte, in the last block. */
START_TEST(test_pkcs7_malformed)
{
    uint8_t buf[48];
    size_t msg_len = 12345, nblk, p, i, len;
    int v;

    for (nblk = 1; nblk <= 3; nblk++) {
        len = 16 * nblk;
        for (v = 0; v < 256; v++) {
            fct_rand_bytes(buf, sizeof buf);
            /* well-formed pad of v bytes when 1 <= v <= 16 */
            if (v >= 1 && v <= 16)
                memset(buf + len - (size_t)v, v, (size_t)v);
            buf[len - 1] = (uint8_t)v;
            msg_len = 12345;
            if (v == 0 || v > 16) {
                ck_assert_int_eq(fc_pkcs7_unpad(&msg_len, buf, len), FC_ERR_PADDING);
                ck_assert_uint_eq(msg_len, 12345);
                continue;
            }
            ck_assert_int_eq(fc_pkcs7_unpad(&msg_len, buf, len), FC_OK);
            ck_assert_uint_eq(msg_len, len - (size_t)v);
            /* corrupt each pad byte but the last in turn */
            p = (size_t)v;
            for (i = len - p; i < len - 1; i++) {
                uint8_t keep = buf[i];
                buf[i] ^= (uint8_t)(1u + fct_rand_below(255));
                msg_len = 12345;
                ck_assert_int_eq(fc_pkcs7_unpad(&msg_len, buf, len), FC_ERR_PADDING);
                ck_assert_uint_eq(msg_len, 12345);
                buf[i] = keep;
            }
        }
    }
    /* Lengths that are not a non-zero multiple of 16 are malformed input (attacker data),
     * FC_ERR_PADDING like any bad padding; the empty buffer too, with or without a pointer. */
    memset(buf, 16, sizeof buf);
    for (len = 0; len < sizeof buf; len++) {
        if (len == 0 || len % 16 != 0) {
            msg_len = 12345;
            ck_assert_int_eq(fc_pkcs7_unpad(&msg_len, buf, len), FC_ERR_PADDING);
            ck_assert_uint_eq(msg_len, 12345);
        }
    }
    ck_assert_int_eq(fc_pkcs7_unpad(&msg_len, NULL, 0), FC_ERR_PADDING);
    /* FC_ERR_ARG stays for NULL pointers. */
    ck_assert_int_eq(fc_pkcs7_unpad(NULL, buf, 16), FC_ERR_ARG);
    ck_assert_int_eq(fc_pkcs7_unpad(NULL, buf, 0), FC_ERR_ARG);
    ck_assert_int_eq(fc_pkcs7_unpad(&msg_len, NULL, 16), FC_ERR_ARG);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("aes");
    TCase *tc;
    size_t total = 0, total_rsp = 0;
    int mode;
    char what[64];

    for (mode = 0; mode < M_COUNT; mode++) {
        load_mode(mode);
        snprintf(what, sizeof what, "AES-%s AESAVS records", mode_prefix[mode]);
        fct_count(what, nrsp[mode]);
        snprintf(what, sizeof what, "AES-%s SP 800-38A appendix F", mode_prefix[mode]);
        fct_count(what, nvecs[mode] - nrsp[mode]);
        total += nvecs[mode];
        total_rsp += nrsp[mode];
    }
    fct_count("AES AESAVS records, all modes", total_rsp);
    fct_count("AES vectors, all files", total);
    printf("AES backends run: default %s;", fc_aes_backend_name(NULL));
    for (mode = 0; mode < (int)NBACKENDS; mode++) {
        fc_aes_ctx ctx;
        static const uint8_t k0[16];
        if (init_backend(&ctx, k0, 16, (size_t)mode))
            printf(" %s", backends[mode]);
    }
    printf("\n");

    tc = tcase_create("vectors");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_ecb_vec, 0, (int)nvecs[M_ECB]);
    tcase_add_loop_test(tc, test_cbc_vec, 0, (int)nvecs[M_CBC]);
    tcase_add_loop_test(tc, test_cfb128_vec, 0, (int)nvecs[M_CFB128]);
    tcase_add_loop_test(tc, test_cfb8_vec, 0, (int)nvecs[M_CFB8]);
    suite_add_tcase(s, tc);

    tc = tcase_create("properties");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, test_modes_properties, 0, M_COUNT);
    tcase_add_test(tc, test_cbc_iv_chains);
    tcase_add_test(tc, test_bad_args);
    tcase_add_test(tc, test_pkcs7_round_trip);
    tcase_add_test(tc, test_pkcs7_malformed);
    suite_add_tcase(s, tc);
    return fct_run(s);
}
