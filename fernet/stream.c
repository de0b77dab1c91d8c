/*
 * fernet-c streaming Fernet (Fernet spec, version 0x80): an encryptor that turns plaintext
 * chunks into token text chunks, and a two-pass decryptor (pass 1: framing, HMAC-SHA256 and
 * time over the text; pass 2: AES-128-CBC and PKCS#7). Constant memory for any token size;
 * the one-shot calls of fernet.c run this same code over the whole token.
 */
#include <string.h>

#include "fc_internal.h"
#include "fc_base64.h"
#include "fc_fernet.h"
#include "fernet_private.h"

#define FERNET_ENC_RUN 64 /* plaintext bytes encrypted per step (4 blocks) */
#define FERNET_DEC_RUN 16 /* base64 quads decoded per step (64 characters, 48 bytes) */

/* ---- encryptor ---- */

size_t fc_fernet_enc_update_max(size_t in_len)
{
    /* Not yet encoded: at most 25 header bytes (before the first block) or 2 bytes, plus at
     * most 15 plaintext bytes that had not made a block. */
    size_t n;

    if (in_len > SIZE_MAX - 40)
        return SIZE_MAX;
    n = (in_len + 40) / 3;
    return n > SIZE_MAX / 4 ? SIZE_MAX : 4 * n;
}

void fc_fernet_enc_init(fc_fernet_enc_ctx *st, const uint8_t key[FC_FERNET_KEY_SIZE], uint64_t now,
                        const uint8_t iv[FC_FERNET_IV_SIZE])
{
    fc_err err = fc_aes_init(&st->aes, key + FERNET_SUBKEY, FERNET_SUBKEY);

    fc_hmac_sha256_init(&st->mac, key, FERNET_SUBKEY);
    /* Fernet spec "Generating": version || timestamp || IV start the token and its HMAC. */
    st->raw[0] = FC_FERNET_VERSION;
    fc_store64_be(st->raw + 1, now);
    memcpy(st->raw + 9, iv, FC_FERNET_IV_SIZE);
    fc_hmac_sha256_update(&st->mac, st->raw, FERNET_HDR_SIZE);
    memcpy(st->chain, iv, FC_FERNET_IV_SIZE);
    st->raw_len = FERNET_HDR_SIZE;
    st->pend_len = 0;
    st->state = err == FC_OK ? FERNET_ENC_LIVE : 0;
}

/*
 * CBC-encrypt n bytes (a multiple of 16, at most FERNET_ENC_RUN), MAC the ciphertext, and
 * encode every whole 3-byte group of the pending token bytes into out; the 0-2 bytes left
 * over wait in st->raw, so the pieces concatenate to one base64 text.
 */
static fc_err fernet_enc_blocks(fc_fernet_enc_ctx *st, char *out, size_t *w, const uint8_t *in,
                                size_t n)
{
    uint8_t buf[FERNET_HDR_SIZE + FERNET_ENC_RUN];
    size_t have = st->raw_len + n, whole = have - have % 3, k = 0;
    fc_err err;

    memcpy(buf, st->raw, st->raw_len);
    err = fc_aes_cbc_encrypt(&st->aes, st->chain, buf + st->raw_len, in, n);
    if (err == FC_OK) {
        fc_hmac_sha256_update(&st->mac, buf + st->raw_len, n);
        err = fc_base64_encode(out + *w, whole / 3 * 4, &k, buf, whole, FC_BASE64_URL);
    }
    memcpy(st->raw, buf + whole, have - whole);
    st->raw_len = (uint32_t)(have - whole);
    *w += k;
    return err;
}

