/*
 * fernet encrypt/decrypt --password: the authenticated fcpw1 format (header from
 * fc_fcpw1_header_write, body an ordinary streamed Fernet token) and, with --legacy-cfb, the
 * tutorial's UNAUTHENTICATED format: standard base64 (RFC 4648 4) of salt || IV ||
 * AES-256-CFB128 (SP 800-38A 6.3) under PBKDF2-HMAC-SHA256 (RFC 8018 5.2). Formats:
 * docs/FORMATS.md. Both stream in constant memory.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#define PW_LEGACY_HEAD (FC_PASSWORD_SALT_SIZE + FC_AES_BLOCK_SIZE) /* salt || IV */

static uint8_t pw_buf[CLI_PW_MAX];
static size_t pw_len;
static uint8_t pw_data[CLI_CHUNK / 2];
static char pw_text[CLI_CHUNK + 8];

static int pw_check_opts(const cli_opts *o, int decrypt)
{
    if (o->nkeyfiles > 0) {
        cli_err("%s: -k does not go with --password", o->cmd);
        return CLI_USAGE;
    }
    if ((o->seen & OPT_LEGACY) && (o->seen & (OPT_NOW | OPT_TTL))) {
        cli_err("%s: the legacy format has no timestamp (no --now or --ttl)", o->cmd);
        return CLI_USAGE;
    }
    if (decrypt && (o->seen & OPT_ITER) && !(o->seen & OPT_LEGACY)) {
        cli_err("decrypt: --iterations goes with --legacy-cfb (fcpw1 texts carry their own)");
        return CLI_USAGE;
    }
    if (!decrypt && !(o->seen & OPT_LEGACY) && (o->seen & OPT_ITER) &&
        o->iterations > FC_FCPW1_MAX_ITERATIONS) {
        cli_err("encrypt: --iterations above %lu could not be decrypted",
                (unsigned long)FC_FCPW1_MAX_ITERATIONS);
        return CLI_USAGE;
    }
    if (o->seen & OPT_LEGACY)
        cli_err("warning: --legacy-cfb is UNAUTHENTICATED: a wrong password or altered text "
                "is not detected; use it only for the tutorial's data");
    return CLI_OK;
}

static int pw_finish(cli_sink *sink, int rc)
{
    if (rc == CLI_OK)
        return cli_sink_commit(sink);
    cli_sink_abort(sink);
    return rc;
}

/* ---- legacy CFB: a streaming base64 writer (RFC 4648 4: 3 bytes -> 4 characters) ---- */
typedef struct {
    cli_sink *sink;
    uint8_t carry[3];
    size_t carry_len;
} pw_b64;

/* Encode len <= sizeof pw_data bytes; the last len % 3 wait for more. */
static int pw_b64_put(pw_b64 *w, const uint8_t *p, size_t len)
{
    size_t n, whole;
    int rc;
    while (len > 0 && w->carry_len > 0 && w->carry_len < 3) {
        w->carry[w->carry_len++] = *p++;
        len--;
    }
    if (w->carry_len == 3) {
        if (fc_base64_encode(pw_text, sizeof pw_text, &n, w->carry, 3, 0) != FC_OK ||
            (rc = cli_sink_write(w->sink, pw_text, n)) != CLI_OK)
            return CLI_IO;
        w->carry_len = 0;
    }
    whole = len - len % 3;
    if (whole > 0) {
        if (fc_base64_encode(pw_text, sizeof pw_text, &n, p, whole, 0) != FC_OK) {
            cli_err("internal error: base64 buffer too small");
            return CLI_IO;
        }
        if ((rc = cli_sink_write(w->sink, pw_text, n)) != CLI_OK)
            return rc;
    }
    memcpy(w->carry + w->carry_len, p + whole, len - whole);
    w->carry_len += len - whole;
    return CLI_OK;
}

