/*
 * fernet-c PBKDF2-HMAC-SHA256, written from RFC 8018 (PKCS #5 v2.1) section 5.2, with
 * HMAC-SHA256 (FIPS 198-1) as PRF, hLen = 32. The HMAC key set-up is done once per call;
 * each later iteration is exactly two SHA-256 compressions of pre-padded word blocks.
 */
#include "fernetc_libc.h"

#include "fc_hmac.h"
#include "fc_internal.h"
#include "fc_pbkdf2.h"
#include "fc_sha256.h"
#include "sha256_backend.h"

#define PBKDF2_HLEN FC_SHA256_SIZE

/* Keeps a helper's frame out of its caller's, so the two are never on the stack at once. */
#if defined(__GNUC__) || defined(__clang__)
#define PBKDF2_NOINLINE __attribute__((noinline))
#else
#define PBKDF2_NOINLINE
#endif

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

/* U_1 = PRF(P, S || INT(i)) (RFC 8018 5.2 step 3) into u[0..7]: the inner hash continues a
 * copy of the salted inner context, the outer hash is one compression of the padded inner
 * digest from ostate. The copy and the block share storage: the copy is dead (and wiped by
 * fc_sha256_final) before the block is filled. */
static PBKDF2_NOINLINE void pbkdf2_u1(uint32_t u[8], const fc_sha256_ctx *salted,
                                      const uint32_t ostate[8], uint32_t index)
{
    union {
        fc_sha256_ctx h;
        uint32_t ob[16];
    } s;
    uint8_t buf[PBKDF2_HLEN];
    int k;

    memcpy(&s.h, salted, sizeof s.h);
    fc_store32_be(buf, index);
    fc_sha256_update(&s.h, buf, 4);
    fc_sha256_final(&s.h, buf);

    pbkdf2_pad_block(s.ob);
    for (k = 0; k < 8; k++) {
        s.ob[k] = fc_load32_be(buf + 4 * k);
        u[k] = ostate[k];
    }
    fc_sha256_compress_words(u, s.ob);
    fc_wipe(buf, sizeof buf);
    fc_wipe(&s, sizeof s);
}

/* RFC 8018 5.2 step 3, F(P, S, c, i) given U_1 in u1, written as its first n bytes to out.
 * istate/ostate are the SHA-256 states after K0 xor ipad / K0 xor opad. */
static PBKDF2_NOINLINE void pbkdf2_block(uint8_t *out, size_t n, const uint32_t u1[8],
                                         const uint32_t istate[8], const uint32_t ostate[8],
                                         uint32_t iterations)
{
    uint32_t ib[16], ob[16], t[8];
    uint32_t it;
    size_t i;
    int k;

    for (k = 0; k < 8; k++)
        ib[k] = u1[k];
    pbkdf2_pad_block(ib);
    pbkdf2_pad_block(ob);
    for (k = 0; k < 8; k++)
        t[k] = ib[k];

    /* U_j = PRF(P, U_{j-1}) for j = 2..c; T = U_1 xor ... xor U_c. The inner digest goes
     * straight into the outer block and the outer digest into the next inner block. With a
     * hardware compression the whole loop runs there, its words never leaving registers. */
#if defined(FC_HAVE_SHANI) || defined(FC_HAVE_ARMV8_SHA2)
    if (fc_sha256_hw_hmac_chain(ib, t, istate, ostate, iterations - 1))
        iterations = 1;
#endif
    for (it = 1; it < iterations; it++) {
        for (k = 0; k < 8; k++)
            ob[k] = istate[k];
        fc_sha256_compress_words(ob, ib);
        for (k = 0; k < 8; k++)
            ib[k] = ostate[k];
        fc_sha256_compress_words(ib, ob);
        for (k = 0; k < 8; k++)
            t[k] ^= ib[k];
    }

    /* T written big-endian, cut to n bytes. */
    for (i = 0; i < n; i++)
        out[i] = (uint8_t)(t[i / 4] >> (24 - 8 * (i % 4)));

    fc_wipe(ib, sizeof ib);
    fc_wipe(ob, sizeof ob);
    fc_wipe(t, sizeof t);
}

fc_err fc_pbkdf2_hmac_sha256(uint8_t *out, size_t out_len,
                             const uint8_t *pw, size_t pw_len,
                             const uint8_t *salt, size_t salt_len,
                             uint32_t iterations)
{
    fc_hmac_sha256_ctx mac;
    uint32_t istate[8], u1[8];
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
     * iteration (istate copied, ostate stays in mac.outer); the salt is absorbed once into
     * mac.inner, so pw and salt are read before out is written. */
    fc_hmac_sha256_init(&mac, pw, pw_len);
    memcpy(istate, mac.inner.state, sizeof istate);
    fc_hmac_sha256_update(&mac, salt, salt_len);

    /* Steps 3-5: DK = T_1 || T_2 || ... || T_l, the last one cut to what is left. */
    for (i = 1; off < out_len; i++) {
        size_t n = out_len - off < PBKDF2_HLEN ? out_len - off : PBKDF2_HLEN;
        pbkdf2_u1(u1, &mac.inner, mac.outer.state, i);
        pbkdf2_block(out + off, n, u1, istate, mac.outer.state, iterations);
        off += n;
    }

    fc_wipe(&mac, sizeof mac);
    fc_wipe(u1, sizeof u1);
    fc_wipe(istate, sizeof istate);
    return FC_OK;
}
