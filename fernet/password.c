/*
 * fernet-c password schemes: PBKDF2-HMAC-SHA256 (RFC 8018 section 5.2) to a Fernet key,
 * the tutorials' unauthenticated AES-256-CFB128 format (SP 800-38A section 6.3), and the
 * authenticated fcpw1 format. Byte layouts: docs/FORMATS.md.
 */
#include "fernetc_libc.h"

#include "fc_internal.h"
#include "fc_base64.h"
#include "fc_pbkdf2.h"
#include "fc_password.h"

#define PASSWORD_LEGACY_HEAD  32 /* salt(16) || IV(16) */
#define PASSWORD_LEGACY_MIN   44 /* characters of the shortest text: 32 bytes, padded */
#define PASSWORD_CHUNK        48 /* bytes per base64 chunk: a multiple of 3 and of 16 */
#define PASSWORD_CHUNK_CHARS  64
#define PASSWORD_PREFIX       "fcpw1."
#define PASSWORD_PREFIX_LEN   6
#define PASSWORD_HDR_BYTES    20 /* iterations (4, big-endian) || salt (16) */
#define PASSWORD_HDR_CHARS    27 /* base64url without padding of 20 bytes */

fc_err fc_fernet_key_derive(uint8_t key[FC_FERNET_KEY_SIZE], const uint8_t *pw, size_t pw_len,
                              const uint8_t *salt, size_t salt_len, uint32_t iterations)
{
    if (key == NULL || FC_BAD_BUF(pw, pw_len) || FC_BAD_BUF(salt, salt_len) || iterations == 0)
        return FC_ERR_ARG;
    return fc_pbkdf2_hmac_sha256(key, FC_FERNET_KEY_SIZE, pw, pw_len, salt, salt_len, iterations);
}

/* ---- legacy CFB ---- */

size_t fc_legacy_cfb_text_len(size_t msg_len)
{
    if (msg_len > SIZE_MAX - PASSWORD_LEGACY_HEAD)
        return SIZE_MAX;
    return fc_base64_encoded_len(msg_len + PASSWORD_LEGACY_HEAD, 0);
}

size_t fc_legacy_cfb_plain_max(size_t text_len)
{
    if (text_len % 4 != 0 || text_len < PASSWORD_LEGACY_MIN)
        return 0;
    return text_len / 4 * 3 - PASSWORD_LEGACY_HEAD;
}

#define LEGACY_LIVE 0x4c474359u /* state of a context between init and final */

/* ---- legacy CFB, streaming encrypt ---- */

/* n / PASSWORD_CHUNK (48 = 16 * 3) without a division, so Cortex-M0 needs no libgcc helper. */
static size_t password_chunks(size_t n)
{
    return fc_div3(n >> 4);
}

size_t fc_legacy_cfb_enc_update_max(size_t msg_len)
{
    size_t groups = password_chunks(msg_len) + 1;
    return groups > SIZE_MAX / PASSWORD_CHUNK_CHARS ? SIZE_MAX : groups * PASSWORD_CHUNK_CHARS;
}

void fc_legacy_cfb_enc_wipe(fc_legacy_cfb_enc_ctx *ctx)
{
    if (ctx != NULL)
        fc_wipe(ctx, sizeof *ctx);
}

