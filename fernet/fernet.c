/*
 * fernet-c Fernet tokens (Fernet spec, version 0x80; Python's cryptography.fernet): keys,
 * sizes, one-shot encrypt and decrypt, several keys (MultiFernet), rotation, timestamps.
 * The one-shot calls run the streaming code of stream.c over the whole token in memory.
 */
#include <string.h>

#include "fc_internal.h"
#include "fc_base64.h"
#include "fc_fernet.h"
#include "fernet_private.h"

#define FERNET_ROT_CHARS 64 /* token characters per rotation step */

/* ---- keys ---- */

void fc_fernet_key_encode(char out[FC_FERNET_KEY_TEXT_LEN], const uint8_t key[FC_FERNET_KEY_SIZE])
{
    size_t n = 0;
    fc_err err = fc_base64_encode(out, FC_FERNET_KEY_TEXT_LEN, &n, key, FC_FERNET_KEY_SIZE,
                                  FC_BASE64_URL);

    (void)err; /* 44 characters always fit 32 bytes */
}

fc_err fc_fernet_key_decode(uint8_t key[FC_FERNET_KEY_SIZE], const char *text, size_t text_len)
{
    uint8_t buf[FC_FERNET_KEY_SIZE + 1]; /* what 44 characters can hold */
    size_t n = 0;
    fc_err err = FC_ERR_ENCODING;

    if (key == NULL)
        return FC_ERR_ARG;
    if (text != NULL && text_len == FC_FERNET_KEY_TEXT_LEN) {
        err = fc_base64_decode_ct(buf, sizeof buf, &n, text, text_len, FC_BASE64_URL);
        /* Only "is this a key" becomes public, never the key's bytes. */
        FC_DECLASSIFY(&err, sizeof err);
        FC_DECLASSIFY(&n, sizeof n);
        if (err != FC_OK || n != FC_FERNET_KEY_SIZE)
            err = FC_ERR_ENCODING;
    }
    if (err == FC_OK)
        memcpy(key, buf, FC_FERNET_KEY_SIZE);
    else
        fc_wipe(key, FC_FERNET_KEY_SIZE);
    fc_wipe(buf, sizeof buf);
    return err;
}

fc_err fc_fernet_key_generate(uint8_t key[FC_FERNET_KEY_SIZE], fc_random_fn rnd, void *rng_ctx)
{
    if (key == NULL)
        return FC_ERR_ARG;
    if (rnd == NULL) {
        fc_wipe(key, FC_FERNET_KEY_SIZE);
        return FC_ERR_ARG;
    }
    if (rnd(rng_ctx, key, FC_FERNET_KEY_SIZE) != FC_OK) {
        fc_wipe(key, FC_FERNET_KEY_SIZE);
        return FC_ERR_RANDOM;
    }
    return FC_OK;
}

/* ---- sizes ---- */

size_t fc_fernet_token_len(size_t msg_len)
{
    size_t blocks = msg_len / 16, raw, groups;

    /* header || PKCS#7-padded message (always 1..16 bytes added) || tag */
    if (blocks > (SIZE_MAX - FERNET_MIN_RAW) / 16)
        return SIZE_MAX;
    raw = FERNET_MIN_RAW + 16 * blocks;
    groups = raw / 3 + (raw % 3 != 0);
    return groups > SIZE_MAX / 4 ? SIZE_MAX : 4 * groups;
}

size_t fc_fernet_plain_max(size_t token_len)
{
    size_t n = token_len / 4, raw, pad;

    /* Padded base64 of raw bytes has 4 * ceil(raw / 3) characters: raw is 3n, 3n-1 or 3n-2;
     * a token has 73 + 16k bytes, and needs the whole ciphertext (final writes 16 at once). */
    if (token_len % 4 != 0 || n == 0)
        return 0;
    for (pad = 0; pad < 3; pad++) {
        raw = 3 * n - pad;
        if (raw >= FERNET_MIN_RAW && (raw - FERNET_MIN_RAW) % 16 == 0)
            return raw - FERNET_HDR_SIZE - FERNET_TAG_SIZE;
    }
    return 0;
}

/* ---- one-shot ---- */

