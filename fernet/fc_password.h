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
 *     a wrong password, is an error: FC_ERR_AUTH, or FC_ERR_ENCODING / FC_ERR_LIMIT for a
 *     malformed header or one that asks for too many iterations.
 *
 * No heap. Worst stack use on Cortex-M4 (-Os; `make cross-arm`, then
 * tools/stack_usage.py build/arm arm-none-eabi-objdump fc_): fc_fernet_key_derive 1448 B,
 * fc_fcpw1_header_write / fc_fcpw1_header_read 1512 B, fc_legacy_cfb_encrypt 1880 B,
 * fc_legacy_cfb_decrypt 1952 B (both run the streaming calls below; a context is ~340 B),
 * fc_fcpw1_encrypt_at 2172 B, fc_fcpw1_decrypt 2540 B.
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

#define FC_PASSWORD_SALT_SIZE           16
#define FC_LEGACY_CFB_ITERATIONS   100000u  /* the tutorial's count */
#define FC_FCPW1_DEFAULT_ITERATIONS  1200000u /* fcpw1 default (Python docs' figure since 2025) */
#define FC_FCPW1_MAX_ITERATIONS      10000000u /* fcpw1 decrypt refuses more: FC_ERR_LIMIT
                                             * (about 8x the default; docs/FORMATS.md) */
#define FC_FCPW1_HEADER_LEN       34 /* "fcpw1." + 27 + "." */

/*
 * 1. Fernet key from a password: key = PBKDF2-HMAC-SHA256(pw, salt, iterations, 32 bytes);
 * its text form (fc_fernet_key_encode) is Python's urlsafe_b64encode of the same bytes.
 * Any salt length (the tutorials use 16 random bytes). pw and salt may be NULL only when
 * their length is 0. iterations >= 1, else FC_ERR_ARG. On error nothing is written.
 */
FC_MUST_CHECK fc_err fc_fernet_key_derive(uint8_t key[FC_FERNET_KEY_SIZE],
                                            const uint8_t *pw, size_t pw_len,
                                            const uint8_t *salt, size_t salt_len,
                                            uint32_t iterations);

/* 2. Legacy CFB (UNAUTHENTICATED, see above). */

/* Exact text length for a msg_len-byte message; SIZE_MAX on overflow. */
size_t fc_legacy_cfb_text_len(size_t msg_len);
/* Largest message a text of text_len characters can hold (the real one is at most 2 bytes
 * shorter, by the '=' padding); 0 when no text has that length. */
size_t fc_legacy_cfb_plain_max(size_t text_len);

/*
 * Write the text (standard base64 with '=' padding; no NUL, no newline). out_cap must be
 * at least fc_legacy_cfb_text_len(msg_len), else FC_ERR_BUFFER with nothing written.
 * salt and iv must be unpredictable and fresh for each text. iterations >= 1 (else
 * FC_ERR_ARG); the tutorial's value is FC_LEGACY_CFB_ITERATIONS. msg may be NULL when
 * msg_len is 0; out must not overlap msg. The derived key and cipher state are wiped.
 */
FC_MUST_CHECK fc_err fc_legacy_cfb_encrypt(char *out, size_t out_cap, size_t *out_len,
                                           const uint8_t *pw, size_t pw_len,
                                           const uint8_t salt[FC_PASSWORD_SALT_SIZE],
                                           const uint8_t iv[FC_AES_BLOCK_SIZE],
                                           uint32_t iterations,
                                           const uint8_t *msg, size_t msg_len);

/*
 * Decodes, derives, decrypts. The text must be strict standard base64 (padding required,
 * canonical last character, no whitespace: strip line ends first). Only malformed base64
 * or a text shorter than 32 bytes is an error (FC_ERR_ENCODING, checked over the whole
 * text before the key is derived, nothing written); a wrong password, a wrong iteration
 * count or a changed text yields garbage and FC_OK. out_cap must be at least the message
 * length (fc_legacy_cfb_plain_max(text_len) always is), else FC_ERR_BUFFER.
 */
FC_MUST_CHECK fc_err fc_legacy_cfb_decrypt(uint8_t *out, size_t out_cap, size_t *out_len,
                                           const uint8_t *pw, size_t pw_len,
                                           uint32_t iterations,
                                           const char *text, size_t text_len);

