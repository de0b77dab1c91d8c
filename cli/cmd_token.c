/*
 * fernet encrypt / decrypt / rotate / verify / timestamp: Fernet tokens under keys
 * (Fernet spec v0x80; Python's Fernet and MultiFernet semantics).
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static uint8_t cmd_keys[CLI_MAX_KEYS][FC_FERNET_KEY_SIZE];

/* Parse, answer --help; returns -1 to go on, else the exit status. */
static int cmd_start(cli_opts *o, const char *cmd, int argc, char **argv, unsigned allowed,
                     int max_pos)
{
    int rc;
    cli_opts_init(o, cmd);
    if ((rc = cli_parse(o, argc, argv, allowed, max_pos)) != CLI_OK)
        return rc;
    if (o->help) {
        cli_help_cmd(cmd);
        return CLI_OK;
    }
    return -1;
}

static int cmd_no_pw_opts(const cli_opts *o)
{
    if (o->seen & OPT_LEGACY) {
        cli_err("%s: --legacy-cfb goes with --password", o->cmd);
        return CLI_USAGE;
    }
    /* Name only the options that were given. */
    if ((o->seen & OPT_ITER) && (o->seen & OPT_PWFILE)) {
        cli_err("%s: --iterations and --password-file go with --password", o->cmd);
        return CLI_USAGE;
    }
    if (o->seen & (OPT_ITER | OPT_PWFILE | OPT_ALLOW_EMPTY)) {
        cli_err("%s: %s goes with --password", o->cmd,
                (o->seen & OPT_ITER) ? "--iterations"
                : (o->seen & OPT_PWFILE) ? "--password-file" : "--allow-empty-password");
        return CLI_USAGE;
    }
    return CLI_OK;
}

int cli_cmd_encrypt(int argc, char **argv)
{
    cli_opts o;
    cli_source src;
    cli_sink sink;
    cli_progress p;
    size_t nkeys;
    uint64_t now;
    int rc = cmd_start(&o, "encrypt", argc, argv,
                       OPT_KEY | OPT_OUT | OPT_NOW | OPT_PASSWORD | OPT_LEGACY | OPT_ITER |
                           OPT_PWFILE | OPT_PROGRESS | OPT_FORCE | OPT_ALLOW_EMPTY, 1);
    if (rc >= 0)
        return rc;
    if (o.seen & OPT_PASSWORD)
        return cli_pw_encrypt(&o);
    if ((rc = cmd_no_pw_opts(&o)) != CLI_OK)
        return rc;
    if (o.nkeyfiles > 1) {
        cli_err("encrypt: give one key (-k once)");
        return CLI_USAGE;
    }
    if ((rc = cli_load_keys(&o, cmd_keys, &nkeys)) != CLI_OK || (rc = cli_now(&o, &now)) != CLI_OK)
        return rc;
    if ((rc = cli_source_open(&src, o.in)) == CLI_OK) {
        if ((rc = cli_sink_open(&sink, o.out, 0, cli_sink_flags(&o))) == CLI_OK) {
            cli_progress_init(&p, (o.seen & OPT_PROGRESS) != 0, src.regular ? src.size : 0,
                              "encrypt");
            rc = cli_sink_finish(&sink, cli_token_encrypt(&src, &p, &sink, cmd_keys[0], now));
        }
        cli_source_close(&src);
    }
    fc_wipe(cmd_keys, sizeof cmd_keys);
    return rc;
}

int cli_cmd_decrypt(int argc, char **argv)
{
    cli_opts o;
    cli_token_in t;
    cli_sink sink;
    fc_fernet_dec_ctx *ctx;
    size_t nkeys;
    uint64_t now;
    int rc = cmd_start(&o, "decrypt", argc, argv,
                       OPT_KEY | OPT_OUT | OPT_TTL | OPT_NOW | OPT_PASSWORD | OPT_LEGACY |
                           OPT_ITER | OPT_PWFILE | OPT_PROGRESS | OPT_FORCE, 1);
    if (rc >= 0)
        return rc;
    if (o.seen & OPT_PASSWORD)
        return cli_pw_decrypt(&o);
    if ((rc = cmd_no_pw_opts(&o)) != CLI_OK)
        return rc;
    if ((rc = cli_load_keys(&o, cmd_keys, &nkeys)) != CLI_OK || (rc = cli_now(&o, &now)) != CLI_OK)
        return rc;
    if ((rc = cli_sink_open(&sink, o.out, 0, cli_sink_flags(&o))) == CLI_OK) {
        /* An output that cannot be taken back gets a private copy of the input, so pass 2
         * decrypts exactly the bytes pass 1 verified. */
        rc = cli_token_open(&t, &o, sink.direct, 2, "decrypt");
        if (rc == CLI_OK)
            rc = cli_token_verify(&t, (const uint8_t(*)[FC_FERNET_KEY_SIZE])cmd_keys,
                                  nkeys, now, o.ttl, &ctx, NULL, NULL);
        fc_wipe(cmd_keys, sizeof cmd_keys);
        if (rc == CLI_OK)
            rc = cli_token_decrypt(&t, ctx, cli_emit_sink, &sink);
        rc = cli_sink_finish(&sink, rc);
        cli_token_close(&t);
    }
    fc_wipe(cmd_keys, sizeof cmd_keys);
    return rc;
}

/* rotate: pass 2's plaintext goes straight into an encryptor under the new key. */
typedef struct {
    fc_fernet_enc_ctx enc;
    cli_sink *sink;
} cmd_rotation;

static char cmd_rot_text[2 * CLI_CHUNK];