fc_err fc_fernet_encrypt_at(char *out, size_t out_cap, size_t *out_len,
                            const uint8_t key[FC_FERNET_KEY_SIZE], uint64_t now,
                            const uint8_t iv[FC_FERNET_IV_SIZE], const uint8_t *msg,
                            size_t msg_len)
{
    fc_fernet_enc_ctx st;
    size_t need = fc_fernet_token_len(msg_len), a = 0, b = 0;
    fc_err err;

    if (out_len == NULL || key == NULL || iv == NULL || FC_BAD_BUF(msg, msg_len) ||
        FC_BAD_BUF(out, out_cap) || need == SIZE_MAX)
        return FC_ERR_ARG;
    if (out_cap < need)
        return FC_ERR_BUFFER;
    /* enc_update over the whole message writes at most need - (what final writes). */
    fc_fernet_enc_init(&st, key, now, iv);
    err = fc_fernet_enc_update(&st, out, out_cap, &a, msg, msg_len);
    if (err == FC_OK)
        err = fc_fernet_enc_final(&st, out + a, out_cap - a, &b);
    if (err != FC_OK) {
        fc_fernet_enc_wipe(&st);
        fc_wipe(out, out_cap);
        return err;
    }
    *out_len = a + b;
    return FC_OK;
}

/*
 * Pass 1 with keys[0], keys[1], ... until one key's HMAC verifies (then *used is its index
 * and st, on FC_OK, is ready for pass 2). FC_ERR_AUTH when none does. With a stash (the
 * caller's output buffer, stash_cap >= the ciphertext's length) the ciphertext lands there
 * and is decrypted in place once verified: only dec_final remains.
 */
static fc_err fernet_verify(fc_fernet_dec_ctx *st, const uint8_t (*keys)[FC_FERNET_KEY_SIZE],
                            size_t nkeys, const char *token, size_t token_len, uint64_t now,
                            uint64_t ttl, uint64_t *timestamp, size_t *used, uint8_t *stash,
                            size_t stash_cap)
{
    size_t i;
    fc_err err;

    for (i = 0; i < nkeys; i++) {
        fc_fernet_dec_init(st, keys[i]);
        st->flags = FERNET_DEC_ONE_SHOT;
        st->stash = stash;
        st->stash_cap = stash_cap;
        err = fc_fernet_dec_verify_update(st, token, token_len);
        if (err == FC_OK)
            err = fc_fernet_dec_verify_final(st, now, ttl, timestamp);
        if (err != FC_ERR_AUTH) {
            *used = i;
            return err;
        }
    }
    return FC_ERR_AUTH;
}

/* Open a token with any of keys: pass 1, then pass 2 straight into out. */
static fc_err fernet_decrypt(uint8_t *out, size_t out_cap, size_t *out_len,
                             const uint8_t (*keys)[FC_FERNET_KEY_SIZE], size_t nkeys,
                             const char *token, size_t token_len, uint64_t now, uint64_t ttl,
                             uint64_t *timestamp, size_t *used)
{
    fc_fernet_dec_ctx st;
    size_t need, a = 0, b = 0, idx = 0;
    uint64_t ts = 0;
    fc_err err;

    if (out_len == NULL || keys == NULL || nkeys == 0 || FC_BAD_BUF(out, out_cap) ||
        FC_BAD_BUF(token, token_len))
        return FC_ERR_ARG;
    need = fc_fernet_plain_max(token_len);
    if (out_cap < need)
        return FC_ERR_BUFFER;
    err = need == 0 ? FC_ERR_AUTH
                    : fernet_verify(&st, keys, nkeys, token, token_len, now, ttl, &ts, &idx,
                                    out, need);
    if (err == FC_OK) {
        a = need - FC_FERNET_DEC_FINAL_MAX; /* decrypted in place; final adds the last block */
        err = fc_fernet_dec_final(&st, out + a, out_cap - a, &b);
    }
    if (timestamp != NULL && (err == FC_OK || err == FC_ERR_EXPIRED || err == FC_ERR_FUTURE))
        *timestamp = ts;
    if (used != NULL && err != FC_ERR_AUTH)
        *used = idx;
    if (err != FC_OK) {
        fc_fernet_dec_wipe(&st);
        fc_wipe(out, out_cap);
        *out_len = 0;
        return err;
    }
    *out_len = a + b;
    return FC_OK;
}

fc_err fc_fernet_decrypt_at(uint8_t *out, size_t out_cap, size_t *out_len,
                            const uint8_t key[FC_FERNET_KEY_SIZE], const char *token,
                            size_t token_len, uint64_t now, uint64_t ttl, uint64_t *timestamp)
{
    uint8_t keys[1][FC_FERNET_KEY_SIZE]; /* a list of one, without casting away const */
    fc_err err;

    if (key == NULL)
        return FC_ERR_ARG;
    memcpy(keys[0], key, FC_FERNET_KEY_SIZE);
    err = fernet_decrypt(out, out_cap, out_len, (const uint8_t(*)[FC_FERNET_KEY_SIZE])keys, 1,
                         token, token_len, now, ttl, timestamp, NULL);
    fc_wipe(keys, sizeof keys);
    return err;
}

