/* Closure: HMAC-SHA256, the one-shot fc_hmac_sha256 (init, update and final with the context
 * on its own frame). */
#include "closure.h"
#include "fc_hmac.h"

volatile uint32_t fp_sink;
static uint8_t key[16], msg[FP_MSG_LEN], tag[FC_HMAC_SHA256_SIZE];

int main(void)
{
    fc_hmac_sha256(tag, key, sizeof key, msg, sizeof msg);
    fp_sink = tag[0];
    return 0;
}
