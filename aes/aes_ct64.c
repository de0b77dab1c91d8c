/*
 * fernet-c AES block cipher (FIPS 197), the portable constant-time core on 64-bit CPUs:
 * bitsliced (the S-box is a boolean circuit, aes_sbox.h), four blocks per pass in eight
 * 64-bit slices, and fixsliced (A. Adomnicai, T. Peyrin, "Fixslicing AES-like ciphers",
 * TCHES 2021(1)): no ShiftRows inside the rounds. 32-bit CPUs, and builds with
 * -DFC_AES_CT32, use aes_ct.c instead.
 *
 * Round keys: the context keeps 16 bits per slice and round (8 x 15 x 2 = 240 bytes, every
 * key size, the layout aes_ct.c uses too). Each call spreads them once into whole slices on
 * its stack (960 bytes) and then runs its mode's loop here, so serial modes (CBC and CFB
 * encryption) pay the spreading once per call, not once per block. The serial modes fill
 * the four block positions with copies of their one block, which turns the column moves of
 * fixslicing into plain rotations (aes_mix_columns1).
 */
#include "fernetc_libc.h"

#include "aes_backend.h"
#include "fc_internal.h"

#if FC_AES_CT64

typedef uint64_t aes_w;

#define AES_NB 4  /* blocks per pass */
#define AES_NSK 120 /* spread round-key slices: 8 x 15 */

#define AES_REP(x) ((aes_w)UINT64_C(x))

/* Inline the per-round helpers so the slices stay in registers; size builds leave the
 * choice to the compiler. */
#if (defined(__GNUC__) || defined(__clang__)) && !defined(__OPTIMIZE_SIZE__)
#define AES_INLINE static inline __attribute__((always_inline))
#else
#define AES_INLINE static inline
#endif

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

/* Speed builds: both S-box circuits without their affine constant, which the round keys
 * after the first carry instead, {63} in each byte (fc_aes_ct_setkey), the same for both
 * directions. Encryption: the forward circuit's output misses {63}, and MixColumns maps
 * {63} in every byte to itself ({02}+{03}+{01}+{01} = {01}), so round key j adds it back
 * (three NOTs fewer per round). Decryption: InvMixColumns passes it to the inverse
 * circuit's input unchanged ({0e}+{0b}+{0d}+{09} = {01}): four NOTs fewer per round. Size
 * builds derive the inverse from the forward circuit as is. */
#if !defined(__OPTIMIZE_SIZE__)
#define AES_SBOX_NOT(x) (x)
#define AES_INV_SBOX_NOT(x) (x)
#define AES_K63 1
#else
#define AES_K63 0
#endif
#include "aes_sbox.h"
#undef AES_SBOX_NOT
#undef AES_INV_SBOX_NOT

/*
 * Bitsliced state: q[i] holds bit i of 64 state bytes (4 blocks of 16). The byte in row r,
 * column c of block b (FIPS 197 3.4) sits at bit 16r + 4b + c: each row is a 16-bit lane,
 * each block's row a nibble.
 */

/* Exchange the bits of b selected by m with those of a selected by m << n. */
#define AES_SWAPMOVE(a, b, m, n) do { \
        aes_w aes_t_ = (((a) >> (n)) ^ (b)) & (m); \
        (b) ^= aes_t_; \
        (a) ^= aes_t_ << (n); \
    } while (0)

/* Spread the 4 bytes of x to the even byte lanes of a word, and back. */
AES_INLINE aes_w aes_spread(uint32_t x)
{
    aes_w v = x;
    v = (v | v << 16) & AES_REP(0x0000ffff0000ffff);
    return (v | v << 8) & AES_REP(0x00ff00ff00ff00ff);
}

AES_INLINE uint32_t aes_unspread(aes_w v)
{
    v &= AES_REP(0x00ff00ff00ff00ff);
    v = (v | v >> 8) & AES_REP(0x0000ffff0000ffff);
    return (uint32_t)(v | v >> 16);
}

/*
 * Four blocks in and out: eight 64-bit little-endian words, then six exchanges of index bits
 * between word number and bit position (each four AES_SWAPMOVEs), a transpose that lands
 * on the layout above directly. Word w = 4 b0 + 2 h + b1 holds bytes 8h..8h+7 of block b =
 * 2 b1 + b0, so byte 4c + r of block b, bit i, starts in word (b0, c1, b1) at position
 * (c0, r1, r0, i2, i1, i0) (c = 2 c1 + c0, most significant index bit first) and must end
 * in word (i2, i1, i0) at position (r1, r0, b1, b0, c1, c0). Word bit 0 walks b1 -> r0 ->
 * r1 -> c0 -> i0 through positions 3, 4, 5 and 0; word bits 2 and 1 trade b0 and c1 for
 * i2 and i1 at positions 2 and 1. aes_store runs the same exchanges backwards.
 */
AES_INLINE uint64_t aes_load64_le(const uint8_t *p)
{
    return (uint64_t)fc_load32_le(p) | (uint64_t)fc_load32_le(p + 4) << 32;
}

