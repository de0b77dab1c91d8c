/*
 * fernet-c base64: RFC 4648 section 4 (standard alphabet) and section 5 (URL-safe alphabet).
 * Characters are computed from 6-bit values with masks (and back), never looked up in a
 * table, so encoding and the constant-time decoder leak nothing through the cache.
 * fc_base64_decode and encoding with FC_BASE64_PUBLIC, which are for public text only, use
 * the table and SIMD paths of base64_fast.c where the build has them.
 */
#include "base64_fast.h"
#include "fc_base64.h"
#include "fc_internal.h"

#define BASE64_KNOWN_FLAGS (FC_BASE64_URL | FC_BASE64_NOPAD | FC_BASE64_PUBLIC)

/*
 * Two forms, same results, same ABI. Speed (default): whole 3-byte groups and 4-character
 * quanta, then the tail. Size (FC_SMALL, fc_internal.h: -Os, firmware; or -DFC_BASE64_SMALL:
 * the builds without base64_fast.h's paths): the encoder, the decoder body and the constant-time check are each
 * one loop that moves 6 bits per character through a bit buffer. Code only.
 */
#ifdef FC_BASE64_FAST
#define BASE64_SMALL 0
#else
#define BASE64_SMALL 1
#endif

/*
 * Hide a mask's value from the optimiser. Without it, clang -O2 sees that a mask is 0 or
 * all-ones, turns `mask & x` back into a select and emits it as a branch on the character
 * (the ct gate caught exactly that).
 */
static uint32_t base64_barrier(uint32_t mask)
{
#if defined(__GNUC__) || defined(__clang__)
    __asm__("" : "+r"(mask));
#endif
    return mask;
}

/* All-ones when a >= b, else 0. Requires a, b < 2^31 (here: byte and 6-bit values). */
static uint32_t base64_ge(uint32_t a, uint32_t b)
{
    return base64_barrier(0u - ((b - a - 1u) >> 31));
}

/* All-ones when a == b, else 0. Requires a ^ b < 2^31. */
static uint32_t base64_eq(uint32_t a, uint32_t b)
{
    return base64_barrier(0u - (((a ^ b) - 1u) >> 31));
}

/* All-ones when x != 0, else 0. Requires x <= 2^31. */
static uint32_t base64_nz(uint32_t x)
{
    return base64_barrier(0u - ((0u - x) >> 31));
}

/* RFC 4648 table 1 (section 4) / table 2 (section 5): only values 62 and 63 differ. */
static uint32_t base64_c62(unsigned flags)
{
    return (flags & FC_BASE64_URL) ? '-' : '+';
}

static uint32_t base64_c63(unsigned flags)
{
    return (flags & FC_BASE64_URL) ? '_' : '/';
}

/* 6-bit value v -> its character: 'A'..'Z', 'a'..'z', '0'..'9', then c62, c63. */
static char base64_enc_char(uint32_t v, uint32_t c62, uint32_t c63)
{
    uint32_t c = v + 'A';

    c += base64_ge(v, 26) & ('a' - 'A' - 26);
    c -= base64_ge(v, 52) & ('a' - 26 - ('0' - 52));
    /* Here c is v - 4 for v >= 52; 62 -> 58 and 63 -> 59 must move to c62 and c63. */
    c += base64_eq(v, 62) & (c62 - 58u);
    c += base64_eq(v, 63) & (c63 - 59u);
    return (char)(c & 0x7f);
}

/* Character c (0..255) -> its 6-bit value; *valid is all-ones if c is in the alphabet,
 * else 0 (and the value is 0). '=' is not in the alphabet. */
