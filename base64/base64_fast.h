/*
 * fernet-c base64: fast paths for PUBLIC text (token text, never keys). They may branch on
 * and index by the characters. Internal: used by fc_base64_decode and by fc_base64_encode
 * with FC_BASE64_PUBLIC. Size builds (FC_SMALL, fc_internal.h: -Os, firmware; or
 * -DFC_BASE64_SMALL) compile them out and keep the arithmetic code of base64.c, two of
 * whose bodies they declare instead: Fernet's token text calls them without the public
 * functions' checks, which it needs not (and so links no second copy).
 */
#ifndef FC_BASE64_FAST_H
#define FC_BASE64_FAST_H

#include <stddef.h>
#include <stdint.h>

#include "fc_internal.h"

#if !FC_SMALL && !defined(FC_BASE64_SMALL)
#define FC_BASE64_FAST 1

/* Offset of the first character of in[0..n) outside the alphabet (URL-safe when url is
 * non-zero, else standard; '=' is outside), or n when there is none. */
size_t fc_base64_fast_scan(const char *in, size_t n, int url);

/* Decode nq whole quanta (4 characters -> 3 bytes) already known to be in the alphabet.
 * out may equal in. */
void fc_base64_fast_decode(uint8_t *out, const char *in, size_t nq, int url);

/* Encode ng whole groups (3 bytes -> 4 characters); out must not overlap in. */
void fc_base64_fast_encode(char *out, const uint8_t *in, size_t ng, int url);

/* x86-64 AVX2 versions of the above over as many 32-character (24-byte) blocks as they can
 * take; each returns how many blocks (scan: characters checked, all valid) it handled.
 * Present when FC_BASE64_AVX2 is defined; they must only be called when the CPU has AVX2. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && __STDC_HOSTED__
#define FC_BASE64_AVX2 1
int fc_base64_have_avx2(void);
size_t fc_base64_avx2_scan(const char *in, size_t n, int url);
size_t fc_base64_avx2_decode(uint8_t *out, const char *in, size_t nblocks, int url);
size_t fc_base64_avx2_encode(char *out, const uint8_t *in, size_t nblocks, int url);
#endif

#else /* size builds: base64.c's arithmetic code, two entry points for Fernet's token text */

/* Encode in_len bytes as fc_base64_encode does, without its checks: out holds
 * fc_base64_encoded_len(in_len, flags) characters. Returns how many were written. */
size_t fc_base64_put(char *out, const uint8_t *in, size_t in_len, unsigned flags);

/* The constant-time check and decode of fc_base64_decode_ct in one pass, without its
 * checks: returns 0 when the n characters are accepted (n a length some encoding has), else
 * a non-zero mask; *pad gets the number of '='. When out is not NULL, the first len decoded
 * bytes (3 per quantum, '=' decoding as zero bits) are written to it whatever the verdict. */
uint32_t fc_base64_ct_run(uint8_t *out, size_t len, const char *in, size_t n, unsigned flags,
                          uint32_t *pad);
#endif /* !FC_SMALL */
#endif /* FC_BASE64_FAST_H */
