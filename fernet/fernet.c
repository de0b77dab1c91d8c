/*
 * fernet-c Fernet tokens (Fernet spec, version 0x80; Python's cryptography.fernet): keys,
 * sizes, one-shot encrypt and decrypt, several keys (MultiFernet), rotation, timestamps.
 * One-shot encrypt and decrypt run straight through the token in memory; rotation and
 * timestamps use the streaming verifier, decryptor and encryptor of stream.c.
 */
#include "fernetc_libc.h"

#include "fc_internal.h"
#include "fc_base64.h"
#include "fc_fernet.h"
#include "fernet_private.h"

/* Token characters per step: rotation, one-shot decode and encode. Hosted builds (fast
 * token codec) take 4 KiB of text, 3 KiB of bytes, a step: L1-sized, and few calls. */
#ifdef FERNET_TEXT_FAST
#define FERNET_RUN_CHARS 4096
#else
#define FERNET_RUN_CHARS 64
#endif

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
    groups = fc_div3(raw); /* no division helper on Cortex-M0 */
    groups += raw != 3 * groups;
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

#ifndef FERNET_TEXT_FAST

/* Fernet spec "Generating" steps 3-4: PKCS#7 (RFC 5652 section 6.3), then AES-128-CBC
 * (SP 800-38A 6.2) of msg into ct (16 * (msg_len / 16 + 1) bytes). */
#if FC_SMALL
/* Size form: msg copied into ct, padded there (RFC 5652 6.3: k - (l mod k) octets, each of
 * that value; the length is public, so no fc_pkcs7_pad argument checks are needed), and
 * encrypted in place in one call. */
static fc_err fernet_cbc_seal(uint8_t *ct, const uint8_t key[FC_FERNET_KEY_SIZE],
                              const uint8_t iv[FC_FERNET_IV_SIZE], const uint8_t *msg,
                              size_t msg_len)
{
    fc_aes_ctx aes;
    uint8_t chain[FC_AES_BLOCK_SIZE];
    size_t pad = FC_AES_BLOCK_SIZE - msg_len % FC_AES_BLOCK_SIZE;
    fc_err err = fc_aes_init(&aes, key + FERNET_SUBKEY, FERNET_SUBKEY);

    memcpy(chain, iv, sizeof chain);
    if (msg_len > 0)
        memcpy(ct, msg, msg_len);
    memset(ct + msg_len, (int)pad, pad);
    if (err == FC_OK)
        err = fc_aes_cbc_encrypt(&aes, chain, ct, ct, msg_len + pad);
    fc_wipe(&aes, sizeof aes);
    fc_wipe(chain, sizeof chain);
    return err;
}
#else
static fc_err fernet_cbc_seal(uint8_t *ct, const uint8_t key[FC_FERNET_KEY_SIZE],
                              const uint8_t iv[FC_FERNET_IV_SIZE], const uint8_t *msg,
                              size_t msg_len)
{
    fc_aes_ctx aes;
    uint8_t chain[FC_AES_BLOCK_SIZE], last[FC_AES_BLOCK_SIZE];
    size_t whole = msg_len - msg_len % FC_AES_BLOCK_SIZE, padded = 0;
    fc_err err = fc_aes_init(&aes, key + FERNET_SUBKEY, FERNET_SUBKEY);

    memcpy(chain, iv, sizeof chain);
    if (err == FC_OK && whole > 0)
        err = fc_aes_cbc_encrypt(&aes, chain, ct, msg, whole);
    if (msg_len > whole)
        memcpy(last, msg + whole, msg_len - whole);
    if (err == FC_OK)
        err = fc_pkcs7_pad(last, sizeof last, msg_len - whole, &padded);
    if (err == FC_OK)
        err = fc_aes_cbc_encrypt(&aes, chain, ct + whole, last, sizeof last);
    fc_wipe(&aes, sizeof aes);
    fc_wipe(chain, sizeof chain);
    fc_wipe(last, sizeof last);
    return err;
}
#endif

/* Step 6: base64url of the raw token at out + off (raw bytes), written from out[0] on, one
 * run at a time through a stack copy. The text never overtakes bytes not yet read: off is
 * at least the number of 3-byte groups. */
