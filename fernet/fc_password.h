/*
 * fernet-c password schemes, from the two Python tutorials this project grew from, and an
 * authenticated format of the project's own. Formats are specified in docs/FORMATS.md.
 *
 *  1. Password -> Fernet key: URL-safe base64 of PBKDF2-HMAC-SHA256(pw, salt, n, 32),
 *     as Python's PBKDF2HMAC(...).derive() + base64.urlsafe_b64encode.
 *  2. Legacy CFB ("the tutorial's format"): standard base64 of salt(16) || IV(16) ||
 *     AES-256-CFB128(plaintext) under PBKDF2-HMAC-SHA256(pw, salt, n, 32), n = 100000 by
 *     default. WARNING: it has NO authentication. A wrong password or a tampered text
 *     decrypts to garbage without any error. Use it only to read or write data that must
 *     stay compatible with the tutorial's code; use format 3 for anything new.
 *  3. fcpw1 (authenticated): "fcpw1." || b64url-nopad(iterations as 4 bytes big-endian ||
 *     salt(16)) || "." || Fernet token under the key of scheme 1. Any change to the text, or
 *     a wrong password, is FC_ERR_AUTH (or FC_ERR_ENCODING for a malformed header).
 */
#ifndef FC_PASSWORD_H
#define FC_PASSWORD_H

#include <stddef.h>
#include <stdint.h>

#include "fc_common.h"
#include "fc_fernet.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FC_PW_SALT_SIZE           16
#define FC_PW_LEGACY_ITERATIONS   100000u  /* the tutorial's count */
#define FC_PW_DEFAULT_ITERATIONS  1200000u /* fcpw1 default (Python docs' figure since 2025) */
#define FC_PW_MAX_ITERATIONS      10000000u /* fcpw1 decrypt refuses more: FC_ERR_LIMIT */
#define FC_PWFMT_HEADER_LEN       34 /* "fcpw1." + 27 + "." */

/* 1. Fernet key from a password. iterations >= 1 (else FC_ERR_ARG). */
FC_MUST_CHECK fc_err fc_password_fernet_key(uint8_t key[FC_FERNET_KEY_SIZE],
                                            const uint8_t *pw, size_t pw_len,
                                            const uint8_t *salt, size_t salt_len,
                                            uint32_t iterations);

/* 2. Legacy CFB (UNAUTHENTICATED, see above). */
size_t fc_legacy_cfb_text_len(size_t msg_len);   /* exact; SIZE_MAX on overflow */
size_t fc_legacy_cfb_plain_max(size_t text_len); /* 0 when no text has that length */

FC_MUST_CHECK fc_err fc_legacy_cfb_encrypt(char *out, size_t out_cap, size_t *out_len,
                                           const uint8_t *pw, size_t pw_len,
                                           const uint8_t salt[FC_PW_SALT_SIZE],
                                           const uint8_t iv[FC_AES_BLOCK_SIZE],
                                           uint32_t iterations,
                                           const uint8_t *msg, size_t msg_len);

/* Decodes, derives, decrypts. Only malformed base64 or a text shorter than 32 bytes is
 * an error (FC_ERR_ENCODING); a wrong password yields garbage and FC_OK. */
FC_MUST_CHECK fc_err fc_legacy_cfb_decrypt(uint8_t *out, size_t out_cap, size_t *out_len,
                                           const uint8_t *pw, size_t pw_len,
                                           uint32_t iterations,
                                           const char *text, size_t text_len);

/* 3. fcpw1, one-shot. */
size_t fc_pwfmt_text_len(size_t msg_len);   /* exact; SIZE_MAX on overflow */
size_t fc_pwfmt_plain_max(size_t text_len);

FC_MUST_CHECK fc_err fc_pwfmt_encrypt_at(char *out, size_t out_cap, size_t *out_len,
                                         const uint8_t *pw, size_t pw_len,
                                         const uint8_t salt[FC_PW_SALT_SIZE],
                                         uint32_t iterations, uint64_t now,
                                         const uint8_t iv[FC_FERNET_IV_SIZE],
                                         const uint8_t *msg, size_t msg_len);

/* No time check. FC_ERR_LIMIT when the header asks for more than max_iterations
 * (pass FC_PW_MAX_ITERATIONS unless you have a reason), before any key derivation. */
FC_MUST_CHECK fc_err fc_pwfmt_decrypt(uint8_t *out, size_t out_cap, size_t *out_len,
                                      const uint8_t *pw, size_t pw_len,
                                      uint32_t max_iterations,
                                      const char *text, size_t text_len);

/* fcpw1 pieces for streaming (the CLI): write the header for (salt, iterations) and derive
 * the Fernet key the body uses; or parse a header (the first FC_PWFMT_HEADER_LEN
 * characters of text), check it against max_iterations, and derive the key. The body is
 * then an ordinary Fernet token (fc_fernet_enc_* / fc_fernet_dec_*). */
FC_MUST_CHECK fc_err fc_pwfmt_header(char out[FC_PWFMT_HEADER_LEN],
                                     uint8_t key[FC_FERNET_KEY_SIZE],
                                     const uint8_t *pw, size_t pw_len,
                                     const uint8_t salt[FC_PW_SALT_SIZE], uint32_t iterations);

FC_MUST_CHECK fc_err fc_pwfmt_open_header(uint8_t key[FC_FERNET_KEY_SIZE], uint32_t *iterations,
                                          const char *text, size_t text_len,
                                          const uint8_t *pw, size_t pw_len,
                                          uint32_t max_iterations);

#ifdef __cplusplus
}
#endif

#endif /* FC_PASSWORD_H */
