/*
 * fernet-c AES block cipher (FIPS 197), bitsliced and constant-time: the S-box is a boolean
 * circuit (aes_sbox.h), so no memory index and no branch depends on key or data.
 *
 * This is the core for 32-bit CPUs and for any build with -DFC_AES_CT32 (aes_ct64.c serves
 * 64-bit ones; code only: fc_aes_ctx has one layout everywhere): 2 blocks per pass in eight
 * 32-bit slices, with 32-bit operations only (no 64-bit shift or multiply helper, no
 * division).
 * Size builds (-Os) roll the per-slice loops and run InvSubBytes through the forward circuit.
 *
 * Round keys: the context keeps 16 bits per slice and round (8 x 15 x 2 = 240 bytes, every
 * key size); AddRoundKey spreads them with a few shifts. The modes call the core one block
 * (serial modes) or one group of blocks at a time, so expanding the keys per call would
 * cost the same work and 480 bytes of stack.
 */
#include "fernetc_libc.h"

#include "aes_backend.h"
#include "fc_internal.h"

#if !FC_AES_CT64 /* else aes_ct64.c is the core */

#define AES_W 32
typedef uint32_t aes_w;

/* Blocks per pass, and the width of one row lane (4 columns x AES_NB blocks). */
#define AES_NB (AES_W / 16)
#define AES_L  (AES_W / 4)

/* A 64-bit pattern cut down to the word: every mask below repeats with period 32 or is
 * given per width. */
#define AES_REP(x) ((aes_w)UINT64_C(x))

/* Small helpers run once per round or per slice: inlining them lets the compiler keep the
 * eight slices in registers. Builds for size (-Os, firmware) leave the choice to it. */
#if (defined(__GNUC__) || defined(__clang__)) && !defined(__OPTIMIZE_SIZE__)
#define AES_INLINE static inline __attribute__((always_inline))
#else
#define AES_INLINE static inline
#endif

/* The cipher bodies stay separate functions so their frames are not merged into the
 * caller's (one frame on the stack at a time, smaller worst case on firmware). */
#if defined(__GNUC__) || defined(__clang__)
#define AES_NOINLINE static __attribute__((noinline))
#else
#define AES_NOINLINE static
#endif

/* Run stmt for i = 0..7: a loop in size builds, written out (constant i) in speed builds. */
#if defined(__OPTIMIZE_SIZE__)
#define AES_EACH8(i, stmt) for ((i) = 0; (i) < 8; (i)++) { stmt; }
#else
#define AES_EACH8(i, stmt) do { \
        (i) = 0; stmt; (i) = 1; stmt; (i) = 2; stmt; (i) = 3; stmt; \
        (i) = 4; stmt; (i) = 5; stmt; (i) = 6; stmt; (i) = 7; stmt; \
    } while (0)
#endif

#include "aes_sbox.h"

/*
 * Bitsliced state: q[i] holds bit i of AES_W/8 state bytes (AES_NB blocks of 16). The byte
 * in row r, column c of block b (FIPS 197 3.4) sits at bit AES_L*r + 4b + c: each row is a
 * lane of AES_L bits (MixColumns rotates lanes), each block's row a nibble (ShiftRows
 * rotates nibbles).
 */

/* Exchange the bits of b selected by m with those of a selected by m << n. */
#define AES_SWAPMOVE(a, b, m, n) do { \
        aes_w aes_t_ = (((a) >> (n)) ^ (b)) & (m); \
        (b) ^= aes_t_; \
        (a) ^= aes_t_ << (n); \
    } while (0)

/* Transpose the 8x8 bit matrices (word k, bit i of byte lane L) <-> (word i, bit k of lane L). */
static void aes_transpose(aes_w q[8])
{
#if FC_SMALL
    /* Size builds (fc_internal.h): the three stages below as one loop. They exchange
     * disjoint pairs of index bits, so their order is free: distance n = 4, 2, 1, each
     * mask derived from the one before (0x0f.. -> 0x33.. -> 0x55..). */
    aes_w m = AES_REP(0x0f0f0f0f0f0f0f0f);
    unsigned i, n;

    for (n = 4; n > 0; n >>= 1) {
        for (i = 0; i < 8; i++)
            if ((i & n) == 0)
                AES_SWAPMOVE(q[i], q[i + n], m, n);
        m ^= m << (n >> 1);
    }
#else
    int i;
    for (i = 0; i < 8; i += 2)
        AES_SWAPMOVE(q[i], q[i + 1], AES_REP(0x5555555555555555), 1);
    for (i = 0; i < 8; i += 4) {
        AES_SWAPMOVE(q[i], q[i + 2], AES_REP(0x3333333333333333), 2);
        AES_SWAPMOVE(q[i + 1], q[i + 3], AES_REP(0x3333333333333333), 2);
    }
    for (i = 0; i < 4; i++)
        AES_SWAPMOVE(q[i], q[i + 4], AES_REP(0x0f0f0f0f0f0f0f0f), 4);
#endif
}

