/*
 * libFuzzer target: fc_fernet_key_decode (strict, constant-time) against a reference built
 * from the variable-time base64 decoder: a key text is accepted exactly when it is 44
 * characters of canonical URL-safe base64 decoding to 32 bytes, and the bytes agree.
 * A rejected text leaves the key zero.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t key[FC_FERNET_KEY_SIZE], ref[48];
    size_t ref_len = 0;
    char *text = fuzz_dup(data, size);
    fc_err e, er;

    memset(key, 0x5a, sizeof key);
    e = fc_fernet_key_decode(key, text, size);
    er = FC_ERR_ENCODING;
    if (size == FC_FERNET_KEY_TEXT_LEN
        && fc_base64_decode(ref, sizeof ref, &ref_len, text, size, FC_BASE64_URL, NULL)
               == FC_OK
        && ref_len == FC_FERNET_KEY_SIZE)
        er = FC_OK;
    FUZZ_REQUIRE(e == er);
    if (e == FC_OK)
        FUZZ_REQUIRE(memcmp(key, ref, FC_FERNET_KEY_SIZE) == 0);
    else
        FUZZ_REQUIRE(fuzz_all_zero(key, sizeof key));
    free(text);
    return 0;
}