AES_INLINE void aes_store64_le(uint8_t *p, uint64_t v)
{
    fc_store32_le(p, (uint32_t)v);
    fc_store32_le(p + 4, (uint32_t)(v >> 32));
}

/* Exchange word bit k with position bit j (mask m: the positions with bit j clear). */
#define AES_XCHG(q, k, m, j) do { \
        AES_SWAPMOVE((q)[0], (q)[0 + (k)], m, j); \
        AES_SWAPMOVE((q)[(k) == 1 ? 2 : 1], (q)[((k) == 1 ? 2 : 1) + (k)], m, j); \
        AES_SWAPMOVE((q)[(k) == 4 ? 2 : 4], (q)[((k) == 4 ? 2 : 4) + (k)], m, j); \
        AES_SWAPMOVE((q)[7 - (k)], (q)[7], m, j); \
    } while (0)

#define AES_M0 AES_REP(0x5555555555555555)
#define AES_M1 AES_REP(0x3333333333333333)
#define AES_M2 AES_REP(0x0f0f0f0f0f0f0f0f)
#define AES_M3 AES_REP(0x00ff00ff00ff00ff)
#define AES_M4 AES_REP(0x0000ffff0000ffff)
#define AES_M5 AES_REP(0x00000000ffffffff)

/* SR^2 (below, aes_shift_rows2) on the loaded words: rows 1 and 3 are the odd bytes, and
 * two columns away is the other half of the block, word w + 2. Four xor-swaps instead of
 * eight slice permutations, so the closing SR^2 of AES-128 and AES-256 moves here (sr2). */
AES_INLINE void aes_shift_rows2_words(aes_w q[8])
{
    aes_w t;
    t = (q[0] ^ q[2]) & AES_REP(0xff00ff00ff00ff00), q[0] ^= t, q[2] ^= t;
    t = (q[1] ^ q[3]) & AES_REP(0xff00ff00ff00ff00), q[1] ^= t, q[3] ^= t;
    t = (q[4] ^ q[6]) & AES_REP(0xff00ff00ff00ff00), q[4] ^= t, q[6] ^= t;
    t = (q[5] ^ q[7]) & AES_REP(0xff00ff00ff00ff00), q[5] ^= t, q[7] ^= t;
}

static void aes_load(aes_w q[8], const uint8_t *const blk[AES_NB], int sr2)
{
    int w;
    AES_EACH8(w, q[w] = aes_load64_le(blk[2 * (w & 1) + (w >> 2)] + 8 * ((w >> 1) & 1)));
    if (sr2)
        aes_shift_rows2_words(q);
    AES_XCHG(q, 4, AES_M2, 4);
    AES_XCHG(q, 2, AES_M1, 2);
    AES_XCHG(q, 1, AES_M3, 8);
    AES_XCHG(q, 1, AES_M4, 16);
    AES_XCHG(q, 1, AES_M5, 32);
    AES_XCHG(q, 1, AES_M0, 1);
}

/* aes_load's exchanges backwards: word w is bytes 8h..8h+7 of block b again. */
AES_INLINE void aes_unload(aes_w q[8], int sr2)
{
    AES_XCHG(q, 1, AES_M0, 1);
    AES_XCHG(q, 1, AES_M5, 32);
    AES_XCHG(q, 1, AES_M4, 16);
    AES_XCHG(q, 1, AES_M3, 8);
    AES_XCHG(q, 2, AES_M1, 2);
    AES_XCHG(q, 4, AES_M2, 4);
    if (sr2)
        aes_shift_rows2_words(q);
}

static void aes_store(uint8_t *const blk[AES_NB], aes_w q[8], int sr2)
{
    int w;
    aes_unload(q, sr2);
    AES_EACH8(w, aes_store64_le(blk[2 * (w & 1) + (w >> 2)] + 8 * ((w >> 1) & 1), q[w]));
}

/* aes_store to the four consecutive blocks at out, each xored with the block at xs[b];
 * the 16 bytes at keep are copied to prev after every xs word is read, before the first
 * store (the parallel modes' chaining block, when out equals in). */
static void aes_store_xor(uint8_t *out, aes_w q[8], int sr2, const uint8_t *const xs[AES_NB],
                          uint8_t prev[16], const uint8_t *keep)
{
    aes_w x[8];
    int w;
    aes_unload(q, sr2);
    AES_EACH8(w, x[w] = aes_load64_le(xs[2 * (w & 1) + (w >> 2)] + 8 * ((w >> 1) & 1)));
    memcpy(prev, keep, 16);
    AES_EACH8(w, aes_store64_le(out + 16 * (2 * (w & 1) + (w >> 2)) + 8 * ((w >> 1) & 1),
                                q[w] ^ x[w]));
}

/*
 * One block in or out (the serial modes, key expansion): block 0 alone, in the layout above,
 * the other block nibbles zero. Column c's four bytes go to the even byte lanes of word c
 * (byte (r, c) in lane 2r), and then the 8x8 bit matrices (word k, bit i of a byte lane)
 * are transposed to (word i, bit k), one exchange per index bit: word bit 0 with byte bit
 * 0, then bit 1, then bit 2. Words 4..7 start out zero, so the first two exchanges touch
 * words 0..3 only and the third is a shift and a mask. aes_store1 runs the exchanges
 * backwards on block 0 (in any order: they move different index bits) and keeps q.
 */
