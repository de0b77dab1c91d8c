/*
 * fernet-c AES on x86-64 with AES-NI, and VAES for the parallel modes.
 *
 * Sequences follow the Intel Advanced Encryption Standard (AES) New Instructions Set
 * white paper (S. Gueron, rev. 3.01, 2012: section 4 for the cipher rounds, 5.2 for the
 * equivalent inverse cipher's keys via AESIMC, 5.8 for running independent blocks in
 * parallel to hide the AESENC latency) and the Intel SDM vol. 2 entries for AESENC,
 * AESENCLAST, AESDEC, AESDECLAST, AESIMC, AESKEYGENASSIST and their VEX/EVEX (VAES) forms.
 * Every function carries its own target attribute, so the rest of the build needs no -m
 * flag; aes.c calls in here only when common/cpu.c found the instructions.
 *
 * Constant time: the AES instructions take the same time for every operand; nothing here
 * branches on or indexes by key or data (the loops depend on lengths only).
 */
#include <string.h>

#include "aes_backend.h"
#include "fc_internal.h"

#ifdef FC_HAVE_AESNI

#include <immintrin.h>

#define NI_TARGET __attribute__((target("aes,sse4.1")))

/* Round keys in registers (or their spill slots), wiped by the caller's ni_keys_wipe. */
typedef struct {
    __m128i k[15];
    unsigned nr;
} ni_keys;

/* FIPS 197 5.2 SubWord through AESKEYGENASSIST: with the word in lane 1 and RCON 0, lane 0
 * of the result is SubWord(X1) (SDM vol. 2A, AESKEYGENASSIST). */
NI_TARGET static uint32_t ni_subword(uint32_t w)
{
    __m128i x = _mm_set_epi32(0, 0, (int)w, 0);
    return (uint32_t)_mm_cvtsi128_si32(_mm_aeskeygenassist_si128(x, 0));
}

/* FIPS 197 5.2 KeyExpansion, word by word, for every key size. Words are kept in memory
 * byte order (little-endian loads), so RotWord is a right rotation by 8 bits and Rcon's
 * byte sits in bits 0-7. */
NI_TARGET void fc_aes_ni_setkey(fc_aes_ctx *ctx, const uint8_t *key, size_t key_len)
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
            t = ni_subword(t);
            t = ((t >> 8) | (t << 24)) ^ rc;
            rc = (rc << 1) ^ (0x11bu & (0u - (rc >> 7))); /* xtime, FIPS 197 4.2.1 */
        } else if (nk > 6 && i % nk == 4) {
            t = ni_subword(t);
        }
        w[i] = w[i - nk] ^ t;
    }
}

NI_TARGET static void ni_load_enc(ni_keys *ks, const fc_aes_ctx *ctx)
{
    unsigned i;

    ks->nr = ctx->rounds;
    for (i = 0; i <= ks->nr; i++)
        ks->k[i] = _mm_loadu_si128((const __m128i *)(const void *)(ctx->rk.b + 16 * i));
}

/* Equivalent inverse cipher (FIPS 197 5.3.5; white paper 5.2): the round keys reversed,
 * the inner ones through InvMixColumns (AESIMC). */
NI_TARGET static void ni_load_dec(ni_keys *ks, const fc_aes_ctx *ctx)
{
    unsigned i, nr = ctx->rounds;
    const uint8_t *rk = ctx->rk.b;

    ks->nr = nr;
    ks->k[0] = _mm_loadu_si128((const __m128i *)(const void *)(rk + 16 * nr));
    for (i = 1; i < nr; i++)
        ks->k[i] = _mm_aesimc_si128(_mm_loadu_si128((const __m128i *)(const void *)(rk + 16 * (nr - i))));
    ks->k[nr] = _mm_loadu_si128((const __m128i *)(const void *)rk);
}

static void ni_keys_wipe(ni_keys *ks)
{
    fc_wipe(ks, sizeof *ks);
}

#define LOADU(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
#define STOREU(p, v) _mm_storeu_si128((__m128i *)(void *)(p), (v))

