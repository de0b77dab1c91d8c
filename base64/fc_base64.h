/*
 * fernet-c base64 (RFC 4648 section 4, standard alphabet; section 5, URL-safe alphabet).
 * Encoding and the constant-time decoder use no data-indexed table.
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
#define FC_BASE64_URL   1u /* RFC 4648 section 5 alphabet ('-' and '_' for '+' and '/') */
#define FC_BASE64_NOPAD 2u /* encode: no '='; decode: '=' must be absent */
#define FC_BASE64_PUBLIC 4u /* encode: the bytes are public (token text, never a key), so
                             * table and SIMD code may be used; ignored by the decoders */

/* Exact number of characters encoding len bytes produces (no NUL counted); only
 * FC_BASE64_NOPAD in flags matters. Returns SIZE_MAX when the result would be SIZE_MAX or
 * more (no buffer can hold it). */
size_t fc_base64_encoded_len(size_t len, unsigned flags);

/* Largest number of bytes any text of text_len characters decodes to: exact for unpadded
 * text; padded text decodes to up to 2 bytes less (one per '='). Never overflows. */
size_t fc_base64_decoded_max(size_t text_len);

/*
 * Encode in_len bytes into out (out_cap bytes available); *out_len gets the number of
 * characters written (fc_base64_encoded_len). No NUL is written. in may be NULL if in_len
 * is 0, out if out_cap is 0; out_len must not be NULL; out must not overlap in.
 * FC_ERR_ARG for a NULL rule or an unknown flag bit, FC_ERR_BUFFER if out_cap is too small;
 * on error nothing is written and *out_len (if out_len is not NULL) is 0.
 * Time depends only on in_len (characters are computed, not looked up) unless flags has
 * FC_BASE64_PUBLIC.
 */
FC_MUST_CHECK fc_err fc_base64_encode(char *out, size_t out_cap, size_t *out_len,
                                      const uint8_t *in, size_t in_len, unsigned flags);

/*
 * Strict decode of in_len characters (no NUL needed; whitespace is not skipped): rejects
 * characters outside the flags' alphabet, a missing, misplaced or (with FC_BASE64_NOPAD)
 * present '=', non-zero unused bits in the last character, and lengths no encoding has.
 * On FC_ERR_ENCODING, *err_pos (if err_pos is not NULL) is the offset of the first
 * offending character read left to right (a '=' where padding cannot start, anything
 * after padding started, the last character when its unused bits are set), or in_len when
 * the text ends too early. FC_ERR_BUFFER if out_cap < the decoded length; FC_ERR_ARG as
 * for encode. On any error *out_len is 0 and out is untouched: nothing is written before
 * the whole text is checked. out may equal in (decoding in place); no other overlap.
 * Branches on and indexes tables by the characters (fast): for public text only; for
 * secrets use fc_base64_decode_ct.
 */
FC_MUST_CHECK fc_err fc_base64_decode(uint8_t *out, size_t out_cap, size_t *out_len,
                                      const char *in, size_t in_len, unsigned flags,
                                      size_t *err_pos);

/*
 * Same rules, results and errors as fc_base64_decode, but no branch or memory index
 * depends on the characters' values, only on in_len (and, once the text is accepted, on
 * the decoded length): for secrets such as keys. Reports no error position.
 */
FC_MUST_CHECK fc_err fc_base64_decode_ct(uint8_t *out, size_t out_cap, size_t *out_len,
                                         const char *in, size_t in_len, unsigned flags);

#ifdef __cplusplus
}
#endif

#endif /* FC_BASE64_H */
