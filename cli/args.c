/*
 * fernet command: option parsing (POSIX has no getopt_long, so a small table-driven parser),
 * numbers, messages and the clock.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    const char *name;
    unsigned bit;
    int takes_value;
} args_spec;

static const args_spec args_table[] = {
    { "-k", OPT_KEY, 1 },           { "-o", OPT_OUT, 1 },
    { "--ttl", OPT_TTL, 1 },        { "--now", OPT_NOW, 1 },
    { "--iterations", OPT_ITER, 1 }, { "--salt", OPT_SALT, 1 },
    { "--password", OPT_PASSWORD, 0 }, { "--legacy-cfb", OPT_LEGACY, 0 },
    { "--password-file", OPT_PWFILE, 1 }, { "--force", OPT_FORCE, 0 },
    { "--progress", OPT_PROGRESS, 0 },
};

void cli_err(const char *fmt, ...)
{
    va_list ap;
    fputs("fernet: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* Decimal digits only, no sign, no overflow past max. */
static int args_u64(const char *s, uint64_t max, uint64_t *v)
{
    uint64_t r = 0;
    if (*s == '\0')
        return -1;
    for (; *s; s++) {
        unsigned d;
        if (*s < '0' || *s > '9')
            return -1;
        d = (unsigned)(*s - '0');
        if (r > (max - d) / 10)
            return -1;
        r = r * 10 + d;
    }
    *v = r;
    return 0;
}

static int args_value(cli_opts *o, unsigned bit, const char *name, const char *val)
{
    uint64_t v;
    switch (bit) {
    case OPT_KEY:
        if (o->nkeyfiles == CLI_MAX_KEYS) {
            cli_err("%s: at most %d keys", o->cmd, CLI_MAX_KEYS);
            return CLI_USAGE;
        }
        o->keyfiles[o->nkeyfiles++] = val;
        return CLI_OK;
    case OPT_OUT: o->out = val; return CLI_OK;
    case OPT_SALT: o->salt = val; return CLI_OK;
    case OPT_PWFILE: o->pwfile = val; return CLI_OK;
    case OPT_TTL:
        /* UINT64_MAX is the library's "no TTL" value, so the largest TTL is one less. */
        if (args_u64(val, UINT64_MAX - 1, &v) == 0) {
            o->ttl = v;
            return CLI_OK;
        }
        break;
    case OPT_NOW:
        if (args_u64(val, UINT64_MAX, &v) == 0) {
            o->now = v;
            return CLI_OK;
        }
        break;
    case OPT_ITER:
        if (args_u64(val, UINT32_MAX, &v) == 0 && v >= 1) {
            o->iterations = (uint32_t)v;
            return CLI_OK;
        }
        cli_err("%s: %s wants a whole number from 1 to %lu, not '%s'", o->cmd, name,
                (unsigned long)UINT32_MAX, val);
        return CLI_USAGE;
    default:
        break;
    }
    cli_err("%s: %s wants a whole number of seconds, not '%s'", o->cmd, name, val);
    return CLI_USAGE;
}

static const args_spec *args_find(const char *arg, const char **inline_val)
{
    size_t i;
    *inline_val = NULL;
    for (i = 0; i < sizeof args_table / sizeof args_table[0]; i++) {
        const args_spec *sp = &args_table[i];
        size_t n = strlen(sp->name);
        if (strncmp(arg, sp->name, n) != 0)
            continue;
        if (arg[n] == '\0')
            return sp;
        if (sp->takes_value && arg[n] == '=' && arg[1] == '-')
            *inline_val = arg + n + 1; /* --name=value */
        else if (sp->takes_value && arg[1] != '-')
            *inline_val = arg + n;     /* -kFILE */
        else
            continue;
        return sp;
    }
    return NULL;
}

void cli_opts_init(cli_opts *o, const char *cmd)
{
    memset(o, 0, sizeof *o);
    o->cmd = cmd;
    o->ttl = FC_FERNET_NO_TTL;
}

int cli_parse(cli_opts *o, int argc, char **argv, unsigned allowed, int max_pos)
{
    int i, npos = 0, only_pos = 0;
    for (i = 0; i < argc; i++) {
        const char *a = argv[i], *val;
        const args_spec *sp;
        int rc;
        if (only_pos || a[0] != '-' || a[1] == '\0') {
            if (npos == max_pos) {
                cli_err("%s: unexpected argument '%s' (see fernet %s --help)", o->cmd, a, o->cmd);
                return CLI_USAGE;
            }
            o->in = a;
            npos++;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            o->help = 1;
            return CLI_OK;
        }
        sp = args_find(a, &val);
        if (sp == NULL || !(sp->bit & allowed)) {
            cli_err("%s: unknown option '%s' (see fernet %s --help)", o->cmd, a, o->cmd);
            return CLI_USAGE;
        }
        if (sp->takes_value && val == NULL) {
            if (i + 1 == argc) {
                cli_err("%s: %s needs a value", o->cmd, sp->name);
                return CLI_USAGE;
            }
            val = argv[++i];
        }
        o->seen |= sp->bit;
        if (sp->takes_value && (rc = args_value(o, sp->bit, sp->name, val)) != CLI_OK)
            return rc;
    }
    if (o->in != NULL && strcmp(o->in, "-") == 0)
        o->in = NULL;
    if (o->out != NULL && strcmp(o->out, "-") == 0)
        o->out = NULL;
    return CLI_OK;
}

int cli_now(const cli_opts *o, uint64_t *now)
{
    if (o->seen & OPT_NOW) {
        *now = o->now;
        return CLI_OK;
    }
    if (fc_os_time(now) != FC_OK) {
        cli_err("cannot read the clock: %s", strerror(errno));
        return CLI_IO;
    }
    return CLI_OK;
}
