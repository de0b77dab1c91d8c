/*
 * Benchmark: SHA-256, HMAC-SHA256 and PBKDF2-HMAC-SHA256, fernet-c beside OpenSSL's libcrypto
 * in the same run. Rows per bench/bench.h; bench/run.sh runs this twice (the second time with
 * OpenSSL's SHA extensions masked and FC_BENCH_MASKED=1: OpenSSL figures only).
 */
#include <stdint.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "bench.h"
#include "fernetc.h"

#define BENCH_MIN_S 0.25

typedef struct {
    uint8_t *msg;
    size_t len;
    uint8_t out[32];
    uint32_t iterations;
    EVP_MD *md;
    EVP_MD_CTX *mdctx;
    EVP_MAC_CTX *macctx;
} bench_arg;

static const uint8_t bench_key[32] = "0123456789abcdef0123456789abcde";
static const uint8_t bench_pw[] = "correct horse battery staple";
static const uint8_t bench_salt[16] = "NaCl-and-pepper";
static char bench_digest[] = "SHA256"; /* OSSL_PARAM takes a non-const string */

/* Each call feeds one byte of the last result back into the message, so no call can be skipped. */
static void fc_sha(void *p)
{
    bench_arg *a = p;
    fc_sha256(a->out, a->msg, a->len);
    a->msg[0] ^= a->out[0];
}

static void ossl_sha(void *p)
{
    bench_arg *a = p;
    unsigned int n = 0;
    EVP_DigestInit_ex(a->mdctx, a->md, NULL);
    EVP_DigestUpdate(a->mdctx, a->msg, a->len);
    EVP_DigestFinal_ex(a->mdctx, a->out, &n);
    a->msg[0] ^= a->out[0];
}

static void fc_hmac(void *p)
{
    bench_arg *a = p;
    fc_hmac_sha256(a->out, bench_key, sizeof bench_key, a->msg, a->len);
    a->msg[0] ^= a->out[0];
}

static void ossl_hmac(void *p)
{
    bench_arg *a = p;
    size_t n = 0;
    /* Re-keying on every message: the row measures key set-up plus one 64-byte MAC. */
    EVP_MAC_init(a->macctx, bench_key, sizeof bench_key, NULL);
    EVP_MAC_update(a->macctx, a->msg, a->len);
    EVP_MAC_final(a->macctx, a->out, &n, sizeof a->out);
    a->msg[0] ^= a->out[0];
}

static void fc_pbkdf2(void *p)
{
    bench_arg *a = p;
    if (fc_pbkdf2_hmac_sha256(a->out, 32, bench_pw, sizeof bench_pw - 1, bench_salt,
                              sizeof bench_salt, a->iterations) != FC_OK)
        abort();
}

static void ossl_pbkdf2(void *p)
{
    bench_arg *a = p;
    if (PKCS5_PBKDF2_HMAC((const char *)bench_pw, (int)(sizeof bench_pw - 1), bench_salt,
                          (int)sizeof bench_salt, (int)a->iterations, a->md, 32, a->out) != 1)
        abort();
}

/* The machine may be shared: each side is timed BENCH_REPS times, fernet-c and OpenSSL
 * alternating, and the best (least disturbed) time of each is kept. *fc_s stays -1 in the
 * masked run, which measures OpenSSL only. */
#define BENCH_REPS 5
static void bench_pair(void (*fc_fn)(void *), void (*os_fn)(void *), bench_arg *a, double min_s,
                       double *fc_s, double *os_s)
{
    int r, masked = bench_masked();

    *fc_s = -1;
    *os_s = -1;
    for (r = 0; r < BENCH_REPS; r++) {
        double t;
        if (!masked) {
            t = bench_time(fc_fn, a, min_s);
            if (*fc_s < 0 || t < *fc_s)
                *fc_s = t;
        }
        t = bench_time(os_fn, a, min_s);
        if (*os_s < 0 || t < *os_s)
            *os_s = t;
    }
}

/* One row in MB/s over messages of a->len bytes. */
static void bench_row_mbs(const char *name, void (*fc_fn)(void *), void (*os_fn)(void *), bench_arg *a)
{
    double fc_s, os_s;
    bench_pair(fc_fn, os_fn, a, BENCH_MIN_S, &fc_s, &os_s);
    bench_row(name, "MB/s", fc_s < 0 ? -1 : (double)a->len / fc_s / 1e6, (double)a->len / os_s / 1e6);
}

/* One row in ms per call. */
static void bench_row_ms(const char *name, void (*fc_fn)(void *), void (*os_fn)(void *), bench_arg *a)
{
    double fc_s, os_s;
    bench_pair(fc_fn, os_fn, a, BENCH_MIN_S, &fc_s, &os_s);
    bench_row(name, "ms", fc_s < 0 ? -1 : fc_s * 1e3, os_s * 1e3);
}

int main(void)
{
    static uint8_t msg[16384];
    bench_arg a;
    OSSL_PARAM params[2];
    EVP_MAC *mac;
    uint8_t check_fc[32], check_os[32];
    size_t i;

    memset(&a, 0, sizeof a);
    for (i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 131u + 7u);
    a.msg = msg;
    a.md = EVP_MD_fetch(NULL, "SHA256", NULL);
    a.mdctx = EVP_MD_CTX_new();
    mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    a.macctx = mac ? EVP_MAC_CTX_new(mac) : NULL;
    if (!a.md || !a.mdctx || !a.macctx) {
        fprintf(stderr, "bench_hash: OpenSSL set-up failed\n");
        return 1;
    }
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, bench_digest, 0);
    params[1] = OSSL_PARAM_construct_end();
    EVP_MAC_CTX_set_params(a.macctx, params);

    /* Both sides must compute the same thing before they are timed. */
    a.iterations = 1000;
    fc_pbkdf2(&a);
    memcpy(check_fc, a.out, 32);
    ossl_pbkdf2(&a);
    memcpy(check_os, a.out, 32);
    if (memcmp(check_fc, check_os, 32) != 0) {
        fprintf(stderr, "bench_hash: PBKDF2 results differ from OpenSSL\n");
        return 1;
    }

    printf("INFO\tfernet-c SHA-256 backend: %s\n", fc_sha256_backend_name());
    a.len = 16384;
    bench_row_mbs("SHA-256 16 KiB", fc_sha, ossl_sha, &a);
    a.len = 64;
    bench_row_mbs("SHA-256 64 B", fc_sha, ossl_sha, &a);
    bench_row_mbs("HMAC-SHA256 64 B (with key set-up)", fc_hmac, ossl_hmac, &a);
    a.iterations = 100000;
    bench_row_ms("PBKDF2-HMAC-SHA256 100k it, 32 B", fc_pbkdf2, ossl_pbkdf2, &a);
    a.iterations = 600000;
    bench_row_ms("PBKDF2-HMAC-SHA256 600k it, 32 B", fc_pbkdf2, ossl_pbkdf2, &a);

    EVP_MAC_CTX_free(a.macctx);
    EVP_MAC_free(mac);
    EVP_MD_CTX_free(a.mdctx);
    EVP_MD_free(a.md);
    return 0;
}
