/*
 * Constant-time gate for aes/: keys, IVs, plaintexts, ciphertexts and padded buffers are
 * marked undefined for valgrind memcheck, then key expansion (all sizes), block encrypt and
 * decrypt, every mode in both directions and PKCS#7 unpad run. Any branch or memory index
 * that depends on them is a valgrind error. Run by tests/ct/run.sh under `make ct`.
 * Every AES backend valgrind can run goes through the same paths: the portable core and
 * AES-NI (valgrind emulates AESENC & co.). Valgrind's CPUID hides VAES/AVX-512, so the
 * vaes256/vaes512 paths are skipped here (reported below); they differ from AES-NI only
 * in register width and are checked for equality by tests/test_backends.c.
 */
#include <stdio.h>
#include <string.h>

#include "fc_aes.h"

#define CT_NAME "ct_aes"
#include "ct.h"

/* Lengths that exercise whole groups of four blocks, partial groups and partial segments. */
static const size_t lens[] = { 0, 1, 15, 16, 17, 31, 48, 64, 80, 100, 129 };

static int run_modes(const fc_aes_ctx *ctx, size_t li)
{
    uint8_t iv[16], msg[144], out[144];
    fc_aes_cfb_ctx st;
    size_t len = lens[li], cbc_len = len - len % 16;
    int bad = 0;

    ct_fill(msg, sizeof msg, (uint8_t)(li + 1));

    /* ECB core, both directions, in and out of place */
    SECRET(msg, sizeof msg);
    fc_aes_encrypt_blocks(ctx, out, msg, cbc_len / 16);
    fc_aes_decrypt_blocks(ctx, out, out, cbc_len / 16);
    fc_aes_decrypt_blocks(ctx, out, msg, cbc_len / 16);

    /* CBC */
    ct_fill(iv, 16, 7);
    SECRET(iv, 16);
    bad |= fc_aes_cbc_encrypt(ctx, iv, out, msg, cbc_len) != FC_OK;
    SECRET(iv, 16);
    bad |= fc_aes_cbc_decrypt(ctx, iv, out, msg, cbc_len) != FC_OK;
    bad |= fc_aes_cbc_decrypt(ctx, iv, out, out, cbc_len) != FC_OK;

    /* CFB128 and CFB8, both directions, split so a partial segment carries over */
    SECRET(iv, 16);
    fc_aes_cfb_init(&st, iv);
    bad |= fc_aes_cfb128_encrypt(ctx, &st, out, msg, len / 3) != FC_OK;
    bad |= fc_aes_cfb128_encrypt(ctx, &st, out, msg, len - len / 3) != FC_OK;
    fc_aes_cfb_init(&st, iv);
    bad |= fc_aes_cfb128_decrypt(ctx, &st, out, msg, len / 3) != FC_OK;
    bad |= fc_aes_cfb128_decrypt(ctx, &st, out, msg, len - len / 3) != FC_OK;
    fc_aes_cfb_init(&st, iv);
    bad |= fc_aes_cfb8_encrypt(ctx, &st, out, msg, len) != FC_OK;
    fc_aes_cfb_init(&st, iv);
    bad |= fc_aes_cfb8_decrypt(ctx, &st, out, msg, len / 2) != FC_OK;
    bad |= fc_aes_cfb8_decrypt(ctx, &st, out, msg, len - len / 2) != FC_OK;
    PUBLIC(out, sizeof out);
    return bad;
}

/* Unpad a well-formed and a malformed buffer whose content is secret; only the verdict
 * (declassified inside the library) may be branched on. */
static int run_unpad(void)
{
    uint8_t buf[48];
    size_t msg_len, p;
    int bad = 0;
    fc_err e;

    for (p = 0; p <= 17; p++) {
        ct_fill(buf, sizeof buf, (uint8_t)p);
        memset(buf + sizeof buf - (p > 16 ? 16 : p), (int)p, p > 16 ? 16 : p);
        buf[sizeof buf - 1] = (uint8_t)p;
        SECRET(buf, sizeof buf);
        e = fc_pkcs7_unpad(&msg_len, buf, sizeof buf);
        bad |= (p >= 1 && p <= 16) ? e != FC_OK : e != FC_ERR_PADDING;
        /* a corrupted pad byte */
        if (p >= 2 && p <= 16) {
            PUBLIC(buf, sizeof buf);
            buf[sizeof buf - 2] ^= 0x40;
            SECRET(buf, sizeof buf);
            bad |= fc_pkcs7_unpad(&msg_len, buf, sizeof buf) != FC_ERR_PADDING;
        }
    }
    return bad;
}

int main(void)
{
    static const size_t key_lens[3] = { 16, 24, 32 };
    static const char *const backends[] = { "portable", "aesni", "vaes256", "vaes512", "armv8" };
    static const uint8_t probe[16];
    uint8_t key[32];
    fc_aes_ctx ctx;
    size_t k, li, b;
    int bad = 0;

    for (b = 0; b < sizeof backends / sizeof backends[0]; b++) {
        if (fc_aes_init_backend(&ctx, probe, 16, backends[b]) != FC_OK) {
            printf("ct_aes: backend %s not available here (not checked)\n", backends[b]);
            continue;
        }
        for (k = 0; k < 3; k++) {
            ct_fill(key, sizeof key, (uint8_t)(0x5a + k));
            SECRET(key, sizeof key);
            bad |= fc_aes_init_backend(&ctx, key, key_lens[k], backends[b]) != FC_OK;
            for (li = 0; li < sizeof lens / sizeof lens[0]; li++)
                bad |= run_modes(&ctx, li);
            fc_aes_wipe(&ctx);
        }
        printf("ct_aes: backend %s checked\n", backends[b]);
    }
    bad |= run_unpad();
    printf("ct_aes: %s\n", bad ? "unexpected results" : "ran every AES path");
    return bad;
}
