/*
 * Runner for the Check-compatible subset in check.h (on-target runs). Runs every test of
 * every case in order, each loop index on its own; a failure longjmps back here. Prints
 * Check's summary line ("100%: Checks: N, Failures: F, Errors: 0") so tests/run.sh-style
 * parsers and the cross.mk targets read it the same way.
 *
 * FCT_SKIP_TCASES (compile time, space-separated case names) leaves out cases that need an
 * operating system (the Fernet suite's "platform" case: OS clock and CSPRNG); each skip
 * is printed.
 */
#include "check.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef FCT_SKIP_TCASES
#define FCT_SKIP_TCASES ""
#endif

typedef struct {
    fct_test_fn fn;
    int start, end;
} fct_test;

struct fct_tcase {
    const char *name;
    fct_test *tests;
    size_t n;
    TCase *next;
};

struct fct_suite {
    const char *name;
    TCase *first, *last;
};

struct fct_srunner {
    Suite *s;
    int run, failed;
};

static jmp_buf fct_jmp;
static const char *fct_cur_case;

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        printf("minicheck: out of memory\n");
        exit(2);
    }
    return p;
}

Suite *suite_create(const char *name)
{
    Suite *s = xcalloc(1, sizeof *s);
    s->name = name;
    return s;
}

void suite_add_tcase(Suite *s, TCase *tc)
{
    if (s->last)
        s->last->next = tc;
    else
        s->first = tc;
    s->last = tc;
}

TCase *tcase_create(const char *name)
{
    TCase *tc = xcalloc(1, sizeof *tc);
    tc->name = name;
    return tc;
}

void tcase_set_timeout(TCase *tc, double seconds)
{
    (void)tc;
    (void)seconds; /* no timer on the targets; QEMU's run is bounded by the make target */
}

void tcase_add_loop_test(TCase *tc, fct_test_fn fn, int start, int end)
{
    fct_test *t = realloc(tc->tests, (tc->n + 1) * sizeof *t);
    if (!t) {
        printf("minicheck: out of memory\n");
        exit(2);
    }
    tc->tests = t;
    t[tc->n].fn = fn;
    t[tc->n].start = start;
    t[tc->n].end = end;
    tc->n++;
}

SRunner *srunner_create(Suite *s)
{
    SRunner *sr = xcalloc(1, sizeof *sr);
    sr->s = s;
    return sr;
}

void fct_ck_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    printf("%s:%d:F:%s: ", file, line, fct_cur_case);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    longjmp(fct_jmp, 1);
}

void fct_ck_mem_fail(const char *file, int line, const char *expr, const uint8_t *x,
                     const uint8_t *y, size_t len)
{
    size_t i, show = len < 64 ? len : 64;
    printf("%s:%d:F:%s: assertion '%s' failed (%u bytes)\n  got:  ", file, line, fct_cur_case,
           expr, (unsigned)len);
    for (i = 0; i < show; i++)
        printf("%02x", x[i]);
    printf("\n  want: ");
    for (i = 0; i < show; i++)
        printf("%02x", y[i]);
    printf("\n");
    longjmp(fct_jmp, 1);
}

static int fct_skipped(const char *name)
{
    const char *p = FCT_SKIP_TCASES;
    size_t n = strlen(name);

    while (*p) {
        size_t w = strcspn(p, " ");
        if (w == n && memcmp(p, name, n) == 0)
            return 1;
        p += w;
        p += strspn(p, " ");
    }
    return 0;
}

static void fct_run_one(SRunner *sr, fct_test_fn fn, int i)
{
    sr->run++;
    if (setjmp(fct_jmp) == 0)
        fn(i);
    else
        sr->failed++;
}

void srunner_run_all(SRunner *sr, enum print_output mode)
{
    TCase *tc;
    size_t k;
    int i;

    (void)mode;
    printf("Running suite(s): %s\n", sr->s->name);
    for (tc = sr->s->first; tc; tc = tc->next) {
        if (fct_skipped(tc->name)) {
            printf("%s: case \"%s\" SKIPPED on this target (needs an OS)\n", sr->s->name,
                   tc->name);
            continue;
        }
        fct_cur_case = tc->name;
        for (k = 0; k < tc->n; k++)
            for (i = tc->tests[k].start; i < tc->tests[k].end; i++)
                fct_run_one(sr, tc->tests[k].fn, i);
    }
    printf("%d%%: Checks: %d, Failures: %d, Errors: 0\n",
           sr->run ? 100 * (sr->run - sr->failed) / sr->run : 100, sr->run, sr->failed);
    fflush(stdout);
}

int srunner_ntests_failed(SRunner *sr)
{
    return sr->failed;
}

void srunner_free(SRunner *sr)
{
    free(sr);
}
