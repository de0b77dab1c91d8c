/*
 * fernet-c AES block cipher (FIPS 197), bitsliced and constant-time: four blocks at a time in
 * eight 64-bit words, the S-box computed as a boolean circuit (inversion in GF(2^8) through the
 * tower field GF((2^4)^2)), so no memory index and no branch depends on key or data.
 */
#include <string.h>

#include "fc_aes.h"
#include "fc_internal.h"

/*
 * Bitsliced state: q[i] holds bit i of 64 state bytes (4 blocks of 16). The byte in row r,
 * column c of block b (FIPS 197 3.4) sits at bit 16r + 4b + c, so each row is a 16-bit lane
 * (MixColumns rotates lanes) and each block's row is a nibble (ShiftRows rotates nibbles).
 */

/* Exchange the bits of b selected by m with those of a selected by m << n. */
#define AES_SWAPMOVE(a, b, m, n) do { \
        uint64_t aes_t_ = (((a) >> (n)) ^ (b)) & (m); \
        (b) ^= aes_t_; \
        (a) ^= aes_t_ << (n); \
    } while (0)

/* Transpose the 8x8 bit matrices (word k, bit i of byte lane L) <-> (word i, bit k of lane L). */
static void aes_transpose(uint64_t q[8])
{
    AES_SWAPMOVE(q[0], q[1], 0x5555555555555555u, 1);
    AES_SWAPMOVE(q[2], q[3], 0x5555555555555555u, 1);
    AES_SWAPMOVE(q[4], q[5], 0x5555555555555555u, 1);
    AES_SWAPMOVE(q[6], q[7], 0x5555555555555555u, 1);
    AES_SWAPMOVE(q[0], q[2], 0x3333333333333333u, 2);
    AES_SWAPMOVE(q[1], q[3], 0x3333333333333333u, 2);
    AES_SWAPMOVE(q[4], q[6], 0x3333333333333333u, 2);
    AES_SWAPMOVE(q[5], q[7], 0x3333333333333333u, 2);
    AES_SWAPMOVE(q[0], q[4], 0x0f0f0f0f0f0f0f0fu, 4);
    AES_SWAPMOVE(q[1], q[5], 0x0f0f0f0f0f0f0f0fu, 4);
    AES_SWAPMOVE(q[2], q[6], 0x0f0f0f0f0f0f0f0fu, 4);
    AES_SWAPMOVE(q[3], q[7], 0x0f0f0f0f0f0f0f0fu, 4);
}

/* Spread the 4 bytes of x to the even byte lanes of a word, and back. */
static uint64_t aes_spread(uint32_t x)
{
    uint64_t v = x;
    v = (v | v << 16) & 0x0000ffff0000ffffu;
    return (v | v << 8) & 0x00ff00ff00ff00ffu;
}

static uint32_t aes_unspread(uint64_t v)
{
    v &= 0x00ff00ff00ff00ffu;
    v = (v | v >> 8) & 0x0000ffff0000ffffu;
    return (uint32_t)(v | v >> 16);
}

/*
 * Load 4 blocks (blk[b], 16 bytes each) into the bitsliced state. Before the transpose,
 * word 4h + c holds column c of block h in the even byte lanes (lane 2r = row r) and column c
 * of block h + 2 in the odd lanes; the transpose then puts that byte at bit 16r + 4b + c.
 */
static void aes_load4(uint64_t q[8], const uint8_t *const blk[4])
{
    int h, c;
    for (h = 0; h < 2; h++)
        for (c = 0; c < 4; c++)
            q[4 * h + c] = aes_spread(fc_load32_le(blk[h] + 4 * c))
                           | aes_spread(fc_load32_le(blk[h + 2] + 4 * c)) << 8;
    aes_transpose(q);
}

