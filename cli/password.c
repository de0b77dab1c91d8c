/*
 * fernet encrypt/decrypt --password: the authenticated fcpw1 format (header from
 * fc_fcpw1_header_write, body an ordinary streamed Fernet token) and, with --legacy-cfb, the
 * tutorial's UNAUTHENTICATED format: standard base64 (RFC 4648 4) of salt || IV ||
 * AES-256-CFB128 (SP 800-38A 6.3) under PBKDF2-HMAC-SHA256 (RFC 8018 5.2). Formats:
 * docs/FORMATS.md. Both stream in constant memory; legacy CFB through the library's
 * streaming calls (fc_legacy_cfb_enc_* / fc_legacy_cfb_dec_*), its one implementation.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

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

/* ---- legacy CFB encrypt: the library's streaming encryptor ---- */
static int pw_legacy_encrypt(const cli_opts *o, cli_source *src, cli_progress *p, cli_sink *sink)
{
    uint8_t head[FC_PASSWORD_SALT_SIZE + FC_AES_BLOCK_SIZE];
    fc_legacy_cfb_enc_ctx ctx;
    size_t got, n;
    int rc;

    if (fc_legacy_cfb_enc_update_max(sizeof pw_data) > sizeof pw_text - 1) {
        cli_err("internal error: encrypt buffer too small");
        return CLI_IO;
    }
    if ((rc = cli_random(head, sizeof head)) != CLI_OK)
        return rc;
    if (fc_legacy_cfb_enc_init(&ctx, pw_buf, pw_len, head, head + FC_PASSWORD_SALT_SIZE,
                               o->iterations) != FC_OK) {
        cli_err("encrypt: key derivation failed");
        return CLI_IO;
    }
    while ((rc = cli_source_read(src, pw_data, sizeof pw_data, &got)) == CLI_OK && got > 0) {
        if (fc_legacy_cfb_enc_update(&ctx, pw_text, sizeof pw_text, &n, pw_data, got) != FC_OK) {
            cli_err("internal error: encrypt buffer too small");
            rc = CLI_IO;
            break;
        }
        if ((rc = cli_sink_write(sink, pw_text, n)) != CLI_OK)
            break;
        cli_progress_add(p, got);
    }
    if (rc == CLI_OK && fc_legacy_cfb_enc_final(&ctx, pw_text, sizeof pw_text - 1, &n) == FC_OK) {
        pw_text[n++] = '\n';
        rc = cli_sink_write(sink, pw_text, n);
    } else if (rc == CLI_OK) {
        rc = CLI_IO;
    }
    fc_legacy_cfb_enc_wipe(&ctx);
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
    if ((rc = cli_sink_open(&sink, o.out, 0, cli_sink_flags(&o))) != CLI_OK) {
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
    rc = cli_sink_finish(&sink, rc);
    cli_source_close(&src);
out:
    fc_wipe(pw_buf, sizeof pw_buf);
    return rc;
}

/* ---- legacy CFB decrypt: the library's streaming decryptor over the text with its
 * whitespace removed (cli_squeeze) ---- */
static int pw_legacy_open(fc_legacy_cfb_dec_ctx *ctx, const cli_opts *o, const char *head)
{
    fc_err e = fc_legacy_cfb_dec_init(ctx, pw_buf, pw_len, o->iterations, head);
    if (e == FC_ERR_ENCODING) {
        cli_err("not a legacy CFB text: malformed base64 in its salt and IV");
        return CLI_REJECTED;
    }
    if (e != FC_OK) {
        cli_err("decrypt: key derivation failed");
        return CLI_IO;
    }
    return CLI_OK;
}

static int pw_legacy_decrypt(const cli_opts *o, cli_source *src, cli_progress *p, cli_sink *sink)
{
    static char text[CLI_CHUNK / 2];
    char head[FC_LEGACY_CFB_HEAD_LEN];
    fc_legacy_cfb_dec_ctx ctx;
    size_t have = 0, got, n, off, k;
    int rc, started = 0;

    /* Half a chunk of characters decodes to less than pw_data holds. */
    if (fc_legacy_cfb_dec_update_max(sizeof text) > sizeof pw_data) {
        cli_err("internal error: decrypt buffer too small");
        return CLI_IO;
    }
    memset(&ctx, 0, sizeof ctx);
    while ((rc = cli_source_read(src, text, sizeof text, &got)) == CLI_OK && got > 0) {
        cli_progress_add(p, got);
        n = cli_squeeze(text, got);
        off = 0;
        if (!started) {
            off = FC_LEGACY_CFB_HEAD_LEN - have < n ? FC_LEGACY_CFB_HEAD_LEN - have : n;
            memcpy(head + have, text, off);
            have += off;
            if (have < FC_LEGACY_CFB_HEAD_LEN)
                continue;
            if ((rc = pw_legacy_open(&ctx, o, head)) != CLI_OK)
                break;
            started = 1;
        }
        if (fc_legacy_cfb_dec_update(&ctx, pw_data, sizeof pw_data, &k, text + off, n - off) !=
            FC_OK) {
            cli_err("not a legacy CFB text: malformed base64");
            rc = CLI_REJECTED;
            break;
        }
        if ((rc = cli_sink_write(sink, pw_data, k)) != CLI_OK)
            break;
    }
    if (rc == CLI_OK && !started) {
        cli_err("not a legacy CFB text: shorter than its 32-byte salt and IV");
        rc = CLI_REJECTED;
    } else if (rc == CLI_OK) {
        if (fc_legacy_cfb_dec_final(&ctx, pw_data, sizeof pw_data, &k) != FC_OK) {
            cli_err("not a legacy CFB text: malformed base64");
            rc = CLI_REJECTED;
        } else {
            rc = cli_sink_write(sink, pw_data, k);
        }
    }
    fc_legacy_cfb_dec_wipe(&ctx);
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

    memset(key, 0, sizeof key);
    if ((rc = cli_now(o, &now)) != CLI_OK)
        return rc;
    if ((rc = cli_token_open(&t, o, sink->direct, 2, "decrypt")) != CLI_OK ||
        (rc = cli_token_head(&t, head, sizeof head, &got)) != CLI_OK)
        goto out;
    if (got < FC_FCPW1_HEADER_LEN) {
        cli_err("%s is not an fcpw1 text (too short)", t.src.name);
        rc = CLI_REJECTED;
        goto out;
    }
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
        rc = cli_token_verify(&t, (const uint8_t(*)[FC_FERNET_KEY_SIZE])key, 1, now, o->ttl,
                              &ctx, NULL, NULL);
        fc_wipe(key, sizeof key);
        if (rc == CLI_OK)
            rc = cli_token_decrypt(&t, ctx, cli_emit_sink, sink);
    }
out:
    fc_wipe(key, sizeof key);
    cli_token_close(&t);
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
    if ((rc = cli_sink_open(&sink, o.out, 0, cli_sink_flags(&o))) != CLI_OK)
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
    rc = cli_sink_finish(&sink, rc);
out:
    fc_wipe(pw_buf, sizeof pw_buf);
    return rc;
}