/*
 * Legacy CFB, streaming (the CLI; constant memory for any length). The concatenated output
 * of init/update/final equals the one-shot call's byte for byte, for any split of the input.
 * Contexts hold the expanded AES key: keep them private, and let final or wipe clear them.
 *
 * Encrypt: fc_legacy_cfb_enc_init derives the key (same arguments and FC_ERR_ARG cases as
 * fc_legacy_cfb_encrypt) and writes nothing. update writes the text that is now complete:
 * out_cap must be at least fc_legacy_cfb_enc_update_max(msg_len), else FC_ERR_BUFFER with
 * nothing written and the state unchanged; msg may be NULL when msg_len is 0; out must not
 * overlap msg. final writes the rest with '=' padding (at most FC_LEGACY_CFB_ENC_FINAL_MAX
 * characters, else FC_ERR_BUFFER, state unchanged) and wipes *ctx. Calls out of order, or
 * on a wiped context: FC_ERR_STATE.
 */
#define FC_LEGACY_CFB_ENC_FINAL_MAX 64  /* characters enc_final may write */
#define FC_LEGACY_CFB_HEAD_LEN      44  /* characters dec_init reads: salt, IV, 1st byte */
#define FC_LEGACY_CFB_DEC_FINAL_MAX 48  /* bytes dec_final may write */

typedef struct {
    fc_aes_ctx aes;
    fc_aes_cfb_ctx cfb;
    uint8_t pend[48];       /* bytes not yet encoded (whole 3-byte groups go out in 48s) */
    uint32_t pend_len, state;
} fc_legacy_cfb_enc_ctx;

size_t fc_legacy_cfb_enc_update_max(size_t msg_len);

FC_MUST_CHECK fc_err fc_legacy_cfb_enc_init(fc_legacy_cfb_enc_ctx *ctx,
                                            const uint8_t *pw, size_t pw_len,
                                            const uint8_t salt[FC_PASSWORD_SALT_SIZE],
                                            const uint8_t iv[FC_AES_BLOCK_SIZE],
                                            uint32_t iterations);
FC_MUST_CHECK fc_err fc_legacy_cfb_enc_update(fc_legacy_cfb_enc_ctx *ctx, char *out,
                                              size_t out_cap, size_t *out_len,
                                              const uint8_t *msg, size_t msg_len);
FC_MUST_CHECK fc_err fc_legacy_cfb_enc_final(fc_legacy_cfb_enc_ctx *ctx, char *out,
                                             size_t out_cap, size_t *out_len);
void fc_legacy_cfb_enc_wipe(fc_legacy_cfb_enc_ctx *ctx);

/*
 * Decrypt, with the one-shot call's strict rules (no whitespace; '=' only at the very end;
 * canonical last character), checked as the text arrives instead of before any output.
 * fc_legacy_cfb_dec_init reads the text's first FC_LEGACY_CFB_HEAD_LEN characters (salt,
 * IV and, unless the message is empty, its first byte) and derives the key: FC_ERR_ENCODING
 * when they are not base64 or hold less than the 32-byte salt and IV, FC_ERR_ARG as the
 * one-shot call. Feed the characters after them to update, then call final.
 * update writes what the text decrypts to so far, holding back at most 64 characters:
 * out_cap must be at least fc_legacy_cfb_dec_update_max(len), else FC_ERR_BUFFER (nothing
 * written, state unchanged). final checks the end ('=' padding, length a multiple of 4) and
 * writes the last bytes (at most FC_LEGACY_CFB_DEC_FINAL_MAX; else FC_ERR_BUFFER, state
 * unchanged). Malformed base64 anywhere: FC_ERR_ENCODING from update or final, and *ctx is
 * wiped. UNAUTHENTICATED: bytes written before an error, or with a wrong password, are
 * garbage, never a verdict. final and every error wipe *ctx; out of order: FC_ERR_STATE.
 */
typedef struct {
    fc_aes_ctx aes;
    fc_aes_cfb_ctx cfb;
    char held[64];          /* characters not yet decoded; the last group waits for final */
    uint32_t held_len, skip, state;
} fc_legacy_cfb_dec_ctx;

size_t fc_legacy_cfb_dec_update_max(size_t len);

FC_MUST_CHECK fc_err fc_legacy_cfb_dec_init(fc_legacy_cfb_dec_ctx *ctx,
                                            const uint8_t *pw, size_t pw_len,
                                            uint32_t iterations,
                                            const char head[FC_LEGACY_CFB_HEAD_LEN]);
