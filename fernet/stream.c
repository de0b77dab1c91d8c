/*
 * fernet-c streaming Fernet (Fernet spec, version 0x80): an encryptor that turns plaintext
 * chunks into token text chunks, and a two-pass decryptor (pass 1: framing, HMAC-SHA256 and
 * time over the text, by a verifier; pass 2: the same text again, HMAC-SHA256, AES-128-CBC
 * and PKCS#7, by a decryptor started from the verifier). Constant memory for any token size.
 */
#include "fernetc_libc.h"

#include "fc_internal.h"
#include "fc_base64.h"
#include "fc_fernet.h"
#include "fernet_private.h"

/* Work per step, on a stack buffer. With the fast token codec (hosted builds) a step is
 * 3 KiB of ciphertext: CBC, HMAC and base64 each take it while it is still in L1, and the
 * calls' fixed costs vanish. Firmware keeps steps of 64 bytes and a small stack. */
#ifdef FERNET_TEXT_FAST
#define FERNET_ENC_RUN 3072 /* plaintext bytes encrypted per step (192 blocks) */
#define FERNET_DEC_RUN 1024 /* base64 quads decoded per step (4096 characters, 3 KiB) */
#elif FC_SMALL
#define FERNET_ENC_RUN 16 /* the size form encrypts one block per step */
#define FERNET_DEC_RUN 16 /* base64 quads decoded per step (64 characters, 48 bytes) */
#else
#define FERNET_ENC_RUN 64 /* plaintext bytes encrypted per step (4 blocks) */
#define FERNET_DEC_RUN 16 /* base64 quads decoded per step (64 characters, 48 bytes) */
#endif

/* ---- encryptor ---- */

