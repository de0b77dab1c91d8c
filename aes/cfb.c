/*
 * fernet-c AES-CFB (NIST SP 800-38A 6.3) with 128-bit and 8-bit segments, streaming.
 * Encryption is serial; decryption knows every cipher input in advance, so it runs four
 * block encryptions per core call.
 */
#include "fernetc_libc.h"

#include "fc_aes.h"
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

/* SP 800-38A 6.3, s = 128: C_j = P_j xor CIPH_K(C_{j-1}), C_0 = IV. */
fc_err fc_aes_cfb128_encrypt(const fc_aes_ctx *ctx, fc_aes_cfb_ctx *st,
                             uint8_t *out, const uint8_t *in, size_t len)
{
    size_t i;

    if (cfb_bad_args(ctx, st, out, in, len))
        return FC_ERR_ARG;
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
