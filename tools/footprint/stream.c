/*
 * Closure: streaming encrypt + two-pass streaming decrypt. Pass 1 (verify) and pass 2
 * (decrypt) each sit in one block below, so a change of the streaming API (e.g. a separate
 * verifier type for pass 1) touches only that block.
 */
#include "closure.h"
#include "fc_fernet.h"

volatile uint32_t fp_sink;
static uint8_t key[FC_FERNET_KEY_SIZE], iv[FC_FERNET_IV_SIZE], msg[FP_MSG_LEN], out[FP_MSG_LEN + 32];
static char token[200];
/* The contexts are the application's (main's .bss), not the library's. */
static fc_fernet_enc_ctx enc;
static fc_fernet_verify_ctx ver;
static fc_fernet_dec_ctx dec;

int main(void)
{
    size_t n = 0, tok_len = 0, out_len = 0;
    uint64_t ts = 0;
    int err;

    /* Encrypt in two chunks. */
    fc_fernet_enc_init(&enc, key, 1700000000u, iv);
    err = fc_fernet_enc_update(&enc, token, sizeof token, &n, msg, sizeof msg);
    tok_len += n;
    err |= fc_fernet_enc_final(&enc, token + tok_len, sizeof token - tok_len, &n);
    tok_len += n;

    /* Pass 1: verify framing, HMAC and time. */
    fc_fernet_verify_init(&ver, key);
    err |= fc_fernet_verify_update(&ver, token, tok_len);
    err |= fc_fernet_verify_final(&ver, 1700000010u, 60, &ts);

    /* Pass 2: decrypt the same text. */
    err |= fc_fernet_dec_init(&dec, &ver);
    err |= fc_fernet_dec_update(&dec, out, sizeof out, &n, token, tok_len);
    out_len += n;
    err |= fc_fernet_dec_final(&dec, out + out_len, sizeof out - out_len, &n);
    out_len += n;

    fp_sink = (uint32_t)(out_len + ts);
    return err;
}
