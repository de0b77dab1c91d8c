/*
 * Firmware-style use of fernetc: no OS, so time and randomness come from the board (here a
 * fixed counter stands in for the RTC and a stub for the TRNG; this image is only linked,
 * to prove the cross build, never run). Only the module headers are included: the umbrella
 * fernetc.h names fc_platform.h, which firmware builds leave out.
 */
#include <stdint.h>
#include "fc_fernet.h"

static volatile uint32_t rtc_seconds = 1700000000u;

static fc_err board_trng(void *rng_ctx, uint8_t *out, size_t len)
{
    volatile uint32_t *trng = rng_ctx;
    size_t i;

    for (i = 0; i < len; i++)
        out[i] = (uint8_t)(*trng >> (8u * (i % 4u)));
    return FC_OK;
}

int main(void)
{
    static uint32_t trng_reg = 0x5a5a1234u;
    uint8_t key[FC_FERNET_KEY_SIZE], iv[FC_FERNET_IV_SIZE], msg[32];
    char token[128];
    size_t n = 0, m = 0;

    if (fc_fernet_key_generate(key, board_trng, &trng_reg) != FC_OK
        || board_trng(&trng_reg, iv, sizeof iv) != FC_OK
        || fc_fernet_encrypt_at(token, sizeof token, &n, key, rtc_seconds, iv,
                                (const uint8_t *)"hello", 5) != FC_OK
        || fc_fernet_decrypt_at(msg, sizeof msg, &m, key, token, n, rtc_seconds, 60, NULL) != FC_OK)
        return 1;
    fc_wipe(key, sizeof key);
    return (int)m;
}
