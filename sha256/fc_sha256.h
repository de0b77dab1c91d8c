/*
 * fernet-c SHA-256 (FIPS 180-4).
 */
#ifndef FC_SHA256_H
#define FC_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "fc_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FC_SHA256_SIZE       32 /* digest bytes */
#define FC_SHA256_BLOCK_SIZE 64 /* compression block bytes */

/* Caller-allocated, no interior pointers: may live on the stack and be copied. */
typedef struct {
    uint32_t state[8];
    uint64_t count;                     /* bytes absorbed */
    uint8_t  buf[FC_SHA256_BLOCK_SIZE]; /* pending partial block */
} fc_sha256_ctx;

/* Start a new hash. */
void fc_sha256_init(fc_sha256_ctx *ctx);

/* Absorb len bytes; any chunking gives the same digest. data may be NULL when len is 0. */
void fc_sha256_update(fc_sha256_ctx *ctx, const uint8_t *data, size_t len);

/* Write the 32-byte digest, then wipe *ctx. */
void fc_sha256_final(fc_sha256_ctx *ctx, uint8_t out[FC_SHA256_SIZE]);

/* One-shot digest of len bytes. data may be NULL when len is 0; out may overlap data. */
void fc_sha256(uint8_t out[FC_SHA256_SIZE], const uint8_t *data, size_t len);

/*
 * Low level (for PBKDF2's precomputed blocks): one FIPS 180-4 6.2.2 compression of a
 * 16-word block into state. block holds the words already decoded big-endian and already
 * padded (5.1.1); nothing is buffered or counted. state is H(i-1) in, H(i) out.
 */
void fc_sha256_compress_words(uint32_t state[8], const uint32_t block[16]);

/*
 * The compression function in use: "shani" (x86-64 SHA extensions), "armv8" (AArch64
 * SHA256H/H2/SU0/SU1) or "portable". Chosen once per process from the CPU; the environment
 * variable FERNETC_HW narrows the choice (README, "Hardware backends"). Never NULL.
 */
const char *fc_sha256_backend_name(void);

#ifdef __cplusplus
}
#endif

#endif /* FC_SHA256_H */
