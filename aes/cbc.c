/*
 * fernet-c AES-CBC (NIST SP 800-38A 6.2) and PKCS#7 padding (RFC 5652 6.3).
 * Decryption runs four independent blocks per core call; encryption is inherently serial.
 * Hardware backends and the 64-bit portable core (aes_backend.h) run whole messages in their
 * own loops.
 */
#include "fernetc_libc.h"

#include "aes_backend.h"
#include "fc_internal.h"

/* Blocks per core call on the parallel path: the bitsliced core takes four. */
#define CBC_PAR 4

static int cbc_bad_args(const fc_aes_ctx *ctx, const uint8_t *iv, const uint8_t *out,
                        const uint8_t *in, size_t len)
{
    return ctx == NULL || iv == NULL || FC_BAD_BUF(out, len) || FC_BAD_BUF(in, len)
           || len % FC_AES_BLOCK_SIZE != 0;
}

/* The hardware backend's loop for this context, if it has one; 0 if not. */
static int cbc_hw(const fc_aes_ctx *ctx, uint8_t iv[FC_AES_BLOCK_SIZE], uint8_t *out,
                  const uint8_t *in, size_t len, int enc)
{
    if (len == 0) /* nothing to run (and out/in may be NULL) */
        return (FC_AES_HAVE_HW && ctx->backend != FC_AES_BACKEND_CT) || FC_AES_CT64;
    switch (ctx->backend) {
#if FC_AES_CT64
    case FC_AES_BACKEND_CT:
        if (enc)
            fc_aes_ct_cbc_encrypt(ctx, iv, out, in, len / FC_AES_BLOCK_SIZE);
        else
            fc_aes_ct_cbc_decrypt(ctx, iv, out, in, len / FC_AES_BLOCK_SIZE);
        return 1;
#endif
#ifdef FC_HAVE_AESNI
    case FC_AES_BACKEND_AESNI:
    case FC_AES_BACKEND_VAES256:
    case FC_AES_BACKEND_VAES512:
        if (enc)
            fc_aes_ni_cbc_encrypt(ctx, iv, out, in, len / FC_AES_BLOCK_SIZE);
        else
            fc_aes_ni_cbc_decrypt(ctx, iv, out, in, len / FC_AES_BLOCK_SIZE);
        return 1;
#endif
#ifdef FC_HAVE_ARMV8_AES
    case FC_AES_BACKEND_ARMV8:
        if (enc)
            fc_aes_arm_cbc_encrypt(ctx, iv, out, in, len / FC_AES_BLOCK_SIZE);
        else
            fc_aes_arm_cbc_decrypt(ctx, iv, out, in, len / FC_AES_BLOCK_SIZE);
        return 1;
#endif
    default:
        (void)iv, (void)out, (void)in, (void)len, (void)enc;
        return 0;
    }
}

fc_err fc_aes_cbc_encrypt(const fc_aes_ctx *ctx, uint8_t iv[FC_AES_BLOCK_SIZE],
                          uint8_t *out, const uint8_t *in, size_t len)
{
    uint8_t x[FC_AES_BLOCK_SIZE];
    size_t i;

    if (cbc_bad_args(ctx, iv, out, in, len))
        return FC_ERR_ARG;
    if (cbc_hw(ctx, iv, out, in, len, 1))
        return FC_OK;
    /* SP 800-38A 6.2: C_j = CIPH_K(P_j xor C_{j-1}), C_0 = IV. */
    for (; len > 0; len -= FC_AES_BLOCK_SIZE) {
        for (i = 0; i < FC_AES_BLOCK_SIZE; i++)
            x[i] = (uint8_t)(in[i] ^ iv[i]);
        fc_aes_encrypt_blocks(ctx, iv, x, 1);
        memcpy(out, iv, FC_AES_BLOCK_SIZE);
        in += FC_AES_BLOCK_SIZE;
        out += FC_AES_BLOCK_SIZE;
    }
    fc_wipe(x, sizeof x);
    return FC_OK;
}

