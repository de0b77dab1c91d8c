/*
 * fernet-c AES block cipher (FIPS 197), bitsliced and constant-time: four blocks at a time in
 * eight 64-bit words, the S-box computed as a boolean circuit (inversion in GF(2^8) through the
 * tower field GF((2^4)^2)), so no memory index and no branch depends on key or data.
 */
#include "fernetc_libc.h"

#include "aes_backend.h"
#include "fc_internal.h"

/*
 * Bitsliced state: q[i] holds bit i of 64 state bytes (4 blocks of 16). The byte in row r,
 * column c of block b (FIPS 197 3.4) sits at bit 16r + 4b + c, so each row is a 16-bit lane
 * (MixColumns rotates lanes) and each block's row is a nibble (ShiftRows rotates nibbles).
 */

/* Small helpers run once per round or per slice: inlining them lets the compiler keep the
 * eight slices in registers instead of passing arrays through memory. Builds for size
 * (-Os, firmware) leave the choice to the compiler. */
#if (defined(__GNUC__) || defined(__clang__)) && !defined(__OPTIMIZE_SIZE__)
#define AES_INLINE static inline __attribute__((always_inline))
#else
#define AES_INLINE static inline
#endif

/* The two cipher bodies stay separate functions so their frames are not merged into the
 * caller's (one frame on the stack at a time, smaller worst case on firmware). */
#if defined(__GNUC__) || defined(__clang__)
#define AES_NOINLINE static __attribute__((noinline))
#else
#define AES_NOINLINE static
#endif

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
AES_INLINE void aes_gf16_mul(uint64_t r[4], const uint64_t a[4], const uint64_t b[4])
{
    uint64_t c4 = (a[1] & b[3]) ^ (a[2] & b[2]) ^ (a[3] & b[1]);
    uint64_t c5 = (a[2] & b[3]) ^ (a[3] & b[2]);
    uint64_t c6 = a[3] & b[3];
    r[0] = (a[0] & b[0]) ^ c4;
    r[1] = (a[0] & b[1]) ^ (a[1] & b[0]) ^ c4 ^ c5;
    r[2] = (a[0] & b[2]) ^ (a[1] & b[1]) ^ (a[2] & b[0]) ^ c5 ^ c6;
    r[3] = (a[0] & b[3]) ^ (a[1] & b[2]) ^ (a[2] & b[1]) ^ (a[3] & b[0]) ^ c6;
}

/*
 * t (tower byte, 8 slices) <- its inverse, 0 -> 0. The caller supplies the linear parts:
 * dl = lambda*a1^2 + a0^2 and s = a0 + a1, computed with the basis change.
 */
AES_INLINE void aes_tower_inv(uint64_t t[8], const uint64_t dl[4], const uint64_t s[4])
{
    const uint64_t *a0 = t, *a1 = t + 4;
    uint64_t d[4], e[4], x01, x02, x12, x03, x13, x23;

    /* delta = lambda*a1^2 + a1*a0 + a0^2 */
    aes_gf16_mul(d, a1, a0);
    d[0] ^= dl[0];
    d[1] ^= dl[1];
    d[2] ^= dl[2];
    d[3] ^= dl[3];

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
    aes_gf16_mul(d, a1, e);
    aes_gf16_mul(t, s, e);
    t[4] = d[0];
    t[5] = d[1];
    t[6] = d[2];
    t[7] = d[3];
}

/*
 * SubBytes on all 64 bytes. The XOR networks below evaluate the 8x8 bit matrices (and the
 * linear parts dl, s) with shared partial sums, found by a greedy common-subexpression
 * search over the matrices and checked on all 256 bytes against FIPS 197 Figure 7.
 */