AES_INLINE void aes_load1(aes_w q[8], const uint8_t blk[16])
{
    q[0] = aes_spread(fc_load32_le(blk));
    q[1] = aes_spread(fc_load32_le(blk + 4));
    q[2] = aes_spread(fc_load32_le(blk + 8));
    q[3] = aes_spread(fc_load32_le(blk + 12));
    AES_SWAPMOVE(q[0], q[1], AES_M0, 1);
    AES_SWAPMOVE(q[2], q[3], AES_M0, 1);
    AES_SWAPMOVE(q[0], q[2], AES_M1, 2);
    AES_SWAPMOVE(q[1], q[3], AES_M1, 2);
    q[4] = (q[0] >> 4) & AES_M2;
    q[5] = (q[1] >> 4) & AES_M2;
    q[6] = (q[2] >> 4) & AES_M2;
    q[7] = (q[3] >> 4) & AES_M2;
    q[0] &= AES_M2;
    q[1] &= AES_M2;
    q[2] &= AES_M2;
    q[3] &= AES_M2;
}

#define AES_B0 AES_REP(0x000f000f000f000f) /* block 0 of every lane */

AES_INLINE void aes_store1(uint8_t blk[16], const aes_w q[8])
{
    aes_w w0 = (q[0] & AES_B0) | (q[4] & AES_B0) << 4, w1 = (q[1] & AES_B0) | (q[5] & AES_B0) << 4;
    aes_w w2 = (q[2] & AES_B0) | (q[6] & AES_B0) << 4, w3 = (q[3] & AES_B0) | (q[7] & AES_B0) << 4;

    AES_SWAPMOVE(w0, w1, AES_M0, 1);
    AES_SWAPMOVE(w2, w3, AES_M0, 1);
    AES_SWAPMOVE(w0, w2, AES_M1, 2);
    AES_SWAPMOVE(w1, w3, AES_M1, 2);
    fc_store32_le(blk, aes_unspread(w0));
    fc_store32_le(blk + 4, aes_unspread(w1));
    fc_store32_le(blk + 8, aes_unspread(w2));
    fc_store32_le(blk + 12, aes_unspread(w3));
}

AES_INLINE aes_w aes_rotr(aes_w x, unsigned n)
{
    return (x >> n) | (x << (64 - n));
}

/*
 * The state moved by `lanes` rows and n columns: the result's row r, column c is x's row
 * r + lanes, column c + n (indices mod 4), in every block. A lane rotation, plus a rotation
 * inside each nibble when n != 0. lanes is 1 or 2.
 */
AES_INLINE aes_w aes_shift(aes_w x, unsigned lanes, unsigned n)
{
    aes_w lo; /* the columns c < 4 - n, which come from column c + n of the same nibble */

    if (n == 0)
        return aes_rotr(x, 16 * lanes);
    lo = (((aes_w)1 << (4 - n)) - 1) * AES_REP(0x1111111111111111);
    return (aes_rotr(x, 16 * lanes + n) & lo) | (aes_rotr(x, 16 * lanes + n - 4) & ~lo);
}

/*
 * Fixslicing. Round j leaves the state with ShiftRows^j (FIPS 197 5.1.2) not applied: we
 * hold X_j = SR^-j(S_j), and the round key j is stored as SR^-j(K_j) (aes_ct_setkey). Since
 * SubBytes commutes with any byte permutation, round j + 1 becomes
 *     X_{j+1} = SR^-(j+1) MixColumns SR^(j+1) (SubBytes(X_j)) + SR^-(j+1)(K_{j+1}),
 * with no ShiftRows. MixColumns conjugated by SR^n (n = j + 1 mod 4) reads row r + k at
 * column c + nk instead of c: out_r = {02}x_r + {03}x'_{r+1} + x''_{r+2} + x'''_{r+3}, where
 * each prime moves the columns by n. The rounds cycle through 4 such variants; after the
 * last round SR^Nr is applied once (Nr mod 4 = 2 for AES-128 and AES-256, 0 for AES-192).
 *
 * MixColumns (FIPS 197 5.1.3), variant n: with y = x moved by one row and n columns and
 * t = x + y, out = {02}t + y + (t moved by two rows and 2n columns). {02}t (FIPS 197 4.2.1)
 * shifts the slices up by one and folds t7 in at 0x1b.
 */
AES_INLINE void aes_mix_columns(aes_w q[8], unsigned n)
{
    aes_w y[8], t[8];
    int i;

    AES_EACH8(i, (y[i] = aes_shift(q[i], 1, n), t[i] = q[i] ^ y[i]));
    AES_EACH8(i, q[i] = y[i] ^ aes_shift(t[i], 2, (2 * n) & 3));
    q[0] ^= t[7];
    q[1] ^= t[0] ^ t[7];
    q[2] ^= t[1];
    q[3] ^= t[2] ^ t[7];
    q[4] ^= t[3] ^ t[7];
    q[5] ^= t[4];
    q[6] ^= t[5];
    q[7] ^= t[6];
}