static uint32_t base64_dec_char(uint32_t c, uint32_t c62, uint32_t c63, uint32_t *valid)
{
    uint32_t upper = base64_ge(c, 'A') & base64_ge('Z', c);
    uint32_t lower = base64_ge(c, 'a') & base64_ge('z', c);
    uint32_t digit = base64_ge(c, '0') & base64_ge('9', c);
    uint32_t s62 = base64_eq(c, c62);
    uint32_t s63 = base64_eq(c, c63);

    *valid = upper | lower | digit | s62 | s63;
    return (upper & (c - 'A')) | (lower & (c - 'a' + 26)) | (digit & (c - '0' + 52)) |
           (s62 & 62u) | (s63 & 63u);
}

static uint32_t base64_value(char ch, uint32_t c62, uint32_t c63)
{
    uint32_t valid;

    return base64_dec_char((uint8_t)ch, c62, c63, &valid);
}

size_t fc_base64_encoded_len(size_t len, unsigned flags)
{
    size_t quanta = fc_div3(len), rem = len - 3 * quanta, tail;

    /* Section 4: each 24-bit group gives 4 characters; a final 8 or 16 bits give 2 or 3
     * characters, plus "==" or "=" unless padding is omitted (section 3.2). */
    if (quanta > SIZE_MAX / 4)
        return SIZE_MAX;
    tail = rem == 0 ? 0 : (flags & FC_BASE64_NOPAD) ? rem + 1 : 4;
    if (SIZE_MAX - 4 * quanta <= tail)
        return SIZE_MAX;
    return 4 * quanta + tail;
}

size_t fc_base64_decoded_max(size_t text_len)
{
    size_t rem = text_len % 4;

    /* A single character in the last quantum carries no whole byte. */
    return 3 * (text_len / 4) + (rem >= 2 ? rem - 1 : 0);
}

#if BASE64_SMALL
size_t fc_base64_put(char *out, const uint8_t *in, size_t in_len, unsigned flags)
{
    uint32_t c62 = base64_c62(flags), c63 = base64_c63(flags), w = 0, bits = 0;
    size_t o = 0;

    /* Section 4: the input's bits, most significant first, 6 per character; the final 2 or
     * 4 bits zero-filled to a whole character (cases (2) and (3)). Branches on counts only. */
    for (;;) {
        if (bits < 6) {
            if (in_len > 0) {
                w = w << 8 | *in++;
                in_len--;
                bits += 8;
                continue;
            }
            if (bits == 0)
                break;
            w <<= 6 - bits;
            bits = 6;
        }
        bits -= 6;
        out[o++] = base64_enc_char((w >> bits) & 63u, c62, c63);
    }
    while (!(flags & FC_BASE64_NOPAD) && (o & 3u) != 0)
        out[o++] = '=';
    return o;
}
#endif

fc_err fc_base64_encode(char *out, size_t out_cap, size_t *out_len,
                        const uint8_t *in, size_t in_len, unsigned flags)
{
#if !BASE64_SMALL
    uint32_t c62 = base64_c62(flags), c63 = base64_c63(flags), w;
    size_t i = 0, o = 0;
#endif
    size_t need;

    if (out_len == NULL)
        return FC_ERR_ARG;
    *out_len = 0;
    if (FC_BAD_BUF(out, out_cap) || FC_BAD_BUF(in, in_len) || (flags & ~BASE64_KNOWN_FLAGS))
        return FC_ERR_ARG;
    need = fc_base64_encoded_len(in_len, flags);
    if (need == SIZE_MAX || need > out_cap)
        return FC_ERR_BUFFER;
#if BASE64_SMALL
    *out_len = fc_base64_put(out, in, in_len, flags);
#else
#ifdef FC_BASE64_FAST
    if (flags & FC_BASE64_PUBLIC) {
        fc_base64_fast_encode(out, in, in_len / 3, (flags & FC_BASE64_URL) != 0);
        i = in_len / 3 * 3;
        o = in_len / 3 * 4;
    }
#endif
    /* Section 4: 24-bit groups, most significant 6 bits first. */
    for (; in_len - i >= 3; i += 3, o += 4) {
        w = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | (uint32_t)in[i + 2];
        out[o] = base64_enc_char(w >> 18, c62, c63);
        out[o + 1] = base64_enc_char((w >> 12) & 63u, c62, c63);
        out[o + 2] = base64_enc_char((w >> 6) & 63u, c62, c63);
        out[o + 3] = base64_enc_char(w & 63u, c62, c63);
    }
    /* Section 4 cases (2) and (3): the final 8 or 16 bits, zero-filled to whole characters. */
    if (in_len - i != 0) {
        w = (uint32_t)in[i] << 16;
        if (in_len - i == 2)
            w |= (uint32_t)in[i + 1] << 8;
        out[o++] = base64_enc_char(w >> 18, c62, c63);
        out[o++] = base64_enc_char((w >> 12) & 63u, c62, c63);
        if (in_len - i == 2)
            out[o++] = base64_enc_char((w >> 6) & 63u, c62, c63);
        while (!(flags & FC_BASE64_NOPAD) && (o & 3u) != 0)
            out[o++] = '=';
    }
    *out_len = o;
#endif
    return FC_OK;
}

