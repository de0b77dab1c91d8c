/*
 * fernet-c SHA-256 with the Intel SHA extensions: the round macros and the one-block
 * compression as static inline code, shared by sha256_x86.c and by code that interleaves
 * SHA-256 with other work (fernet/fernet_x86.c runs it between the AES-NI rounds of CBC).
 * Include only where FC_HAVE_SHANI is defined; callers check FC_CPU_SHANI first.
 * Internal, not installed. References as in sha256_x86.c.
 */
#ifndef FC_SHA256_NI_H
#define FC_SHA256_NI_H

#include <immintrin.h>
#include <stdint.h>

#define SHANI_TARGET __attribute__((target("sha,sse4.1")))

/* FIPS 180-4 4.2.2: K0..K63. */
static const uint32_t shani_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

#define SHANI_LOADU(p) _mm_loadu_si128((const __m128i *)(const void *)(p))

/*
 * One block: m0..m3 hold W0..W15 as host-order words, four per register. Rounds run four
 * at a time (two SHA256RNDS2, the second on the high half of W+K); from round 16 on the
 * schedule of 6.2.2 step 1 is
 *   W[t..t+3] = SHA256MSG2(SHA256MSG1(W[t-16..], W[t-12..]) + W[t-7..t-4], W[t-4..t-1]).
 * Fully unrolled with named registers, so the schedule never goes through memory.
 */
#define SHANI_QROUND(m, g)                                                    \
    x = _mm_add_epi32((m), SHANI_LOADU(shani_k + 4 * (g)));                   \
    s1 = _mm_sha256rnds2_epu32(s1, s0, x);                                    \
    s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(x, 0x0e));
#define SHANI_SCHED(a, b, c, d) \
    a = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(a, b), _mm_alignr_epi8(d, c, 4)), d);
#define SHANI_16(g)                                                           \
    SHANI_SCHED(m0, m1, m2, m3) SHANI_QROUND(m0, (g))                         \
    SHANI_SCHED(m1, m2, m3, m0) SHANI_QROUND(m1, (g) + 1)                     \
    SHANI_SCHED(m2, m3, m0, m1) SHANI_QROUND(m2, (g) + 2)                     \
    SHANI_SCHED(m3, m0, m1, m2) SHANI_QROUND(m3, (g) + 3)

SHANI_TARGET static inline void shani_block(__m128i *abef, __m128i *cdgh, __m128i m0,
                                            __m128i m1, __m128i m2, __m128i m3)
{
    __m128i s0 = *abef, s1 = *cdgh, x;

    SHANI_QROUND(m0, 0)
    SHANI_QROUND(m1, 1)
    SHANI_QROUND(m2, 2)
    SHANI_QROUND(m3, 3)
    SHANI_16(4)
    SHANI_16(8)
    SHANI_16(12)
    /* 6.2.2 step 4: H(i) = H(i-1) + working variables */
    *abef = _mm_add_epi32(*abef, s0);
    *cdgh = _mm_add_epi32(*cdgh, s1);
}

/* state[0..7] = A..H  <->  ABEF / CDGH (the paper's section 3.2 arrangement). */
SHANI_TARGET static inline void shani_load(const uint32_t state[8], __m128i *abef, __m128i *cdgh)
{
    __m128i dcba = _mm_shuffle_epi32(SHANI_LOADU(state), 0xb1);   /* C D A B */
    __m128i hgfe = _mm_shuffle_epi32(SHANI_LOADU(state + 4), 0x1b); /* H G F E */

    *abef = _mm_alignr_epi8(dcba, hgfe, 8);
    *cdgh = _mm_blend_epi16(hgfe, dcba, 0xf0);
}

SHANI_TARGET static inline void shani_store(uint32_t state[8], __m128i abef, __m128i cdgh)
{
    __m128i feba = _mm_shuffle_epi32(abef, 0x1b);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xb1);

    _mm_storeu_si128((__m128i *)(void *)state, _mm_blend_epi16(feba, dchg, 0xf0));
    _mm_storeu_si128((__m128i *)(void *)(state + 4), _mm_alignr_epi8(dchg, feba, 8));
}

#endif /* FC_SHA256_NI_H */
