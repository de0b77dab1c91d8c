/*
 * fernet-c platform unit: the only module that calls the OS. It supplies the current time
 * and unpredictable bytes, and convenience Fernet calls built on them. Firmware builds leave
 * this module out (MODULES without platform) and pass their own time and fc_random_fn.
 */
#ifndef FC_PLATFORM_H
#define FC_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include "fc_common.h"
#include "fc_fernet.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An fc_random_fn: getrandom / getentropy / arc4random_buf, else /dev/urandom.
 * rng_ctx is ignored. FC_ERR_RANDOM if no source answered; out is then wiped. */
FC_MUST_CHECK fc_err fc_os_random(void *rng_ctx, uint8_t *out, size_t len);

/* Current Unix time in whole seconds (as Python's int(time.time())). FC_ERR_CLOCK on failure. */
FC_MUST_CHECK fc_err fc_os_time(uint64_t *now);

/* Fernet.generate_key(), Fernet.encrypt() and Fernet.decrypt(token, ttl) with the OS clock
 * and random source; contracts as the _at functions in fc_fernet.h. */
FC_MUST_CHECK fc_err fc_os_fernet_key_generate(uint8_t key[FC_FERNET_KEY_SIZE]);
FC_MUST_CHECK fc_err fc_os_fernet_encrypt(char *out, size_t out_cap, size_t *out_len,
                                       const uint8_t key[FC_FERNET_KEY_SIZE],
                                       const uint8_t *msg, size_t msg_len);
FC_MUST_CHECK fc_err fc_os_fernet_decrypt(uint8_t *out, size_t out_cap, size_t *out_len,
                                       const uint8_t key[FC_FERNET_KEY_SIZE],
                                       const char *token, size_t token_len, uint64_t ttl);

#ifdef __cplusplus
}
#endif

#endif /* FC_PLATFORM_H */
