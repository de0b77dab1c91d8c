/*
 * fernet-c PBKDF2-HMAC-SHA256, written from RFC 8018 (PKCS #5 v2.1) section 5.2, with
 * HMAC-SHA256 (FIPS 198-1) as PRF, hLen = 32. The HMAC key set-up is done once per call;
 * each later iteration is exactly two SHA-256 compressions of pre-padded word blocks.
 */
#include <string.h>

#include "fc_hmac.h"
#include "fc_internal.h"
#include "fc_pbkdf2.h"
#include "fc_sha256.h"

#define PBKDF2_HLEN FC_SHA256_SIZE

/* RFC 8018 5.2 step 1: dkLen at most (2^32 - 1) * hLen. */
#define PBKDF2_MAX_BLOCKS 0xffffffffu

/* A 32-byte message in a padded SHA-256 block after one 64-byte key block (FIPS 180-4
 * 5.1.1): words 0-7 the message, then the 1 bit, zeros, and the length (64 + 32) * 8 bits. */
static void pbkdf2_pad_block(uint32_t blk[16])
{
    int i;

    blk[8] = 0x80000000u;
    for (i = 9; i < 15; i++)
        blk[i] = 0;
    blk[15] = (FC_SHA256_BLOCK_SIZE + PBKDF2_HLEN) * 8;
}

/* RFC 8018 5.2 step 3, F(P, S, c, i), given the keyed HMAC context that already absorbed S.
 * istate/ostate are the SHA-256 states after K0 xor ipad / K0 xor opad. */
static void pbkdf2_block(uint8_t t_out[PBKDF2_HLEN], const fc_hmac_sha256_ctx *salted,
                         const uint32_t istate[8], const uint32_t ostate[8],
                         uint32_t index, uint32_t iterations)
{
    fc_hmac_sha256_ctx h;
    uint8_t u1[PBKDF2_HLEN], ibe[4];
    uint32_t ib[16], ob[16], st[8], t[8];
    uint32_t n;
    int k;

    /* U_1 = PRF(P, S || INT(i)). */
    memcpy(&h, salted, sizeof h);
    fc_store32_be(ibe, index);
    fc_hmac_sha256_update(&h, ibe, sizeof ibe);
    fc_hmac_sha256_final(&h, u1);

    pbkdf2_pad_block(ib);
    pbkdf2_pad_block(ob);
    for (k = 0; k < 8; k++) {
        ib[k] = fc_load32_be(u1 + 4 * k);
        t[k] = ib[k];
    }

    /* U_j = PRF(P, U_{j-1}) for j = 2..c; T = U_1 xor ... xor U_c. The inner digest goes
     * straight into the outer block and the outer digest into the next inner block. */
    for (n = 1; n < iterations; n++) {
        memcpy(st, istate, sizeof st);
        fc_sha256_compress_words(st, ib);
        memcpy(ob, st, sizeof st);
        memcpy(st, ostate, sizeof st);
        fc_sha256_compress_words(st, ob);
        for (k = 0; k < 8; k++) {
            ib[k] = st[k];
            t[k] ^= st[k];
        }
    }

    for (k = 0; k < 8; k++)
        fc_store32_be(t_out + 4 * k, t[k]);

    fc_wipe(u1, sizeof u1);
    fc_wipe(ib, sizeof ib);
    fc_wipe(ob, sizeof ob);
    fc_wipe(st, sizeof st);
    fc_wipe(t, sizeof t);
}

fc_err fc_pbkdf2_hmac_sha256(uint8_t *out, size_t out_len,
                             const uint8_t *pw, size_t pw_len,
                             const uint8_t *salt, size_t salt_len,
                             uint32_t iterations)
{
    fc_hmac_sha256_ctx keyed, salted;
    uint32_t istate[8], ostate[8];
    uint8_t t[PBKDF2_HLEN];
    uint64_t nblocks;
    uint32_t i;
    size_t off = 0;

    if (out == NULL || out_len == 0 || iterations == 0 || FC_BAD_BUF(pw, pw_len) ||
        FC_BAD_BUF(salt, salt_len))
        return FC_ERR_ARG;
    /* Step 1 and 2: l = CEIL(dkLen / hLen) blocks, at most 2^32 - 1. */
    nblocks = ((uint64_t)out_len + (PBKDF2_HLEN - 1)) / PBKDF2_HLEN;
    if (nblocks > PBKDF2_MAX_BLOCKS)
        return FC_ERR_ARG;

    /* The PRF key set-up (FIPS 198-1 steps 1-5 and 7) once: its two keyed states feed every
     * iteration; the salt is absorbed once too, so pw and salt are read before out is written. */
    fc_hmac_sha256_init(&keyed, pw, pw_len);
    memcpy(istate, keyed.inner.state, sizeof istate);
    memcpy(ostate, keyed.outer.state, sizeof ostate);
    memcpy(&salted, &keyed, sizeof salted);
    fc_hmac_sha256_update(&salted, salt, salt_len);

    /* Steps 3-5: DK = T_1 || T_2 || ... || T_l, the last one cut to what is left. */
    for (i = 1; off < out_len; i++) {
        size_t n = out_len - off < PBKDF2_HLEN ? out_len - off : PBKDF2_HLEN;
        pbkdf2_block(t, &salted, istate, ostate, i, iterations);
        memcpy(out + off, t, n);
        off += n;
    }

    fc_wipe(t, sizeof t);
    fc_wipe(&keyed, sizeof keyed);
    fc_wipe(&salted, sizeof salted);
    fc_wipe(istate, sizeof istate);
    fc_wipe(ostate, sizeof ostate);
    return FC_OK;
}