fc_err fc_legacy_cfb_enc_init(fc_legacy_cfb_enc_ctx *ctx, const uint8_t *pw, size_t pw_len,
                              const uint8_t salt[FC_PASSWORD_SALT_SIZE],
                              const uint8_t iv[FC_AES_BLOCK_SIZE], uint32_t iterations)
{
    uint8_t key[32];
    fc_err err;

    if (ctx == NULL)
        return FC_ERR_ARG;
    fc_wipe(ctx, sizeof *ctx);
    if (FC_BAD_BUF(pw, pw_len) || salt == NULL || iv == NULL || iterations == 0)
        return FC_ERR_ARG;
    /* RFC 8018 5.2: the AES-256 key from the password and the 16-byte salt. */
    err = fc_pbkdf2_hmac_sha256(key, sizeof key, pw, pw_len, salt, FC_PASSWORD_SALT_SIZE,
                                iterations);
    if (err == FC_OK)
        err = fc_aes_init(&ctx->aes, key, sizeof key);
    fc_wipe(key, sizeof key);
    if (err != FC_OK) {
        fc_wipe(ctx, sizeof *ctx);
        return err;
    }
    fc_aes_cfb_init(&ctx->cfb, iv);
    /* The text starts with salt || IV in the clear; they leave with the first 48 bytes. */
    memcpy(ctx->pend, salt, FC_PASSWORD_SALT_SIZE);
    memcpy(ctx->pend + FC_PASSWORD_SALT_SIZE, iv, FC_AES_BLOCK_SIZE);
    ctx->pend_len = PASSWORD_LEGACY_HEAD;
    ctx->state = LEGACY_LIVE;
    return FC_OK;
}

fc_err fc_legacy_cfb_enc_update(fc_legacy_cfb_enc_ctx *ctx, char *out, size_t out_cap,
                                size_t *out_len, const uint8_t *msg, size_t msg_len)
{
    size_t groups, pos = 0, n, take;
    fc_err err = FC_OK;

    if (out_len == NULL)
        return FC_ERR_ARG;
    *out_len = 0;
    if (ctx == NULL || FC_BAD_BUF(out, out_cap) || FC_BAD_BUF(msg, msg_len))
        return FC_ERR_ARG;
    if (ctx->state != LEGACY_LIVE)
        return FC_ERR_STATE;
    /* Exactly the whole 48-byte groups this call completes go out, 64 characters each. */
    groups = password_chunks(msg_len);
    groups += password_chunks(msg_len - groups * PASSWORD_CHUNK + ctx->pend_len);
    if (groups > out_cap / PASSWORD_CHUNK_CHARS)
        return FC_ERR_BUFFER;
    while (err == FC_OK && msg_len > 0) {
        take = PASSWORD_CHUNK - ctx->pend_len;
        if (take > msg_len)
            take = msg_len;
        /* SP 800-38A 6.3: CFB128 keeps its position across calls, so any split works. */
        err = fc_aes_cfb128_encrypt(&ctx->aes, &ctx->cfb, ctx->pend + ctx->pend_len, msg, take);
        ctx->pend_len += (uint32_t)take;
        msg += take;
        msg_len -= take;
        if (err == FC_OK && ctx->pend_len == PASSWORD_CHUNK) {
            /* RFC 4648 4: whole 3-byte groups, so the pieces join into one text. */
            err = fc_base64_encode(out + pos, out_cap - pos, &n, ctx->pend, PASSWORD_CHUNK,
                                   0);
            pos += n;
            ctx->pend_len = 0;
        }
    }
    if (err != FC_OK) {
        fc_legacy_cfb_enc_wipe(ctx);
        return err;
    }
    *out_len = pos;
    return FC_OK;
}

fc_err fc_legacy_cfb_enc_final(fc_legacy_cfb_enc_ctx *ctx, char *out, size_t out_cap,
                               size_t *out_len)
{
    fc_err err;

    if (out_len == NULL)
        return FC_ERR_ARG;
    *out_len = 0;
    if (ctx == NULL || FC_BAD_BUF(out, out_cap))
        return FC_ERR_ARG;
    if (ctx->state != LEGACY_LIVE)
        return FC_ERR_STATE;
    if (out_cap < fc_base64_encoded_len(ctx->pend_len, 0))
        return FC_ERR_BUFFER;
    /* RFC 4648 4: the last group, '='-padded. */
    err = fc_base64_encode(out, out_cap, out_len, ctx->pend, ctx->pend_len, 0);
    fc_legacy_cfb_enc_wipe(ctx);
    return err;
}

