/*
 * Tests for sha256/: every record of the NIST SHAVS files (ShortMsg, LongMsg, Monte Carlo),
 * the FIPS 180-2 Appendix B examples (with the one-million-'a' message), and properties:
 * any chunking gives the one-shot digest, final wipes the context, out may overlap data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fc_sha256.h"
#include "fc_test.h"

static fct_rsp g_short, g_long, g_monte;
static const fct_json *g_fips;
static size_t g_monte_idx[256]; /* records of g_monte that carry COUNT */
static size_t g_monte_n;
static size_t g_monte_seed;     /* the record that carries Seed */

/* Hash msg in chunks of `step` bytes through the streaming API. */
static void sha256_chunked(uint8_t out[32], const uint8_t *msg, size_t len, size_t step)
{
    fc_sha256_ctx ctx;
    size_t off = 0;
    fc_sha256_init(&ctx);
    while (off < len) {
        size_t n = len - off < step ? len - off : step;
        fc_sha256_update(&ctx, msg + off, n);
        off += n;
    }
    fc_sha256_final(&ctx, out);
}

/* One ShortMsg/LongMsg record: Len bits (multiple of 8), Msg hex (placeholder 00 when Len = 0), MD. */
static void check_msg_record(const fct_record *r)
{
    const char *len_s = fct_rsp_get(r, "Len");
    const char *msg_s = fct_rsp_get(r, "Msg");
    const char *md_s = fct_rsp_get(r, "MD");
    size_t msg_len, md_len, len;
    uint8_t *msg, *md, out[32];

    ck_assert_msg(len_s && msg_s && md_s, "%s line %zu: missing field", r->file, r->line);
    len = (size_t)strtoul(len_s, NULL, 10);
    ck_assert_uint_eq(len % 8, 0);
    len /= 8;
    msg = fct_unhex(msg_s, &msg_len);
    md = fct_unhex(md_s, &md_len);
    ck_assert_uint_le(len, msg_len);
    ck_assert_uint_eq(md_len, 32);

    fc_sha256(out, len ? msg : NULL, len);
    ck_assert_msg(memcmp(out, md, 32) == 0, "%s line %zu (Len %s): one-shot", r->file, r->line, len_s);
    ck_assert_mem_eq(out, md, 32);
    sha256_chunked(out, msg, len, 7);
    ck_assert_mem_eq(out, md, 32);
    free(msg);
    free(md);
}

START_TEST(test_short_msg)
{
    check_msg_record(&g_short.recs[_i]);
}
END_TEST

START_TEST(test_long_msg)
{
    check_msg_record(&g_long.recs[_i]);
}
END_TEST

/* SHAVS Monte Carlo, one COUNT per iteration: MD0 = MD1 = MD2 = seed, MDi = SHA-256(MD(i-3) ||
 * MD(i-2) || MD(i-1)) for i = 3..1002, output MD1002. The seed of COUNT j is the file's MD of
 * COUNT j-1 (the first uses Seed), so each record is checked on its own and together they
 * check the whole chain. */
START_TEST(test_monte)
{
    const fct_record *r = &g_monte.recs[g_monte_idx[_i]];
    const fct_record *prev = _i == 0 ? &g_monte.recs[g_monte_seed] : &g_monte.recs[g_monte_idx[_i - 1]];
    const char *seed_s = fct_rsp_get(prev, _i == 0 ? "Seed" : "MD");
    const char *count_s = fct_rsp_get(r, "COUNT");
    size_t seed_len, md_len;
    uint8_t *seed, *md, m[96];
    int i;

    ck_assert_ptr_nonnull(seed_s);
    ck_assert_ptr_nonnull(count_s);
    ck_assert_uint_eq(strtoul(count_s, NULL, 10), (size_t)_i);
    seed = fct_unhex(seed_s, &seed_len);
    md = fct_unhex(fct_rsp_get(r, "MD"), &md_len);
    ck_assert_uint_eq(seed_len, 32);
    ck_assert_uint_eq(md_len, 32);
    /* m holds MD(i-3) || MD(i-2) || MD(i-1). */
    memcpy(m, seed, 32);
    memcpy(m + 32, seed, 32);
    memcpy(m + 64, seed, 32);
    for (i = 3; i <= 1002; i++) {
        uint8_t next[32];
        fc_sha256(next, m, sizeof m);
        memmove(m, m + 32, 64);
        memcpy(m + 64, next, 32);
    }
    ck_assert_msg(memcmp(m + 64, md, 32) == 0, "%s line %zu: COUNT %s", r->file, r->line, count_s);
    ck_assert_mem_eq(m + 64, md, 32);
    free(seed);
    free(md);
}
END_TEST

