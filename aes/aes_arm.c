/*
 * fernet-c AES on AArch64 with the Armv8 Cryptographic Extension.
 *
 * Follows the Arm Architecture Reference Manual for A-profile (DDI 0487), sections C7.2
 * (AESE, AESD, AESMC, AESIMC): AESE is AddRoundKey then ShiftRows and SubBytes, AESMC is
 * MixColumns, so a FIPS 197 round is AESMC(AESE(x, k)) with the key added one round early
 * and the final key added with EOR; AESD/AESIMC likewise run the equivalent inverse
 * cipher (FIPS 197 5.3.5). Intrinsics are from the Arm C Language Extensions (ACLE).
 * Each function carries its own target attribute, so no -march flag is needed elsewhere.
 * Constant time: the AES instructions are data-independent; no secret branch or index.
 */
#include "fernetc_libc.h"

#include "aes_backend.h"
#include "fc_internal.h"

#ifdef FC_HAVE_ARMV8_AES

#include <arm_neon.h>

#if defined(__clang__)
#define ARM_TARGET __attribute__((target("crypto")))
#else
#define ARM_TARGET __attribute__((target("+crypto")))
#endif

typedef struct {
    uint8x16_t k[15];
    unsigned nr;
} arm_keys;

/* FIPS 197 5.2 SubWord: AESE with a zero key on a register holding the word in all four
 * columns (ShiftRows then only moves equal bytes), lane 0 of the result. */
ARM_TARGET static uint32_t arm_subword(uint32_t w)
{
    uint8x16_t x = vreinterpretq_u8_u32(vdupq_n_u32(w));
    return vgetq_lane_u32(vreinterpretq_u32_u8(vaeseq_u8(x, vdupq_n_u8(0))), 0);
}

/* FIPS 197 5.2 KeyExpansion, words in memory byte order (see aes_x86.c). */
ARM_TARGET void fc_aes_arm_setkey(fc_aes_ctx *ctx, const uint8_t *key, size_t key_len)
{
    uint32_t *w = ctx->rk.w;
    size_t nk = key_len / 4, i, total;
    uint32_t t, rc = 1;

    ctx->rounds = (uint32_t)(nk + 6);
    total = 4 * (nk + 7);
    for (i = 0; i < nk; i++)
        w[i] = fc_load32_le(key + 4 * i);
    for (i = nk; i < total; i++) {
        t = w[i - 1];
        if (i % nk == 0) {
            t = arm_subword(t);
            t = ((t >> 8) | (t << 24)) ^ rc;
            rc = (rc << 1) ^ (0x11bu & (0u - (rc >> 7)));
        } else if (nk > 6 && i % nk == 4) {
            t = arm_subword(t);
        }
        w[i] = w[i - nk] ^ t;
    }
}

ARM_TARGET static void arm_load_enc(arm_keys *ks, const fc_aes_ctx *ctx)
{
    unsigned i;

    ks->nr = ctx->rounds;
    for (i = 0; i <= ks->nr; i++)
        ks->k[i] = vld1q_u8(ctx->rk.b + 16 * i);
}

/* Equivalent inverse cipher keys (FIPS 197 5.3.5): reversed, inner ones through AESIMC. */
ARM_TARGET static void arm_load_dec(arm_keys *ks, const fc_aes_ctx *ctx)
{
    unsigned i, nr = ctx->rounds;

    ks->nr = nr;
    ks->k[0] = vld1q_u8(ctx->rk.b + 16 * nr);
    for (i = 1; i < nr; i++)
        ks->k[i] = vaesimcq_u8(vld1q_u8(ctx->rk.b + 16 * (nr - i)));
    ks->k[nr] = vld1q_u8(ctx->rk.b);
}

static void arm_keys_wipe(arm_keys *ks)
{
    fc_wipe(ks, sizeof *ks);
}

/* One block; last is the final AddRoundKey operand (a round key, maybe with an XOR folded
 * in). */
ARM_TARGET static inline uint8x16_t arm_enc1(const arm_keys *ks, uint8x16_t x, uint8x16_t last)
{
    unsigned r;

    for (r = 0; r + 1 < ks->nr; r++)
        x = vaesmcq_u8(vaeseq_u8(x, ks->k[r]));
    return veorq_u8(vaeseq_u8(x, ks->k[ks->nr - 1]), last);
}

ARM_TARGET static inline uint8x16_t arm_dec1(const arm_keys *ks, uint8x16_t x, uint8x16_t last)
{
    unsigned r;

    for (r = 0; r + 1 < ks->nr; r++)
        x = vaesimcq_u8(vaesdq_u8(x, ks->k[r]));
    return veorq_u8(vaesdq_u8(x, ks->k[ks->nr - 1]), last);
}