/* One block through the cipher (white paper figure 4 / inverse: figure 5 style). The last
 * round key is passed separately so callers can fold a final XOR into it. */
NI_TARGET static inline __m128i ni_enc1(const ni_keys *ks, __m128i x, __m128i last)
{
    unsigned r;

    x = _mm_xor_si128(x, ks->k[0]);
    for (r = 1; r < ks->nr; r++)
        x = _mm_aesenc_si128(x, ks->k[r]);
    return _mm_aesenclast_si128(x, last);
}

NI_TARGET static inline __m128i ni_dec1(const ni_keys *ks, __m128i x, __m128i last)
{
    unsigned r;

    x = _mm_xor_si128(x, ks->k[0]);
    for (r = 1; r < ks->nr; r++)
        x = _mm_aesdec_si128(x, ks->k[r]);
    return _mm_aesdeclast_si128(x, last);
}

/* Eight independent blocks interleaved round by round (white paper 5.8): AESENC has a
 * latency of several cycles and a throughput of one or two per cycle, so eight in flight
 * keep the unit busy. last[j] is block j's final round key (with any XOR folded in). */
#define NI_EIGHT(OP, OPLAST, ks, b, last)                                             \
    do {                                                                              \
        unsigned r_, j_;                                                              \
        for (j_ = 0; j_ < 8; j_++)                                                    \
            (b)[j_] = _mm_xor_si128((b)[j_], (ks)->k[0]);                             \
        for (r_ = 1; r_ < (ks)->nr; r_++) {                                           \
            __m128i k_ = (ks)->k[r_];                                                 \
            (b)[0] = OP((b)[0], k_); (b)[1] = OP((b)[1], k_);                         \
            (b)[2] = OP((b)[2], k_); (b)[3] = OP((b)[3], k_);                         \
            (b)[4] = OP((b)[4], k_); (b)[5] = OP((b)[5], k_);                         \
            (b)[6] = OP((b)[6], k_); (b)[7] = OP((b)[7], k_);                         \
        }                                                                             \
        for (j_ = 0; j_ < 8; j_++)                                                    \
            (b)[j_] = OPLAST((b)[j_], (last)[j_]);                                    \
    } while (0)

NI_TARGET static void ni_ecb(const ni_keys *ks, uint8_t *out, const uint8_t *in, size_t n,
                             int dec)
{
    __m128i b[8], last[8];
    __m128i kl = ks->k[ks->nr];
    size_t j;

    for (j = 0; j < 8; j++)
        last[j] = kl;
    for (; n >= 8; n -= 8, in += 128, out += 128) {
        for (j = 0; j < 8; j++)
            b[j] = LOADU(in + 16 * j);
        if (dec)
            NI_EIGHT(_mm_aesdec_si128, _mm_aesdeclast_si128, ks, b, last);
        else
            NI_EIGHT(_mm_aesenc_si128, _mm_aesenclast_si128, ks, b, last);
        for (j = 0; j < 8; j++)
            STOREU(out + 16 * j, b[j]);
    }
    for (; n > 0; n--, in += 16, out += 16)
        STOREU(out, dec ? ni_dec1(ks, LOADU(in), kl) : ni_enc1(ks, LOADU(in), kl));
}

void fc_aes_ni_encrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n)
{
    ni_keys ks;

    ni_load_enc(&ks, ctx);
    ni_ecb(&ks, out, in, n, 0);
    ni_keys_wipe(&ks);
}

void fc_aes_ni_decrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n)
{
    ni_keys ks;

    ni_load_dec(&ks, ctx);
    ni_ecb(&ks, out, in, n, 1);
    ni_keys_wipe(&ks);
}

/* SP 800-38A 6.2 CBC encryption: serial, one block at a time at the AESENC latency.
 * P_j xor K_0 does not depend on the chain, so only C_{j-1} xor that is on the path. */
