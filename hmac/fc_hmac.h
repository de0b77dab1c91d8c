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

/*
 * Check tag (tag_len bytes: 16 to 32, a tag truncated to its first tag_len bytes as RFC 2104
 * section 5 allows) against HMAC-SHA256(key, data), in constant time: FC_OK or FC_ERR_AUTH.
 * FC_ERR_ARG for tag_len outside 16..32, tag NULL, or key / data NULL with a non-zero length.
 * Only the verdict depends on the secrets; the computed tag is wiped.
 */
FC_MUST_CHECK fc_err fc_hmac_sha256_verify(const uint8_t *key, size_t key_len,
                                           const uint8_t *data, size_t len,
                                           const uint8_t *tag, size_t tag_len);

#define FC_HMAC_SHA256_MIN_TAG 16 /* shortest tag fc_hmac_sha256_verify accepts */

#ifdef __cplusplus
}
#endif

#endif /* FC_HMAC_H */