AES_INLINE void aes_sub_bytes(uint64_t q[8])
{
    uint64_t t[8], dl[4], s[4], l0, l1, l2, l3, l4, l5, l6, l7;

    /* into the tower basis */
    l0 = q[4] ^ q[6];
    l1 = q[5] ^ q[7];
    l2 = q[1] ^ q[7];
    l3 = q[2] ^ q[3];
    l4 = q[0] ^ l0;
    l5 = q[3] ^ q[4];
    l6 = l0 ^ l2;
    l7 = l1 ^ l3;
    t[0] = q[0] ^ l1;
    t[1] = q[2];
    t[2] = l0 ^ l7;
    t[3] = l5;
    t[4] = q[5] ^ l0;
    t[5] = l6;
    t[6] = l7;
    t[7] = l1;
    dl[0] = l1 ^ l4;
    dl[1] = q[1] ^ q[5];
    dl[2] = q[6] ^ l2 ^ l3;
    dl[3] = q[2] ^ q[5] ^ q[6];
    s[0] = q[7] ^ l4;
    s[1] = q[2] ^ l6;
    s[2] = l0;
    s[3] = l1 ^ l5;

    aes_tower_inv(t, dl, s);

    /* back to the AES basis, merged with the affine map; + 0x63 */
    l0 = t[0] ^ t[5];
    l1 = t[1] ^ t[2];
    l2 = t[3] ^ l0;
    l3 = t[4] ^ l2;
    l4 = t[6] ^ t[7];
    q[0] = ~(t[0] ^ t[2] ^ t[6]);
    q[1] = ~(l1 ^ l3);
    q[2] = t[6] ^ l2;
    q[3] = t[2] ^ l0;
    q[4] = t[1] ^ l3;
    q[5] = ~(t[3] ^ t[5] ^ l1 ^ l4);
    q[6] = ~(t[4] ^ l4);
    q[7] = l1;
}

/* InvSubBytes (FIPS 197 5.3.2): undo the affine map (with its constant), then invert. */
AES_INLINE void aes_inv_sub_bytes(uint64_t q[8])
{
    uint64_t t[8], dl[4], s[4], l0, l1, l2, l3, l4, l5, l6, l7;

    /* + 0x63 */
    q[0] = ~q[0];
    q[1] = ~q[1];
    q[5] = ~q[5];
    q[6] = ~q[6];
    /* inverse affine map, into the tower basis */
    l0 = q[5] ^ q[6];
    l1 = q[0] ^ q[2];
    l2 = q[1] ^ l0;
    l3 = q[4] ^ q[7];
    l4 = q[3] ^ l1;
    l5 = q[3] ^ q[7];
    l6 = q[4] ^ l0;
    l7 = l1 ^ l3;
    t[0] = l2;
    t[1] = q[1] ^ l3;
    t[2] = q[1] ^ q[4];
    t[3] = l2 ^ l4;
    t[4] = l2 ^ l7;
    t[5] = q[3] ^ l6;
    t[6] = q[0] ^ l6;
    t[7] = q[1] ^ q[2] ^ q[6] ^ q[7];
    dl[0] = q[0];
    dl[1] = q[6] ^ l3 ^ l4;
    dl[2] = q[7] ^ l1;
    dl[3] = q[1] ^ q[5] ^ l4;
    s[0] = l7;
    s[1] = l2 ^ l5;
    s[2] = q[0] ^ l2;
    s[3] = q[0] ^ q[5] ^ l5;

    aes_tower_inv(t, dl, s);

    /* back to the AES basis */
    l0 = t[1] ^ t[7];
    l1 = t[2] ^ t[4];
    l2 = t[3] ^ l0;
    l3 = t[6] ^ l1;
    q[0] = t[0] ^ t[7];
    q[1] = t[4] ^ t[5] ^ t[7];
    q[2] = t[1];
    q[3] = t[6] ^ l0;
    q[4] = t[6] ^ l2;
    q[5] = l3;
    q[6] = t[2] ^ l2;
    q[7] = t[7] ^ l3;
}

