/*
 * Tests for base64/: every base64 record of RFC 4648 sections 9 and 10 (both decoders, both
 * alphabets, padded and unpadded); round trips for every length 0..300 against a table-driven
 * reference encoder; every single-character corruption and every truncation of valid texts
 * is rejected or decodes differently, with both decoders agreeing; hand-reasoned error
 * positions; buffer-too-small, NULL and flag rules; length helpers up to SIZE_MAX.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fc_base64.h"
#include "fc_test.h"

/* Hot loops check with a plain if: ck_assert reports every passing check to Check's parent. */
#define REQUIRE(cond, ...)                                                                   \
    do {                                                                                     \
        if (!(cond))                                                                         \
            ck_abort_msg(__VA_ARGS__);                                                       \
    } while (0)

#define SENTINEL 0xa5

/* Every flag set; those with FC_BASE64_PUBLIC run the table and SIMD paths (the encoder's
 * for public bytes; the decoders ignore the flag). */
#define NFLAGS 8
static const unsigned all_flags[NFLAGS] = {
    0, FC_BASE64_URL, FC_BASE64_NOPAD, FC_BASE64_URL | FC_BASE64_NOPAD,
    FC_BASE64_PUBLIC, FC_BASE64_PUBLIC | FC_BASE64_URL, FC_BASE64_PUBLIC | FC_BASE64_NOPAD,
    FC_BASE64_PUBLIC | FC_BASE64_URL | FC_BASE64_NOPAD};

static const fct_json *g_json;

/* Reference encoder straight from RFC 4648 tables 1 and 2 (test-only, table-driven on
 * purpose: an independent way to the same text). Returns the text length. */
static size_t ref_encode(char *out, const uint8_t *in, size_t len, unsigned flags)
{
    const char *alpha = (flags & FC_BASE64_URL)
                            ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                            : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i, o = 0, k;

    for (i = 0; i < len; i += 3) {
        uint32_t w = 0;
        size_t take = len - i < 3 ? len - i : 3;
        for (k = 0; k < 3; k++)
            w = w << 8 | (k < take ? in[i + k] : 0u);
        for (k = 0; k <= take; k++)
            out[o++] = alpha[(w >> (18 - 6 * k)) & 63u];
        if (!(flags & FC_BASE64_NOPAD))
            for (; k < 4; k++)
                out[o++] = '=';
    }
    return o;
}

/*
 * Decode s with both decoders into buffers of cap bytes pre-filled with SENTINEL; require
 * that they agree on the result, the length and the bytes, that nothing past the decoded
 * length is written, and that on error nothing at all is written. out (cap bytes) gets the
 * result; *pos gets the error position (SIZE_MAX if not reported).
 */
static fc_err decode_both(uint8_t *out, size_t cap, size_t *out_len, const char *s, size_t n,
                          unsigned flags, size_t *pos)
{
    uint8_t *b = malloc(cap + 1);
    size_t len_ct = 99, i;
    fc_err e1, e2;

    ck_assert_ptr_nonnull(b);
    memset(out, SENTINEL, cap);
    memset(b, SENTINEL, cap);
    *pos = SIZE_MAX;
    *out_len = 99;
    e1 = fc_base64_decode(cap ? out : NULL, cap, out_len, s, n, flags, pos);
    e2 = fc_base64_decode_ct(cap ? b : NULL, cap, &len_ct, s, n, flags);
    REQUIRE(e1 == e2, "decoders disagree on \"%.*s\" flags %u: %d vs %d", (int)n, s, flags,
            (int)e1, (int)e2);
    REQUIRE(*out_len == len_ct, "decoders disagree on the length of \"%.*s\"", (int)n, s);
    REQUIRE(cap == 0 || memcmp(out, b, cap) == 0, "decoders disagree on the bytes of \"%.*s\"",
            (int)n, s);
    if (e1 != FC_OK) {
        REQUIRE(*out_len == 0, "out_len not 0 on error");
        REQUIRE(e1 != FC_ERR_ENCODING || *pos <= n, "err_pos %zu past the text", *pos);
        REQUIRE(e1 == FC_ERR_ENCODING || *pos == SIZE_MAX, "err_pos set on a non-encoding error");
    }
    for (i = e1 == FC_OK ? *out_len : 0; i < cap; i++)
        REQUIRE(out[i] == SENTINEL, "byte %zu written (error %d)", i, (int)e1);
    free(b);
    return e1;
}

