/*
 * Tests for common/: error texts, fc_wipe, fc_ct_equal, fc_div3.
 */
#include <stdint.h>
#include <string.h>

#include "fc_common.h"
#include "fc_internal.h"
#include "fc_test.h"

START_TEST(test_strerror_every_code)
{
    fc_err e;
    /* Every defined code has its own text; unknown codes get a generic one. */
    for (e = FC_ERR_STATE; e <= FC_OK; e = (fc_err)(e + 1)) {
        const char *s = fc_strerror(e);
        ck_assert_ptr_nonnull(s);
        ck_assert_str_ne(s, "unknown error");
        if (e != FC_OK)
            ck_assert_str_ne(s, fc_strerror(FC_OK));
    }
    ck_assert_str_eq(fc_strerror((fc_err)-999), "unknown error");
    ck_assert_str_eq(fc_strerror((fc_err)1), "unknown error");
}
END_TEST

START_TEST(test_wipe)
{
    uint8_t buf[67];
    uint8_t zero[sizeof buf] = {0};
    memset(buf, 0xa5, sizeof buf);
    fc_wipe(buf + 1, sizeof buf - 2);
    ck_assert_uint_eq(buf[0], 0xa5);
    ck_assert_uint_eq(buf[sizeof buf - 1], 0xa5);
    ck_assert_mem_eq(buf + 1, zero, sizeof buf - 2);
    fc_wipe(NULL, 0);
}
END_TEST

START_TEST(test_ct_equal)
{
    uint8_t a[64], b[64];
    size_t i;
    int bit;
    fct_rand_bytes(a, sizeof a);
    memcpy(b, a, sizeof b);
    ck_assert_int_eq(fc_ct_equal(a, b, sizeof a), 1);
    ck_assert_int_eq(fc_ct_equal(NULL, NULL, 0), 1);
    /* Any single-bit difference, anywhere, is seen. */
    for (i = 0; i < sizeof a; i++) {
        for (bit = 0; bit < 8; bit++) {
            b[i] ^= (uint8_t)(1u << bit);
            ck_assert_int_eq(fc_ct_equal(a, b, sizeof a), 0);
            b[i] ^= (uint8_t)(1u << bit);
        }
    }
    /* Length bounds the comparison. */
    b[10] ^= 0xff;
    ck_assert_int_eq(fc_ct_equal(a, b, 10), 1);
    ck_assert_int_eq(fc_ct_equal(a, b, 11), 0);
}
END_TEST

/* fc_div3 (fc_internal.h) equals the C division: every value below 2^20, the values around
 * each power of two, the top of size_t, and random values of every bit width. Mismatches
 * are counted and the first one reported (one assertion: Check's per-call cost would
 * dominate the run). */
static size_t div3_bad, div3_first;

static void div3_check(size_t n)
{
    if (fc_div3(n) != n / 3 && div3_bad++ == 0)
        div3_first = n;
}

START_TEST(test_div3)
{
    size_t n, i, k;
    int bit;

    div3_bad = 0;
    for (n = 0; n < ((size_t)1 << 20); n++)
        div3_check(n);
    for (bit = 1; bit < (int)(sizeof(size_t) * 8); bit++)
        for (k = 0; k < 64; k++)
            div3_check(((size_t)1 << bit) - 32 + k);
    for (k = 0; k < 4096; k++)
        div3_check(SIZE_MAX - k);
    for (i = 0; i < 200000; i++) {
        fct_rand_bytes((uint8_t *)&n, sizeof n);
        div3_check(n >> (i % (sizeof(size_t) * 8)));
    }
    ck_assert_msg(div3_bad == 0, "%zu mismatches, first at n = %zu", div3_bad, div3_first);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("common");
    TCase *tc = tcase_create("common");
    tcase_add_test(tc, test_strerror_every_code);
    tcase_add_test(tc, test_wipe);
    tcase_add_test(tc, test_ct_equal);
    tcase_add_test(tc, test_div3);
    suite_add_tcase(s, tc);
    return fct_run(s);
}