/*
 * ShiftRows (FIPS 197 5.1.2): row r of each block rotates left by r columns, i.e. each
 * nibble of lane r rotates right by r bits: by 2 for rows 2 and 3 (a swap of bit pairs),
 * then by 1 for rows 1 and 3.
 */
AES_INLINE uint64_t aes_shift_rows1(uint64_t x)
{
    uint64_t t = ((x >> 2) ^ x) & 0x3333333300000000u;
    x ^= t ^ (t << 2);
    return (x & 0x0000ffff0000ffffu)
           | ((x >> 1) & 0x7777000077770000u) | ((x << 3) & 0x8888000088880000u);
}

/* InvShiftRows (FIPS 197 5.3.1): the same rotations, leftwards. */
AES_INLINE uint64_t aes_inv_shift_rows1(uint64_t x)
{
    uint64_t t = ((x >> 2) ^ x) & 0x3333333300000000u;
    x ^= t ^ (t << 2);
    return (x & 0x0000ffff0000ffffu)
           | ((x << 1) & 0xeeee0000eeee0000u) | ((x >> 3) & 0x1111000011110000u);
}

AES_INLINE uint64_t aes_rotr(uint64_t x, unsigned n)
{
    return (x >> n) | (x << (64 - n));
}

/*
 * MixColumns (FIPS 197 5.1.3): s'_r = {02}s_r + {03}s_{r+1} + s_{r+2} + s_{r+3}
 *  = {02}t_r + s_{r+1} + t_{r+2} with t_r = s_r + s_{r+1}. Row r+1 is lane r rotated by 16;
 * {02}t (FIPS 197 4.2.1) shifts the slices up by one and folds t7 in at 0x1b.
 * Written out slice by slice so the compiler keeps the state in registers.
 */
AES_INLINE void aes_mix_columns(uint64_t q[8])
{
    uint64_t t0 = q[0] ^ aes_rotr(q[0], 16), t1 = q[1] ^ aes_rotr(q[1], 16);
    uint64_t t2 = q[2] ^ aes_rotr(q[2], 16), t3 = q[3] ^ aes_rotr(q[3], 16);
    uint64_t t4 = q[4] ^ aes_rotr(q[4], 16), t5 = q[5] ^ aes_rotr(q[5], 16);
    uint64_t t6 = q[6] ^ aes_rotr(q[6], 16), t7 = q[7] ^ aes_rotr(q[7], 16);

    q[0] = t7 ^ aes_rotr(q[0], 16) ^ aes_rotr(t0, 32);
    q[1] = t0 ^ t7 ^ aes_rotr(q[1], 16) ^ aes_rotr(t1, 32);
    q[2] = t1 ^ aes_rotr(q[2], 16) ^ aes_rotr(t2, 32);
    q[3] = t2 ^ t7 ^ aes_rotr(q[3], 16) ^ aes_rotr(t3, 32);
    q[4] = t3 ^ t7 ^ aes_rotr(q[4], 16) ^ aes_rotr(t4, 32);
    q[5] = t4 ^ aes_rotr(q[5], 16) ^ aes_rotr(t5, 32);
    q[6] = t5 ^ aes_rotr(q[6], 16) ^ aes_rotr(t6, 32);
    q[7] = t6 ^ aes_rotr(q[7], 16) ^ aes_rotr(t7, 32);
}

/*
 * InvMixColumns (FIPS 197 5.3.3): its polynomial {0b}x^3+{0d}x^2+{09}x+{0e} equals
 * ({03}x^3+{01}x^2+{01}x+{02}) * ({04}x^2+{05}), so first s_r += {04}(s_r + s_{r+2}),
 * then MixColumns. {04}u is {02} applied twice, written out.
 */
