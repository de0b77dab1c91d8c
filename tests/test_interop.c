/*
 * Interop with Python's `cryptography` (tests/interop.py), both directions: Fernet tokens
 * (made by one side, opened or reproduced byte for byte by the other), Python's TTL rules,
 * MultiFernet decrypt and rotate, the password -> key derivation, the tutorials' legacy CFB
 * format and fcpw1. Each test writes one batch of operations as JSON, runs
 * `python3 tests/interop.py` on it once, and reads the answers with fc_test.h's reader.
 *
 * Without python3 + cryptography the suite prints a SKIPPED line and passes, unless
 * FC_REQUIRE_PYTHON=1 (CI), where that is a failure.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fc_fernet.h"
#include "fc_password.h"
#include "fc_test.h"

#define INTEROP_SCRIPT FC_VECTORS_DIR "/../tests/interop.py"
#define MIB (1024u * 1024u)

static const size_t sizes[] = {
    0, 1, 15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65, 127, 128, 129, 255, 256, 257,
    1000, 1023, 1024, 1025, 4095, 4096, 4097, 65535, 65536, 65537, MIB - 1, MIB, MIB + 1,
};
#define NSIZES (sizeof sizes / sizeof sizes[0])

/* Times spread over small, present-day, and huge values up to 2^64 - 1. */
static uint64_t rand_time(void)
{
    switch (fct_rand_below(5)) {
    case 0: return (uint64_t)fct_rand_below(1000);
    case 1: return 1700000000u + (uint64_t)fct_rand_below(100000000);
    case 2: return fct_rand64();
    case 3: return UINT64_MAX - (uint64_t)fct_rand_below(100);
    default: return fct_rand64() >> fct_rand_below(64);
    }
}

/* ---- one batch of operations for interop.py ---- */

typedef struct {
    FILE *f;
    size_t n; /* operations written */
    char dir[64];
    char req[96], resp[96];
} batch;

