/*
 * fernet-c common helpers: error texts, wiping, constant-time comparison.
 */
#include "fernetc_libc.h"

#include "fc_internal.h"

const char *fc_strerror(fc_err err)
{
    switch (err) {
    case FC_OK:            return "success";
    case FC_ERR_ARG:       return "invalid argument";
    case FC_ERR_BUFFER:    return "output buffer too small";
    case FC_ERR_ENCODING:  return "malformed encoding";
    case FC_ERR_PADDING:   return "malformed padding";
    case FC_ERR_AUTH:      return "invalid token or wrong key";
    case FC_ERR_EXPIRED:   return "token expired";
    case FC_ERR_FUTURE:    return "token timestamp is too far in the future";
    case FC_ERR_MALFORMED: return "authentic token with malformed content";
    case FC_ERR_RANDOM:    return "random source failed";
    case FC_ERR_CLOCK:     return "clock unavailable";
    case FC_ERR_LIMIT:     return "value exceeds a documented limit";
    case FC_ERR_STATE:     return "call out of order on a streaming context";
    }
    return "unknown error";
}

void fc_wipe(void *p, size_t len)
{
    if (len == 0)
        return; /* memset(NULL, 0, 0) is not defined by C99 */
#if defined(__GNUC__) || defined(__clang__)
    memset(p, 0, len);
    /* Barrier: the compiler must assume p's memory is read afterwards, so the memset is
     * not a dead store it may drop; memset itself runs at full width. */
    __asm__ __volatile__("" : : "r"(p) : "memory");
#else
    {
        /* Stores through a volatile pointer cannot be elided as dead. */
        volatile uint8_t *v = (volatile uint8_t *)p;
        size_t i;

        for (i = 0; i < len; i++)
            v[i] = 0;
    }
#endif
}

int fc_ct_equal(const uint8_t *a, const uint8_t *b, size_t len)
{
    uint32_t diff = 0;
    size_t i;

    for (i = 0; i < len; i++)
        diff |= (uint32_t)(a[i] ^ b[i]);
    /* diff - 1 borrows into bit 31 only when diff == 0. */
    return (int)(((diff - 1u) >> 31) & 1u);
}