AES_INLINE void aes_inv_mix_columns(uint64_t q[8])
{
    uint64_t u0 = q[0] ^ aes_rotr(q[0], 32), u1 = q[1] ^ aes_rotr(q[1], 32);
    uint64_t u2 = q[2] ^ aes_rotr(q[2], 32), u3 = q[3] ^ aes_rotr(q[3], 32);
    uint64_t u4 = q[4] ^ aes_rotr(q[4], 32), u5 = q[5] ^ aes_rotr(q[5], 32);
    uint64_t u6 = q[6] ^ aes_rotr(q[6], 32), u7 = q[7] ^ aes_rotr(q[7], 32);

    q[0] ^= u6;
    q[1] ^= u6 ^ u7;
    q[2] ^= u0 ^ u7;
    q[3] ^= u1 ^ u6;
    q[4] ^= u2 ^ u6 ^ u7;
    q[5] ^= u3 ^ u7;
    q[6] ^= u4;
    q[7] ^= u5;
    aes_mix_columns(q);
}

/*
 * Round keys are the same for all four block positions, so each slice of a round key is a
 * 16-bit value: nibble r (column bits of row r) is repeated in the 4 block nibbles of lane r.
 * The context stores the 16-bit form; these two functions pack and unpack it.
 */
static uint16_t aes_rk_pack(uint64_t x)
{
    x &= 0x000f000f000f000fu;
    x = (x | x >> 12) & 0x000000ff000000ffu;
    return (uint16_t)(x | x >> 24);
}

AES_INLINE uint64_t aes_rk_unpack(uint16_t v)
{
    uint64_t x = v;
    x = (x | x << 24) & 0x000000ff000000ffu;
    x = (x | x << 12) & 0x000f000f000f000fu;
    return x * 0x1111u;
}

/* AddRoundKey (FIPS 197 5.1.4). */
AES_INLINE void aes_add_round_key(uint64_t q[8], const uint16_t *rk)
{
    q[0] ^= aes_rk_unpack(rk[0]);
    q[1] ^= aes_rk_unpack(rk[1]);
    q[2] ^= aes_rk_unpack(rk[2]);
    q[3] ^= aes_rk_unpack(rk[3]);
    q[4] ^= aes_rk_unpack(rk[4]);
    q[5] ^= aes_rk_unpack(rk[5]);
    q[6] ^= aes_rk_unpack(rk[6]);
    q[7] ^= aes_rk_unpack(rk[7]);
}

AES_INLINE void aes_shift_rows(uint64_t q[8])
{
    q[0] = aes_shift_rows1(q[0]);
    q[1] = aes_shift_rows1(q[1]);
    q[2] = aes_shift_rows1(q[2]);
    q[3] = aes_shift_rows1(q[3]);
    q[4] = aes_shift_rows1(q[4]);
    q[5] = aes_shift_rows1(q[5]);
    q[6] = aes_shift_rows1(q[6]);
    q[7] = aes_shift_rows1(q[7]);
}

AES_INLINE void aes_inv_shift_rows(uint64_t q[8])
{
    q[0] = aes_inv_shift_rows1(q[0]);
    q[1] = aes_inv_shift_rows1(q[1]);
    q[2] = aes_inv_shift_rows1(q[2]);
    q[3] = aes_inv_shift_rows1(q[3]);
    q[4] = aes_inv_shift_rows1(q[4]);
    q[5] = aes_inv_shift_rows1(q[5]);
    q[6] = aes_inv_shift_rows1(q[6]);
    q[7] = aes_inv_shift_rows1(q[7]);
}

/* Cipher (FIPS 197 5.1) on 4 bitsliced blocks. */
AES_NOINLINE void aes_encrypt4(const fc_aes_ctx *ctx, uint64_t q[8])
{
    uint32_t round;
    aes_add_round_key(q, ctx->rk.h);
    for (round = 1;; round++) {
        aes_sub_bytes(q);
        aes_shift_rows(q);
        if (round == ctx->rounds)
            break;
        aes_mix_columns(q);
        aes_add_round_key(q, ctx->rk.h + 8 * round);
    }
    aes_add_round_key(q, ctx->rk.h + 8 * round);
}

