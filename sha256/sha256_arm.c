/*
 * fernet-c SHA-256 compression (FIPS 180-4 6.2.2) with the Armv8 Cryptographic Extension.
 *
 * Follows the Arm Architecture Reference Manual for A-profile (DDI 0487), C7.2 SHA256H,
 * SHA256H2, SHA256SU0 and SHA256SU1, through the ACLE intrinsics: the working variables
 * are two registers (ABCD, EFGH); SHA256H/H2 run four rounds with W+K; SU0/SU1 compute
 * four schedule words. Constant time: a fixed sequence, no data-dependent branch or index.
 */
#include "fc_sha256.h"
#include "sha256_backend.h"

#ifdef FC_HAVE_ARMV8_SHA2

#include <arm_neon.h>

#if defined(__clang__)
#define SHA_ARM_TARGET __attribute__((target("crypto")))
#else
#define SHA_ARM_TARGET __attribute__((target("+crypto")))
#endif

/* Forced inline, so the working state stays in registers between blocks instead of going
 * through the stack on the rounds' dependency chain (as on x86-64, sha256_ni.h). */
#define SHA_ARM_INLINE static inline __attribute__((always_inline))

/* One block, W0..W15 in m0..m3, fully unrolled with named registers. From round 16 on:
 * W[t..t+3] = SHA256SU1(SHA256SU0(W[t-16..], W[t-12..]), W[t-8..], W[t-4..]). */
#define SHA_ARM_QROUND(m, g)                                  \
    wk = vaddq_u32((m), vld1q_u32(fc_sha256_k + 4 * (g)));      \
    a0 = a;                                                   \
    a = vsha256hq_u32(a, e, wk);                              \
    e = vsha256h2q_u32(e, a0, wk);
#define SHA_ARM_SCHED(w0, w1, w2, w3) w0 = vsha256su1q_u32(vsha256su0q_u32(w0, w1), w2, w3);
#define SHA_ARM_16(g)                                                        \
    SHA_ARM_SCHED(m0, m1, m2, m3) SHA_ARM_QROUND(m0, (g))                    \
    SHA_ARM_SCHED(m1, m2, m3, m0) SHA_ARM_QROUND(m1, (g) + 1)                \
    SHA_ARM_SCHED(m2, m3, m0, m1) SHA_ARM_QROUND(m2, (g) + 2)                \
    SHA_ARM_SCHED(m3, m0, m1, m2) SHA_ARM_QROUND(m3, (g) + 3)

SHA_ARM_TARGET SHA_ARM_INLINE void sha_arm_block(uint32x4_t *abcd, uint32x4_t *efgh, uint32x4_t m0,
                                                uint32x4_t m1, uint32x4_t m2, uint32x4_t m3)
{
    uint32x4_t a = *abcd, e = *efgh, wk, a0;

    SHA_ARM_QROUND(m0, 0)
    SHA_ARM_QROUND(m1, 1)
    SHA_ARM_QROUND(m2, 2)
    SHA_ARM_QROUND(m3, 3)
    SHA_ARM_16(4)
    SHA_ARM_16(8)
    SHA_ARM_16(12)
    *abcd = vaddq_u32(*abcd, a);
    *efgh = vaddq_u32(*efgh, e);
}

/* FIPS 180-4 3.1: big-endian words, so each 32-bit lane is byte-reversed (REV32). */
SHA_ARM_TARGET void fc_sha256_arm_blocks(uint32_t state[8], const uint8_t *p, size_t n)
{
    uint32x4_t abcd = vld1q_u32(state), efgh = vld1q_u32(state + 4);

    for (; n > 0; n--, p += FC_SHA256_BLOCK_SIZE)
        sha_arm_block(&abcd, &efgh, vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p))),
                      vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 16))),
                      vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 32))),
                      vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 48))));
    vst1q_u32(state, abcd);
    vst1q_u32(state + 4, efgh);
}

SHA_ARM_TARGET void fc_sha256_arm_words(uint32_t state[8], const uint32_t block[16])
{
    uint32x4_t abcd = vld1q_u32(state), efgh = vld1q_u32(state + 4);

    sha_arm_block(&abcd, &efgh, vld1q_u32(block), vld1q_u32(block + 4), vld1q_u32(block + 8),
                  vld1q_u32(block + 12));
    vst1q_u32(state, abcd);
    vst1q_u32(state + 4, efgh);
}

/* PBKDF2's iterations (sha256_backend.h) in registers: ABCD/EFGH are already the digest
 * words in order, so they feed the next block's W0..W7 directly. W8..W15: the padding of a
 * 32-byte message after one 64-byte key block (FIPS 180-4 5.1.1). */
SHA_ARM_TARGET void fc_sha256_arm_hmac_chain(uint32_t u[8], uint32_t t[8],
                                             const uint32_t istate[8], const uint32_t ostate[8],
                                             uint32_t n)
{
    static const uint32_t pad[8] = { 0x80000000u, 0, 0, 0, 0, 0, 0,
                                     (FC_SHA256_BLOCK_SIZE + FC_SHA256_SIZE) * 8 };
    const uint32x4_t pad_lo = vld1q_u32(pad), pad_hi = vld1q_u32(pad + 4);
    const uint32x4_t iabcd = vld1q_u32(istate), iefgh = vld1q_u32(istate + 4);
    const uint32x4_t oabcd = vld1q_u32(ostate), oefgh = vld1q_u32(ostate + 4);
    uint32x4_t w0 = vld1q_u32(u), w1 = vld1q_u32(u + 4);
    uint32x4_t t0 = vld1q_u32(t), t1 = vld1q_u32(t + 4);
    uint32x4_t abcd, efgh;

    for (; n > 0; n--) {
        abcd = iabcd, efgh = iefgh;
        sha_arm_block(&abcd, &efgh, w0, w1, pad_lo, pad_hi);
        w0 = oabcd, w1 = oefgh;
        sha_arm_block(&w0, &w1, abcd, efgh, pad_lo, pad_hi);
        t0 = veorq_u32(t0, w0);
        t1 = veorq_u32(t1, w1);
    }
    vst1q_u32(u, w0);
    vst1q_u32(u + 4, w1);
    vst1q_u32(t, t0);
    vst1q_u32(t + 4, t1);
}

#undef SHA_ARM_QROUND
#undef SHA_ARM_SCHED
#undef SHA_ARM_16

#else
typedef int fc_sha256_arm_unused;
#endif
