/*
 * fernet command: option parsing (POSIX has no getopt_long, so a small table-driven parser),
 * numbers, messages and the clock.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    const char *name;
    unsigned bit;
    int takes_value;
} args_spec;

static const args_spec args_table[] = {
    { "-k", OPT_KEY, 1 },           { "--key", OPT_KEY, 1 },       { "-o", OPT_OUT, 1 },
    { "--ttl", OPT_TTL, 1 },        { "--now", OPT_NOW, 1 },
    { "--iterations", OPT_ITER, 1 }, { "--salt", OPT_SALT, 1 },
    { "--password", OPT_PASSWORD, 0 }, { "--legacy-cfb", OPT_LEGACY, 0 },
    { "--password-file", OPT_PWFILE, 1 }, { "--force", OPT_FORCE, 0 },
    { "--progress", OPT_PROGRESS, 0 }, { "--allow-empty-password", OPT_ALLOW_EMPTY, 0 },
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

/* Decimal digits only, no sign. 0, or -1 (not a whole number), or -2 (above max). */
static int args_u64(const char *s, uint64_t max, uint64_t *v)
{
    uint64_t r = 0;
    int over = 0;
    if (*s == '\0')
        return -1;
    for (; *s; s++) {
        unsigned d;
        if (*s < '0' || *s > '9')
            return -1;
        d = (unsigned)(*s - '0');
        if (over || r > (max - d) / 10)
            over = 1; /* keep going: a later non-digit makes it "not a number" */
        else
            r = r * 10 + d;
    }
    if (over)
        return -2;
    *v = r;
    return 0;
}

int cli_key_shaped(const char *s)
{
    size_t n = strlen(s), i;
    int upper = 0, lower = 0, digit = 0;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    /* A key is 43 characters of base64 and one '=' (often lost when copied). */
    if (n == 44 && s[43] == '=')
        n = 43;
    else if (n != 43)
        return 0;
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            upper = 1;
        else if (c >= 'a' && c <= 'z')
            lower = 1;
        else if (c >= '0' && c <= '9')
            digit = 1;
        else if (c != '-' && c != '_' && c != '+' && c != '/')
            return 0;
    }
    /* Without the '=', a name of letters alone is more likely a file name than a key. */
    return s[43] == '=' || (upper && lower && digit);
}

/* A value refused before use because it looks like a key: never repeated. */
static int args_keyish(const cli_opts *o, unsigned bit, const char *name)
{
    if (bit == OPT_KEY)
        cli_err("%s: %s takes the name of a file holding the key, but the value given looks "
                "like a key itself (not repeated here): save the key in a file (mode 0600) and "
                "give its name, or put the key in FERNET_KEY", o->cmd, name);
    else if (bit == 0)
        cli_err("%s: an argument looks like a key (not repeated here): keys are given as "
                "-k KEYFILE or in FERNET_KEY, never on the command line", o->cmd);
    else
        cli_err("%s: %s takes a file name, but the value given looks like a key (not "
                "repeated here): keys are given as -k KEYFILE or in FERNET_KEY", o->cmd, name);
    return CLI_USAGE;
}

/* Values are never repeated in these messages: a key or password pasted in the wrong
 * place must not reach logs or scrollback. */
static int args_number(cli_opts *o, unsigned bit, const char *name, const char *val)
{
    uint64_t v, lo = bit == OPT_ITER ? 1 : 0;
    uint64_t hi = bit == OPT_ITER ? UINT32_MAX : bit == OPT_NOW ? UINT64_MAX : UINT64_MAX - 1;
    const char *unit = bit == OPT_ITER ? "" : " seconds";
    int r = args_u64(val, hi, &v);
    if (r == 0 && v >= lo) {
        if (bit == OPT_TTL)
            o->ttl = v;   /* UINT64_MAX is the library's "no TTL", so hi is one less */
        else if (bit == OPT_NOW)
            o->now = v;
        else
            o->iterations = (uint32_t)v;
        return CLI_OK;
    }
    if (r == -2)
        cli_err("%s: %s is too large: the range is %llu to %llu%s", o->cmd, name,
                (unsigned long long)lo, (unsigned long long)hi, unit);
    else
        cli_err("%s: %s wants a whole number%s from %llu to %llu", o->cmd, name,
                bit == OPT_ITER ? "" : " of seconds", (unsigned long long)lo,
                (unsigned long long)hi);
    return CLI_USAGE;
}

