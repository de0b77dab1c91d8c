/*
 * fernet command: output. Regular files are written to a temporary file in the same
 * directory (so the last step is an atomic link or rename on one file system), created
 * only at the first write, mode 0600 until commit gives it its final mode.
 */
/* O_TMPFILE is a Linux extension, declared under _GNU_SOURCE. */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE
#endif
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Unnamed temporary files (Linux). -DCLI_NO_TMPFILE builds the portable path, to test it. */
#if defined(O_TMPFILE) && !defined(CLI_NO_TMPFILE)
#define SINK_TMPFILE 1
#endif

/* Early write-back (Linux sync_file_range). -DCLI_NO_SYNC_RANGE leaves it out. */
#if defined(SYNC_FILE_RANGE_WRITE) && !defined(CLI_NO_SYNC_RANGE)
#define SINK_AHEAD (8u << 20) /* bytes between two write-back starts */
#endif

static mode_t sink_default_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return (mode_t)(0666 & ~mask);
}

/* Writable by us: the owner's bit when we own it (so even root keeps a 0444 file, as
 * cp(1) without -f does not), else what access(2) says. */
static int sink_writable(const char *path, const struct stat *st)
{
    if (st->st_uid == geteuid())
        return (st->st_mode & S_IWUSR) != 0;
    return access(path, W_OK) == 0;
}

int cli_sink_open(cli_sink *s, const char *path, mode_t mode, unsigned flags)
{
    struct stat st;

    memset(s, 0, sizeof *s);
    s->path = path;
    s->name = path ? path : "standard output";
    s->fd = path ? -1 : 1;
    s->flags = flags;
    if (path == NULL) {
        s->direct = 1;
        cli_pipe_widen(1);
        return CLI_OK;
    }
    if (strlen(path) + 16 > sizeof s->tmp) {
        cli_err("cannot write %s: %s", path, strerror(ENAMETOOLONG));
        return CLI_IO;
    }
    if (stat(path, &st) == 0) {
        if (flags & CLI_SINK_NEW) {
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
            cli_pipe_widen(s->fd);
            return CLI_OK;
        }
        if (!(flags & CLI_SINK_FORCE) && !sink_writable(path, &st)) {
            cli_err("cannot write %s: it is read-only (use --force to replace it)", path);
            return CLI_IO;
        }
        if (mode == 0)
            mode = st.st_mode & 07777;
    }
    s->mode = mode ? mode : sink_default_mode();
    return CLI_OK;
}

/* The signals that end a command by default, held while a named temporary file exists:
 * a pending one is acted on (file removed, then the signal) at the next write or the end. */
static void sink_hold(cli_sink *s, int on)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGPIPE);
    sigprocmask(on ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
    s->held = on;
}

/* "DIR/.NAME." + suffix into s->tmp. */
static void sink_tmp_name(cli_sink *s, const char *suffix)
{
    const char *slash = strrchr(s->path, '/');
    size_t dirlen = slash ? (size_t)(slash - s->path) + 1 : 0;
    snprintf(s->tmp, sizeof s->tmp, "%.*s.%s.%s", (int)dirlen, s->path,
             slash ? slash + 1 : s->path, suffix);
}

#ifdef SINK_TMPFILE
/* Linux: an unnamed file in the output's directory, named only at commit through
 * /proc/self/fd (linkat needs no privilege that way). -1 when either is missing. */
static int sink_unnamed(cli_sink *s)
{
    char dir[4096], proc[64];
    const char *slash = strrchr(s->path, '/');
    int fd;

    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - s->path) + 1, s->path);
    fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    if (access(proc, F_OK) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}
#endif

static int sink_create(cli_sink *s)
{
#ifdef SINK_TMPFILE
    s->fd = sink_unnamed(s);
    if (s->fd >= 0) {
        s->unnamed = 1;
        return CLI_OK;
    }
#endif
    sink_tmp_name(s, "XXXXXX");
    sink_hold(s, 1);
    s->fd = mkstemp(s->tmp); /* mode 0600 */
    if (s->fd < 0) {
        cli_err("cannot write %s: %s", s->name, strerror(errno));
        sink_hold(s, 0);
        return CLI_IO;
    }
    return CLI_OK;
}

/* A signal arrived while held: remove the temporary file, then let the signal act. */
static void sink_pending(cli_sink *s)
{
    sigset_t pend;
    if (!s->held || sigpending(&pend) != 0)
        return;
    if (sigismember(&pend, SIGINT) || sigismember(&pend, SIGTERM) ||
        sigismember(&pend, SIGHUP) || sigismember(&pend, SIGPIPE))
        cli_sink_abort(s);
}

