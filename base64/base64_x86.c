/*
 * fernet-c base64 on x86-64 with AVX2 (Intel 64 and IA-32 Architectures Software
 * Developer's Manual, vol. 2: VPCMPGTB, VPSHUFB, VPMADDUBSW, VPMADDWD, VPMULHUW, VPMULLW,
 * VPERMD). For PUBLIC text only: see base64_fast.h. The target attribute enables AVX2 for
 * these functions alone, so the rest of the build needs no -m flag; callers check the CPU
 * first (fc_base64_have_avx2).
 *
 * One block is 32 characters <-> 24 bytes. Each 32-bit lane holds one quantum: four
 * characters, or the three bytes they encode.
 */
#include "base64_fast.h"

#ifdef FC_BASE64_AVX2
#include <immintrin.h>

#define B64_AVX2 __attribute__((target("avx2")))
/* The helpers are forced inline: called per block, a call passes and returns ymm values
 * through the stack, and took as long as the work. */
#define B64_AVX2_INLINE __attribute__((target("avx2"), always_inline))

int fc_base64_have_avx2(void)
{
    return __builtin_cpu_supports("avx2");
}

/* Characters 62 and 63 of the alphabet (section 4 table 1 or section 5 table 2). */
static char b64_c62(int url) { return url ? '-' : '+'; }
static char b64_c63(int url) { return url ? '_' : '/'; }

/* Mask of bytes a < x < b (signed compare: bytes >= 0x80 are negative and never inside). */
B64_AVX2_INLINE static inline __m256i b64_between(__m256i x, char a, char b)
{
    return _mm256_and_si256(_mm256_cmpgt_epi8(x, _mm256_set1_epi8(a)),
                            _mm256_cmpgt_epi8(_mm256_set1_epi8(b), x));
}

/* 6-bit values of 32 characters; *ok is all-ones in the bytes that are in the alphabet. */
B64_AVX2_INLINE static inline __m256i b64_values(__m256i c, int url, __m256i *ok)
{
    char c62 = b64_c62(url), c63 = b64_c63(url);
    __m256i up = b64_between(c, 'A' - 1, 'Z' + 1);
    __m256i lo = b64_between(c, 'a' - 1, 'z' + 1);
    __m256i dg = b64_between(c, '0' - 1, '9' + 1);
    __m256i s62 = _mm256_cmpeq_epi8(c, _mm256_set1_epi8(c62));
    __m256i s63 = _mm256_cmpeq_epi8(c, _mm256_set1_epi8(c63));
    /* value = c + offset of its range: 'A' -> 0, 'a' -> 26, '0' -> 52 (bytes wrap). */
    __m256i off = _mm256_or_si256(
        _mm256_or_si256(_mm256_and_si256(up, _mm256_set1_epi8(-65)),
                        _mm256_and_si256(lo, _mm256_set1_epi8(-71))),
        _mm256_or_si256(_mm256_and_si256(dg, _mm256_set1_epi8(4)),
                        _mm256_or_si256(_mm256_and_si256(s62, _mm256_set1_epi8((char)(62 - c62))),
                                        _mm256_and_si256(s63, _mm256_set1_epi8((char)(63 - c63))))));

    *ok = _mm256_or_si256(_mm256_or_si256(up, lo), _mm256_or_si256(dg, _mm256_or_si256(s62, s63)));
    return _mm256_add_epi8(c, off);
}

B64_AVX2_INLINE static inline int b64_all(__m256i ok)
{
    return _mm256_movemask_epi8(ok) == -1;
}

B64_AVX2 size_t fc_base64_avx2_scan(const char *in, size_t n, int url)
{
    __m256i ok;
    size_t i;

    for (i = 0; n - i >= 32; i += 32) {
        (void)b64_values(_mm256_loadu_si256((const __m256i *)(const void *)(in + i)), url, &ok);
        if (!b64_all(ok))
            break;
    }
    return i;
}

/*
 * Section 4, backwards: in each lane the values v0 v1 v2 v3 (v0 first) become
 * v0 << 18 | v1 << 12 | v2 << 6 | v3 with two multiply-adds, and its bytes are then taken
 * most significant first.
 */