static void aes_store4(uint8_t *const blk[4], uint64_t q[8])
{
    int h, c;
    aes_transpose(q);
    for (h = 0; h < 2; h++)
        for (c = 0; c < 4; c++) {
            fc_store32_le(blk[h] + 4 * c, aes_unspread(q[4 * h + c]));
            fc_store32_le(blk[h + 2] + 4 * c, aes_unspread(q[4 * h + c] >> 8));
        }
}

/*
 * ---- S-box (FIPS 197 5.1.1): multiplicative inverse in GF(2^8), then an affine map ----
 * The inverse is computed in GF((2^4)^2): GF(2^4) = GF(2)[z]/(z^4 + z + 1), and the
 * extension by y^2 + y + lambda with lambda = z^3 (0x8). An element a1*y + a0 has inverse
 * (a1*y + (a0 + a1)) / (lambda*a1^2 + a1*a0 + a0^2). The basis change from the AES
 * polynomial basis maps x to beta^i, beta = 0x20 (= z*y), a root of x^8+x^4+x^3+x+1 in the
 * tower field; it and the affine map are merged into the 8x8 bit matrices below (derived
 * by checking every byte against the definition). Tower byte: bits 0..3 = a0, 4..7 = a1.
 */

/* r = a * b in GF(2^4), reduced with z^4 = z + 1. */
static void aes_gf16_mul(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    uint64_t c4 = (a[1] & b[3]) ^ (a[2] & b[2]) ^ (a[3] & b[1]);
    uint64_t c5 = (a[2] & b[3]) ^ (a[3] & b[2]);
    uint64_t c6 = a[3] & b[3];
    r[0] = (a[0] & b[0]) ^ c4;
    r[1] = (a[0] & b[1]) ^ (a[1] & b[0]) ^ c4 ^ c5;
    r[2] = (a[0] & b[2]) ^ (a[1] & b[1]) ^ (a[2] & b[0]) ^ c5 ^ c6;
    r[3] = (a[0] & b[3]) ^ (a[1] & b[2]) ^ (a[2] & b[1]) ^ (a[3] & b[0]) ^ c6;
}

/* t (tower byte, 8 slices) <- its inverse, 0 -> 0. */
static void aes_tower_inv(uint64_t t[8])
{
    const uint64_t *a0 = t, *a1 = t + 4;
    uint64_t d[4], e[4], s[4], x01, x02, x12, x03, x13, x23;

    /* delta = lambda*a1^2 + a0^2 (linear) + a1*a0 */
    aes_gf16_mul(d, a1, a0);
    d[0] ^= t[0] ^ t[2] ^ t[6];
    d[1] ^= t[2] ^ t[5] ^ t[6] ^ t[7];
    d[2] ^= t[1] ^ t[3] ^ t[5];
    d[3] ^= t[3] ^ t[4] ^ t[6] ^ t[7];

    /* e = delta^-1 in GF(2^4), from the algebraic normal form of x -> x^14 */
    x01 = d[0] & d[1];
    x02 = d[0] & d[2];
    x12 = d[1] & d[2];
    x03 = d[0] & d[3];
    x13 = d[1] & d[3];
    x23 = d[2] & d[3];
    e[0] = d[0] ^ d[1] ^ d[2] ^ x02 ^ x12 ^ (x01 & d[2]) ^ d[3] ^ (x12 & d[3]);
    e[1] = x01 ^ x02 ^ x12 ^ d[3] ^ x13 ^ (x01 & d[3]);
    e[2] = x01 ^ d[2] ^ x02 ^ d[3] ^ x03 ^ (x02 & d[3]);
    e[3] = d[1] ^ d[2] ^ d[3] ^ x03 ^ x13 ^ x23 ^ (x12 & d[3]);

    /* (a1*e) y + (a0 + a1)*e */
    s[0] = a0[0] ^ a1[0];
    s[1] = a0[1] ^ a1[1];
    s[2] = a0[2] ^ a1[2];
    s[3] = a0[3] ^ a1[3];
    aes_gf16_mul(d, a1, e);
    aes_gf16_mul(t, s, e);
    t[4] = d[0];
    t[5] = d[1];
    t[6] = d[2];
    t[7] = d[3];
}