/* Encode with exactly-sized heap output (ASan sees any overrun); returns a NUL-terminated copy. */
static char *encode_exact(const uint8_t *in, size_t len, unsigned flags, size_t *out_len)
{
    size_t need = fc_base64_encoded_len(len, flags);
    char *out = malloc(need + 1);

    ck_assert_ptr_nonnull(out);
    ck_assert_int_eq(fc_base64_encode(out, need, out_len, len ? in : NULL, len, flags), FC_OK);
    ck_assert_uint_eq(*out_len, need);
    out[need] = '\0';
    return out;
}

/* Encode bin under flags, require exactly want, and decode want back to bin with both. */
static void check_pair(const uint8_t *bin, size_t bin_len, const char *want, unsigned flags)
{
    size_t n, got_len, pos, want_len = strlen(want);
    char *text = encode_exact(bin, bin_len, flags, &n);
    uint8_t *back = malloc(bin_len + 1);

    ck_assert_ptr_nonnull(back);
    ck_assert_str_eq(text, want);
    ck_assert_int_eq(decode_both(back, bin_len, &got_len, want, want_len, flags, &pos), FC_OK);
    ck_assert_uint_eq(got_len, bin_len);
    ck_assert_mem_eq(back, bin, bin_len);
    free(text);
    free(back);
}

/* Drop the '=' padding: the unpadded form RFC 4648 section 3.2 allows when told. */
static char *strip_pad(const char *s)
{
    size_t n = strcspn(s, "=");
    char *t = malloc(n + 1);

    ck_assert_ptr_nonnull(t);
    memcpy(t, s, n);
    t[n] = '\0';
    return t;
}

/* RFC 4648 section 10: "f", "fo", ... in both alphabets (no '+' or '/' occurs), padded and
 * unpadded. */
START_TEST(test_rfc4648_section10)
{
    const fct_json *t = &fct_json_get(fct_json_get(g_json, "section10"), "base64")->items[_i];
    size_t len, k;
    uint8_t *bin = fct_unhex(fct_json_str(t, "input"), &len);
    const char *want = fct_json_str(t, "output");
    char *nopad = strip_pad(want);

    ck_assert_uint_eq(len, strlen(fct_json_str(t, "input_ascii")));
    ck_assert_mem_eq(bin, fct_json_str(t, "input_ascii"), len);
    for (k = 0; k < NFLAGS; k++)
        check_pair(bin, len, (all_flags[k] & FC_BASE64_NOPAD) ? nopad : want, all_flags[k]);
    free(bin);
    free(nopad);
}
END_TEST

/* RFC 4648 section 9 examples: standard text under flags 0, the derived base64url text under
 * FC_BASE64_URL; where they differ, each alphabet rejects the other's character. */
