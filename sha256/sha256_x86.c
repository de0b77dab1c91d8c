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

#else
typedef int fc_sha256_x86_unused;
#endif /* FC_HAVE_SHANI */