static fc_err fernet_encode_in_place(char *out, size_t off, size_t raw)
{
    uint8_t b[3 * FERNET_RUN_CHARS / 4];
    size_t p, c, n, w = 0;
    fc_err err = FC_OK;

    for (p = 0; p < raw && err == FC_OK; p += c) {
        c = raw - p < sizeof b ? raw - p : sizeof b;
        memcpy(b, out + off + p, c);
        n = 0;
        err = fernet_text_encode(out + w, sizeof b / 3 * 4, &n, b, c);
        w += n;
    }
    fc_wipe(b, sizeof b);
    return err;
}

/* Firmware: straight through, with the token's bytes built at the end of out and then
 * encoded in place: no streaming context, and the AES and HMAC contexts are never live at
 * once, for a small stack. */
static fc_err fernet_encrypt(char *out, size_t need, const uint8_t key[FC_FERNET_KEY_SIZE],
                             uint64_t now, const uint8_t iv[FC_FERNET_IV_SIZE],
                             const uint8_t *msg, size_t msg_len)
{
    size_t raw = FERNET_MIN_RAW + msg_len / FC_AES_BLOCK_SIZE * FC_AES_BLOCK_SIZE, off;
    uint8_t *r;
    fc_err err;

    off = need - raw;
    r = (uint8_t *)out + off;
    /* Fernet spec "Generating": version || timestamp || IV || ciphertext || HMAC. */
    r[0] = FC_FERNET_VERSION;
    fc_store64_be(r + 1, now);
    memcpy(r + 9, iv, FC_FERNET_IV_SIZE);
    err = fernet_cbc_seal(r + FERNET_HDR_SIZE, key, iv, msg, msg_len);
    if (err == FC_OK) {
        fc_hmac_sha256(r + raw - FERNET_TAG_SIZE, key, FERNET_SUBKEY, r, raw - FERNET_TAG_SIZE);
        err = fernet_encode_in_place(out, off, raw);
    }
    return err;
}
#else
/* Hosted builds: the streaming encryptor, writing straight into out. Each of its steps
 * runs CBC, HMAC and base64 over one L1-sized chunk while it is in the cache, where whole
 * passes over a large message would each stream it from memory. */
static fc_err fernet_encrypt(char *out, size_t need, const uint8_t key[FC_FERNET_KEY_SIZE],
                             uint64_t now, const uint8_t iv[FC_FERNET_IV_SIZE],
                             const uint8_t *msg, size_t msg_len)
{
    fc_fernet_enc_ctx st;
    size_t w = 0, k = 0;
    fc_err err;

    fc_fernet_enc_init(&st, key, now, iv);
    /* need >= fc_fernet_enc_update_max(msg_len): a token has at least 34 more bytes than
     * the 40 the bound allows for. */
    err = fc_fernet_enc_update(&st, out, need, &w, msg, msg_len);
    if (err == FC_OK)
        err = fc_fernet_enc_final(&st, out + w, need - w, &k); /* wipes st when it ends */
    if (err != FC_OK)
        fc_fernet_enc_wipe(&st);
    return err;
}
#endif

fc_err fc_fernet_encrypt_at(char *out, size_t out_cap, size_t *out_len,
                            const uint8_t key[FC_FERNET_KEY_SIZE], uint64_t now,
                            const uint8_t iv[FC_FERNET_IV_SIZE], const uint8_t *msg,
                            size_t msg_len)
{
    size_t need = fc_fernet_token_len(msg_len);
    fc_err err;

    if (out_len == NULL || key == NULL || iv == NULL || FC_BAD_BUF(msg, msg_len) ||
        FC_BAD_BUF(out, out_cap) || need == SIZE_MAX)
        return FC_ERR_ARG;
    if (out_cap < need)
        return FC_ERR_BUFFER;
    err = fernet_encrypt(out, need, key, now, iv, msg, msg_len);
    if (err != FC_OK) {
        fc_wipe(out, out_cap);
        return err;
    }
    *out_len = need;
    return FC_OK;
}