NI_TARGET static void ni_cbc_enc(const ni_keys *ks, uint8_t iv[16], uint8_t *out,
                                 const uint8_t *in, size_t n)
{
    __m128i c = LOADU(iv), x;
    unsigned r;

    for (; n > 0; n--, in += 16, out += 16) {
        x = _mm_xor_si128(LOADU(in), ks->k[0]);
        c = _mm_xor_si128(c, x);
        for (r = 1; r < ks->nr; r++)
            c = _mm_aesenc_si128(c, ks->k[r]);
        c = _mm_aesenclast_si128(c, ks->k[ks->nr]);
        STOREU(out, c);
    }
    STOREU(iv, c);
}

void fc_aes_ni_cbc_encrypt(const fc_aes_ctx *ctx, uint8_t iv[16], uint8_t *out,
                           const uint8_t *in, size_t nblocks)
{
    ni_keys ks;

    ni_load_enc(&ks, ctx);
    ni_cbc_enc(&ks, iv, out, in, nblocks);
    ni_keys_wipe(&ks);
}

/*
 * The two parallel chained modes share one shape: block j's cipher input and its output
 * XOR are C_j and C_{j-1} in some order.
 *   CBC decrypt (SP 800-38A 6.2):   P_j = CIPH^-1(C_j) xor C_{j-1}
 *   CFB128 decrypt (6.3, s = 128):  P_j = CIPH(C_{j-1}) xor C_j
 * The XOR is folded into the last round key (AESDECLAST/AESENCLAST end with an XOR). Every
 * load of a group happens before its stores, so out may equal in. prev is C_{j-1} for the
 * group's first block and is returned updated.
 */
NI_TARGET static __m128i ni_chain8(const ni_keys *ks, __m128i prev, uint8_t *out,
                                   const uint8_t *in, size_t n, int cbc)
{
    __m128i c[8], b[8], last[8];
    __m128i kl = ks->k[ks->nr];
    size_t j;

    for (; n >= 8; n -= 8, in += 128, out += 128) {
        for (j = 0; j < 8; j++)
            c[j] = LOADU(in + 16 * j);
        for (j = 0; j < 8; j++) {
            __m128i before = j == 0 ? prev : c[j - 1];
            b[j] = cbc ? c[j] : before;
            last[j] = _mm_xor_si128(kl, cbc ? before : c[j]);
        }
        if (cbc)
            NI_EIGHT(_mm_aesdec_si128, _mm_aesdeclast_si128, ks, b, last);
        else
            NI_EIGHT(_mm_aesenc_si128, _mm_aesenclast_si128, ks, b, last);
        for (j = 0; j < 8; j++)
            STOREU(out + 16 * j, b[j]);
        prev = c[7];
    }
    for (; n > 0; n--, in += 16, out += 16) {
        __m128i cj = LOADU(in);
        STOREU(out, cbc ? ni_dec1(ks, cj, _mm_xor_si128(kl, prev))
                        : ni_enc1(ks, prev, _mm_xor_si128(kl, cj)));
        prev = cj;
    }
    return prev;
}

#ifdef FC_HAVE_VAES
/*
 * VAES (SDM vol. 2: VAESDEC/VAESENC with VEX.256 and EVEX.512 encodings) runs the same
 * round on two or four blocks per instruction. Four registers per group keep 16 (zmm) or
 * 8 (ymm) blocks in flight. The C_{j-1} vectors are the C_j vectors moved up one lane,
 * with the previous group's last block entering lane 0 (valignq / vperm2i128), so no
 * load reaches before the input and in-place calls stay correct.
 */
#define V512_TARGET __attribute__((target("aes,sse4.1,avx512f,vaes")))
#define V256_TARGET __attribute__((target("aes,sse4.1,avx2,vaes")))

