/*
 * Tests for common/: error texts, fc_wipe, fc_ct_equal.
 */
#include <string.h>

#include "fc_common.h"
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

int main(void)
{
    Suite *s = suite_create("common");
    TCase *tc = tcase_create("common");
    tcase_add_test(tc, test_strerror_every_code);
    tcase_add_test(tc, test_wipe);
    tcase_add_test(tc, test_ct_equal);
    suite_add_tcase(s, tc);
    return fct_run(s);
}