/*
 * InvMixColumns (FIPS 197 5.3.3), variant n, with two state moves instead of three. It is
 * out_r = {0e}x_r + {0b}x_{r+1} + {0d}x_{r+2} + {09}x_{r+3} with the variant's column
 * offsets (see MixColumns above): the polynomial {0e} + {0b}S + {0d}S^2 + {09}S^3 in S, the
 * move by one row and n columns (aes_shift(x, 1, n)). Put a = 1 + S: then a^2 = 1 + S^2,
 * a^4 = 1 + S^4 = 0, and expanding shows the polynomial is 1 + {02}a + {04}a^2 + {09}a^3 =
 * g + a h with g = 1 + {04}a^2, h = {02} + {09}a^2. So with s = x + S^2(x) (one move by two
 * rows and 2n columns): g = x + {04}s, h = {02}x + {09}s, out = g + h + S(h) (one move by
 * S). {02}, {04}, {09}: bytewise GF(2^8) products (FIPS 197 4.2), written out on the slices.
 */
AES_INLINE void aes_inv_mix_columns(aes_w q[8], unsigned n)
{
    aes_w s[8], h[8], t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15;
    int i;

    AES_EACH8(i, s[i] = q[i] ^ aes_shift(q[i], 2, (2 * n) & 3));
    /* h = {02}q + {09}s and g = q + {04}s (into q) in 24 XORs, from tools/aes_ct64_slp.py */
    t0 = q[7] ^ s[5];
    t1 = s[6] ^ s[7];
    t2 = s[2] ^ t1;
    t3 = s[1] ^ s[6];
    t4 = s[0] ^ s[7];
    t5 = t0 ^ t3;
    t6 = q[2] ^ t4;
    t7 = q[6] ^ s[4];
    t8 = q[4] ^ t2;
    t9 = q[5] ^ s[3];
    h[6] = t1 ^ t9;
    t10 = s[3] ^ t0;
    h[2] = q[1] ^ t2;
    t11 = q[3] ^ t5;
    t12 = q[3] ^ t3;
    h[0] = s[0] ^ t0;
    h[3] = t6 ^ t10;
    t13 = q[1] ^ t1;
    t14 = q[0] ^ s[6];
    h[7] = s[7] ^ t7;
    h[1] = q[0] ^ t5;
    h[4] = s[4] ^ t11;
    t15 = s[7] ^ t9;
    h[5] = s[5] ^ t8;
    q[0] = t14;
    q[1] = t13;
    q[2] = t6;
    q[3] = t12;
    q[4] = t8;
    q[5] = t15;
    q[6] = t7;
    q[7] = t0;
    AES_EACH8(i, q[i] ^= h[i] ^ aes_shift(h[i], 1, n));
}

/* AddRoundKey (FIPS 197 5.1.4) with spread slices. */
AES_INLINE void aes_add_round_key(aes_w q[8], const aes_w *sk)
{
    int i;
    AES_EACH8(i, q[i] ^= sk[i]);
}

/* SR^2: rows 1 and 3 rotate by two columns (swap the bit pairs of their nibbles); its own
 * inverse. The closing permutation of AES-128 and AES-256. */
AES_INLINE void aes_shift_rows2(aes_w q[8])
{
    int i;
    AES_EACH8(i, {
        aes_w t = ((q[i] >> 2) ^ q[i]) & AES_REP(0x3333000033330000);
        q[i] ^= t ^ (t << 2);
    });
}

/* One middle round j (n = j mod 4): SubBytes, MixColumns variant n, AddRoundKey. */
AES_INLINE void aes_round(aes_w q[8], const aes_w *sk, unsigned n)
{
    aes_ct_sbox(q);
    aes_mix_columns(q, n);
    aes_add_round_key(q, sk);
}

AES_INLINE void aes_inv_round(aes_w q[8], const aes_w *sk, unsigned n)
{
    aes_add_round_key(q, sk);
    aes_inv_mix_columns(q, n);
    aes_ct_inv_sbox(q);
}

/*
 * One block (the serial modes): block 0 alone matters, and the block nibbles of every lane
 * hold copies of it. Moving the columns by n is then a plain rotation of the lanes: the
 * bits that wrap come from the next block nibble, right while that is a good copy, and
 * from the next lane at the top. So each move by n columns spoils the top n of the 16
 * column positions of a lane: with g good positions in, variant n leaves g - n - (2n mod
 * 4) (its moves by n and by 2n), that is g - 3, g - 2, g - 5 and g for n = 1, 2, 3, 0.
 * Copying block 0 over the others (g = 16) before variant 1 every fourth round (copy !=
 * 0) leaves 13, 11, 6 and 6 after it: block 0 (4 positions) stays good through the next
 * copy and through the last round of every key size. Round 1 is variant 1, so its input
 * needs block 0 only (aes_load1).
 */
AES_INLINE aes_w aes_copy_block0(aes_w x)
{
    x &= AES_B0;
    x |= x << 4;
    return x | x << 8;
}

