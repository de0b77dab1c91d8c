/*
 * fernet-c AES: the internal interface between the public calls (aes.c, cbc.c, cfb.c) and
 * the implementations behind them. Not installed.
 *
 * fc_aes_init picks a backend once per key and records it in ctx->backend; every later call
 * on that context switches on the field (a switch, not a function pointer, so stack analysis
 * sees every path). Each backend owns the 240-byte ctx->rk and may store any form there.
 */
#ifndef FC_AES_BACKEND_H
#define FC_AES_BACKEND_H

#include "fc_aes.h"

#define FC_AES_BACKEND_CT      0 /* portable constant-time bitsliced core (aes_ct64.c, aes_ct.c) */
#define FC_AES_BACKEND_AESNI   1 /* x86-64 AES-NI, xmm, 8 blocks in flight (aes_x86.c) */
#define FC_AES_BACKEND_VAES256 2 /* AES-NI + VAES on ymm for the parallel modes */
#define FC_AES_BACKEND_VAES512 3 /* AES-NI + VAES on zmm for the parallel modes */
#define FC_AES_BACKEND_ARMV8   4 /* AArch64 Crypto Extensions (aes_arm.c) */

/* Which hardware backends this compiler can build (the per-function target attributes
 * need GCC >= 8 or clang for VAES; AES-NI and the Arm intrinsics need GCC >= 5). */
#if defined(__x86_64__) && (defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 5)) \
    && !defined(FC_NO_HW)
#define FC_HAVE_AESNI 1
#if defined(__clang__) || __GNUC__ >= 8
#define FC_HAVE_VAES 1
#endif
#endif
/* AArch64, little-endian: GCC >= 6 gives the crypto intrinsics to functions with the target
 * attribute; clang's arm_neon.h only does so from clang 16, before that it needs the
 * feature enabled for the whole file (-march=armv8-a+crypto). */
#if defined(__aarch64__) && defined(__AARCH64EL__) && defined(__ARM_NEON) && !defined(FC_NO_HW) \
    && ((defined(__clang__) && (__clang_major__ >= 16 || defined(__ARM_FEATURE_AES) \
                                || defined(__ARM_FEATURE_CRYPTO))) \
        || (!defined(__clang__) && defined(__GNUC__) && __GNUC__ >= 6))
#define FC_HAVE_ARMV8_AES 1
#endif

/* 1 when this build has a hardware backend. 0 (Cortex-M, RISC-V, FC_NO_HW...): every
 * context uses the portable core, and the backend choice and dispatch compile to nothing. */
#if defined(FC_HAVE_AESNI) || defined(FC_HAVE_ARMV8_AES)
#define FC_AES_HAVE_HW 1
#else
#define FC_AES_HAVE_HW 0
#endif

/* Which portable core this build compiles (code only: fc_aes_ctx has one layout everywhere):
 * aes_ct64.c on 64-bit CPUs, aes_ct.c on 32-bit ones or with -DFC_AES_CT32. */
#if !defined(FC_AES_CT32) && defined(UINTPTR_MAX) && UINTPTR_MAX > 0xffffffffu
#define FC_AES_CT64 1
#else
#define FC_AES_CT64 0
#endif

/* Portable core. setkey: key_len is 16, 24 or 32, ctx is zeroed; sets rk and rounds. */
void fc_aes_ct_setkey(fc_aes_ctx *ctx, const uint8_t *key, size_t key_len);
void fc_aes_ct_encrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n);
void fc_aes_ct_decrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n);
/* The portable core's bitsliced S-box (inverse != 0: inverse S-box) on n bytes in place,
 * constant-time; the 64-bit key schedule's SubWord, and what tests/test_aes_sbox.c checks. */
void fc_aes_ct_sub_bytes(uint8_t *buf, size_t n, int inverse);
/* Slice width of the portable core in this build: 64 or 32 (-DFC_AES_CT32, 32-bit CPUs). */
unsigned fc_aes_ct_word_bits(void);
#if FC_AES_CT64
/* The 64-bit core also runs the modes itself, with the hardware backends' shapes (below),
 * so its round keys are spread once per call instead of once per block. */
void fc_aes_ct_cbc_encrypt(const fc_aes_ctx *ctx, uint8_t iv[16], uint8_t *out,
                           const uint8_t *in, size_t nblocks);
void fc_aes_ct_cbc_decrypt(const fc_aes_ctx *ctx, uint8_t iv[16], uint8_t *out,
                           const uint8_t *in, size_t nblocks);
void fc_aes_ct_cfb128_encrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                              const uint8_t *in, size_t nblocks);
void fc_aes_ct_cfb128_decrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                              const uint8_t *in, size_t nblocks);
void fc_aes_ct_cfb8_encrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                            const uint8_t *in, size_t len);
void fc_aes_ct_cfb8_decrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                            const uint8_t *in, size_t len);
#endif

/*
 * Hardware backends, all with one shape. rk holds the (rounds + 1) encryption round keys
 * of FIPS 197 5.2 as bytes in order; decryption derives the equivalent inverse cipher's
 * keys (FIPS 197 5.3.5) per call. Mode calls take whole blocks (CBC, CFB128) or bytes
 * (CFB8); reg/iv is the 16-byte chaining value, updated in place. out may equal in.
 * `wide` selects the VAES width for the parallel paths (FC_AES_BACKEND_*).
 */
#ifdef FC_HAVE_AESNI
void fc_aes_ni_setkey(fc_aes_ctx *ctx, const uint8_t *key, size_t key_len);
void fc_aes_ni_encrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n);
void fc_aes_ni_decrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n);
void fc_aes_ni_cbc_encrypt(const fc_aes_ctx *ctx, uint8_t iv[16], uint8_t *out,
                           const uint8_t *in, size_t nblocks);
void fc_aes_ni_cbc_decrypt(const fc_aes_ctx *ctx, uint8_t iv[16], uint8_t *out,
                           const uint8_t *in, size_t nblocks);
void fc_aes_ni_cfb128_encrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                              const uint8_t *in, size_t nblocks);
void fc_aes_ni_cfb128_decrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                              const uint8_t *in, size_t nblocks);
void fc_aes_ni_cfb8_encrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                            const uint8_t *in, size_t len);
void fc_aes_ni_cfb8_decrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                            const uint8_t *in, size_t len);
#endif
#ifdef FC_HAVE_ARMV8_AES
void fc_aes_arm_setkey(fc_aes_ctx *ctx, const uint8_t *key, size_t key_len);
void fc_aes_arm_encrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n);
void fc_aes_arm_decrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n);
void fc_aes_arm_cbc_encrypt(const fc_aes_ctx *ctx, uint8_t iv[16], uint8_t *out,
                            const uint8_t *in, size_t nblocks);
void fc_aes_arm_cbc_decrypt(const fc_aes_ctx *ctx, uint8_t iv[16], uint8_t *out,
                            const uint8_t *in, size_t nblocks);
void fc_aes_arm_cfb128_encrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                               const uint8_t *in, size_t nblocks);
void fc_aes_arm_cfb128_decrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                               const uint8_t *in, size_t nblocks);
void fc_aes_arm_cfb8_encrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                             const uint8_t *in, size_t len);
void fc_aes_arm_cfb8_decrypt(const fc_aes_ctx *ctx, uint8_t reg[16], uint8_t *out,
                             const uint8_t *in, size_t len);
#endif

#endif /* FC_AES_BACKEND_H */
