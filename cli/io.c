/*
 * fernet command: input (files, pipes, spooling), output (temporary file + fsync + rename,
 * or direct for standard output and devices) and the progress line.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define IO_AUTO_PROGRESS (64u * 1024u * 1024u) /* auto progress above this many bytes */

/* ---- progress ---- */

static double io_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_init(cli_progress *p, int forced, uint64_t total, const char *label)
{
    memset(p, 0, sizeof *p);
    p->forced = forced;
    p->total = total;
    p->label = label;
    p->on = forced || (isatty(2) && total > IO_AUTO_PROGRESS);
    p->start = p->last = io_clock();
}

static void io_progress_show(cli_progress *p, double t)
{
    double secs = t - p->start, mib = (double)p->done / 1048576.0;
    double rate = secs > 0 ? mib / secs : 0;
    if (p->total > 0 && rate > 0) {
        double left = ((double)p->total / 1048576.0 - mib) / rate;
        fprintf(stderr, "\r%s: %.0f of %.0f MiB (%3.0f%%), %.0f MiB/s, %.0f s left ",
                p->label, mib, (double)p->total / 1048576.0,
                100.0 * (double)p->done / (double)p->total, rate, left < 0 ? 0 : left);
    } else {
        fprintf(stderr, "\r%s: %.0f MiB, %.0f MiB/s ", p->label, mib, rate);
    }
    p->shown = 1;
    p->last = t;
}

void cli_progress_add(cli_progress *p, size_t n)
{
    double t;
    p->done += n;
    /* Input of unknown size (a pipe): switch on once it is large. */
    if (!p->on && p->total == 0 && p->done > IO_AUTO_PROGRESS && isatty(2))
        p->on = 1;
    if (!p->on)
        return;
    t = io_clock();
    if (t - p->last >= 0.5)
        io_progress_show(p, t);
}

void cli_progress_end(cli_progress *p)
{
    if (!p->on)
        return;
    io_progress_show(p, io_clock());
    fputc('\n', stderr);
}

/* ---- input ---- */

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

static int io_write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t r = write(fd, p, len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        p += r;
        len -= (size_t)r;
    }
    return 0;
}

int cli_source_spool(cli_source *s, cli_progress *p)
{
    static char buf[CLI_CHUNK];
    const char *dir = getenv("TMPDIR");
    char path[4096];
    size_t got;
    int fd, rc;

    if (dir == NULL || *dir == '\0')
        dir = "/tmp";
    snprintf(path, sizeof path, "%s/fernet-spool.XXXXXX", dir);
    fd = mkstemp(path); /* mode 0600 */
    if (fd < 0) {
        cli_err("cannot create a temporary file in %s: %s", dir, strerror(errno));
        return CLI_IO;
    }
    unlink(path); /* private: no name, gone when we exit however we exit */
    s->size = 0;
    for (;;) {
        if ((rc = cli_source_read(s, buf, sizeof buf, &got)) != CLI_OK)
            break;
        if (got == 0)
            break;
        if (io_write_all(fd, buf, got) != 0) {
            cli_err("cannot write a temporary file in %s: %s", dir, strerror(errno));
            rc = CLI_IO;
            break;
        }
        s->size += got;
        cli_progress_add(p, got);
    }
    if (rc == CLI_OK && lseek(fd, 0, SEEK_SET) != 0) {
        cli_err("cannot read back a temporary file: %s", strerror(errno));
        rc = CLI_IO;
    }
    if (rc != CLI_OK) {
        close(fd);
        return rc;
    }
    if (s->fd != 0)
        close(s->fd);
    s->fd = fd;
    s->regular = 1;
    s->spooled = 1;
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

static int io_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

int cli_source_trim(cli_source *s, uint64_t *start, uint64_t *end)
{
    unsigned char buf[512];
    uint64_t lo = 0, hi = s->size;
    size_t got, i;
    int rc;

    /* Leading whitespace, forwards. */
    while (lo < hi) {
        if ((rc = cli_source_seek(s, lo)) != CLI_OK ||
            (rc = cli_source_read(s, buf, sizeof buf, &got)) != CLI_OK)
            return rc;
        if (got == 0)
            break;
        for (i = 0; i < got && io_space(buf[i]); i++)
            ;
        lo += i;
        if (i < got)
            break;
    }
    /* Trailing whitespace, backwards. */
    while (hi > lo) {
        size_t n = hi - lo < sizeof buf ? (size_t)(hi - lo) : sizeof buf;
        if ((rc = cli_source_seek(s, hi - n)) != CLI_OK ||
            (rc = cli_source_read(s, buf, n, &got)) != CLI_OK)
            return rc;
        if (got < n) { /* the file shrank under us */
            cli_err("%s changed while being read", s->name);
            return CLI_IO;
        }
        for (i = n; i > 0 && io_space(buf[i - 1]); i--)
            ;
        hi -= n - i;
        if (i > 0)
            break;
    }
    *start = lo;
    *end = hi;
    return CLI_OK;
}

void cli_source_close(cli_source *s)
{
    if (s->fd > 0)
        close(s->fd);
    s->fd = -1;
}

/* ---- output ---- */

/* The one temporary file alive, removed if a signal ends the command. */
static char io_tmp_path[4096];
static volatile sig_atomic_t io_tmp_armed;

static void io_on_signal(int sig)
{
    if (io_tmp_armed)
        unlink(io_tmp_path);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void io_arm(int on)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
    struct sigaction sa;
    size_t i;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on ? io_on_signal : SIG_DFL;
    sigemptyset(&sa.sa_mask);
    io_tmp_armed = on;
    for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);
}

