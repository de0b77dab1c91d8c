/*
 * fernet-c HMAC-SHA256 (RFC 2104, FIPS 198-1).
 */
#ifndef FC_HMAC_H
#define FC_HMAC_H

#include <stddef.h>
#include <stdint.h>

#include "fc_common.h"
#include "fc_sha256.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FC_HMAC_SHA256_SIZE 32 /* tag bytes */

/* Keyed inner and outer hash states; may be copied to reuse one key set-up. */
typedef struct {
    fc_sha256_ctx inner;
    fc_sha256_ctx outer;
} fc_hmac_sha256_ctx;

/* Key the context. Keys longer than 64 bytes are hashed first. key may be NULL when key_len is 0.
 * The padded key copies are wiped before returning. */
void fc_hmac_sha256_init(fc_hmac_sha256_ctx *ctx, const uint8_t *key, size_t key_len);

/* Absorb len bytes. data may be NULL when len is 0. */
void fc_hmac_sha256_update(fc_hmac_sha256_ctx *ctx, const uint8_t *data, size_t len);

/* Write the 32-byte tag, then wipe *ctx. */
void fc_hmac_sha256_final(fc_hmac_sha256_ctx *ctx, uint8_t out[FC_HMAC_SHA256_SIZE]);

/* One-shot tag. out may overlap the inputs. */
void fc_hmac_sha256(uint8_t out[FC_HMAC_SHA256_SIZE], const uint8_t *key, size_t key_len,
                    const uint8_t *data, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* FC_HMAC_H */
