/*
 * A Check-compatible subset for the on-target runs (tools/cross.mk): the unchanged suites
 * tests/test_*.c and their readers tests/fc_test.c compile against this header on
 * bare-metal targets, where Check (fork, timers, pipes) cannot run. Only the calls the
 * suites use are here; a failed assertion prints file:line and ends that test
 * (longjmp back to the runner), like Check's no-fork mode. Test-only code.
 */
#ifndef FCT_MINICHECK_H
#define FCT_MINICHECK_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct fct_tcase TCase;
typedef struct fct_suite Suite;
typedef struct fct_srunner SRunner;
typedef void (*fct_test_fn)(int _i);

enum print_output { CK_SILENT, CK_MINIMAL, CK_NORMAL, CK_VERBOSE, CK_ENV };

Suite *suite_create(const char *name);
void suite_add_tcase(Suite *s, TCase *tc);
TCase *tcase_create(const char *name);
void tcase_set_timeout(TCase *tc, double seconds);
void tcase_add_loop_test(TCase *tc, fct_test_fn fn, int start, int end);
#define tcase_add_test(tc, fn) tcase_add_loop_test((tc), (fn), 0, 1)

SRunner *srunner_create(Suite *s);
void srunner_run_all(SRunner *sr, enum print_output mode);
int srunner_ntests_failed(SRunner *sr);
void srunner_free(SRunner *sr);

/* Reports a failure at file:line and leaves the running test. */
void fct_ck_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4), noreturn));
void fct_ck_mem_fail(const char *file, int line, const char *expr, const uint8_t *x,
                     const uint8_t *y, size_t len) __attribute__((noreturn));

#define START_TEST(name) static void name(int _i __attribute__((unused)))
#define END_TEST

#define ck_abort_msg(...) fct_ck_fail(__FILE__, __LINE__, __VA_ARGS__)
#define ck_assert_msg(expr, ...) \
    ((expr) ? (void)0 : fct_ck_fail(__FILE__, __LINE__, __VA_ARGS__))
#define ck_assert(expr) \
    ((expr) ? (void)0 : fct_ck_fail(__FILE__, __LINE__, "assertion '%s' failed", #expr))

#define fct_ck_cmp(type, fmt, cast, X, OP, Y) do { \
        type fct_x_ = (X), fct_y_ = (Y); \
        if (!(fct_x_ OP fct_y_)) \
            fct_ck_fail(__FILE__, __LINE__, "assertion '%s " #OP " %s' failed: %s == " fmt \
                        ", %s == " fmt, #X, #Y, #X, (cast)fct_x_, #Y, (cast)fct_y_); \
    } while (0)
#define ck_assert_int_eq(X, Y) fct_ck_cmp(intmax_t, "%lld", long long, X, ==, Y)
#define ck_assert_int_ne(X, Y) fct_ck_cmp(intmax_t, "%lld", long long, X, !=, Y)
#define ck_assert_uint_eq(X, Y) fct_ck_cmp(uintmax_t, "%llu", unsigned long long, X, ==, Y)
#define ck_assert_uint_ne(X, Y) fct_ck_cmp(uintmax_t, "%llu", unsigned long long, X, !=, Y)
#define ck_assert_uint_le(X, Y) fct_ck_cmp(uintmax_t, "%llu", unsigned long long, X, <=, Y)
#define ck_assert_uint_lt(X, Y) fct_ck_cmp(uintmax_t, "%llu", unsigned long long, X, <, Y)
#define ck_assert_uint_ge(X, Y) fct_ck_cmp(uintmax_t, "%llu", unsigned long long, X, >=, Y)
#define ck_assert_uint_gt(X, Y) fct_ck_cmp(uintmax_t, "%llu", unsigned long long, X, >, Y)
#define ck_assert_ptr_nonnull(X) \
    ((X) != NULL ? (void)0 : fct_ck_fail(__FILE__, __LINE__, "'%s' is NULL", #X))
#define ck_assert_ptr_null(X) \
    ((X) == NULL ? (void)0 : fct_ck_fail(__FILE__, __LINE__, "'%s' is not NULL", #X))
#define ck_assert_str_eq(X, Y) do { \
        const char *fct_x_ = (X), *fct_y_ = (Y); \
        if (strcmp(fct_x_, fct_y_) != 0) \
            fct_ck_fail(__FILE__, __LINE__, "'%s' == \"%s\", '%s' == \"%s\"", #X, fct_x_, \
                        #Y, fct_y_); \
    } while (0)
#define ck_assert_str_ne(X, Y) do { \
        const char *fct_x_ = (X), *fct_y_ = (Y); \
        if (strcmp(fct_x_, fct_y_) == 0) \
            fct_ck_fail(__FILE__, __LINE__, "'%s' and '%s' are both \"%s\"", #X, #Y, fct_x_); \
    } while (0)
#define ck_assert_mem_eq(X, Y, L) do { \
        const uint8_t *fct_x_ = (const uint8_t *)(X), *fct_y_ = (const uint8_t *)(Y); \
        size_t fct_l_ = (L); \
        if (memcmp(fct_x_, fct_y_, fct_l_) != 0) \
            fct_ck_mem_fail(__FILE__, __LINE__, #X " == " #Y, fct_x_, fct_y_, fct_l_); \
    } while (0)

#endif /* FCT_MINICHECK_H */
