/*
 * fernet-c SHA-256, written from FIPS 180-4 (Secure Hash Standard, August 2015).
 * Portable C: the message schedule (6.2.2 step 1) is computed on the fly in a 16-word ring,
 * so no 64-word W array is kept. Two forms of the compression, same results, same ABI:
 *   - speed (default): the 64 rounds unrolled;
 *   - size: one rolled loop of 64 rounds (about 1/10 of the code on Cortex-M).
 * FC_SHA256_SMALL picks the form: defined as 1 (e.g. -DFC_SHA256_SMALL) the size form,
 * defined as 0 the unrolled one; left undefined, it follows the library's size switch
 * FC_SMALL (fc_internal.h: builds optimised for size, -Os, get the size form). It changes
 * code only, never a struct or a prototype.
 */
#include "fernetc_libc.h"

#include "fc_internal.h"
#include "fc_sha256.h"
#include "sha256_backend.h"

/* FIPS 180-4 4.2.2: the 64 round constants K0..K63, shared with the hardware backends. */
const uint32_t fc_sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

/* FIPS 180-4 3.2 and 4.1.2: ROTR and the logical functions, in equivalent forms with fewer
 * operations: Ch(x,y,z) = ((y ^ z) & x) ^ z, and each Sigma as nested rotations, e.g.
 * ROTR^6(ROTR^5(ROTR^14(x) ^ x) ^ x) = ROTR^6(x) ^ ROTR^11(x) ^ ROTR^25(x). Maj is in
 * SHA256_ROUND. */
#define SHA256_ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define SHA256_CH(x, y, z) ((((y) ^ (z)) & (x)) ^ (z))
#define SHA256_BSIG0(x) SHA256_ROTR(SHA256_ROTR(SHA256_ROTR(x, 9) ^ (x), 11) ^ (x), 2)
#define SHA256_BSIG1(x) SHA256_ROTR(SHA256_ROTR(SHA256_ROTR(x, 14) ^ (x), 5) ^ (x), 6)
#define SHA256_SSIG0(x) (SHA256_ROTR(SHA256_ROTR(x, 11) ^ (x), 7) ^ ((x) >> 3))
#define SHA256_SSIG1(x) (SHA256_ROTR(SHA256_ROTR(x, 2) ^ (x), 17) ^ ((x) >> 10))

#ifndef FC_SHA256_SMALL
#define FC_SHA256_SMALL FC_SMALL /* fc_internal.h: 1 in -Os builds */
#endif

/* 6.2.2 step 1 for t >= 16: W[t] replaces W[t-16] in the ring w[t mod 16]. */
#define SHA256_WLOAD(t) (w[t])
#define SHA256_WNEXT(t) \
    (w[(t) & 15] += SHA256_SSIG1(w[((t) - 2) & 15]) + w[((t) - 7) & 15] + SHA256_SSIG0(w[((t) - 15) & 15]))

/* 6.2.2 step 3, one round. Instead of shifting a..h down, the callers rotate the names:
 * d becomes the new e and h the new a. Maj(a,b,c) = b ^ ((a ^ b) & (b ^ c)), and b ^ c is
 * the previous round's a ^ b, carried in sha256_bc. */
#define SHA256_ROUND(a, b, c, d, e, f, g, h, t, wt)                                   \
    do {                                                                              \
        uint32_t sha256_t1 = (h) + SHA256_BSIG1(e) + SHA256_CH(e, f, g) + (wt)         \
                             + fc_sha256_k[t];                                        \
        (d) += sha256_t1;                                                             \
        sha256_ab = (a) ^ (b);                                                        \
        (h) = sha256_t1 + SHA256_BSIG0(a) + ((b) ^ (sha256_ab & sha256_bc));          \
        sha256_bc = sha256_ab;                                                        \
    } while (0)

#define SHA256_ROUNDS8(t, W)                                   \
    SHA256_ROUND(a, b, c, d, e, f, g, h, (t) + 0, W((t) + 0)); \
    SHA256_ROUND(h, a, b, c, d, e, f, g, (t) + 1, W((t) + 1)); \
    SHA256_ROUND(g, h, a, b, c, d, e, f, (t) + 2, W((t) + 2)); \
    SHA256_ROUND(f, g, h, a, b, c, d, e, (t) + 3, W((t) + 3)); \
    SHA256_ROUND(e, f, g, h, a, b, c, d, (t) + 4, W((t) + 4)); \
    SHA256_ROUND(d, e, f, g, h, a, b, c, (t) + 5, W((t) + 5)); \
    SHA256_ROUND(c, d, e, f, g, h, a, b, (t) + 6, W((t) + 6)); \
    SHA256_ROUND(b, c, d, e, f, g, h, a, (t) + 7, W((t) + 7))

#if FC_SHA256_SMALL
/* 6.2.2 steps 2-4 for one block whose 16 message words are in w (overwritten): the size
 * form, one round per iteration, a..h shifted down as in step 3. */