/* Word 4h + c holds column c of block h, row r in byte lane r; the transpose puts that
 * byte at bit 8r + 4h + c. */
static void aes_load(aes_w q[8], const uint8_t *const blk[AES_NB])
{
    int k;
    for (k = 0; k < 8; k++)
        q[k] = fc_load32_le(blk[k >> 2] + 4 * (k & 3));
    aes_transpose(q);
}

static void aes_store(uint8_t *const blk[AES_NB], aes_w q[8])
{
    int k;
    aes_transpose(q);
    for (k = 0; k < 8; k++)
        fc_store32_le(blk[k >> 2] + 4 * (k & 3), q[k]);
}

/*
 * ShiftRows (FIPS 197 5.1.2): row r of each block rotates left by r columns, i.e. each
 * nibble of lane r rotates right by r bits: by 2 for rows 2 and 3 (a swap of bit pairs),
 * then by 1 for rows 1 and 3. InvShiftRows (5.3.1) rotates the other way.
 */
#define AES_SR_PAIRS AES_REP(0x33330000)
#define AES_SR_KEEP  AES_REP(0x00ff00ff)
#define AES_SR_ODD   AES_REP(0xff00ff00)

AES_INLINE aes_w aes_shift_rows1(aes_w x)
{
    aes_w t = ((x >> 2) ^ x) & AES_SR_PAIRS;
    x ^= t ^ (t << 2);
    return (x & AES_SR_KEEP) | ((x >> 1) & AES_SR_ODD & AES_REP(0x7777777777777777))
           | ((x << 3) & AES_SR_ODD & AES_REP(0x8888888888888888));
}

AES_INLINE aes_w aes_inv_shift_rows1(aes_w x)
{
    aes_w t = ((x >> 2) ^ x) & AES_SR_PAIRS;
    x ^= t ^ (t << 2);
    return (x & AES_SR_KEEP) | ((x << 1) & AES_SR_ODD & AES_REP(0xeeeeeeeeeeeeeeee))
           | ((x >> 3) & AES_SR_ODD & AES_REP(0x1111111111111111));
}

AES_INLINE aes_w aes_rotr(aes_w x, unsigned n)
{
    return (x >> n) | (x << (AES_W - n));
}

/*
 * MixColumns (FIPS 197 5.1.3): s'_r = {02}s_r + {03}s_{r+1} + s_{r+2} + s_{r+3}
 *  = {02}t_r + s_{r+1} + t_{r+2} with t_r = s_r + s_{r+1}. Row r+1 is lane r rotated by one
 * lane; {02}t (FIPS 197 4.2.1) shifts the slices up by one and folds t7 in at 0x1b.
 */
AES_INLINE void aes_mix_columns(aes_w q[8])
{
    aes_w t0 = q[0] ^ aes_rotr(q[0], AES_L), t1 = q[1] ^ aes_rotr(q[1], AES_L);
    aes_w t2 = q[2] ^ aes_rotr(q[2], AES_L), t3 = q[3] ^ aes_rotr(q[3], AES_L);
    aes_w t4 = q[4] ^ aes_rotr(q[4], AES_L), t5 = q[5] ^ aes_rotr(q[5], AES_L);
    aes_w t6 = q[6] ^ aes_rotr(q[6], AES_L), t7 = q[7] ^ aes_rotr(q[7], AES_L);

    q[0] = t7 ^ aes_rotr(q[0], AES_L) ^ aes_rotr(t0, 2 * AES_L);
    q[1] = t0 ^ t7 ^ aes_rotr(q[1], AES_L) ^ aes_rotr(t1, 2 * AES_L);
    q[2] = t1 ^ aes_rotr(q[2], AES_L) ^ aes_rotr(t2, 2 * AES_L);
    q[3] = t2 ^ t7 ^ aes_rotr(q[3], AES_L) ^ aes_rotr(t3, 2 * AES_L);
    q[4] = t3 ^ t7 ^ aes_rotr(q[4], AES_L) ^ aes_rotr(t4, 2 * AES_L);
    q[5] = t4 ^ aes_rotr(q[5], AES_L) ^ aes_rotr(t5, 2 * AES_L);
    q[6] = t5 ^ aes_rotr(q[6], AES_L) ^ aes_rotr(t6, 2 * AES_L);
    q[7] = t6 ^ aes_rotr(q[7], AES_L) ^ aes_rotr(t7, 2 * AES_L);
}

