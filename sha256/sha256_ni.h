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

#include "sha256_backend.h"

#define SHANI_TARGET __attribute__((target("sha,sse4.1")))

/* Forced inline: as a call, the working state went through the stack between blocks, a
 * store and reload on the rounds' dependency chain (about 6% of SHA-256's speed). */
#define SHANI_INLINE static inline __attribute__((always_inline))

#define SHANI_LOADU(p) _mm_loadu_si128((const __m128i *)(const void *)(p))

/*
 * One block: m0..m3 hold W0..W15 as host-order words, four per register. Rounds run four
 * at a time (two SHA256RNDS2, the second on the high half of W+K); from round 16 on the
 * schedule of 6.2.2 step 1 is
 *   W[t..t+3] = SHA256MSG2(SHA256MSG1(W[t-16..], W[t-12..]) + W[t-7..t-4], W[t-4..t-1]).
 * Fully unrolled with named registers, so the schedule never goes through memory.
 */
#define SHANI_QROUND(m, g)                                                    \
    x = _mm_add_epi32((m), SHANI_LOADU(fc_sha256_k + 4 * (g)));                   \
    s1 = _mm_sha256rnds2_epu32(s1, s0, x);                                    \
    s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(x, 0x0e));
#define SHANI_SCHED(a, b, c, d) \
    a = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(a, b), _mm_alignr_epi8(d, c, 4)), d);
#define SHANI_16(g)                                                           \
    SHANI_SCHED(m0, m1, m2, m3) SHANI_QROUND(m0, (g))                         \
    SHANI_SCHED(m1, m2, m3, m0) SHANI_QROUND(m1, (g) + 1)                     \
    SHANI_SCHED(m2, m3, m0, m1) SHANI_QROUND(m2, (g) + 2)                     \
    SHANI_SCHED(m3, m0, m1, m2) SHANI_QROUND(m3, (g) + 3)

SHANI_TARGET SHANI_INLINE void shani_block(__m128i *abef, __m128i *cdgh, __m128i m0,
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

/* ABEF / CDGH  ->  A..D and E..H as host-order words, lane 0 first (the inverse of
 * shani_load): what shani_store writes, and the message words of a digest fed back. */
SHANI_TARGET static inline void shani_words(__m128i abef, __m128i cdgh, __m128i *abcd,
                                            __m128i *efgh)
{
    __m128i feba = _mm_shuffle_epi32(abef, 0x1b);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xb1);

    *abcd = _mm_blend_epi16(feba, dchg, 0xf0);
    *efgh = _mm_alignr_epi8(dchg, feba, 8);
}

SHANI_TARGET static inline void shani_store(uint32_t state[8], __m128i abef, __m128i cdgh)
{
    __m128i abcd, efgh;

    shani_words(abef, cdgh, &abcd, &efgh);
    _mm_storeu_si128((__m128i *)(void *)state, abcd);
    _mm_storeu_si128((__m128i *)(void *)(state + 4), efgh);
}

#endif /* FC_SHA256_NI_H */
