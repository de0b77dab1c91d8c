/*
 * fernet command: the progress line on standard error (--progress, or automatic on a
 * terminal for inputs above 64 MiB).
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROGRESS_AUTO (64u * 1024u * 1024u) /* automatic above this many bytes */

static double progress_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_init(cli_progress *p, int forced, uint64_t total, const char *label)
{
    memset(p, 0, sizeof *p);
    p->total = total;
    p->label = label;
    p->on = forced || (isatty(2) && total > PROGRESS_AUTO);
    p->start = p->last = progress_clock();
}

static void progress_show(cli_progress *p, double t)
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
    p->last = t;
}

void cli_progress_add(cli_progress *p, size_t n)
{
    double t;
    p->done += n;
    /* Input of unknown size (a pipe): switch on once it is large. */
    if (!p->on && p->total == 0 && p->done > PROGRESS_AUTO && isatty(2))
        p->on = 1;
    if (!p->on)
        return;
    t = progress_clock();
    if (t - p->last >= 0.5)
        progress_show(p, t);
}

void cli_progress_end(cli_progress *p)
{
    if (!p->on)
        return;
    progress_show(p, progress_clock());
    fputc('\n', stderr);
}