static int pw_b64_end(pw_b64 *w)
{
    size_t n = 0;
    if (fc_base64_encode(pw_text, sizeof pw_text - 1, &n, w->carry, w->carry_len, 0) != FC_OK)
        return CLI_IO;
    pw_text[n++] = '\n';
    return cli_sink_write(w->sink, pw_text, n);
}

static int pw_legacy_encrypt(const cli_opts *o, cli_source *src, cli_progress *p, cli_sink *sink)
{
    uint8_t head[PW_LEGACY_HEAD], key[32];
    fc_aes_ctx aes;
    fc_aes_cfb_ctx cfb;
    pw_b64 w;
    size_t got;
    int rc;

    memset(&w, 0, sizeof w);
    w.sink = sink;
    if ((rc = cli_random(head, sizeof head)) != CLI_OK)
        return rc;
    if (fc_pbkdf2_hmac_sha256(key, sizeof key, pw_buf, pw_len, head, FC_PASSWORD_SALT_SIZE,
                              o->iterations) != FC_OK ||
        fc_aes_init(&aes, key, sizeof key) != FC_OK) {
        fc_wipe(key, sizeof key);
        cli_err("encrypt: key derivation failed");
        return CLI_IO;
    }
    fc_wipe(key, sizeof key);
    fc_aes_cfb_init(&cfb, head + FC_PASSWORD_SALT_SIZE);
    rc = pw_b64_put(&w, head, sizeof head);
    while (rc == CLI_OK) {
        if ((rc = cli_source_read(src, pw_data, sizeof pw_data, &got)) != CLI_OK || got == 0)
            break;
        if (fc_aes_cfb128_encrypt(&aes, &cfb, pw_data, pw_data, got) != FC_OK) {
            rc = CLI_IO;
            break;
        }
        rc = pw_b64_put(&w, pw_data, got);
        cli_progress_add(p, got);
    }
    if (rc == CLI_OK)
        rc = pw_b64_end(&w);
    fc_aes_wipe(&aes);
    fc_wipe(&cfb, sizeof cfb);
    fc_wipe(pw_data, sizeof pw_data);
    cli_progress_end(p);
    return rc;
}

int cli_pw_encrypt(const cli_opts *o_in)
{
    cli_opts o = *o_in;
    cli_source src;
    cli_sink sink;
    cli_progress p;
    uint8_t salt[FC_PASSWORD_SALT_SIZE], key[FC_FERNET_KEY_SIZE];
    char head[FC_FCPW1_HEADER_LEN];
    uint64_t now;
    int rc, legacy = (o.seen & OPT_LEGACY) != 0;

    if (!(o.seen & OPT_ITER))
        o.iterations = legacy ? FC_LEGACY_CFB_ITERATIONS : FC_FCPW1_DEFAULT_ITERATIONS;
    if ((rc = pw_check_opts(&o, 0)) != CLI_OK || (rc = cli_now(&o, &now)) != CLI_OK)
        return rc;
    if ((rc = cli_get_password(&o, pw_buf, &pw_len, 1)) != CLI_OK)
        goto out;
    if ((rc = cli_source_open(&src, o.in)) != CLI_OK)
        goto out;
    if ((rc = cli_sink_open(&sink, o.out, 0, 0)) != CLI_OK) {
        cli_source_close(&src);
        goto out;
    }
    cli_progress_init(&p, (o.seen & OPT_PROGRESS) != 0, src.regular ? src.size : 0, "encrypt");
    if (legacy) {
        rc = pw_legacy_encrypt(&o, &src, &p, &sink);
    } else if ((rc = cli_random(salt, sizeof salt)) == CLI_OK) {
        if (fc_fcpw1_header_write(head, key, pw_buf, pw_len, salt, o.iterations) != FC_OK) {
            cli_err("encrypt: key derivation failed");
            rc = CLI_IO;
        } else if ((rc = cli_sink_write(&sink, head, sizeof head)) == CLI_OK) {
            rc = cli_token_encrypt(&src, &p, &sink, key, now);
        }
        fc_wipe(key, sizeof key);
    }
    rc = pw_finish(&sink, rc);
    cli_source_close(&src);
out:
    fc_wipe(pw_buf, sizeof pw_buf);
    return rc;
}

