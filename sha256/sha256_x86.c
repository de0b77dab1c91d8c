/*
 * fernet-c SHA-256 compression (FIPS 180-4 6.2.2) with the Intel SHA extensions.
 *
 * Follows "Intel SHA Extensions: New Instructions Supporting the Secure Hash Algorithm on
 * Intel Architecture Processors" (S. Gulley et al., Intel, July 2013), section 3 and the
 * SDM vol. 2 entries for SHA256RNDS2, SHA256MSG1 and SHA256MSG2. The working variables live
 * in two registers as ABEF and CDGH; SHA256RNDS2 runs two rounds with W+K from the low
 * half of xmm0. The target attribute keeps the rest of the build free of -msha.
 * Constant time: fixed instruction sequence, no data-dependent branch or index.
 */
#include "fc_sha256.h"
#include "sha256_backend.h"

#ifdef FC_HAVE_SHANI

#include "sha256_ni.h"

/* FIPS 180-4 3.1 / 5.2.1: message words are big-endian; PSHUFB swaps each word. */
SHANI_TARGET void fc_sha256_ni_blocks(uint32_t state[8], const uint8_t *p, size_t n)
{
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i abef, cdgh;

    shani_load(state, &abef, &cdgh);
    for (; n > 0; n--, p += FC_SHA256_BLOCK_SIZE)
        shani_block(&abef, &cdgh, _mm_shuffle_epi8(SHANI_LOADU(p), bswap),
                    _mm_shuffle_epi8(SHANI_LOADU(p + 16), bswap),
                    _mm_shuffle_epi8(SHANI_LOADU(p + 32), bswap),
                    _mm_shuffle_epi8(SHANI_LOADU(p + 48), bswap));
    shani_store(state, abef, cdgh);
}

SHANI_TARGET void fc_sha256_ni_words(uint32_t state[8], const uint32_t block[16])
{
    __m128i abef, cdgh;

    shani_load(state, &abef, &cdgh);
    shani_block(&abef, &cdgh, SHANI_LOADU(block), SHANI_LOADU(block + 4), SHANI_LOADU(block + 8),
                SHANI_LOADU(block + 12));
    shani_store(state, abef, cdgh);
}

/* PBKDF2's iterations (sha256_backend.h) with state and message words kept in registers:
 * the digest goes straight into the next block's W0..W7 without a store and reload. W8..W15
 * are the fixed padding of a 32-byte message after one 64-byte key block (FIPS 180-4 5.1.1:
 * 0x80 byte, zeros, bit length 768). */
SHANI_TARGET void fc_sha256_ni_hmac_chain(uint32_t u[8], uint32_t t[8], const uint32_t istate[8],
                                          const uint32_t ostate[8], uint32_t n)
{
    const __m128i pad_lo = _mm_set_epi32(0, 0, 0, (int)0x80000000u);
    const __m128i pad_hi = _mm_set_epi32((FC_SHA256_BLOCK_SIZE + FC_SHA256_SIZE) * 8, 0, 0, 0);
    __m128i iabef, icdgh, oabef, ocdgh, abef, cdgh;
    __m128i w0 = SHANI_LOADU(u), w1 = SHANI_LOADU(u + 4);
    __m128i t0 = SHANI_LOADU(t), t1 = SHANI_LOADU(t + 4);

    shani_load(istate, &iabef, &icdgh);
    shani_load(ostate, &oabef, &ocdgh);
    for (; n > 0; n--) {
        abef = iabef, cdgh = icdgh;
        shani_block(&abef, &cdgh, w0, w1, pad_lo, pad_hi);
        shani_words(abef, cdgh, &w0, &w1);
        abef = oabef, cdgh = ocdgh;
        shani_block(&abef, &cdgh, w0, w1, pad_lo, pad_hi);
        shani_words(abef, cdgh, &w0, &w1);
        t0 = _mm_xor_si128(t0, w0);
        t1 = _mm_xor_si128(t1, w1);
    }
    _mm_storeu_si128((__m128i *)(void *)u, w0);
    _mm_storeu_si128((__m128i *)(void *)(u + 4), w1);
    _mm_storeu_si128((__m128i *)(void *)t, t0);
    _mm_storeu_si128((__m128i *)(void *)(t + 4), t1);
}

#else
typedef int fc_sha256_x86_unused;
#endif /* FC_HAVE_SHANI */
