/*
 * fernet command: streaming Fernet tokens through the library's encryptor and two-pass
 * decryptor (fc_fernet_enc_*, fc_fernet_dec_*). Pass 1 verifies the whole text with every
 * key at once; only then does pass 2 decrypt, so no unverified byte reaches the output.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

/* One verifying context per key; static so 64 keys cost no stack. */
static fc_fernet_dec_ctx token_ctx[CLI_MAX_KEYS];
static char token_text[CLI_CHUNK];
static uint8_t token_plain[CLI_CHUNK];

int cli_emit_sink(void *arg, const uint8_t *buf, size_t len)
{
    return cli_sink_write(arg, buf, len);
}

int cli_token_open(cli_token_in *t, const cli_opts *o, int must_spool, int passes,
                   const char *label)
{
    int rc, forced = (o->seen & OPT_PROGRESS) != 0;
    memset(t, 0, sizeof *t);
    if ((rc = cli_source_open(&t->src, o->in)) != CLI_OK)
        return rc;
    if (!t->src.regular || must_spool) {
        cli_progress spool;
        cli_progress_init(&spool, forced, t->src.regular ? t->src.size : 0, "reading");
        rc = cli_source_spool(&t->src, &spool);
        cli_progress_end(&spool);
        if (rc != CLI_OK)
            return rc;
    }
    if ((rc = cli_source_trim(&t->src, &t->start, &t->end)) != CLI_OK)
        return rc;
    cli_progress_init(&t->prog, forced, (t->end - t->start) * (uint64_t)passes, label);
    return CLI_OK;
}

/* Feed [from, end) to every context still alive. */
static int token_pass1(cli_token_in *t, uint64_t from, size_t nkeys, int *alive)
{
    uint64_t left = t->end - from;
    int rc = cli_source_seek(&t->src, from);
    while (rc == CLI_OK && left > 0) {
        size_t want = left < sizeof token_text ? (size_t)left : sizeof token_text, got, i;
        if ((rc = cli_source_read(&t->src, token_text, want, &got)) != CLI_OK)
            break;
        if (got != want) {
            cli_err("%s changed while being read", t->src.name);
            return CLI_IO;
        }
        for (i = 0; i < nkeys; i++)
            if (alive[i] && fc_fernet_dec_verify_update(&token_ctx[i], token_text, got) != FC_OK)
                alive[i] = 0;
        left -= got;
        cli_progress_add(&t->prog, got);
    }
    return rc;
}

/* What a text that no key opened looks like, judged from its characters and length only
 * (public facts): a message that blames the key must be about a well-formed token. */
enum { TOKEN_SHAPE_NOT, TOKEN_SHAPE_OK, TOKEN_SHAPE_FCPW1, TOKEN_SHAPE_LEGACY, TOKEN_SHAPE_KEY };

typedef struct {
    uint64_t count, pad;  /* characters (not whitespace), '=' among them */
    char head[6];
    int url, std;         /* still possible: URL-safe base64 (RFC 4648 5), standard (4) */
} token_shape_state;

static void token_shape_feed(token_shape_state *sh, const char *p, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++) {
        char c = p[i];
        int alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f')
            continue;
        if (sh->count < sizeof sh->head)
            sh->head[sh->count] = c;
        sh->count++;
        if (c == '=') {
            sh->pad++;
            continue;
        }
        if (sh->pad > 0 || !(alnum || c == '-' || c == '_'))
            sh->url = 0;
        if (sh->pad > 0 || !(alnum || c == '+' || c == '/'))
            sh->std = 0;
    }
}

