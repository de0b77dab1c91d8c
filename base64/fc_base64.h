/*
 * fernet-c base64 (RFC 4648 sections 4 and 5).
 */
#ifndef FC_BASE64_H
#define FC_BASE64_H

#include <stddef.h>
#include <stdint.h>

#include "fc_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Flags, combined with |. 0 means the standard alphabet with '=' padding. */
#define FC_BASE64_URL   1u /* RFC 4648 section 5 alphabet ('-' and '_') */
#define FC_BASE64_NOPAD 2u /* encode: no '='; decode: '=' must be absent */

/* Exact number of characters encoding len bytes produces (no NUL counted).
 * Returns SIZE_MAX when the result would not fit in a size_t. */
size_t fc_base64_encoded_len(size_t len, unsigned flags);

/* Largest number of bytes text_len characters can decode to (exact for padded text). */
size_t fc_base64_decoded_max(size_t text_len);

/*
 * Encode in_len bytes into out (out_cap bytes available); *out_len gets the number of
 * characters written. No NUL is written. FC_ERR_BUFFER if out_cap is too small (nothing
 * written). Runs in time independent of the data's values.
 */
FC_MUST_CHECK fc_err fc_base64_encode(char *out, size_t out_cap, size_t *out_len,
                                      const uint8_t *in, size_t in_len, unsigned flags);

/*
 * Strict decode: rejects characters outside the alphabet, missing or misplaced '=',
 * non-zero unused bits in the last character, and a length that no encoding has.
 * On FC_ERR_ENCODING, *err_pos (if err_pos is not NULL) is the offset of the first
 * offending character (in_len when the text ends too early). FC_ERR_BUFFER if out_cap is
 * too small. On any error nothing usable is left in out (it is wiped).
 */
FC_MUST_CHECK fc_err fc_base64_decode(uint8_t *out, size_t out_cap, size_t *out_len,
                                      const char *in, size_t in_len, unsigned flags,
                                      size_t *err_pos);

/*
 * Same rules as fc_base64_decode, but no branch or memory index depends on the characters'
 * values (only on in_len): for secrets such as keys. Reports no error position.
 */
FC_MUST_CHECK fc_err fc_base64_decode_ct(uint8_t *out, size_t out_cap, size_t *out_len,
                                         const char *in, size_t in_len, unsigned flags);

#ifdef __cplusplus
}
#endif

#endif /* FC_BASE64_H */