/* FIPS 180-2 Appendix B: message_ascii repeated repeat_count times (B.3: 'a' x 1,000,000). */
START_TEST(test_fips180_2)
{
    const fct_json *t = &fct_json_get(g_fips, "tests")->items[_i];
    const char *part = fct_json_str(t, "message_ascii");
    size_t part_len = strlen(part);
    uint64_t reps = fct_json_u64(t, "repeat_count");
    size_t md_len, total, k;
    uint8_t *md = fct_unhex(fct_json_str(t, "digest"), &md_len);
    uint8_t *msg, out[32];
    fc_sha256_ctx ctx;

    ck_assert_uint_eq(md_len, 32);
    ck_assert_uint_ge(reps, 1);
    total = part_len * (size_t)reps;
    msg = malloc(total ? total : 1);
    ck_assert_ptr_nonnull(msg);
    for (k = 0; k < reps; k++)
        memcpy(msg + k * part_len, part, part_len);

    fc_sha256(out, msg, total);
    ck_assert_mem_eq(out, md, 32);
    /* Streamed as published: one update per repetition of the ASCII text. */
    fc_sha256_init(&ctx);
    for (k = 0; k < reps; k++)
        fc_sha256_update(&ctx, (const uint8_t *)part, part_len);
    fc_sha256_final(&ctx, out);
    ck_assert_mem_eq(out, md, 32);
    free(msg);
    free(md);
}
END_TEST

/* Random split points: any chunking gives the one-shot digest. */
START_TEST(test_random_splits)
{
    static uint8_t msg[4200];
    int trial;

    for (trial = 0; trial < 300; trial++) {
        size_t len = fct_rand_below(sizeof msg + 1), off = 0;
        uint8_t ref[32], out[32];
        fc_sha256_ctx ctx;

        fct_rand_bytes(msg, len);
        fc_sha256(ref, msg, len);
        fc_sha256_init(&ctx);
        while (off < len) {
            /* Mostly short pieces so that partial-block paths are crossed often. */
            size_t max = fct_rand_below(4) == 0 ? len - off : (len - off < 130 ? len - off : 130);
            size_t n = fct_rand_below(max + 1);
            fc_sha256_update(&ctx, msg + off, n);
            if (fct_rand_below(8) == 0)
                fc_sha256_update(&ctx, NULL, 0);
            off += n;
        }
        fc_sha256_final(&ctx, out);
        ck_assert_msg(memcmp(ref, out, 32) == 0, "trial %d, len %zu", trial, len);
    }
}
END_TEST

/* Every length 0..300 bytes one at a time equals one-shot (all padding cases, 55/56/63/64). */
START_TEST(test_byte_at_a_time)
{
    uint8_t msg[300], ref[32], out[32];
    size_t len;

    fct_rand_bytes(msg, sizeof msg);
    for (len = 0; len <= sizeof msg; len++) {
        fc_sha256(ref, msg, len);
        sha256_chunked(out, msg, len, 1);
        ck_assert_msg(memcmp(ref, out, 32) == 0, "len %zu", len);
    }
}
END_TEST