/* ---- one-shot decrypt: decode, MAC, compare, time, CBC, unpad ---- */

/* The parts of a decoded token that do not go to the caller's buffer. */
typedef struct {
    uint8_t hdr[FERNET_HDR_SIZE]; /* version || timestamp || IV */
    uint8_t tag[FERNET_TAG_SIZE];
    size_t ct_len;                /* ciphertext bytes, in the caller's buffer */
#ifdef FERNET_TEXT_FAST
    fc_hmac_sha256_ctx *mac;      /* hosted: fed the bytes before the tag as they decode */
#endif
} fernet_parts;

#if !FC_SMALL
/* Copy what of b (n decoded bytes at token offset p) falls in [lo, hi) to dst[.. - lo]. */
static void fernet_place(uint8_t *dst, size_t lo, size_t hi, size_t p, const uint8_t *b, size_t n)
{
    size_t s = p > lo ? p : lo, e = p + n < hi ? p + n : hi;

    if (s < e)
        memcpy(dst + (s - lo), b + (s - p), e - s);
}
#endif

/* RFC 4648 section 5: header and tag into *t, the ciphertext (ct_len bytes, as
 * fc_fernet_plain_max computed from the length) into ct, and (hosted builds) every byte
 * before the tag into *t->mac while it is fresh in the cache. The decoded length must be
 * the token's exactly: FC_ERR_AUTH otherwise, or for text that is not base64. */
static fc_err fernet_decode(fernet_parts *t, uint8_t *ct, const char *token, size_t token_len)
{
    uint8_t b[3 * FERNET_RUN_CHARS / 4];
    size_t off, c, n, p = 0, raw = FERNET_HDR_SIZE + t->ct_len + FERNET_TAG_SIZE;
#if FC_SMALL
    size_t i;
#endif
    fc_err err = FC_OK;

    for (off = 0; off < token_len && err == FC_OK; off += c) {
        c = token_len - off < FERNET_RUN_CHARS ? token_len - off : FERNET_RUN_CHARS;
        n = 0;
        err = fernet_text_decode(b, sizeof b, &n, token + off, c);
        if (err != FC_OK || n > raw - p || (off + c < token_len && n != sizeof b)) {
            err = FC_ERR_AUTH;
            break;
        }
#if FC_SMALL
        for (i = 0; i < n; i++, p++) /* each byte to its part (p is public) */
            *(p < FERNET_HDR_SIZE ? t->hdr + p
              : p < raw - FERNET_TAG_SIZE ? ct + (p - FERNET_HDR_SIZE)
                                          : t->tag + (p - (raw - FERNET_TAG_SIZE))) = b[i];
#else
        fernet_place(t->hdr, 0, FERNET_HDR_SIZE, p, b, n);
        fernet_place(ct, FERNET_HDR_SIZE, raw - FERNET_TAG_SIZE, p, b, n);
        fernet_place(t->tag, raw - FERNET_TAG_SIZE, raw, p, b, n);
#ifdef FERNET_TEXT_FAST
        if (p < raw - FERNET_TAG_SIZE)
            fc_hmac_sha256_update(t->mac, b, raw - FERNET_TAG_SIZE - p < n
                                                 ? raw - FERNET_TAG_SIZE - p : n);
#endif
        p += n;
#endif
    }
#ifdef FERNET_TEXT_FAST
    fc_wipe(b, raw < sizeof b ? raw : sizeof b); /* as far as a token this short fills it */
#else
    fc_wipe(b, sizeof b);
#endif
    /* Fernet spec "Verifying" steps 1-2: the whole length, version 0x80. */
    if (err == FC_OK && (p != raw || t->hdr[0] != FC_FERNET_VERSION))
        err = FC_ERR_AUTH;
    return err;
}

int fc_fernet_mac_verdict(fc_hmac_sha256_ctx *mac, const uint8_t tag[FERNET_TAG_SIZE],
                          uint32_t diff)
{
    uint8_t calc[FERNET_TAG_SIZE];
    int ok;

    fc_hmac_sha256_final(mac, calc);
    ok = fc_ct_equal(calc, tag, FERNET_TAG_SIZE) & (diff == 0);
    fc_wipe(calc, sizeof calc);
    FC_DECLASSIFY(&ok, sizeof ok);
    return ok;
}

