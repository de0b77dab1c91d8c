/*
 * fernet-c Fernet internals shared by fernet.c and stream.c: token layout (Fernet spec,
 * "Token Format") and the streaming contexts' private states. Not installed.
 */
#ifndef FERNET_PRIVATE_H
#define FERNET_PRIVATE_H

#include <stdint.h>

#include "aes_backend.h"
#include "base64_fast.h"
#include "fc_base64.h"
#include "fc_fernet.h"
#include "fc_internal.h"
#include "sha256_backend.h"

#define FERNET_HDR_SIZE 25 /* version (1) || timestamp (8, big-endian) || IV (16) */
#define FERNET_TAG_SIZE 32 /* HMAC-SHA256 over everything before it */
#define FERNET_MIN_RAW  73 /* header, one ciphertext block, tag */
#define FERNET_SUBKEY   16 /* signing key = key[0..16), encryption key = key[16..32) */

/* Keeps a helper that is called more than once out of line: -Os inlines small static
 * functions into each caller, which costs firmware code. */
#if defined(__GNUC__) || defined(__clang__)
#define FERNET_NOINLINE __attribute__((noinline))
#else
#define FERNET_NOINLINE
#endif

/* Fernet spec "Verifying" step 4, for the one-shot and both streaming passes: the HMAC
 * that *mac has absorbed equals tag, compared in constant time, and diff (pass 2's
 * differences from the verified tag; 0 elsewhere) is zero. Only the verdict is public;
 * *mac is wiped by its final. (fernet.c) */
int fc_fernet_mac_verdict(fc_hmac_sha256_ctx *mac, const uint8_t tag[FERNET_TAG_SIZE],
                          uint32_t diff);

/* Context states: magic values, so a zeroed (wiped) context is out of order. */
#define FERNET_ENC_LIVE   0x464e4531u
#define FERNET_VERIFY_LIVE 0x464e5631u /* pass 1 running */
#define FERNET_VERIFY_DONE 0x464e5632u /* pass 1 verified: key and tag await a decryptor */
#define FERNET_VERIFY_DEAD 0x464e5658u /* the text was rejected */
#define FERNET_DEC_LIVE    0x464e4432u /* pass 2 running */

/*
 * Token text. It is public: whoever holds a token sees every character, and the bytes it
 * carries (header, ciphertext, tag) are what encryption publishes. So where base64 has its
 * table and SIMD paths (FC_BASE64_FAST: not in size-optimised firmware builds) the token
 * text goes through them; key text never does (fc_fernet_key_decode keeps
 * fc_base64_decode_ct). Without the fast paths the token keeps the constant-time decoder
 * too, so firmware links one decoder, not two.
 *
 * For the constant-time gate (valgrind, FC_CT_TEST) the bytes are derived from secrets
 * (the ciphertext and tag from the keys and the message) or marked secret by the test (the
 * received tag's characters), so the fast paths' lookups would be reported: they are
 * declassified first. That hides nothing the gate must see: the comparison of the tag the
 * key computes with the one received, and everything done with the keys and the plaintext,
 * still run on undefined bytes.
 */
#ifdef FC_BASE64_FAST
#define FERNET_TEXT_FAST 1
#endif

/*
 * Hosted x86-64 with AES-NI and SHA-NI compiled in: the encryptor's CBC and HMAC run
 * stitched (fernet_x86.c). Encrypt n bytes (a multiple of 16) of in into ct under *aes
 * in CBC mode from chain (updated), and absorb ct into *sha, exactly as fc_aes_cbc_encrypt
 * then fc_sha256_update would. Returns 1 when done, 0 (nothing touched) when the caller
 * must do it the ordinary way: another AES backend or key size, no SHA-NI, or n too short
 * to gain. ct must not overlap in.
 */
