/*
 * fernet-c AES-128/192/256 (FIPS 197) and the modes CBC, CFB128 and CFB8 (SP 800-38A),
 * plus PKCS#7 padding (RFC 5652 section 6.3). Constant time: a portable bitsliced core, and
 * AES-NI/VAES (x86-64) or Armv8 Crypto Extensions (AArch64) where the CPU has them.
 */
#ifndef FC_AES_H
#define FC_AES_H

#include <stddef.h>
#include <stdint.h>

#include "fc_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FC_AES_BLOCK_SIZE 16

/*
 * Expanded key, one layout for every key size. Caller-allocated, no interior pointers.
 * The fields are the core's internal representation: do not read them.
 */
typedef struct {
    union {               /* round keys in the form the backend below wants */
        uint8_t  b[240];
        uint16_t h[120];
        uint32_t w[60];
        uint64_t d[30];
    } rk;
    uint32_t rounds;      /* 10, 12 or 14 */
    uint32_t backend;     /* which implementation expanded rk (aes/aes_backend.h) */
} fc_aes_ctx;

/* Expand a 16-, 24- or 32-byte key (FIPS 197 section 5.2). Other lengths: FC_ERR_ARG,
 * and *ctx is left wiped. */
FC_MUST_CHECK fc_err fc_aes_init(fc_aes_ctx *ctx, const uint8_t *key, size_t key_len);

/*
 * The same with a named implementation instead of the best one this CPU offers, for tests
 * and benchmarks: "portable" (constant-time bitsliced C, always present), "aesni", "vaes256",
 * "vaes512" (x86-64) or "armv8" (AArch64 Crypto Extensions). NULL picks the best, as
 * fc_aes_init does. FC_ERR_ARG if the name is unknown or this CPU or build lacks it
 * (*ctx is left wiped).
 */
FC_MUST_CHECK fc_err fc_aes_init_backend(fc_aes_ctx *ctx, const uint8_t *key, size_t key_len,
                                         const char *backend);

/* The name of the implementation ctx uses, or with ctx NULL the one fc_aes_init picks on
 * this machine (see fc_aes_init_backend for the names). Never NULL. */
const char *fc_aes_backend_name(const fc_aes_ctx *ctx);

/* Wipe an expanded key. */
void fc_aes_wipe(fc_aes_ctx *ctx);

/* Encrypt / decrypt n independent 16-byte blocks (ECB). out may equal in. */
void fc_aes_encrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n);
void fc_aes_decrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n);

/*
 * CBC over len bytes, a multiple of 16 (else FC_ERR_ARG, nothing written).
 * iv is updated in place, so consecutive calls chain exactly like one call.
 * out may equal in (not other overlaps). No padding: see fc_pkcs7_*.
 */
FC_MUST_CHECK fc_err fc_aes_cbc_encrypt(const fc_aes_ctx *ctx, uint8_t iv[FC_AES_BLOCK_SIZE],
                                        uint8_t *out, const uint8_t *in, size_t len);
FC_MUST_CHECK fc_err fc_aes_cbc_decrypt(const fc_aes_ctx *ctx, uint8_t iv[FC_AES_BLOCK_SIZE],
                                        uint8_t *out, const uint8_t *in, size_t len);

/* CFB streaming state: shift register and position inside the current segment. */
typedef struct {
    uint8_t  reg[FC_AES_BLOCK_SIZE];
    uint32_t pos;
} fc_aes_cfb_ctx;

/* Start a CFB stream (either segment size) with a 16-byte IV. */
void fc_aes_cfb_init(fc_aes_cfb_ctx *st, const uint8_t iv[FC_AES_BLOCK_SIZE]);

/*
 * CFB with 128-bit (cfb128) or 8-bit (cfb8) segments over any len; a message split at any
 * points gives the same bytes as one call. out may equal in. Use one state with one
 * segment size. FC_ERR_ARG for a NULL ctx or st, NULL data with len > 0, or a state whose
 * position is corrupt (>= 16); nothing is written then.
 */
FC_MUST_CHECK fc_err fc_aes_cfb128_encrypt(const fc_aes_ctx *ctx, fc_aes_cfb_ctx *st,
                                           uint8_t *out, const uint8_t *in, size_t len);
FC_MUST_CHECK fc_err fc_aes_cfb128_decrypt(const fc_aes_ctx *ctx, fc_aes_cfb_ctx *st,
                                           uint8_t *out, const uint8_t *in, size_t len);
FC_MUST_CHECK fc_err fc_aes_cfb8_encrypt(const fc_aes_ctx *ctx, fc_aes_cfb_ctx *st,
                                         uint8_t *out, const uint8_t *in, size_t len);
FC_MUST_CHECK fc_err fc_aes_cfb8_decrypt(const fc_aes_ctx *ctx, fc_aes_cfb_ctx *st,
                                         uint8_t *out, const uint8_t *in, size_t len);

/* Length after PKCS#7 padding to 16-byte blocks (always 1..16 bytes added);
 * SIZE_MAX if it would not fit in size_t. */
size_t fc_pkcs7_padded_len(size_t len);

/*
 * Pad in place: buf holds msg_len message bytes and has room for buf_cap bytes; the pad
 * is appended and *out_len set to fc_pkcs7_padded_len(msg_len). FC_ERR_ARG if msg_len >
 * buf_cap or out_len is NULL. FC_ERR_BUFFER if it does
 * not fit (nothing written).
 */
FC_MUST_CHECK fc_err fc_pkcs7_pad(uint8_t *buf, size_t buf_cap, size_t msg_len,
                                  size_t *out_len);

/*
 * Check the padding of len bytes without branching on their content; on success *msg_len
 * is the unpadded length. Malformed input: an empty buffer, a length that is not a multiple
 * of 16, a last byte of 0 or > 16, or inconsistent pad bytes: FC_ERR_PADDING, *msg_len
 * untouched. FC_ERR_ARG only for msg_len NULL or buf NULL with len > 0 (buf may be NULL
 * when len is 0).
 */
FC_MUST_CHECK fc_err fc_pkcs7_unpad(size_t *msg_len, const uint8_t *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* FC_AES_H */