/* SubBytes on all 64 bytes. */
static void aes_sub_bytes(uint64_t q[8])
{
    uint64_t t[8];
    /* into the tower basis */
    t[0] = q[0] ^ q[5] ^ q[7];
    t[1] = q[2];
    t[2] = q[2] ^ q[3] ^ q[4] ^ q[5] ^ q[6] ^ q[7];
    t[3] = q[3] ^ q[4];
    t[4] = q[4] ^ q[5] ^ q[6];
    t[5] = q[1] ^ q[4] ^ q[6] ^ q[7];
    t[6] = q[2] ^ q[3] ^ q[5] ^ q[7];
    t[7] = q[5] ^ q[7];
    aes_tower_inv(t);
    /* back to the AES basis, merged with the affine map; + 0x63 */
    q[0] = ~(t[0] ^ t[2] ^ t[6]);
    q[1] = ~(t[0] ^ t[1] ^ t[2] ^ t[3] ^ t[4] ^ t[5]);
    q[2] = t[0] ^ t[3] ^ t[5] ^ t[6];
    q[3] = t[0] ^ t[2] ^ t[5];
    q[4] = t[0] ^ t[1] ^ t[3] ^ t[4] ^ t[5];
    q[5] = ~(t[1] ^ t[2] ^ t[3] ^ t[5] ^ t[6] ^ t[7]);
    q[6] = ~(t[4] ^ t[6] ^ t[7]);
    q[7] = t[1] ^ t[2];
}

/* InvSubBytes (FIPS 197 5.3.2): undo the affine map (with its constant), then invert. */
static void aes_inv_sub_bytes(uint64_t q[8])
{
    uint64_t t[8];
    t[0] = ~(q[1] ^ q[5] ^ q[6]);
    t[1] = ~(q[1] ^ q[4] ^ q[7]);
    t[2] = ~(q[1] ^ q[4]);
    t[3] = q[0] ^ q[1] ^ q[2] ^ q[3] ^ q[5] ^ q[6];
    t[4] = q[0] ^ q[1] ^ q[2] ^ q[4] ^ q[5] ^ q[6] ^ q[7];
    t[5] = q[3] ^ q[4] ^ q[5] ^ q[6];
    t[6] = ~(q[0] ^ q[4] ^ q[5] ^ q[6]);
    t[7] = q[1] ^ q[2] ^ q[6] ^ q[7];
    aes_tower_inv(t);
    q[0] = t[0] ^ t[7];
    q[1] = t[4] ^ t[5] ^ t[7];
    q[2] = t[1];
    q[3] = t[1] ^ t[6] ^ t[7];
    q[4] = t[1] ^ t[3] ^ t[6] ^ t[7];
    q[5] = t[2] ^ t[4] ^ t[6];
    q[6] = t[1] ^ t[2] ^ t[3] ^ t[7];
    q[7] = t[2] ^ t[4] ^ t[6] ^ t[7];
}

/* ShiftRows (FIPS 197 5.1.2): row r of each block rotates left by r columns. */
static uint64_t aes_shift_rows1(uint64_t x)
{
    return (x & 0x000000000000ffffu)
           | ((x >> 1) & 0x0000000077770000u) | ((x << 3) & 0x0000000088880000u)
           | ((x >> 2) & 0x0000333300000000u) | ((x << 2) & 0x0000cccc00000000u)
           | ((x >> 3) & 0x1111000000000000u) | ((x << 1) & 0xeeee000000000000u);
}

/* InvShiftRows (FIPS 197 5.3.1). */
static uint64_t aes_inv_shift_rows1(uint64_t x)
{
    return (x & 0x000000000000ffffu)
           | ((x << 1) & 0x00000000eeee0000u) | ((x >> 3) & 0x0000000011110000u)
           | ((x << 2) & 0x0000cccc00000000u) | ((x >> 2) & 0x0000333300000000u)
           | ((x << 3) & 0x8888000000000000u) | ((x >> 1) & 0x7777000000000000u);
}

