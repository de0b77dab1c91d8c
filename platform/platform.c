/*
 * fernet-c platform unit: the only code that calls the OS. Unpredictable bytes from the
 * kernel's CSPRNG (getrandom, arc4random_buf, getentropy, else /dev/urandom), the POSIX
 * clock, and Python-like convenience Fernet calls built on them.
 */
#if !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE 1 /* getentropy, O_CLOEXEC under -std=c99 (glibc) */
#endif

#include <errno.h>
#include <string.h>
#include <time.h>

#include "fc_internal.h"
#include "fc_fernet.h"
#include "fc_platform.h"

/* Pick the best source the system offers; /dev/urandom stays as the fallback where POSIX
 * I/O exists. Every branch is guarded so that other systems still compile. */
#if defined(__APPLE__) || defined(__OpenBSD__) || defined(__FreeBSD__) || \
    defined(__NetBSD__) || defined(__DragonFly__)
#include <stdlib.h> /* arc4random_buf: never fails */
#define PLATFORM_ARC4RANDOM 1
#elif defined(__linux__) && defined(__has_include)
#if __has_include(<sys/random.h>)
#include <sys/random.h> /* getrandom (glibc 2.25, musl 1.1.20) */
#define PLATFORM_GETRANDOM 1
#endif
#endif

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <unistd.h>
#define PLATFORM_URANDOM 1
#endif

#ifdef PLATFORM_GETRANDOM
/* getrandom(2) returns at most 33554431 bytes per call and may be interrupted. */
static int platform_getrandom(uint8_t *out, size_t len)
{
    ssize_t r;

    while (len > 0) {
        r = getrandom(out, len, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1; /* ENOSYS on old kernels: try /dev/urandom */
        }
        out += (size_t)r;
        len -= (size_t)r;
    }
    return 0;
}
#endif

#ifdef PLATFORM_URANDOM
static int platform_urandom(uint8_t *out, size_t len)
{
    ssize_t r;
    int fd, flags = O_RDONLY;

#ifdef O_CLOEXEC
    flags |= O_CLOEXEC;
#endif
    do {
        fd = open("/dev/urandom", flags);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return -1;
    while (len > 0) {
        r = read(fd, out, len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            (void)close(fd);
            return -1;
        }
        out += (size_t)r;
        len -= (size_t)r;
    }
    (void)close(fd);
    return 0;
}
#endif

fc_err fc_os_random(void *rng_ctx, uint8_t *out, size_t len)
{
    int bad = 1;

    (void)rng_ctx;
    if (FC_BAD_BUF(out, len))
        return FC_ERR_ARG;
    if (len == 0)
        return FC_OK;
#if defined(PLATFORM_ARC4RANDOM)
    arc4random_buf(out, len);
    bad = 0;
#elif defined(PLATFORM_GETRANDOM)
    bad = platform_getrandom(out, len);
#endif
#ifdef PLATFORM_URANDOM
    if (bad)
        bad = platform_urandom(out, len);
#endif
    if (bad) {
        fc_wipe(out, len);
        return FC_ERR_RANDOM;
    }
    return FC_OK;
}

fc_err fc_os_time(uint64_t *now)
{
    time_t t;

    if (now == NULL)
        return FC_ERR_ARG;
    /* POSIX time_t counts whole seconds since the epoch, as int(time.time()) does. */
    t = time(NULL);
    if (t == (time_t)-1 || t < 0)
        return FC_ERR_CLOCK;
    *now = (uint64_t)t;
    return FC_OK;
}

fc_err fc_os_fernet_key_generate(uint8_t key[FC_FERNET_KEY_SIZE])
{
    return fc_fernet_key_generate(key, fc_os_random, NULL);
}

fc_err fc_os_fernet_encrypt(char *out, size_t out_cap, size_t *out_len,
                         const uint8_t key[FC_FERNET_KEY_SIZE], const uint8_t *msg,
                         size_t msg_len)
{
    uint8_t iv[FC_FERNET_IV_SIZE];
    uint64_t now = 0;
    fc_err err;

    /* Python's Fernet.encrypt: os.urandom(16) for the IV, int(time.time()) for the stamp.
     * A failing source is an error: never a token with a predictable IV. */
    err = fc_os_time(&now);
    if (err == FC_OK)
        err = fc_os_random(NULL, iv, sizeof iv);
    if (err == FC_OK)
        err = fc_fernet_encrypt_at(out, out_cap, out_len, key, now, iv, msg, msg_len);
    fc_wipe(iv, sizeof iv);
    return err;
}

fc_err fc_os_fernet_decrypt(uint8_t *out, size_t out_cap, size_t *out_len,
                         const uint8_t key[FC_FERNET_KEY_SIZE], const char *token,
                         size_t token_len, uint64_t ttl)
{
    uint64_t now = 0;
    fc_err err = FC_OK;

    /* Without a TTL the clock plays no part, as in Python. */
    if (ttl != FC_FERNET_NO_TTL)
        err = fc_os_time(&now);
    if (err != FC_OK) {
        if (out != NULL)
            fc_wipe(out, out_cap);
        if (out_len != NULL)
            *out_len = 0;
        return err;
    }
    return fc_fernet_decrypt_at(out, out_cap, out_len, key, token, token_len, now, ttl, NULL);
}
