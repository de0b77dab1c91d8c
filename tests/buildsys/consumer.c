/*
 * A program that uses fernetc the way a consumer project does (CMake or Meson), through the
 * umbrella header. Prints the SHA-256 (FIPS 180-4) of argv[1] in hex, then makes a Fernet
 * token with the OS clock and randomness and opens it again. Exit 0 only if that round trip
 * gives the message back. tools/cmake_check.sh and tools/meson_check.sh compare the digest
 * with sha256sum's.
 */
#include <stdio.h>
#include <string.h>
#include "fernetc.h"

static int round_trip(const char *text)
{
    uint8_t key[FC_FERNET_KEY_SIZE], out[128];
    char token[256];
    size_t n = 0, m = 0, len = strlen(text);
    int ok;

    if (len > 64 || fc_os_fernet_key_generate(key) != FC_OK)
        return 0;
    ok = fc_os_fernet_encrypt(token, sizeof token, &n, key, (const uint8_t *)text, len) == FC_OK
         && fc_os_fernet_decrypt(out, sizeof out, &m, key, token, n, FC_FERNET_NO_TTL) == FC_OK
         && m == len && memcmp(out, text, len) == 0;
    fc_wipe(key, sizeof key);
    fc_wipe(out, sizeof out);
    return ok;
}

int main(int argc, char **argv)
{
    uint8_t digest[FC_SHA256_SIZE];
    size_t i;

    if (argc != 2)
        return 2;
    fc_sha256(digest, (const uint8_t *)argv[1], strlen(argv[1]));
    for (i = 0; i < sizeof digest; i++)
        printf("%02x", digest[i]);
    printf("\n");
    if (!round_trip(argv[1])) {
        fprintf(stderr, "consumer: Fernet round trip failed\n");
        return 1;
    }
    printf("fernet round trip: ok\n");
    return 0;
}