AES_INLINE void aes_mix_columns1(aes_w q[8], unsigned n, int copy)
{
    aes_w y[8], t[8];
    int i;

    if (copy)
        AES_EACH8(i, q[i] = aes_copy_block0(q[i]));
    AES_EACH8(i, (y[i] = aes_rotr(q[i], 16 + n), t[i] = q[i] ^ y[i]));
    AES_EACH8(i, q[i] = y[i] ^ aes_rotr(t[i], 32 + ((2 * n) & 3)));
    q[0] ^= t[7];
    q[1] ^= t[0] ^ t[7];
    q[2] ^= t[1];
    q[3] ^= t[2] ^ t[7];
    q[4] ^= t[3] ^ t[7];
    q[5] ^= t[4];
    q[6] ^= t[5];
    q[7] ^= t[6];
}

AES_INLINE void aes_round1(aes_w q[8], const aes_w *sk, unsigned n, int copy)
{
    aes_ct_sbox(q);
    aes_mix_columns1(q, n, copy);
    aes_add_round_key(q, sk);
}

/*
 * One block through the cipher, on block 0 of the slices (aes_load1): aes_encrypt_slices
 * with aes_round1. The chaining state c stays in slices from call to call: c = CIPH(c ^
 * in) (CBC encryption) or c = CIPH(c) ^ in (CFB128 encryption, cfb); the new c goes to
 * out (16 bytes, may equal in). The block is sliced and unsliced here, in registers: done
 * by the caller through arrays, gcc vectorised the xors and stored words 16 bytes at a
 * time that this function then loaded 8 bytes at a time, which the store buffer cannot
 * forward (the serial modes ran 5% slower).
 */
AES_NOINLINE void aes_encrypt1_slices(const aes_w *restrict sk, unsigned rounds,
                                      aes_w *restrict c, uint8_t *out, const uint8_t *in,
                                      int cfb)
{
    unsigned j, i;
    aes_w q[8], x[8]; /* the state in locals, kept in registers across rounds */

    aes_load1(x, in);
    AES_EACH8(i, q[i] = c[i] ^ sk[i] ^ (cfb ? 0 : x[i]));
    for (j = 1; j < rounds; j++) {
        switch (j & 3) {
        case 0: aes_round1(q, sk + 8 * j, 0, 0); break;
        case 1: aes_round1(q, sk + 8 * j, 1, 1); break;
        case 2: aes_round1(q, sk + 8 * j, 2, 0); break;
        default: aes_round1(q, sk + 8 * j, 3, 0); break;
        }
    }
    aes_ct_sbox(q);
    aes_add_round_key(q, sk + 8 * rounds);
    if (rounds & 2)
        aes_shift_rows2(q);
    AES_EACH8(i, q[i] ^= cfb ? x[i] : 0);
    aes_store1(out, q);
    AES_EACH8(i, c[i] = q[i]);
}

/* Cipher (FIPS 197 5.1), fixsliced, on 4 bitsliced blocks, but for the closing SR^2 of
 * AES-128 and AES-256, which aes_store applies (sr2). The switch is on the public
 * round number only. sk and q never overlap (restrict): stores to the state then do not
 * force the key slices to be read again. */
AES_NOINLINE void aes_encrypt_slices(const aes_w *restrict sk, unsigned rounds, aes_w *restrict qq)
{
    unsigned j;
    aes_w q[8]; /* the state in locals: gcc then keeps it in registers across rounds */
    unsigned i;

    AES_EACH8(i, q[i] = qq[i] ^ sk[i]);
    for (j = 1; j < rounds; j++) {
        switch (j & 3) {
        case 0: aes_round(q, sk + 8 * j, 0); break;
        case 1: aes_round(q, sk + 8 * j, 1); break;
        case 2: aes_round(q, sk + 8 * j, 2); break;
        default: aes_round(q, sk + 8 * j, 3); break;
        }
    }
    aes_ct_sbox(q);
    AES_EACH8(i, qq[i] = q[i] ^ sk[8 * rounds + i]);
}

/* InvCipher (FIPS 197 5.3): the steps of aes_encrypt_slices undone in reverse order, the
 * SR^2 of AES-128 and AES-256 by aes_load (sr2) before. Rounds Nr - 1 down to 1 use the
 * variants n = j mod 4. A switch, as above: with the state in locals, gcc 12 runs it 3% more
 * instructions than the rounds written out four at a time, but in 3% less time (AES-128 CBC
 * decryption, process CPU time). */
AES_NOINLINE void aes_decrypt_slices(const aes_w *restrict sk, unsigned rounds, aes_w *restrict qq)
{
    unsigned j;
    aes_w q[8]; /* the state in locals: gcc then keeps it in registers across rounds */
    unsigned i;

    AES_EACH8(i, q[i] = qq[i] ^ sk[8 * rounds + i]);
    aes_ct_inv_sbox(q);
    for (j = rounds - 1; j > 0; j--) {
        switch (j & 3) {
        case 0: aes_inv_round(q, sk + 8 * j, 0); break;
        case 1: aes_inv_round(q, sk + 8 * j, 1); break;
        case 2: aes_inv_round(q, sk + 8 * j, 2); break;
        default: aes_inv_round(q, sk + 8 * j, 3); break;
        }
    }
    AES_EACH8(i, qq[i] = q[i] ^ sk[i]);
}