fc_err fc_legacy_cfb_encrypt(char *out, size_t out_cap, size_t *out_len, const uint8_t *pw,
                             size_t pw_len, const uint8_t salt[FC_PASSWORD_SALT_SIZE],
                             const uint8_t iv[FC_AES_BLOCK_SIZE], uint32_t iterations,
                             const uint8_t *msg, size_t msg_len)
{
    fc_legacy_cfb_enc_ctx ctx;
    size_t need, n = 0, m = 0;
    fc_err err;

    if (out_len == NULL)
        return FC_ERR_ARG;
    *out_len = 0;
    if (FC_BAD_BUF(out, out_cap) || FC_BAD_BUF(pw, pw_len) || FC_BAD_BUF(msg, msg_len) ||
        salt == NULL || iv == NULL || iterations == 0)
        return FC_ERR_ARG;
    need = fc_legacy_cfb_text_len(msg_len);
    if (need == SIZE_MAX || out_cap < need)
        return FC_ERR_BUFFER;

    err = fc_legacy_cfb_enc_init(&ctx, pw, pw_len, salt, iv, iterations);
    if (err == FC_OK)
        err = fc_legacy_cfb_enc_update(&ctx, out, out_cap, &n, msg, msg_len);
    if (err == FC_OK)
        err = fc_legacy_cfb_enc_final(&ctx, out + n, out_cap - n, &m);
    fc_legacy_cfb_enc_wipe(&ctx);
    if (err != FC_OK) {
        fc_wipe(out, need);
        return err;
    }
    *out_len = n + m;
    return FC_OK;
}

/* ---- legacy CFB, streaming decrypt ---- */

size_t fc_legacy_cfb_dec_update_max(size_t len)
{
    return (len / PASSWORD_CHUNK_CHARS + 1) * PASSWORD_CHUNK;
}

void fc_legacy_cfb_dec_wipe(fc_legacy_cfb_dec_ctx *ctx)
{
    if (ctx != NULL)
        fc_wipe(ctx, sizeof *ctx);
}

fc_err fc_legacy_cfb_dec_init(fc_legacy_cfb_dec_ctx *ctx, const uint8_t *pw, size_t pw_len,
                              uint32_t iterations, const char head[FC_LEGACY_CFB_HEAD_LEN])
{
    uint8_t raw[PASSWORD_LEGACY_HEAD + 1], key[32];
    size_t n = 0;
    fc_err err;

    if (ctx == NULL)
        return FC_ERR_ARG;
    fc_wipe(ctx, sizeof *ctx);
    if (FC_BAD_BUF(pw, pw_len) || head == NULL || iterations == 0)
        return FC_ERR_ARG;
    /* 11 groups: salt || IV and the first ciphertext byte, or (padded) salt || IV alone. */
    if (fc_base64_decode(raw, sizeof raw, &n, head, FC_LEGACY_CFB_HEAD_LEN, 0, NULL) != FC_OK ||
        n < PASSWORD_LEGACY_HEAD)
        return FC_ERR_ENCODING;
    err = fc_pbkdf2_hmac_sha256(key, sizeof key, pw, pw_len, raw, FC_PASSWORD_SALT_SIZE,
                                iterations);
    if (err == FC_OK)
        err = fc_aes_init(&ctx->aes, key, sizeof key);
    fc_wipe(key, sizeof key);
    if (err != FC_OK) {
        fc_wipe(ctx, sizeof *ctx);
        return err;
    }
    fc_aes_cfb_init(&ctx->cfb, raw + FC_PASSWORD_SALT_SIZE);
    /* The last group is decoded again with what follows: its first 2 bytes are the IV's. */
    memcpy(ctx->held, head + FC_LEGACY_CFB_HEAD_LEN - 4, 4);
    ctx->held_len = 4;
    ctx->skip = 2;
    ctx->state = LEGACY_LIVE;
    return FC_OK;
}

/* Decode the held characters (padding allowed only when last) and decrypt them past the
 * bytes to skip into out. *out_len gets the bytes written. */
