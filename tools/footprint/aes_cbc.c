/* Closure: AES-128-CBC encrypt + decrypt (fc_aes_init, fc_aes_cbc_encrypt, fc_aes_cbc_decrypt). */
#include "closure.h"
#include "fc_aes.h"

volatile uint32_t fp_sink;
static uint8_t key[16], iv[16], buf[64];
static fc_aes_ctx ctx;

int main(void)
{
    int err = fc_aes_init(&ctx, key, sizeof key);

    err |= fc_aes_cbc_encrypt(&ctx, iv, buf, buf, sizeof buf);
    err |= fc_aes_cbc_decrypt(&ctx, iv, buf, buf, sizeof buf);
    fc_aes_wipe(&ctx);
    fp_sink = buf[0];
    return err;
}