static int cmd_rotate_emit(void *arg, const uint8_t *buf, size_t len)
{
    cmd_rotation *r = arg;
    size_t n;
    if (fc_fernet_enc_update(&r->enc, cmd_rot_text, sizeof cmd_rot_text, &n, buf, len) != FC_OK) {
        cli_err("internal error: rotate buffer too small");
        return CLI_IO;
    }
    return cli_sink_write(r->sink, cmd_rot_text, n);
}

int cli_cmd_rotate(int argc, char **argv)
{
    cli_opts o;
    cli_token_in t;
    cli_sink sink;
    cmd_rotation r;
    fc_fernet_dec_ctx *ctx;
    uint8_t iv[FC_FERNET_IV_SIZE];
    size_t nkeys, n;
    uint64_t ts = 0;
    int rc = cmd_start(&o, "rotate", argc, argv, OPT_KEY | OPT_OUT | OPT_PROGRESS | OPT_FORCE, 1);
    if (rc >= 0)
        return rc;
    if ((rc = cli_load_keys(&o, cmd_keys, &nkeys)) != CLI_OK)
        return rc;
    if ((rc = cli_random(iv, sizeof iv)) != CLI_OK ||
        (rc = cli_sink_open(&sink, o.out, 0, cli_sink_flags(&o))) != CLI_OK) {
        fc_wipe(cmd_keys, sizeof cmd_keys);
        return rc;
    }
    rc = cli_token_open(&t, &o, sink.direct, 2, "rotate");
    /* MultiFernet.rotate: any key may open it, no time check, the timestamp is kept. */
    if (rc == CLI_OK)
        rc = cli_token_verify(&t, (const uint8_t(*)[FC_FERNET_KEY_SIZE])cmd_keys, nkeys,
                              0, FC_FERNET_NO_TTL, &ctx, NULL, &ts);
    if (rc == CLI_OK) {
        fc_fernet_enc_init(&r.enc, cmd_keys[0], ts, iv);
        r.sink = &sink;
        rc = cli_token_decrypt(&t, ctx, cmd_rotate_emit, &r);
        if (rc == CLI_OK && fc_fernet_enc_final(&r.enc, cmd_rot_text, sizeof cmd_rot_text - 1,
                                                &n) == FC_OK) {
            cmd_rot_text[n++] = '\n';
            rc = cli_sink_write(&sink, cmd_rot_text, n);
        } else {
            fc_fernet_enc_wipe(&r.enc);
        }
    }
    fc_wipe(cmd_keys, sizeof cmd_keys);
    rc = cli_sink_finish(&sink, rc);
    cli_token_close(&t);
    return rc;
}

int cli_cmd_verify(int argc, char **argv)
{
    cli_opts o;
    cli_token_in t;
    fc_fernet_dec_ctx *ctx;
    size_t nkeys;
    uint64_t now;
    int rc = cmd_start(&o, "verify", argc, argv, OPT_KEY | OPT_TTL | OPT_NOW | OPT_PROGRESS, 1);
    if (rc >= 0)
        return rc;
    if ((rc = cli_load_keys(&o, cmd_keys, &nkeys)) != CLI_OK || (rc = cli_now(&o, &now)) != CLI_OK)
        return rc;
    if ((rc = cli_token_open(&t, &o, 0, 1, "verify")) == CLI_OK) {
        rc = cli_token_verify(&t, (const uint8_t(*)[FC_FERNET_KEY_SIZE])cmd_keys, nkeys,
                              now, o.ttl, &ctx, NULL, NULL);
        if (rc == CLI_OK)
            fc_fernet_dec_wipe(ctx);
        cli_progress_end(&t.prog);
    }
    cli_token_close(&t);
    fc_wipe(cmd_keys, sizeof cmd_keys);
    return rc;
}

/* Proleptic Gregorian date of a day count since 1970-01-01 (days-from-civil inverted,
 * eras of 400 years = 146097 days). Unsigned: Fernet times are never negative. */
static void cmd_civil(uint64_t days, uint64_t *y, unsigned *m, unsigned *d)
{
    uint64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
    uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

int cli_cmd_timestamp(int argc, char **argv)
{
    cli_opts o;
    cli_token_in t;
    fc_fernet_dec_ctx *ctx;
    size_t nkeys;
    uint64_t ts = 0, y;
    unsigned m, d, s;
    int rc = cmd_start(&o, "timestamp", argc, argv, OPT_KEY | OPT_PROGRESS, 1);
    if (rc >= 0)
        return rc;
    if ((rc = cli_load_keys(&o, cmd_keys, &nkeys)) != CLI_OK)
        return rc;
    if ((rc = cli_token_open(&t, &o, 0, 1, "timestamp")) == CLI_OK) {
        rc = cli_token_verify(&t, (const uint8_t(*)[FC_FERNET_KEY_SIZE])cmd_keys, nkeys,
                              0, FC_FERNET_NO_TTL, &ctx, NULL, &ts);
        if (rc == CLI_OK)
            fc_fernet_dec_wipe(ctx);
        cli_progress_end(&t.prog);
    }
    cli_token_close(&t);
    fc_wipe(cmd_keys, sizeof cmd_keys);
    if (rc != CLI_OK)
        return rc;
    cmd_civil(ts / 86400, &y, &m, &d);
    s = (unsigned)(ts % 86400);
    printf("%llu %04llu-%02u-%02uT%02u:%02u:%02uZ\n", (unsigned long long)ts,
           (unsigned long long)y, m, d, s / 3600, s / 60 % 60, s % 60);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_err("cannot write standard output");
        return CLI_IO;
    }
    return CLI_OK;
}