#if BASE64_SMALL
/*
 * The size form's constant-time decoder: the acceptance rules of base64_check as one error
 * mask, and the decoding, in one pass over the text as whole quanta. In unpadded text the
 * characters missing from the last quantum count as '='. eq is all-ones at a '=' (only the
 * last two positions may hold one), seen once one has been read: only '=' may follow. w
 * keeps the last 24 bits (a '=' adds zeros), unused the bits under the padding, which must
 * be zero (section 3.5: 16 for "xy==", 8 for "xyz="). Character j = 1..3 of a quantum
 * completes byte j - 1, the bits 6 - 2j up from the bottom of w. Branches on counts only.
 */
uint32_t fc_base64_ct_run(uint8_t *out, size_t len, const char *in, size_t n, unsigned flags,
                          uint32_t *pad)
{
    uint32_t c62 = base64_c62(flags), c63 = base64_c63(flags);
    uint32_t bad = 0, seen = 0, unused = 0, w = 0, npad = 0, valid, v, eq;
    size_t i, o = 0, end = n + (0u - n) % 4;

    for (i = 0; i < end; i++) {
        v = 0;
        valid = 0;
        eq = ~0u;
        if (i < n) {
            v = base64_dec_char((uint8_t)in[i], c62, c63, &valid);
            eq = (flags & FC_BASE64_NOPAD) || i + 2 < end ? 0 : base64_eq((uint8_t)in[i], '=');
            npad += eq & 1u;
        }
        bad |= ~(valid | eq) | (seen & ~eq);
        seen |= eq;
        w = w << 6 | v;
        unused = (unused << 8 | (eq & 0xffu)) & 0xffffu;
        if (out != NULL && (i & 3u) != 0 && o < len)
            out[o++] = (uint8_t)(w >> (6 - 2 * (i & 3u)));
    }
    *pad = npad;
    return bad | base64_nz(w & unused);
}
#else
/* Write the out_len bytes of an already validated text (in place allowed: each quantum is
 * read whole before its bytes are stored, and the write position never passes the read
 * position). No branch or index depends on the characters. */
static void base64_decode_body(uint8_t *out, size_t out_len, const char *in,
                               uint32_t c62, uint32_t c63)
{
    size_t full = fc_div3(out_len), rem = out_len - 3 * full, j;
    uint32_t w;

    for (j = 0; j < full; j++) {
        const char *q = in + 4 * j;
        w = base64_value(q[0], c62, c63) << 18 | base64_value(q[1], c62, c63) << 12 |
            base64_value(q[2], c62, c63) << 6 | base64_value(q[3], c62, c63);
        out[3 * j] = (uint8_t)(w >> 16);
        out[3 * j + 1] = (uint8_t)(w >> 8);
        out[3 * j + 2] = (uint8_t)w;
    }
    if (rem != 0) {
        const char *q = in + 4 * full;
        w = base64_value(q[0], c62, c63) << 18 | base64_value(q[1], c62, c63) << 12;
        if (rem == 2)
            w |= base64_value(q[2], c62, c63) << 6;
        out[3 * full] = (uint8_t)(w >> 16);
        if (rem == 2)
            out[3 * full + 1] = (uint8_t)(w >> 8);
    }
}
#endif