fc_err fc_aes_cbc_decrypt(const fc_aes_ctx *ctx, uint8_t iv[FC_AES_BLOCK_SIZE],
                          uint8_t *out, const uint8_t *in, size_t len)
{
    /* c keeps this group's ciphertext blocks, so out may equal in. */
    uint8_t c[CBC_PAR * FC_AES_BLOCK_SIZE];
    size_t n, i;

    if (cbc_bad_args(ctx, iv, out, in, len))
        return FC_ERR_ARG;
    if (cbc_hw(ctx, iv, out, in, len, 0))
        return FC_OK;
    /* SP 800-38A 6.2: P_j = CIPH^-1_K(C_j) xor C_{j-1}; the CIPH^-1 calls are independent. */
    while (len > 0) {
        n = len < sizeof c ? len : sizeof c;
        memcpy(c, in, n);
        fc_aes_decrypt_blocks(ctx, out, in, n / FC_AES_BLOCK_SIZE);
#if FC_SMALL
        for (i = 0; i < n; i++)
            out[i] ^= i < FC_AES_BLOCK_SIZE ? iv[i] : c[i - FC_AES_BLOCK_SIZE];
#else
        /* Speed builds: two plain loops, which the compiler vectorises. */
        for (i = 0; i < FC_AES_BLOCK_SIZE; i++)
            out[i] ^= iv[i];
        for (; i < n; i++)
            out[i] ^= c[i - FC_AES_BLOCK_SIZE];
#endif
        memcpy(iv, c + n - FC_AES_BLOCK_SIZE, FC_AES_BLOCK_SIZE);
        in += n;
        out += n;
        len -= n;
    }
    fc_wipe(c, sizeof c);
    return FC_OK;
}

size_t fc_pkcs7_padded_len(size_t len)
{
    size_t pad = FC_AES_BLOCK_SIZE - len % FC_AES_BLOCK_SIZE;
    return len > SIZE_MAX - pad ? SIZE_MAX : len + pad;
}

fc_err fc_pkcs7_pad(uint8_t *buf, size_t buf_cap, size_t msg_len, size_t *out_len)
{
    size_t padded;

    if (out_len == NULL || FC_BAD_BUF(buf, buf_cap) || msg_len > buf_cap)
        return FC_ERR_ARG;
    padded = fc_pkcs7_padded_len(msg_len);
    if (padded == SIZE_MAX || padded > buf_cap)
        return FC_ERR_BUFFER;
    /* RFC 5652 6.3: k - (l mod k) octets, each of that value. */
    memset(buf + msg_len, (int)(padded - msg_len), padded - msg_len);
    *out_len = padded;
    return FC_OK;
}

fc_err fc_pkcs7_unpad(size_t *msg_len, const uint8_t *buf, size_t len)
{
    const uint8_t *last;
    uint32_t p, bad, i;

    if (msg_len == NULL || FC_BAD_BUF(buf, len))
        return FC_ERR_ARG;
    /* Attacker data (e.g. an empty ciphertext): malformed, not an argument error. */
    if (len == 0 || len % FC_AES_BLOCK_SIZE != 0)
        return FC_ERR_PADDING;
    last = buf + len - FC_AES_BLOCK_SIZE;
    p = last[FC_AES_BLOCK_SIZE - 1];
    /* Bit 31 of each term is set when the padding is bad: p == 0, p > 16, and every byte
     * in the last p positions must equal p. Arithmetic only, no branch on the content. */
    bad = (p - 1u) | (FC_AES_BLOCK_SIZE - p);
    for (i = 0; i < FC_AES_BLOCK_SIZE; i++) {
        /* in_pad is all ones when i >= 16 - p */
        uint32_t in_pad = ((i + p - FC_AES_BLOCK_SIZE) >> 31) - 1u;
        bad |= in_pad & ((uint32_t)(last[i] ^ p) << 24);
    }
    bad >>= 24;
    FC_DECLASSIFY(&bad, sizeof bad);
    if (bad != 0)
        return FC_ERR_PADDING;
    *msg_len = len - p;
    return FC_OK;
}
