/*
 * fernet-c: error codes and secret-handling helpers shared by every module.
 */
#ifndef FC_COMMON_H
#define FC_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Marks functions whose result must not be ignored (verifiers, decoders). */
#if defined(__GNUC__) || defined(__clang__)
#define FC_MUST_CHECK __attribute__((warn_unused_result))
#else
#define FC_MUST_CHECK
#endif

/*
 * Every fallible function returns one of these. FC_OK is 0; failures are negative,
 * so `if (err)` and `if (err < 0)` both work. Codes are stable across versions.
 */
typedef enum {
    FC_OK = 0,
    FC_ERR_ARG = -1,       /* invalid argument (NULL with a non-zero length, bad size) */
    FC_ERR_BUFFER = -2,    /* output buffer too small; nothing was written */
    FC_ERR_ENCODING = -3,  /* malformed base64 or other text encoding */
    FC_ERR_PADDING = -4,   /* PKCS#7 padding is malformed */
    FC_ERR_AUTH = -5,      /* authentication failed: invalid token, wrong key or password */
    FC_ERR_EXPIRED = -6,   /* authentic token, older than its time-to-live */
    FC_ERR_FUTURE = -7,    /* authentic token, timestamp too far in the future */
    FC_ERR_MALFORMED = -8, /* authentic token whose content is malformed */
    FC_ERR_RANDOM = -9,    /* the random source failed */
    FC_ERR_CLOCK = -10,    /* the clock could not be read */
    FC_ERR_LIMIT = -11,    /* a value exceeds a documented ceiling (e.g. iterations) */
    FC_ERR_STATE = -12     /* call out of order on a streaming context */
} fc_err;

/* A short English sentence for err; never NULL (unknown codes get a generic text). */
const char *fc_strerror(fc_err err);

/* Set len bytes at p to zero in a way the compiler may not remove. p may be NULL if len is 0. */
void fc_wipe(void *p, size_t len);

/*
 * Compare len bytes in time that depends only on len. Returns 1 if equal, 0 if not.
 * Either pointer may be NULL only when len is 0.
 */
FC_MUST_CHECK int fc_ct_equal(const uint8_t *a, const uint8_t *b, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* FC_COMMON_H */