/* InvCipher (FIPS 197 5.3) on 4 bitsliced blocks. */
AES_NOINLINE void aes_decrypt4(const fc_aes_ctx *ctx, uint64_t q[8])
{
    uint32_t round;
    aes_add_round_key(q, ctx->rk.h + 8 * ctx->rounds);
    for (round = ctx->rounds - 1;; round--) {
        aes_inv_shift_rows(q);
        aes_inv_sub_bytes(q);
        aes_add_round_key(q, ctx->rk.h + 8 * round);
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

/* KeyExpansion into the core's round-key form; key_len is 16, 24 or 32 (checked by fc_aes_init). */
void fc_aes_ct_setkey(fc_aes_ctx *ctx, const uint8_t *key, size_t key_len)
{
    uint32_t w[8]; /* the last 8 key-schedule words: w[i] lives in w[i % 8] */
    uint8_t rk[16];
    uint64_t q[8];
    const uint8_t *blk[4];
    uint32_t nk, total, i, j, t, rcon = 1;

    /* KeyExpansion (FIPS 197 5.2); words little-endian: byte 0 of w[i] is key[4i]. */
    nk = (uint32_t)key_len / 4;
    ctx->rounds = nk + 6;
    total = 4 * (ctx->rounds + 1);
    blk[0] = blk[1] = blk[2] = blk[3] = rk;
    for (i = 0; i < total; i++) {
        if (i < nk) {
            t = fc_load32_le(key + 4 * i);
        } else {
            t = w[(i - 1) % 8];
            if (i % nk == 0) {
                /* RotWord, SubWord, Rcon */
                t = aes_sub_word(t >> 8 | t << 24) ^ rcon;
                rcon = (rcon << 1) ^ (0x11bu & (0u - (rcon >> 7)));
            } else if (nk > 6 && i % nk == 4) {
                t = aes_sub_word(t);
            }
            t ^= w[(i - nk) % 8];
        }
        w[i % 8] = t;
        fc_store32_le(rk + 4 * (i % 4), t);
        if (i % 4 == 3) {
            /* Round key i / 4 in bitsliced form, the same for all 4 block positions. */
            aes_load4(q, blk);
            for (j = 0; j < 8; j++)
                ctx->rk.h[8 * (i / 4) + j] = aes_rk_pack(q[j]);
        }
    }
    fc_wipe(q, sizeof q);
    fc_wipe(w, sizeof w);
    fc_wipe(rk, sizeof rk);
}

/* Encrypt (or decrypt) n blocks in groups of 4; a short last group repeats its first block
 * and sends the extra results to a scratch block. A flag, not a function pointer, so
 * stack analysis sees the whole call tree. */
static void aes_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n,
                       int decrypt)
{
    uint8_t scratch[FC_AES_BLOCK_SIZE];
    uint64_t q[8];
    const uint8_t *src[4];
    uint8_t *dst[4];
    size_t i, k;
    int partial = 0;

    while (n > 0) {
        k = n < 4 ? n : 4;
        for (i = 0; i < 4; i++) {
            src[i] = i < k ? in + FC_AES_BLOCK_SIZE * i : in;
            dst[i] = i < k ? out + FC_AES_BLOCK_SIZE * i : scratch;
        }
        partial |= k < 4;
        aes_load4(q, src);
        if (decrypt)
            aes_decrypt4(ctx, q);
        else
            aes_encrypt4(ctx, q);
        aes_store4(dst, q);
        in += FC_AES_BLOCK_SIZE * k;
        out += FC_AES_BLOCK_SIZE * k;
        n -= k;
    }
    fc_wipe(q, sizeof q);
    if (partial)
        fc_wipe(scratch, sizeof scratch);
}

void fc_aes_ct_encrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n)
{
    aes_blocks(ctx, out, in, n, 0);
}

void fc_aes_ct_decrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n)
{
    aes_blocks(ctx, out, in, n, 1);
}