/*
 * Round keys are the same for every block, so each slice of a round key carries 16 bits:
 * nibble r holds the column bits of row r, and spreads to every block nibble of lane r.
 */
static uint16_t aes_rk_pack(aes_w x)
{
    x &= AES_B0;
    x = (x | x >> 12) & AES_REP(0x000000ff000000ff);
    return (uint16_t)(x | x >> 24);
}

static void aes_rk_spread(aes_w sk[AES_NSK], const fc_aes_ctx *ctx)
{
    unsigned i, n = 8 * (ctx->rounds + 1);

    for (i = 0; i < n; i++) {
        aes_w x = ctx->rk.h[i];
        x = (x | x << 24) & AES_REP(0x000000ff000000ff);
        x = (x | x << 12) & AES_REP(0x000f000f000f000f);
        x |= x << 4;
        sk[i] = x | x << 8;
    }
}

void fc_aes_ct_sub_bytes(uint8_t *buf, size_t n, int inverse)
{
    aes_w q[8];
    size_t i, j, k;

    for (k = 0; k < n; k += j) {
        j = n - k < 64 ? n - k : 64;
        for (i = 0; i < 8; i++) {
            size_t b;
            q[i] = 0;
            for (b = 0; b < j; b++)
                q[i] |= (aes_w)(((unsigned)buf[k + b] >> i) & 1u) << b;
        }
        if (inverse) {
            if (AES_K63) /* the constant left out of the circuit: {63} on bits 0, 1, 5, 6 */
                q[0] = ~q[0], q[1] = ~q[1], q[5] = ~q[5], q[6] = ~q[6];
            aes_ct_inv_sbox(q);
        } else {
            aes_ct_sbox(q);
            if (AES_K63) /* likewise after the forward circuit */
                q[0] = ~q[0], q[1] = ~q[1], q[5] = ~q[5], q[6] = ~q[6];
        }
        for (i = 0; i < j; i++) {
            unsigned v = 0, b;
            for (b = 0; b < 8; b++)
                v |= (unsigned)((q[b] >> i) & 1u) << b;
            buf[k + i] = (uint8_t)v;
        }
    }
    fc_wipe(q, sizeof q);
}

/* KeyExpansion (FIPS 197 5.2) into the packed form, round key j stored as SR^-j(K_j) for
 * fixslicing; key_len is 16, 24 or 32 (checked by fc_aes_init). */
void fc_aes_ct_setkey(fc_aes_ctx *ctx, const uint8_t *key, size_t key_len)
{
    uint32_t w[8]; /* the last 8 key-schedule words: w[i] lives in w[i & 7] */
    uint8_t rk[16], sw[4];
    aes_w q[8];
    uint16_t *out = ctx->rk.h;
    uint32_t nk, total, i, j, r, t, rcon = 1, col = 0, pos = 0, round = 0;

    /* Words little-endian: byte 0 of w[i] is key[4i]. */
    nk = (uint32_t)key_len >> 2;
    ctx->rounds = nk + 6;
    total = 4 * (ctx->rounds + 1);
    for (i = 0; i < total; i++) {
        if (i < nk) {
            t = fc_load32_le(key + 4 * i);
        } else {
            t = w[(i - 1) & 7];
            if (pos == 0)
                t = t >> 8 | t << 24; /* RotWord, then SubWord and Rcon */
            if (pos == 0 || (nk > 6 && pos == 4)) {
                fc_store32_le(sw, t);
                fc_aes_ct_sub_bytes(sw, 4, 0);
                t = fc_load32_le(sw);
            }
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
            col = 0;
            aes_load1(q, rk);
            for (j = 0; j < 8; j++) {
                /* SR^-round: row r's new column c is its column c - round * r. */
                uint32_t v = aes_rk_pack(q[j]), o = 0;
                for (r = 0; r < 4; r++) {
                    uint32_t nib = (v >> (4 * r)) & 0xfu, s = (0u - round * r) & 3u;
                    nib = ((nib >> s) | (nib << (4 - s))) & 0xfu;
                    o |= nib << (4 * r);
                }
                /* {63} in every byte of round keys 1..Nr (AES_K63): slices 0, 1, 5, 6,
                 * here once per key, not in every call's spreading (short calls feel it) */
                if (AES_K63 && round > 0 && ((0x63u >> j) & 1u))
                    o ^= 0xffffu;
                *out++ = (uint16_t)o;
            }
            round++;
        }
    }
    fc_wipe(q, sizeof q);
    fc_wipe(w, sizeof w);
    fc_wipe(rk, sizeof rk);
    fc_wipe(sw, sizeof sw);
}

/* Encrypt (or decrypt) n blocks in groups of four; a short last group repeats its first
 * block and sends the extra results to a scratch block. */
