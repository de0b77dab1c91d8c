/* Closure: the full Fernet one-shot: key decode, encrypt, decrypt with a TTL. */
#include "closure.h"
#include "fc_fernet.h"

volatile uint32_t fp_sink;
static char key_text[FC_FERNET_KEY_TEXT_LEN], token[200];
static uint8_t key[FC_FERNET_KEY_SIZE], iv[FC_FERNET_IV_SIZE], msg[FP_MSG_LEN], out[FP_MSG_LEN + 16];

int main(void)
{
    size_t tok_len = 0, out_len = 0;
    uint64_t ts = 0;
    int err = fc_fernet_key_decode(key, key_text, sizeof key_text);

    err |= fc_fernet_encrypt_at(token, sizeof token, &tok_len, key, 1700000000u, iv, msg, sizeof msg);
    err |= fc_fernet_decrypt_at(out, sizeof out, &out_len, key, token, tok_len, 1700000010u, 60, &ts);
    fp_sink = (uint32_t)(out_len + ts);
    return err;
}