static void batch_open(batch *b)
{
    strcpy(b->dir, "/tmp/fc-interop-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(b->dir));
    snprintf(b->req, sizeof b->req, "%s/req.json", b->dir);
    snprintf(b->resp, sizeof b->resp, "%s/resp.json", b->dir);
    b->f = fopen(b->req, "w");
    ck_assert_ptr_nonnull(b->f);
    fputs("{\"ops\":[", b->f);
    b->n = 0;
}

static void op_begin(batch *b, const char *name)
{
    fprintf(b->f, "%s{\"op\":\"%s\"", b->n ? ",\n" : "", name);
    b->n++;
}

static void op_end(batch *b)
{
    fputc('}', b->f);
}

static void put_hex(batch *b, const char *name, const uint8_t *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    size_t i;
    fprintf(b->f, ",\"%s\":\"", name);
    for (i = 0; i < n; i++) {
        fputc(digits[p[i] >> 4], b->f);
        fputc(digits[p[i] & 15], b->f);
    }
    fputc('"', b->f);
}

/* Token, key and base64 texts: no character needs escaping in JSON. */
static void put_text(batch *b, const char *name, const char *s, size_t n)
{
    fprintf(b->f, ",\"%s\":\"%.*s\"", name, (int)n, s);
}

static void put_u64(batch *b, const char *name, uint64_t v)
{
    fprintf(b->f, ",\"%s\":%llu", name, (unsigned long long)v);
}

static void put_key(batch *b, const char *name, const uint8_t key[FC_FERNET_KEY_SIZE])
{
    char text[FC_FERNET_KEY_TEXT_LEN];
    fc_fernet_key_encode(text, key);
    put_text(b, name, text, sizeof text);
}

static void put_keys(batch *b, const uint8_t (*keys)[FC_FERNET_KEY_SIZE], size_t n)
{
    size_t i;
    char text[FC_FERNET_KEY_TEXT_LEN];
    fputs(",\"keys\":[", b->f);
    for (i = 0; i < n; i++) {
        fc_fernet_key_encode(text, keys[i]);
        fprintf(b->f, "%s\"%.*s\"", i ? "," : "", (int)sizeof text, text);
    }
    fputc(']', b->f);
}

/* Run interop.py on the batch; returns the results array (one item per operation). */
static const fct_json *batch_run(batch *b)
{
    char cmd[512];
    const char *old = getenv("FC_VECTORS_DIR");
    char *saved = old ? strdup(old) : NULL;
    const fct_json *root, *res;
    int rc;

    fputs("]}\n", b->f);
    ck_assert_int_eq(fclose(b->f), 0);
    snprintf(cmd, sizeof cmd, "python3 '%s' '%s' '%s'", INTEROP_SCRIPT, b->req, b->resp);
    rc = system(cmd);
    ck_assert_msg(rc == 0, "interop.py failed (status %d): %s", rc, cmd);
    /* fct_json_load reads below $FC_VECTORS_DIR: point it at the batch's directory. */
    ck_assert_int_eq(setenv("FC_VECTORS_DIR", b->dir, 1), 0);
    root = fct_json_load("resp.json");
    if (saved) {
        ck_assert_int_eq(setenv("FC_VECTORS_DIR", saved, 1), 0);
        free(saved);
    } else {
        unsetenv("FC_VECTORS_DIR");
    }
    remove(b->req);
    remove(b->resp);
    rmdir(b->dir);
    res = fct_json_get(root, "results");
    ck_assert_ptr_nonnull(res);
    ck_assert_int_eq(res->type, FCT_JARR);
    ck_assert_uint_eq(res->len, b->n);
    return res;
}

static int res_ok(const fct_json *r)
{
    const fct_json *v = fct_json_get(r, "ok");
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(v->type, FCT_JBOOL);
    return v->boolean;
}

/* Python's hex answer equals msg. */
static void assert_hex_eq(const fct_json *r, const char *name, const uint8_t *msg, size_t len)
{
    size_t n = 0;
    uint8_t *got = fct_unhex(fct_json_str(r, name), &n);
    ck_assert_uint_eq(n, len);
    ck_assert_mem_eq(got, msg, len);
    free(got);
}

/* C opens token with key (no TTL), expecting msg and time `now`. */
static void c_opens(const uint8_t key[FC_FERNET_KEY_SIZE], const char *token, size_t token_len,
                    const uint8_t *msg, size_t len, uint64_t now)
{
    size_t cap = fc_fernet_plain_max(token_len), m = 0;
    uint8_t *out = fct_xmalloc(cap);
    uint64_t ts = 0;
    ck_assert_int_eq(fc_fernet_decrypt_at(out, cap, &m, key, token, token_len, 0,
                                          FC_FERNET_NO_TTL, &ts), FC_OK);
    ck_assert_uint_eq(m, len);
    ck_assert_mem_eq(out, msg, len);
    ck_assert_uint_eq(ts, now);
    free(out);
}

static char *c_token(size_t *n, const uint8_t key[FC_FERNET_KEY_SIZE], uint64_t now,
                     const uint8_t iv[16], const uint8_t *msg, size_t len)
{
    size_t cap = fc_fernet_token_len(len);
    char *t = fct_xmalloc(cap);
    ck_assert_int_eq(fc_fernet_encrypt_at(t, cap, n, key, now, iv, msg, len), FC_OK);
    ck_assert_uint_eq(*n, cap);
    return t;
}

/* ---- Fernet tokens ---- */

typedef struct {
    uint8_t key[FC_FERNET_KEY_SIZE], iv[16];
    uint64_t now;
    uint8_t *msg;
    size_t len;
} tcase_data;

static size_t make_cases(tcase_data **out, size_t nrandom)
{
    size_t n = NSIZES + nrandom, i;
    tcase_data *c = fct_xmalloc(n * sizeof *c);
    for (i = 0; i < n; i++) {
        fct_rand_bytes(c[i].key, sizeof c[i].key);
        fct_rand_bytes(c[i].iv, sizeof c[i].iv);
        c[i].now = rand_time();
        c[i].len = i < NSIZES ? sizes[i] : fct_rand_below(3000);
        c[i].msg = fct_xmalloc(c[i].len);
        fct_rand_bytes(c[i].msg, c[i].len);
    }
    *out = c;
    return n;
}

static void free_cases(tcase_data *c, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        free(c[i].msg);
    free(c);
}

START_TEST(test_python_tokens_open_in_c)
{
    tcase_data *c;
    size_t n = make_cases(&c, 40), i;
    batch b;
    const fct_json *res;

    batch_open(&b);
    for (i = 0; i < n; i++) {
        op_begin(&b, "make");
        put_key(&b, "key", c[i].key);
        put_u64(&b, "now", c[i].now);
        put_hex(&b, "msg", c[i].msg, c[i].len);
        op_end(&b);
    }
    res = batch_run(&b);
    for (i = 0; i < n; i++) {
        const char *tok = fct_json_str(&res->items[i], "token");
        size_t tl = strlen(tok);
        uint8_t other[FC_FERNET_KEY_SIZE];
        uint64_t ts = 0;

        ck_assert_uint_eq(tl, fc_fernet_token_len(c[i].len));
        c_opens(c[i].key, tok, tl, c[i].msg, c[i].len, c[i].now);
        ck_assert_int_eq(fc_fernet_extract_timestamp(&ts, (const uint8_t(*)[FC_FERNET_KEY_SIZE])&c[i].key, 1,
                                                     tok, tl), FC_OK);
        ck_assert_uint_eq(ts, c[i].now);
        /* Another signing key (one bit changed): invalid. */
        memcpy(other, c[i].key, sizeof other);
        other[fct_rand_below(16)] ^= 0x40;
        if (c[i].len <= 4096) {
            size_t cap = fc_fernet_plain_max(tl), m = 0;
            uint8_t *out = fct_xmalloc(cap);
            ck_assert_int_eq(fc_fernet_decrypt_at(out, cap, &m, other, tok, tl, 0,
                                                  FC_FERNET_NO_TTL, NULL), FC_ERR_AUTH);
            free(out);
        }
        ck_assert_int_eq(fc_fernet_extract_timestamp(&ts, (const uint8_t(*)[FC_FERNET_KEY_SIZE])&other, 1,
                                                     tok, tl), FC_ERR_AUTH);
    }
    fct_count("Python-made tokens opened in C", n);
    free_cases(c, n);
}
END_TEST

START_TEST(test_c_tokens_match_python)
{
    tcase_data *c;
    size_t n = make_cases(&c, 40), i;
    char **tok = fct_xmalloc(n * sizeof *tok);
    size_t *tl = fct_xmalloc(n * sizeof *tl);
    batch b;
    const fct_json *res;

    batch_open(&b);
    for (i = 0; i < n; i++) {
        tok[i] = c_token(&tl[i], c[i].key, c[i].now, c[i].iv, c[i].msg, c[i].len);
        op_begin(&b, "check");
        put_key(&b, "key", c[i].key);
        put_u64(&b, "now", c[i].now);
        put_hex(&b, "iv", c[i].iv, 16);
        put_hex(&b, "msg", c[i].msg, c[i].len);
        put_text(&b, "token", tok[i], tl[i]);
        op_end(&b);
    }
    res = batch_run(&b);
    for (i = 0; i < n; i++) {
        const fct_json *r = &res->items[i];
        const char *again = fct_json_str(r, "token");
        /* Python's _encrypt_from_parts(msg, now, iv) gives the same token, byte for byte. */
        ck_assert_uint_eq(strlen(again), tl[i]);
        ck_assert_mem_eq(again, tok[i], tl[i]);
        assert_hex_eq(r, "msg", c[i].msg, c[i].len);
        ck_assert_uint_eq(fct_json_u64(r, "ts"), c[i].now);
        free(tok[i]);
    }
    fct_count("C-made tokens reproduced and opened by Python", n);
    free(tok);
    free(tl);
    free_cases(c, n);
}
END_TEST

/* (ttl, now) pairs around both of Python's time rules for a token stamped t. */
static size_t time_cases(uint64_t t, uint64_t *ttl, uint64_t *now)
{
    size_t k = 0;
    uint64_t d = fct_rand_below(4) == 0 ? (uint64_t)fct_rand_below(3)
                                        : (fct_rand64() >> fct_rand_below(64));
    if (d == UINT64_MAX)
        d--;
    /* timestamp + ttl == now is still valid; one second later it is expired. */
    if (t <= UINT64_MAX - d) {
        ttl[k] = d, now[k++] = t + d;
        if (t + d < UINT64_MAX)
            ttl[k] = d, now[k++] = t + d + 1;
    }
    /* timestamp == now + 60 is valid; timestamp == now + 61 is from the future. */
    if (t >= 61) {
        ttl[k] = d, now[k++] = t - 60;
        ttl[k] = d, now[k++] = t - 61;
    }
    ttl[k] = d, now[k++] = rand_time();
    ttl[k] = UINT64_MAX - 1, now[k++] = rand_time();
    ttl[k] = d, now[k++] = UINT64_MAX;
    ttl[k] = d, now[k++] = 0;
    ttl[k] = FC_FERNET_NO_TTL, now[k++] = 0; /* no TTL: no time check at all */
    return k;
}

START_TEST(test_ttl_rules_agree)
{
    enum { N = 60, PER = 9 };
    tcase_data *c;
    size_t n, i, j, count = 0;
    char *ctok[N + 40];
    size_t ctl[N + 40], nt[N + 40];
    uint64_t ttl[N + 40][PER], now[N + 40][PER];
    const char *ptok[N + 40];
    batch b;
    const fct_json *res;

    /* Small messages only: this test is about time, at many timestamps. */
    n = make_cases(&c, 0);
    for (i = 0; i < n; i++) {
        free(c[i].msg);
        c[i].len = fct_rand_below(40);
        c[i].msg = fct_xmalloc(c[i].len);
        fct_rand_bytes(c[i].msg, c[i].len);
    }
    ck_assert_uint_le(n, N + 40);
    /* Round 1: Python makes its tokens. */
    batch_open(&b);
    for (i = 0; i < n; i++) {
        c[i].now = i % 4 == 0 ? UINT64_MAX - i : i % 4 == 1 ? (uint64_t)1 << 63 : rand_time();
        op_begin(&b, "make");
        put_key(&b, "key", c[i].key);
        put_u64(&b, "now", c[i].now);
        put_hex(&b, "msg", c[i].msg, c[i].len);
        op_end(&b);
    }
    res = batch_run(&b);
    for (i = 0; i < n; i++)
        ptok[i] = fct_json_str(&res->items[i], "token");

    /* Round 2: Python opens both tokens under every (ttl, now). */
    batch_open(&b);
    for (i = 0; i < n; i++) {
        ctok[i] = c_token(&ctl[i], c[i].key, c[i].now, c[i].iv, c[i].msg, c[i].len);
        nt[i] = time_cases(c[i].now, ttl[i], now[i]);
        for (j = 0; j < nt[i]; j++) {
            int side;
            for (side = 0; side < 2; side++) {
                op_begin(&b, "open");
                put_key(&b, "key", c[i].key);
                if (side == 0)
                    put_text(&b, "token", ctok[i], ctl[i]);
                else
                    put_text(&b, "token", ptok[i], strlen(ptok[i]));
                if (ttl[i][j] != FC_FERNET_NO_TTL)
                    put_u64(&b, "ttl", ttl[i][j]);
                put_u64(&b, "now", now[i][j]);
                op_end(&b);
            }
        }
    }
    res = batch_run(&b);
    for (i = 0, count = 0; i < n; i++) {
        for (j = 0; j < nt[i]; j++) {
            int side;
            for (side = 0; side < 2; side++) {
                const fct_json *r = &res->items[count++];
                const char *tok = side == 0 ? ctok[i] : ptok[i];
                size_t tl = side == 0 ? ctl[i] : strlen(ptok[i]);
                size_t cap = fc_fernet_plain_max(tl), m = 0;
                uint8_t *out = fct_xmalloc(cap);
                uint64_t ts = 0;
                fc_err err = fc_fernet_decrypt_at(out, cap, &m, c[i].key, tok, tl, now[i][j],
                                                  ttl[i][j], &ts);
                ck_assert_msg((err == FC_OK) == res_ok(r),
                              "t=%llu ttl=%llu now=%llu: C %d, Python %s",
                              (unsigned long long)c[i].now, (unsigned long long)ttl[i][j],
                              (unsigned long long)now[i][j], (int)err,
                              res_ok(r) ? "valid" : "invalid");
                if (err == FC_OK) {
                    ck_assert_uint_eq(m, c[i].len);
                    ck_assert_mem_eq(out, c[i].msg, m);
                    assert_hex_eq(r, "msg", c[i].msg, c[i].len);
                } else {
                    /* Authentic tokens: the reason is given, and the time is reported. */
                    ck_assert(err == FC_ERR_EXPIRED || err == FC_ERR_FUTURE);
                    ck_assert_uint_eq(ts, c[i].now);
                }
                free(out);
            }
        }
        free(ctok[i]);
    }
    ck_assert_uint_eq(count, res->len);
    fct_count("TTL verdicts (C and Python tokens, C and Python rules)", count);
    free_cases(c, n);
}
END_TEST

/* ---- MultiFernet ---- */

START_TEST(test_multifernet_both_ways)
{
    enum { N = 40 };
    uint8_t keys[N][4][FC_FERNET_KEY_SIZE], foreign[FC_FERNET_KEY_SIZE], iv2[N][16];
    size_t nk[N], signer[N]; /* signer == nk: a key outside the list */
    tcase_data *c;
    size_t n, i, m = 0, total;
    char *ctok[N], *crot[N];
    size_t ctl[N], crl[N];
    const char *ptok[N];
    const char *prot[N];
    batch b;
    const fct_json *res;

    total = make_cases(&c, N - NSIZES + 1);
    ck_assert_uint_ge(total, N);
    n = N;
    fct_rand_bytes(foreign, sizeof foreign);
    /* Round 1: Python makes a token and rotates ours. */
    batch_open(&b);
    for (i = 0; i < n; i++) {
        size_t k;
        nk[i] = 1 + fct_rand_below(4);
        for (k = 0; k < nk[i]; k++)
            fct_rand_bytes(keys[i][k], FC_FERNET_KEY_SIZE);
        signer[i] = fct_rand_below(nk[i] + 1);
        if (i < 4)
            signer[i] = i % 2 ? nk[i] : nk[i] - 1;
        ctok[i] = c_token(&ctl[i], signer[i] < nk[i] ? keys[i][signer[i]] : foreign, c[i].now,
                          c[i].iv, c[i].msg, c[i].len);
        op_begin(&b, "make");
        put_key(&b, "key", signer[i] < nk[i] ? keys[i][signer[i]] : foreign);
        put_u64(&b, "now", c[i].now);
        put_hex(&b, "msg", c[i].msg, c[i].len);
        op_end(&b);
        if (signer[i] < nk[i]) {
            op_begin(&b, "rotate");
            put_keys(&b, (const uint8_t(*)[FC_FERNET_KEY_SIZE])keys[i], nk[i]);
            put_text(&b, "token", ctok[i], ctl[i]);
            op_end(&b);
        }
    }
    res = batch_run(&b);
    for (i = 0, m = 0; i < n; i++) {
        ptok[i] = fct_json_str(&res->items[m++], "token");
        prot[i] = signer[i] < nk[i] ? fct_json_str(&res->items[m++], "token") : NULL;
    }

    /* C: MultiFernet decrypt of Python's token; open Python's rotation with keys[0] alone;
     * rotate our own token. Round 2 then asks Python about ours. */
    batch_open(&b);
    for (i = 0; i < n; i++) {
        const uint8_t(*kl)[FC_FERNET_KEY_SIZE] = (const uint8_t(*)[FC_FERNET_KEY_SIZE])keys[i];
        size_t tl = strlen(ptok[i]), cap = fc_fernet_plain_max(tl), got = 0, used = 99;
        uint8_t *out = fct_xmalloc(cap);
        uint64_t ts = 0;
        fc_err err = fc_fernet_multi_decrypt_at(out, cap, &got, kl, nk[i], ptok[i], tl, 0,
                                                FC_FERNET_NO_TTL, &ts, &used);
        if (signer[i] < nk[i]) {
            ck_assert_int_eq(err, FC_OK);
            ck_assert_uint_eq(used, signer[i]);
            ck_assert_uint_eq(got, c[i].len);
            ck_assert_mem_eq(out, c[i].msg, got);
            ck_assert_uint_eq(ts, c[i].now);
            /* Python's rotation: under keys[0], same time, same message. */
            ck_assert_uint_eq(strlen(prot[i]), ctl[i]);
            c_opens(keys[i][0], prot[i], strlen(prot[i]), c[i].msg, c[i].len, c[i].now);
            fct_rand_bytes(iv2[i], 16);
            crot[i] = fct_xmalloc(ctl[i]);
            ck_assert_int_eq(fc_fernet_multi_rotate(crot[i], ctl[i], &crl[i], kl, nk[i], ctok[i],
                                                    ctl[i], iv2[i]), FC_OK);
            ck_assert_uint_eq(crl[i], ctl[i]);
            /* Python reproduces our rotation from (message, original time, new IV). */
            op_begin(&b, "check");
            put_key(&b, "key", keys[i][0]);
            put_u64(&b, "now", c[i].now);
            put_hex(&b, "iv", iv2[i], 16);
            put_hex(&b, "msg", c[i].msg, c[i].len);
            put_text(&b, "token", crot[i], crl[i]);
            op_end(&b);
        } else {
            char *rot = fct_xmalloc(ctl[i]);
            ck_assert_int_eq(err, FC_ERR_AUTH);
            crot[i] = NULL;
            ck_assert_int_eq(fc_fernet_multi_rotate(rot, ctl[i], &got, kl, nk[i], ctok[i], ctl[i],
                                                    c[i].iv), FC_ERR_AUTH);
            free(rot);
        }
        free(out);
        op_begin(&b, "open");
        put_keys(&b, kl, nk[i]);
        put_text(&b, "token", ctok[i], ctl[i]);
        op_end(&b);
        op_begin(&b, "timestamp");
        put_keys(&b, kl, nk[i]);
        put_text(&b, "token", ctok[i], ctl[i]);
        op_end(&b);
    }
    res = batch_run(&b);
    for (i = 0, m = 0; i < n; i++) {
        const uint8_t(*kl)[FC_FERNET_KEY_SIZE] = (const uint8_t(*)[FC_FERNET_KEY_SIZE])keys[i];
        const fct_json *r;
        uint64_t ts = 0;
        int valid = signer[i] < nk[i];
        if (valid) {
            r = &res->items[m++];
            ck_assert_mem_eq(fct_json_str(r, "token"), crot[i], crl[i]);
            assert_hex_eq(r, "msg", c[i].msg, c[i].len);
            ck_assert_uint_eq(fct_json_u64(r, "ts"), c[i].now);
            free(crot[i]);
        }
        r = &res->items[m++];
        ck_assert_int_eq(res_ok(r), valid);
        if (valid)
            assert_hex_eq(r, "msg", c[i].msg, c[i].len);
        r = &res->items[m++];
        ck_assert_int_eq(res_ok(r), valid);
        ck_assert_int_eq(fc_fernet_extract_timestamp(&ts, kl, nk[i], ctok[i], ctl[i]),
                         valid ? FC_OK : FC_ERR_AUTH);
        if (valid)
            ck_assert_uint_eq(fct_json_u64(r, "ts"), ts);
        free(ctok[i]);
    }
    ck_assert_uint_eq(m, res->len);
    fct_count("MultiFernet decrypt/rotate/timestamp cases, both ways", n);
    free_cases(c, total);
}
END_TEST

/* ---- password schemes ---- */

START_TEST(test_password_key_matches_python)
{
    enum { N = 40 };
    uint8_t pw[N][64], salt[N][40];
    size_t pl[N], sl[N], i;
    uint32_t it[N];
    batch b;
    const fct_json *res;

    batch_open(&b);
    for (i = 0; i < N; i++) {
        pl[i] = fct_rand_below(65);
        sl[i] = i % 3 ? FC_PASSWORD_SALT_SIZE : fct_rand_below(41);
        fct_rand_bytes(pw[i], pl[i]);
        fct_rand_bytes(salt[i], sl[i]);
        it[i] = i == 0 ? FC_LEGACY_CFB_ITERATIONS : (uint32_t)(1 + fct_rand_below(3000));
        op_begin(&b, "pwkey");
        put_hex(&b, "pw", pw[i], pl[i]);
        put_hex(&b, "salt", salt[i], sl[i]);
        put_u64(&b, "n", it[i]);
        op_end(&b);
    }
    res = batch_run(&b);
    for (i = 0; i < N; i++) {
        uint8_t key[FC_FERNET_KEY_SIZE];
        char text[FC_FERNET_KEY_TEXT_LEN];
        const char *py = fct_json_str(&res->items[i], "key");
        ck_assert_int_eq(fc_fernet_key_derive(key, pw[i], pl[i], salt[i], sl[i], it[i]), FC_OK);
        fc_fernet_key_encode(text, key);
        ck_assert_uint_eq(strlen(py), sizeof text);
        ck_assert_mem_eq(py, text, sizeof text);
    }
    fct_count("password -> Fernet key vs PBKDF2HMAC + urlsafe_b64encode", N);
}
END_TEST

START_TEST(test_legacy_cfb_matches_tutorial)
{
    enum { NSMALL = 71 };
    size_t extra[] = {255, 256, 1000, 65536, MIB};
    size_t n = NSMALL + sizeof extra / sizeof extra[0], i;
    uint8_t (*pw)[32] = fct_xmalloc(n * sizeof *pw);
    size_t *pl = fct_xmalloc(n * sizeof *pl), *len = fct_xmalloc(n * sizeof *len), *ctl;
    uint32_t *it = fct_xmalloc(n * sizeof *it);
    uint8_t **msg = fct_xmalloc(n * sizeof *msg);
    char **ctext = fct_xmalloc(n * sizeof *ctext);
    batch b;
    const fct_json *res;

    ctl = fct_xmalloc(n * sizeof *ctl);
    batch_open(&b);
    for (i = 0; i < n; i++) {
        uint8_t salt[16], iv[16];
        len[i] = i < NSMALL ? i : extra[i - NSMALL];
        pl[i] = fct_rand_below(33);
        fct_rand_bytes(pw[i], pl[i]);
        it[i] = i == 5 ? FC_LEGACY_CFB_ITERATIONS : (uint32_t)(1 + fct_rand_below(50));
        msg[i] = fct_xmalloc(len[i]);
        fct_rand_bytes(msg[i], len[i]);
        fct_rand_bytes(salt, 16);
        fct_rand_bytes(iv, 16);
        ctext[i] = fct_xmalloc(fc_legacy_cfb_text_len(len[i]));
        ck_assert_int_eq(fc_legacy_cfb_encrypt(ctext[i], fc_legacy_cfb_text_len(len[i]), &ctl[i],
                                               pw[i], pl[i], salt, iv, it[i], msg[i], len[i]),
                         FC_OK);
        op_begin(&b, "legacy_dec");
        put_hex(&b, "pw", pw[i], pl[i]);
        put_u64(&b, "n", it[i]);
        put_text(&b, "text", ctext[i], ctl[i]);
        op_end(&b);
        op_begin(&b, "legacy_enc");
        put_hex(&b, "pw", pw[i], pl[i]);
        put_u64(&b, "n", it[i]);
        put_hex(&b, "msg", msg[i], len[i]);
        op_end(&b);
    }
    res = batch_run(&b);
    for (i = 0; i < n; i++) {
        const char *py = fct_json_str(&res->items[2 * i + 1], "text");
        size_t tl = strlen(py), cap = fc_legacy_cfb_plain_max(tl), m = 0;
        uint8_t *out = fct_xmalloc(cap);
        /* Ours opens in the tutorial's code... */
        assert_hex_eq(&res->items[2 * i], "msg", msg[i], len[i]);
        /* ...and the tutorial's text opens here. */
        ck_assert_uint_eq(tl, fc_legacy_cfb_text_len(len[i]));
        ck_assert_int_eq(fc_legacy_cfb_decrypt(out, cap, &m, pw[i], pl[i], it[i], py, tl), FC_OK);
        ck_assert_uint_eq(m, len[i]);
        ck_assert_mem_eq(out, msg[i], m);
        /* The streaming decryptor, fed in random pieces, opens it too. */
        {
            fc_legacy_cfb_dec_ctx d;
            size_t pos = FC_LEGACY_CFB_HEAD_LEN, got = 0, k;
            uint8_t *sout = fct_xmalloc(tl + 128);
            ck_assert_int_eq(fc_legacy_cfb_dec_init(&d, pw[i], pl[i], it[i], py), FC_OK);
            while (pos < tl) {
                size_t piece = 1 + fct_rand_below(tl - pos < 5000 ? tl - pos : 5000);
                ck_assert_int_eq(fc_legacy_cfb_dec_update(&d, sout + got,
                                                          fc_legacy_cfb_dec_update_max(piece), &k,
                                                          py + pos, piece), FC_OK);
                got += k;
                pos += piece;
            }
            ck_assert_int_eq(fc_legacy_cfb_dec_final(&d, sout + got, FC_LEGACY_CFB_DEC_FINAL_MAX,
                                                     &k), FC_OK);
            ck_assert_uint_eq(got + k, len[i]);
            ck_assert_mem_eq(sout, msg[i], len[i]);
            free(sout);
        }
        free(out);
        free(msg[i]);
        free(ctext[i]);
    }
    fct_count("legacy CFB texts, each way, vs the tutorial's Python", n);
    free(pw);
    free(pl);
    free(len);
    free(ctl);
    free(it);
    free(msg);
    free(ctext);
}
END_TEST

START_TEST(test_fcpw1_matches_python)
{
    static const size_t lens[] = {0, 1, 15, 16, 17, 33, 100, 1000, 65536};
    enum { N = sizeof lens / sizeof lens[0] };
    uint8_t pw[N][20], *msg[N];
    size_t pl[N], i;
    uint32_t it[N];
    uint64_t now[N];
    char *ctext[N];
    size_t ctl[N];
    batch b;
    const fct_json *res;

    batch_open(&b);
    for (i = 0; i < N; i++) {
        uint8_t salt[16], iv[16];
        pl[i] = fct_rand_below(21);
        fct_rand_bytes(pw[i], pl[i]);
        it[i] = (uint32_t)(1 + fct_rand_below(100));
        now[i] = rand_time();
        msg[i] = fct_xmalloc(lens[i]);
        fct_rand_bytes(msg[i], lens[i]);
        fct_rand_bytes(salt, 16);
        fct_rand_bytes(iv, 16);
        ctext[i] = fct_xmalloc(fc_fcpw1_text_len(lens[i]));
        ck_assert_int_eq(fc_fcpw1_encrypt_at(ctext[i], fc_fcpw1_text_len(lens[i]), &ctl[i], pw[i],
                                             pl[i], salt, it[i], now[i], iv, msg[i], lens[i]),
                         FC_OK);
        op_begin(&b, "fcpw1_dec");
        put_hex(&b, "pw", pw[i], pl[i]);
        put_u64(&b, "max", FC_FCPW1_MAX_ITERATIONS);
        put_text(&b, "text", ctext[i], ctl[i]);
        op_end(&b);
        op_begin(&b, "fcpw1_enc");
        put_hex(&b, "pw", pw[i], pl[i]);
        put_u64(&b, "n", it[i]);
        put_u64(&b, "now", now[i]);
        put_hex(&b, "msg", msg[i], lens[i]);
        op_end(&b);
        /* A wrong password is refused on the Python side too. */
        op_begin(&b, "fcpw1_dec");
        put_hex(&b, "pw", (const uint8_t *)"not the password", 16);
        put_u64(&b, "max", FC_FCPW1_MAX_ITERATIONS);
        put_text(&b, "text", ctext[i], ctl[i]);
        op_end(&b);
    }
    res = batch_run(&b);
    for (i = 0; i < N; i++) {
        const char *py = fct_json_str(&res->items[3 * i + 1], "text");
        size_t tl = strlen(py), cap = fc_fcpw1_plain_max(tl), m = 0;
        uint8_t *out = fct_xmalloc(cap);
        ck_assert(res_ok(&res->items[3 * i]));
        assert_hex_eq(&res->items[3 * i], "msg", msg[i], lens[i]);
        ck_assert(!res_ok(&res->items[3 * i + 2]));
        ck_assert_uint_eq(tl, fc_fcpw1_text_len(lens[i]));
        ck_assert_int_eq(fc_fcpw1_decrypt(out, cap, &m, pw[i], pl[i], FC_FCPW1_MAX_ITERATIONS, py, tl),
                         FC_OK);
        ck_assert_uint_eq(m, lens[i]);
        ck_assert_mem_eq(out, msg[i], m);
        ck_assert_int_eq(fc_fcpw1_decrypt(out, cap, &m, (const uint8_t *)"not the password", 16,
                                          FC_FCPW1_MAX_ITERATIONS, py, tl), FC_ERR_AUTH);
        free(out);
        free(msg[i]);
        free(ctext[i]);
    }
    fct_count("fcpw1 texts, each way, vs docs/FORMATS.md written in Python", N);
}
END_TEST

static int python_available(void)
{
    return system("python3 -c 'import cryptography.fernet' >/dev/null 2>&1") == 0;
}

int main(void)
{
    Suite *s;
    TCase *tf, *tp;
    const char *req = getenv("FC_REQUIRE_PYTHON");

    if (!python_available()) {
        if (req && strcmp(req, "1") == 0) {
            printf("interop: python3 with the cryptography package is required "
                   "(FC_REQUIRE_PYTHON=1) but was not found\n");
            return EXIT_FAILURE;
        }
        printf("interop: SKIPPED: python3 with the cryptography package not found "
               "(set FC_REQUIRE_PYTHON=1 to make this a failure)\n");
        return EXIT_SUCCESS;
    }
    s = suite_create("interop");
    tf = tcase_create("fernet");
    tp = tcase_create("password");
    tcase_set_timeout(tf, 600);
    tcase_set_timeout(tp, 600);
    tcase_add_test(tf, test_python_tokens_open_in_c);
    tcase_add_test(tf, test_c_tokens_match_python);
    tcase_add_test(tf, test_ttl_rules_agree);
    tcase_add_test(tf, test_multifernet_both_ways);
    tcase_add_test(tp, test_password_key_matches_python);
    tcase_add_test(tp, test_legacy_cfb_matches_tutorial);
    tcase_add_test(tp, test_fcpw1_matches_python);
    suite_add_tcase(s, tf);
    suite_add_tcase(s, tp);
    return fct_run(s);
}