#if defined(FERNET_TEXT_FAST) && defined(FC_HAVE_AESNI) && defined(FC_HAVE_SHANI)
#define FERNET_STITCH 1
int fc_fernet_ni_seal(const fc_aes_ctx *aes, uint8_t chain[FC_AES_BLOCK_SIZE],
                      fc_sha256_ctx *sha, uint8_t *ct, const uint8_t *in, size_t n);
#endif

/* Encode n raw token bytes (a multiple of 3 except at the end of the token) into out. */
static inline fc_err fernet_text_encode(char *out, size_t cap, size_t *w, const uint8_t *raw,
                                        size_t n)
{
#ifdef FERNET_TEXT_FAST
    FC_DECLASSIFY(raw, n); /* about to be published as the token */
    return fc_base64_encode(out, cap, w, raw, n, FC_BASE64_URL | FC_BASE64_PUBLIC);
#else
    (void)cap; /* every caller's cap holds the text: fc_base64_put checks nothing */
    *w = fc_base64_put(out, raw, n, FC_BASE64_URL);
    return FC_OK;
#endif
}

/* Decode n characters of token text (n a multiple of 4) into out (cap >= 3 * n / 4
 * bytes); FC_ERR_ENCODING for text that is not base64url. Only whether the text is base64,
 * and its length, are branched on by the caller, who wipes out (all cap bytes: it may hold
 * bytes past *w, or bytes of rejected text). */
static inline fc_err fernet_text_decode(uint8_t *out, size_t cap, size_t *w, const char *text,
                                        size_t n)
{
    fc_err err;
#ifdef FERNET_TEXT_FAST
    size_t done = 0, nb;

    FC_DECLASSIFY(text, n); /* received: the sender and anyone on the way have read it */
#ifdef FC_BASE64_AVX2
    /* fc_base64_decode checks the whole text before it writes (its contract), a second
     * pass over it. The AVX2 decoder checks each 32-character block as it decodes and
     * stops at the first that is not all alphabet, so whole blocks go through it first,
     * the last quad (perhaps padded) and any block it refused through fc_base64_decode:
     * strictly decoding a text equals decoding an alphabet-only prefix of whole quads and
     * then the rest. Callers wipe out on error, so a partial write is fine here. */
    nb = n > 4 ? (n - 4) / 32 : 0;
    nb = nb < cap / 24 ? nb : cap / 24;
    if (nb > 0 && fc_base64_have_avx2())
        done = fc_base64_avx2_decode(out, text, nb, 1);
#else
    (void)nb;
#endif
    err = fc_base64_decode(out + 24 * done, cap - 24 * done, w, text + 32 * done, n - 32 * done,
                           FC_BASE64_URL, NULL);
    if (err == FC_OK)
        *w += 24 * done;
#else
    /* RFC 4648 section 5, checked and decoded in one constant-time pass. */
    uint32_t pad, bad = fc_base64_ct_run(out, cap, text, n, FC_BASE64_URL, &pad);

    FC_DECLASSIFY(&bad, sizeof bad);
    FC_DECLASSIFY(&pad, sizeof pad);
    err = bad == 0 && n % 4 == 0 ? FC_OK : FC_ERR_ENCODING;
    *w = err == FC_OK ? 3 * (n / 4) - pad : 0;
#endif
    FC_DECLASSIFY(&err, sizeof err);
    FC_DECLASSIFY(w, sizeof *w);
    return err;
}

/* Python's Fernet._decrypt_data time rules, without overflow for any uint64_t. */
static inline fc_err fernet_time(uint64_t ts, uint64_t now, uint64_t ttl)
{
    if (ttl == FC_FERNET_NO_TTL)
        return FC_OK;
    if (ts < now && now - ts > ttl) /* timestamp + ttl < now */
        return FC_ERR_EXPIRED;
    if (ts > now && ts - now > FC_FERNET_MAX_CLOCK_SKEW) /* now + 60 < timestamp */
        return FC_ERR_FUTURE;
    return FC_OK;
}

#endif /* FERNET_PRIVATE_H */