size_t fc_fernet_enc_update_max(size_t in_len)
{
    /* Not yet encoded: at most 25 header bytes (before the first block) or 2 bytes, plus at
     * most 15 plaintext bytes that had not made a block. */
    size_t n;

    if (in_len > SIZE_MAX - 40)
        return SIZE_MAX;
    n = fc_div3(in_len + 40);
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

/* CBC-encrypt n bytes (a multiple of 16, at most FERNET_ENC_RUN) of in into ct and MAC
 * the ciphertext: Fernet spec "Generating" steps 4-5, a step at a time. */
static fc_err fernet_enc_seal(fc_fernet_enc_ctx *st, uint8_t *ct, const uint8_t *in, size_t n)
{
#if FC_SMALL
    size_t i;

    /* One block (n == FERNET_ENC_RUN): SP 800-38A 6.2, C_j = CIPH_K(P_j xor C_{j-1}). */
    (void)n;
    for (i = 0; i < FC_AES_BLOCK_SIZE; i++)
        st->chain[i] ^= in[i];
    fc_aes_encrypt_blocks(&st->aes, st->chain, st->chain, 1);
    memcpy(ct, st->chain, FC_AES_BLOCK_SIZE);
    fc_hmac_sha256_update(&st->mac, ct, FC_AES_BLOCK_SIZE);
    return FC_OK;
#else
    fc_err err;

#ifdef FERNET_STITCH
    if (fc_fernet_ni_seal(&st->aes, st->chain, &st->mac.inner, ct, in, n))
        return FC_OK;
#endif
    err = fc_aes_cbc_encrypt(&st->aes, st->chain, ct, in, n);
    if (err == FC_OK)
        fc_hmac_sha256_update(&st->mac, ct, n);
    return err;
#endif
}

/* Seal n bytes (as above) and encode every whole 3-byte group of the pending token bytes
 * into out; the 0-2 bytes left over wait in st->raw, so the pieces concatenate to one
 * base64 text. */
static fc_err fernet_enc_blocks(fc_fernet_enc_ctx *st, char *out, size_t *w, const uint8_t *in,
                                size_t n)
{
    uint8_t buf[FERNET_HDR_SIZE + FERNET_ENC_RUN];
    size_t have = st->raw_len + n, groups = fc_div3(have), whole = 3 * groups, k = 0;
    fc_err err;

    memcpy(buf, st->raw, st->raw_len);
    err = fernet_enc_seal(st, buf + st->raw_len, in, n);
    if (err == FC_OK)
        err = fernet_text_encode(out + *w, 4 * groups, &k, buf, whole);
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
        /* The size form takes every block through pend (a copy, and one step per block). */
        if (FC_SMALL || st->pend_len > 0 || in_len < FC_AES_BLOCK_SIZE) {
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
    size_t have, pad, w = 0;
    fc_err err;

    if (st == NULL || st->state != FERNET_ENC_LIVE)
        return FC_ERR_STATE;
    if (out_len == NULL || FC_BAD_BUF(out, out_cap))
        return FC_ERR_ARG;
    have = st->raw_len + FC_AES_BLOCK_SIZE + FERNET_TAG_SIZE;
    if (out_cap < fc_div3(have + 2) * 4)
        return FC_ERR_BUFFER;
    /* Fernet spec "Generating" steps 3-6. PKCS#7 (RFC 5652 section 6.3): 16 - pend_len
     * bytes of that value (pend_len < 16 always); that block sealed like the others; the
     * tag; then the rest of the token in base64url, with padding. */
    pad = FC_AES_BLOCK_SIZE - st->pend_len;
    memset(st->pend + st->pend_len, (int)pad, pad);
    memcpy(buf, st->raw, st->raw_len);
    err = fernet_enc_seal(st, buf + st->raw_len, st->pend, FC_AES_BLOCK_SIZE);
    if (err == FC_OK) {
        fc_hmac_sha256_final(&st->mac, buf + st->raw_len + FC_AES_BLOCK_SIZE);
        err = fernet_text_encode(out, out_cap, &w, buf, have);
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

/* ---- two-pass decryptor: shared text handling ---- */

/* Where decoded bytes go: the verifier (pass 1: v, nothing else is read) or the decryptor
 * (pass 2: v NULL, d, out and w). */
typedef struct {
    fc_fernet_verify_ctx *v;
    fc_fernet_dec_ctx *d;
    uint8_t *out;
    size_t w;
} fernet_sink;

static fc_err fernet_verify_bytes(fc_fernet_verify_ctx *v, const uint8_t *b, size_t n);
static void fernet_dec_bytes(fernet_sink *k, const uint8_t *b, size_t n);

/* Decode nq quads of text (RFC 4648 section 5) and hand the bytes on. Only the last quad
 * of the token (last != 0) may carry '=' padding. */
static fc_err fernet_run(fernet_sink *k, const char *text, size_t nq, int last)
{
    uint8_t b[3 * FERNET_DEC_RUN];
    size_t n = 0;
    fc_err err = fernet_text_decode(b, sizeof b, &n, text, 4 * nq);

    if (err != FC_OK || (!last && n != 3 * nq))
        err = FC_ERR_AUTH;
    else if (k->v != NULL)
        err = fernet_verify_bytes(k->v, b, n);
    else
        fernet_dec_bytes(k, b, n);
#ifdef FERNET_TEXT_FAST
    fc_wipe(b, err == FC_OK ? n : sizeof b); /* on error the AVX2 part may have written */
#else
    fc_wipe(b, sizeof b); /* fernet_text_decode may write past n, and on error */
#endif
    return err;
}

/* Feed characters. The last whole quad seen is held back in quad[] until more text arrives
 * (or the end), because only the token's final quad may be padded. */
static fc_err fernet_absorb(fernet_sink *k, char quad[4], uint32_t *quad_len, const char *text,
                            size_t len)
{
    size_t q;
    fc_err err = FC_OK;

    while (len > 0 && err == FC_OK) {
        if (*quad_len == 4) {
            err = fernet_run(k, quad, 1, 0);
            *quad_len = 0;
        } else if (*quad_len == 0 && len > 4) {
            q = (len - 1) / 4;
            q = q < FERNET_DEC_RUN ? q : FERNET_DEC_RUN;
            err = fernet_run(k, text, q, 0);
            text += 4 * q;
            len -= 4 * q;
        } else {
            quad[(*quad_len)++] = *text++;
            len--;
        }
    }
    return err;
}

/* The held final quad of either pass, decoded: the text must end on a whole one, which
 * alone may be padded. */
static int fernet_pass_last(fernet_sink *k, const char quad[4], uint32_t quad_len)
{
    return quad_len == 4 && fernet_run(k, quad, 1, 1) == FC_OK;
}

/* ---- pass 1: the verifier ---- */

void fc_fernet_verify_init(fc_fernet_verify_ctx *v, const uint8_t key[FC_FERNET_KEY_SIZE])
{
    memset(v, 0, sizeof *v); /* counters, and a tag window with no stale bytes */
    fc_hmac_sha256_init(&v->mac, key, FERNET_SUBKEY);
    memcpy(v->key, key, FC_FERNET_KEY_SIZE);
    v->state = FERNET_VERIFY_LIVE;
}

void fc_fernet_verify_wipe(fc_fernet_verify_ctx *v)
{
    if (v != NULL)
        fc_wipe(v, sizeof *v);
}

/* Reject the text for good: nothing secret stays behind. */
static void fernet_verify_kill(fc_fernet_verify_ctx *v)
{
    fc_fernet_verify_wipe(v);
    v->state = FERNET_VERIFY_DEAD;
}

/* n more token bytes. Check the version, collect the timestamp, and MAC every byte once it
 * is known not to belong to the final 32 (the tag). */
static fc_err fernet_verify_bytes(fc_fernet_verify_ctx *v, const uint8_t *b, size_t n)
{
    size_t i, excess, old;

    /* Fernet spec "Verifying" step 2: version 0x80, then the 64-bit timestamp. */
    for (i = 0; i < n && v->total + i < 9; i++) {
        if (v->total + i == 0) {
            if (b[i] != FC_FERNET_VERSION)
                return FC_ERR_AUTH;
        } else {
            v->timestamp = v->timestamp << 8 | b[i];
        }
    }
    v->total += n;
    if (v->tag_len + n > FERNET_TAG_SIZE) {
        excess = v->tag_len + n - FERNET_TAG_SIZE;
        old = excess < v->tag_len ? excess : v->tag_len;
        fc_hmac_sha256_update(&v->mac, v->tag, old);
        for (i = 0; i + old < v->tag_len; i++) /* down by old: forward copy is safe */
            v->tag[i] = v->tag[i + old];
        v->tag_len -= (uint32_t)old;
        fc_hmac_sha256_update(&v->mac, b, excess - old);
        b += excess - old;
        n -= excess - old;
    }
    memcpy(v->tag + v->tag_len, b, n);
    v->tag_len += (uint32_t)n;
    return FC_OK;
}

fc_err fc_fernet_verify_update(fc_fernet_verify_ctx *v, const char *text, size_t len)
{
    fernet_sink k;

    if (v == NULL)
        return FC_ERR_ARG;
    if (v->state == FERNET_VERIFY_DEAD)
        return FC_ERR_AUTH;
    if (v->state != FERNET_VERIFY_LIVE)
        return FC_ERR_STATE;
    if (FC_BAD_BUF(text, len))
        return FC_ERR_ARG;
    k.v = v;
    if ((uint64_t)len > UINT64_MAX - v->text_len ||
        fernet_absorb(&k, v->quad, &v->quad_len, text, len) != FC_OK) {
        fernet_verify_kill(v);
        return FC_ERR_AUTH;
    }
    v->text_len += len;
    return FC_OK;
}

fc_err fc_fernet_verify_final(fc_fernet_verify_ctx *v, uint64_t now, uint64_t ttl,
                              uint64_t *timestamp)
{
    fernet_sink k;
    fc_err err = FC_ERR_AUTH;

    if (v == NULL)
        return FC_ERR_ARG;
    if (v->state == FERNET_VERIFY_DEAD)
        return FC_ERR_AUTH;
    if (v->state != FERNET_VERIFY_LIVE)
        return FC_ERR_STATE;
    k.v = v;
    /* Framing: header, a whole number of blocks (at least one), tag (so all of v->tag is
     * the token's); then the HMAC. */
    if (fernet_pass_last(&k, v->quad, v->quad_len) && v->total >= FERNET_MIN_RAW &&
        (v->total - FERNET_MIN_RAW) % 16 == 0 && fc_fernet_mac_verdict(&v->mac, v->tag, 0)) {
        err = fernet_time(v->timestamp, now, ttl);
        if (timestamp != NULL)
            *timestamp = v->timestamp;
    }
    if (err != FC_OK) {
        fernet_verify_kill(v);
        return err;
    }
    v->state = FERNET_VERIFY_DONE;
    return FC_OK;
}

/* ---- pass 2: the decryptor ---- */

fc_err fc_fernet_dec_init(fc_fernet_dec_ctx *st, fc_fernet_verify_ctx *v)
{
    fc_err err = FC_ERR_ARG;

    if (st != NULL && v != NULL) {
        fc_fernet_dec_wipe(st);
        err = v->state != FERNET_VERIFY_DONE
                  ? FC_ERR_STATE
                  : fc_aes_init(&st->aes, v->key + FERNET_SUBKEY, FERNET_SUBKEY);
        if (err == FC_OK) {
            fc_hmac_sha256_init(&st->mac, v->key, FERNET_SUBKEY);
            memcpy(st->tag, v->tag, FERNET_TAG_SIZE);
            st->text_len = v->text_len;
            st->total = v->total;
            st->state = FERNET_DEC_LIVE;
        } else {
            fc_fernet_dec_wipe(st); /* what fc_aes_init may have left */
        }
    }
    fc_fernet_verify_wipe(v);
    return err;
}

void fc_fernet_dec_wipe(fc_fernet_dec_ctx *st)
{
    if (st != NULL)
        fc_wipe(st, sizeof *st);
}

/* Every decrypt-style error: out holds nothing, *out_len is 0. */
static void fernet_dec_clear(uint8_t *out, size_t out_cap, size_t *out_len)
{
    if (out != NULL)
        fc_wipe(out, out_cap);
    if (out_len != NULL)
        *out_len = 0;
}

#if FC_SMALL
/* Size form of the next function, same results: one byte at a time through st->blk, one
 * block at a time. Token offsets (public) decide where each byte goes: 9..24 are the IV,
 * then whole ciphertext blocks up to ct_end, then the tag (Fernet spec, "Token Format"). */
static void fernet_dec_bytes(fernet_sink *k, const uint8_t *b, size_t n)
{
    fc_fernet_dec_ctx *st = k->d;
    uint64_t ct_end = st->total - FERNET_TAG_SIZE, p = st->pos;
    uint8_t *dst;
    size_t i, j;

    if (p < ct_end)
        fc_hmac_sha256_update(&st->mac, b, ct_end - p < n ? (size_t)(ct_end - p) : n);
    for (i = 0; i < n; i++) {
        p = st->pos++;
        if (p >= ct_end) { /* a tag byte, or one past the token: a difference */
            p -= ct_end;
            st->diff |= p < FERNET_TAG_SIZE ? (uint32_t)(b[i] ^ st->tag[p]) : 1u;
        } else if (p >= 9) {
            st->blk[st->blk_len++] = b[i];
            if (st->blk_len < FC_AES_BLOCK_SIZE)
                continue;
            st->blk_len = 0;
            if (p >= FERNET_HDR_SIZE) {
                /* SP 800-38A 6.2: P_j = CIPH^-1_K(C_j) xor C_{j-1}; the last P_j is held. */
                dst = p + 1 == ct_end ? st->held : k->out + k->w;
                fc_aes_decrypt_blocks(&st->aes, dst, st->blk, 1);
                for (j = 0; j < FC_AES_BLOCK_SIZE; j++)
                    dst[j] ^= st->chain[j];
                k->w += dst == st->held ? 0 : FC_AES_BLOCK_SIZE;
            }
            memcpy(st->chain, st->blk, FC_AES_BLOCK_SIZE); /* the IV, or C_j */
        }
    }
}
#else
/* n more token bytes at st->pos. Bytes before the tag: MAC them, take the IV, decrypt whole
 * ciphertext blocks into out (advancing k->w), keep the last block in st->held. Tag bytes
 * are compared with the verified tag (constant time: differences are ORed into st->diff);
 * bytes past the token's length (a final quad padded differently) count as a difference. */
static void fernet_dec_bytes(fernet_sink *k, const uint8_t *b, size_t n)
{
    fc_fernet_dec_ctx *st = k->d;
    uint64_t pos = st->pos, ct_end = st->total - FERNET_TAG_SIZE, last = ct_end - 16, p;
    size_t i = 0, c;
    fc_err err;

    st->pos += n;
    if (pos < ct_end)
        fc_hmac_sha256_update(&st->mac, b, ct_end - pos < n ? (size_t)(ct_end - pos) : n);
    for (; i < n && pos + i < FERNET_HDR_SIZE; i++) {
        if (pos + i >= 9)
            st->chain[pos + i - 9] = b[i];
    }
    while (i < n && pos + i < ct_end) {
        p = pos + i;
        if (st->blk_len == 0 && p < last && n - i >= FC_AES_BLOCK_SIZE) {
            /* Whole blocks straight from the decoded text; ct_end and p are block-aligned. */
            c = (n - i) / FC_AES_BLOCK_SIZE;
            if (c > (last - p) / FC_AES_BLOCK_SIZE)
                c = (size_t)((last - p) / FC_AES_BLOCK_SIZE);
            err = fc_aes_cbc_decrypt(&st->aes, st->chain, k->out + k->w, b + i, 16 * c);
            st->diff |= err != FC_OK;
            k->w += 16 * c;
            i += 16 * c;
            continue;
        }
        c = FC_AES_BLOCK_SIZE - st->blk_len;
        c = c < n - i ? c : n - i;
        memcpy(st->blk + st->blk_len, b + i, c);
        st->blk_len += (uint32_t)c;
        i += c;
        if (st->blk_len == FC_AES_BLOCK_SIZE) {
            st->blk_len = 0;
            if (p + c == ct_end) {
                err = fc_aes_cbc_decrypt(&st->aes, st->chain, st->held, st->blk, 16);
            } else {
                err = fc_aes_cbc_decrypt(&st->aes, st->chain, k->out + k->w, st->blk, 16);
                k->w += FC_AES_BLOCK_SIZE;
            }
            st->diff |= err != FC_OK;
        }
    }
    for (; i < n; i++) {
        p = pos + i - ct_end;
        if (p < FERNET_TAG_SIZE)
            st->diff |= (uint32_t)(b[i] ^ st->tag[p]);
        else
            st->diff |= 1u;
    }
}
#endif

size_t fc_fernet_dec_update_max(size_t len)
{
    /* Up to 3 bytes of a held quad, 3 per new quad, 15 bytes of an unfinished block. */
    return 3 * (len / 4) + 21;
}

/* Plaintext bytes pass 2 has written after `chars` characters: every whole ciphertext block
 * decoded so far, except the token's last block (final releases it). Decoded are all quads
 * but the last one seen, which is held back: (chars - 1) / 4 of them, 3 bytes each. */
FERNET_NOINLINE static uint64_t fernet_dec_released(const fc_fernet_dec_ctx *st, uint64_t chars)
{
    /* (c & ~3) - c / 4 is 3 * (c / 4) without a 64-bit multiply helper on Cortex-M0. */
    uint64_t c = chars - (chars != 0), bytes = (c & ~(uint64_t)3) - c / 4;
    uint64_t most = st->total - FERNET_MIN_RAW; /* ciphertext bytes before its last block */

    if (bytes < FERNET_HDR_SIZE)
        return 0;
    bytes -= FERNET_HDR_SIZE; /* of the ciphertext; most is a multiple of 16 */
    return (bytes < most ? bytes : most) & ~(uint64_t)15;
}

fc_err fc_fernet_dec_update(fc_fernet_dec_ctx *st, uint8_t *out, size_t out_cap, size_t *out_len,
                            const char *text, size_t len)
{
    fernet_sink k;
    uint64_t need;
    fc_err err = FC_OK;

    if (st == NULL || st->state != FERNET_DEC_LIVE)
        err = FC_ERR_STATE;
    else if (out_len == NULL || FC_BAD_BUF(out, out_cap) || FC_BAD_BUF(text, len))
        err = FC_ERR_ARG;
    if (err != FC_OK) {
        fernet_dec_clear(FC_BAD_BUF(out, out_cap) ? NULL : out, out_cap, out_len);
        return err;
    }
    if ((uint64_t)len > st->text_len - st->fed) {
        fc_fernet_dec_wipe(st); /* longer than the text pass 1 verified */
        fernet_dec_clear(out, out_cap, out_len);
        return FC_ERR_AUTH;
    }
    need = fernet_dec_released(st, st->fed + len) - fernet_dec_released(st, st->fed);
    if ((uint64_t)out_cap < need) {
        fernet_dec_clear(out, out_cap, out_len);
        return FC_ERR_BUFFER;
    }
    st->fed += len;
    k.v = NULL;
    k.d = st;
    k.out = out;
    k.w = 0;
    if (fernet_absorb(&k, st->quad, &st->quad_len, text, len) != FC_OK) {
        fc_fernet_dec_wipe(st);
        fernet_dec_clear(out, out_cap, out_len);
        return FC_ERR_AUTH;
    }
    *out_len = k.w;
    return FC_OK;
}

fc_err fc_fernet_dec_final(fc_fernet_dec_ctx *st, uint8_t *out, size_t out_cap, size_t *out_len)
{
    fernet_sink k;
    size_t m = 0;
    int ok;
    fc_err err = FC_OK;

    if (st == NULL || st->state != FERNET_DEC_LIVE)
        err = FC_ERR_STATE;
    else if (out_len == NULL || FC_BAD_BUF(out, out_cap))
        err = FC_ERR_ARG;
    else if (out_cap < FC_FERNET_DEC_FINAL_MAX)
        err = FC_ERR_BUFFER;
    if (err != FC_OK) {
        fernet_dec_clear(FC_BAD_BUF(out, out_cap) ? NULL : out, out_cap, out_len);
        return err;
    }
    /* Pass 2 saw as many characters as pass 1; the held final quad is decoded too, so every
     * tag byte is compared. Then the HMAC of pass 2's bytes must equal the verified tag. */
    k.v = NULL;
    k.d = st;
    k.w = 0;
    k.out = out; /* final writes through st->held, never through k */
    ok = st->fed == st->text_len && fernet_pass_last(&k, st->quad, st->quad_len) &&
         st->pos == st->total && fc_fernet_mac_verdict(&st->mac, st->tag, st->diff);
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
    } else {
        fernet_dec_clear(out, out_cap, out_len);
    }
    fc_fernet_dec_wipe(st);
    return err;
}