/* Fernet spec: base64url of 0x80 || time (8) || IV (16) || n >= 1 blocks of 16 || HMAC (32). */
static int token_shape(cli_token_in *t, uint64_t from)
{
    token_shape_state sh;
    uint64_t left = t->end - from, bytes;
    int version;

    memset(&sh, 0, sizeof sh);
    sh.url = sh.std = 1;
    if (cli_source_seek(&t->src, from) != CLI_OK)
        return TOKEN_SHAPE_NOT;
    while (left > 0 && (sh.url || sh.std || sh.count < sizeof sh.head)) {
        size_t want = left < sizeof token_text ? (size_t)left : sizeof token_text, got;
        if (cli_source_read(&t->src, token_text, want, &got) != CLI_OK || got == 0)
            return TOKEN_SHAPE_NOT;
        token_shape_feed(&sh, token_text, got);
        left -= got;
    }
    if (sh.count >= 6 && memcmp(sh.head, "fcpw1.", 6) == 0)
        return TOKEN_SHAPE_FCPW1;
    if (sh.count % 4 != 0 || sh.pad > 2)
        return TOKEN_SHAPE_NOT;
    bytes = sh.count / 4 * 3 - sh.pad;
    /* First character 'g' and second 'A'..'P': the first byte decodes to 0x80. */
    version = sh.count >= 2 && sh.head[0] == 'g' && sh.head[1] >= 'A' && sh.head[1] <= 'P';
    if (sh.url && version && bytes >= 57 + 16 && (bytes - 57) % 16 == 0)
        return TOKEN_SHAPE_OK;
    if (sh.url && sh.count == FC_FERNET_KEY_TEXT_LEN && bytes == FC_FERNET_KEY_SIZE)
        return TOKEN_SHAPE_KEY;
    /* The tutorial's CFB text: standard base64 of salt (16) || IV (16) || data (1 or more). */
    if (sh.std && !version && bytes > 32)
        return TOKEN_SHAPE_LEGACY;
    return TOKEN_SHAPE_NOT;
}

/* No key verified and no time rule failed: say why, blaming the key only for a
 * well-formed token. */
static int token_rejected(cli_token_in *t, uint64_t from)
{
    switch (t->auth_msg != NULL ? TOKEN_SHAPE_OK : token_shape(t, from)) {
    case TOKEN_SHAPE_OK:
        cli_err("%s", t->auth_msg ? t->auth_msg : "no key could open this token");
        return CLI_REJECTED;
    case TOKEN_SHAPE_FCPW1:
        cli_err("this is a password-encrypted text: add --password "
                "(fernet decrypt --password; -k keys do not open it)");
        return CLI_USAGE;
    case TOKEN_SHAPE_KEY:
        cli_err("not a Fernet token: this looks like a key (not shown); a key file goes after "
                "-k, and the token is INPUT");
        return CLI_REJECTED;
    case TOKEN_SHAPE_LEGACY:
        cli_err("not a Fernet token: damaged, truncated, or not a token; it could be a legacy "
                "CFB text (standard base64): try fernet decrypt --password --legacy-cfb");
        return CLI_REJECTED;
    default:
        cli_err("not a Fernet token: damaged, truncated, or not a token");
        return CLI_REJECTED;
    }
}

static void token_reason(fc_err e, uint64_t ts, uint64_t now, uint64_t ttl)
{
    if (e == FC_ERR_EXPIRED)
        cli_err("token expired %llu s ago (ttl %llu s)",
                (unsigned long long)(now - ts - ttl), (unsigned long long)ttl);
    else
        cli_err("token is dated %llu s in the future (at most %d s of clock skew allowed)",
                (unsigned long long)(ts - now), FC_FERNET_MAX_CLOCK_SKEW);
}

int cli_token_verify(cli_token_in *t, uint64_t from, const uint8_t (*keys)[FC_FERNET_KEY_SIZE],
                     size_t nkeys, uint64_t now, uint64_t ttl, fc_fernet_dec_ctx **ctx,
                     size_t *used, uint64_t *ts)
{
    int alive[CLI_MAX_KEYS];
    size_t i, good = nkeys, timed = nkeys;
    fc_err timed_err = FC_OK;
    uint64_t stamp = 0, timed_stamp = 0;
    int rc;

    if (t->start == t->end) {
        cli_err("%s holds no token", t->src.name);
        return CLI_REJECTED;
    }
    for (i = 0; i < nkeys; i++) {
        fc_fernet_dec_init(&token_ctx[i], keys[i]);
        alive[i] = 1;
    }
    rc = token_pass1(t, from, nkeys, alive);
    for (i = 0; i < nkeys; i++) {
        fc_err e;
        if (!alive[i] || rc != CLI_OK || good < nkeys) {
            fc_fernet_dec_wipe(&token_ctx[i]);
            continue;
        }
        e = fc_fernet_dec_verify_final(&token_ctx[i], now, ttl, &stamp);
        if (e == FC_OK) {
            good = i;
            if (ts != NULL)
                *ts = stamp;
            continue;
        }
        /* The key verified but the time rules failed: remember why (first such key). */
        if ((e == FC_ERR_EXPIRED || e == FC_ERR_FUTURE) && timed == nkeys) {
            timed = i;
            timed_err = e;
            timed_stamp = stamp;
        }
        fc_fernet_dec_wipe(&token_ctx[i]);
    }
    if (rc != CLI_OK)
        return rc;
    if (good < nkeys) {
        *ctx = &token_ctx[good];
        if (used != NULL)
            *used = good;
        return CLI_OK;
    }
    if (timed < nkeys) {
        token_reason(timed_err, timed_stamp, now, ttl);
        return CLI_REJECTED;
    }
    return token_rejected(t, from);
}