/* Start writing the temporary file's last SINK_AHEAD bytes to disk, while the command goes
 * on computing, rather than leave the whole file to the fsync at commit (the kernel's own
 * write-back waits for far more dirty data: a tenth of memory by default, gigabytes). Only
 * started, never waited for: the fsync at commit still waits for every byte and reports
 * any error (waiting here, SYNC_FILE_RANGE_WAIT_AFTER, would take the error that fsync
 * must see). Best effort: a failure changes nothing but the speed. */
static void sink_ahead(cli_sink *s)
{
#ifdef SINK_AHEAD
    if (s->written - s->started >= SINK_AHEAD) {
        (void)sync_file_range(s->fd, (off_t)s->started, (off_t)(s->written - s->started),
                              SYNC_FILE_RANGE_WRITE);
        s->started = s->written;
    }
#else
    (void)s;
#endif
}

int cli_sink_write(cli_sink *s, const void *buf, size_t len)
{
    int rc;
    if (s->fd < 0 && (rc = sink_create(s)) != CLI_OK)
        return rc;
    sink_pending(s);
    if (cli_write_all(s->fd, buf, len) != 0) {
        cli_err("cannot write %s: %s", s->name, strerror(errno));
        return CLI_IO;
    }
    if (!s->direct) {
        s->written += len;
        sink_ahead(s);
    }
    return CLI_OK;
}

void cli_sink_abort(cli_sink *s)
{
    if (s->direct) {
        if (s->fd > 1)
            close(s->fd);
    } else if (s->fd >= 0) {
        close(s->fd);
        if (!s->unnamed)
            unlink(s->tmp);
    }
    s->fd = -1;
    if (s->held)
        sink_hold(s, 0);
}

static void sink_sync_dir(const char *path)
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

#ifdef SINK_TMPFILE
/* Give the unnamed file a name through /proc/self/fd: the output's own name when it must
 * not replace anything (keygen), else a fresh temporary name that commit renames. Signals
 * are held from then on, so SIGINT or SIGTERM leave no name behind. */
static int sink_name(cli_sink *s)
{
    char proc[64], suffix[16];
    uint8_t r[6];

    snprintf(proc, sizeof proc, "/proc/self/fd/%d", s->fd);
    if (s->flags & CLI_SINK_NEW) {
        if (linkat(AT_FDCWD, proc, AT_FDCWD, s->path, AT_SYMLINK_FOLLOW) != 0)
            return -1;
        snprintf(s->tmp, sizeof s->tmp, "%s", s->path);
    } else {
        if (cli_random(r, sizeof r) != CLI_OK)
            return -1;
        snprintf(suffix, sizeof suffix, "%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3],
                 r[4], r[5]);
        sink_tmp_name(s, suffix);
        sink_hold(s, 1);
        if (linkat(AT_FDCWD, proc, AT_FDCWD, s->tmp, AT_SYMLINK_FOLLOW) != 0)
            return -1;
    }
    s->unnamed = 0; /* it has a name now: abort unlinks it */
    return 0;
}
#endif

int cli_sink_commit(cli_sink *s)
{
    int rc, named;
    if (s->direct) {
        if (s->fd > 1 && close(s->fd) != 0) {
            cli_err("cannot write %s: %s", s->name, strerror(errno));
            return CLI_IO;
        }
        s->fd = -1;
        return CLI_OK;
    }
    if (s->fd < 0 && (rc = sink_create(s)) != CLI_OK) /* an empty output */
        return rc;
    named = !s->unnamed;
    if (fchmod(s->fd, s->mode) != 0 || fsync(s->fd) != 0
#ifdef SINK_TMPFILE
        || (s->unnamed && sink_name(s) != 0)
#endif
    ) {
        cli_err("cannot write %s: %s", s->name, strerror(errno));
        cli_sink_abort(s);
        return CLI_IO;
    }
    rc = close(s->fd);
    s->fd = -1;
    if (rc == 0 && strcmp(s->tmp, s->path) != 0) {
        /* link() fails if the name exists (keygen); rename() replaces atomically. */
        if (named && (s->flags & CLI_SINK_NEW)) {
            rc = link(s->tmp, s->path);
            if (rc == 0)
                unlink(s->tmp);
        } else {
            rc = rename(s->tmp, s->path);
        }
    }
    if (rc != 0) {
        cli_err("cannot write %s: %s", s->name, strerror(errno));
        unlink(s->tmp);
    }
    if (s->held)
        sink_hold(s, 0);
    if (rc != 0)
        return CLI_IO;
    sink_sync_dir(s->path);
    return CLI_OK;
}

unsigned cli_sink_flags(const cli_opts *o)
{
    return (o->seen & OPT_FORCE) ? CLI_SINK_FORCE : 0;
}

int cli_sink_finish(cli_sink *s, int rc)
{
    if (rc == CLI_OK)
        return cli_sink_commit(s);
    cli_sink_abort(s);
    return rc;
}
