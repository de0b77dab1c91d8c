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
#include "fernetc_libc.h"

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
    size_t nk = key_len / 4, i, j, total;
    uint32_t t, rc = 1;

    ctx->rounds = (uint32_t)(nk + 6);
    total = 4 * (nk + 7);
    for (i = 0; i < nk; i++)
        w[i] = fc_load32_le(key + 4 * i);
    /* j is i mod nk, counted rather than divided: a division by the variable nk per word
     * made this loop a tenth of a 16-byte Fernet token's time. */
    for (i = nk, j = 0; i < total; i++) {
        t = w[i - 1];
        if (j == 0) {
            t = ni_subword(t);
            t = ((t >> 8) | (t << 24)) ^ rc;
            rc = (rc << 1) ^ (0x11bu & (0u - (rc >> 7))); /* xtime, FIPS 197 4.2.1 */
        } else if (nk > 6 && j == 4) {
            t = ni_subword(t);
        }
        w[i] = w[i - nk] ^ t;
        if (++j == nk)
            j = 0;
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

/* The parallel loops name their eight blocks b0..b7 (registers, not an array the compiler
 * might keep in memory); X8 repeats a statement for each, X8R in descending order. */
#define X8(S) S(0) S(1) S(2) S(3) S(4) S(5) S(6) S(7)
#define X8R(S) S(7) S(6) S(5) S(4) S(3) S(2) S(1) S(0)

/*
 * Eight independent blocks interleaved round by round (white paper 5.8): AESENC has a
 * latency of several cycles and a throughput of one or two per cycle, so eight in flight
 * keep the unit busy.
 */
#define ECB_LD(j) b##j = _mm_xor_si128(LOADU(in + 16 * (j)), ks->k[0]);
#define ECB_ENC(j) b##j = _mm_aesenc_si128(b##j, k);
#define ECB_DEC(j) b##j = _mm_aesdec_si128(b##j, k);
#define ECB_ENCL(j) STOREU(out + 16 * (j), _mm_aesenclast_si128(b##j, k));
#define ECB_DECL(j) STOREU(out + 16 * (j), _mm_aesdeclast_si128(b##j, k));

NI_TARGET static void ni_ecb(const ni_keys *ks, uint8_t *out, const uint8_t *in, size_t n,
                             int dec)
{
    __m128i b0, b1, b2, b3, b4, b5, b6, b7, k;
    unsigned r, nr = ks->nr;

    for (; n >= 8; n -= 8, in += 128, out += 128) {
        X8(ECB_LD)
        if (dec) {
            for (r = 1; r < nr; r++) {
                k = ks->k[r];
                X8(ECB_DEC)
            }
            k = ks->k[nr];
            X8(ECB_DECL)
        } else {
            for (r = 1; r < nr; r++) {
                k = ks->k[r];
                X8(ECB_ENC)
            }
            k = ks->k[nr];
            X8(ECB_ENCL)
        }
    }
    for (; n > 0; n--, in += 16, out += 16)
        STOREU(out, dec ? ni_dec1(ks, LOADU(in), ks->k[nr]) : ni_enc1(ks, LOADU(in), ks->k[nr]));
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
NI_TARGET void fc_aes_ni_cbc_encrypt(const fc_aes_ctx *ctx, uint8_t iv[16], uint8_t *out,
                                     const uint8_t *in, size_t nblocks)
{
    ni_keys ks;
    __m128i c = LOADU(iv), x;
    unsigned r;

    ni_load_enc(&ks, ctx);
    for (; nblocks > 0; nblocks--, in += 16, out += 16) {
        x = _mm_xor_si128(LOADU(in), ks.k[0]);
        c = _mm_xor_si128(c, x);
        for (r = 1; r < ks.nr; r++)
            c = _mm_aesenc_si128(c, ks.k[r]);
        c = _mm_aesenclast_si128(c, ks.k[ks.nr]);
        STOREU(out, c);
    }
    STOREU(iv, c);
    ni_keys_wipe(&ks);
}

/*
 * The two parallel chained modes share one shape: block j's cipher input and its output
 * XOR are C_j and C_{j-1} in some order.
 *   CBC decrypt (SP 800-38A 6.2):   P_j = CIPH^-1(C_j) xor C_{j-1}
 *   CFB128 decrypt (6.3, s = 128):  P_j = CIPH(C_{j-1}) xor C_j
 * The XOR is folded into the last round key (AESDECLAST/AESENCLAST end with an XOR). A
 * group is eight vectors of V bytes (16, 32 or 64: one, two or four blocks each). The
 * vector of C_{j-1} blocks is an unaligned load 16 bytes before vector j's C_j, except for
 * the group's first, which starts with the chaining value (FIRSTPREV). Outputs are stored
 * last vector first, each after every load it needs, so out may equal in.
 *
 * Per width W the caller defines VT (vector type), VLOAD, VSTORE, VXOR, VBCAST (one block
 * to every lane), VENC/VENCL/VDEC/VDECL (the AES rounds) and FIRSTPREV(prev, c0).
 */
#define CH_PV(j) ((j) == 0 ? FIRSTPREV(prev, VLOAD(in)) : VLOAD(in + W * (j) - 16))
#define CH_CBC_IN(j) b##j = VXOR(VLOAD(in + W * (j)), k);
#define CH_CFB_IN(j) b##j = VXOR(CH_PV(j), k);
#define CH_DEC(j) b##j = VDEC(b##j, k);
#define CH_ENC(j) b##j = VENC(b##j, k);
#define CH_CBC_OUT(j) VSTORE(out + W * (j), VDECL(b##j, VXOR(k, CH_PV(j))));
#define CH_CFB_OUT(j) VSTORE(out + W * (j), VENCL(b##j, VXOR(k, VLOAD(in + W * (j)))));

#define CHAIN_BODY                                                                     \
    size_t per = 8 * W / 16, done = 0;                                                 \
    unsigned r, nr = ks->nr;                                                           \
    __m128i next;                                                                      \
    for (; n - done >= per; done += per, in += 8 * W, out += 8 * W) {                  \
        k = VBCAST(ks->k[0]);                                                          \
        if (cbc) {                                                                     \
            X8(CH_CBC_IN)                                                              \
            for (r = 1; r < nr; r++) {                                                 \
                k = VBCAST(ks->k[r]);                                                  \
                X8(CH_DEC)                                                             \
            }                                                                          \
        } else {                                                                       \
            X8(CH_CFB_IN)                                                              \
            for (r = 1; r < nr; r++) {                                                 \
                k = VBCAST(ks->k[r]);                                                  \
                X8(CH_ENC)                                                             \
            }                                                                          \
        }                                                                              \
        next = LOADU(in + 8 * W - 16);                                                 \
        k = VBCAST(ks->k[nr]);                                                         \
        if (cbc) {                                                                     \
            X8R(CH_CBC_OUT)                                                            \
        } else {                                                                       \
            X8R(CH_CFB_OUT)                                                            \
        }                                                                              \
        prev = next;                                                                   \
    }                                                                                  \
    *prevp = prev;                                                                     \
    return done

/* xmm, AES-NI: one block per vector, eight in flight. */
#define W 16
#define VLOAD(p) LOADU(p)
#define VSTORE(p, v) STOREU(p, v)
#define VXOR _mm_xor_si128
#define VBCAST(x) (x)
#define VENC _mm_aesenc_si128
#define VENCL _mm_aesenclast_si128
#define VDEC _mm_aesdec_si128
#define VDECL _mm_aesdeclast_si128
#define FIRSTPREV(prev, c0) (prev)
NI_TARGET static size_t ni_chain8(const ni_keys *ks, __m128i *prevp, uint8_t *out,
                                  const uint8_t *in, size_t n, int cbc)
{
    __m128i b0, b1, b2, b3, b4, b5, b6, b7, k, prev = *prevp;
    CHAIN_BODY;
}
#undef W
#undef VLOAD
#undef VSTORE
#undef VXOR
#undef VBCAST
#undef VENC
#undef VENCL
#undef VDEC
#undef VDECL
#undef FIRSTPREV

#ifdef FC_HAVE_VAES
/*
 * VAES (SDM vol. 2: VAESENC/VAESDEC with VEX.256 and EVEX.512 encodings) runs the same
 * round on two or four blocks per instruction: eight vectors keep 16 (ymm) or 32 (zmm)
 * blocks in flight. The group's first C_{j-1} vector is the chaining value followed by
 * the first blocks (VPERM2I128 / VALIGNQ).
 */
#define V512_TARGET __attribute__((target("aes,sse4.1,avx512f,vaes")))
#define V256_TARGET __attribute__((target("aes,sse4.1,avx2,vaes")))

#define W 64
#define VLOAD(p) _mm512_loadu_si512((const void *)(p))
#define VSTORE(p, v) _mm512_storeu_si512((void *)(p), (v))
#define VXOR _mm512_xor_si512
#define VBCAST _mm512_broadcast_i32x4
#define VENC _mm512_aesenc_epi128
#define VENCL _mm512_aesenclast_epi128
#define VDEC _mm512_aesdec_epi128
#define VDECL _mm512_aesdeclast_epi128
/* lanes: prev, c0, c1, c2 (qwords 6-7 of the broadcast, then qwords 0-5 of c0..c3) */
#define FIRSTPREV(prev, c0) _mm512_alignr_epi64((c0), _mm512_broadcast_i32x4(prev), 6)
V512_TARGET static size_t v512_chain(const ni_keys *ks, __m128i *prevp, uint8_t *out,
                                     const uint8_t *in, size_t n, int cbc)
{
    __m512i b0, b1, b2, b3, b4, b5, b6, b7, k;
    __m128i prev = *prevp;
    CHAIN_BODY;
}
#undef W
#undef VLOAD
#undef VSTORE
#undef VXOR
#undef VBCAST
#undef VENC
#undef VENCL
#undef VDEC
#undef VDECL
#undef FIRSTPREV

#define W 32
#define VLOAD(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define VSTORE(p, v) _mm256_storeu_si256((__m256i *)(void *)(p), (v))
#define VXOR _mm256_xor_si256
#define VBCAST _mm256_broadcastsi128_si256
#define VENC _mm256_aesenc_epi128
#define VENCL _mm256_aesenclast_epi128
#define VDEC _mm256_aesdec_epi128
#define VDECL _mm256_aesdeclast_epi128
/* [prev, c0's low block] */
#define FIRSTPREV(prev, c0) _mm256_permute2x128_si256(_mm256_castsi128_si256(prev), (c0), 0x20)
V256_TARGET static size_t v256_chain(const ni_keys *ks, __m128i *prevp, uint8_t *out,
                                     const uint8_t *in, size_t n, int cbc)
{
    __m256i b0, b1, b2, b3, b4, b5, b6, b7, k;
    __m128i prev = *prevp;
    CHAIN_BODY;
}
#undef W
#undef VLOAD
#undef VSTORE
#undef VXOR
#undef VBCAST
#undef VENC
#undef VENCL
#undef VDEC
#undef VDECL
#undef FIRSTPREV
#endif /* FC_HAVE_VAES */

/* CBC decrypt and CFB128 decrypt: widest path first, then eight xmm blocks, then singles. */
NI_TARGET static void ni_chain(const fc_aes_ctx *ctx, uint8_t iv[16], uint8_t *out,
                               const uint8_t *in, size_t n, int cbc)
{
    ni_keys ks;
    __m128i prev = LOADU(iv), kl, cj;
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
    done += ni_chain8(&ks, &prev, out + 16 * done, in + 16 * done, n - done, cbc);
    kl = ks.k[ks.nr];
    for (in += 16 * done, out += 16 * done; done < n; done++, in += 16, out += 16) {
        cj = LOADU(in);
        STOREU(out, cbc ? ni_dec1(&ks, cj, _mm_xor_si128(kl, prev))
                        : ni_enc1(&ks, prev, _mm_xor_si128(kl, cj)));
        prev = cj;
    }
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

/*
 * CFB8 decryption: cipher input j is the 16 bytes ending just before C_j, all known from
 * the ciphertext, so eight run at once. With A the current register and B the next eight
 * ciphertext bytes, input j is bytes j..j+15 of B:A (PALIGNR); the eight keystream bytes
 * are lane 0 of each result. B is loaded before the eight output bytes are stored, so out
 * may equal in.
 */
#define C8_IN(j) b##j = _mm_xor_si128(_mm_alignr_epi8(x, a, (j)), k);
#define C8_OUT(j) ks8 |= (uint64_t)(uint8_t)_mm_cvtsi128_si32(_mm_aesenclast_si128(b##j, k)) << (8 * (j));

NI_TARGET void fc_aes_ni_cfb8_decrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                                      const uint8_t *in, size_t len)
{
    __m128i a = LOADU(reg), x, k, b0, b1, b2, b3, b4, b5, b6, b7;
    uint64_t ks8, c8;
    ni_keys ks;
    unsigned r;
    uint8_t c;

    ni_load_enc(&ks, ctx);
    for (; len >= 8; len -= 8, in += 8, out += 8) {
        x = _mm_loadl_epi64((const __m128i *)(const void *)in);
        k = ks.k[0];
        X8(C8_IN)
        for (r = 1; r < ks.nr; r++) {
            k = ks.k[r];
            X8(ECB_ENC)
        }
        k = ks.k[ks.nr];
        ks8 = 0;
        X8(C8_OUT)
        c8 = (uint64_t)_mm_cvtsi128_si64(x);
        ks8 ^= c8;
        memcpy(out, &ks8, 8); /* little-endian: byte j of ks8 is output j */
        a = _mm_alignr_epi8(x, a, 8);
    }
    for (; len > 0; len--) {
        c = *in++;
        *out++ = (uint8_t)(c ^ (uint8_t)_mm_cvtsi128_si32(ni_enc1(&ks, a, ks.k[ks.nr])));
        a = _mm_insert_epi8(_mm_srli_si128(a, 1), c, 15);
    }
    STOREU(reg, a);
    ks8 = 0;
    ni_keys_wipe(&ks);
}

#undef X8
#undef X8R

#else
/* Not x86-64 (or no compiler support): this unit is empty. ISO C wants a declaration. */
typedef int fc_aes_x86_unused;
#endif /* FC_HAVE_AESNI */
