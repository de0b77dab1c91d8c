/*
 * Benchmark helpers shared by bench/bench_*.c (header-only, benchmark programs only).
 *
 * A benchmark prints rows "ROW<TAB>name<TAB>unit<TAB>fernet-c<TAB>openssl" (a value of "-"
 * when not measured). bench/run.sh runs each program twice, as is and with OpenSSL's
 * AES-NI/SHA extensions masked (FC_BENCH_MASKED=1 tells the program to measure OpenSSL
 * only), and prints one table with ratios. Units: "MB/s" (higher is better) or "ms" / "us"
 * (lower is better).
 */
#ifndef FC_BENCH_H
#define FC_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Seconds per call of fn(arg), calling it in growing batches for at least min_s seconds. */
static double bench_time(void (*fn)(void *), void *arg, double min_s)
{
    unsigned long n = 1, i;
    double t0, dt;
    for (;;) {
        t0 = bench_now();
        for (i = 0; i < n; i++)
            fn(arg);
        dt = bench_now() - t0;
        if (dt >= min_s)
            return dt / (double)n;
        n = dt < min_s / 16 ? n * 8 : n * 2;
    }
}

/* 1 when run.sh asked for OpenSSL figures only (the masked run). */
static int bench_masked(void)
{
    const char *e = getenv("FC_BENCH_MASKED");
    return e && *e == '1';
}

/* Print a row; pass a negative value for "not measured". */
static void bench_row(const char *name, const char *unit, double fc, double ossl)
{
    printf("ROW\t%s\t%s\t", name, unit);
    if (fc < 0)
        printf("-\t");
    else
        printf("%.3f\t", fc);
    if (ossl < 0)
        printf("-\n");
    else
        printf("%.3f\n", ossl);
    fflush(stdout);
}

#endif /* FC_BENCH_H */
