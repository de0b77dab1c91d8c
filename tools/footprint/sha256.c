/* Closure: SHA-256 (fc_sha256_init, fc_sha256_update, fc_sha256_final). */
#include "closure.h"
#include "fc_sha256.h"

volatile uint32_t fp_sink;
static uint8_t msg[FP_MSG_LEN], md[FC_SHA256_SIZE];
static fc_sha256_ctx ctx;

int main(void)
{
    fc_sha256_init(&ctx);
    fc_sha256_update(&ctx, msg, sizeof msg);
    fc_sha256_final(&ctx, md);
    fp_sink = md[0];
    return 0;
}