fc_err fc_fernet_enc_update(fc_fernet_enc_ctx *st, char *out, size_t out_cap, size_t *out_len,
                            const uint8_t *in, size_t in_len)
{
    size_t w = 0, n;
    fc_err err = FC_OK;

    if (st == NULL || st->state != FERNET_ENC_LIVE)
        return FC_ERR_STATE;
    if (out_len == NULL || FC_BAD_BUF(out, out_cap) || FC_BAD_BUF(in, in_len))
        return FC_ERR_ARG;
    if (out_cap < fc_fernet_enc_update_max(in_len))
        return FC_ERR_BUFFER;
    while (in_len > 0 && err == FC_OK) {
        if (st->pend_len > 0 || in_len < FC_AES_BLOCK_SIZE) {
            n = FC_AES_BLOCK_SIZE - st->pend_len;
            n = n < in_len ? n : in_len;
            memcpy(st->pend + st->pend_len, in, n);
            st->pend_len += (uint32_t)n;
            if (st->pend_len == FC_AES_BLOCK_SIZE) {
                err = fernet_enc_blocks(st, out, &w, st->pend, FC_AES_BLOCK_SIZE);
                st->pend_len = 0;
            }
        } else {
            n = in_len - in_len % FC_AES_BLOCK_SIZE;
            n = n < FERNET_ENC_RUN ? n : FERNET_ENC_RUN;
            err = fernet_enc_blocks(st, out, &w, in, n);
        }
        in += n;
        in_len -= n;
    }
    if (err != FC_OK) {
        fc_fernet_enc_wipe(st);
        fc_wipe(out, w);
        return err;
    }
    *out_len = w;
    return FC_OK;
}

fc_err fc_fernet_enc_final(fc_fernet_enc_ctx *st, char *out, size_t out_cap, size_t *out_len)
{
    uint8_t buf[FERNET_HDR_SIZE + FC_AES_BLOCK_SIZE + FERNET_TAG_SIZE];
    size_t have, padded = 0, w = 0;
    fc_err err;

    if (st == NULL || st->state != FERNET_ENC_LIVE)
        return FC_ERR_STATE;
    if (out_len == NULL || FC_BAD_BUF(out, out_cap))
        return FC_ERR_ARG;
    have = st->raw_len + FC_AES_BLOCK_SIZE + FERNET_TAG_SIZE;
    if (out_cap < (have + 2) / 3 * 4)
        return FC_ERR_BUFFER;
    /* Fernet spec "Generating" steps 3-6: PKCS#7 pad, CBC, HMAC, base64url. */
    err = fc_pkcs7_pad(st->pend, FC_AES_BLOCK_SIZE, st->pend_len, &padded);
    memcpy(buf, st->raw, st->raw_len);
    if (err == FC_OK)
        err = fc_aes_cbc_encrypt(&st->aes, st->chain, buf + st->raw_len, st->pend,
                                 FC_AES_BLOCK_SIZE);
    if (err == FC_OK) {
        fc_hmac_sha256_update(&st->mac, buf + st->raw_len, FC_AES_BLOCK_SIZE);
        fc_hmac_sha256_final(&st->mac, buf + st->raw_len + FC_AES_BLOCK_SIZE);
        err = fc_base64_encode(out, out_cap, &w, buf, have, FC_BASE64_URL);
    }
    fc_fernet_enc_wipe(st);
    if (err != FC_OK) {
        fc_wipe(out, out_cap);
        return err;
    }
    *out_len = w;
    return FC_OK;
}

void fc_fernet_enc_wipe(fc_fernet_enc_ctx *st)
{
    if (st != NULL)
        fc_wipe(st, sizeof *st);
}

/* ---- two-pass decryptor ---- */

void fc_fernet_dec_init(fc_fernet_dec_ctx *st, const uint8_t key[FC_FERNET_KEY_SIZE])
{
    fc_hmac_sha256_init(&st->mac, key, FERNET_SUBKEY);
    memcpy(st->key, key, FC_FERNET_KEY_SIZE);
    st->text_len = st->fed = st->total = st->pos = st->timestamp = 0;
    st->tag_len = st->quad_len = st->blk_len = st->flags = 0;
    st->stash = NULL;
    st->stash_cap = 0;
    st->state = FERNET_DEC_PASS1;
}