FC_MUST_CHECK fc_err fc_legacy_cfb_dec_update(fc_legacy_cfb_dec_ctx *ctx, uint8_t *out,
                                              size_t out_cap, size_t *out_len,
                                              const char *text, size_t len);
FC_MUST_CHECK fc_err fc_legacy_cfb_dec_final(fc_legacy_cfb_dec_ctx *ctx, uint8_t *out,
                                             size_t out_cap, size_t *out_len);
void fc_legacy_cfb_dec_wipe(fc_legacy_cfb_dec_ctx *ctx);

/* 3. fcpw1, one-shot. */

/* Exact text length for a msg_len-byte message (34 + the Fernet token's); SIZE_MAX on
 * overflow. */
size_t fc_fcpw1_text_len(size_t msg_len);
/* Bytes a decrypt output buffer needs for a text of text_len characters (0 when no valid
 * text has that length). */
size_t fc_fcpw1_plain_max(size_t text_len);

/*
 * Write the text for msg, stamped `now`, with a fresh random salt and IV from the caller.
 * out_cap must be at least fc_fcpw1_text_len(msg_len), else FC_ERR_BUFFER (nothing
 * written). iterations >= 1 (else FC_ERR_ARG); use FC_FCPW1_DEFAULT_ITERATIONS. Counts above
 * FC_FCPW1_MAX_ITERATIONS are written, but readers using the default ceiling refuse them.
 * msg may be NULL when msg_len is 0. No NUL. The derived key is wiped.
 */
FC_MUST_CHECK fc_err fc_fcpw1_encrypt_at(char *out, size_t out_cap, size_t *out_len,
                                         const uint8_t *pw, size_t pw_len,
                                         const uint8_t salt[FC_PASSWORD_SALT_SIZE],
                                         uint32_t iterations, uint64_t now,
                                         const uint8_t iv[FC_FERNET_IV_SIZE],
                                         const uint8_t *msg, size_t msg_len);

/*
 * Open a text. No time check (the token's timestamp is ignored). Checked before any key
 * derivation: FC_ERR_ENCODING for a malformed or non-canonical header or an iteration
 * count of 0; FC_ERR_LIMIT when the header asks for more than max_iterations (pass
 * FC_FCPW1_MAX_ITERATIONS unless you have a reason); FC_ERR_AUTH when the body's length is
 * no token's; FC_ERR_BUFFER when out_cap < fc_fcpw1_plain_max(text_len). Then FC_ERR_AUTH
 * for a wrong password or any change to the text. On every error *out_len is 0 and out
 * holds no plaintext (wiped). The derived key is wiped.
 */
FC_MUST_CHECK fc_err fc_fcpw1_decrypt(uint8_t *out, size_t out_cap, size_t *out_len,
                                      const uint8_t *pw, size_t pw_len,
                                      uint32_t max_iterations,
                                      const char *text, size_t text_len);

/*
 * fcpw1 pieces for streaming (the CLI). The body is an ordinary Fernet token under `key`
 * (fc_fernet_enc_* / fc_fernet_dec_*); wipe key when done.
 *
 * fc_fcpw1_header_write: write the FC_FCPW1_HEADER_LEN header characters for (salt, iterations)
 * (no NUL) and derive key. iterations 0: FC_ERR_ARG. On error key is wiped.
 *
 * fc_fcpw1_header_read: parse the first FC_FCPW1_HEADER_LEN characters of text (text_len
 * may be larger; shorter is FC_ERR_ENCODING), check the count against max_iterations and
 * derive key, with the errors of fc_fcpw1_decrypt. *iterations (may be NULL) gets the
 * header's count on FC_OK and FC_ERR_LIMIT (so a caller can report it), else 0. On error
 * key is wiped.
 */
FC_MUST_CHECK fc_err fc_fcpw1_header_write(char out[FC_FCPW1_HEADER_LEN],
                                     uint8_t key[FC_FERNET_KEY_SIZE],
                                     const uint8_t *pw, size_t pw_len,
                                     const uint8_t salt[FC_PASSWORD_SALT_SIZE], uint32_t iterations);

FC_MUST_CHECK fc_err fc_fcpw1_header_read(uint8_t key[FC_FERNET_KEY_SIZE], uint32_t *iterations,
                                          const char *text, size_t text_len,
                                          const uint8_t *pw, size_t pw_len,
                                          uint32_t max_iterations);

#ifdef __cplusplus
}
#endif

#endif /* FC_PASSWORD_H */