/* ---- legacy CFB decrypt: base64 stream -> salt, IV, CFB ciphertext ---- */
typedef struct {
    cli_sink *sink;
    uint8_t head[PW_LEGACY_HEAD];
    size_t head_len;
    uint32_t iterations;
    fc_aes_ctx aes;
    fc_aes_cfb_ctx cfb;
} pw_legacy;

static int pw_legacy_bytes(pw_legacy *l, uint8_t *p, size_t len)
{
    uint8_t key[32];
    size_t take = PW_LEGACY_HEAD - l->head_len;
    if (take > len)
        take = len;
    memcpy(l->head + l->head_len, p, take);
    l->head_len += take;
    p += take;
    len -= take;
    if (take > 0 && l->head_len == PW_LEGACY_HEAD) {
        /* Salt and IV complete: derive the key. */
        if (fc_pbkdf2_hmac_sha256(key, sizeof key, pw_buf, pw_len, l->head, FC_PASSWORD_SALT_SIZE,
                                  l->iterations) != FC_OK ||
            fc_aes_init(&l->aes, key, sizeof key) != FC_OK) {
            fc_wipe(key, sizeof key);
            cli_err("decrypt: key derivation failed");
            return CLI_IO;
        }
        fc_wipe(key, sizeof key);
        fc_aes_cfb_init(&l->cfb, l->head + FC_PASSWORD_SALT_SIZE);
    }
    if (len == 0)
        return CLI_OK;
    if (fc_aes_cfb128_decrypt(&l->aes, &l->cfb, p, p, len) != FC_OK)
        return CLI_IO;
    return cli_sink_write(l->sink, p, len);
}

static int pw_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static int pw_legacy_decrypt(const cli_opts *o, cli_source *src, cli_progress *p, cli_sink *sink)
{
    static char text[CLI_CHUNK]; /* pending characters: held quads + half a chunk */
    pw_legacy l;
    size_t have = 0, got, i, keep, n;
    uint64_t seen = 0;
    int rc = CLI_OK, eof = 0;

    memset(&l, 0, sizeof l);
    l.sink = sink;
    l.iterations = o->iterations;
    while (rc == CLI_OK && !eof) {
        /* Half a chunk of characters decodes to at most 3/8 of a chunk: fits pw_data. */
        if ((rc = cli_source_read(src, text + have, CLI_CHUNK / 2, &got)) != CLI_OK)
            break;
        eof = got == 0;
        cli_progress_add(p, got);
        /* Whitespace may surround the text (and Python's b64decode skips line breaks). */
        for (i = have, n = have; i < have + got; i++)
            if (!pw_is_space(text[i]))
                text[n++] = text[i];
        have = n;
        /* Hold back the last whole quad until the end is known: only it may hold '='. */
        keep = have % 4;
        if (!eof && have - keep >= 4)
            keep += 4;
        if (eof && keep != 0) {
            cli_err("not a legacy CFB text: its base64 length is not a multiple of 4");
            rc = CLI_REJECTED;
            break;
        }
        n = have - keep;
        if (n > 0) {
            if (fc_base64_decode(pw_data, sizeof pw_data, &got, text, n, 0, &i) != FC_OK ||
                (!eof && got != n / 4 * 3)) {
                cli_err("not a legacy CFB text: bad base64 near character %llu",
                        (unsigned long long)(seen + i));
                rc = CLI_REJECTED;
                break;
            }
            rc = pw_legacy_bytes(&l, pw_data, got);
            memmove(text, text + n, keep);
            have = keep;
            seen += n;
        }
    }
    if (rc == CLI_OK && l.head_len < PW_LEGACY_HEAD) {
        cli_err("not a legacy CFB text: shorter than its 32-byte salt and IV");
        rc = CLI_REJECTED;
    }
    fc_aes_wipe(&l.aes);
    fc_wipe(&l.cfb, sizeof l.cfb);
    fc_wipe(pw_data, sizeof pw_data);
    cli_progress_end(p);
    return rc;
}

