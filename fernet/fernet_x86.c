/*
 * fernet-c Fernet encryption on x86-64 with AES-NI and the SHA extensions: AES-128-CBC
 * (SP 800-38A 6.2) and the HMAC's inner SHA-256 (FIPS 180-4 6.2.2) stitched into one loop.
 *
 * CBC encryption is one chain: each block waits for the ten AESENC of the block before it
 * (Intel AES-NI white paper, S. Gueron, rev. 3.01, section 4), so the AES unit idles most
 * of the time. SHA256RNDS2 and friends run on other units (Intel SHA extensions paper,
 * S. Gulley et al., 2013, section 3), so one SHA-256 block of ciphertext already written
 * is compressed between the four AES blocks that make the next 64 bytes, and the two
 * chains overlap, as OpenSSL's aesni-sha256-x86_64 stitching does for TLS. Written here
 * from those documents, not from OpenSSL's code.
 *
 * Hosted builds only (FERNET_STITCH): firmware compiles this file to nothing. Constant
 * time: fixed instruction sequences; loops and branches depend on lengths and on which
 * instructions the CPU has, never on key, data or state.
 */
#include "fernet_private.h"

#ifdef FERNET_STITCH

#include <immintrin.h>

#include "aes_backend.h"
#include "fc_cpu.h"
#include "sha256_ni.h"

#define FX_TARGET __attribute__((target("aes,sha,sse4.1")))
#define FX_LOADU(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
#define FX_STOREU(p, v) _mm_storeu_si128((__m128i *)(void *)(p), (v))

/* One CBC step: C_j = AES-128(K, P_j xor C_{j-1}), round keys k[0..10] (FIPS 197 5.1). */
#define FX_CBC(c, k, p)                                                      \
    do {                                                                     \
        (c) = _mm_xor_si128(_mm_xor_si128(FX_LOADU(p), (c)), (k)[0]);         \
        (c) = _mm_aesenc_si128((c), (k)[1]);                                 \
        (c) = _mm_aesenc_si128((c), (k)[2]);                                 \
        (c) = _mm_aesenc_si128((c), (k)[3]);                                 \
        (c) = _mm_aesenc_si128((c), (k)[4]);                                 \
        (c) = _mm_aesenc_si128((c), (k)[5]);                                 \
        (c) = _mm_aesenc_si128((c), (k)[6]);                                 \
        (c) = _mm_aesenc_si128((c), (k)[7]);                                 \
        (c) = _mm_aesenc_si128((c), (k)[8]);                                 \
        (c) = _mm_aesenc_si128((c), (k)[9]);                                 \
        (c) = _mm_aesenclast_si128((c), (k)[10]);                            \
    } while (0)

FX_TARGET int fc_fernet_ni_seal(const fc_aes_ctx *aes, uint8_t chain[FC_AES_BLOCK_SIZE],
                                fc_sha256_ctx *sha, uint8_t *ct, const uint8_t *in, size_t n)
{
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i k[11], c, abef, cdgh, s0, s1, x, m0, m1, m2, m3;
    size_t pos, mac, head, i;

    if (n < 256 || /* first: the final block of every token asks */
        (aes->backend != FC_AES_BACKEND_AESNI && aes->backend != FC_AES_BACKEND_VAES256 &&
         aes->backend != FC_AES_BACKEND_VAES512) ||
        aes->rounds != 10 || !(fc_cpu_features() & FC_CPU_SHANI))
        return 0;
    for (i = 0; i < 11; i++)
        k[i] = FX_LOADU(aes->rk.b + 16 * i); /* aes_backend.h: round keys in byte order */
    c = FX_LOADU(chain);
    /* The first 128 bytes alone: afterwards the hash can lag the cipher by a block. */
    for (pos = 0; pos < 128; pos += 16) {
        FX_CBC(c, k, in + pos);
        FX_STOREU(ct + pos, c);
    }
    /* Complete the hash's pending partial block the ordinary way; then it is aligned. */
    head = (size_t)(64u - (sha->count & 63u)) & 63u;
    fc_sha256_update(sha, ct, head);
    mac = head;
    shani_load(sha->state, &abef, &cdgh);
    /* Each turn: 64 bytes of CBC, and one SHA-256 block of ciphertext written at least a
     * turn earlier (mac + 64 <= pos holds: it starts at head + 64 <= 127 < 128). */
    while (n - pos >= 64) {
        m0 = _mm_shuffle_epi8(FX_LOADU(ct + mac), bswap);
        m1 = _mm_shuffle_epi8(FX_LOADU(ct + mac + 16), bswap);
        m2 = _mm_shuffle_epi8(FX_LOADU(ct + mac + 32), bswap);
        m3 = _mm_shuffle_epi8(FX_LOADU(ct + mac + 48), bswap);
        s0 = abef;
        s1 = cdgh;
        FX_CBC(c, k, in + pos);
        FX_STOREU(ct + pos, c);
        SHANI_QROUND(m0, 0)
        SHANI_QROUND(m1, 1)
        SHANI_QROUND(m2, 2)
        SHANI_QROUND(m3, 3)
        FX_CBC(c, k, in + pos + 16);
        FX_STOREU(ct + pos + 16, c);
        SHANI_16(4)
        FX_CBC(c, k, in + pos + 32);
        FX_STOREU(ct + pos + 32, c);
        SHANI_16(8)
        FX_CBC(c, k, in + pos + 48);
        FX_STOREU(ct + pos + 48, c);
        SHANI_16(12)
        /* FIPS 180-4 6.2.2 step 4 */
        abef = _mm_add_epi32(abef, s0);
        cdgh = _mm_add_epi32(cdgh, s1);
        pos += 64;
        mac += 64;
    }
    shani_store(sha->state, abef, cdgh);
    sha->count += (uint64_t)(mac - head);
    for (; pos < n; pos += 16) {
        FX_CBC(c, k, in + pos);
        FX_STOREU(ct + pos, c);
    }
    FX_STOREU(chain, c);
    fc_sha256_update(sha, ct + mac, n - mac);
    fc_wipe(k, sizeof k);
    return 1;
}

#else
/* ISO C forbids an empty translation unit. */
typedef int fc_fernet_x86_unused;
#endif /* FERNET_STITCH */