START_TEST(test_rfc4648_section9)
{
    const fct_json *t = &fct_json_get(g_json, "section9")->items[_i];
    size_t len, at, got, pos;
    uint8_t *bin = fct_unhex(fct_json_str(t, "input"), &len);
    const char *std = fct_json_str(t, "base64");
    const char *url = fct_json_str(t, "base64url_derived");
    char *std_np = strip_pad(std), *url_np = strip_pad(url);
    uint8_t out[16];

    check_pair(bin, len, std, 0);
    check_pair(bin, len, url, FC_BASE64_URL);
    check_pair(bin, len, std_np, FC_BASE64_NOPAD);
    check_pair(bin, len, url_np, FC_BASE64_URL | FC_BASE64_NOPAD);
    ck_assert_uint_eq(strlen(std), strlen(url));
    at = strcspn(std, "+/");
    if (at < strlen(std)) {
        ck_assert_int_eq(decode_both(out, sizeof out, &got, std, strlen(std), FC_BASE64_URL, &pos),
                         FC_ERR_ENCODING);
        ck_assert_uint_eq(pos, at);
        ck_assert_int_eq(decode_both(out, sizeof out, &got, url, strlen(url), 0, &pos),
                         FC_ERR_ENCODING);
        ck_assert_uint_eq(pos, at);
    } else {
        ck_assert_str_eq(std, url);
    }
    free(bin);
    free(std_np);
    free(url_np);
}
END_TEST

/* Length _i, every flag combination: matches the reference encoder, length helpers agree,
 * both decoders round-trip with an exact buffer, and decoding in place works. */
START_TEST(test_round_trip)
{
    size_t len = (size_t)_i, n, got, pos, k;
    uint8_t *bin = malloc(len + 1), *back;
    char *ref = malloc(len / 3 * 4 + 5), *text;

    ck_assert_ptr_nonnull(bin);
    ck_assert_ptr_nonnull(ref);
    fct_rand_bytes(bin, len);
    for (k = 0; k < NFLAGS; k++) {
        unsigned flags = all_flags[k];
        size_t ref_len = ref_encode(ref, bin, len, flags);

        text = encode_exact(bin, len, flags, &n);
        ck_assert_uint_eq(n, ref_len);
        ck_assert_mem_eq(text, ref, n);
        if (flags & FC_BASE64_NOPAD)
            ck_assert_uint_eq(fc_base64_decoded_max(n), len);
        else
            ck_assert_uint_eq(fc_base64_decoded_max(n), (len + 2) / 3 * 3);

        back = malloc(len + 1);
        ck_assert_ptr_nonnull(back);
        ck_assert_int_eq(decode_both(back, len, &got, text, n, flags, &pos), FC_OK);
        ck_assert_uint_eq(got, len);
        ck_assert_mem_eq(back, bin, len);
        free(back);

        /* In place: out == in, both decoders. */
        ck_assert_int_eq(fc_base64_decode((uint8_t *)text, n, &got, text, n, flags, NULL), FC_OK);
        ck_assert_uint_eq(got, len);
        ck_assert_mem_eq(text, bin, len);
        memcpy(text, ref, n);
        ck_assert_int_eq(fc_base64_decode_ct((uint8_t *)text, n, &got, text, n, flags), FC_OK);
        ck_assert_uint_eq(got, len);
        ck_assert_mem_eq(text, bin, len);
        free(text);
    }
    free(bin);
    free(ref);
}
END_TEST

/* Lengths of the valid texts whose corruptions are tried: short ones (every tail shape) and
 * the 32-byte Fernet key. */
static const size_t corrupt_lens[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 32, 33, 34,
                                      39, 40};

/* Every position of a valid text replaced by each of the 256 byte values, and every
 * truncation: rejected, or (a strict decoder accepts only canonical text) decodes to other
 * bytes that re-encode to exactly the corrupted text. Both decoders agree on everything. */
