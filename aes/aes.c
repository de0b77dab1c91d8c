/*
 * fernet-c AES public block calls: argument checks, backend choice, dispatch.
 */
#include "aes_backend.h"
#include "fc_cpu.h"
#include "fc_internal.h"

/* Backend names, indexed by FC_AES_BACKEND_*. */
static const char *const aes_names[] = { "portable", "aesni", "vaes256", "vaes512", "armv8" };

/* Is backend b built into this library and usable on this CPU? */
static int aes_backend_usable(uint32_t b)
{
#if FC_AES_HAVE_HW
    uint32_t f = fc_cpu_features();

    switch (b) {
    case FC_AES_BACKEND_CT:
        return 1;
#ifdef FC_HAVE_AESNI
    case FC_AES_BACKEND_AESNI:
        return (f & FC_CPU_AESNI) != 0;
#ifdef FC_HAVE_VAES
    case FC_AES_BACKEND_VAES256:
        return (f & FC_CPU_VAES256) != 0;
    case FC_AES_BACKEND_VAES512:
        return (f & FC_CPU_VAES512) != 0;
#endif
#endif
#ifdef FC_HAVE_ARMV8_AES
    case FC_AES_BACKEND_ARMV8:
        return (f & FC_CPU_ARM_AES) != 0;
#endif
    default:
        return 0;
    }
#else
    return b == FC_AES_BACKEND_CT;
#endif
}

/* The best usable backend: the widest VAES, then AES-NI or Armv8, then the portable core. */
static uint32_t aes_backend_best(void)
{
#if FC_AES_HAVE_HW
    static const uint32_t order[] = { FC_AES_BACKEND_VAES512, FC_AES_BACKEND_VAES256,
                                      FC_AES_BACKEND_AESNI, FC_AES_BACKEND_ARMV8 };
    size_t i;

    for (i = 0; i < sizeof order / sizeof order[0]; i++)
        if (aes_backend_usable(order[i]))
            return order[i];
#endif
    return FC_AES_BACKEND_CT;
}

static void aes_setkey(fc_aes_ctx *ctx, const uint8_t *key, size_t key_len, uint32_t b)
{
    ctx->backend = b;
    switch (b) {
#ifdef FC_HAVE_AESNI
    case FC_AES_BACKEND_AESNI:
    case FC_AES_BACKEND_VAES256:
    case FC_AES_BACKEND_VAES512:
        fc_aes_ni_setkey(ctx, key, key_len);
        break;
#endif
#ifdef FC_HAVE_ARMV8_AES
    case FC_AES_BACKEND_ARMV8:
        fc_aes_arm_setkey(ctx, key, key_len);
        break;
#endif
    default:
        ctx->backend = FC_AES_BACKEND_CT;
        fc_aes_ct_setkey(ctx, key, key_len);
        break;
    }
}

/* Argument checks, then key expansion for backend b (usable, checked by the caller). */
static fc_err aes_init_with(fc_aes_ctx *ctx, const uint8_t *key, size_t key_len, uint32_t b)
{
    if (ctx == NULL)
        return FC_ERR_ARG;
    fc_wipe(ctx, sizeof *ctx);
    if (key == NULL || (key_len != 16 && key_len != 24 && key_len != 32))
        return FC_ERR_ARG;
    aes_setkey(ctx, key, key_len, b);
    return FC_OK;
}

fc_err fc_aes_init(fc_aes_ctx *ctx, const uint8_t *key, size_t key_len)
{
    return aes_init_with(ctx, key, key_len, aes_backend_best());
}

/* 1 when the NUL-terminated strings a and b are equal (names only, not secrets). */
static int aes_name_is(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

fc_err fc_aes_init_backend(fc_aes_ctx *ctx, const uint8_t *key, size_t key_len,
                           const char *backend)
{
    uint32_t b = 0;
    size_t n = sizeof aes_names / sizeof aes_names[0];

    if (backend == NULL)
        return fc_aes_init(ctx, key, key_len);
    while (b < n && !aes_name_is(backend, aes_names[b]))
        b++;
    if (b == n || !aes_backend_usable(b)) {
        if (ctx != NULL)
            fc_wipe(ctx, sizeof *ctx);
        return FC_ERR_ARG;
    }
    return aes_init_with(ctx, key, key_len, b);
}

const char *fc_aes_backend_name(const fc_aes_ctx *ctx)
{
    uint32_t b = ctx != NULL ? ctx->backend : aes_backend_best();

    return b < sizeof aes_names / sizeof aes_names[0] ? aes_names[b] : "unknown";
}

void fc_aes_wipe(fc_aes_ctx *ctx)
{
    if (ctx != NULL)
        fc_wipe(ctx, sizeof *ctx);
}

void fc_aes_encrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n)
{
#if !FC_AES_HAVE_HW
    fc_aes_ct_encrypt_blocks(ctx, out, in, n); /* the core runs no block for n == 0 */
#else
    if (n == 0)
        return;
    switch (ctx->backend) {
#ifdef FC_HAVE_AESNI
    case FC_AES_BACKEND_AESNI:
    case FC_AES_BACKEND_VAES256:
    case FC_AES_BACKEND_VAES512:
        fc_aes_ni_encrypt_blocks(ctx, out, in, n);
        return;
#endif
#ifdef FC_HAVE_ARMV8_AES
    case FC_AES_BACKEND_ARMV8:
        fc_aes_arm_encrypt_blocks(ctx, out, in, n);
        return;
#endif
    default:
        fc_aes_ct_encrypt_blocks(ctx, out, in, n);
        return;
    }
#endif
}

void fc_aes_decrypt_blocks(const fc_aes_ctx *ctx, uint8_t *out, const uint8_t *in, size_t n)
{
#if !FC_AES_HAVE_HW
    fc_aes_ct_decrypt_blocks(ctx, out, in, n); /* the core runs no block for n == 0 */
#else
    if (n == 0)
        return;
    switch (ctx->backend) {
#ifdef FC_HAVE_AESNI
    case FC_AES_BACKEND_AESNI:
    case FC_AES_BACKEND_VAES256:
    case FC_AES_BACKEND_VAES512:
        fc_aes_ni_decrypt_blocks(ctx, out, in, n);
        return;
#endif
#ifdef FC_HAVE_ARMV8_AES
    case FC_AES_BACKEND_ARMV8:
        fc_aes_arm_decrypt_blocks(ctx, out, in, n);
        return;
#endif
    default:
        fc_aes_ct_decrypt_blocks(ctx, out, in, n);
        return;
    }
#endif
}