void fc_fernet_dec_wipe(fc_fernet_dec_ctx *st)
{
    if (st != NULL)
        fc_wipe(st, sizeof *st);
}

/* Reject the text for good: nothing secret stays behind. */
static void fernet_dec_kill(fc_fernet_dec_ctx *st)
{
    fc_fernet_dec_wipe(st);
    st->state = FERNET_DEC_DEAD;
}

/* Pass 1: bytes known to lie before the tag go into the HMAC. One-shot calls (st->stash set)
 * also keep the IV and copy the ciphertext to the caller's output buffer, so the text is
 * decoded once; it is decrypted there only after the HMAC verified. */
static fc_err fernet_dec_mac_bytes(fc_fernet_dec_ctx *st, const uint8_t *b, size_t n)
{
    uint64_t pos = st->pos;
    size_t i = 0, k;

    fc_hmac_sha256_update(&st->mac, b, n);
    st->pos += n;
    if (st->stash == NULL)
        return FC_OK;
    for (; i < n && pos + i < FERNET_HDR_SIZE; i++) {
        if (pos + i >= 9)
            st->chain[pos + i - 9] = b[i];
    }
    k = n - i;
    if (k == 0)
        return FC_OK;
    if (pos + i - FERNET_HDR_SIZE > st->stash_cap || k > st->stash_cap - (pos + i - FERNET_HDR_SIZE))
        return FC_ERR_AUTH; /* longer than the token length the buffer was sized for */
    memcpy(st->stash + (pos + i - FERNET_HDR_SIZE), b + i, k);
    return FC_OK;
}

/* Pass 1: n more token bytes. Check the version, collect the timestamp, and MAC every byte
 * once it is known not to belong to the final 32 (the tag). */
static fc_err fernet_dec_verify_bytes(fc_fernet_dec_ctx *st, const uint8_t *b, size_t n)
{
    size_t i, excess, old;
    fc_err err = FC_OK;

    /* Fernet spec "Verifying" step 2: version 0x80, then the 64-bit timestamp. */
    for (i = 0; i < n && st->total + i < 9; i++) {
        if (st->total + i == 0) {
            if (b[i] != FC_FERNET_VERSION)
                return FC_ERR_AUTH;
        } else {
            st->timestamp = st->timestamp << 8 | b[i];
        }
    }
    st->total += n;
    if (st->tag_len + n > FERNET_TAG_SIZE) {
        excess = st->tag_len + n - FERNET_TAG_SIZE;
        old = excess < st->tag_len ? excess : st->tag_len;
        err = fernet_dec_mac_bytes(st, st->tag, old);
        memmove(st->tag, st->tag + old, st->tag_len - old);
        st->tag_len -= (uint32_t)old;
        if (err == FC_OK)
            err = fernet_dec_mac_bytes(st, b, excess - old);
        b += excess - old;
        n -= excess - old;
    }
    memcpy(st->tag + st->tag_len, b, n);
    st->tag_len += (uint32_t)n;
    return err;
}

/* Pass 2: n more token bytes at st->pos. MAC them (unless one-shot), take the IV, decrypt
 * whole ciphertext blocks into out (advancing *w), and keep the last block in st->held. */
