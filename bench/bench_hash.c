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

#define BENCH_MIN_S 1.0

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

/* MB/s of fn over messages of a->len bytes. */
static double bench_mbs(void (*fn)(void *), bench_arg *a)
{
    return (double)a->len / bench_time(fn, a, BENCH_MIN_S) / 1e6;
}

int main(void)
{
    static uint8_t msg[16384];
    int masked = bench_masked();
    bench_arg a;
    double fc, os;
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

    a.len = 16384;
    fc = masked ? -1 : bench_mbs(fc_sha, &a);
    os = bench_mbs(ossl_sha, &a);
    bench_row("SHA-256 16 KiB", "MB/s", fc, os);

    a.len = 64;
    fc = masked ? -1 : bench_mbs(fc_sha, &a);
    os = bench_mbs(ossl_sha, &a);
    bench_row("SHA-256 64 B", "MB/s", fc, os);

    a.len = 64;
    fc = masked ? -1 : bench_mbs(fc_hmac, &a);
    os = bench_mbs(ossl_hmac, &a);
    bench_row("HMAC-SHA256 64 B (with key set-up)", "MB/s", fc, os);

    a.iterations = 100000;
    fc = masked ? -1 : bench_time(fc_pbkdf2, &a, BENCH_MIN_S) * 1e3;
    os = bench_time(ossl_pbkdf2, &a, BENCH_MIN_S) * 1e3;
    bench_row("PBKDF2-HMAC-SHA256 100k it, 32 B", "ms", fc, os);

    a.iterations = 600000;
    fc = masked ? -1 : bench_time(fc_pbkdf2, &a, BENCH_MIN_S) * 1e3;
    os = bench_time(ossl_pbkdf2, &a, BENCH_MIN_S) * 1e3;
    bench_row("PBKDF2-HMAC-SHA256 600k it, 32 B", "ms", fc, os);

    EVP_MAC_CTX_free(a.macctx);
    EVP_MAC_free(mac);
    EVP_MD_CTX_free(a.mdctx);
    EVP_MD_free(a.md);
    return 0;
}