static fc_err password_legacy_drain(fc_legacy_cfb_dec_ctx *ctx, uint8_t *out, size_t out_cap,
                                    size_t *out_len, int last)
{
    uint8_t raw[PASSWORD_CHUNK];
    size_t n = 0;
    fc_err err;

    *out_len = 0;
    err = fc_base64_decode(raw, sizeof raw, &n, ctx->held, ctx->held_len, 0, NULL);
    if (err != FC_OK || n < ctx->skip || (!last && n != PASSWORD_CHUNK))
        return FC_ERR_ENCODING;
    if (out_cap < n - ctx->skip)
        return FC_ERR_BUFFER;
    err = fc_aes_cfb128_decrypt(&ctx->aes, &ctx->cfb, out, raw + ctx->skip, n - ctx->skip);
    *out_len = n - ctx->skip;
    ctx->skip = 0;
    ctx->held_len = 0;
    return err;
}

fc_err fc_legacy_cfb_dec_update(fc_legacy_cfb_dec_ctx *ctx, uint8_t *out, size_t out_cap,
                                size_t *out_len, const char *text, size_t len)
{
    size_t drains, need, pos = 0, n, take;
    fc_err err = FC_OK;

    if (out_len == NULL)
        return FC_ERR_ARG;
    *out_len = 0;
    if (ctx == NULL || FC_BAD_BUF(out, out_cap) || FC_BAD_BUF(text, len))
        return FC_ERR_ARG;
    if (ctx->state != LEGACY_LIVE)
        return FC_ERR_STATE;
    /* A full buffer of 64 characters is decoded only once more text follows it, so the
     * last group (the only one that may hold '=') always waits for final. */
    drains = 0;
    if (len > 0)
        drains = (len - 1) / PASSWORD_CHUNK_CHARS +
                 ((len - 1) % PASSWORD_CHUNK_CHARS + ctx->held_len) / PASSWORD_CHUNK_CHARS;
    need = drains == 0 ? 0 : drains * PASSWORD_CHUNK - ctx->skip;
    if (out_cap < need)
        return FC_ERR_BUFFER;
    while (err == FC_OK && len > 0) {
        if (ctx->held_len == PASSWORD_CHUNK_CHARS) {
            err = password_legacy_drain(ctx, out + pos, out_cap - pos, &n, 0);
            pos += n;
            if (err != FC_OK)
                break;
        }
        take = PASSWORD_CHUNK_CHARS - ctx->held_len;
        if (take > len)
            take = len;
        memcpy(ctx->held + ctx->held_len, text, take);
        ctx->held_len += (uint32_t)take;
        text += take;
        len -= take;
    }
    if (err != FC_OK) {
        fc_wipe(out, pos);
        fc_legacy_cfb_dec_wipe(ctx);
        return err;
    }
    *out_len = pos;
    return FC_OK;
}

fc_err fc_legacy_cfb_dec_final(fc_legacy_cfb_dec_ctx *ctx, uint8_t *out, size_t out_cap,
                               size_t *out_len)
{
    fc_err err;

    if (out_len == NULL)
        return FC_ERR_ARG;
    *out_len = 0;
    if (ctx == NULL || FC_BAD_BUF(out, out_cap))
        return FC_ERR_ARG;
    if (ctx->state != LEGACY_LIVE)
        return FC_ERR_STATE;
    err = password_legacy_drain(ctx, out, out_cap, out_len, 1);
    if (err == FC_ERR_BUFFER)
        return err; /* nothing decrypted yet: the caller may retry with more room */
    if (err != FC_OK) {
        fc_wipe(out, *out_len);
        *out_len = 0;
    }
    fc_legacy_cfb_dec_wipe(ctx);
    return err;
}

/* Validate the whole text in 64-character chunks (48 bytes each, the last one padded)
 * before anything is derived: every chunk but the last must decode to exactly 48 bytes, so
 * '=' anywhere but at the very end is refused, as one strict decode of the whole text
 * would be. */
static fc_err password_b64_check(const char *text, size_t text_len)
{
    uint8_t raw[PASSWORD_CHUNK];
    size_t pos = 0, chars, n = 0;
    fc_err err = FC_OK;

    while (err == FC_OK && pos < text_len) {
        chars = text_len - pos < PASSWORD_CHUNK_CHARS ? text_len - pos : PASSWORD_CHUNK_CHARS;
        err = fc_base64_decode(raw, sizeof raw, &n, text + pos, chars, 0, NULL);
        pos += chars;
        if (err == FC_OK && pos < text_len && n != PASSWORD_CHUNK)
            err = FC_ERR_ENCODING;
    }
    return err == FC_ERR_BUFFER ? FC_ERR_ENCODING : err;
}

