/*
 * fernet command: the one whitespace rule. People paste, wrap (fold -w 60, mail) and
 * indent tokens and keys; Python's base64 decoder drops what is not in its alphabet. The
 * command ignores whitespace anywhere in a text; the library's calls stay strict.
 */
#include "cli.h"

int cli_is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

size_t cli_squeeze(char *buf, size_t len)
{
    size_t i, n = 0;
    for (i = 0; i < len; i++)
        if (!cli_is_space((unsigned char)buf[i]))
            buf[n++] = buf[i];
    return n;
}
