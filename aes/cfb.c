/*
 * fernet-c AES-CFB (NIST SP 800-38A 6.3) with 128-bit and 8-bit segments, streaming.
 * Encryption is serial; decryption knows every cipher input in advance, so it runs four
 * block encryptions per core call. Hardware backends and the 64-bit portable core
 * (aes_backend.h) take whole CFB128 segments and every CFB8 byte in their own loops;
 * partial segments stay here.
 */
#include "fernetc_libc.h"

#include "aes_backend.h"
#include "fc_internal.h"

#define CFB_PAR 4

/*
 * State: pos == 0 means reg is the next cipher input (the IV or the last ciphertext
 * segment). For CFB128, 0 < pos < 16 means reg[0..pos) are this segment's ciphertext bytes
 * and reg[pos..16) the rest of its keystream. CFB8 always keeps pos == 0.
 */
void fc_aes_cfb_init(fc_aes_cfb_ctx *st, const uint8_t iv[FC_AES_BLOCK_SIZE])
{
    memcpy(st->reg, iv, FC_AES_BLOCK_SIZE);
    st->pos = 0;
}

static int cfb_bad_args(const fc_aes_ctx *ctx, const fc_aes_cfb_ctx *st, const uint8_t *out,
                        const uint8_t *in, size_t len)
{
    return ctx == NULL || st == NULL || FC_BAD_BUF(out, len) || FC_BAD_BUF(in, len)
           || st->pos >= FC_AES_BLOCK_SIZE;
}

/* Which mode a hardware loop runs. */
enum { CFB128_ENC, CFB128_DEC, CFB8_ENC, CFB8_DEC };

/*
 * The hardware backend's loop, if this context has one: n whole segments for CFB128 (the
 * register must be at a segment boundary), n bytes for CFB8. Returns 0 for the portable
 * core, which the callers then run themselves.
 */
static int cfb_hw(const fc_aes_ctx *ctx, uint8_t reg[FC_AES_BLOCK_SIZE], uint8_t *out,
                  const uint8_t *in, size_t n, int mode)
{
    if (n == 0) /* nothing to run (and out/in may be NULL) */
        return (FC_AES_HAVE_HW && ctx->backend != FC_AES_BACKEND_CT) || FC_AES_CT64;
    switch (ctx->backend) {
#if FC_AES_CT64
    case FC_AES_BACKEND_CT:
        switch (mode) {
        case CFB128_ENC: fc_aes_ct_cfb128_encrypt(ctx, reg, out, in, n); break;
        case CFB128_DEC: fc_aes_ct_cfb128_decrypt(ctx, reg, out, in, n); break;
        case CFB8_ENC:   fc_aes_ct_cfb8_encrypt(ctx, reg, out, in, n); break;
        default:         fc_aes_ct_cfb8_decrypt(ctx, reg, out, in, n); break;
        }
        return 1;
#endif
#ifdef FC_HAVE_AESNI
    case FC_AES_BACKEND_AESNI:
    case FC_AES_BACKEND_VAES256:
    case FC_AES_BACKEND_VAES512:
        switch (mode) {
        case CFB128_ENC: fc_aes_ni_cfb128_encrypt(ctx, reg, out, in, n); break;
        case CFB128_DEC: fc_aes_ni_cfb128_decrypt(ctx, reg, out, in, n); break;
        case CFB8_ENC:   fc_aes_ni_cfb8_encrypt(ctx, reg, out, in, n); break;
        default:         fc_aes_ni_cfb8_decrypt(ctx, reg, out, in, n); break;
        }
        return 1;
#endif
#ifdef FC_HAVE_ARMV8_AES
    case FC_AES_BACKEND_ARMV8:
        switch (mode) {
        case CFB128_ENC: fc_aes_arm_cfb128_encrypt(ctx, reg, out, in, n); break;
        case CFB128_DEC: fc_aes_arm_cfb128_decrypt(ctx, reg, out, in, n); break;
        case CFB8_ENC:   fc_aes_arm_cfb8_encrypt(ctx, reg, out, in, n); break;
        default:         fc_aes_arm_cfb8_decrypt(ctx, reg, out, in, n); break;
        }
        return 1;
#endif
    default:
        (void)reg, (void)out, (void)in, (void)n, (void)mode;
        return 0;
    }
}

/* CFB128 on a hardware backend: finish the open segment byte by byte, run the whole
 * segments in the backend, then start the last partial one. */
static int cfb128_hw(const fc_aes_ctx *ctx, fc_aes_cfb_ctx *st, uint8_t *out,
                     const uint8_t *in, size_t len, int dec)
{
    size_t n;
    uint8_t c;

    if (!cfb_hw(ctx, st->reg, out, in, 0, dec ? CFB128_DEC : CFB128_ENC))
        return 0;
    for (;;) {
        if (st->pos == 0 && len >= FC_AES_BLOCK_SIZE) {
            n = len / FC_AES_BLOCK_SIZE;
            (void)cfb_hw(ctx, st->reg, out, in, n, dec ? CFB128_DEC : CFB128_ENC);
            n *= FC_AES_BLOCK_SIZE;
            in += n;
            out += n;
            len -= n;
        }
        if (len == 0)
            return 1;
        if (st->pos == 0)
            fc_aes_encrypt_blocks(ctx, st->reg, st->reg, 1);
        c = *in++;
        *out = (uint8_t)(c ^ st->reg[st->pos]);
        st->reg[st->pos] = dec ? c : *out;
        out++;
        st->pos = (st->pos + 1) % FC_AES_BLOCK_SIZE;
        len--;
    }
}