/* Every decrypt-style error: out (as far as out_cap) holds nothing, *out_len is 0. */
static fc_err password_fail(fc_err err, uint8_t *out, size_t out_cap, size_t *out_len)
{
    if (err != FC_OK && out != NULL)
        fc_wipe(out, out_cap);
    if (err != FC_OK && out_len != NULL)
        *out_len = 0;
    return err;
}

static fc_err password_legacy_decrypt(uint8_t *out, size_t out_cap, size_t *out_len,
                                      const uint8_t *pw, size_t pw_len, uint32_t iterations,
                                      const char *text, size_t text_len)
{
    fc_legacy_cfb_dec_ctx ctx;
    size_t total, pad, n = 0, m = 0;
    fc_err err;

    if (out_len == NULL)
        return FC_ERR_ARG;
    *out_len = 0;
    if (FC_BAD_BUF(out, out_cap) || FC_BAD_BUF(pw, pw_len) || FC_BAD_BUF(text, text_len) ||
        iterations == 0)
        return FC_ERR_ARG;
    if (fc_legacy_cfb_plain_max(text_len) == 0)
        return FC_ERR_ENCODING;

    /* Pass 1 validates all of the base64 before any slow derivation or any output. */
    err = password_b64_check(text, text_len);
    if (err != FC_OK)
        return err;
    pad = (size_t)(text[text_len - 1] == '=') + (size_t)(text[text_len - 2] == '=');
    total = text_len / 4 * 3 - pad;
    if (total < PASSWORD_LEGACY_HEAD)
        return FC_ERR_ENCODING;
    if (out_cap < total - PASSWORD_LEGACY_HEAD)
        return FC_ERR_BUFFER;

    /* Pass 2: the streaming decryptor over the same text. */
    err = fc_legacy_cfb_dec_init(&ctx, pw, pw_len, iterations, text);
    if (err == FC_OK)
        err = fc_legacy_cfb_dec_update(&ctx, out, out_cap, &n,
                                       text + FC_LEGACY_CFB_HEAD_LEN,
                                       text_len - FC_LEGACY_CFB_HEAD_LEN);
    if (err == FC_OK)
        /* out may be NULL when the plaintext is empty, and NULL + 0 is undefined in C. */
        err = fc_legacy_cfb_dec_final(&ctx, n ? out + n : out, out_cap - n, &m);
    fc_legacy_cfb_dec_wipe(&ctx);
    if (err != FC_OK) {
        fc_wipe(out, total - PASSWORD_LEGACY_HEAD);
        return err;
    }
    *out_len = n + m;
    return FC_OK;
}

fc_err fc_legacy_cfb_decrypt(uint8_t *out, size_t out_cap, size_t *out_len, const uint8_t *pw,
                             size_t pw_len, uint32_t iterations, const char *text,
                             size_t text_len)
{
    fc_err err = password_legacy_decrypt(out, out_cap, out_len, pw, pw_len, iterations, text,
                                         text_len);

    return password_fail(err, FC_BAD_BUF(out, out_cap) ? NULL : out, out_cap, out_len);
}

/* ---- fcpw1 ---- */

size_t fc_fcpw1_text_len(size_t msg_len)
{
    size_t t = fc_fernet_token_len(msg_len);
    if (t == SIZE_MAX || t > SIZE_MAX - FC_FCPW1_HEADER_LEN)
        return SIZE_MAX;
    return t + FC_FCPW1_HEADER_LEN;
}

size_t fc_fcpw1_plain_max(size_t text_len)
{
    if (text_len < FC_FCPW1_HEADER_LEN)
        return 0;
    return fc_fernet_plain_max(text_len - FC_FCPW1_HEADER_LEN);
}