V512_TARGET static size_t v512_chain(const ni_keys *ks, __m128i *prevp, uint8_t *out,
                                     const uint8_t *in, size_t n, int cbc)
{
    __m512i k[15], c[4], b[4], x[4];
    __m512i pz = _mm512_broadcast_i32x4(*prevp);
    unsigned r, nr = ks->nr;
    size_t j, done = 0;

    for (r = 0; r <= nr; r++)
        k[r] = _mm512_broadcast_i32x4(ks->k[r]);
    for (; n - done >= 16; done += 16, in += 256, out += 256) {
        for (j = 0; j < 4; j++)
            c[j] = _mm512_loadu_si512((const void *)(in + 64 * j));
        /* lanes (C_{j-1}) = previous vector's lane 3, then this vector's lanes 0-2 */
        b[0] = _mm512_alignr_epi64(c[0], pz, 6);
        for (j = 1; j < 4; j++)
            b[j] = _mm512_alignr_epi64(c[j], c[j - 1], 6);
        pz = c[3];
        for (j = 0; j < 4; j++) {
            x[j] = cbc ? b[j] : c[j];         /* the XOR operand */
            b[j] = cbc ? c[j] : b[j];         /* the cipher input */
            b[j] = _mm512_xor_si512(b[j], k[0]);
        }
        for (r = 1; r < nr; r++)
            for (j = 0; j < 4; j++)
                b[j] = cbc ? _mm512_aesdec_epi128(b[j], k[r]) : _mm512_aesenc_epi128(b[j], k[r]);
        for (j = 0; j < 4; j++) {
            __m512i kl = _mm512_xor_si512(k[nr], x[j]);
            b[j] = cbc ? _mm512_aesdeclast_epi128(b[j], kl) : _mm512_aesenclast_epi128(b[j], kl);
            _mm512_storeu_si512((void *)(out + 64 * j), b[j]);
        }
    }
    *prevp = _mm512_extracti32x4_epi32(pz, 3);
    fc_wipe(k, sizeof k);
    return done;
}

V256_TARGET static size_t v256_chain(const ni_keys *ks, __m128i *prevp, uint8_t *out,
                                     const uint8_t *in, size_t n, int cbc)
{
    __m256i k[15], c[4], b[4], x[4];
    __m256i py = _mm256_broadcastsi128_si256(*prevp);
    unsigned r, nr = ks->nr;
    size_t j, done = 0;

    for (r = 0; r <= nr; r++)
        k[r] = _mm256_broadcastsi128_si256(ks->k[r]);
    for (; n - done >= 8; done += 8, in += 128, out += 128) {
        for (j = 0; j < 4; j++)
            c[j] = _mm256_loadu_si256((const __m256i *)(const void *)(in + 32 * j));
        /* [previous vector's high lane, this vector's low lane] */
        b[0] = _mm256_permute2x128_si256(py, c[0], 0x21);
        for (j = 1; j < 4; j++)
            b[j] = _mm256_permute2x128_si256(c[j - 1], c[j], 0x21);
        py = c[3];
        for (j = 0; j < 4; j++) {
            x[j] = cbc ? b[j] : c[j];
            b[j] = cbc ? c[j] : b[j];
            b[j] = _mm256_xor_si256(b[j], k[0]);
        }
        for (r = 1; r < nr; r++)
            for (j = 0; j < 4; j++)
                b[j] = cbc ? _mm256_aesdec_epi128(b[j], k[r]) : _mm256_aesenc_epi128(b[j], k[r]);
        for (j = 0; j < 4; j++) {
            __m256i kl = _mm256_xor_si256(k[nr], x[j]);
            b[j] = cbc ? _mm256_aesdeclast_epi128(b[j], kl) : _mm256_aesenclast_epi128(b[j], kl);
            _mm256_storeu_si256((__m256i *)(void *)(out + 32 * j), b[j]);
        }
    }
    *prevp = _mm256_extracti128_si256(py, 1);
    fc_wipe(k, sizeof k);
    return done;
}
#endif /* FC_HAVE_VAES */

/* CBC decrypt and CFB128 decrypt: widest path first, then eight xmm blocks, then singles. */
NI_TARGET static void ni_chain(const fc_aes_ctx *ctx, uint8_t iv[16], uint8_t *out,
                               const uint8_t *in, size_t n, int cbc)
{
    ni_keys ks;
    __m128i prev = LOADU(iv);
    size_t done = 0;

    if (cbc)
        ni_load_dec(&ks, ctx);
    else
        ni_load_enc(&ks, ctx);
#ifdef FC_HAVE_VAES
    if (ctx->backend == FC_AES_BACKEND_VAES512)
        done = v512_chain(&ks, &prev, out, in, n, cbc);
    else if (ctx->backend == FC_AES_BACKEND_VAES256)
        done = v256_chain(&ks, &prev, out, in, n, cbc);
#endif
    prev = ni_chain8(&ks, prev, out + 16 * done, in + 16 * done, n - done, cbc);
    STOREU(iv, prev);
    ni_keys_wipe(&ks);
}

