/*
 * Tests for the portable AES core's bitsliced S-box circuits (aes/aes_sbox.h) through
 * fc_aes_ct_sub_bytes: every one of the 256 inputs, forward and inverse, at every bit
 * position of the slice word, against tables derived here from the FIPS 197 definition
 * (section 5.1.1: multiplicative inverse in GF(2^8), then the affine map; section 5.3.2:
 * InvSubBytes is its inverse). Nothing retyped. The build's slice width is printed: `make
 * check` tests the 64-bit core on 64-bit hosts, `make check-aes-ct32` the 32-bit one.
 */
#include <stdio.h>
#include <string.h>

#include "aes_backend.h"
#include "fc_test.h"

/* a * b in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (FIPS 197 4.2). */
static unsigned gf_mul(unsigned a, unsigned b)
{
    unsigned r = 0;
    while (b != 0) {
        if (b & 1u)
            r ^= a;
        a <<= 1;
        if (a & 0x100u)
            a ^= 0x11bu;
        b >>= 1;
    }
    return r;
}

static uint8_t sbox[256], inv_sbox[256];

/* FIPS 197 5.1.1: b = x^-1 ({00} -> {00}); b'_i = b_i + b_(i+4) + b_(i+5) + b_(i+6) +
 * b_(i+7) + c_i with c = {63}, indices mod 8. */
static void derive_tables(void)
{
    unsigned x, y, inv, i, out;
    for (x = 0; x < 256; x++) {
        inv = 0;
        for (y = 1; y < 256; y++)
            if (gf_mul(x, y) == 1)
                inv = y;
        out = 0;
        for (i = 0; i < 8; i++) {
            unsigned bit = (inv >> i) ^ (inv >> ((i + 4) % 8)) ^ (inv >> ((i + 5) % 8))
                           ^ (inv >> ((i + 6) % 8)) ^ (inv >> ((i + 7) % 8)) ^ (0x63u >> i);
            out |= (bit & 1u) << i;
        }
        sbox[x] = (uint8_t)out;
        inv_sbox[out] = (uint8_t)x;
    }
}

/* The table must be a permutation, else inv_sbox above would have holes. */
START_TEST(test_reference_is_permutation)
{
    unsigned seen[256] = { 0 }, x;
    for (x = 0; x < 256; x++)
        seen[sbox[x]]++;
    for (x = 0; x < 256; x++)
        ck_assert_uint_eq(seen[x], 1);
}
END_TEST

/* Shift s: byte i of the buffer holds input (i + s) mod 256, so across all shifts every
 * input visits every bit position of a slice word (the call takes 32 or 64 bytes a pass). */
START_TEST(test_sbox_all_inputs)
{
    int inverse = _i & 1;
    unsigned shift, i;
    uint8_t buf[256];

    for (shift = 0; shift < 64; shift++) {
        for (i = 0; i < 256; i++)
            buf[i] = (uint8_t)(i + shift);
        fc_aes_ct_sub_bytes(buf, sizeof buf, inverse);
        for (i = 0; i < 256; i++) {
            uint8_t x = (uint8_t)(i + shift);
            ck_assert_msg(buf[i] == (inverse ? inv_sbox[x] : sbox[x]),
                          "%s(%02x) = %02x at position %u, want %02x",
                          inverse ? "InvSubBytes" : "SubBytes", x, buf[i], i,
                          inverse ? inv_sbox[x] : sbox[x]);
        }
    }
}
END_TEST

/* Short calls (the key schedule's 4-byte SubWord) and a round trip. */
START_TEST(test_sbox_short_and_round_trip)
{
    uint8_t buf[256];
    unsigned i, n;
    for (n = 1; n <= 9; n++) {
        for (i = 0; i < n; i++)
            buf[i] = (uint8_t)(251 * i + n);
        fc_aes_ct_sub_bytes(buf, n, 0);
        for (i = 0; i < n; i++)
            ck_assert_uint_eq(buf[i], sbox[(uint8_t)(251 * i + n)]);
    }
    for (i = 0; i < 256; i++)
        buf[i] = (uint8_t)i;
    fc_aes_ct_sub_bytes(buf, sizeof buf, 0);
    fc_aes_ct_sub_bytes(buf, sizeof buf, 1);
    for (i = 0; i < 256; i++)
        ck_assert_uint_eq(buf[i], i);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("aes_sbox");
    TCase *tc = tcase_create("sbox");
    char what[80];

    derive_tables();
    snprintf(what, sizeof what, "S-box inputs, %u-bit slices, forward and inverse",
             fc_aes_ct_word_bits());
    fct_count(what, 2 * 256);
    tcase_add_test(tc, test_reference_is_permutation);
    tcase_add_loop_test(tc, test_sbox_all_inputs, 0, 2);
    tcase_add_test(tc, test_sbox_short_and_round_trip);
    suite_add_tcase(s, tc);
    return fct_run(s);
}