/* Step 4 for a further key (MultiFernet): HMAC-SHA256(signing key, header || ciphertext). */
static int fernet_mac_ok(const uint8_t key[FC_FERNET_KEY_SIZE], const fernet_parts *t,
                         const uint8_t *ct)
{
    fc_hmac_sha256_ctx mac;

    fc_hmac_sha256_init(&mac, key, FERNET_SUBKEY);
    fc_hmac_sha256_update(&mac, t->hdr, FERNET_HDR_SIZE);
    fc_hmac_sha256_update(&mac, ct, t->ct_len);
    return fc_fernet_mac_verdict(&mac, t->tag, 0);
}

#ifdef FERNET_TEXT_FAST
/* Hosted builds: decode the token and check the HMAC of the first key to try in one pass,
 * each decoded run MACed while it is in L1; *ok gets the verdict. */
static fc_err fernet_decode_mac(fernet_parts *t, uint8_t *ct, const uint8_t key[FC_FERNET_KEY_SIZE],
                                const char *token, size_t token_len, int *ok)
{
    fc_hmac_sha256_ctx mac;
    fc_err err;

    fc_hmac_sha256_init(&mac, key, FERNET_SUBKEY);
    t->mac = &mac;
    err = fernet_decode(t, ct, token, token_len);
    t->mac = NULL;
    *ok = err == FC_OK && fc_fernet_mac_verdict(&mac, t->tag, 0);
    fc_wipe(&mac, sizeof mac);
    return err;
}
#endif

/* Fernet spec "Verifying" steps 6-7: AES-128-CBC in place (SP 800-38A 6.2), then PKCS#7
 * (RFC 5652 section 6.3) checked without branching on the padding. */
static fc_err fernet_open(uint8_t *ct, size_t ct_len, size_t *msg_len,
                          const uint8_t key[FC_FERNET_KEY_SIZE], const uint8_t iv[16])
{
    fc_aes_ctx aes;
    uint8_t chain[FC_AES_BLOCK_SIZE];
    fc_err err = fc_aes_init(&aes, key + FERNET_SUBKEY, FERNET_SUBKEY);

    memcpy(chain, iv, sizeof chain);
    if (err == FC_OK)
        err = fc_aes_cbc_decrypt(&aes, chain, ct, ct, ct_len);
    fc_wipe(&aes, sizeof aes);
    fc_wipe(chain, sizeof chain);
    if (err == FC_OK) {
        err = fc_pkcs7_unpad(msg_len, ct, ct_len);
        FC_DECLASSIFY(&err, sizeof err);
        FC_DECLASSIFY(msg_len, sizeof *msg_len);
        if (err != FC_OK)
            err = FC_ERR_MALFORMED;
    }
    return err;
}

/* Every decrypt error: out wiped as far as out_cap (when it is a buffer), *out_len 0. */
static fc_err fernet_decrypt_fail(fc_err err, uint8_t *out, size_t out_cap, size_t *out_len)
{
    if (!FC_BAD_BUF(out, out_cap) && out != NULL)
        fc_wipe(out, out_cap);
    if (out_len != NULL)
        *out_len = 0;
    return err;
}

