/*
 * Tests for hmac/: all seven RFC 4231 cases (the JSON, incl. the truncated case 5) and
 * pyca's rfc-4231-sha256.txt; properties: random splits give the one-shot tag, key lengths
 * 0..200 agree with HMAC built from its definition on fc_sha256, final wipes the context,
 * a copied keyed context gives the same tag, out may overlap the inputs; fc_hmac_sha256_verify
 * accepts the published tags (16..32 bytes) and refuses every one-bit change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fc_hmac.h"
#include "fc_test.h"

static const fct_json *g_json;
static fct_rsp g_txt;

/* The RFC 4231 JSON: key, data, hmac_sha256 (cut to truncated_to_bits when present). */
START_TEST(test_rfc4231_json)
{
    const fct_json *t = &fct_json_get(g_json, "tests")->items[_i];
    size_t key_len, data_len, mac_len, want = FC_HMAC_SHA256_SIZE;
    uint8_t *key = fct_unhex(fct_json_str(t, "key"), &key_len);
    uint8_t *data = fct_unhex(fct_json_str(t, "data"), &data_len);
    uint8_t *mac = fct_unhex(fct_json_str(t, "hmac_sha256"), &mac_len);
    uint8_t out[FC_HMAC_SHA256_SIZE];
    fc_hmac_sha256_ctx ctx;
    size_t i;

    if (fct_json_get(t, "truncated_to_bits"))
        want = (size_t)(fct_json_u64(t, "truncated_to_bits") / 8);
    ck_assert_uint_eq(mac_len, want);

    fc_hmac_sha256(out, key, key_len, data, data_len);
    ck_assert_msg(memcmp(out, mac, want) == 0, "RFC 4231 test case %llu",
                  (unsigned long long)fct_json_u64(t, "test_case"));
    ck_assert_mem_eq(out, mac, want);

    fc_hmac_sha256_init(&ctx, key, key_len);
    fc_hmac_sha256_update(&ctx, data, data_len / 2);
    fc_hmac_sha256_update(&ctx, data + data_len / 2, data_len - data_len / 2);
    fc_hmac_sha256_final(&ctx, out);
    ck_assert_mem_eq(out, mac, want);

    /* fc_hmac_sha256_verify takes the published tag at its published length (case 5:
     * 16 bytes) and refuses every single-bit change of it. */
    ck_assert_int_eq(fc_hmac_sha256_verify(key, key_len, data, data_len, mac, want), FC_OK);
    for (i = 0; i < 8 * want; i++) {
        mac[i / 8] ^= (uint8_t)(1u << (i % 8));
        ck_assert_int_eq(fc_hmac_sha256_verify(key, key_len, data, data_len, mac, want),
                         FC_ERR_AUTH);
        mac[i / 8] ^= (uint8_t)(1u << (i % 8));
    }
    if (data_len > 0) {
        data[0] ^= 1;
        ck_assert_int_eq(fc_hmac_sha256_verify(key, key_len, data, data_len, mac, want),
                         FC_ERR_AUTH);
    }
    free(key);
    free(data);
    free(mac);
}
END_TEST

/* pyca's transcription: Len (bits of Msg), Key, Msg, MD. */
START_TEST(test_rfc4231_txt)
{
    const fct_record *r = &g_txt.recs[_i];
    const char *len_s = fct_rsp_get(r, "Len");
    size_t key_len, msg_len, md_len;
    uint8_t *key, *msg, *md, out[FC_HMAC_SHA256_SIZE];
    size_t i;

    ck_assert_msg(len_s && fct_rsp_get(r, "Key") && fct_rsp_get(r, "Msg") && fct_rsp_get(r, "MD"),
                  "%s line %zu: missing field", r->file, r->line);
    key = fct_unhex(fct_rsp_get(r, "Key"), &key_len);
    msg = fct_unhex(fct_rsp_get(r, "Msg"), &msg_len);
    md = fct_unhex(fct_rsp_get(r, "MD"), &md_len);
    ck_assert_uint_eq(strtoul(len_s, NULL, 10), msg_len * 8);
    ck_assert_uint_eq(md_len, FC_HMAC_SHA256_SIZE);
    fc_hmac_sha256(out, key, key_len, msg, msg_len);
    ck_assert_msg(memcmp(out, md, md_len) == 0, "%s line %zu", r->file, r->line);
    ck_assert_mem_eq(out, md, md_len);
    /* Verify at every accepted length: the leftmost tag_len bytes (RFC 2104 section 5). */
    for (i = FC_HMAC_SHA256_MIN_TAG; i <= FC_HMAC_SHA256_SIZE; i++)
        ck_assert_int_eq(fc_hmac_sha256_verify(key, key_len, msg, msg_len, md, i), FC_OK);
    md[md_len - 1] ^= 0x80;
    ck_assert_int_eq(fc_hmac_sha256_verify(key, key_len, msg, msg_len, md, md_len), FC_ERR_AUTH);
    free(key);
    free(msg);
    free(md);
}
END_TEST

