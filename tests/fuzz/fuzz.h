/*
 * Shared helpers of the libFuzzer targets in tests/fuzz/ (built by tools/fuzz.mk).
 * Every check aborts, so libFuzzer reports it as a crash with the input that caused it.
 */
#ifndef FC_FUZZ_H
#define FC_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fernetc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_REQUIRE(cond)                                                                   \
    do {                                                                                     \
        if (!(cond))                                                                         \
            abort();                                                                         \
    } while (0)

/* Exactly-sized heap copy (at least one byte), so ASan sees any access past the end. */
static inline void *fuzz_dup(const void *p, size_t n)
{
    void *q = malloc(n ? n : 1);

    FUZZ_REQUIRE(q != NULL);
    if (n)
        memcpy(q, p, n);
    return q;
}

static inline void *fuzz_alloc(size_t n)
{
    void *q = malloc(n ? n : 1);

    FUZZ_REQUIRE(q != NULL);
    return q;
}

static inline int fuzz_all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    size_t i;

    for (i = 0; i < n; i++)
        acc |= p[i];
    return acc == 0;
}

/* The fixed test keys: key k is bytes k*32 .. k*32+31 (mod 256). */
static inline void fuzz_key(uint8_t key[FC_FERNET_KEY_SIZE], unsigned k)
{
    unsigned i;

    for (i = 0; i < FC_FERNET_KEY_SIZE; i++)
        key[i] = (uint8_t)(k * 32u + i);
}

/* Timestamp and IV of a token's text (valid only after a successful decrypt). */
static inline void fuzz_token_header(const char *token, size_t len, uint64_t *ts,
                                     uint8_t iv[FC_FERNET_IV_SIZE])
{
    uint8_t head[27];
    size_t n = 0;
    int i;

    FUZZ_REQUIRE(len >= 36);
    FUZZ_REQUIRE(fc_base64_decode(head, sizeof head, &n, token, 36, FC_BASE64_URL, NULL)
                 == FC_OK && n == 27);
    *ts = 0;
    for (i = 1; i <= 8; i++)
        *ts = *ts << 8 | head[i];
    memcpy(iv, head + 9, FC_FERNET_IV_SIZE);
}

#endif /* FC_FUZZ_H */