/* Open a token with key1 (when not NULL) or any of keys, straight through into out. */
static fc_err fernet_decrypt(uint8_t *out, size_t out_cap, size_t *out_len, const uint8_t *key1,
                             const uint8_t (*keys)[FC_FERNET_KEY_SIZE], size_t nkeys,
                             const char *token, size_t token_len, uint64_t now, uint64_t ttl,
                             uint64_t *timestamp, size_t *used)
{
    fernet_parts t;
#ifdef FERNET_TEXT_FAST
    int ok = 0;
#endif
    size_t i = 0, m = 0, k;
    uint64_t ts = 0;
    fc_err err;

    if (out_len == NULL || (key1 == NULL && keys == NULL) || nkeys == 0 ||
        FC_BAD_BUF(out, out_cap) || FC_BAD_BUF(token, token_len))
        return fernet_decrypt_fail(FC_ERR_ARG, out, out_cap, out_len);
    t.ct_len = fc_fernet_plain_max(token_len);
    if (out_cap < t.ct_len)
        return fernet_decrypt_fail(FC_ERR_BUFFER, out, out_cap, out_len);
#ifdef FERNET_TEXT_FAST
    /* keys[0]'s HMAC is fed while decoding; further keys (MultiFernet) read out again. */
    err = t.ct_len == 0 ? FC_ERR_AUTH
                        : fernet_decode_mac(&t, out, key1 ? key1 : keys[0], token, token_len,
                                            &ok);
    if (err == FC_OK) {
        while (!ok && ++i < nkeys)
            ok = fernet_mac_ok(keys[i], &t, out);
        err = i < nkeys ? FC_OK : FC_ERR_AUTH;
    }
#else
    err = t.ct_len == 0 ? FC_ERR_AUTH : fernet_decode(&t, out, token, token_len);
    if (err == FC_OK) {
        for (i = 0; i < nkeys && !fernet_mac_ok(key1 ? key1 : keys[i], &t, out); i++)
            ;
        err = i < nkeys ? FC_OK : FC_ERR_AUTH;
    }
#endif
    if (err != FC_OK) {
        fc_wipe(&t, sizeof t);
        return fernet_decrypt_fail(err, out, out_cap, out_len);
    }
    /* Authentic from here on: the time rules, then CBC and PKCS#7. */
    for (k = 1; k < 9; k++)
        ts = ts << 8 | t.hdr[k];
    if (used != NULL)
        *used = i;
    err = fernet_time(ts, now, ttl); /* FC_OK, FC_ERR_EXPIRED or FC_ERR_FUTURE: *timestamp */
    if (err == FC_OK) {
        err = fernet_open(out, t.ct_len, &m, key1 ? key1 : keys[i], t.hdr + 9);
        if (err != FC_OK)
            timestamp = NULL; /* not for FC_ERR_MALFORMED */
    }
    if (timestamp != NULL)
        *timestamp = ts;
    fc_wipe(&t, sizeof t);
    if (err != FC_OK)
        return fernet_decrypt_fail(err, out, out_cap, out_len);
    *out_len = m;
    return FC_OK;
}

fc_err fc_fernet_decrypt_at(uint8_t *out, size_t out_cap, size_t *out_len,
                            const uint8_t key[FC_FERNET_KEY_SIZE], const char *token,
                            size_t token_len, uint64_t now, uint64_t ttl, uint64_t *timestamp)
{
    return fernet_decrypt(out, out_cap, out_len, key, NULL, key == NULL ? 0 : 1, token,
                          token_len, now, ttl, timestamp, NULL);
}

/* ---- several keys (MultiFernet) ---- */

fc_err fc_fernet_multi_decrypt_at(uint8_t *out, size_t out_cap, size_t *out_len,
                                  const uint8_t (*keys)[FC_FERNET_KEY_SIZE], size_t nkeys,
                                  const char *token, size_t token_len, uint64_t now,
                                  uint64_t ttl, uint64_t *timestamp, size_t *used)
{
    return fernet_decrypt(out, out_cap, out_len, NULL, keys, nkeys, token, token_len, now, ttl,
                          timestamp, used);
}

/* Pass 1 of the streaming decryptor with keys[0], keys[1], ... until one key's HMAC
 * verifies; then *dec is ready for pass 2 and its timestamp is in *ts. FC_ERR_AUTH when
 * none does. No time check (rotation and extract_timestamp, as Python). */
