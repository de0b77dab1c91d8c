/*
 * AES benchmark: fernet-c beside OpenSSL EVP, AES-128 and AES-256, CBC encrypt/decrypt,
 * CFB128 encrypt/decrypt and CFB8 encrypt/decrypt, at 16 KiB and 64 B, in MB/s. Rows go
 * through bench/bench.h; bench/run.sh adds the run with OpenSSL's AES-NI masked and the
 * portable run (FERNETC_HW=none beside OpenSSL without AES-NI).
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "bench.h"
#include "fc_aes.h"

enum { B_CBC_ENC, B_CBC_DEC, B_CFB128_ENC, B_CFB128_DEC, B_CFB8_ENC, B_CFB8_DEC, B_COUNT };

static const char *const op_name[B_COUNT] = {
    "CBC encrypt", "CBC decrypt", "CFB128 encrypt", "CFB128 decrypt", "CFB8 encrypt",
    "CFB8 decrypt"
};

static uint8_t buf_in[16384], buf_out[16384];

typedef struct {
    int op;
    size_t len;
    fc_aes_ctx ctx;
    uint8_t iv[16];
    EVP_CIPHER_CTX *evp;
} job;

static void run_fc(void *arg)
{
    job *j = arg;
    fc_aes_cfb_ctx st;
    fc_err e = FC_OK;
    switch (j->op) {
    case B_CBC_ENC:
        e = fc_aes_cbc_encrypt(&j->ctx, j->iv, buf_out, buf_in, j->len);
        break;
    case B_CBC_DEC:
        e = fc_aes_cbc_decrypt(&j->ctx, j->iv, buf_out, buf_in, j->len);
        break;
    case B_CFB128_ENC:
        fc_aes_cfb_init(&st, j->iv);
        e = fc_aes_cfb128_encrypt(&j->ctx, &st, buf_out, buf_in, j->len);
        break;
    case B_CFB128_DEC:
        fc_aes_cfb_init(&st, j->iv);
        e = fc_aes_cfb128_decrypt(&j->ctx, &st, buf_out, buf_in, j->len);
        break;
    case B_CFB8_ENC:
        fc_aes_cfb_init(&st, j->iv);
        e = fc_aes_cfb8_encrypt(&j->ctx, &st, buf_out, buf_in, j->len);
        break;
    default:
        fc_aes_cfb_init(&st, j->iv);
        e = fc_aes_cfb8_decrypt(&j->ctx, &st, buf_out, buf_in, j->len);
        break;
    }
    if (e != FC_OK) {
        fprintf(stderr, "bench_aes: %s\n", fc_strerror(e));
        exit(1);
    }
}

static void run_ossl(void *arg)
{
    job *j = arg;
    int outl = 0;
    /* Same work per call as run_fc: restart with the IV (key schedule kept), then process. */
    if (EVP_CipherInit_ex(j->evp, NULL, NULL, NULL, j->iv, -1) != 1
        || EVP_CipherUpdate(j->evp, buf_out, &outl, buf_in, (int)j->len) != 1) {
        fprintf(stderr, "bench_aes: OpenSSL failed\n");
        exit(1);
    }
}

static const EVP_CIPHER *ossl_cipher(int op, int bits)
{
    switch (op) {
    case B_CBC_ENC:
    case B_CBC_DEC:
        return bits == 128 ? EVP_aes_128_cbc() : EVP_aes_256_cbc();
    case B_CFB128_ENC:
    case B_CFB128_DEC:
        return bits == 128 ? EVP_aes_128_cfb128() : EVP_aes_256_cfb128();
    default:
        return bits == 128 ? EVP_aes_128_cfb8() : EVP_aes_256_cfb8();
    }
}

int main(void)
{
    static const int bits[2] = { 128, 256 };
    static const size_t lens[2] = { 16384, 64 };
    uint8_t key[32];
    job j;
    char name[80];
    size_t b, l, i;
    int op, rep;
    double fc, os;
    double min_s = 0.1;

    for (i = 0; i < sizeof buf_in; i++)
        buf_in[i] = (uint8_t)(i * 131 + 7);
    for (i = 0; i < sizeof key; i++)
        key[i] = (uint8_t)(i * 29 + 3);
    memset(j.iv, 0x42, sizeof j.iv);
    j.evp = EVP_CIPHER_CTX_new();
    if (j.evp == NULL)
        return 1;
    printf("INFO\tfernet-c AES backend: %s\n", fc_aes_backend_name(NULL));
    for (b = 0; b < 2; b++) {
        if (fc_aes_init(&j.ctx, key, (size_t)bits[b] / 8) != FC_OK)
            return 1;
        for (op = 0; op < B_COUNT; op++) {
            int enc = op != B_CBC_DEC && op != B_CFB128_DEC && op != B_CFB8_DEC;
            if (EVP_CipherInit_ex(j.evp, ossl_cipher(op, bits[b]), NULL, key, j.iv, enc) != 1)
                return 1;
            EVP_CIPHER_CTX_set_padding(j.evp, 0);
            for (l = 0; l < 2; l++) {
                j.op = op;
                j.len = lens[l];
                /* The machine may be shared: alternate the two sides and keep each one's
                 * best of three (least disturbed) runs. */
                fc = -1.0;
                os = -1.0;
                for (rep = 0; rep < 3; rep++) {
                    double t;
                    if (!bench_masked()) {
                        t = (double)j.len / bench_time(run_fc, &j, min_s) / 1e6;
                        fc = t > fc ? t : fc;
                    }
                    t = (double)j.len / bench_time(run_ossl, &j, min_s) / 1e6;
                    os = t > os ? t : os;
                }
                snprintf(name, sizeof name, "AES-%d %s %s", bits[b], op_name[op],
                         lens[l] == 64 ? "64 B" : "16 KiB");
                bench_row(name, "MB/s", fc, os);
            }
        }
        fc_aes_wipe(&j.ctx);
    }
    EVP_CIPHER_CTX_free(j.evp);
    return 0;
}