static void aes_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n,
                       int decrypt)
{
    aes_w sk[AES_NSK], q[8];
    uint8_t scratch[FC_AES_BLOCK_SIZE];
    const uint8_t *src[AES_NB];
    uint8_t *dst[AES_NB];
    size_t i, k;

    aes_rk_spread(sk, ctx);
    while (n > 0) {
        k = n < AES_NB ? n : AES_NB;
        for (i = 0; i < AES_NB; i++) {
            src[i] = i < k ? in + FC_AES_BLOCK_SIZE * i : in;
            dst[i] = i < k ? out + FC_AES_BLOCK_SIZE * i : scratch;
        }
        aes_load(q, src, decrypt && (ctx->rounds & 2));
        if (decrypt)
            aes_decrypt_slices(sk, ctx->rounds, q);
        else
            aes_encrypt_slices(sk, ctx->rounds, q);
        aes_store(dst, q, !decrypt && (ctx->rounds & 2));
        in += FC_AES_BLOCK_SIZE * k;
        out += FC_AES_BLOCK_SIZE * k;
        n -= k;
    }
    fc_wipe(sk, sizeof sk);
    fc_wipe(q, sizeof q);
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

/* out = a ^ b over len bytes, a word at a time (out may equal a or b). */
static void aes_xor(uint8_t *out, const uint8_t *a, const uint8_t *b, size_t len)
{
    uint64_t u, v;

    for (; len >= 8; len -= 8) {
        memcpy(&u, a, 8);
        memcpy(&v, b, 8);
        u ^= v;
        memcpy(out, &u, 8);
        out += 8;
        a += 8;
        b += 8;
    }
    for (; len > 0; len--)
        *out++ = (uint8_t)(*a++ ^ *b++);
}

/*
 * The mode loops (NIST SP 800-38A), with the shapes of the hardware backends' ones
 * (aes_backend.h): the serial directions run one block per pass, the others four.
 */

/* Serial: reg = CIPH(reg ^ in) per block (CBC encryption), or reg = CIPH(reg), out =
 * reg ^ in, reg = out (CFB128 encryption). The chaining value stays in slices (c) from one
 * block to the next, and the slicing is linear, so each block's input is c xored with the
 * block's slices: slicing the plaintext and unslicing the output stay off the chain of
 * dependent operations, and the out-of-order core runs them beside the rounds. */
static void aes_serial(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                       const uint8_t *in, size_t nblocks, int cfb)
{
    aes_w sk[AES_NSK], c[8];

    aes_rk_spread(sk, ctx);
    aes_load1(c, reg);
    for (; nblocks > 0; nblocks--) {
        aes_encrypt1_slices(sk, ctx->rounds, c, out, in, cfb);
        in += FC_AES_BLOCK_SIZE;
        out += FC_AES_BLOCK_SIZE;
    }
    aes_store1(reg, c);
    fc_wipe(sk, sizeof sk);
    fc_wipe(c, sizeof c);
}

void fc_aes_ct_cbc_encrypt(const fc_aes_ctx *ctx, uint8_t iv[16], uint8_t *out,
                           const uint8_t *in, size_t nblocks)
{
    aes_serial(ctx, iv, out, in, nblocks, 0);
}

void fc_aes_ct_cfb128_encrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                              const uint8_t *in, size_t nblocks)
{
    aes_serial(ctx, reg, out, in, nblocks, 1);
}

/*
 * Parallel: CBC decryption (P_j = CIPH^-1(C_j) ^ C_{j-1}) and CFB128 decryption (P_j = C_j ^
 * CIPH(C_{j-1})), four blocks per pass. c holds C_{j-1}; a short last group copies its
 * ciphertext after it, before out is written, so out may equal in.
 */
static void aes_parallel(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                         const uint8_t *in, size_t nblocks, int cfb)
{
    aes_w sk[AES_NSK], q[8];
    uint8_t c[(AES_NB + 1) * FC_AES_BLOCK_SIZE], x[AES_NB * FC_AES_BLOCK_SIZE];
    const uint8_t *src[AES_NB];
    uint8_t *dst[AES_NB];
    size_t i, k, len;
    int sr2 = (ctx->rounds & 2) != 0;

    aes_rk_spread(sk, ctx);
    memcpy(c, reg, FC_AES_BLOCK_SIZE);
    /* Whole groups: the ciphertext is read where it is; every word a group xors in is read
     * before its first store, so out may equal in. */
    for (; nblocks >= AES_NB; nblocks -= AES_NB) {
        for (i = 0; i < AES_NB; i++)
            src[i] = cfb ? (i == 0 ? c : in + FC_AES_BLOCK_SIZE * (i - 1))
                         : in + FC_AES_BLOCK_SIZE * i;
        aes_load(q, src, !cfb && sr2);
        if (cfb)
            aes_encrypt_slices(sk, ctx->rounds, q);
        else
            aes_decrypt_slices(sk, ctx->rounds, q);
        for (i = 0; i < AES_NB; i++)
            src[i] = cfb ? in + FC_AES_BLOCK_SIZE * i
                         : (i == 0 ? c : in + FC_AES_BLOCK_SIZE * (i - 1));
        aes_store_xor(out, q, cfb && sr2, src, c, in + 3 * FC_AES_BLOCK_SIZE);
        in += AES_NB * FC_AES_BLOCK_SIZE;
        out += AES_NB * FC_AES_BLOCK_SIZE;
    }
    if (nblocks > 0) {
        k = nblocks;
        len = FC_AES_BLOCK_SIZE * k;
        memcpy(c + FC_AES_BLOCK_SIZE, in, len);
        for (i = 0; i < AES_NB; i++) {
            /* unused lanes of a short group repeat block 0 */
            size_t b = i < k ? i : 0;
            src[i] = c + FC_AES_BLOCK_SIZE * (cfb ? b : b + 1);
            dst[i] = x + FC_AES_BLOCK_SIZE * i;
        }
        aes_load(q, src, !cfb && sr2);
        if (cfb)
            aes_encrypt_slices(sk, ctx->rounds, q);
        else
            aes_decrypt_slices(sk, ctx->rounds, q);
        aes_store(dst, q, cfb && sr2);
        aes_xor(out, x, cfb ? c + FC_AES_BLOCK_SIZE : c, len);
        memcpy(c, c + len, FC_AES_BLOCK_SIZE);
    }
    memcpy(reg, c, FC_AES_BLOCK_SIZE);
    fc_wipe(sk, sizeof sk);
    fc_wipe(q, sizeof q);
    fc_wipe(c, sizeof c);
    fc_wipe(x, sizeof x);
}