/* Eight independent blocks interleaved round by round, so the AESE/AESMC pairs (which
 * cores fuse) keep the pipeline full. The blocks are named registers b0..b7; A8 repeats a
 * statement for each, A8R in descending order. */
#define A8(S) S(0) S(1) S(2) S(3) S(4) S(5) S(6) S(7)
#define A8R(S) S(7) S(6) S(5) S(4) S(3) S(2) S(1) S(0)
#define A_ENC(j) b##j = vaesmcq_u8(vaeseq_u8(b##j, k));
#define A_DEC(j) b##j = vaesimcq_u8(vaesdq_u8(b##j, k));
#define A_ENCL(j) b##j = vaeseq_u8(b##j, k);
#define A_DECL(j) b##j = vaesdq_u8(b##j, k);

/* All but the final AddRoundKey on b0..b7: rounds 0..nr-1 (the key is added by AESE/AESD at
 * the start of each). The caller XORs ks->k[nr] (with anything folded in). */
#define A_ROUNDS(ENC, ENCL)                 \
    do {                                    \
        for (r = 0; r + 1 < nr; r++) {      \
            k = ks->k[r];                   \
            A8(ENC)                         \
        }                                   \
        k = ks->k[nr - 1];                  \
        A8(ENCL)                            \
    } while (0)

#define A_LD(j) b##j = vld1q_u8(in + 16 * (j));
#define A_ST(j) vst1q_u8(out + 16 * (j), veorq_u8(b##j, k));

ARM_TARGET static void arm_ecb(const arm_keys *ks, uint8_t *out, const uint8_t *in, size_t n,
                               int dec)
{
    uint8x16_t b0, b1, b2, b3, b4, b5, b6, b7, k;
    unsigned r, nr = ks->nr;

    for (; n >= 8; n -= 8, in += 128, out += 128) {
        A8(A_LD)
        if (dec)
            A_ROUNDS(A_DEC, A_DECL);
        else
            A_ROUNDS(A_ENC, A_ENCL);
        k = ks->k[nr];
        A8(A_ST)
    }
    for (; n > 0; n--, in += 16, out += 16)
        vst1q_u8(out, dec ? arm_dec1(ks, vld1q_u8(in), ks->k[nr]) : arm_enc1(ks, vld1q_u8(in), ks->k[nr]));
}

void fc_aes_arm_encrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n)
{
    arm_keys ks;

    arm_load_enc(&ks, ctx);
    arm_ecb(&ks, out, in, n, 0);
    arm_keys_wipe(&ks);
}

void fc_aes_arm_decrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n)
{
    arm_keys ks;

    arm_load_dec(&ks, ctx);
    arm_ecb(&ks, out, in, n, 1);
    arm_keys_wipe(&ks);
}

/* SP 800-38A 6.2 CBC encryption, serial. */
ARM_TARGET void fc_aes_arm_cbc_encrypt(const fc_aes_ctx *ctx, uint8_t iv[16], uint8_t *out,
                                       const uint8_t *in, size_t nblocks)
{
    arm_keys ks;
    uint8x16_t c = vld1q_u8(iv);

    arm_load_enc(&ks, ctx);
    for (; nblocks > 0; nblocks--, in += 16, out += 16) {
        c = arm_enc1(&ks, veorq_u8(c, vld1q_u8(in)), ks.k[ks.nr]);
        vst1q_u8(out, c);
    }
    vst1q_u8(iv, c);
    arm_keys_wipe(&ks);
}

/*
 * CBC decrypt (P_j = CIPH^-1(C_j) xor C_{j-1}) and CFB128 decrypt (P_j = CIPH(C_{j-1}) xor
 * C_j): eight blocks at a time. C_{j-1} is re-read from the input (or is the chaining value
 * for the first block); outputs are stored last block first, each after every load it
 * needs, so out may equal in.
 */
#define A_PV(j) ((j) == 0 ? prev : vld1q_u8(in + 16 * (j) - 16))
#define A_CBC_IN(j) b##j = vld1q_u8(in + 16 * (j));
#define A_CFB_IN(j) b##j = A_PV(j);
#define A_CBC_OUT(j) vst1q_u8(out + 16 * (j), veorq_u8(b##j, veorq_u8(k, A_PV(j))));
#define A_CFB_OUT(j) vst1q_u8(out + 16 * (j), veorq_u8(b##j, veorq_u8(k, vld1q_u8(in + 16 * (j)))));