/* SP 800-38A 6.3, s = 128: C_j = P_j xor CIPH_K(C_{j-1}), C_0 = IV. */
fc_err fc_aes_cfb128_encrypt(const fc_aes_ctx *ctx, fc_aes_cfb_ctx *st,
                             uint8_t *out, const uint8_t *in, size_t len)
{
    size_t i;

    if (cfb_bad_args(ctx, st, out, in, len))
        return FC_ERR_ARG;
    if (cfb128_hw(ctx, st, out, in, len, 0))
        return FC_OK;
    for (i = 0; i < len; i++) {
        if (st->pos == 0)
            fc_aes_encrypt_blocks(ctx, st->reg, st->reg, 1);
        out[i] = (uint8_t)(in[i] ^ st->reg[st->pos]);
        st->reg[st->pos] = out[i];
        st->pos = (st->pos + 1) % FC_AES_BLOCK_SIZE;
    }
    return FC_OK;
}

fc_err fc_aes_cfb128_decrypt(const fc_aes_ctx *ctx, fc_aes_cfb_ctx *st,
                             uint8_t *out, const uint8_t *in, size_t len)
{
    /* x: the cipher inputs of up to four whole segments, then their keystream */
    uint8_t x[CFB_PAR * FC_AES_BLOCK_SIZE];
    uint8_t c;
    size_t n, i;

    if (cfb_bad_args(ctx, st, out, in, len))
        return FC_ERR_ARG;
    if (cfb128_hw(ctx, st, out, in, len, 1))
        return FC_OK;
    while (len > 0) {
        if (st->pos == 0 && len >= FC_AES_BLOCK_SIZE) {
            /* Whole segments: inputs are the register and the ciphertext before each. */
            n = len < sizeof x ? len - len % FC_AES_BLOCK_SIZE : sizeof x;
            memcpy(x, st->reg, FC_AES_BLOCK_SIZE);
            memcpy(x + FC_AES_BLOCK_SIZE, in, n - FC_AES_BLOCK_SIZE);
            memcpy(st->reg, in + n - FC_AES_BLOCK_SIZE, FC_AES_BLOCK_SIZE);
            fc_aes_encrypt_blocks(ctx, x, x, n / FC_AES_BLOCK_SIZE);
            for (i = 0; i < n; i++)
                out[i] = (uint8_t)(in[i] ^ x[i]);
            in += n;
            out += n;
            len -= n;
            continue;
        }
        if (st->pos == 0)
            fc_aes_encrypt_blocks(ctx, st->reg, st->reg, 1);
        c = *in++;
        *out++ = (uint8_t)(c ^ st->reg[st->pos]);
        st->reg[st->pos] = c;
        st->pos = (st->pos + 1) % FC_AES_BLOCK_SIZE;
        len--;
    }
    fc_wipe(x, sizeof x);
    return FC_OK;
}

/* SP 800-38A 6.3, s = 8: C_j = P_j xor MSB_8(CIPH_K(I_j)), I_{j+1} = LSB_120(I_j) | C_j. */
fc_err fc_aes_cfb8_encrypt(const fc_aes_ctx *ctx, fc_aes_cfb_ctx *st,
                           uint8_t *out, const uint8_t *in, size_t len)
{
    uint8_t o[FC_AES_BLOCK_SIZE];
    size_t i;

    if (cfb_bad_args(ctx, st, out, in, len))
        return FC_ERR_ARG;
    if (cfb_hw(ctx, st->reg, out, in, len, CFB8_ENC))
        return FC_OK;
    for (i = 0; i < len; i++) {
        fc_aes_encrypt_blocks(ctx, o, st->reg, 1);
        out[i] = (uint8_t)(in[i] ^ o[0]);
        /* Shift the register through o (free once o[0] is used): memcpy, no memmove. */
        memcpy(o, st->reg + 1, FC_AES_BLOCK_SIZE - 1);
        o[FC_AES_BLOCK_SIZE - 1] = out[i];
        memcpy(st->reg, o, FC_AES_BLOCK_SIZE);
    }
    fc_wipe(o, sizeof o);
    return FC_OK;
}

fc_err fc_aes_cfb8_decrypt(const fc_aes_ctx *ctx, fc_aes_cfb_ctx *st,
                           uint8_t *out, const uint8_t *in, size_t len)
{
    /* w: register then the next ciphertext bytes; input j is w[j..j+16). */
    uint8_t w[FC_AES_BLOCK_SIZE + CFB_PAR];
    uint8_t x[CFB_PAR * FC_AES_BLOCK_SIZE];
    size_t n, i;

    if (cfb_bad_args(ctx, st, out, in, len))
        return FC_ERR_ARG;
    if (cfb_hw(ctx, st->reg, out, in, len, CFB8_DEC))
        return FC_OK;
    memcpy(w, st->reg, FC_AES_BLOCK_SIZE);
    while (len > 0) {
        n = len < CFB_PAR ? len : CFB_PAR;
        memcpy(w + FC_AES_BLOCK_SIZE, in, n);
        for (i = 0; i < n; i++)
            memcpy(x + FC_AES_BLOCK_SIZE * i, w + i, FC_AES_BLOCK_SIZE);
        fc_aes_encrypt_blocks(ctx, x, x, n);
        for (i = 0; i < n; i++)
            out[i] = (uint8_t)(w[FC_AES_BLOCK_SIZE + i] ^ x[FC_AES_BLOCK_SIZE * i]);
        /* Slide the register by n through x (free until the next round): no memmove. */
        memcpy(x, w + n, FC_AES_BLOCK_SIZE);
        memcpy(w, x, FC_AES_BLOCK_SIZE);
        in += n;
        out += n;
        len -= n;
    }
    memcpy(st->reg, w, FC_AES_BLOCK_SIZE);
    fc_wipe(x, sizeof x);
    fc_wipe(w, sizeof w);
    return FC_OK;
}