static mode_t io_default_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return (mode_t)(0666 & ~mask);
}

int cli_sink_open(cli_sink *s, const char *path, mode_t mode, int no_clobber)
{
    struct stat st;
    const char *slash;
    size_t dirlen;

    memset(s, 0, sizeof *s);
    s->path = path;
    s->name = path ? path : "standard output";
    s->fd = 1;
    s->no_clobber = no_clobber;
    if (path == NULL) {
        s->direct = 1;
        return CLI_OK;
    }
    if (stat(path, &st) == 0) {
        if (no_clobber) {
            cli_err("%s already exists (use --force to replace it)", path);
            return CLI_USAGE;
        }
        if (S_ISDIR(st.st_mode)) {
            cli_err("cannot write %s: %s", path, strerror(EISDIR));
            return CLI_IO;
        }
        if (!S_ISREG(st.st_mode)) {
            /* A device or FIFO: written in place, never replaced. */
            s->fd = open(path, O_WRONLY);
            if (s->fd < 0) {
                cli_err("cannot write %s: %s", path, strerror(errno));
                return CLI_IO;
            }
            s->direct = 1;
            return CLI_OK;
        }
        if (mode == 0)
            mode = st.st_mode & 07777;
    }
    s->mode = mode ? mode : io_default_mode();
    slash = strrchr(path, '/');
    dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    if (dirlen + strlen(slash ? slash + 1 : path) + 16 > sizeof io_tmp_path) {
        cli_err("cannot write %s: %s", path, strerror(ENAMETOOLONG));
        return CLI_IO;
    }
    /* Same directory, so the final rename is atomic and never crosses file systems. */
    snprintf(io_tmp_path, sizeof io_tmp_path, "%.*s.%s.XXXXXX", (int)dirlen, path,
             slash ? slash + 1 : path);
    io_arm(1);
    s->fd = mkstemp(io_tmp_path);
    if (s->fd < 0) {
        io_arm(0);
        cli_err("cannot write %s: %s", path, strerror(errno));
        return CLI_IO;
    }
    s->tmp_live = 1;
    return CLI_OK;
}

int cli_sink_write(cli_sink *s, const void *buf, size_t len)
{
    if (io_write_all(s->fd, buf, len) != 0) {
        cli_err("cannot write %s: %s", s->name, strerror(errno ? errno : EIO));
        return CLI_IO;
    }
    return CLI_OK;
}

void cli_sink_abort(cli_sink *s)
{
    if (s->tmp_live) {
        close(s->fd);
        unlink(io_tmp_path);
        s->tmp_live = 0;
        io_arm(0);
    } else if (s->fd > 1) {
        close(s->fd);
    }
    s->fd = -1;
}

static void io_sync_dir(const char *path)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    int fd;
    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path) + 1, path);
    fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        (void)fsync(fd); /* best effort: some file systems refuse fsync on directories */
        close(fd);
    }
}

int cli_sink_commit(cli_sink *s)
{
    if (!s->tmp_live) {
        if (s->fd > 1 && close(s->fd) != 0) {
            cli_err("cannot write %s: %s", s->name, strerror(errno));
            return CLI_IO;
        }
        s->fd = -1;
        return CLI_OK;
    }
    if (fchmod(s->fd, s->mode) != 0 || fsync(s->fd) != 0) {
        cli_err("cannot write %s: %s", s->name, strerror(errno));
        cli_sink_abort(s);
        return CLI_IO;
    }
    /* link() fails if the name appeared meanwhile; rename() replaces atomically. */
    if (close(s->fd) != 0 ||
        (s->no_clobber ? link(io_tmp_path, s->path) : rename(io_tmp_path, s->path)) != 0) {
        cli_err("cannot write %s: %s", s->name, strerror(errno));
        s->fd = -1;
        unlink(io_tmp_path);
        s->tmp_live = 0;
        io_arm(0);
        return CLI_IO;
    }
    if (s->no_clobber)
        unlink(io_tmp_path);
    s->fd = -1;
    s->tmp_live = 0;
    io_arm(0);
    io_sync_dir(s->path);
    return CLI_OK;
}