START_TEST(test_corruption)
{
    size_t len = corrupt_lens[_i], n, got, pos, i, k, cut, e_len;
    uint8_t bin[48], out[48];
    char text[72], enc[72];
    unsigned v;
    fc_err err;

    fct_rand_bytes(bin, len);
    for (k = 0; k < NFLAGS; k++) {
        unsigned flags = all_flags[k];

        ck_assert_int_eq(fc_base64_encode(text, sizeof text, &n, bin, len, flags), FC_OK);
        for (i = 0; i < n; i++) {
            char orig = text[i];
            for (v = 0; v < 256; v++) {
                if ((char)v == orig)
                    continue;
                text[i] = (char)v;
                err = decode_both(out, sizeof out, &got, text, n, flags, &pos);
                if (err == FC_OK) {
                    REQUIRE(got != len || memcmp(out, bin, len) != 0,
                            "corruption at %zu by %u decodes to the same bytes", i, v);
                    REQUIRE(fc_base64_encode(enc, sizeof enc, &e_len, out, got, flags) == FC_OK &&
                                e_len == n && memcmp(enc, text, n) == 0,
                            "accepted non-canonical text (position %zu, byte %u)", i, v);
                } else {
                    REQUIRE(err == FC_ERR_ENCODING, "error %d", (int)err);
                    /* The text before i is a valid prefix: the first complaint is at i,
                     * at i - 1 (a '=' exposing a non-canonical last character) or just
                     * after a '=' put at i (what follows cannot). */
                    REQUIRE(i <= pos + 1 && pos <= i + 2, "corruption at %zu reported at %zu",
                            i, pos);
                }
            }
            text[i] = orig;
        }
        /* Truncations: only whole quanta (unpadded: any cut that leaves no lone character)
         * can be accepted, and then they are shorter. */
        for (cut = 0; cut < n; cut++) {
            err = decode_both(out, sizeof out, &got, text, cut, flags, &pos);
            if (err == FC_OK)
                REQUIRE(got < len && memcmp(out, bin, got) == 0, "truncation to %zu", cut);
            else
                REQUIRE(err == FC_ERR_ENCODING, "truncation to %zu: error %d", cut, (int)err);
        }
    }
}
END_TEST

/* Hand-reasoned error positions (see the contract in fc_base64.h). */
static const struct {
    const char *text;
    size_t len; /* 0: strlen(text) */
    unsigned flags;
    size_t pos;
    const char *why;
} bad_cases[] = {
    {"Zm9v!m9v", 0, 0, 4, "'!' is outside the alphabet"},
    {"Zm9vYmFy\n", 0, 0, 8, "trailing newline"},
    {"Zm9v Ym9v", 0, 0, 4, "space is not skipped"},
    {"Zm\0v", 4, 0, 2, "NUL byte inside the text"},
    {"Zm9v\xffm9v", 0, 0, 4, "byte 0xff"},
    {"Zm9v-m9v", 0, 0, 4, "'-' is URL-safe only"},
    {"Zm9v+m9v", 0, FC_BASE64_URL, 4, "'+' is standard only"},
    {"Zm9v_m9v", 0, 0, 4, "'_' is URL-safe only"},
    {"Zm9v/m9v", 0, FC_BASE64_URL, 4, "'/' is standard only"},
    {"=m9v", 0, 0, 0, "'=' as the first character"},
    {"Zm9v=m9v", 0, 0, 4, "'=' at the first position of a quantum"},
    {"Z===", 0, 0, 1, "'=' at the second position of a quantum"},
    {"Zm=vYg==", 0, 0, 3, "'=' in the middle: padding began at 2, 'v' cannot follow"},
    {"Zg=A", 0, 0, 3, "data after '='"},
    {"Zg==Zg==", 0, 0, 4, "text after the padded quantum"},
    {"Zg===", 0, 0, 4, "a third '='"},
    {"Zm8==", 0, 0, 4, "'=' after the complete quantum"},
    {"Zg", 0, 0, 2, "missing padding"},
    {"Zg=", 0, 0, 3, "missing second '='"},
    {"Zm9vYg", 0, 0, 6, "missing padding after a full quantum"},
    {"Zm9vY", 0, 0, 5, "length 5 has no encoding"},
    {"Zm9vY", 0, FC_BASE64_NOPAD, 5, "a lone character in the last quantum"},
    {"Z", 0, FC_BASE64_NOPAD, 1, "a lone character"},
    {"Zg==", 0, FC_BASE64_NOPAD, 2, "'=' present although NOPAD"},
    {"Zm8=", 0, FC_BASE64_NOPAD, 3, "'=' present although NOPAD"},
    {"Zh==", 0, 0, 1, "'h' (33) leaves unused bits 0001 set: not the encoding of \"f\""},
    {"Zm9=", 0, 0, 2, "'9' (61) leaves unused bits 01 set"},
    {"Zh", 0, FC_BASE64_NOPAD, 1, "unpadded, 'h' non-canonical"},
    {"Zm9", 0, FC_BASE64_NOPAD, 2, "unpadded, '9' non-canonical"},
    {"Zm9vZh==", 0, 0, 5, "non-canonical in the second quantum"},
    {"Zh=A", 0, 0, 3, "padding broken before the canonical check applies"},
};