/* fc_hmac_sha256_verify's arguments: tag lengths outside 16..32, NULL rules, and a tag
 * that matches in its first 16 bytes only is refused at 17 and more. */
START_TEST(test_verify_args)
{
    uint8_t key[20], data[50], tag[FC_HMAC_SHA256_SIZE + 1];
    size_t n;

    fct_rand_bytes(key, sizeof key);
    fct_rand_bytes(data, sizeof data);
    fc_hmac_sha256(tag, key, sizeof key, data, sizeof data);
    tag[FC_HMAC_SHA256_SIZE] = 0;
    for (n = 0; n < FC_HMAC_SHA256_MIN_TAG; n++)
        ck_assert_int_eq(fc_hmac_sha256_verify(key, sizeof key, data, sizeof data, tag, n),
                         FC_ERR_ARG);
    ck_assert_int_eq(fc_hmac_sha256_verify(key, sizeof key, data, sizeof data, tag, 33),
                     FC_ERR_ARG);
    ck_assert_int_eq(fc_hmac_sha256_verify(key, sizeof key, data, sizeof data, tag, SIZE_MAX),
                     FC_ERR_ARG);
    ck_assert_int_eq(fc_hmac_sha256_verify(key, sizeof key, data, sizeof data, NULL, 32),
                     FC_ERR_ARG);
    ck_assert_int_eq(fc_hmac_sha256_verify(NULL, 1, data, sizeof data, tag, 32), FC_ERR_ARG);
    ck_assert_int_eq(fc_hmac_sha256_verify(key, sizeof key, NULL, 1, tag, 32), FC_ERR_ARG);
    /* Empty key and empty data are legal (NULL with length 0). */
    fc_hmac_sha256(tag, NULL, 0, NULL, 0);
    ck_assert_int_eq(fc_hmac_sha256_verify(NULL, 0, NULL, 0, tag, 32), FC_OK);
    tag[16] ^= 1;
    ck_assert_int_eq(fc_hmac_sha256_verify(NULL, 0, NULL, 0, tag, 16), FC_OK);
    for (n = 17; n <= FC_HMAC_SHA256_SIZE; n++)
        ck_assert_int_eq(fc_hmac_sha256_verify(NULL, 0, NULL, 0, tag, n), FC_ERR_AUTH);
}
END_TEST

/* HMAC from its definition (FIPS 198-1 section 4), composed from one-shot SHA-256 calls. */
static void hmac_reference(uint8_t out[32], const uint8_t *key, size_t key_len,
                           const uint8_t *data, size_t len)
{
    uint8_t k0[64], *buf, ih[32], ob[96];
    size_t i;

    memset(k0, 0, sizeof k0);
    if (key_len > 64)
        fc_sha256(k0, key, key_len);
    else if (key_len)
        memcpy(k0, key, key_len);
    buf = malloc(64 + len);
    ck_assert_ptr_nonnull(buf);
    for (i = 0; i < 64; i++)
        buf[i] = (uint8_t)(k0[i] ^ 0x36);
    if (len)
        memcpy(buf + 64, data, len);
    fc_sha256(ih, buf, 64 + len);
    for (i = 0; i < 64; i++)
        ob[i] = (uint8_t)(k0[i] ^ 0x5c);
    memcpy(ob + 64, ih, 32);
    fc_sha256(out, ob, sizeof ob);
    free(buf);
}

/* Key lengths 0..200 (below, at and above the 64-byte block): the definition, and a key
 * longer than 64 bytes equals its SHA-256 digest used as the key. */