static fc_err fernet_verify_any(fc_fernet_verify_ctx *v, fc_fernet_dec_ctx *dec,
                                const uint8_t (*keys)[FC_FERNET_KEY_SIZE], size_t nkeys,
                                const char *token, size_t token_len, uint64_t *ts)
{
    size_t i;
    fc_err err = FC_ERR_AUTH;

    for (i = 0; i < nkeys && err == FC_ERR_AUTH; i++) {
        fc_fernet_verify_init(v, keys[i]);
        err = fc_fernet_verify_update(v, token, token_len);
        if (err == FC_OK)
            err = fc_fernet_verify_final(v, 0, FC_FERNET_NO_TTL, ts);
    }
    if (err == FC_OK && dec != NULL)
        err = fc_fernet_dec_init(dec, v);
    fc_fernet_verify_wipe(v);
    return err;
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
    union {
        fc_fernet_verify_ctx v; /* pass 1, done before the encryptor starts */
        fc_fernet_enc_ctx enc;
    } u;
    uint8_t plain[FERNET_RUN_CHARS / 4 * 3 + 32];     /* >= fc_fernet_dec_update_max(64) */
    char text[(FERNET_RUN_CHARS / 4 * 3 + 32 + 40) / 3 * 4]; /* >= enc_update_max(above) */
    size_t off, c, n = 0, k = 0, w = 0;
    uint64_t ts = 0;
    fc_err err = FC_OK;

    if (out_len == NULL || keys == NULL || nkeys == 0 || iv == NULL ||
        FC_BAD_BUF(out, out_cap) || FC_BAD_BUF(token, token_len))
        err = FC_ERR_ARG;
    else if (out_cap < token_len)
        err = FC_ERR_BUFFER;
    if (err != FC_OK) {
        if (out != NULL && !FC_BAD_BUF(out, out_cap))
            fc_wipe(out, out_cap);
        if (out_len != NULL)
            *out_len = 0;
        return err;
    }
    /* Python's MultiFernet.rotate: open with any key (no time check), keep the timestamp,
     * encrypt under keys[0]. The message passes through in small pieces. */
    fc_fernet_dec_wipe(&dec);
    err = fc_fernet_plain_max(token_len) == 0
              ? FC_ERR_AUTH
              : fernet_verify_any(&u.v, &dec, keys, nkeys, token, token_len, &ts);
    if (err == FC_OK)
        fc_fernet_enc_init(&u.enc, keys[0], ts, iv);
    for (off = 0; err == FC_OK && off < token_len; off += c) {
        c = token_len - off < FERNET_RUN_CHARS ? token_len - off : FERNET_RUN_CHARS;
        err = fc_fernet_dec_update(&dec, plain, sizeof plain, &n, token + off, c);
        if (err == FC_OK)
            err = fc_fernet_enc_update(&u.enc, text, sizeof text, &k, plain, n);
        if (err == FC_OK)
            err = fernet_put(out, out_cap, &w, text, k);
    }
    if (err == FC_OK)
        err = fc_fernet_dec_final(&dec, plain, sizeof plain, &n);
    if (err == FC_OK)
        err = fc_fernet_enc_update(&u.enc, text, sizeof text, &k, plain, n);
    if (err == FC_OK)
        err = fernet_put(out, out_cap, &w, text, k);
    if (err == FC_OK)
        err = fc_fernet_enc_final(&u.enc, text, sizeof text, &k);
    if (err == FC_OK)
        err = fernet_put(out, out_cap, &w, text, k);
    fc_wipe(plain, sizeof plain);
    fc_wipe(text, sizeof text);
    if (err != FC_OK) {
        fc_fernet_dec_wipe(&dec);
        fc_fernet_enc_wipe(&u.enc);
        fc_wipe(out, out_cap);
        *out_len = 0;
        return err;
    }
    *out_len = w;
    return FC_OK;
}

fc_err fc_fernet_extract_timestamp(uint64_t *timestamp, const uint8_t (*keys)[FC_FERNET_KEY_SIZE],
                                   size_t nkeys, const char *token, size_t token_len)
{
    fc_fernet_verify_ctx v;
    uint64_t ts = 0;
    fc_err err;

    if (timestamp == NULL || keys == NULL || nkeys == 0 || FC_BAD_BUF(token, token_len))
        return FC_ERR_ARG;
    /* Python verifies the HMAC, not the time. */
    err = fernet_verify_any(&v, NULL, keys, nkeys, token, token_len, &ts);
    if (err == FC_OK)
        *timestamp = ts;
    return err;
}