int cli_token_decrypt(cli_token_in *t, uint64_t from, fc_fernet_dec_ctx *ctx,
                      int (*emit)(void *arg, const uint8_t *buf, size_t len), void *arg)
{
    uint64_t left = t->end - from;
    size_t got, n;
    fc_err e;
    int rc;

    if (fc_fernet_dec_update_max(sizeof token_text) > sizeof token_plain) {
        fc_fernet_dec_wipe(ctx);
        cli_err("internal error: decrypt buffer too small");
        return CLI_IO;
    }
    rc = cli_source_seek(&t->src, from);
    while (rc == CLI_OK && left > 0) {
        size_t want = left < sizeof token_text ? (size_t)left : sizeof token_text;
        if ((rc = cli_source_read(&t->src, token_text, want, &got)) != CLI_OK)
            break;
        if (got != want) {
            cli_err("%s changed while being read", t->src.name);
            rc = CLI_IO;
            break;
        }
        e = fc_fernet_dec_update(ctx, token_plain, sizeof token_plain, &n, token_text, got);
        if (e != FC_OK) {
            cli_err("%s changed while being read", t->src.name);
            rc = CLI_REJECTED;
            break;
        }
        rc = emit(arg, token_plain, n);
        left -= got;
        cli_progress_add(&t->prog, got);
    }
    if (rc != CLI_OK) {
        fc_fernet_dec_wipe(ctx);
    } else {
        e = fc_fernet_dec_final(ctx, token_plain, sizeof token_plain, &n);
        if (e == FC_OK)
            rc = emit(arg, token_plain, n);
        else if (e == FC_ERR_MALFORMED)
            cli_err("the token is authentic but its padding is malformed");
        else
            cli_err("%s changed while being read (not the token that was verified)",
                    t->src.name);
        if (e != FC_OK)
            rc = CLI_REJECTED;
    }
    fc_wipe(token_plain, sizeof token_plain);
    cli_progress_end(&t->prog);
    return rc;
}

int cli_token_encrypt(cli_source *src, cli_progress *p, cli_sink *sink,
                      const uint8_t key[FC_FERNET_KEY_SIZE], uint64_t now)
{
    fc_fernet_enc_ctx st;
    uint8_t iv[FC_FERNET_IV_SIZE];
    size_t got, n;
    int rc;

    /* Half a chunk of plaintext grows to at most 4/3 of it as text. */
    if (fc_fernet_enc_update_max(sizeof token_plain / 2) > sizeof token_text) {
        cli_err("internal error: encrypt buffer too small");
        return CLI_IO;
    }
    if ((rc = cli_random(iv, sizeof iv)) != CLI_OK)
        return rc;
    fc_fernet_enc_init(&st, key, now, iv);
    for (;;) {
        if ((rc = cli_source_read(src, token_plain, sizeof token_plain / 2, &got)) != CLI_OK)
            break;
        if (got == 0)
            break;
        if (fc_fernet_enc_update(&st, token_text, sizeof token_text, &n, token_plain, got) != FC_OK) {
            cli_err("internal error: encrypt buffer too small");
            rc = CLI_IO;
            break;
        }
        if ((rc = cli_sink_write(sink, token_text, n)) != CLI_OK)
            break;
        cli_progress_add(p, got);
    }
    fc_wipe(token_plain, sizeof token_plain);
    if (rc != CLI_OK) {
        fc_fernet_enc_wipe(&st);
        return rc;
    }
    if (fc_fernet_enc_final(&st, token_text, sizeof token_text, &n) != FC_OK) {
        cli_err("internal error: encrypt buffer too small");
        return CLI_IO;
    }
    token_text[n++] = '\n';
    rc = cli_sink_write(sink, token_text, n);
    cli_progress_end(p);
    return rc;
}
