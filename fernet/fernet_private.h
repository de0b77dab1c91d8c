/*
 * fernet-c Fernet internals shared by fernet.c and stream.c: token layout (Fernet spec,
 * "Token Format") and the streaming contexts' private states. Not installed.
 */
#ifndef FERNET_PRIVATE_H
#define FERNET_PRIVATE_H

#include <stdint.h>

#include "fc_fernet.h"

#define FERNET_HDR_SIZE 25 /* version (1) || timestamp (8, big-endian) || IV (16) */
#define FERNET_TAG_SIZE 32 /* HMAC-SHA256 over everything before it */
#define FERNET_MIN_RAW  73 /* header, one ciphertext block, tag */
#define FERNET_SUBKEY   16 /* signing key = key[0..16), encryption key = key[16..32) */

/* Context states: magic values, so a zeroed (wiped) context is out of order. */
#define FERNET_ENC_LIVE   0x464e4531u
#define FERNET_VERIFY_LIVE 0x464e5631u /* pass 1 running */
#define FERNET_VERIFY_DONE 0x464e5632u /* pass 1 verified: key and tag await a decryptor */
#define FERNET_VERIFY_DEAD 0x464e5658u /* the text was rejected */
#define FERNET_DEC_LIVE    0x464e4432u /* pass 2 running */

/* Python's Fernet._decrypt_data time rules, without overflow for any uint64_t. */
static inline fc_err fernet_time(uint64_t ts, uint64_t now, uint64_t ttl)
{
    if (ttl == FC_FERNET_NO_TTL)
        return FC_OK;
    if (ts < now && now - ts > ttl) /* timestamp + ttl < now */
        return FC_ERR_EXPIRED;
    if (ts > now && ts - now > FC_FERNET_MAX_CLOCK_SKEW) /* now + 60 < timestamp */
        return FC_ERR_FUTURE;
    return FC_OK;
}

#endif /* FERNET_PRIVATE_H */
