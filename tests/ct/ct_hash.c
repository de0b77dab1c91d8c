/*
 * Constant-time gate for sha256/, hmac/, pbkdf2/: messages, HMAC keys (short, block-sized
 * and longer than a block, which is hashed first), passwords and salts are marked undefined;
 * any branch or memory index on them is a valgrind error. Lengths and iteration counts are
 * public. Outputs are marked defined before they are compared with a second computation.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fc_hmac.h"
#include "fc_pbkdf2.h"
#include "fc_sha256.h"

#define CT_NAME "ct_hash"
#include "ct.h"

/* Same result from a secret-marked run and a public run: the secret run really computed it. */
static void ct_same(const char *what, uint8_t *secret_out, const uint8_t *public_out, size_t len)
{
    PUBLIC(secret_out, len);
    CT_EXPECT(memcmp(secret_out, public_out, len) == 0, "%s: result differs", what);
}

int main(void)
{
    static const size_t key_lens[] = {0, 16, 32, 64, 65, 131};
    uint8_t msg[300], key[131], pw[80], salt[40], out[64], ref[64];
    fc_sha256_ctx sctx;
    fc_hmac_sha256_ctx hctx;
    size_t i;

    ct_fill(msg, sizeof msg, 1);
    ct_fill(key, sizeof key, 2);
    ct_fill(pw, sizeof pw, 3);
    ct_fill(salt, sizeof salt, 4);

    /* SHA-256: one-shot and streamed in uneven pieces (partial-block paths). */
    fc_sha256(ref, msg, sizeof msg);
    SECRET(msg, sizeof msg);
    fc_sha256(out, msg, sizeof msg);
    ct_same("sha256 one-shot", out, ref, 32);
    fc_sha256_init(&sctx);
    fc_sha256_update(&sctx, msg, 3);
    fc_sha256_update(&sctx, msg + 3, 100);
    fc_sha256_update(&sctx, msg + 103, sizeof msg - 103);
    fc_sha256_final(&sctx, out);
    ct_same("sha256 streamed", out, ref, 32);
    PUBLIC(msg, sizeof msg);

    /* HMAC-SHA256 with secret key and message, every key-length path. */
    for (i = 0; i < sizeof key_lens / sizeof key_lens[0]; i++) {
        fc_hmac_sha256(ref, key, key_lens[i], msg, 77);
        SECRET(key, sizeof key);
        SECRET(msg, sizeof msg);
        fc_hmac_sha256_init(&hctx, key, key_lens[i]);
        fc_hmac_sha256_update(&hctx, msg, 77);
        fc_hmac_sha256_final(&hctx, out);
        ct_same("hmac", out, ref, 32);
        PUBLIC(key, sizeof key);
        PUBLIC(msg, sizeof msg);
    }

    /* HMAC verify: secret key, message and tag, full and truncated; a tag wrong in its last
     * compared byte too. Only the verdict (declassified inside) may be branched on. */
    for (i = 16; i <= 32; i += 16) {
        fc_err good, bad;
        fc_hmac_sha256(ref, key, 32, msg, 77);
        SECRET(key, sizeof key);
        SECRET(msg, sizeof msg);
        SECRET(ref, 32);
        good = fc_hmac_sha256_verify(key, 32, msg, 77, ref, i);
        ref[i - 1] ^= 1;
        bad = fc_hmac_sha256_verify(key, 32, msg, 77, ref, i);
        CT_EXPECT(good == FC_OK && bad == FC_ERR_AUTH, "hmac verify (%zu bytes): wrong verdict",
                  i);
        PUBLIC(key, sizeof key);
        PUBLIC(msg, sizeof msg);
        PUBLIC(ref, 32);
    }

    /* PBKDF2 with secret password (short and longer than a block) and salt; two output blocks. */
    for (i = 0; i < 2; i++) {
        size_t pw_len = i == 0 ? 12 : sizeof pw;
        CT_EXPECT(fc_pbkdf2_hmac_sha256(ref, 48, pw, pw_len, salt, sizeof salt, 5) == FC_OK,
                  "pbkdf2 (public)");
        SECRET(pw, sizeof pw);
        SECRET(salt, sizeof salt);
        CT_EXPECT(fc_pbkdf2_hmac_sha256(out, 48, pw, pw_len, salt, sizeof salt, 5) == FC_OK,
                  "pbkdf2 (secret)");
        ct_same("pbkdf2", out, ref, 48);
        PUBLIC(pw, sizeof pw);
        PUBLIC(salt, sizeof salt);
    }

    printf("ct_hash: sha256, hmac (%zu key lengths), hmac verify, pbkdf2\n",
           sizeof key_lens / sizeof key_lens[0]);
    return ct_done();
}