START_TEST(test_key_lengths)
{
    uint8_t key[200], data[150], ref[32], out[32], kd[32];
    size_t klen;

    fct_rand_bytes(key, sizeof key);
    fct_rand_bytes(data, sizeof data);
    for (klen = 0; klen <= sizeof key; klen++) {
        size_t dlen = fct_rand_below(sizeof data + 1);
        hmac_reference(ref, key, klen, data, dlen);
        fc_hmac_sha256(out, klen ? key : NULL, klen, data, dlen);
        ck_assert_msg(memcmp(out, ref, 32) == 0, "key_len %zu data_len %zu", klen, dlen);
        if (klen > 64) {
            fc_sha256(kd, key, klen);
            fc_hmac_sha256(out, kd, sizeof kd, data, dlen);
            ck_assert_msg(memcmp(out, ref, 32) == 0, "hashed key, key_len %zu", klen);
        }
    }
}
END_TEST

/* Random split points give the one-shot tag; a copied keyed context reuses the key set-up. */
START_TEST(test_random_splits)
{
    static uint8_t msg[3000];
    int trial;

    for (trial = 0; trial < 200; trial++) {
        uint8_t key[100], ref[32], out[32], out2[32];
        size_t klen = fct_rand_below(sizeof key + 1);
        size_t len = fct_rand_below(sizeof msg + 1), off = 0;
        fc_hmac_sha256_ctx ctx, copy;

        fct_rand_bytes(key, klen);
        fct_rand_bytes(msg, len);
        fc_hmac_sha256(ref, key, klen, msg, len);
        fc_hmac_sha256_init(&ctx, key, klen);
        memcpy(&copy, &ctx, sizeof ctx);
        while (off < len) {
            size_t max = fct_rand_below(4) == 0 ? len - off : (len - off < 130 ? len - off : 130);
            size_t n = fct_rand_below(max + 1);
            fc_hmac_sha256_update(&ctx, msg + off, n);
            off += n;
        }
        fc_hmac_sha256_update(&ctx, NULL, 0);
        fc_hmac_sha256_final(&ctx, out);
        ck_assert_msg(memcmp(ref, out, 32) == 0, "trial %d, key %zu, len %zu", trial, klen, len);
        fc_hmac_sha256_update(&copy, msg, len);
        fc_hmac_sha256_final(&copy, out2);
        ck_assert_mem_eq(out2, ref, 32);
    }
}
END_TEST

/* final wipes the context; the one-shot may write over its key or its data. */
START_TEST(test_wipe_and_overlap)
{
    fc_hmac_sha256_ctx ctx, zero;
    uint8_t key[80], data[90], ref[32], buf[200];

    memset(&zero, 0, sizeof zero);
    fct_rand_bytes(key, sizeof key);
    fct_rand_bytes(data, sizeof data);
    fc_hmac_sha256_init(&ctx, key, sizeof key);
    fc_hmac_sha256_update(&ctx, data, sizeof data);
    fc_hmac_sha256_final(&ctx, ref);
    ck_assert_mem_eq(&ctx, &zero, sizeof ctx);

    memcpy(buf, data, sizeof data);
    fc_hmac_sha256(buf, key, sizeof key, buf, sizeof data);
    ck_assert_mem_eq(buf, ref, 32);
    memcpy(buf, key, sizeof key);
    memcpy(buf + 100, data, sizeof data);
    fc_hmac_sha256(buf + 100, buf, sizeof key, buf + 100, sizeof data);
    ck_assert_mem_eq(buf + 100, ref, 32);
    memcpy(buf + 10, key, sizeof key);
    fc_hmac_sha256(buf + 10, buf + 10, sizeof key, data, sizeof data);
    ck_assert_mem_eq(buf + 10, ref, 32);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hmac");
    TCase *tv = tcase_create("vectors");
    TCase *tp = tcase_create("properties");
    size_t njson;

    g_json = fct_json_load("hmac-sha256/rfc4231-section4-hmac-sha256.json");
    njson = fct_json_get(g_json, "tests")->len;
    fct_rsp_load(&g_txt, "hmac-sha256/rfc-4231-sha256.txt");
    fct_count("hmac rfc4231-section4-hmac-sha256.json", njson);
    fct_count("hmac rfc-4231-sha256.txt", g_txt.n);

    tcase_add_loop_test(tv, test_rfc4231_json, 0, (int)njson);
    tcase_add_loop_test(tv, test_rfc4231_txt, 0, (int)g_txt.n);
    suite_add_tcase(s, tv);

    tcase_set_timeout(tp, 600);
    tcase_add_test(tp, test_key_lengths);
    tcase_add_test(tp, test_verify_args);
    tcase_add_test(tp, test_random_splits);
    tcase_add_test(tp, test_wipe_and_overlap);
    suite_add_tcase(s, tp);
    printf("SHA-256 backend run: %s\n", fc_sha256_backend_name());
    return fct_run(s);
}
