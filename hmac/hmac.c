/*
 * fernet-c HMAC-SHA256, written from RFC 2104 and FIPS 198-1 (The Keyed-Hash Message
 * Authentication Code, July 2008), with B = 64 and L = 32.
 */
#include "fernetc_libc.h"

#include "fc_hmac.h"
#include "fc_internal.h"

#define HMAC_IPAD 0x36
#define HMAC_OPAD 0x5c

void fc_hmac_sha256_init(fc_hmac_sha256_ctx *ctx, const uint8_t *key, size_t key_len)
{
    /* The padded key is built in the contexts' own block buffers, which hold nothing while
     * a hash has absorbed whole blocks only (fc_sha256_ctx.buf is the pending partial
     * block): no 64-byte K0 and no second SHA-256 context on the stack. */
    uint8_t *k0 = ctx->outer.buf;
    size_t i;

    /* FIPS 198-1 section 4 steps 1-3: K0 is the key hashed if longer than B, then padded
     * with zeros to B bytes. */
    memset(k0, 0, FC_SHA256_BLOCK_SIZE);
    if (key_len > FC_SHA256_BLOCK_SIZE) {
        fc_sha256_init(&ctx->inner);
        fc_sha256_update(&ctx->inner, key, key_len);
        fc_sha256_final(&ctx->inner, k0); /* wipes ctx->inner */
    } else if (key_len != 0) {
        memcpy(k0, key, key_len);
    }

    /* Steps 4-5: the inner hash starts with K0 xor ipad; step 7: the outer hash with K0 xor
     * opad, staged in ctx->inner.buf because fc_sha256_update may not read the buffer of
     * the context it updates. Both blocks in one pass; each is absorbed whole, so neither
     * hash touches its own buffer here. */
    for (i = 0; i < FC_SHA256_BLOCK_SIZE; i++) {
        ctx->inner.buf[i] = (uint8_t)(k0[i] ^ HMAC_OPAD);
        k0[i] ^= HMAC_IPAD;
    }
    fc_sha256_init(&ctx->inner);
    fc_sha256_update(&ctx->inner, k0, FC_SHA256_BLOCK_SIZE);
    fc_sha256_init(&ctx->outer);
    fc_sha256_update(&ctx->outer, ctx->inner.buf, FC_SHA256_BLOCK_SIZE);

    fc_wipe(ctx->inner.buf, FC_SHA256_BLOCK_SIZE);
    fc_wipe(ctx->outer.buf, FC_SHA256_BLOCK_SIZE);
}

void fc_hmac_sha256_update(fc_hmac_sha256_ctx *ctx, const uint8_t *data, size_t len)
{
    /* Step 6 (continued): text is appended to the inner hash's input. */
    fc_sha256_update(&ctx->inner, data, len);
}

void fc_hmac_sha256_final(fc_hmac_sha256_ctx *ctx, uint8_t out[FC_HMAC_SHA256_SIZE])
{
    uint8_t ih[FC_SHA256_SIZE];

    /* Step 6: H((K0 xor ipad) || text); steps 8-9: H((K0 xor opad) || that). Each final
     * wipes its half of the context. */
    fc_sha256_final(&ctx->inner, ih);
    fc_sha256_update(&ctx->outer, ih, sizeof ih);
    fc_sha256_final(&ctx->outer, out);
    fc_wipe(ih, sizeof ih);
}

void fc_hmac_sha256(uint8_t out[FC_HMAC_SHA256_SIZE], const uint8_t *key, size_t key_len,
                    const uint8_t *data, size_t len)
{
    fc_hmac_sha256_ctx ctx;

    /* key and data are fully read before out is written, so they may overlap. */
    fc_hmac_sha256_init(&ctx, key, key_len);
    fc_hmac_sha256_update(&ctx, data, len);
    fc_hmac_sha256_final(&ctx, out);
}

fc_err fc_hmac_sha256_verify(const uint8_t *key, size_t key_len, const uint8_t *data, size_t len,
                             const uint8_t *tag, size_t tag_len)
{
    uint8_t calc[FC_HMAC_SHA256_SIZE];
    int ok;

    if (tag == NULL || FC_BAD_BUF(key, key_len) || FC_BAD_BUF(data, len) ||
        tag_len < FC_HMAC_SHA256_MIN_TAG || tag_len > FC_HMAC_SHA256_SIZE)
        return FC_ERR_ARG;
    /* RFC 2104 section 5: a truncated tag is the leftmost bytes; compared without branching
     * on any byte, then only the verdict is made public. */
    fc_hmac_sha256(calc, key, key_len, data, len);
    ok = fc_ct_equal(calc, tag, tag_len);
    fc_wipe(calc, sizeof calc);
    FC_DECLASSIFY(&ok, sizeof ok);
    return ok ? FC_OK : FC_ERR_AUTH;
}