static fc_err base64_check_args(const uint8_t *out, size_t out_cap, size_t *out_len,
                                const char *in, size_t in_len, unsigned flags)
{
    if (out_len == NULL)
        return FC_ERR_ARG;
    *out_len = 0;
    if (FC_BAD_BUF(out, out_cap) || FC_BAD_BUF(in, in_len) || (flags & ~BASE64_KNOWN_FLAGS))
        return FC_ERR_ARG;
    return FC_OK;
}

/*
 * Strict syntax check, read left to right (section 3.2 padding, section 3.5 canonical
 * encoding). On success *len is the decoded length; on failure *pos is the first
 * offending offset.
 */
static fc_err base64_check(const char *in, size_t n, unsigned flags, size_t *len, size_t *pos)
{
    uint32_t c62 = base64_c62(flags), c63 = base64_c63(flags), valid;
    size_t i, data, rem, end;

#ifdef FC_BASE64_FAST
    i = fc_base64_fast_scan(in, n, (flags & FC_BASE64_URL) != 0);
    if (i < n && in[i] != '=') {
        *pos = i;
        return FC_ERR_ENCODING;
    }
    (void)valid;
#else
    for (i = 0; i < n && in[i] != '='; i++) {
        (void)base64_dec_char((uint8_t)in[i], c62, c63, &valid);
        if (!valid) {
            *pos = i;
            return FC_ERR_ENCODING;
        }
    }
#endif
    data = i;
    rem = data % 4;
    if (data < n) {
        /* Padding may start only at the third or fourth character of a quantum... */
        if ((flags & FC_BASE64_NOPAD) || rem < 2) {
            *pos = data;
            return FC_ERR_ENCODING;
        }
        /* ...and must fill that quantum and end the text. */
        end = data + 4 - rem;
        for (i = data + 1; i < n && i < end; i++) {
            if (in[i] != '=') {
                *pos = i;
                return FC_ERR_ENCODING;
            }
        }
        if (n != end) {
            *pos = n < end ? n : end;
            return FC_ERR_ENCODING;
        }
    } else if (rem == 1 || (rem != 0 && !(flags & FC_BASE64_NOPAD))) {
        *pos = n;
        return FC_ERR_ENCODING;
    }
    /* Section 3.5: the bits of the last character beyond the last whole byte are zero. */
    if (rem != 0 && (base64_value(in[data - 1], c62, c63) & (rem == 2 ? 15u : 3u)) != 0) {
        *pos = data - 1;
        return FC_ERR_ENCODING;
    }
    *len = 3 * (data / 4) + (rem != 0 ? rem - 1 : 0);
    return FC_OK;
}

fc_err fc_base64_decode(uint8_t *out, size_t out_cap, size_t *out_len,
                        const char *in, size_t in_len, unsigned flags, size_t *err_pos)
{
    size_t len = 0, pos = 0;
#if BASE64_SMALL
    uint32_t pad;
#endif
    fc_err err = base64_check_args(out, out_cap, out_len, in, in_len, flags);

    if (err != FC_OK)
        return err;
    if (base64_check(in, in_len, flags, &len, &pos) != FC_OK) {
        if (err_pos != NULL)
            *err_pos = pos;
        return FC_ERR_ENCODING;
    }
    if (len > out_cap)
        return FC_ERR_BUFFER;
    if (len == 0)
        return FC_OK; /* out may be NULL: no pointer arithmetic on it */
#ifdef FC_BASE64_FAST
    if (len == 0) { /* out may be NULL: no pointer arithmetic on it (C99 6.5.6) */
        *out_len = 0;
        return FC_OK;
    }
    fc_base64_fast_decode(out, in, len / 3, (flags & FC_BASE64_URL) != 0);
    base64_decode_body(out + len / 3 * 3, len % 3, in + len / 3 * 4, base64_c62(flags),
                       base64_c63(flags));
#else
    (void)fc_base64_ct_run(out, len, in, in_len, flags, &pad); /* pad: checked already */
#endif
    *out_len = len;
    return FC_OK;
}