START_TEST(test_err_pos)
{
    const char *s = bad_cases[_i].text;
    size_t n = bad_cases[_i].len ? bad_cases[_i].len : strlen(s), got, pos;
    uint8_t out[16];

    ck_assert_msg(decode_both(out, sizeof out, &got, s, n, bad_cases[_i].flags, &pos) ==
                      FC_ERR_ENCODING,
                  "accepted: %s", bad_cases[_i].why);
    ck_assert_msg(pos == bad_cases[_i].pos, "%s: err_pos %zu, expected %zu", bad_cases[_i].why,
                  pos, bad_cases[_i].pos);
    /* err_pos may be NULL. */
    ck_assert_int_eq(fc_base64_decode(out, sizeof out, &got, s, n, bad_cases[_i].flags, NULL),
                     FC_ERR_ENCODING);
}
END_TEST

/* Output one byte/char too small: FC_ERR_BUFFER, nothing written; exact size works. An
 * encoding error outranks a small buffer. */
START_TEST(test_buffer_too_small)
{
    uint8_t bin[40], out[40];
    char text[64], small[64];
    size_t len, n, got, pos, k;

    fct_rand_bytes(bin, sizeof bin);
    for (len = 1; len <= sizeof bin; len++) {
        for (k = 0; k < NFLAGS; k++) {
            unsigned flags = all_flags[k];
            ck_assert_int_eq(fc_base64_encode(text, sizeof text, &n, bin, len, flags), FC_OK);
            memset(small, SENTINEL, sizeof small);
            got = 7;
            ck_assert_int_eq(fc_base64_encode(small, n - 1, &got, bin, len, flags), FC_ERR_BUFFER);
            ck_assert_uint_eq(got, 0);
            for (size_t i = 0; i < sizeof small; i++)
                ck_assert_uint_eq((uint8_t)small[i], SENTINEL);
            ck_assert_int_eq(fc_base64_encode(small, n, &got, bin, len, flags), FC_OK);
            ck_assert_uint_eq(got, n);
            ck_assert_mem_eq(small, text, n);

            ck_assert_int_eq(decode_both(out, len - 1, &got, text, n, flags, &pos), FC_ERR_BUFFER);
            ck_assert_int_eq(decode_both(out, len, &got, text, n, flags, &pos), FC_OK);
            ck_assert_mem_eq(out, bin, len);
            ck_assert_int_eq(decode_both(out, 0, &got, text, n, flags, &pos), FC_ERR_BUFFER);
        }
    }
    ck_assert_int_eq(decode_both(out, 0, &got, "Zg=!", 4, 0, &pos), FC_ERR_ENCODING);
    ck_assert_uint_eq(pos, 3);
}
END_TEST

