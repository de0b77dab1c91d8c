/*
 * Constant-time gate for common/: fc_ct_equal on secrets marked undefined (its verdict must
 * be computed without a branch or index on them) and fc_wipe (after it, the secret bytes are
 * defined zeros). Results are marked defined before they are checked.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fc_common.h"

#define CT_NAME "ct_common"
#include "ct.h"

#define CT_MAX 100

/* fc_ct_equal(a, b, len) with both inputs secret; returns the verdict made public. */
static int ct_equal_secret(const uint8_t *a0, const uint8_t *b0, size_t len)
{
    uint8_t a[CT_MAX], b[CT_MAX];
    int eq;

    memcpy(a, a0, len);
    memcpy(b, b0, len);
    VALGRIND_MAKE_MEM_UNDEFINED(a, len);
    VALGRIND_MAKE_MEM_UNDEFINED(b, len);
    eq = fc_ct_equal(a, b, len);
    VALGRIND_MAKE_MEM_DEFINED(&eq, sizeof eq);
    return eq;
}

static void ct_check_equal(size_t len)
{
    uint8_t a[CT_MAX], b[CT_MAX];
    size_t i;

    memset(a, 0, sizeof a);
    ct_random(a, len);
    memcpy(b, a, sizeof b);
    CT_EXPECT(ct_equal_secret(a, b, len) == 1, "equal %zu-byte secrets compare unequal", len);
    /* A difference at every position, in the low and the high bit. */
    for (i = 0; i < len; i++) {
        b[i] ^= 0x01;
        CT_EXPECT(ct_equal_secret(a, b, len) == 0, "difference at %zu/%zu missed", i, len);
        b[i] ^= 0x81;
        CT_EXPECT(ct_equal_secret(a, b, len) == 0, "high-bit difference at %zu missed", i);
        b[i] ^= 0x80;
    }
    /* Differences past len are not looked at. */
    if (len < CT_MAX) {
        a[len] = 0x00;
        b[len] = 0xff;
        CT_EXPECT(ct_equal_secret(a, b, len) == 1, "byte past len %zu compared", len);
    }
}

static void ct_check_wipe(size_t len)
{
    uint8_t buf[CT_MAX + 2];
    size_t i;

    memset(buf, 0x5a, sizeof buf);
    ct_random(buf + 1, len);
    VALGRIND_MAKE_MEM_UNDEFINED(buf + 1, len);
    fc_wipe(buf + 1, len);
    /* Every wiped byte is now a defined constant: 0 when not run under valgrind too. */
    CT_EXPECT(VALGRIND_CHECK_MEM_IS_DEFINED(buf + 1, len) == 0, "wipe left undefined bytes");
    for (i = 0; i < len; i++)
        CT_EXPECT(buf[1 + i] == 0, "byte %zu of %zu not wiped", i, len);
    CT_EXPECT(buf[0] == 0x5a && buf[len + 1] == 0x5a, "wipe of %zu bytes overran", len);
}

int main(void)
{
    size_t len;

    for (len = 0; len <= CT_MAX; len++) {
        ct_check_equal(len);
        ct_check_wipe(len);
    }
    CT_EXPECT(fc_ct_equal(NULL, NULL, 0) == 1, "empty comparison");
    fc_wipe(NULL, 0);

    return ct_done();
}
