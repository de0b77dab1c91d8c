/*
 * fernet-c SHA-256: the internal interface between sha256.c and the hardware compression
 * functions. Not installed.
 *
 * There is no per-context choice: SHA-256 contexts are small public structs used by HMAC
 * and PBKDF2, so the backend follows the process-wide CPU feature word (common/cpu.c,
 * narrowed by FERNETC_HW for tests and benchmarks).
 */
#ifndef FC_SHA256_BACKEND_H
#define FC_SHA256_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__) && (defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 5)) \
    && !defined(FC_NO_HW)
#define FC_HAVE_SHANI 1
#endif
/* AArch64, little-endian: GCC >= 6 gives the crypto intrinsics to functions with the target
 * attribute; clang's arm_neon.h only does so from clang 16, before that it needs the
 * feature enabled for the whole file (-march=armv8-a+crypto). */
#if defined(__aarch64__) && defined(__AARCH64EL__) && defined(__ARM_NEON) && !defined(FC_NO_HW) \
    && ((defined(__clang__) && (__clang_major__ >= 16 || defined(__ARM_FEATURE_SHA2) \
                                || defined(__ARM_FEATURE_CRYPTO))) \
        || (!defined(__clang__) && defined(__GNUC__) && __GNUC__ >= 6))
#define FC_HAVE_ARMV8_SHA2 1
#endif

/* FIPS 180-4 4.2.2: K0..K63 (sha256.c), one table for every backend. */
extern const uint32_t fc_sha256_k[64];

/* The portable compression (sha256.c): n consecutive 64-byte blocks. */
void fc_sha256_ct_blocks(uint32_t state[8], const uint8_t *p, size_t n);

/* Hardware compression, if this process may use it: returns 1 after compressing, 0 (and
 * does nothing) when the caller must use the portable code. (sha256_hw.c) */
int fc_sha256_hw_blocks(uint32_t state[8], const uint8_t *p, size_t n);
int fc_sha256_hw_words(uint32_t state[8], const uint32_t block[16]);

/* PBKDF2-HMAC-SHA256's inner loop (RFC 8018 5.2, F) on the hardware compression, n times:
 * u = C(ostate, u || pad) of C(istate, u || pad), then t ^= u, where C is one compression
 * and pad the FIPS 180-4 5.1.1 padding of a 32-byte message after one 64-byte block. u, t
 * and the states are host-order words. Returns 1 when done, 0 (nothing done) when the
 * caller must run the loop on the portable compression. (sha256_hw.c) */
int fc_sha256_hw_hmac_chain(uint32_t u[8], uint32_t t[8], const uint32_t istate[8],
                            const uint32_t ostate[8], uint32_t n);

#ifdef FC_HAVE_SHANI
/* FIPS 180-4 6.2.2 with the Intel SHA extensions (sha256_x86.c). words: 16 host-order
 * words already decoded from big-endian. */
void fc_sha256_ni_blocks(uint32_t state[8], const uint8_t *p, size_t n);
void fc_sha256_ni_words(uint32_t state[8], const uint32_t block[16]);
void fc_sha256_ni_hmac_chain(uint32_t u[8], uint32_t t[8], const uint32_t istate[8],
                             const uint32_t ostate[8], uint32_t n);
#endif
#ifdef FC_HAVE_ARMV8_SHA2
/* The same with the Armv8 SHA256H/H2/SU0/SU1 instructions (sha256_arm.c). */
void fc_sha256_arm_blocks(uint32_t state[8], const uint8_t *p, size_t n);
void fc_sha256_arm_words(uint32_t state[8], const uint32_t block[16]);
void fc_sha256_arm_hmac_chain(uint32_t u[8], uint32_t t[8], const uint32_t istate[8],
                              const uint32_t ostate[8], uint32_t n);
#endif

#endif /* FC_SHA256_BACKEND_H */