void fc_aes_ct_cbc_decrypt(const fc_aes_ctx *ctx, uint8_t iv[16], uint8_t *out,
                           const uint8_t *in, size_t nblocks)
{
    aes_parallel(ctx, iv, out, in, nblocks, 0);
}

void fc_aes_ct_cfb128_decrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                              const uint8_t *in, size_t nblocks)
{
    aes_parallel(ctx, reg, out, in, nblocks, 1);
}

/* CFB8 encryption (SP 800-38A 6.3, s = 8): one block encryption per byte, serial. */
void fc_aes_ct_cfb8_encrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                            const uint8_t *in, size_t len)
{
    aes_w sk[AES_NSK], q[8];
    static const uint8_t zero[FC_AES_BLOCK_SIZE]; /* CFB with no data: out = CIPH(reg) */
    uint8_t o[FC_AES_BLOCK_SIZE];
    size_t i;

    aes_rk_spread(sk, ctx);
    for (i = 0; i < len; i++) {
        aes_load1(q, reg);
        aes_encrypt1_slices(sk, ctx->rounds, q, o, zero, 1);
        out[i] = (uint8_t)(in[i] ^ o[0]);
        memcpy(o, reg + 1, FC_AES_BLOCK_SIZE - 1);
        o[FC_AES_BLOCK_SIZE - 1] = out[i];
        memcpy(reg, o, FC_AES_BLOCK_SIZE);
    }
    fc_wipe(sk, sizeof sk);
    fc_wipe(q, sizeof q);
    fc_wipe(o, sizeof o);
}

/* CFB8 decryption: the cipher inputs are known in advance (windows of the register
 * followed by the ciphertext), four per pass. */
void fc_aes_ct_cfb8_decrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                            const uint8_t *in, size_t len)
{
    aes_w sk[AES_NSK], q[8];
    uint8_t w[FC_AES_BLOCK_SIZE + AES_NB], x[AES_NB * FC_AES_BLOCK_SIZE];
    const uint8_t *src[AES_NB];
    uint8_t *dst[AES_NB];
    size_t n, i;

    aes_rk_spread(sk, ctx);
    memcpy(w, reg, FC_AES_BLOCK_SIZE);
    for (i = 0; i < AES_NB; i++)
        dst[i] = x + FC_AES_BLOCK_SIZE * i;
    while (len > 0) {
        n = len < AES_NB ? len : AES_NB;
        memcpy(w + FC_AES_BLOCK_SIZE, in, n);
        for (i = 0; i < AES_NB; i++)
            src[i] = w + (i < n ? i : 0);
        aes_load(q, src, 0);
        aes_encrypt_slices(sk, ctx->rounds, q);
        aes_store(dst, q, ctx->rounds & 2);
        for (i = 0; i < n; i++)
            out[i] = (uint8_t)(w[FC_AES_BLOCK_SIZE + i] ^ x[FC_AES_BLOCK_SIZE * i]);
        /* Slide the register by n through x (free until the next pass): no memmove. */
        memcpy(x, w + n, FC_AES_BLOCK_SIZE);
        memcpy(w, x, FC_AES_BLOCK_SIZE);
        in += n;
        out += n;
        len -= n;
    }
    memcpy(reg, w, FC_AES_BLOCK_SIZE);
    fc_wipe(sk, sizeof sk);
    fc_wipe(q, sizeof q);
    fc_wipe(w, sizeof w);
    fc_wipe(x, sizeof x);
}

unsigned fc_aes_ct_word_bits(void)
{
    return 64;
}

#else
/* The 32-bit core (aes_ct.c) serves this build; ISO C wants a declaration in every file. */
typedef int fc_aes_ct64_unused;
#endif /* FC_AES_CT64 */
