/*
 * Constant-time gate for base64/: fc_base64_encode and fc_base64_decode_ct run on bytes and
 * texts that valgrind is told are undefined (secret). Any branch or memory index that
 * depends on them is a valgrind error; the only allowed exits are the decoder's declassified
 * verdict and decoded length. Every result is also checked against a public computation.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fc_base64.h"

#define CT_NAME "ct_base64"
#include "ct.h"

#define CT_MAX_BYTES 130
#define CT_MAX_TEXT 180

static const unsigned ct_flags[4] = {0, FC_BASE64_URL, FC_BASE64_NOPAD,
                                     FC_BASE64_URL | FC_BASE64_NOPAD};
/* Encode a secret, then decode the secret text with the constant-time decoder. */
static void ct_round_trip(size_t len, unsigned flags)
{
    uint8_t ref[CT_MAX_BYTES], secret[CT_MAX_BYTES], back[CT_MAX_BYTES];
    char text[CT_MAX_TEXT], want[CT_MAX_TEXT];
    size_t n = 0, want_n = 0, got = 0;
    fc_err err;

    ct_random(ref, len);
    memcpy(secret, ref, len);
    /* The public reference text, computed before anything is marked. */
    err = fc_base64_encode(want, sizeof want, &want_n, ref, len, flags);
    CT_EXPECT(err == FC_OK, "reference encode of %zu bytes failed", len);

    VALGRIND_MAKE_MEM_UNDEFINED(secret, len);
    err = fc_base64_encode(text, sizeof text, &n, secret, len, flags);
    CT_EXPECT(err == FC_OK && n == want_n, "encode of %zu secret bytes (flags %u)", len, flags);

    VALGRIND_MAKE_MEM_UNDEFINED(text, n);
    memset(back, 0, sizeof back);
    err = fc_base64_decode_ct(back, sizeof back, &got, text, n, flags);
    CT_EXPECT(err == FC_OK && got == len, "decode_ct of %zu secret chars (flags %u)", n, flags);

    VALGRIND_MAKE_MEM_DEFINED(text, n);
    VALGRIND_MAKE_MEM_DEFINED(back, sizeof back);
    CT_EXPECT(memcmp(text, want, n) == 0, "secret text differs from the reference (len %zu)", len);
    CT_EXPECT(memcmp(back, ref, len) == 0, "decoded secret differs (len %zu, flags %u)", len, flags);
}

/* Malformed secret texts: rejected through the declassified verdict only. */
static void ct_rejects(size_t len, unsigned flags)
{
    uint8_t ref[CT_MAX_BYTES], back[CT_MAX_BYTES];
    char text[CT_MAX_TEXT];
    size_t n = 0, got = 0, data, pos;
    fc_err err;
    static const char foreign[] = "!\n \x80*~";

    ct_random(ref, len);
    if (fc_base64_encode(text, sizeof text, &n, ref, len, flags) != FC_OK || n == 0)
        return;
    data = n;
    while (data > 0 && text[data - 1] == '=')
        data--;
    /* A foreign character (and '=' in a data position) anywhere among the data. */
    for (pos = 0; pos < data; pos += 1 + data / 5) {
        char keep = text[pos];
        text[pos] = foreign[pos % (sizeof foreign - 1)];
        VALGRIND_MAKE_MEM_UNDEFINED(text, n);
        err = fc_base64_decode_ct(back, sizeof back, &got, text, n, flags);
        CT_EXPECT(err == FC_ERR_ENCODING && got == 0, "foreign char at %zu accepted", pos);
        VALGRIND_MAKE_MEM_DEFINED(text, n);
        text[pos] = keep;
    }
    /* Non-zero unused bits in the last data character (when there are unused bits). */
    if (len % 3 != 0) {
        char keep = text[data - 1];
        text[data - 1] = 'B'; /* value 1: its lowest bit is always an unused one here */
        VALGRIND_MAKE_MEM_UNDEFINED(text, n);
        err = fc_base64_decode_ct(back, sizeof back, &got, text, n, flags);
        CT_EXPECT(err == FC_ERR_ENCODING, "non-canonical last character accepted (len %zu)", len);
        VALGRIND_MAKE_MEM_DEFINED(text, n);
        text[data - 1] = keep;
    }
}

int main(void)
{
    size_t len, k;

    for (k = 0; k < 4; k++) {
        for (len = 0; len <= 100; len++) {
            ct_round_trip(len, ct_flags[k]);
            ct_rejects(len, ct_flags[k]);
        }
        ct_round_trip(128, ct_flags[k]);
    }
    /* Fernet keys: 32 bytes as 44 padded base64url characters, many different keys. */
    for (k = 0; k < 200; k++)
        ct_round_trip(32, FC_BASE64_URL);

    return ct_done();
}