static uint64_t aes_rotr(uint64_t x, unsigned n)
{
    return (x >> n) | (x << (64 - n));
}

/* Multiply every byte by {02} (FIPS 197 4.2.1): r = t << 1, reduced by 0x1b. */
static void aes_xtime(uint64_t r[8], const uint64_t t[8])
{
    uint64_t hi = t[7];
    r[7] = t[6];
    r[6] = t[5];
    r[5] = t[4];
    r[4] = t[3] ^ hi;
    r[3] = t[2] ^ hi;
    r[2] = t[1];
    r[1] = t[0] ^ hi;
    r[0] = hi;
}

/*
 * MixColumns (FIPS 197 5.1.3): s'_r = {02}s_r + {03}s_{r+1} + s_{r+2} + s_{r+3}
 *  = {02}(s_r + s_{r+1}) + s_{r+1} + (s_{r+2} + s_{r+3}). Row r+1 is lane r rotated by 16.
 */
static void aes_mix_columns(uint64_t q[8])
{
    uint64_t t[8], x[8];
    int i;
    for (i = 0; i < 8; i++)
        t[i] = q[i] ^ aes_rotr(q[i], 16);
    aes_xtime(x, t);
    for (i = 0; i < 8; i++)
        q[i] = x[i] ^ aes_rotr(q[i], 16) ^ aes_rotr(t[i], 32);
}

/*
 * InvMixColumns (FIPS 197 5.3.3): its polynomial {0b}x^3+{0d}x^2+{09}x+{0e} equals
 * ({03}x^3+{01}x^2+{01}x+{02}) * ({04}x^2+{05}), so first s_r += {04}(s_r + s_{r+2}),
 * then MixColumns.
 */
static void aes_inv_mix_columns(uint64_t q[8])
{
    uint64_t u[8], v[8];
    int i;
    for (i = 0; i < 8; i++)
        u[i] = q[i] ^ aes_rotr(q[i], 32);
    aes_xtime(v, u);
    aes_xtime(u, v);
    for (i = 0; i < 8; i++)
        q[i] ^= u[i];
    aes_mix_columns(q);
}

static void aes_add_round_key(uint64_t q[8], const uint64_t *rk)
{
    int i;
    for (i = 0; i < 8; i++)
        q[i] ^= rk[i];
}

/* Cipher (FIPS 197 5.1) on 4 bitsliced blocks. */
static void aes_encrypt4(const fc_aes_ctx *ctx, uint64_t q[8])
{
    uint32_t round;
    int i;
    aes_add_round_key(q, ctx->rk);
    for (round = 1;; round++) {
        aes_sub_bytes(q);
        for (i = 0; i < 8; i++)
            q[i] = aes_shift_rows1(q[i]);
        if (round == ctx->rounds)
            break;
        aes_mix_columns(q);
        aes_add_round_key(q, ctx->rk + 8 * round);
    }
    aes_add_round_key(q, ctx->rk + 8 * round);
}

/* InvCipher (FIPS 197 5.3) on 4 bitsliced blocks. */
static void aes_decrypt4(const fc_aes_ctx *ctx, uint64_t q[8])
{
    uint32_t round;
    int i;
    aes_add_round_key(q, ctx->rk + 8 * ctx->rounds);
    for (round = ctx->rounds - 1;; round--) {
        for (i = 0; i < 8; i++)
            q[i] = aes_inv_shift_rows1(q[i]);
        aes_inv_sub_bytes(q);
        aes_add_round_key(q, ctx->rk + 8 * round);
        if (round == 0)
            break;
        aes_inv_mix_columns(q);
    }
}

