/*
 * fernet-c PBKDF2-HMAC-SHA256 (RFC 8018 section 5.2).
 */
#ifndef FC_PBKDF2_H
#define FC_PBKDF2_H

#include <stddef.h>
#include <stdint.h>

#include "fc_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Derive out_len bytes from pw and salt with `iterations` rounds.
 * out_len: 1 .. (2^32 - 1) * 32 (RFC 8018 limit), else FC_ERR_ARG.
 * iterations: at least 1, else FC_ERR_ARG.
 * pw and salt may be empty (NULL only when their length is 0); out may overlap them.
 * out == NULL is FC_ERR_ARG.
 * On error nothing is written. Intermediate blocks are wiped.
 */
FC_MUST_CHECK fc_err fc_pbkdf2_hmac_sha256(uint8_t *out, size_t out_len,
                                           const uint8_t *pw, size_t pw_len,
                                           const uint8_t *salt, size_t salt_len,
                                           uint32_t iterations);

#ifdef __cplusplus
}
#endif

#endif /* FC_PBKDF2_H */