fc_err fc_fcpw1_header_write(char out[FC_FCPW1_HEADER_LEN], uint8_t key[FC_FERNET_KEY_SIZE],
                       const uint8_t *pw, size_t pw_len, const uint8_t salt[FC_PASSWORD_SALT_SIZE],
                       uint32_t iterations)
{
    uint8_t hdr[PASSWORD_HDR_BYTES];
    size_t n = 0;
    fc_err err;

    if (out == NULL || key == NULL || FC_BAD_BUF(pw, pw_len) || salt == NULL || iterations == 0) {
        if (key != NULL)
            fc_wipe(key, FC_FERNET_KEY_SIZE);
        return FC_ERR_ARG;
    }
    fc_store32_be(hdr, iterations);
    memcpy(hdr + 4, salt, FC_PASSWORD_SALT_SIZE);
    memcpy(out, PASSWORD_PREFIX, PASSWORD_PREFIX_LEN);
    err = fc_base64_encode(out + PASSWORD_PREFIX_LEN, PASSWORD_HDR_CHARS, &n, hdr, sizeof hdr,
                           FC_BASE64_URL | FC_BASE64_NOPAD);
    out[FC_FCPW1_HEADER_LEN - 1] = '.';
    if (err == FC_OK)
        err = fc_fernet_key_derive(key, pw, pw_len, salt, FC_PASSWORD_SALT_SIZE, iterations);
    if (err != FC_OK) {
        fc_wipe(key, FC_FERNET_KEY_SIZE);
        fc_wipe(out, FC_FCPW1_HEADER_LEN);
    }
    return err;
}

/* text (at least PASSWORD_PREFIX_LEN characters) starts with "fcpw1."; a loop, so the
 * library needs no memcmp. */
static int password_has_prefix(const char *text)
{
    size_t i;

    for (i = 0; i < PASSWORD_PREFIX_LEN; i++)
        if (text[i] != PASSWORD_PREFIX[i])
            return 0;
    return 1;
}

/* Parse the 34-character header without deriving anything. Only the one canonical
 * spelling of each (iterations, salt) pair is accepted: the decoder is strict. */
static fc_err password_parse_header(uint32_t *iterations, uint8_t salt[FC_PASSWORD_SALT_SIZE],
                                    const char *text, size_t text_len, uint32_t max_iterations)
{
    uint8_t hdr[PASSWORD_HDR_BYTES];
    size_t n = 0;
    fc_err err;

    *iterations = 0;
    /* docs/FORMATS.md 3.3 step 1: name and separator; step 2: strict header; step 3: count. */
    if (text_len < FC_FCPW1_HEADER_LEN || !password_has_prefix(text) ||
        text[FC_FCPW1_HEADER_LEN - 1] != '.')
        return FC_ERR_ENCODING;
    err = fc_base64_decode(hdr, sizeof hdr, &n, text + PASSWORD_PREFIX_LEN, PASSWORD_HDR_CHARS,
                           FC_BASE64_URL | FC_BASE64_NOPAD, NULL);
    if (err != FC_OK || n != sizeof hdr)
        return FC_ERR_ENCODING;
    *iterations = fc_load32_be(hdr);
    memcpy(salt, hdr + 4, FC_PASSWORD_SALT_SIZE);
    if (*iterations == 0)
        return FC_ERR_ENCODING;
    if (*iterations > max_iterations)
        return FC_ERR_LIMIT;
    return FC_OK;
}

fc_err fc_fcpw1_header_read(uint8_t key[FC_FERNET_KEY_SIZE], uint32_t *iterations,
                            const char *text, size_t text_len, const uint8_t *pw, size_t pw_len,
                            uint32_t max_iterations)
{
    uint8_t salt[FC_PASSWORD_SALT_SIZE];
    uint32_t iter = 0;
    fc_err err;

    if (key == NULL)
        return FC_ERR_ARG;
    fc_wipe(key, FC_FERNET_KEY_SIZE);
    if (iterations != NULL)
        *iterations = 0;
    if (FC_BAD_BUF(text, text_len) || FC_BAD_BUF(pw, pw_len))
        return FC_ERR_ARG;
    err = password_parse_header(&iter, salt, text, text_len, max_iterations);
    if (iterations != NULL && (err == FC_OK || err == FC_ERR_LIMIT))
        *iterations = iter;
    if (err == FC_OK)
        err = fc_fernet_key_derive(key, pw, pw_len, salt, sizeof salt, iter);
    if (err != FC_OK)
        fc_wipe(key, FC_FERNET_KEY_SIZE);
    return err;
}