void fc_aes_ni_cbc_decrypt(const fc_aes_ctx *ctx, uint8_t iv[16], uint8_t *out,
                           const uint8_t *in, size_t nblocks)
{
    ni_chain(ctx, iv, out, in, nblocks, 1);
}

void fc_aes_ni_cfb128_decrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                              const uint8_t *in, size_t nblocks)
{
    ni_chain(ctx, reg, out, in, nblocks, 0);
}

/* SP 800-38A 6.3, s = 128, encryption: C_j = P_j xor CIPH(C_{j-1}), serial. */
NI_TARGET void fc_aes_ni_cfb128_encrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                                        const uint8_t *in, size_t nblocks)
{
    ni_keys ks;
    __m128i c = LOADU(reg);

    ni_load_enc(&ks, ctx);
    for (; nblocks > 0; nblocks--, in += 16, out += 16) {
        c = ni_enc1(&ks, c, _mm_xor_si128(ks.k[ks.nr], LOADU(in)));
        STOREU(out, c);
    }
    STOREU(reg, c);
    ni_keys_wipe(&ks);
}

/* SP 800-38A 6.3, s = 8, encryption: serial, one cipher call per byte. The register shifts
 * left one byte and takes the ciphertext byte at the end (PSRLDQ, PINSRB). */
NI_TARGET void fc_aes_ni_cfb8_encrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                                      const uint8_t *in, size_t len)
{
    ni_keys ks;
    __m128i r = LOADU(reg);
    uint8_t c;

    ni_load_enc(&ks, ctx);
    for (; len > 0; len--) {
        c = (uint8_t)(*in++ ^ (uint8_t)_mm_cvtsi128_si32(ni_enc1(&ks, r, ks.k[ks.nr])));
        *out++ = c;
        r = _mm_insert_epi8(_mm_srli_si128(r, 1), c, 15);
    }
    STOREU(reg, r);
    ni_keys_wipe(&ks);
}

/* CFB8 decryption: every cipher input is known from the ciphertext (input j is the 16
 * bytes ending just before C_j), so eight run at once from a window buffer holding the
 * register and the next 64 ciphertext bytes (copied first, so out may equal in). */
NI_TARGET void fc_aes_ni_cfb8_decrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                                      const uint8_t *in, size_t len)
{
    uint8_t w[16 + 64];
    __m128i b[8], last[8];
    ni_keys ks;
    size_t n, i, j;

    ni_load_enc(&ks, ctx);
    for (j = 0; j < 8; j++)
        last[j] = ks.k[ks.nr];
    memcpy(w, reg, 16);
    while (len > 0) {
        n = len < 64 ? len : 64;
        memcpy(w + 16, in, n);
        for (i = 0; i + 8 <= n; i += 8) {
            for (j = 0; j < 8; j++)
                b[j] = LOADU(w + i + j);
            NI_EIGHT(_mm_aesenc_si128, _mm_aesenclast_si128, &ks, b, last);
            for (j = 0; j < 8; j++)
                out[i + j] = (uint8_t)(w[16 + i + j] ^ (uint8_t)_mm_cvtsi128_si32(b[j]));
        }
        for (; i < n; i++)
            out[i] = (uint8_t)(w[16 + i]
                               ^ (uint8_t)_mm_cvtsi128_si32(ni_enc1(&ks, LOADU(w + i), ks.k[ks.nr])));
        memmove(w, w + n, 16);
        in += n;
        out += n;
        len -= n;
    }
    memcpy(reg, w, 16);
    fc_wipe(w, sizeof w);
    ni_keys_wipe(&ks);
}

#else
/* Not x86-64 (or no compiler support): this unit is empty. ISO C wants a declaration. */
typedef int fc_aes_x86_unused;
#endif /* FC_HAVE_AESNI */
