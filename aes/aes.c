/*
 * fernet-c AES public block calls: argument checks, backend choice, dispatch.
 */
#include "aes_backend.h"
#include "fc_internal.h"

fc_err fc_aes_init(fc_aes_ctx *ctx, const uint8_t *key, size_t key_len)
{
    if (ctx == NULL)
        return FC_ERR_ARG;
    fc_wipe(ctx, sizeof *ctx);
    if (key == NULL || (key_len != 16 && key_len != 24 && key_len != 32))
        return FC_ERR_ARG;
    ctx->backend = FC_AES_BACKEND_CT;
    fc_aes_ct_setkey(ctx, key, key_len);
    return FC_OK;
}

void fc_aes_wipe(fc_aes_ctx *ctx)
{
    if (ctx != NULL)
        fc_wipe(ctx, sizeof *ctx);
}

void fc_aes_encrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n)
{
    fc_aes_ct_encrypt_blocks(ctx, out, in, n);
}

void fc_aes_decrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n)
{
    fc_aes_ct_decrypt_blocks(ctx, out, in, n);
}