/* final wipes the context; the one-shot may write its digest over its own input. */
START_TEST(test_wipe_and_overlap)
{
    fc_sha256_ctx ctx, zero;
    uint8_t buf[100], ref[32];

    memset(&zero, 0, sizeof zero);
    fct_rand_bytes(buf, sizeof buf);
    fc_sha256_init(&ctx);
    fc_sha256_update(&ctx, buf, 77);
    fc_sha256_final(&ctx, ref);
    ck_assert_mem_eq(&ctx, &zero, sizeof ctx);

    fc_sha256(buf, buf, 77);
    ck_assert_mem_eq(buf, ref, 32);
    fc_sha256(buf + 5, buf, 77); /* partial overlap */
    fc_sha256(ref, ref, 0);
    fc_sha256(buf, NULL, 0);
    ck_assert_mem_eq(buf, ref, 32);
}
END_TEST

/* The low-level compression entry agrees with the streaming API on a padded one-block message. */
START_TEST(test_compress_words)
{
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    uint8_t msg[40], ref[32], out[32];
    uint32_t st[8], blk[16];
    int i;

    fct_rand_bytes(msg, sizeof msg);
    fc_sha256(ref, msg, sizeof msg);
    memset(blk, 0, sizeof blk);
    for (i = 0; i < 10; i++)
        blk[i] = (uint32_t)msg[4 * i] << 24 | (uint32_t)msg[4 * i + 1] << 16 |
                 (uint32_t)msg[4 * i + 2] << 8 | msg[4 * i + 3];
    blk[10] = 0x80000000u;
    blk[15] = 8 * sizeof msg;
    memcpy(st, iv, sizeof st);
    fc_sha256_compress_words(st, blk);
    for (i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(st[i] >> 24);
        out[4 * i + 1] = (uint8_t)(st[i] >> 16);
        out[4 * i + 2] = (uint8_t)(st[i] >> 8);
        out[4 * i + 3] = (uint8_t)st[i];
    }
    ck_assert_mem_eq(out, ref, 32);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sha256");
    TCase *tv = tcase_create("vectors");
    TCase *tp = tcase_create("properties");
    size_t i, nfips;

    fct_rsp_load(&g_short, "sha256/SHA256ShortMsg.rsp");
    fct_rsp_load(&g_long, "sha256/SHA256LongMsg.rsp");
    fct_rsp_load(&g_monte, "sha256/SHA256Monte.rsp");
    g_fips = fct_json_load("sha256/fips180-2-appendixB-sha256-examples.json");
    nfips = fct_json_get(g_fips, "tests")->len;

    g_monte_seed = g_monte.n;
    for (i = 0; i < g_monte.n; i++) {
        if (fct_rsp_get(&g_monte.recs[i], "COUNT") && g_monte_n < 256)
            g_monte_idx[g_monte_n++] = i;
        else if (fct_rsp_get(&g_monte.recs[i], "Seed"))
            g_monte_seed = i;
    }
    if (g_monte_seed == g_monte.n || g_monte_n == 0) {
        fprintf(stderr, "SHA256Monte.rsp: no Seed or no COUNT records\n");
        return 1;
    }

    fct_count("sha256 SHA256ShortMsg.rsp", g_short.n);
    fct_count("sha256 SHA256LongMsg.rsp", g_long.n);
    fct_count("sha256 SHA256Monte.rsp (x1000 hashes each)", g_monte_n);
    fct_count("sha256 fips180-2-appendixB-sha256-examples.json", nfips);

    /* Generous limit: the Monte Carlo and million-'a' records run under valgrind too. */
    tcase_set_timeout(tv, 600);
    tcase_add_loop_test(tv, test_short_msg, 0, (int)g_short.n);
    tcase_add_loop_test(tv, test_long_msg, 0, (int)g_long.n);
    tcase_add_loop_test(tv, test_monte, 0, (int)g_monte_n);
    tcase_add_loop_test(tv, test_fips180_2, 0, (int)nfips);
    suite_add_tcase(s, tv);

    tcase_set_timeout(tp, 600);
    tcase_add_test(tp, test_random_splits);
    tcase_add_test(tp, test_byte_at_a_time);
    tcase_add_test(tp, test_wipe_and_overlap);
    tcase_add_test(tp, test_compress_words);
    suite_add_tcase(s, tp);
    printf("SHA-256 backend run: %s\n", fc_sha256_backend_name());
    return fct_run(s);
}