fc_err fc_fcpw1_encrypt_at(char *out, size_t out_cap, size_t *out_len, const uint8_t *pw,
                           size_t pw_len, const uint8_t salt[FC_PASSWORD_SALT_SIZE],
                           uint32_t iterations, uint64_t now, const uint8_t iv[FC_FERNET_IV_SIZE],
                           const uint8_t *msg, size_t msg_len)
{
    uint8_t key[FC_FERNET_KEY_SIZE];
    size_t need, n = 0;
    fc_err err;

    if (out_len == NULL)
        return FC_ERR_ARG;
    *out_len = 0;
    if (FC_BAD_BUF(out, out_cap) || FC_BAD_BUF(pw, pw_len) || FC_BAD_BUF(msg, msg_len) ||
        salt == NULL || iv == NULL || iterations == 0)
        return FC_ERR_ARG;
    need = fc_fcpw1_text_len(msg_len);
    if (need == SIZE_MAX || out_cap < need)
        return FC_ERR_BUFFER;

    err = fc_fcpw1_header_write(out, key, pw, pw_len, salt, iterations);
    if (err == FC_OK)
        err = fc_fernet_encrypt_at(out + FC_FCPW1_HEADER_LEN, out_cap - FC_FCPW1_HEADER_LEN, &n,
                                   key, now, iv, msg, msg_len);
    fc_wipe(key, sizeof key);
    if (err != FC_OK) {
        fc_wipe(out, need);
        return err;
    }
    *out_len = FC_FCPW1_HEADER_LEN + n;
    return FC_OK;
}

static fc_err password_fcpw1_decrypt(uint8_t *out, size_t out_cap, size_t *out_len,
                                     const uint8_t *pw, size_t pw_len, uint32_t max_iterations,
                                     const char *text, size_t text_len)
{
    uint8_t key[FC_FERNET_KEY_SIZE], salt[FC_PASSWORD_SALT_SIZE];
    uint32_t iter = 0;
    size_t body_max;
    fc_err err;

    if (out_len == NULL)
        return FC_ERR_ARG;
    *out_len = 0;
    if (FC_BAD_BUF(out, out_cap) || FC_BAD_BUF(pw, pw_len) || FC_BAD_BUF(text, text_len))
        return FC_ERR_ARG;
    /* Every check that needs no key comes first, so a hostile or truncated text costs
     * no derivation: header, iteration ceiling, body length, output room. */
    err = password_parse_header(&iter, salt, text, text_len, max_iterations);
    if (err != FC_OK)
        return err;
    body_max = fc_fcpw1_plain_max(text_len);
    if (body_max == 0)
        return FC_ERR_AUTH;
    if (out_cap < body_max)
        return FC_ERR_BUFFER;

    err = fc_fernet_key_derive(key, pw, pw_len, salt, sizeof salt, iter);
    if (err == FC_OK)
        err = fc_fernet_decrypt_at(out, out_cap, out_len, key, text + FC_FCPW1_HEADER_LEN,
                                   text_len - FC_FCPW1_HEADER_LEN, 0, FC_FERNET_NO_TTL, NULL);
    fc_wipe(key, sizeof key);
    if (err != FC_OK) {
        fc_wipe(out, body_max);
        *out_len = 0;
    }
    return err;
}

fc_err fc_fcpw1_decrypt(uint8_t *out, size_t out_cap, size_t *out_len, const uint8_t *pw,
                        size_t pw_len, uint32_t max_iterations, const char *text, size_t text_len)
{
    fc_err err = password_fcpw1_decrypt(out, out_cap, out_len, pw, pw_len, max_iterations, text,
                                        text_len);

    return password_fail(err, FC_BAD_BUF(out, out_cap) ? NULL : out, out_cap, out_len);
}
