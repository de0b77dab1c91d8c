/*
 * fernet-c base64 fast paths for PUBLIC text (RFC 4648 sections 4 and 5): a 256-entry
 * value table, and on x86-64 AVX2 blocks of 32 characters. They branch on and index by the
 * characters, so they never see keys: fc_base64_decode_ct and the default encoder do.
 */
#include "base64_fast.h"

#ifdef FC_BASE64_FAST

/* Table entry for character c: its 6-bit value, or 0x80 when c is outside the alphabet whose
 * values 62 and 63 are c62 and c63 (section 4 table 1, section 5 table 2). The tables are
 * derived from this definition by the preprocessor, not typed out. */
#define B64_V(c, c62, c63)                                                                  \
    (uint8_t)((c) >= 'A' && (c) <= 'Z'   ? (c) - 'A'                                                 \
     : (c) >= 'a' && (c) <= 'z' ? (c) - 'a' + 26                                            \
     : (c) >= '0' && (c) <= '9' ? (c) - '0' + 52                                            \
     : (c) == (c62)             ? 62                                                        \
     : (c) == (c63)             ? 63                                                        \
                                : 0x80)
/* The cast keeps clang from weighing the branches not taken (e.g. 255 - '0' + 52). */
#define B64_R4(c, a, b) B64_V(c, a, b), B64_V((c) + 1, a, b), B64_V((c) + 2, a, b), B64_V((c) + 3, a, b)
#define B64_R16(c, a, b) B64_R4(c, a, b), B64_R4((c) + 4, a, b), B64_R4((c) + 8, a, b), B64_R4((c) + 12, a, b)
#define B64_R64(c, a, b) B64_R16(c, a, b), B64_R16((c) + 16, a, b), B64_R16((c) + 32, a, b), B64_R16((c) + 48, a, b)
#define B64_R256(a, b) B64_R64(0, a, b), B64_R64(64, a, b), B64_R64(128, a, b), B64_R64(192, a, b)

static const uint8_t base64_std_values[256] = {B64_R256('+', '/')};
static const uint8_t base64_url_values[256] = {B64_R256('-', '_')};

static const char base64_std_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char base64_url_chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t fc_base64_fast_scan(const char *in, size_t n, int url)
{
    const uint8_t *t = url ? base64_url_values : base64_std_values;
    size_t i = 0;

#ifdef FC_BASE64_AVX2
    if (fc_base64_have_avx2())
        i = fc_base64_avx2_scan(in, n, url);
#endif
    for (; i < n; i++)
        if (t[(uint8_t)in[i]] & 0x80u)
            break;
    return i;
}

void fc_base64_fast_decode(uint8_t *out, const char *in, size_t nq, int url)
{
    const uint8_t *t = url ? base64_url_values : base64_std_values;
    uint32_t w;
    size_t j = 0;

#ifdef FC_BASE64_AVX2
    if (fc_base64_have_avx2())
        j = 8 * fc_base64_avx2_decode(out, in, nq / 8, url);
#endif
    /* Section 4: four 6-bit values, most significant first, make three bytes. */
    for (; j < nq; j++) {
        const uint8_t *q = (const uint8_t *)in + 4 * j;
        w = (uint32_t)t[q[0]] << 18 | (uint32_t)t[q[1]] << 12 | (uint32_t)t[q[2]] << 6 | t[q[3]];
        out[3 * j] = (uint8_t)(w >> 16);
        out[3 * j + 1] = (uint8_t)(w >> 8);
        out[3 * j + 2] = (uint8_t)w;
    }
}

void fc_base64_fast_encode(char *out, const uint8_t *in, size_t ng, int url)
{
    const char *a = url ? base64_url_chars : base64_std_chars;
    uint32_t w;
    size_t j = 0;

#ifdef FC_BASE64_AVX2
    if (fc_base64_have_avx2())
        j = 8 * fc_base64_avx2_encode(out, in, ng / 8, url);
#endif
    for (; j < ng; j++) {
        w = (uint32_t)in[3 * j] << 16 | (uint32_t)in[3 * j + 1] << 8 | in[3 * j + 2];
        out[4 * j] = a[w >> 18];
        out[4 * j + 1] = a[(w >> 12) & 63u];
        out[4 * j + 2] = a[(w >> 6) & 63u];
        out[4 * j + 3] = a[w & 63u];
    }
}

#else
/* ISO C forbids an empty translation unit. */
typedef int fc_base64_fast_unused;
#endif /* FC_BASE64_FAST */
