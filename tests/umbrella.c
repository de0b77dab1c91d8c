/*
 * The umbrella header in a build without the platform unit (firmware): include/fernetc.h
 * must compile with only the core modules on the include path (FC_NO_PLATFORM defined),
 * and the program links against a library built without platform/. It opens a token it
 * made, so a missing module is a build failure and a broken one a non-zero exit.
 * Built and run by `make umbrella-noplatform` (tools/fcore.mk).
 */
#include <stdio.h>
#include <string.h>

#include "fernetc.h"

#ifdef FC_PLATFORM_H
#error "fc_platform.h was included although FC_NO_PLATFORM is defined"
#endif

int main(void)
{
    uint8_t key[FC_FERNET_KEY_SIZE], iv[FC_FERNET_IV_SIZE], out[32];
    char tok[128];
    size_t n = 0, m = 0, i;

    for (i = 0; i < sizeof key; i++)
        key[i] = (uint8_t)i;
    memset(iv, 0, sizeof iv);
    if (fc_fernet_encrypt_at(tok, sizeof tok, &n, key, 0, iv, (const uint8_t *)"hi", 2) != FC_OK ||
        fc_fernet_decrypt_at(out, sizeof out, &m, key, tok, n, 0, FC_FERNET_NO_TTL, NULL) != FC_OK ||
        m != 2 || memcmp(out, "hi", 2) != 0) {
        printf("umbrella-noplatform: round trip failed\n");
        return 1;
    }
    printf("umbrella-noplatform: fernetc.h without fc_platform.h: ok\n");
    return 0;
}
