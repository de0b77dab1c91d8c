/*
 * fernet-c Fernet tokens (Fernet spec, version 0x80), byte-compatible with Python's
 * cryptography.fernet: one-shot calls, several keys (MultiFernet), rotation, and a
 * streaming encryptor and two-pass streaming decryptor for tokens of any size.
 *
 * The core is deterministic: the caller passes the current time and the IV. The platform
 * unit (fc_platform.h) supplies both from the OS for desktop builds.
 * No heap. Worst-case stack of every entry point (Cortex-M4) and the contexts' sizes:
 * docs/STACK.md.
 */
#ifndef FC_FERNET_H
#define FC_FERNET_H

#include <stddef.h>
#include <stdint.h>

#include "fc_common.h"
#include "fc_aes.h"
#include "fc_hmac.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FC_FERNET_KEY_SIZE      32 /* signing key (first 16) || encryption key (last 16) */
#define FC_FERNET_KEY_TEXT_LEN  44 /* URL-safe base64 with padding */
#define FC_FERNET_IV_SIZE       16
#define FC_FERNET_VERSION       0x80
#define FC_FERNET_MAX_CLOCK_SKEW 60 /* seconds a timestamp may lie ahead of now (with a TTL) */
#define FC_FERNET_NO_TTL        UINT64_MAX /* ttl argument: no time check at all */

/* Random source: fill out with len unpredictable bytes; FC_OK or FC_ERR_RANDOM. */
typedef fc_err (*fc_random_fn)(void *rng_ctx, uint8_t *out, size_t len);

/* ---- keys ---- */

/* Text form: URL-safe base64 of the 32 bytes, 44 characters, no NUL written. */
void fc_fernet_key_encode(char out[FC_FERNET_KEY_TEXT_LEN], const uint8_t key[FC_FERNET_KEY_SIZE]);

/* Strict, constant-time decode of a 44-character key text. Anything else: FC_ERR_ENCODING
 * and key is wiped. */
FC_MUST_CHECK fc_err fc_fernet_key_decode(uint8_t key[FC_FERNET_KEY_SIZE], const char *text,
                                          size_t text_len);

/* New key from rnd. A failing source gives FC_ERR_RANDOM and a wiped key. */
FC_MUST_CHECK fc_err fc_fernet_key_generate(uint8_t key[FC_FERNET_KEY_SIZE], fc_random_fn rnd,
                                            void *rng_ctx);

/* ---- sizes ---- */

/* Exact token length in characters for a msg_len-byte message; SIZE_MAX on overflow. */
size_t fc_fernet_token_len(size_t msg_len);

/* Bytes a decrypt output buffer needs for any token of token_len characters: the length of
 * its ciphertext, one block more than the longest message (0 when no token has that length). */
size_t fc_fernet_plain_max(size_t token_len);

/* ---- one-shot ---- */

/*
 * Token for msg under key, stamped `now` (Unix seconds), with the given IV.
 * out_cap must be at least fc_fernet_token_len(msg_len), else FC_ERR_BUFFER (nothing
 * written). No NUL, no newline. msg may be NULL when msg_len is 0; out must not overlap
 * msg. On any other error out is wiped as far as out_cap.
 */
FC_MUST_CHECK fc_err fc_fernet_encrypt_at(char *out, size_t out_cap, size_t *out_len,
                                          const uint8_t key[FC_FERNET_KEY_SIZE], uint64_t now,
                                          const uint8_t iv[FC_FERNET_IV_SIZE],
                                          const uint8_t *msg, size_t msg_len);

/*
 * Open a token as Python's Fernet.decrypt_at_time(token, ttl, now) does.
 * Order: framing -> HMAC (constant time) -> time rules -> CBC -> PKCS#7.
 * ttl == FC_FERNET_NO_TTL: no time check. Otherwise expired when timestamp + ttl < now,
 * and from the future when timestamp > now + 60 (both computed without overflow).
 * Returns FC_ERR_AUTH for anything whose HMAC did not verify (bad text, framing, key);
 * FC_ERR_EXPIRED / FC_ERR_FUTURE / FC_ERR_MALFORMED only for authentic tokens;
 * FC_ERR_BUFFER when out_cap < fc_fernet_plain_max(token_len).
 * No plaintext byte is written before the HMAC verified. On every error (FC_ERR_ARG and
 * FC_ERR_BUFFER included) out is wiped as far as out_cap (when out is not NULL) and
 * *out_len is 0 (when out_len is not NULL).
 * timestamp may be NULL; on FC_OK, FC_ERR_EXPIRED and FC_ERR_FUTURE it gets the token's time.
 * Runs straight through (decode, HMAC, compare, time, CBC, unpad) with the ciphertext
 * decoded into out; no streaming context.
 */
