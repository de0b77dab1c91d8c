/*
 * The two libc functions fernet-c needs, as a firmware without any libc would supply them:
 * `make nolibc` links the closures with -nostdlib against these. Byte loops; built with
 * -fno-builtin -fno-tree-loop-distribute-patterns so the compiler cannot turn them back into
 * calls to themselves.
 */
#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    while (n-- > 0)
        *d++ = *s++;
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;

    while (n-- > 0)
        *d++ = (unsigned char)c;
    return dst;
}