#if !BASE64_SMALL
/*
 * The same acceptance rules as base64_check, as one error mask: every character is
 * decoded arithmetically and the length (public) alone decides which rule applies where.
 * *pad gets the number of '=' (meaningful only when the mask is 0).
 */
static uint32_t base64_ct_check(const char *in, size_t n, unsigned flags, uint32_t *pad)
{
    uint32_t c62 = base64_c62(flags), c63 = base64_c63(flags);
    uint32_t bad = 0, valid, va, vb, ea, eb, x, y;
    size_t i, rem = n % 4, data = n;

    *pad = 0;
    if (!(flags & FC_BASE64_NOPAD) && n != 0)
        data = n - 2; /* the last two characters may be '=' */
    for (i = 0; i < data; i++) {
        (void)base64_dec_char((uint8_t)in[i], c62, c63, &valid);
        bad |= ~valid;
    }
    if (data != n) {
        /* Section 3.2: "xy==" or "xyz=" or four data characters. */
        x = base64_value(in[n - 3], c62, c63);
        y = base64_dec_char((uint8_t)in[n - 2], c62, c63, &va);
        (void)base64_dec_char((uint8_t)in[n - 1], c62, c63, &vb);
        ea = base64_eq((uint8_t)in[n - 2], '=');
        eb = base64_eq((uint8_t)in[n - 1], '=');
        bad |= ~(va | ea) | ~(vb | eb) | (ea & ~eb);
        /* Section 3.5: zero unused bits in the last data character. */
        bad |= eb & ~ea & base64_nz(y & 3u);
        bad |= ea & eb & base64_nz(x & 15u);
        *pad = (ea & 1u) + (eb & 1u);
    } else if (rem != 0) {
        bad |= base64_nz(base64_value(in[n - 1], c62, c63) & (rem == 2 ? 15u : 3u));
    }
    return bad;
}
#endif

fc_err fc_base64_decode_ct(uint8_t *out, size_t out_cap, size_t *out_len,
                           const char *in, size_t in_len, unsigned flags)
{
    uint32_t bad, pad;
    size_t len;
    fc_err err = base64_check_args(out, out_cap, out_len, in, in_len, flags);

    if (err != FC_OK)
        return err;
    /* Lengths no encoding has (public: depends on in_len only). */
    if (in_len % 4 == 1 || (!(flags & FC_BASE64_NOPAD) && in_len % 4 != 0))
        return FC_ERR_ENCODING;
#if BASE64_SMALL
    bad = fc_base64_ct_run(NULL, 0, in, in_len, flags, &pad);
#else
    bad = base64_ct_check(in, in_len, flags, &pad);
#endif
    /* The one branch on the characters: the verdict, then the accepted text's length
     * (which the caller learns through *out_len anyway). */
    FC_DECLASSIFY(&bad, sizeof bad);
    if (bad != 0)
        return FC_ERR_ENCODING;
    FC_DECLASSIFY(&pad, sizeof pad);
    len = fc_base64_decoded_max(in_len) - pad;
    if (len > out_cap)
        return FC_ERR_BUFFER;
#if BASE64_SMALL
    (void)fc_base64_ct_run(out, len, in, in_len, flags, &pad); /* the same text: accepted */
#else
    base64_decode_body(out, len, in, base64_c62(flags), base64_c63(flags));
#endif
    *out_len = len;
    return FC_OK;
}