static fc_err fernet_dec_decrypt_bytes(fc_fernet_dec_ctx *st, const uint8_t *b, size_t n,
                                       uint8_t *out, size_t *w)
{
    uint64_t pos = st->pos, ct_end = st->total - FERNET_TAG_SIZE, last = ct_end - 16, p;
    size_t i = 0, k;
    fc_err err = FC_OK;

    st->pos += n;
    if (!(st->flags & FERNET_DEC_ONE_SHOT) && pos < ct_end)
        fc_hmac_sha256_update(&st->mac, b, ct_end - pos < n ? (size_t)(ct_end - pos) : n);
    for (; i < n && pos + i < FERNET_HDR_SIZE; i++) {
        if (pos + i >= 9)
            st->chain[pos + i - 9] = b[i];
    }
    while (i < n && pos + i < ct_end && err == FC_OK) {
        p = pos + i;
        if (st->blk_len == 0 && p < last && n - i >= FC_AES_BLOCK_SIZE) {
            /* Whole blocks straight from the decoded text; ct_end and p are block-aligned. */
            k = (n - i) / FC_AES_BLOCK_SIZE;
            if (k > (last - p) / FC_AES_BLOCK_SIZE)
                k = (size_t)((last - p) / FC_AES_BLOCK_SIZE);
            err = fc_aes_cbc_decrypt(&st->aes, st->chain, out + *w, b + i, 16 * k);
            *w += 16 * k;
            i += 16 * k;
            continue;
        }
        k = FC_AES_BLOCK_SIZE - st->blk_len;
        k = k < n - i ? k : n - i;
        memcpy(st->blk + st->blk_len, b + i, k);
        st->blk_len += (uint32_t)k;
        i += k;
        if (st->blk_len == FC_AES_BLOCK_SIZE) {
            st->blk_len = 0;
            if (p + k == ct_end) {
                err = fc_aes_cbc_decrypt(&st->aes, st->chain, st->held, st->blk, 16);
            } else {
                err = fc_aes_cbc_decrypt(&st->aes, st->chain, out + *w, st->blk, 16);
                *w += FC_AES_BLOCK_SIZE;
            }
        }
    }
    return err;
}

/* Decode nq quads of text (RFC 4648 section 5, constant time) and hand the bytes to the pass.
 * Only the last quad of the token (last != 0) may carry '=' padding. */
static fc_err fernet_dec_run(fc_fernet_dec_ctx *st, const char *text, size_t nq, int last,
                             uint8_t *out, size_t *w)
{
    uint8_t b[3 * FERNET_DEC_RUN];
    size_t n = 0;
    fc_err err = fc_base64_decode_ct(b, sizeof b, &n, text, 4 * nq, FC_BASE64_URL);

    /* Whether the text is base64 is public; the bytes stay secret. */
    FC_DECLASSIFY(&err, sizeof err);
    FC_DECLASSIFY(&n, sizeof n);
    if (err != FC_OK || (!last && n != 3 * nq))
        return FC_ERR_AUTH;
    if (st->state == FERNET_DEC_PASS1)
        return fernet_dec_verify_bytes(st, b, n);
    return fernet_dec_decrypt_bytes(st, b, n, out, w);
}

/* Feed characters. The last whole quad seen is held back until more text arrives (or the
 * end), because only the token's final quad may be padded. */
static fc_err fernet_dec_absorb(fc_fernet_dec_ctx *st, const char *text, size_t len, uint8_t *out,
                                size_t *w)
{
    size_t q;
    fc_err err = FC_OK;

    while (len > 0 && err == FC_OK) {
        if (st->quad_len == 4) {
            err = fernet_dec_run(st, st->quad, 1, 0, out, w);
            st->quad_len = 0;
        } else if (st->quad_len == 0 && len > 4) {
            q = (len - 1) / 4;
            q = q < FERNET_DEC_RUN ? q : FERNET_DEC_RUN;
            err = fernet_dec_run(st, text, q, 0, out, w);
            text += 4 * q;
            len -= 4 * q;
        } else {
            st->quad[st->quad_len++] = *text++;
            len--;
        }
    }
    return err;
}

fc_err fc_fernet_dec_verify_update(fc_fernet_dec_ctx *st, const char *text, size_t len)
{
    if (st == NULL)
        return FC_ERR_ARG;
    if (st->state == FERNET_DEC_DEAD)
        return FC_ERR_AUTH;
    if (st->state != FERNET_DEC_PASS1)
        return FC_ERR_STATE;
    if (FC_BAD_BUF(text, len))
        return FC_ERR_ARG;
    if ((uint64_t)len > UINT64_MAX - st->text_len ||
        fernet_dec_absorb(st, text, len, NULL, NULL) != FC_OK) {
        fernet_dec_kill(st);
        return FC_ERR_AUTH;
    }
    st->text_len += len;
    return FC_OK;
}

