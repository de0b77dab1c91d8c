/*
 * Self-test of the Check-compatible subset (check.h, minicheck.c) on the targets: each
 * test below breaks one assertion macro on purpose, so a runner that lost failures (a
 * macro that never fires, a longjmp that skips the count) shows here rather than as
 * suites that pass whatever the library does. Passes only if exactly the broken tests
 * fail and the good ones (including every loop index) run and pass.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

static int g_good_runs;

START_TEST(good)
{
    static const unsigned char a[3] = { 1, 2, 3 }, b[3] = { 1, 2, 3 };
    ck_assert(1);
    ck_assert_msg(_i >= 0, "loop index %d", _i);
    ck_assert_int_eq(-2, -2);
    ck_assert_uint_eq(3u, 3u);
    ck_assert_uint_le(2u, 3u);
    ck_assert_uint_ge(3u, 2u);
    ck_assert_uint_gt(3u, 2u);
    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq("ab", "ab");
    ck_assert_str_ne("ab", "ac");
    ck_assert_mem_eq(a, b, sizeof a);
    g_good_runs++;
}
END_TEST

START_TEST(bad_assert) { ck_assert(_i == 99); } END_TEST
START_TEST(bad_msg) { ck_assert_msg(0, "expected failure %d", 1); } END_TEST
START_TEST(bad_abort) { ck_abort_msg("expected failure"); } END_TEST
START_TEST(bad_int) { ck_assert_int_eq(-1, 1); } END_TEST
START_TEST(bad_uint) { ck_assert_uint_eq(1u, 2u); } END_TEST
START_TEST(bad_le) { ck_assert_uint_le(3u, 2u); } END_TEST
START_TEST(bad_ge) { ck_assert_uint_ge(2u, 3u); } END_TEST
START_TEST(bad_gt) { ck_assert_uint_gt(2u, 2u); } END_TEST
START_TEST(bad_ptr) { const char *p = NULL; ck_assert_ptr_nonnull(p); } END_TEST
START_TEST(bad_str) { ck_assert_str_eq("ab", "ac"); } END_TEST
START_TEST(bad_str_ne) { ck_assert_str_ne("ab", "ab"); } END_TEST
START_TEST(bad_mem)
{
    static const unsigned char a[2] = { 1, 2 }, b[2] = { 1, 3 };
    ck_assert_mem_eq(a, b, sizeof a);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("minicheck-selftest");
    TCase *good_tc = tcase_create("good"), *bad_tc = tcase_create("bad");
    TCase *skip_tc = tcase_create("platform"); /* skipped by FCT_SKIP_TCASES */
    SRunner *sr;
    int failed, nbad = 12;

    tcase_add_loop_test(good_tc, good, 0, 3);
    tcase_add_test(bad_tc, bad_assert);
    tcase_add_test(bad_tc, bad_msg);
    tcase_add_test(bad_tc, bad_abort);
    tcase_add_test(bad_tc, bad_int);
    tcase_add_test(bad_tc, bad_uint);
    tcase_add_test(bad_tc, bad_le);
    tcase_add_test(bad_tc, bad_ge);
    tcase_add_test(bad_tc, bad_gt);
    tcase_add_test(bad_tc, bad_ptr);
    tcase_add_test(bad_tc, bad_str);
    tcase_add_test(bad_tc, bad_str_ne);
    tcase_add_test(bad_tc, bad_mem);
    tcase_add_test(skip_tc, bad_abort);
    suite_add_tcase(s, good_tc);
    suite_add_tcase(s, bad_tc);
    suite_add_tcase(s, skip_tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    printf("minicheck self-test: %d of %d broken tests failed, good test ran %d of 3 times\n",
           failed, nbad, g_good_runs);
    if (failed == nbad && g_good_runs == 3) {
        printf("1 passed, 0 failed\n");
        return EXIT_SUCCESS;
    }
    printf("0 passed, 1 failed\n");
    return EXIT_FAILURE;
}