/* ---- fcpw1 decrypt: header, then the body as a two-pass Fernet token ---- */
static int pw_fcpw1_decrypt(const cli_opts *o, cli_sink *sink)
{
    cli_token_in t;
    fc_fernet_dec_ctx *ctx;
    uint8_t key[1][FC_FERNET_KEY_SIZE];
    char head[FC_FCPW1_HEADER_LEN];
    uint32_t iterations;
    uint64_t now;
    size_t got;
    fc_err e;
    int rc;

    if ((rc = cli_now(o, &now)) != CLI_OK)
        return rc;
    if ((rc = cli_token_open(&t, o, sink->direct, 2, "decrypt")) != CLI_OK)
        goto out;
    if (t.end - t.start < FC_FCPW1_HEADER_LEN) {
        cli_err("%s is not an fcpw1 text (too short)", t.src.name);
        rc = CLI_REJECTED;
        goto out;
    }
    if ((rc = cli_source_seek(&t.src, t.start)) != CLI_OK ||
        (rc = cli_source_read(&t.src, head, sizeof head, &got)) != CLI_OK)
        goto out;
    e = fc_fcpw1_header_read(key[0], &iterations, head, sizeof head, pw_buf, pw_len,
                             FC_FCPW1_MAX_ITERATIONS);
    if (e == FC_ERR_LIMIT) {
        cli_err("%s asks for more than %lu PBKDF2 iterations; refused", t.src.name,
                (unsigned long)FC_FCPW1_MAX_ITERATIONS);
        rc = CLI_REJECTED;
    } else if (e != FC_OK) {
        cli_err("%s is not an fcpw1 text (bad header)", t.src.name);
        rc = CLI_REJECTED;
    } else {
        t.auth_msg = "wrong password, or the text was altered";
        rc = cli_token_verify(&t, t.start + FC_FCPW1_HEADER_LEN,
                              (const uint8_t(*)[FC_FERNET_KEY_SIZE])key, 1, now, o->ttl, &ctx,
                              NULL, NULL);
        fc_wipe(key, sizeof key);
        if (rc == CLI_OK)
            rc = cli_token_decrypt(&t, t.start + FC_FCPW1_HEADER_LEN, ctx, cli_emit_sink, sink);
    }
out:
    fc_wipe(key, sizeof key);
    cli_source_close(&t.src);
    return rc;
}

int cli_pw_decrypt(const cli_opts *o_in)
{
    cli_opts o = *o_in;
    cli_source src;
    cli_sink sink;
    cli_progress p;
    int rc, legacy = (o.seen & OPT_LEGACY) != 0;

    if (!(o.seen & OPT_ITER))
        o.iterations = FC_LEGACY_CFB_ITERATIONS;
    if ((rc = pw_check_opts(&o, 1)) != CLI_OK)
        return rc;
    if ((rc = cli_get_password(&o, pw_buf, &pw_len, 0)) != CLI_OK)
        goto out;
    if ((rc = cli_sink_open(&sink, o.out, 0, 0)) != CLI_OK)
        goto out;
    if (legacy) {
        if ((rc = cli_source_open(&src, o.in)) == CLI_OK) {
            cli_progress_init(&p, (o.seen & OPT_PROGRESS) != 0, src.regular ? src.size : 0,
                              "decrypt");
            rc = pw_legacy_decrypt(&o, &src, &p, &sink);
            cli_source_close(&src);
        }
    } else {
        rc = pw_fcpw1_decrypt(&o, &sink);
    }
    rc = pw_finish(&sink, rc);
out:
    fc_wipe(pw_buf, sizeof pw_buf);
    return rc;
}
