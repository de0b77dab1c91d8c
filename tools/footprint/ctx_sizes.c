/* Not a closure: one object of each public context type, so `nm -S` gives their sizes for
 * docs/STACK.md on every target. List a new or renamed context type here. */
#include "fc_aes.h"
#include "fc_fernet.h"
#include "fc_hmac.h"
#include "fc_sha256.h"

fc_fernet_enc_ctx fp_size_fc_fernet_enc_ctx;
fc_fernet_dec_ctx fp_size_fc_fernet_dec_ctx;
fc_aes_ctx fp_size_fc_aes_ctx;
fc_hmac_sha256_ctx fp_size_fc_hmac_sha256_ctx;
fc_sha256_ctx fp_size_fc_sha256_ctx;