B64_AVX2 size_t fc_base64_avx2_decode(uint8_t *out, const char *in, size_t nblocks, int url)
{
    const __m256i pairs = _mm256_set1_epi32(0x01400140); /* v0 * 64 + v1, v2 * 64 + v3 */
    const __m256i quads = _mm256_set1_epi32(0x00011000); /* hi * 4096 + lo */
    const __m256i order = _mm256_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1,
                                           2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
    const __m256i pack = _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7);
    __m256i v, ok;
    size_t j;

    for (j = 0; j < nblocks; j++) {
        /* The whole block is read before any of its bytes is stored, and the store ends
         * at or before the next block's first character, so out may equal in. */
        v = b64_values(_mm256_loadu_si256((const __m256i *)(const void *)(in + 32 * j)), url, &ok);
        if (!b64_all(ok))
            break;
        v = _mm256_madd_epi16(_mm256_maddubs_epi16(v, pairs), quads);
        v = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(v, order), pack);
        _mm_storeu_si128((__m128i *)(void *)(out + 24 * j), _mm256_castsi256_si128(v));
        _mm_storel_epi64((__m128i *)(void *)(out + 24 * j + 16), _mm256_extracti128_si256(v, 1));
    }
    return j;
}

/* 6-bit values (one per byte) -> characters, by the ranges of section 4's table. */
B64_AVX2_INLINE static inline __m256i b64_chars(__m256i v, int url)
{
    char c62 = b64_c62(url), c63 = b64_c63(url);
    __m256i off = _mm256_set1_epi8('A');

    off = _mm256_add_epi8(off, _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8(25)),
                                                _mm256_set1_epi8('a' - 'A' - 26)));
    off = _mm256_add_epi8(off, _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8(51)),
                                                _mm256_set1_epi8('0' - 52 - ('a' - 26))));
    off = _mm256_add_epi8(off, _mm256_and_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(62)),
                                                _mm256_set1_epi8((char)(c62 - ('0' + 10)))));
    off = _mm256_add_epi8(off, _mm256_and_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(63)),
                                                _mm256_set1_epi8((char)(c63 - ('0' + 11)))));
    return _mm256_add_epi8(v, off);
}

/*
 * Section 4: bytes s0 s1 s2 give the values s0 >> 2, (s0 & 3) << 4 | s1 >> 4,
 * (s1 & 15) << 2 | s2 >> 6 and s2 & 63. Each lane is loaded as the bytes s1 s0 s2 s1, so its
 * low half is X = s0:s1 and its high half Y = s1:s2 (16-bit, big-endian pairs). The four
 * values are then X >> 10, (X >> 4) & 63, (Y >> 6) & 63 and Y & 63: two masks, one
 * high-half multiply (right shifts by 10 and 6) and one low-half multiply (left shifts by 4
 * and 8, which place the second and fourth values in the upper byte of each half).
 */
B64_AVX2 size_t fc_base64_avx2_encode(char *out, const uint8_t *in, size_t nblocks, int url)
{
    /* Lane 0 is loaded from in, lane 1 from in + 8 (so neither load passes byte 24). */
    const __m256i spread = _mm256_setr_epi8(1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10,
                                            5, 4, 6, 5, 8, 7, 9, 8, 11, 10, 12, 11, 14, 13, 15, 14);
    const __m256i m_hi = _mm256_set1_epi32(0x0fc0fc00), k_hi = _mm256_set1_epi32(0x04000040);
    const __m256i m_lo = _mm256_set1_epi32(0x003f03f0), k_lo = _mm256_set1_epi32(0x01000010);
    __m256i v;
    size_t j;

    for (j = 0; j < nblocks; j++) {
        const uint8_t *p = in + 24 * j;
        v = _mm256_inserti128_si256(
            _mm256_castsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)p)),
            _mm_loadu_si128((const __m128i *)(const void *)(p + 8)), 1);
        v = _mm256_shuffle_epi8(v, spread);
        v = _mm256_or_si256(_mm256_mulhi_epu16(_mm256_and_si256(v, m_hi), k_hi),
                            _mm256_mullo_epi16(_mm256_and_si256(v, m_lo), k_lo));
        _mm256_storeu_si256((__m256i *)(void *)(out + 32 * j), b64_chars(v, url));
    }
    return j;
}

#else
/* ISO C forbids an empty translation unit. */
typedef int fc_base64_x86_unused;
#endif /* FC_BASE64_AVX2 */