/*
 * InvMixColumns (FIPS 197 5.3.3): its polynomial {0b}x^3+{0d}x^2+{09}x+{0e} equals
 * ({03}x^3+{01}x^2+{01}x+{02}) * ({04}x^2+{05}), so first s_r += {04}(s_r + s_{r+2}),
 * then MixColumns. {04}u is {02} applied twice, written out.
 */
AES_INLINE void aes_inv_mix_columns(aes_w q[8])
{
    aes_w u0 = q[0] ^ aes_rotr(q[0], 2 * AES_L), u1 = q[1] ^ aes_rotr(q[1], 2 * AES_L);
    aes_w u2 = q[2] ^ aes_rotr(q[2], 2 * AES_L), u3 = q[3] ^ aes_rotr(q[3], 2 * AES_L);
    aes_w u4 = q[4] ^ aes_rotr(q[4], 2 * AES_L), u5 = q[5] ^ aes_rotr(q[5], 2 * AES_L);
    aes_w u6 = q[6] ^ aes_rotr(q[6], 2 * AES_L), u7 = q[7] ^ aes_rotr(q[7], 2 * AES_L);

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
 * Round keys are the same for every block position, so each slice of a round key carries
 * 16 bits: nibble r (the column bits of row r), repeated in the AES_NB block nibbles of
 * lane r. The context stores the 16-bit form (8 x 15 x 2 = 240 bytes); pack and unpack
 * use shifts and masks only.
 */
static uint16_t aes_rk_pack(aes_w x)
{
    x &= AES_REP(0x0f0f0f0f);
    x = (x | x >> 4) & AES_REP(0x00ff00ff);
    return (uint16_t)(x | x >> 8);
}

AES_INLINE aes_w aes_rk_unpack(uint16_t v)
{
    aes_w x = v;
    x = (x | x << 8) & AES_REP(0x00ff00ff);
    x = (x | x << 4) & AES_REP(0x0f0f0f0f);
    return x | x << 4;
}

/* AddRoundKey (FIPS 197 5.1.4). */
AES_INLINE void aes_add_round_key(aes_w q[8], const uint16_t *rk)
{
    int i;
    AES_EACH8(i, q[i] ^= aes_rk_unpack(rk[i]));
}

AES_INLINE void aes_shift_rows(aes_w q[8])
{
    int i;
    AES_EACH8(i, q[i] = aes_shift_rows1(q[i]));
}

AES_INLINE void aes_inv_shift_rows(aes_w q[8])
{
    int i;
    AES_EACH8(i, q[i] = aes_inv_shift_rows1(q[i]));
}

/* Cipher (FIPS 197 5.1) on AES_NB bitsliced blocks. */
AES_NOINLINE void aes_encrypt_slices(const fc_aes_ctx *ctx, aes_w q[8])
{
    const uint16_t *rk = ctx->rk.h, *last = ctx->rk.h + 8 * ctx->rounds;
    aes_add_round_key(q, rk);
    for (;;) {
        rk += 8;
        aes_ct_sbox(q);
        aes_shift_rows(q);
        if (rk == last)
            break;
        aes_mix_columns(q);
        aes_add_round_key(q, rk);
    }
    aes_add_round_key(q, rk);
}

/* InvCipher (FIPS 197 5.3) on AES_NB bitsliced blocks. */
AES_NOINLINE void aes_decrypt_slices(const fc_aes_ctx *ctx, aes_w q[8])
{
    const uint16_t *rk = ctx->rk.h + 8 * ctx->rounds;
    aes_add_round_key(q, rk);
    for (;;) {
        rk -= 8;
        aes_inv_shift_rows(q);
        aes_ct_inv_sbox(q);
        aes_add_round_key(q, rk);
        if (rk == ctx->rk.h)
            break;
        aes_inv_mix_columns(q);
    }
}

void fc_aes_ct_sub_bytes(uint8_t *buf, size_t n, int inverse)
{
    aes_w q[8];
    size_t i, j, k;

    for (k = 0; k < n; k += j) {
        j = n - k < AES_W ? n - k : AES_W;
        for (i = 0; i < 8; i++) {
            size_t b;
            q[i] = 0;
            for (b = 0; b < j; b++)
                q[i] |= (aes_w)(((unsigned)buf[k + b] >> i) & 1u) << b;
        }
        if (inverse)
            aes_ct_inv_sbox(q);
        else
            aes_ct_sbox(q);
        for (i = 0; i < j; i++) {
            unsigned v = 0, b;
            for (b = 0; b < 8; b++)
                v |= (unsigned)((q[b] >> i) & 1u) << b;
            buf[k + i] = (uint8_t)v;
        }
    }
    fc_wipe(q, sizeof q);
}

/* SubWord (FIPS 197 5.2) on the word t (byte 0 in bits 0-7). */
#if AES_W == 32
/* Through the cipher's own circuit, as the one column of block 0: no bit-by-bit gather,
 * and no fc_aes_ct_sub_bytes in the firmware closures. */
static uint32_t aes_sub_word(uint32_t t)
{
    aes_w q[8] = {0};

    q[0] = t;
    aes_transpose(q);
    aes_ct_sbox(q);
    aes_transpose(q);
    t = q[0];
    fc_wipe(q, sizeof q);
    return t;
}
#else
static uint32_t aes_sub_word(uint32_t t)
{
    uint8_t sw[4];

    fc_store32_le(sw, t);
    fc_aes_ct_sub_bytes(sw, 4, 0);
    t = fc_load32_le(sw);
    fc_wipe(sw, sizeof sw);
    return t;
}
#endif

/* KeyExpansion into the core's round-key form; key_len is 16, 24 or 32 (checked by fc_aes_init).
 * Counters instead of i % Nk and i / 4, so 32-bit targets need no division helper. */
void fc_aes_ct_setkey(fc_aes_ctx *ctx, const uint8_t *key, size_t key_len)
{
    uint32_t w[8]; /* the last 8 key-schedule words: w[i] lives in w[i & 7] */
    uint8_t rk[16];
    aes_w q[8];
    const uint8_t *blk[AES_NB];
    uint16_t *out = ctx->rk.h;
    uint32_t nk, total, i, j, t, rcon = 1, col = 0, pos = 0;

    /* KeyExpansion (FIPS 197 5.2); words little-endian: byte 0 of w[i] is key[4i]. */
    nk = (uint32_t)key_len >> 2;
    ctx->rounds = nk + 6;
    total = 4 * (ctx->rounds + 1);
    for (j = 0; j < AES_NB; j++)
        blk[j] = rk;
    for (i = 0; i < total; i++) {
        if (i < nk) {
            t = fc_load32_le(key + 4 * i);
        } else {
            t = w[(i - 1) & 7];
            if (pos == 0) {
                t = t >> 8 | t << 24; /* RotWord, then SubWord and Rcon */
            }
            if (pos == 0 || (nk > 6 && pos == 4))
                t = aes_sub_word(t);
            if (pos == 0) {
                t ^= rcon;
                rcon = (rcon << 1) ^ (0x11bu & (0u - (rcon >> 7)));
            }
            t ^= w[(i - nk) & 7];
        }
        w[i & 7] = t;
        if (++pos == nk)
            pos = 0;
        fc_store32_le(rk + 4 * col, t);
        if (++col == 4) {
            /* One round key in bitsliced form, the same for every block position. */
            col = 0;
            aes_load(q, blk);
            for (j = 0; j < 8; j++)
                *out++ = aes_rk_pack(q[j]);
        }
    }
    fc_wipe(q, sizeof q);
    fc_wipe(w, sizeof w);
    fc_wipe(rk, sizeof rk);
}

/* Encrypt (or decrypt) n blocks in groups of AES_NB; a short last group repeats its first
 * block and sends the extra results to a scratch block. A flag, not a function pointer, so
 * stack analysis sees the whole call tree. */
static void aes_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n,
                       int decrypt)
{
    uint8_t scratch[FC_AES_BLOCK_SIZE];
    aes_w q[8];
    const uint8_t *src[AES_NB];
    uint8_t *dst[AES_NB];
    size_t i, k;
    int partial = 0;

    while (n > 0) {
        k = n < AES_NB ? n : AES_NB;
        for (i = 0; i < AES_NB; i++) {
            src[i] = i < k ? in + FC_AES_BLOCK_SIZE * i : in;
            dst[i] = i < k ? out + FC_AES_BLOCK_SIZE * i : scratch;
        }
        partial |= k < AES_NB;
        aes_load(q, src);
        if (decrypt)
            aes_decrypt_slices(ctx, q);
        else
            aes_encrypt_slices(ctx, q);
        aes_store(dst, q);
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

unsigned fc_aes_ct_word_bits(void)
{
    return AES_W;
}

#else
/* The 64-bit core (aes_ct64.c) serves this build; ISO C wants a declaration in every file. */
typedef int fc_aes_ct_unused;
#endif /* !FC_AES_CT64 */
