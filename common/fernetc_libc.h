/*
 * fernet-c's one tie to the C library. The library calls exactly two libc functions,
 * memcpy and memset (the compiler may emit calls to the same two for struct copies and
 * clears); everything else it needs is <stddef.h> and <stdint.h>, which a freestanding
 * compiler provides. Every library .c file takes them from here, never from <string.h>.
 *
 * How the two are declared (pick at most one):
 *   - default: #include <string.h>;
 *   - -DFC_LIBC_HEADER='"my_mem.h"' (or <...>): your header, which declares them;
 *   - -DFC_NO_LIBC_HEADERS: no header at all; the prototypes below are used and your
 *     firmware links its own memcpy and memset (e.g. -nostdinc -ffreestanding -nostdlib).
 * Not installed; included only by the library's .c files.
 */
#ifndef FERNETC_LIBC_H
#define FERNETC_LIBC_H

#include <stddef.h>

#if defined(FC_LIBC_HEADER)
#include FC_LIBC_HEADER
#elif defined(FC_NO_LIBC_HEADERS)
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
#else
#include <string.h>
#endif

#endif /* FERNETC_LIBC_H */
