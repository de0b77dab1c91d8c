/*
 * fernet command: streaming Fernet tokens through the library's encryptor and two-pass
 * decryptor (fc_fernet_enc_*, fc_fernet_dec_*). Pass 1 verifies the whole text with every
 * key at once; only then does pass 2 decrypt, so no unverified byte reaches the output.
 * Input that is not a regular file is copied during pass 1 (what was verified, and no
 * more) to an unnamed temporary file that pass 2 reads.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__SSE2__) && !defined(CLI_NO_SIMD)
#include <emmintrin.h>
#endif

/* One verifying context per key; static so 64 keys cost no stack. */
static fc_fernet_verify_ctx token_ctx[CLI_MAX_KEYS];
static fc_fernet_dec_ctx token_dec;
static char token_text[CLI_CHUNK];
static uint8_t token_plain[CLI_CHUNK];

int cli_emit_sink(void *arg, const uint8_t *buf, size_t len)
{
    return cli_sink_write(arg, buf, len);
}

/* FERNET_SPOOL_MAX (bytes), else CLI_SPOOL_MAX. */
static int token_ceiling(uint64_t *ceiling)
{
    const char *env = getenv("FERNET_SPOOL_MAX");
    char *end;
    unsigned long long v;
    *ceiling = CLI_SPOOL_MAX;
    if (env == NULL)
        return CLI_OK;
    errno = 0;
    v = strtoull(env, &end, 10);
    if (*env < '0' || *env > '9' || *end != '\0' || errno != 0) {
        cli_err("FERNET_SPOOL_MAX wants a number of bytes, not '%s'", env);
        return CLI_USAGE;
    }
    *ceiling = v;
    return CLI_OK;
}

int cli_token_open(cli_token_in *t, const cli_opts *o, int must_spool, int passes,
                   const char *label)
{
    int rc, forced = (o->seen & OPT_PROGRESS) != 0;
    memset(t, 0, sizeof *t);
    t->spool.fd = -1;
    t->spool.name = "a temporary file";
    if ((rc = cli_source_open(&t->src, o->in)) != CLI_OK ||
        (rc = token_ceiling(&t->ceiling)) != CLI_OK)
        return rc;
    /* Only a second pass needs the copy: verify and timestamp read once. */
    if (passes > 1 && (!t->src.regular || must_spool)) {
        t->spool.fd = cli_tmp_unnamed(&t->spool_dir);
        if (t->spool.fd < 0)
            return CLI_IO;
    }
    cli_progress_init(&t->prog, forced, t->src.regular ? t->src.size * (uint64_t)passes : 0,
                      label);
    return CLI_OK;
}

void cli_token_close(cli_token_in *t)
{
    cli_source_close(&t->src);
    if (t->spool.fd >= 0)
        close(t->spool.fd);
    t->spool.fd = -1;
}

int cli_token_head(cli_token_in *t, char *buf, size_t n, size_t *got)
{
    size_t k = 0, r;
    char c;
    int rc = CLI_OK;
    /* Byte by byte: the header is short, and the token must start exactly after it. */
    while (k < n && (rc = cli_source_read(&t->src, &c, 1, &r)) == CLI_OK && r == 1) {
        t->from++;
        cli_progress_add(&t->prog, 1);
        if (!cli_is_space((unsigned char)c))
            buf[k++] = c;
    }
    *got = k;
    return rc;
}

/* Class of a byte of token text: 1 in a token's alphabet (RFC 4648 section 5, URL-safe,
 * with '='), 2 whitespace (as cli_is_space), 0 neither. A table, derived from that
 * definition by the preprocessor: token text is public, so it may index one (key and
 * password text never come here; they keep cli_squeeze). Per-byte comparisons and a call
 * per byte made these scans most of `fernet decrypt`'s CPU time. */