/* Python's Fernet._decrypt_data time rules, without overflow for any uint64_t. */
static fc_err fernet_dec_time(uint64_t ts, uint64_t now, uint64_t ttl)
{
    if (ttl == FC_FERNET_NO_TTL)
        return FC_OK;
    if (ts < now && now - ts > ttl) /* timestamp + ttl < now */
        return FC_ERR_EXPIRED;
    if (ts > now && ts - now > FC_FERNET_MAX_CLOCK_SKEW) /* now + 60 < timestamp */
        return FC_ERR_FUTURE;
    return FC_OK;
}

fc_err fc_fernet_dec_verify_final(fc_fernet_dec_ctx *st, uint64_t now, uint64_t ttl,
                                  uint64_t *timestamp)
{
    uint8_t calc[FERNET_TAG_SIZE];
    int ok;
    fc_err err = FC_ERR_AUTH;

    if (st == NULL)
        return FC_ERR_ARG;
    if (st->state == FERNET_DEC_DEAD)
        return FC_ERR_AUTH;
    if (st->state != FERNET_DEC_PASS1)
        return FC_ERR_STATE;
    if (st->quad_len == 4)
        err = fernet_dec_run(st, st->quad, 1, 1, NULL, NULL);
    /* Framing: header, a whole number of blocks (at least one), tag. */
    if (err == FC_OK && (st->total < FERNET_MIN_RAW || (st->total - FERNET_MIN_RAW) % 16 != 0))
        err = FC_ERR_AUTH;
    if (err == FC_OK) {
        /* Fernet spec "Verifying" step 4, compared in constant time. */
        fc_hmac_sha256_final(&st->mac, calc);
        ok = fc_ct_equal(calc, st->tag, FERNET_TAG_SIZE);
        fc_wipe(calc, sizeof calc);
        FC_DECLASSIFY(&ok, sizeof ok);
        if (!ok)
            err = FC_ERR_AUTH;
    }
    if (err == FC_OK) {
        err = fernet_dec_time(st->timestamp, now, ttl);
        if (timestamp != NULL)
            *timestamp = st->timestamp;
    }
    if (err == FC_OK)
        err = fc_aes_init(&st->aes, st->key + FERNET_SUBKEY, FERNET_SUBKEY);
    if (err != FC_OK) {
        fernet_dec_kill(st);
        return err;
    }
    if (!(st->flags & FERNET_DEC_ONE_SHOT))
        fc_hmac_sha256_init(&st->mac, st->key, FERNET_SUBKEY);
    fc_wipe(st->key, sizeof st->key);
    st->quad_len = 0;
    st->pos = 0;
    st->state = FERNET_DEC_PASS2;
    if (st->stash != NULL) {
        /* One-shot: the ciphertext is in the output buffer; decrypt it there (CBC, SP 800-38A
         * 6.2), keeping the last block for final, as if pass 2 had run. */
        size_t ct = (size_t)(st->total - FERNET_HDR_SIZE - FERNET_TAG_SIZE) - 16;
        err = fc_aes_cbc_decrypt(&st->aes, st->chain, st->stash, st->stash, ct);
        if (err == FC_OK)
            err = fc_aes_cbc_decrypt(&st->aes, st->chain, st->held, st->stash + ct, 16);
        st->fed = st->text_len;
        st->quad_len = 4;
        st->pos = st->total;
        if (err != FC_OK) {
            fernet_dec_kill(st);
            return err;
        }
    }
    return FC_OK;
}