ARM_TARGET static void arm_chain(const fc_aes_ctx *ctx, uint8_t iv[16], uint8_t *out,
                                 const uint8_t *in, size_t n, int cbc)
{
    uint8x16_t b0, b1, b2, b3, b4, b5, b6, b7, k, prev = vld1q_u8(iv), next, kl;
    arm_keys keys;
    const arm_keys *ks = &keys;
    unsigned r, nr;

    if (cbc)
        arm_load_dec(&keys, ctx);
    else
        arm_load_enc(&keys, ctx);
    nr = keys.nr;
    for (; n >= 8; n -= 8, in += 128, out += 128) {
        if (cbc) {
            A8(A_CBC_IN)
            A_ROUNDS(A_DEC, A_DECL);
        } else {
            A8(A_CFB_IN)
            A_ROUNDS(A_ENC, A_ENCL);
        }
        next = vld1q_u8(in + 112);
        k = keys.k[nr];
        if (cbc) {
            A8R(A_CBC_OUT)
        } else {
            A8R(A_CFB_OUT)
        }
        prev = next;
    }
    kl = keys.k[nr];
    for (; n > 0; n--, in += 16, out += 16) {
        next = vld1q_u8(in);
        vst1q_u8(out, cbc ? arm_dec1(&keys, next, veorq_u8(kl, prev))
                          : arm_enc1(&keys, prev, veorq_u8(kl, next)));
        prev = next;
    }
    vst1q_u8(iv, prev);
    arm_keys_wipe(&keys);
}

void fc_aes_arm_cbc_decrypt(const fc_aes_ctx *ctx, uint8_t iv[16], uint8_t *out,
                            const uint8_t *in, size_t nblocks)
{
    arm_chain(ctx, iv, out, in, nblocks, 1);
}

void fc_aes_arm_cfb128_decrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                               const uint8_t *in, size_t nblocks)
{
    arm_chain(ctx, reg, out, in, nblocks, 0);
}

/* SP 800-38A 6.3, s = 128, encryption, serial. */
ARM_TARGET void fc_aes_arm_cfb128_encrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                                          const uint8_t *in, size_t nblocks)
{
    arm_keys ks;
    uint8x16_t c = vld1q_u8(reg);

    arm_load_enc(&ks, ctx);
    for (; nblocks > 0; nblocks--, in += 16, out += 16) {
        c = arm_enc1(&ks, c, veorq_u8(ks.k[ks.nr], vld1q_u8(in)));
        vst1q_u8(out, c);
    }
    vst1q_u8(reg, c);
    arm_keys_wipe(&ks);
}

/* SP 800-38A 6.3, s = 8, encryption: serial; the register shifts one byte (EXT). */
ARM_TARGET void fc_aes_arm_cfb8_encrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                                        const uint8_t *in, size_t len)
{
    arm_keys ks;
    uint8x16_t r = vld1q_u8(reg);
    uint8_t c;

    arm_load_enc(&ks, ctx);
    for (; len > 0; len--) {
        c = (uint8_t)(*in++ ^ vgetq_lane_u8(arm_enc1(&ks, r, ks.k[ks.nr]), 0));
        *out++ = c;
        r = vextq_u8(r, vdupq_n_u8(c), 1);
    }
    vst1q_u8(reg, r);
    arm_keys_wipe(&ks);
}

/*
 * CFB8 decryption: cipher input j is the 16 bytes ending just before C_j, so eight run at
 * once. With a the register and x the next eight ciphertext bytes, input j is bytes
 * j..j+15 of a:x (EXT); the keystream bytes are lane 0 of each result. x is loaded before
 * the eight outputs are stored, so out may equal in.
 */
#define A_C8_IN(j) b##j = vextq_u8(a, x, (j));
#define A_C8_OUT(j) o = vsetq_lane_u8(vgetq_lane_u8(veorq_u8(b##j, k), 0), o, (j));

ARM_TARGET void fc_aes_arm_cfb8_decrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                                        const uint8_t *in, size_t len)
{
    uint8x16_t a = vld1q_u8(reg), x, o, k, b0, b1, b2, b3, b4, b5, b6, b7;
    arm_keys keys;
    const arm_keys *ks = &keys;
    unsigned r, nr;
    uint8_t c;

    arm_load_enc(&keys, ctx);
    nr = keys.nr;
    for (; len >= 8; len -= 8, in += 8, out += 8) {
        x = vcombine_u8(vld1_u8(in), vdup_n_u8(0));
        A8(A_C8_IN)
        A_ROUNDS(A_ENC, A_ENCL);
        k = keys.k[nr];
        o = vdupq_n_u8(0);
        A8(A_C8_OUT)
        vst1_u8(out, veor_u8(vget_low_u8(o), vget_low_u8(x)));
        a = vextq_u8(a, x, 8);
    }
    for (; len > 0; len--) {
        c = *in++;
        *out++ = (uint8_t)(c ^ vgetq_lane_u8(arm_enc1(&keys, a, keys.k[nr]), 0));
        a = vextq_u8(a, vdupq_n_u8(c), 1);
    }
    vst1q_u8(reg, a);
    arm_keys_wipe(&keys);
}

#undef A8
#undef A8R

#else
typedef int fc_aes_arm_unused;
#endif