#define TOKEN_CL(c)                                                                        \
    ((c) >= 'A' && (c) <= 'Z' ? 1 : (c) >= 'a' && (c) <= 'z' ? 1 : (c) >= '0' && (c) <= '9' ? 1 \
     : (c) == '-' || (c) == '_' || (c) == '=' ? 1                                           \
     : (c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\n' || (c) == '\v' || (c) == '\f' ? 2 \
                                                                                     : 0)
#define TOKEN_CL4(c) TOKEN_CL(c), TOKEN_CL((c) + 1), TOKEN_CL((c) + 2), TOKEN_CL((c) + 3)
#define TOKEN_CL16(c) TOKEN_CL4(c), TOKEN_CL4((c) + 4), TOKEN_CL4((c) + 8), TOKEN_CL4((c) + 12)
#define TOKEN_CL64(c) TOKEN_CL16(c), TOKEN_CL16((c) + 16), TOKEN_CL16((c) + 32), TOKEN_CL16((c) + 48)
static const unsigned char token_class[256] = {TOKEN_CL64(0), TOKEN_CL64(64), TOKEN_CL64(128),
                                               TOKEN_CL64(192)};

#if defined(__SSE2__) && !defined(CLI_NO_SIMD)
/* x86-64 (SSE2 is part of its base instruction set): the alphabet test on 16 bytes at
 * once, all-ones in the bytes of c that are in the alphabet, the same answer as
 * token_class[b] == 1 for every byte b. SSE2 compares bytes only as signed or equal, so
 * x < n unsigned is min(x, n - 1) == x. c | 0x20 folds the upper-case letters onto the
 * lower-case ones (and nothing else onto a-z); c | 0x10 folds '-' (0x2d) onto '=' (0x3d)
 * (and nothing else). Bytes below a range wrap to large values after the subtraction. */
static __m128i token_alpha16(__m128i c)
{
    __m128i l = _mm_sub_epi8(_mm_or_si128(c, _mm_set1_epi8(0x20)), _mm_set1_epi8('a'));
    __m128i d = _mm_sub_epi8(c, _mm_set1_epi8('0'));
    __m128i letter = _mm_cmpeq_epi8(_mm_min_epu8(l, _mm_set1_epi8(25)), l);
    __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
    __m128i sign = _mm_cmpeq_epi8(_mm_or_si128(c, _mm_set1_epi8(0x10)), _mm_set1_epi8('='));
    __m128i under = _mm_cmpeq_epi8(c, _mm_set1_epi8('_'));
    return _mm_or_si128(_mm_or_si128(letter, digit), _mm_or_si128(sign, under));
}
#endif

/* Length of the longest prefix of p in the alphabet (class 1): on x86-64 32 bytes a step,
 * then eight a step with the table (the AND of eight classes is 1 only when all are 1),
 * then byte by byte. The table walk alone was a quarter of `fernet decrypt`'s CPU time. */
static size_t token_run(const char *p, size_t len)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t i = 0;

#if defined(__SSE2__) && !defined(CLI_NO_SIMD)
    for (; len - i >= 32; i += 32) {
        __m128i a = token_alpha16(_mm_loadu_si128((const __m128i *)(p + i)));
        __m128i b = token_alpha16(_mm_loadu_si128((const __m128i *)(p + i + 16)));
        if (_mm_movemask_epi8(_mm_and_si128(a, b)) != 0xffff)
            break;
    }
#endif
    for (; len - i >= 8; i += 8)
        if ((token_class[u[i]] & token_class[u[i + 1]] & token_class[u[i + 2]] &
             token_class[u[i + 3]] & token_class[u[i + 4]] & token_class[u[i + 5]] &
             token_class[u[i + 6]] & token_class[u[i + 7]]) != 1)
            break;
    while (i < len && token_class[u[i]] == 1)
        i++;
    return i;
}

/* Index of the first byte that is neither whitespace nor in a token's alphabet, or len;
 * p[0..run) is known to be in the alphabet. */
static size_t token_foreign(const char *p, size_t len, size_t run)
{
    size_t i = run;

    while (i < len && token_class[(unsigned char)p[i]] != 0)
        i++;
    return i;
}

/* cli_squeeze for token text, with buf[0..run) known to be in the alphabet: the usual
 * chunk has no whitespace but perhaps the final newline, so nothing moves before it. */
static size_t token_squeeze(char *buf, size_t len, size_t run)
{
    size_t i = run, n = run;

    for (; i < len; i++)
        if (token_class[(unsigned char)buf[i]] != 2)
            buf[n++] = buf[i];
    return n;
}

enum { TOKEN_SHAPE_NOT, TOKEN_SHAPE_OK, TOKEN_SHAPE_FCPW1, TOKEN_SHAPE_LEGACY, TOKEN_SHAPE_KEY };
static int token_rejected_shape(int shape, const char *detail);

/* Pass 1 met a byte no token holds (whitespace aside): stop reading and say what the text
 * looks like, from the chunk in token_text (first says it starts the input). */
static int token_foreign_stop(cli_token_in *t, int first, size_t bad, uint64_t at)
{
    char detail[64];
    unsigned char c = (unsigned char)token_text[bad];
    size_t i = 0;

    (void)t;
    while (first && i < bad && cli_is_space((unsigned char)token_text[i]))
        i++;
    if (first && bad - i >= 5 && memcmp(token_text + i, "fcpw1", 5) == 0 && c == '.')
        return token_rejected_shape(TOKEN_SHAPE_FCPW1, NULL);
    if (first && (c == '+' || c == '/'))
        return token_rejected_shape(TOKEN_SHAPE_LEGACY, NULL);
    snprintf(detail, sizeof detail, " (byte 0x%02x at offset %llu)", (unsigned)c,
             (unsigned long long)at);
    return token_rejected_shape(TOKEN_SHAPE_NOT, detail);
}

/* Pass 1: feed every context still alive, copy to the spool, stop early when the text
 * cannot be a token. *chars gets the characters seen (whitespace not counted). */
static int token_pass1(cli_token_in *t, size_t nkeys, int *alive, uint64_t *chars)
{
    uint64_t off = t->from;
    size_t got, n, i, bad, live, run;
    int rc = CLI_OK;

    while ((rc = cli_source_read(&t->src, token_text, sizeof token_text, &got)) == CLI_OK &&
           got > 0) {
        cli_progress_add(&t->prog, got);
        run = token_run(token_text, got);
        bad = token_foreign(token_text, got, run);
        if (bad < got)
            return token_foreign_stop(t, off == t->from, bad, off + bad);
        off += got;
        n = token_squeeze(token_text, got, run);
        *chars += n;
        if (t->spool.fd >= 0) {
            if (*chars > t->ceiling) {
                cli_err("cannot hold %s in %s: more than %llu bytes of token (the spool "
                        "ceiling, FERNET_SPOOL_MAX)", t->src.name, t->spool_dir,
                        (unsigned long long)t->ceiling);
                return CLI_IO;
            }
            if (cli_write_all(t->spool.fd, token_text, n) != 0) {
                cli_err("cannot write a temporary file in %s: %s", t->spool_dir,
                        strerror(errno));
                return CLI_IO;
            }
        }
        for (i = live = 0; i < nkeys; i++) {
            if (alive[i] && fc_fernet_verify_update(&token_ctx[i], token_text, n) != FC_OK)
                alive[i] = 0;
            live += (size_t)alive[i];
        }
        if (live == 0)
            break; /* every key has rejected it: no need to read on */
    }
    return rc;
}

/* What a text that no key opened looks like, judged from its characters and length only
 * (public facts): a message that blames the key must be about a well-formed token. */

typedef struct {
    uint64_t count, pad;  /* characters (not whitespace), '=' among them */
    char head[6];
    int url, std;         /* still possible: URL-safe base64 (RFC 4648 5), standard (4) */
} token_shape_scan;

static void token_shape_feed(token_shape_scan *sh, const char *p, size_t len)
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
static int token_rewind(cli_token_in *t, cli_source **in);

static int token_shape(cli_token_in *t)
{
    token_shape_scan sh;
    cli_source *in = NULL;
    uint64_t bytes;
    size_t got;
    int version;

    memset(&sh, 0, sizeof sh);
    sh.url = sh.std = 1;
    if (token_rewind(t, &in) != CLI_OK)
        return TOKEN_SHAPE_NOT;
    while (sh.url || sh.std || sh.count < sizeof sh.head) {
        if (cli_source_read(in, token_text, sizeof token_text, &got) != CLI_OK)
            return TOKEN_SHAPE_NOT;
        if (got == 0)
            break;
        token_shape_feed(&sh, token_text, got);
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
static int token_rejected(cli_token_in *t)
{
    if (t->auth_msg != NULL) {
        cli_err("%s", t->auth_msg);
        return CLI_REJECTED;
    }
    return token_rejected_shape(token_shape(t), NULL);
}

static int token_rejected_shape(int shape, const char *detail)
{
    switch (shape) {
    case TOKEN_SHAPE_OK:
        cli_err("no key could open this token");
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
        cli_err("not a Fernet token: damaged, truncated, or not a token%s", detail ? detail : "");
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

int cli_token_verify(cli_token_in *t, const uint8_t (*keys)[FC_FERNET_KEY_SIZE], size_t nkeys,
                     uint64_t now, uint64_t ttl, fc_fernet_dec_ctx **ctx, size_t *used,
                     uint64_t *ts)
{
    int alive[CLI_MAX_KEYS];
    size_t i, good = nkeys, timed = nkeys;
    fc_err timed_err = FC_OK;
    uint64_t stamp = 0, timed_stamp = 0, chars = 0;
    int rc;

    for (i = 0; i < nkeys; i++) {
        fc_fernet_verify_init(&token_ctx[i], keys[i]);
        alive[i] = 1;
    }
    rc = token_pass1(t, nkeys, alive, &chars);
    for (i = 0; i < nkeys; i++) {
        fc_err e;
        if (!alive[i] || rc != CLI_OK || good < nkeys || chars == 0) {
            fc_fernet_verify_wipe(&token_ctx[i]);
            continue;
        }
        e = fc_fernet_verify_final(&token_ctx[i], now, ttl, &stamp);
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
        fc_fernet_verify_wipe(&token_ctx[i]);
    }
    if (rc != CLI_OK)
        return rc;
    if (chars == 0) {
        cli_err("%s holds no token", t->src.name);
        return CLI_REJECTED;
    }
    if (good < nkeys && fc_fernet_dec_init(&token_dec, &token_ctx[good]) == FC_OK) {
        *ctx = &token_dec;
        if (used != NULL)
            *used = good;
        return CLI_OK;
    }
    if (timed < nkeys) {
        token_reason(timed_err, timed_stamp, now, ttl);
        return CLI_REJECTED;
    }
    return token_rejected(t);
}

/* Pass 2 reads the spool when there is one, else the input again from the token's start. */
static int token_rewind(cli_token_in *t, cli_source **in)
{
    if (t->spool.fd >= 0) {
        *in = &t->spool;
        return cli_source_seek(&t->spool, 0);
    }
    *in = &t->src;
    return cli_source_seek(&t->src, t->from);
}

int cli_token_decrypt(cli_token_in *t, fc_fernet_dec_ctx *ctx,
                      int (*emit)(void *arg, const uint8_t *buf, size_t len), void *arg)
{
    cli_source *in = NULL;
    size_t got, n;
    fc_err e;
    int rc;

    if (fc_fernet_dec_update_max(sizeof token_text) > sizeof token_plain) {
        fc_fernet_dec_wipe(ctx);
        cli_err("internal error: decrypt buffer too small");
        return CLI_IO;
    }
    rc = token_rewind(t, &in);
    while (rc == CLI_OK) {
        if ((rc = cli_source_read(in, token_text, sizeof token_text, &got)) != CLI_OK || got == 0)
            break;
        cli_progress_add(&t->prog, got);
        n = token_squeeze(token_text, got, token_run(token_text, got));
        e = fc_fernet_dec_update(ctx, token_plain, sizeof token_plain, &got, token_text, n);
        if (e != FC_OK) {
            cli_err("%s changed while being read", t->src.name);
            rc = CLI_REJECTED;
            break;
        }
        rc = emit(arg, token_plain, got);
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
