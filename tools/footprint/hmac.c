/* Closure: HMAC-SHA256 (fc_hmac_sha256_init, _update, _final; the one-shot wraps them). */
#include "closure.h"
#include "fc_hmac.h"

volatile uint32_t fp_sink;
static uint8_t key[16], msg[FP_MSG_LEN], tag[FC_HMAC_SHA256_SIZE];
static fc_hmac_sha256_ctx ctx;

int main(void)
{
    fc_hmac_sha256_init(&ctx, key, sizeof key);
    fc_hmac_sha256_update(&ctx, msg, sizeof msg);
    fc_hmac_sha256_final(&ctx, tag);
    fp_sink = tag[0];
    return 0;
}