/* SubWord (FIPS 197 5.2) through the bitsliced S-box: byte j of w in bit j of each slice. */
static uint32_t aes_sub_word(uint32_t w)
{
    uint64_t q[8];
    uint32_t r = 0;
    int i, j;
    for (i = 0; i < 8; i++) {
        q[i] = 0;
        for (j = 0; j < 4; j++)
            q[i] |= (uint64_t)((w >> (8 * j + i)) & 1u) << j;
    }
    aes_sub_bytes(q);
    for (i = 0; i < 8; i++)
        for (j = 0; j < 4; j++)
            r |= (uint32_t)((q[i] >> j) & 1u) << (8 * j + i);
    fc_wipe(q, sizeof q);
    return r;
}

fc_err fc_aes_init(fc_aes_ctx *ctx, const uint8_t *key, size_t key_len)
{
    uint32_t w[4 * 15];
    uint8_t rk[16];
    const uint8_t *blk[4];
    uint32_t nk, total, i, rcon = 1;

    if (ctx == NULL)
        return FC_ERR_ARG;
    fc_wipe(ctx, sizeof *ctx);
    if (key == NULL || (key_len != 16 && key_len != 24 && key_len != 32))
        return FC_ERR_ARG;

    /* KeyExpansion (FIPS 197 5.2); words little-endian: byte 0 of w[i] is key[4i]. */
    nk = (uint32_t)key_len / 4;
    ctx->rounds = nk + 6;
    total = 4 * (ctx->rounds + 1);
    for (i = 0; i < nk; i++)
        w[i] = fc_load32_le(key + 4 * i);
    for (i = nk; i < total; i++) {
        uint32_t t = w[i - 1];
        if (i % nk == 0) {
            /* RotWord, SubWord, Rcon */
            t = aes_sub_word(t >> 8 | t << 24) ^ rcon;
            rcon = (rcon << 1) ^ (0x11bu & (0u - (rcon >> 7)));
        } else if (nk > 6 && i % nk == 4) {
            t = aes_sub_word(t);
        }
        w[i] = w[i - nk] ^ t;
    }

    /* Each round key in bitsliced form, the same for all 4 block positions. */
    blk[0] = blk[1] = blk[2] = blk[3] = rk;
    for (i = 0; i <= ctx->rounds; i++) {
        fc_store32_le(rk, w[4 * i]);
        fc_store32_le(rk + 4, w[4 * i + 1]);
        fc_store32_le(rk + 8, w[4 * i + 2]);
        fc_store32_le(rk + 12, w[4 * i + 3]);
        aes_load4(ctx->rk + 8 * i, blk);
    }
    fc_wipe(w, sizeof w);
    fc_wipe(rk, sizeof rk);
    return FC_OK;
}

void fc_aes_wipe(fc_aes_ctx *ctx)
{
    if (ctx != NULL)
        fc_wipe(ctx, sizeof *ctx);
}

/* Run 4-block groups of n blocks through fn; a short last group is padded with zero blocks. */
static void aes_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n,
                       void (*fn)(const fc_aes_ctx *, uint64_t *))
{
    uint8_t tmp[4 * FC_AES_BLOCK_SIZE];
    uint64_t q[8];
    const uint8_t *src[4];
    uint8_t *dst[4];
    size_t i, k;

    while (n > 0) {
        k = n < 4 ? n : 4;
        for (i = 0; i < 4; i++) {
            src[i] = i < k ? in + FC_AES_BLOCK_SIZE * i : tmp;
            dst[i] = i < k ? out + FC_AES_BLOCK_SIZE * i : tmp;
        }
        if (k < 4)
            memset(tmp, 0, FC_AES_BLOCK_SIZE);
        aes_load4(q, src);
        fn(ctx, q);
        aes_store4(dst, q);
        in += FC_AES_BLOCK_SIZE * k;
        out += FC_AES_BLOCK_SIZE * k;
        n -= k;
    }
    fc_wipe(q, sizeof q);
    fc_wipe(tmp, sizeof tmp);
}

void fc_aes_encrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n)
{
    aes_blocks(ctx, out, in, n, aes_encrypt4);
}

void fc_aes_decrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n)
{
    aes_blocks(ctx, out, in, n, aes_decrypt4);
}