FC_MUST_CHECK fc_err fc_fernet_decrypt_at(uint8_t *out, size_t out_cap, size_t *out_len,
                                          const uint8_t key[FC_FERNET_KEY_SIZE],
                                          const char *token, size_t token_len,
                                          uint64_t now, uint64_t ttl, uint64_t *timestamp);

/* ---- several keys (MultiFernet) ---- */

/*
 * As fc_fernet_decrypt_at, trying keys[0..nkeys-1] in order; *used (may be NULL) gets the
 * index of the key whose HMAC verified. nkeys == 0: FC_ERR_ARG.
 */
FC_MUST_CHECK fc_err fc_fernet_multi_decrypt_at(uint8_t *out, size_t out_cap, size_t *out_len,
                                                const uint8_t (*keys)[FC_FERNET_KEY_SIZE],
                                                size_t nkeys, const char *token,
                                                size_t token_len, uint64_t now, uint64_t ttl,
                                                uint64_t *timestamp, size_t *used);

/*
 * MultiFernet.rotate: open token with any of keys (no time check), then re-encrypt its
 * message under keys[0] with the original timestamp and the new iv. The result has the
 * same length as the input token; out_cap must be at least token_len; out must not overlap
 * token. On every error out is wiped as far as out_cap and *out_len is 0 (each when not
 * NULL).
 */
FC_MUST_CHECK fc_err fc_fernet_multi_rotate(char *out, size_t out_cap, size_t *out_len,
                                            const uint8_t (*keys)[FC_FERNET_KEY_SIZE],
                                            size_t nkeys, const char *token, size_t token_len,
                                            const uint8_t iv[FC_FERNET_IV_SIZE]);

/* Authenticated timestamp (Python's extract_timestamp): HMAC verified with one of keys,
 * no time check. FC_ERR_AUTH otherwise. */
FC_MUST_CHECK fc_err fc_fernet_extract_timestamp(uint64_t *timestamp,
                                                 const uint8_t (*keys)[FC_FERNET_KEY_SIZE],
                                                 size_t nkeys, const char *token,
                                                 size_t token_len);

/* ---- streaming encryptor: plaintext chunks in, token text chunks out ---- */

/* Contents are private; the struct is public only so it can live on the stack. */
typedef struct {
    fc_aes_ctx aes;
    fc_hmac_sha256_ctx mac;
    uint8_t chain[FC_AES_BLOCK_SIZE]; /* CBC chaining value */
    uint8_t pend[FC_AES_BLOCK_SIZE];  /* plaintext not yet a whole block */
    uint8_t raw[32];                  /* token bytes not yet base64-encoded */
    uint32_t pend_len, raw_len, state;
} fc_fernet_enc_ctx;

/* Characters one fc_fernet_enc_update over in_len bytes may write, at most. */
size_t fc_fernet_enc_update_max(size_t in_len);
/* Characters fc_fernet_enc_final may write: the whole token of an empty message when no
 * update came first (25 header + 16 + 32 bytes). */
#define FC_FERNET_ENC_FINAL_MAX 100

/* Start a token (no output yet). */
void fc_fernet_enc_init(fc_fernet_enc_ctx *st, const uint8_t key[FC_FERNET_KEY_SIZE], uint64_t now,
                        const uint8_t iv[FC_FERNET_IV_SIZE]);

/* Absorb in_len plaintext bytes, write the token text that is now complete. out_cap must be
 * at least fc_fernet_enc_update_max(in_len) (else FC_ERR_BUFFER, state unchanged). */
FC_MUST_CHECK fc_err fc_fernet_enc_update(fc_fernet_enc_ctx *st, char *out, size_t out_cap,
                                          size_t *out_len, const uint8_t *in, size_t in_len);

/* Pad, MAC, and write the rest of the token; then wipe *st. out_cap must hold the rest
 * (FC_FERNET_ENC_FINAL_MAX always does), else FC_ERR_BUFFER with the state unchanged. The
 * concatenated output of every call equals fc_fernet_encrypt_at's token byte for byte. */
FC_MUST_CHECK fc_err fc_fernet_enc_final(fc_fernet_enc_ctx *st, char *out, size_t out_cap,
                                         size_t *out_len);

/* ---- two-pass streaming decryptor ----
 * Pass 1: a verifier reads the token text (chunks of any size) and checks framing, HMAC and
 * time; it decrypts nothing. Pass 2: a decryptor started from that verifier reads the same
 * text again and decrypts it. Pass 2 decodes every character, recomputes the HMAC and
 * compares, in constant time, both the HMAC and the tag it reads with the tag pass 1
 * verified: if any character changed between the passes, dec_update or dec_final returns an
 * error and the caller must discard everything pass 2 wrote. Feed exactly the token's
 * characters (no surrounding whitespace). Contents are private; the structs are public
 * only so they can live on the stack. */
