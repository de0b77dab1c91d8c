/*
 * Constant-time gate for the password schemes: the password and the message are secret
 * (marked undefined for valgrind). Legacy CFB encrypt and decrypt, and fcpw1 encrypt and
 * decrypt (right and wrong password), must not branch or index memory on them; the only
 * branch on a secret-derived value is the Fernet HMAC verdict, declassified in the core.
 */
#include <stdio.h>
#include <string.h>

#include "fc_password.h"

#define CT_NAME "ct_password"
#include "ct.h"

int main(void)
{
    uint8_t pw[23], wrong[23], msg[77], back[128];
    const uint8_t salt[FC_PASSWORD_SALT_SIZE] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    const uint8_t iv[FC_AES_BLOCK_SIZE] = {16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3};
    char text[400];
    size_t n = 0, m = 0, i;
    fc_err err;

    for (i = 0; i < sizeof pw; i++)
        pw[i] = (uint8_t)(i * 7 + 1);
    memcpy(wrong, pw, sizeof wrong);
    wrong[5] ^= 1;
    for (i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 13 + 5);

    /* Legacy CFB: the text is public once written. */
    SECRET(pw, sizeof pw);
    SECRET(msg, sizeof msg);
    err = fc_legacy_cfb_encrypt(text, sizeof text, &n, pw, sizeof pw, salt, iv, 3, msg, sizeof msg);
    PUBLIC(text, sizeof text);
    CT_EXPECT(err == FC_OK && n == fc_legacy_cfb_text_len(sizeof msg), "legacy encrypt");
    err = fc_legacy_cfb_decrypt(back, sizeof back, &m, pw, sizeof pw, 3, text, n);
    PUBLIC(back, sizeof back);
    PUBLIC(msg, sizeof msg);
    CT_EXPECT(err == FC_OK && m == sizeof msg && memcmp(back, msg, m) == 0, "legacy round trip");

    /* fcpw1: right password opens, wrong one is refused. */
    SECRET(msg, sizeof msg);
    err = fc_fcpw1_encrypt_at(text, sizeof text, &n, pw, sizeof pw, salt, 3, 1700000000u, iv, msg,
                              sizeof msg);
    PUBLIC(text, sizeof text);
    CT_EXPECT(err == FC_OK && n == fc_fcpw1_text_len(sizeof msg), "fcpw1 encrypt");
    err = fc_fcpw1_decrypt(back, sizeof back, &m, pw, sizeof pw, FC_FCPW1_MAX_ITERATIONS, text, n);
    PUBLIC(back, sizeof back);
    PUBLIC(msg, sizeof msg);
    CT_EXPECT(err == FC_OK && m == sizeof msg && memcmp(back, msg, m) == 0, "fcpw1 round trip");
    SECRET(wrong, sizeof wrong);
    err = fc_fcpw1_decrypt(back, sizeof back, &m, wrong, sizeof wrong, FC_FCPW1_MAX_ITERATIONS, text, n);
    PUBLIC(back, sizeof back);
    CT_EXPECT(err == FC_ERR_AUTH && m == 0, "fcpw1 wrong password");

    return ct_done();
}