static void sha256_rounds(uint32_t state[8], uint32_t w[16])
{
    /* Step 2: initialise the working variables. */
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    uint32_t t1, t2, wt;
    unsigned t;

    /* Step 3: rounds 0-15 use the message words, rounds 16-63 the expanded schedule
     * (t is public: the branch depends on the round number only). */
    for (t = 0; t < 64; t++) {
        wt = t < 16 ? SHA256_WLOAD(t) : SHA256_WNEXT(t);
        t1 = h + SHA256_BSIG1(e) + SHA256_CH(e, f, g) + fc_sha256_k[t] + wt;
        t2 = SHA256_BSIG0(a) + (b ^ ((a ^ b) & (b ^ c))); /* Maj(a,b,c) */
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }

    /* Step 4: the intermediate hash value H(i). */
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
}
#else
/* 6.2.2 steps 2-4 for one block whose 16 message words are in w (overwritten). */
static inline void sha256_rounds(uint32_t state[8], uint32_t w[16])
{
    /* Step 2: initialise the working variables. */
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    uint32_t sha256_ab, sha256_bc = b ^ c;

    /* Step 3: rounds 0-15 use the message words, rounds 16-63 the expanded schedule. */
    SHA256_ROUNDS8(0, SHA256_WLOAD);
    SHA256_ROUNDS8(8, SHA256_WLOAD);
    SHA256_ROUNDS8(16, SHA256_WNEXT);
    SHA256_ROUNDS8(24, SHA256_WNEXT);
    SHA256_ROUNDS8(32, SHA256_WNEXT);
    SHA256_ROUNDS8(40, SHA256_WNEXT);
    SHA256_ROUNDS8(48, SHA256_WNEXT);
    SHA256_ROUNDS8(56, SHA256_WNEXT);

    /* Step 4: the intermediate hash value H(i). */
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
}
#endif /* FC_SHA256_SMALL */

/* Compress n consecutive 64-byte blocks straight from the caller's buffer. */
void fc_sha256_ct_blocks(uint32_t state[8], const uint8_t *p, size_t n)
{
    uint32_t w[16];
    int i;

    while (n-- > 0) {
        /* 5.2.1 / 3.1: the block is read as sixteen big-endian 32-bit words. */
        for (i = 0; i < 16; i++)
            w[i] = fc_load32_be(p + 4 * i);
        sha256_rounds(state, w);
        p += FC_SHA256_BLOCK_SIZE;
    }
    fc_wipe(w, sizeof w);
}

/* Dispatch hook: the hardware compression where the CPU has it (sha256_hw.c). */
static void sha256_blocks(uint32_t state[8], const uint8_t *p, size_t n)
{
#if defined(FC_HAVE_SHANI) || defined(FC_HAVE_ARMV8_SHA2)
    if (fc_sha256_hw_blocks(state, p, n))
        return;
#endif
    fc_sha256_ct_blocks(state, p, n);
}

void fc_sha256_compress_words(uint32_t state[8], const uint32_t block[16])
{
    uint32_t w[16];

#if defined(FC_HAVE_SHANI) || defined(FC_HAVE_ARMV8_SHA2)
    if (fc_sha256_hw_words(state, block))
        return;
#endif
    memcpy(w, block, sizeof w);
    sha256_rounds(state, w);
    fc_wipe(w, sizeof w);
}

void fc_sha256_init(fc_sha256_ctx *ctx)
{
    /* FIPS 180-4 5.3.3: initial hash value H(0). */
    static const uint32_t sha256_h0[8] = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
    };

    memcpy(ctx->state, sha256_h0, sizeof sha256_h0);
    ctx->count = 0;
}

void fc_sha256_update(fc_sha256_ctx *ctx, const uint8_t *data, size_t len)
{
    size_t used = (size_t)(ctx->count & (FC_SHA256_BLOCK_SIZE - 1));
    size_t n;

    if (len == 0)
        return;
    /* Counted in bytes; the 64-bit bit length of 5.1.1 is count * 8 (mod 2^64). */
    ctx->count += (uint64_t)len;

    if (used != 0) {
        size_t take = FC_SHA256_BLOCK_SIZE - used;
        if (len < take) {
            memcpy(ctx->buf + used, data, len);
            return;
        }
        memcpy(ctx->buf + used, data, take);
        sha256_blocks(ctx->state, ctx->buf, 1);
        data += take;
        len -= take;
    }
    n = len / FC_SHA256_BLOCK_SIZE;
    if (n != 0) {
        sha256_blocks(ctx->state, data, n);
        data += n * FC_SHA256_BLOCK_SIZE;
        len -= n * FC_SHA256_BLOCK_SIZE;
    }
    if (len != 0)
        memcpy(ctx->buf, data, len);
}

void fc_sha256_final(fc_sha256_ctx *ctx, uint8_t out[FC_SHA256_SIZE])
{
    size_t used = (size_t)(ctx->count & (FC_SHA256_BLOCK_SIZE - 1));
    int i;

    /* FIPS 180-4 5.1.1: append bit 1, zeros to 448 mod 512 bits, then the 64-bit length. */
    ctx->buf[used++] = 0x80;
    if (used > FC_SHA256_BLOCK_SIZE - 8) {
        memset(ctx->buf + used, 0, FC_SHA256_BLOCK_SIZE - used);
        sha256_blocks(ctx->state, ctx->buf, 1);
        used = 0;
    }
    memset(ctx->buf + used, 0, FC_SHA256_BLOCK_SIZE - 8 - used);
    fc_store64_be(ctx->buf + FC_SHA256_BLOCK_SIZE - 8, ctx->count << 3);
    sha256_blocks(ctx->state, ctx->buf, 1);

    /* 6.2.2: the digest is H(N) written big-endian. */
    for (i = 0; i < 8; i++)
        fc_store32_be(out + 4 * i, ctx->state[i]);
    fc_wipe(ctx, sizeof *ctx);
}

void fc_sha256(uint8_t out[FC_SHA256_SIZE], const uint8_t *data, size_t len)
{
    fc_sha256_ctx ctx;

    fc_sha256_init(&ctx);
    fc_sha256_update(&ctx, data, len);
    fc_sha256_final(&ctx, out);
}