typedef struct {
    fc_hmac_sha256_ctx mac;
    uint8_t key[FC_FERNET_KEY_SIZE]; /* kept for the decryptor until it takes over */
    uint8_t tag[32];                 /* the last bytes seen; after final the verified tag */
    char quad[4];                    /* base64 characters not yet decoded */
    uint64_t text_len;               /* characters seen */
    uint64_t total;                  /* token bytes decoded */
    uint64_t timestamp;
    uint32_t tag_len, quad_len, state;
} fc_fernet_verify_ctx;

typedef struct {
    fc_aes_ctx aes;
    fc_hmac_sha256_ctx mac;          /* HMAC of pass 2's bytes before the tag */
    uint8_t tag[32];                 /* the tag pass 1 verified */
    uint8_t chain[FC_AES_BLOCK_SIZE];
    uint8_t held[FC_AES_BLOCK_SIZE]; /* last decrypted block, released only by final */
    uint8_t blk[FC_AES_BLOCK_SIZE];  /* ciphertext not yet a whole block */
    char quad[4];                    /* base64 characters not yet decoded */
    uint64_t text_len;               /* characters pass 1 verified */
    uint64_t fed;                    /* characters of pass 2 so far */
    uint64_t total;                  /* token bytes (pass 1) */
    uint64_t pos;                    /* token bytes decoded in pass 2 */
    uint32_t quad_len, blk_len, diff, state;
} fc_fernet_dec_ctx;

/* Start pass 1 with key (copied into *v). */
void fc_fernet_verify_init(fc_fernet_verify_ctx *v, const uint8_t key[FC_FERNET_KEY_SIZE]);

/* Pass 1. FC_ERR_AUTH as soon as the text cannot be a token, checked per 4-character group
 * (*v is then wiped and dead: later calls keep answering FC_ERR_AUTH). FC_ERR_STATE after
 * final or on a zeroed context; text may be NULL when len is 0. */
FC_MUST_CHECK fc_err fc_fernet_verify_update(fc_fernet_verify_ctx *v, const char *text,
                                             size_t len);

/* End of pass 1: FC_OK, FC_ERR_AUTH, or (authentic tokens only) FC_ERR_EXPIRED /
 * FC_ERR_FUTURE. timestamp (may be NULL) as in fc_fernet_decrypt_at. On FC_OK *v keeps the
 * key and the verified tag for fc_fernet_dec_init (fc_fernet_verify_wipe if no pass 2
 * follows); on any error *v is wiped. */
FC_MUST_CHECK fc_err fc_fernet_verify_final(fc_fernet_verify_ctx *v, uint64_t now, uint64_t ttl,
                                            uint64_t *timestamp);

/* Start pass 2 from a verifier whose final returned FC_OK: FC_OK, else FC_ERR_STATE (for
 * any other verifier, e.g. one that failed or was already used), FC_ERR_ARG if st or v is
 * NULL. Wipes *v (when not NULL) either way. */
FC_MUST_CHECK fc_err fc_fernet_dec_init(fc_fernet_dec_ctx *st, fc_fernet_verify_ctx *v);

/* Bytes one fc_fernet_dec_update over len characters may write, at most. */
size_t fc_fernet_dec_update_max(size_t len);
#define FC_FERNET_DEC_FINAL_MAX 16 /* bytes fc_fernet_dec_final may write */

/* Pass 2. Writes the plaintext blocks this text completes, except the token's last block.
 * fc_fernet_dec_update_max(len) always suffices; below what this call writes: FC_ERR_BUFFER
 * and the state unchanged. Text longer than pass 1's, or not base64: FC_ERR_AUTH, and the
 * context is wiped and dead. Not started by fc_fernet_dec_init: FC_ERR_STATE.
 * On every error out (as far as out_cap) is wiped and *out_len (if out_len is not NULL) is 0. */
FC_MUST_CHECK fc_err fc_fernet_dec_update(fc_fernet_dec_ctx *st, uint8_t *out, size_t out_cap,
                                          size_t *out_len, const char *text, size_t len);

/* End of pass 2: FC_OK, or FC_ERR_AUTH (the text differed from pass 1 in any character,
 * the tag's included) or FC_ERR_MALFORMED (bad padding). Wipes *st either way, except that
 * out_cap below FC_FERNET_DEC_FINAL_MAX gives FC_ERR_BUFFER with the state unchanged.
 * On every error out (as far as out_cap) is wiped and *out_len (if not NULL) is 0. */
FC_MUST_CHECK fc_err fc_fernet_dec_final(fc_fernet_dec_ctx *st, uint8_t *out, size_t out_cap,
                                         size_t *out_len);

/* Wipe a context that will not be finished (e.g. after an error). */
void fc_fernet_verify_wipe(fc_fernet_verify_ctx *v);
void fc_fernet_dec_wipe(fc_fernet_dec_ctx *st);
void fc_fernet_enc_wipe(fc_fernet_enc_ctx *st);

#ifdef __cplusplus
}
#endif

#endif /* FC_FERNET_H */