static int args_value(cli_opts *o, unsigned bit, const char *name, const char *val)
{
    if ((bit & (OPT_KEY | OPT_OUT | OPT_PWFILE)) && cli_key_shaped(val))
        return args_keyish(o, bit, name);
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
    default: return args_number(o, bit, name, val);
    }
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
        if (sp->takes_value && arg[n] == '=')
            *inline_val = arg + n + 1; /* --name=value, and -k=FILE as --key=FILE */
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

/* Where the password comes from, for messages about a password typed as a value. */
#define ARGS_PW_SOURCES "the password comes from --password-file FILE, FERNET_PASSWORD or the terminal"

/* An option that is not in the table or not taken by this command, or given a value it does
 * not take. Only the option's name is repeated: what follows it may be a secret. */
static int args_unknown(const cli_opts *o, const char *a, unsigned allowed)
{
    size_t n = a[1] == '-' ? strcspn(a, "=") : 2; /* -kVALUE: only "-k" */
    const char *ignored;
    const args_spec *sp;
    if (cli_key_shaped(a))
        return args_keyish(o, 0, NULL);
    if (a[n] == '=' && a[1] == '-') {
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)n, a);
        sp = args_find(name, &ignored);
        if (sp != NULL && (sp->bit & allowed) && !sp->takes_value && sp->name[n] == '\0') {
            cli_err("%s: %s takes no value (what follows '=' is not repeated here)%s%s", o->cmd,
                    sp->name, sp->bit == OPT_PASSWORD ? ": " : "",
                    sp->bit == OPT_PASSWORD ? ARGS_PW_SOURCES : "");
            return CLI_USAGE;
        }
    }
    cli_err("%s: unknown option '%.*s' (see fernet %s --help)", o->cmd, (int)n, a, o->cmd);
    return CLI_USAGE;
}

/* A word after an option that takes no value, naming no file: most likely a value meant for
 * that option (`--password hunter2`), so it is refused and not repeated. */
static int args_after_flag(const cli_opts *o, const args_spec *flag, const char *a)
{
    if (flag == NULL || strcmp(a, "-") == 0 || access(a, F_OK) == 0)
        return CLI_OK;
    if (flag->bit == OPT_PASSWORD)
        cli_err("%s: --password takes no value: %s (the argument after --password names no "
                "file and is not repeated here)", o->cmd, ARGS_PW_SOURCES);
    else
        cli_err("%s: %s takes no value, and the argument after it names no file (not repeated "
                "here, in case it is a secret)", o->cmd, flag->name);
    return CLI_USAGE;
}

int cli_parse(cli_opts *o, int argc, char **argv, unsigned allowed, int max_pos)
{
    int i, npos = 0, only_pos = 0;
    const args_spec *flag = NULL; /* the previous word, when an option without a value */
    for (i = 0; i < argc; i++) {
        const char *a = argv[i], *val;
        const args_spec *sp, *prev = flag;
        int rc;
        flag = NULL;
        if (only_pos || a[0] != '-' || a[1] == '\0' || cli_key_shaped(a)) {
            if (cli_key_shaped(a))
                return args_keyish(o, 0, NULL);
            if ((rc = args_after_flag(o, prev, a)) != CLI_OK)
                return rc;
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
        if (sp == NULL || !(sp->bit & allowed))
            return args_unknown(o, a, allowed);
        if (sp->takes_value && val == NULL) {
            if (i + 1 == argc) {
                cli_err("%s: %s needs a value", o->cmd, sp->name);
                return CLI_USAGE;
            }
            val = argv[++i];
        }
        if (!sp->takes_value)
            flag = sp;
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
