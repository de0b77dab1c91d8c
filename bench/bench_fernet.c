/*
 * Fernet benchmark: encrypt and decrypt of 16 B, 1 KiB, 64 KiB and 1 MiB messages, as
 * Python's Fernet.encrypt / Fernet.decrypt do them (OS clock and random IV on encrypt, no
 * TTL on decrypt). Rows per size and direction: tokens/s and message MB/s. bench/fernet.py
 * prints the matching Python rows; there is no OpenSSL column (OpenSSL has no Fernet).
 * With arguments (message sizes in bytes) only those sizes run, for a profiler:
 * perf record build/bench/bench_fernet 1048576.
 */
#include <stdint.h>
#include <string.h>

#include "bench.h"
#include "fc_fernet.h"
#include "fc_platform.h"

typedef struct {
    uint8_t key[FC_FERNET_KEY_SIZE];
    uint8_t *msg, *out;
    char *token;
    size_t len, token_len;
} fernet_job;

static void die(const char *what, fc_err err)
{
    fprintf(stderr, "bench_fernet: %s: %s\n", what, fc_strerror(err));
    exit(EXIT_FAILURE);
}

static void run_encrypt(void *arg)
{
    fernet_job *j = (fernet_job *)arg;
    size_t n = 0;
    fc_err err = fc_os_fernet_encrypt(j->token, j->token_len, &n, j->key, j->msg, j->len);
    if (err != FC_OK)
        die("encrypt", err);
}

static void run_decrypt(void *arg)
{
    fernet_job *j = (fernet_job *)arg;
    size_t n = 0;
    fc_err err = fc_os_fernet_decrypt(j->out, j->len + 16, &n, j->key, j->token, j->token_len,
                                   FC_FERNET_NO_TTL);
    if (err != FC_OK || n != j->len)
        die("decrypt", err);
}

/* The deterministic core alone (caller's IV and time): shows what the OS calls cost. */
static void run_encrypt_at(void *arg)
{
    static const uint8_t iv[FC_FERNET_IV_SIZE] = {1, 2, 3};
    fernet_job *j = (fernet_job *)arg;
    size_t n = 0;
    fc_err err = fc_fernet_encrypt_at(j->token, j->token_len, &n, j->key, 1700000000u, iv,
                                      j->msg, j->len);
    if (err != FC_OK)
        die("encrypt_at", err);
}

static void rows(const char *label, const char *dir, size_t len, double s)
{
    char name[64];
    snprintf(name, sizeof name, "fernet %s %s tokens", dir, label);
    bench_row(name, "tokens/s", 1.0 / s, -1);
    snprintf(name, sizeof name, "fernet %s %s", dir, label);
    bench_row(name, "MB/s", (double)len / s / 1e6, -1);
}

int main(int argc, char **argv)
{
    static const struct {
        const char *label;
        size_t len;
    } sizes[] = {{"16 B", 16}, {"1 KiB", 1024}, {"64 KiB", 65536}, {"1 MiB", 1048576}};
    size_t i, n = sizeof sizes / sizeof sizes[0];

    if (bench_masked())
        return 0; /* the masked run re-measures OpenSSL only: nothing to add here */
    if (argc > 1)
        n = (size_t)(argc - 1);
    for (i = 0; i < n; i++) {
        fernet_job j;
        fc_err err;
        j.len = argc > 1 ? (size_t)strtoul(argv[i + 1], NULL, 10) : sizes[i].len;
        j.token_len = fc_fernet_token_len(j.len);
        j.msg = malloc(j.len);
        j.out = malloc(j.len + 16);
        j.token = malloc(j.token_len);
        if (!j.msg || !j.out || !j.token)
            die("malloc", FC_ERR_BUFFER);
        memset(j.msg, 'm', j.len);
        if ((err = fc_os_fernet_key_generate(j.key)) != FC_OK)
            die("key", err);
        rows(argc > 1 ? argv[i + 1] : sizes[i].label, "encrypt", j.len, bench_time(run_encrypt, &j, 0.5));
        /* run_encrypt left a valid token in j.token for decrypt to open. */
        rows(argc > 1 ? argv[i + 1] : sizes[i].label, "decrypt", j.len, bench_time(run_decrypt, &j, 0.5));
        if (i == 0 && argc == 1)
            rows(sizes[i].label, "encrypt_at", j.len, bench_time(run_encrypt_at, &j, 0.5));
        free(j.msg);
        free(j.out);
        free(j.token);
    }
    return 0;
}