size_t fc_fernet_dec_update_max(size_t len)
{
    /* Up to 3 bytes of a held quad, 3 per new quad, 15 bytes of an unfinished block. */
    return 3 * (len / 4) + 21;
}

/* Plaintext bytes pass 2 has written after `chars` characters: every whole ciphertext block
 * decoded so far, except the token's last block (final releases it). */
static uint64_t fernet_dec_released(const fc_fernet_dec_ctx *st, uint64_t chars)
{
    uint64_t quads = chars / 4, bytes, ct_end = st->total - FERNET_TAG_SIZE;
    uint64_t blocks, most = (ct_end - FERNET_HDR_SIZE) / 16 - 1;

    if (chars % 4 == 0 && quads > 0)
        quads--; /* held back */
    bytes = 3 * quads < ct_end ? 3 * quads : ct_end;
    if (bytes < FERNET_HDR_SIZE)
        return 0;
    blocks = (bytes - FERNET_HDR_SIZE) / 16;
    return 16 * (blocks < most ? blocks : most);
}

fc_err fc_fernet_dec_update(fc_fernet_dec_ctx *st, uint8_t *out, size_t out_cap, size_t *out_len,
                            const char *text, size_t len)
{
    size_t w = 0;
    uint64_t need;

    if (st == NULL || st->state != FERNET_DEC_PASS2)
        return FC_ERR_STATE;
    if (out_len == NULL || FC_BAD_BUF(out, out_cap) || FC_BAD_BUF(text, len))
        return FC_ERR_ARG;
    if ((uint64_t)len > st->text_len - st->fed) {
        fernet_dec_kill(st); /* longer than the text pass 1 verified */
        return FC_ERR_AUTH;
    }
    need = fernet_dec_released(st, st->fed + len) - fernet_dec_released(st, st->fed);
    if ((uint64_t)out_cap < need)
        return FC_ERR_BUFFER;
    st->fed += len;
    if (fernet_dec_absorb(st, text, len, out, &w) != FC_OK) {
        fc_wipe(out, w);
        fernet_dec_kill(st);
        return FC_ERR_AUTH;
    }
    *out_len = w;
    return FC_OK;
}

fc_err fc_fernet_dec_final(fc_fernet_dec_ctx *st, uint8_t *out, size_t out_cap, size_t *out_len)
{
    uint8_t calc[FERNET_TAG_SIZE];
    size_t m = 0;
    int ok;
    fc_err err;

    if (st == NULL || st->state != FERNET_DEC_PASS2)
        return FC_ERR_STATE;
    if (out_len == NULL || FC_BAD_BUF(out, out_cap))
        return FC_ERR_ARG;
    if (out_cap < FC_FERNET_DEC_FINAL_MAX)
        return FC_ERR_BUFFER;
    /* Pass 2 saw the same number of characters; the bytes it decrypted carry the tag that
     * pass 1 verified (the final quad holds tag bytes only, so it needs no decoding). */
    ok = st->fed == st->text_len && st->quad_len == 4;
    if (!(st->flags & FERNET_DEC_ONE_SHOT)) {
        fc_hmac_sha256_final(&st->mac, calc);
        ok &= fc_ct_equal(calc, st->tag, FERNET_TAG_SIZE);
        fc_wipe(calc, sizeof calc);
    }
    FC_DECLASSIFY(&ok, sizeof ok);
    err = ok ? FC_OK : FC_ERR_AUTH;
    if (err == FC_OK) {
        /* RFC 5652 section 6.3: the padding is checked without branching on it. */
        err = fc_pkcs7_unpad(&m, st->held, FC_AES_BLOCK_SIZE);
        FC_DECLASSIFY(&err, sizeof err);
        FC_DECLASSIFY(&m, sizeof m);
        if (err != FC_OK)
            err = FC_ERR_MALFORMED;
    }
    if (err == FC_OK) {
        memcpy(out, st->held, m);
        *out_len = m;
    }
    fc_fernet_dec_wipe(st);
    return err;
}