/* ---- several keys (MultiFernet) ---- */

fc_err fc_fernet_multi_decrypt_at(uint8_t *out, size_t out_cap, size_t *out_len,
                                  const uint8_t (*keys)[FC_FERNET_KEY_SIZE], size_t nkeys,
                                  const char *token, size_t token_len, uint64_t now,
                                  uint64_t ttl, uint64_t *timestamp, size_t *used)
{
    return fernet_decrypt(out, out_cap, out_len, keys, nkeys, token, token_len, now, ttl,
                          timestamp, used);
}

/* Append n token characters from buf to out (at most cap); the total is known in advance. */
static fc_err fernet_put(char *out, size_t cap, size_t *w, const char *buf, size_t n)
{
    if (n > cap - *w)
        return FC_ERR_BUFFER;
    memcpy(out + *w, buf, n);
    *w += n;
    return FC_OK;
}

fc_err fc_fernet_multi_rotate(char *out, size_t out_cap, size_t *out_len,
                              const uint8_t (*keys)[FC_FERNET_KEY_SIZE], size_t nkeys,
                              const char *token, size_t token_len,
                              const uint8_t iv[FC_FERNET_IV_SIZE])
{
    fc_fernet_dec_ctx dec;
    fc_fernet_enc_ctx enc;
    uint8_t plain[FERNET_ROT_CHARS / 4 * 3 + 32];     /* >= fc_fernet_dec_update_max(64) */
    char text[(FERNET_ROT_CHARS / 4 * 3 + 32 + 40) / 3 * 4]; /* >= enc_update_max(above) */
    size_t off, c, n = 0, k = 0, w = 0, idx = 0;
    uint64_t ts = 0;
    fc_err err;

    if (out_len == NULL || keys == NULL || nkeys == 0 || iv == NULL ||
        FC_BAD_BUF(out, out_cap) || FC_BAD_BUF(token, token_len))
        return FC_ERR_ARG;
    if (out_cap < token_len)
        return FC_ERR_BUFFER;
    /* Python's MultiFernet.rotate: open with any key (no time check), keep the timestamp,
     * encrypt under keys[0]. The message passes through in small pieces. */
    err = fc_fernet_plain_max(token_len) == 0
              ? FC_ERR_AUTH
              : fernet_verify(&dec, keys, nkeys, token, token_len, 0, FC_FERNET_NO_TTL, &ts,
                              &idx, NULL, 0);
    if (err == FC_OK)
        fc_fernet_enc_init(&enc, keys[0], ts, iv);
    for (off = 0; err == FC_OK && off < token_len; off += c) {
        c = token_len - off < FERNET_ROT_CHARS ? token_len - off : FERNET_ROT_CHARS;
        err = fc_fernet_dec_update(&dec, plain, sizeof plain, &n, token + off, c);
        if (err == FC_OK)
            err = fc_fernet_enc_update(&enc, text, sizeof text, &k, plain, n);
        if (err == FC_OK)
            err = fernet_put(out, out_cap, &w, text, k);
    }
    if (err == FC_OK)
        err = fc_fernet_dec_final(&dec, plain, sizeof plain, &n);
    if (err == FC_OK)
        err = fc_fernet_enc_update(&enc, text, sizeof text, &k, plain, n);
    if (err == FC_OK)
        err = fernet_put(out, out_cap, &w, text, k);
    if (err == FC_OK)
        err = fc_fernet_enc_final(&enc, text, sizeof text, &k);
    if (err == FC_OK)
        err = fernet_put(out, out_cap, &w, text, k);
    fc_wipe(plain, sizeof plain);
    fc_wipe(text, sizeof text);
    if (err != FC_OK) {
        fc_fernet_dec_wipe(&dec);
        fc_fernet_enc_wipe(&enc);
        fc_wipe(out, out_cap);
        return err;
    }
    *out_len = w;
    return FC_OK;
}

fc_err fc_fernet_extract_timestamp(uint64_t *timestamp, const uint8_t (*keys)[FC_FERNET_KEY_SIZE],
                                   size_t nkeys, const char *token, size_t token_len)
{
    fc_fernet_dec_ctx st;
    size_t idx = 0;
    uint64_t ts = 0;
    fc_err err;

    if (timestamp == NULL || keys == NULL || nkeys == 0 || FC_BAD_BUF(token, token_len))
        return FC_ERR_ARG;
    /* Python verifies the HMAC, not the time. */
    err = fernet_verify(&st, keys, nkeys, token, token_len, 0, FC_FERNET_NO_TTL, &ts, &idx,
                        NULL, 0);
    fc_fernet_dec_wipe(&st);
    if (err == FC_OK)
        *timestamp = ts;
    return err;
}
