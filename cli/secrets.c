/*
 * fernet command: keys (-k FILE or FERNET_KEY), passwords (--password-file, FERNET_PASSWORD,
 * or the terminal with echo off) and randomness. Secrets are never taken from the command
 * line, where `ps` would show them, and every buffer that held one is wiped.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* Read at most cap bytes of a small file. -1 (errno set) on failure. */
static int secrets_read_file(const char *path, char *buf, size_t cap, size_t *len)
{
    int fd = open(path, O_RDONLY);
    size_t n = 0;
    if (fd < 0)
        return -1;
    while (n < cap) {
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    *len = n;
    return 0;
}

/* Decode one key text; what names its origin in the message, hint follows it. */
static int secrets_key(uint8_t key[FC_FERNET_KEY_SIZE], char *text, size_t len, const char *what,
                       const char *hint)
{
    len = cli_squeeze(text, len); /* the one whitespace rule (text.c) */
    if (len != FC_FERNET_KEY_TEXT_LEN || fc_fernet_key_decode(key, text, len) != FC_OK) {
        cli_err("%s: expected 44 characters of URL-safe base64%s", what, hint);
        return CLI_USAGE;
    }
    return CLI_OK;
}

/* A file named on the command line cannot be opened. A name that names nothing is not
 * repeated: it may be a key or password pasted where a file name belongs. */
static int secrets_unreadable(const char *what, const char *opt, const char *path)
{
    int e = errno;
    if (e == ENOENT || e == ENOTDIR || e == ENAMETOOLONG)
        cli_err("cannot read %s given with %s: %s (the name is not repeated here, in case it is "
                "a secret; %s takes a file name)", what, opt, strerror(e), opt);
    else
        cli_err("cannot read %s %s: %s", what, path, strerror(e));
    return CLI_IO;
}

int cli_load_keys(const cli_opts *o, uint8_t (*keys)[FC_FERNET_KEY_SIZE], size_t *nkeys)
{
    char text[128], what[600], label[64];
    size_t i, len;
    int rc = CLI_OK;

    *nkeys = 0;
    if (o->nkeyfiles == 0) {
        const char *env = getenv("FERNET_KEY");
        if (env == NULL) {
            cli_err("%s: no key: give -k KEYFILE or set FERNET_KEY", o->cmd);
            return CLI_USAGE;
        }
        len = strlen(env);
        if (len >= sizeof text)
            len = sizeof text - 1; /* too long anyway: reported as a bad key */
        memcpy(text, env, len);
        rc = secrets_key(keys[0], text, len, "FERNET_KEY",
                         " (FERNET_KEY holds the key itself; to read it from a file, use "
                         "-k KEYFILE)");
        fc_wipe(text, sizeof text);
        *nkeys = rc == CLI_OK ? 1 : 0;
        return rc;
    }
    for (i = 0; i < o->nkeyfiles && rc == CLI_OK; i++) {
        snprintf(what, sizeof what, "key file %s", o->keyfiles[i]);
        if (o->nkeyfiles > 1)
            snprintf(label, sizeof label, "key file %zu of %zu", i + 1, o->nkeyfiles);
        else
            snprintf(label, sizeof label, "the key file");
        if (secrets_read_file(o->keyfiles[i], text, sizeof text, &len) != 0)
            rc = secrets_unreadable(label, "-k", o->keyfiles[i]);
        else
            rc = secrets_key(keys[i], text, len, what, "");
    }
    fc_wipe(text, sizeof text);
    if (rc != CLI_OK) {
        fc_wipe(keys, i * sizeof keys[0]);
        return rc;
    }
    *nkeys = o->nkeyfiles;
    return CLI_OK;
}

/* The first line, without its line ending. */
static size_t secrets_first_line(const uint8_t *buf, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (buf[i] == '\n')
            return i > 0 && buf[i - 1] == '\r' ? i - 1 : i;
    return len;
}

/* Prompt on the terminal with echo off. 1: got a line; 0: no terminal; -1: error. */
static int secrets_prompt(int tty, const char *prompt, uint8_t *pw, size_t *pw_len)
{
    struct termios old, quiet;
    size_t n = 0;
    int rc = 1;
    char c;

    if (tcgetattr(tty, &old) != 0)
        return 0;
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
    quiet.c_lflag |= (tcflag_t)ICANON;
    /* Echo off before the prompt: nothing typed after seeing it is shown or flushed. */
    if (tcsetattr(tty, TCSAFLUSH, &quiet) != 0 || write(tty, prompt, strlen(prompt)) < 0) {
        (void)tcsetattr(tty, TCSAFLUSH, &old);
        return -1;
    }
    for (;;) {
        ssize_t r = read(tty, &c, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0 || c == '\n')
            break;
        if (n == CLI_PW_MAX) {
            rc = -2;
            continue; /* drain the line */
        }
        pw[n++] = (uint8_t)c;
    }
    c = 0;
    (void)tcsetattr(tty, TCSAFLUSH, &old);
    if (write(tty, "\n", 1) < 0)
        rc = -1;
    *pw_len = n;
    return rc;
}

static int secrets_from_tty(const cli_opts *o, uint8_t *pw, size_t *pw_len, int confirm)
{
    uint8_t again[CLI_PW_MAX];
    size_t again_len = 0;
    int tty = open("/dev/tty", O_RDWR | O_NOCTTY), r, rc = CLI_OK;

    if (tty < 0 || (r = secrets_prompt(tty, "Password: ", pw, pw_len)) == 0) {
        if (tty >= 0)
            close(tty);
        cli_err("%s: no password: give --password-file FILE, set FERNET_PASSWORD, "
                "or run on a terminal", o->cmd);
        return CLI_USAGE;
    }
    if (r == 1 && confirm)
        r = secrets_prompt(tty, "Repeat password: ", again, &again_len);
    close(tty);
    if (r == -2) {
        cli_err("%s: password longer than %d bytes", o->cmd, CLI_PW_MAX);
        rc = CLI_USAGE;
    } else if (r < 0) {
        cli_err("cannot read the password from the terminal: %s", strerror(errno));
        rc = CLI_IO;
    } else if (confirm && (again_len != *pw_len || memcmp(again, pw, again_len) != 0)) {
        cli_err("%s: the two passwords differ", o->cmd);
        rc = CLI_USAGE;
    }
    fc_wipe(again, sizeof again);
    return rc;
}

static int secrets_password(const cli_opts *o, uint8_t *pw, size_t *pw_len, int confirm)
{
    const char *env;
    size_t len;

    if (o->pwfile != NULL) {
        /* One byte more than accepted, to tell "too long" from "exactly the limit". */
        static uint8_t buf[CLI_PW_MAX + 2];
        if (secrets_read_file(o->pwfile, (char *)buf, sizeof buf, &len) != 0)
            return secrets_unreadable("the password file", "--password-file", o->pwfile);
        len = secrets_first_line(buf, len);
        if (len <= CLI_PW_MAX)
            memcpy(pw, buf, len);
        fc_wipe(buf, sizeof buf);
        if (len > CLI_PW_MAX) {
            cli_err("password file %s: first line longer than %d bytes", o->pwfile, CLI_PW_MAX);
            return CLI_USAGE;
        }
        *pw_len = len;
        return CLI_OK;
    }
    env = getenv("FERNET_PASSWORD");
    if (env != NULL) {
        len = strlen(env);
        if (len > CLI_PW_MAX) {
            cli_err("FERNET_PASSWORD: longer than %d bytes", CLI_PW_MAX);
            return CLI_USAGE;
        }
        memcpy(pw, env, len);
        *pw_len = len;
        return CLI_OK;
    }
    return secrets_from_tty(o, pw, pw_len, confirm);
}

int cli_get_password(const cli_opts *o, uint8_t *pw, size_t *pw_len, int confirm)
{
    int rc = secrets_password(o, pw, pw_len, confirm);
    if (rc == CLI_OK && confirm && *pw_len == 0 && !(o->seen & OPT_ALLOW_EMPTY)) {
        cli_err("%s: the password is empty (from %s): refused; give --allow-empty-password "
                "to encrypt with it anyway", o->cmd,
                o->pwfile != NULL ? "the password file"
                : getenv("FERNET_PASSWORD") != NULL ? "FERNET_PASSWORD" : "the terminal");
        return CLI_USAGE;
    }
    return rc;
}

int cli_random(uint8_t *out, size_t len)
{
    if (fc_os_random(NULL, out, len) != FC_OK) {
        cli_err("the system's random source failed");
        return CLI_IO;
    }
    return CLI_OK;
}
