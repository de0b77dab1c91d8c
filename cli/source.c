/*
 * fernet command: input (files, standard input, pipes and devices) and the private
 * temporary files that hold a copy of piped input between the two passes of decryption.
 */
/* O_TMPFILE is a Linux extension, declared under _GNU_SOURCE. */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE
#endif
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_source_open(cli_source *s, const char *path)
{
    struct stat st;
    memset(s, 0, sizeof *s);
    s->name = path ? path : "standard input";
    s->fd = path ? open(path, O_RDONLY) : 0;
    if (s->fd < 0) {
        cli_err("cannot open %s: %s", path, strerror(errno));
        return CLI_IO;
    }
    if (fstat(s->fd, &st) != 0) {
        cli_err("cannot read %s: %s", s->name, strerror(errno));
        return CLI_IO;
    }
    if (S_ISDIR(st.st_mode)) {
        cli_err("cannot read %s: %s", s->name, strerror(EISDIR));
        return CLI_IO;
    }
    cli_pipe_widen(s->fd); /* it checks for a pipe itself */
    /* stdin redirected from a file may not start at offset 0; only what is left counts. */
    if (S_ISREG(st.st_mode)) {
        off_t pos = lseek(s->fd, 0, SEEK_CUR);
        if (pos >= 0 && pos <= st.st_size && (path != NULL || pos == 0)) {
            s->regular = 1;
            s->size = (uint64_t)st.st_size;
        }
    }
    return CLI_OK;
}

int cli_source_read(cli_source *s, void *buf, size_t cap, size_t *got)
{
    size_t n = 0;
    while (n < cap) {
        ssize_t r = read(s->fd, (char *)buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            cli_err("cannot read %s: %s", s->name, strerror(errno));
            return CLI_IO;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    *got = n;
    return CLI_OK;
}

int cli_source_seek(cli_source *s, uint64_t off)
{
    if (off > (uint64_t)INT64_MAX || lseek(s->fd, (off_t)off, SEEK_SET) < 0) {
        cli_err("cannot seek in %s: %s", s->name, strerror(errno));
        return CLI_IO;
    }
    return CLI_OK;
}

void cli_source_close(cli_source *s)
{
    if (s->fd > 0)
        close(s->fd);
    s->fd = -1;
}

/* A pipe holds 64 KiB by default: the command and the process at its other end then take
 * turns every 64 KiB, and those task switches were an eighth of `fernet decrypt`'s time
 * between two pipes. 1 MiB is the most an unprivileged process may ask for by default
 * (/proc/sys/fs/pipe-max-size); a refusal leaves the pipe as it was. */
void cli_pipe_widen(int fd)
{
#ifdef F_SETPIPE_SZ
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) && fcntl(fd, F_GETPIPE_SZ) < (1 << 20))
        (void)fcntl(fd, F_SETPIPE_SZ, 1 << 20);
#else
    (void)fd;
#endif
}

int cli_write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t r = write(fd, p, len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r == 0)
                errno = EIO;
            return -1;
        }
        p += r;
        len -= (size_t)r;
    }
    return 0;
}

int cli_tmp_unnamed(const char **dir)
{
    char path[4096];
    const char *d = getenv("TMPDIR");
    int fd = -1;

    if (d == NULL || *d == '\0')
        d = "/tmp";
    *dir = d;
#ifdef O_TMPFILE
    /* Linux: a file that never has a name, gone however the command ends. */
    fd = open(d, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
    if (fd < 0) {
        if (snprintf(path, sizeof path, "%s/fernet-spool.XXXXXX", d) >= (int)sizeof path) {
            cli_err("cannot create a temporary file in %s: %s", d, strerror(ENAMETOOLONG));
            return -1;
        }
        fd = mkstemp(path); /* mode 0600 */
        if (fd >= 0)
            unlink(path);
    }
    if (fd < 0)
        cli_err("cannot create a temporary file in %s: %s", d, strerror(errno));
    return fd;
}
