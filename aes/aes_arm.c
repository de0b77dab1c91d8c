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
#include <string.h>

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
 * cores fuse) keep the pipeline full. */
ARM_TARGET static void arm_eight(const arm_keys *ks, uint8x16_t b[8], const uint8x16_t last[8],
                                 int dec)
{
    unsigned r, j, nr = ks->nr;

    for (r = 0; r + 1 < nr; r++)
        for (j = 0; j < 8; j++)
            b[j] = dec ? vaesimcq_u8(vaesdq_u8(b[j], ks->k[r]))
                       : vaesmcq_u8(vaeseq_u8(b[j], ks->k[r]));
    for (j = 0; j < 8; j++)
        b[j] = veorq_u8(dec ? vaesdq_u8(b[j], ks->k[nr - 1]) : vaeseq_u8(b[j], ks->k[nr - 1]),
                        last[j]);
}

ARM_TARGET static void arm_ecb(const arm_keys *ks, uint8_t *out, const uint8_t *in, size_t n,
                               int dec)
{
    uint8x16_t b[8], last[8];
    size_t j;

    for (j = 0; j < 8; j++)
        last[j] = ks->k[ks->nr];
    for (; n >= 8; n -= 8, in += 128, out += 128) {
        for (j = 0; j < 8; j++)
            b[j] = vld1q_u8(in + 16 * j);
        arm_eight(ks, b, last, dec);
        for (j = 0; j < 8; j++)
            vst1q_u8(out + 16 * j, b[j]);
    }
    for (; n > 0; n--, in += 16, out += 16)
        vst1q_u8(out, dec ? arm_dec1(ks, vld1q_u8(in), last[0]) : arm_enc1(ks, vld1q_u8(in), last[0]));
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
 * C_j): eight blocks at a time, every load of a group before its stores (out may equal in).
 */
ARM_TARGET static void arm_chain(const fc_aes_ctx *ctx, uint8_t iv[16], uint8_t *out,
                                 const uint8_t *in, size_t n, int cbc)
{
    uint8x16_t c[8], b[8], last[8], prev = vld1q_u8(iv), kl;
    arm_keys ks;
    size_t j;

    if (cbc)
        arm_load_dec(&ks, ctx);
    else
        arm_load_enc(&ks, ctx);
    kl = ks.k[ks.nr];
    for (; n >= 8; n -= 8, in += 128, out += 128) {
        for (j = 0; j < 8; j++)
            c[j] = vld1q_u8(in + 16 * j);
        for (j = 0; j < 8; j++) {
            uint8x16_t before = j == 0 ? prev : c[j - 1];
            b[j] = cbc ? c[j] : before;
            last[j] = veorq_u8(kl, cbc ? before : c[j]);
        }
        arm_eight(&ks, b, last, cbc);
        for (j = 0; j < 8; j++)
            vst1q_u8(out + 16 * j, b[j]);
        prev = c[7];
    }
    for (; n > 0; n--, in += 16, out += 16) {
        uint8x16_t cj = vld1q_u8(in);
        vst1q_u8(out, cbc ? arm_dec1(&ks, cj, veorq_u8(kl, prev))
                          : arm_enc1(&ks, prev, veorq_u8(kl, cj)));
        prev = cj;
    }
    vst1q_u8(iv, prev);
    arm_keys_wipe(&ks);
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

/* CFB8 decryption: eight cipher inputs at once from a window of the register and the next
 * 64 ciphertext bytes (copied before any output is written). */
ARM_TARGET void fc_aes_arm_cfb8_decrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                                        const uint8_t *in, size_t len)
{
    uint8_t w[16 + 64];
    uint8x16_t b[8], last[8];
    arm_keys ks;
    size_t n, i, j;

    arm_load_enc(&ks, ctx);
    for (j = 0; j < 8; j++)
        last[j] = ks.k[ks.nr];
    memcpy(w, reg, 16);
    while (len > 0) {
        n = len < 64 ? len : 64;
        memcpy(w + 16, in, n);
        for (i = 0; i + 8 <= n; i += 8) {
            for (j = 0; j < 8; j++)
                b[j] = vld1q_u8(w + i + j);
            arm_eight(&ks, b, last, 0);
            for (j = 0; j < 8; j++)
                out[i + j] = (uint8_t)(w[16 + i + j] ^ vgetq_lane_u8(b[j], 0));
        }
        for (; i < n; i++)
            out[i] = (uint8_t)(w[16 + i] ^ vgetq_lane_u8(arm_enc1(&ks, vld1q_u8(w + i), last[0]), 0));
        memmove(w, w + n, 16);
        in += n;
        out += n;
        len -= n;
    }
    memcpy(reg, w, 16);
    fc_wipe(w, sizeof w);
    arm_keys_wipe(&ks);
}

#else
typedef int fc_aes_arm_unused;
#endif