START_TEST(test_null_and_flags)
{
    uint8_t out[8], bin[3] = {1, 2, 3};
    char text[8];
    size_t n = 5, pos = 77;

    /* Empty input: NULL allowed on both sides, result empty. */
    ck_assert_int_eq(fc_base64_encode(NULL, 0, &n, NULL, 0, 0), FC_OK);
    ck_assert_uint_eq(n, 0);
    n = 5;
    ck_assert_int_eq(fc_base64_decode(NULL, 0, &n, NULL, 0, 0, &pos), FC_OK);
    ck_assert_uint_eq(n, 0);
    n = 5;
    ck_assert_int_eq(fc_base64_decode_ct(NULL, 0, &n, NULL, 0, FC_BASE64_NOPAD), FC_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(fc_base64_decode(out, sizeof out, &n, "", 0, 0, NULL), FC_OK);

    /* NULL with a non-zero length, or no out_len. */
    ck_assert_int_eq(fc_base64_encode(NULL, 4, &n, bin, 3, 0), FC_ERR_ARG);
    ck_assert_int_eq(fc_base64_encode(text, sizeof text, &n, NULL, 3, 0), FC_ERR_ARG);
    ck_assert_int_eq(fc_base64_encode(text, sizeof text, NULL, bin, 3, 0), FC_ERR_ARG);
    ck_assert_int_eq(fc_base64_decode(NULL, 3, &n, "AQID", 4, 0, &pos), FC_ERR_ARG);
    ck_assert_int_eq(fc_base64_decode(out, sizeof out, &n, NULL, 4, 0, &pos), FC_ERR_ARG);
    ck_assert_int_eq(fc_base64_decode(out, sizeof out, NULL, "AQID", 4, 0, &pos), FC_ERR_ARG);
    ck_assert_int_eq(fc_base64_decode_ct(NULL, 3, &n, "AQID", 4, 0), FC_ERR_ARG);
    ck_assert_int_eq(fc_base64_decode_ct(out, sizeof out, &n, NULL, 4, 0), FC_ERR_ARG);
    ck_assert_int_eq(fc_base64_decode_ct(out, sizeof out, NULL, "AQID", 4, 0), FC_ERR_ARG);
    ck_assert_uint_eq(pos, 77); /* only FC_ERR_ENCODING sets err_pos */

    /* No room needed and none given: an empty decode of a non-empty text is a size error. */
    ck_assert_int_eq(fc_base64_decode(NULL, 0, &n, "AQID", 4, 0, &pos), FC_ERR_BUFFER);
    ck_assert_int_eq(fc_base64_decode_ct(NULL, 0, &n, "AQID", 4, 0), FC_ERR_BUFFER);

    /* Unknown flag bits. */
    n = 5;
    ck_assert_int_eq(fc_base64_encode(text, sizeof text, &n, bin, 3, 8u), FC_ERR_ARG);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(fc_base64_decode(out, sizeof out, &n, "AQID", 4, 0x100u, &pos), FC_ERR_ARG);
    ck_assert_int_eq(fc_base64_decode_ct(out, sizeof out, &n, "AQID", 4, 8u), FC_ERR_ARG);

    /* And the same calls with valid arguments succeed. */
    ck_assert_int_eq(fc_base64_encode(text, sizeof text, &n, bin, 3, 0), FC_OK);
    ck_assert_int_eq(fc_base64_decode(out, sizeof out, &n, text, 4, 0, &pos), FC_OK);
    ck_assert_int_eq(fc_base64_decode_ct(out, sizeof out, &n, text, 4, 0), FC_OK);
    ck_assert_mem_eq(out, bin, 3);
}
END_TEST

START_TEST(test_length_helpers)
{
    const size_t q = SIZE_MAX / 4; /* the most quanta whose 4 * q still fits */
    size_t len, k;

    for (len = 0; len <= 1000; len++) {
        for (k = 0; k < NFLAGS; k++) {
            size_t pad = fc_base64_encoded_len(len, all_flags[k] & ~FC_BASE64_NOPAD);
            size_t raw = fc_base64_encoded_len(len, all_flags[k] | FC_BASE64_NOPAD);
            ck_assert_uint_eq(pad, (len + 2) / 3 * 4);
            ck_assert_uint_eq(raw, (len * 4 + 2) / 3);
            ck_assert_uint_eq(fc_base64_decoded_max(raw), len);
        }
    }
    for (len = 0; len < 4000; len++) {
        size_t rem = len % 4, max = fc_base64_decoded_max(len);
        ck_assert_uint_eq(max, len / 4 * 3 + (rem >= 2 ? rem - 1 : 0));
    }

    /* Exact up to the top of size_t; SIZE_MAX once the result is SIZE_MAX or more. */
    ck_assert_uint_eq(fc_base64_encoded_len(3 * q, 0), 4 * q);
    ck_assert_uint_eq(fc_base64_encoded_len(3 * q, 0), SIZE_MAX - 3);
    ck_assert_uint_eq(fc_base64_encoded_len(3 * q + 1, FC_BASE64_NOPAD), 4 * q + 2);
    ck_assert_uint_eq(fc_base64_encoded_len(3 * q + 1, 0), SIZE_MAX);
    ck_assert_uint_eq(fc_base64_encoded_len(3 * q + 2, FC_BASE64_NOPAD), SIZE_MAX);
    ck_assert_uint_eq(fc_base64_encoded_len(3 * q + 3, FC_BASE64_NOPAD), SIZE_MAX);
    ck_assert_uint_eq(fc_base64_encoded_len(3 * q + 3, 0), SIZE_MAX);
    ck_assert_uint_eq(fc_base64_encoded_len(SIZE_MAX, 0), SIZE_MAX);
    ck_assert_uint_eq(fc_base64_encoded_len(SIZE_MAX, FC_BASE64_URL | FC_BASE64_NOPAD), SIZE_MAX);
    ck_assert_uint_eq(fc_base64_decoded_max(SIZE_MAX), SIZE_MAX / 4 * 3 + 2);
    ck_assert_uint_eq(fc_base64_decoded_max(SIZE_MAX - 3), SIZE_MAX / 4 * 3);

    /* An input whose encoding cannot exist is a size error, not an overflow (nothing is
     * read: the length check comes first). */
    {
        uint8_t one = 0;
        char text[4];
        size_t n = 9;
        ck_assert_int_eq(fc_base64_encode(text, SIZE_MAX, &n, &one, SIZE_MAX, 0), FC_ERR_BUFFER);
        ck_assert_uint_eq(n, 0);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("base64");
    TCase *tv = tcase_create("vectors");
    TCase *tp = tcase_create("properties");
    size_t n10, n9;

    g_json = fct_json_load("base64/rfc4648-test-vectors.json");
    n10 = fct_json_get(fct_json_get(g_json, "section10"), "base64")->len;
    n9 = fct_json_get(g_json, "section9")->len;
    fct_count("base64 rfc4648-test-vectors.json section 10 (x4 flag sets, 2 decoders)", n10);
    fct_count("base64 rfc4648-test-vectors.json section 9 (x4 flag sets, 2 decoders)", n9);
    fct_count("base64 hand-reasoned malformed texts", sizeof bad_cases / sizeof bad_cases[0]);

    tcase_add_loop_test(tv, test_rfc4648_section10, 0, (int)n10);
    tcase_add_loop_test(tv, test_rfc4648_section9, 0, (int)n9);
    tcase_add_loop_test(tv, test_err_pos, 0, (int)(sizeof bad_cases / sizeof bad_cases[0]));
    suite_add_tcase(s, tv);

    tcase_set_timeout(tp, 300);
    tcase_add_loop_test(tp, test_round_trip, 0, 301);
    tcase_add_loop_test(tp, test_corruption, 0, (int)(sizeof corrupt_lens / sizeof corrupt_lens[0]));
    tcase_add_test(tp, test_buffer_too_small);
    tcase_add_test(tp, test_null_and_flags);
    tcase_add_test(tp, test_length_helpers);
    suite_add_tcase(s, tp);
    return fct_run(s);
}
