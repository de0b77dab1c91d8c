/*
 * Constant-time gate for Fernet: keys (raw and text form), plaintexts and the token's MAC
 * characters are secret (undefined for valgrind). Key decoding, encryption, and decryption
 * of a valid token and of one with a wrong MAC must not branch or index memory on them; the
 * only branches on secret-derived values are the verdicts passed through FC_DECLASSIFY.
 * Hosted builds decode and encode token text (public) with base64's table and SIMD paths:
 * the library declassifies the text and the bytes it publishes first (fernet_private.h),
 * so there the MAC characters' marking covers the tag comparison, not the decoding.
 */
#include <stdio.h>
#include <string.h>

#include "fc_fernet.h"

#define CT_NAME "ct_fernet"
#include "ct.h"

/* Mark the characters that carry the token's 32 tag bytes (not the '=' padding) secret. */
static void secret_mac(char *tok, size_t len)
{
    size_t raw = len / 4 * 3, first, end = len;

    while (end > 0 && tok[end - 1] == '=') {
        end--;
        raw--;
    }
    first = (raw - 32) * 8 / 6; /* first character holding a bit of the tag */
    SECRET(tok + first, end - first);
}

int main(void)
{
    uint8_t key[FC_FERNET_KEY_SIZE], key2[FC_FERNET_KEY_SIZE], msg[45], back[64];
    const uint8_t iv[FC_FERNET_IV_SIZE] = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6};
    char text[FC_FERNET_KEY_TEXT_LEN], tok[200], bad[200];
    size_t i, n = 0, m = 0;
    fc_err err;

    for (i = 0; i < sizeof key; i++)
        key[i] = (uint8_t)(i * 29 + 3);
    for (i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)(i * 11 + 1);

    /* Key text form, both ways, with the key secret. */
    SECRET(key, sizeof key);
    fc_fernet_key_encode(text, key);
    SECRET(text, sizeof text);
    err = fc_fernet_key_decode(key2, text, sizeof text);
    PUBLIC(key2, sizeof key2);
    PUBLIC(key, sizeof key);
    CT_EXPECT(err == FC_OK && memcmp(key, key2, sizeof key) == 0, "key decode");

    /* Encrypt: secret key and message; the token is public once written. */
    SECRET(key2, sizeof key2);
    SECRET(msg, sizeof msg);
    err = fc_fernet_encrypt_at(tok, sizeof tok, &n, key2, 1700000000u, iv, msg, sizeof msg);
    PUBLIC(tok, sizeof tok);
    CT_EXPECT(err == FC_OK && n == fc_fernet_token_len(sizeof msg), "encrypt");
    memcpy(bad, tok, n);

    /* Decrypt a valid token: secret key and tag. */
    secret_mac(tok, n);
    err = fc_fernet_decrypt_at(back, sizeof back, &m, key2, tok, n, 1700000001u, 60, NULL);
    PUBLIC(back, sizeof back);
    PUBLIC(msg, sizeof msg);
    CT_EXPECT(err == FC_OK && m == sizeof msg && memcmp(back, msg, m) == 0, "decrypt");

    /* A token whose tag is wrong: refused, output wiped. */
    i = n - 10;
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    secret_mac(bad, n);
    err = fc_fernet_decrypt_at(back, sizeof back, &m, key2, bad, n, 1700000001u, 60, NULL);
    PUBLIC(back, sizeof back);
    CT_EXPECT(err == FC_ERR_AUTH && back[0] == 0, "wrong MAC");

    /* Two passes: the verifier, then the decryptor over the same text, then over the text
     * with the wrong tag (refused by final, output wiped). Key, tag and plaintext secret. */
    {
        fc_fernet_verify_ctx v;
        fc_fernet_dec_ctx d;
        size_t w = 0, k = 0;

        /* tok's tag characters are still secret from the one-shot decrypt above */
        fc_fernet_verify_init(&v, key2);
        err = fc_fernet_verify_update(&v, tok, n);
        if (err == FC_OK)
            err = fc_fernet_verify_final(&v, 1700000001u, 60, NULL);
        if (err == FC_OK)
            err = fc_fernet_dec_init(&d, &v);
        if (err == FC_OK)
            err = fc_fernet_dec_update(&d, back, sizeof back, &w, tok, n);
        if (err == FC_OK)
            err = fc_fernet_dec_final(&d, back + w, sizeof back - w, &k);
        PUBLIC(back, sizeof back);
        CT_EXPECT(err == FC_OK && w + k == sizeof msg && memcmp(back, msg, w + k) == 0,
              "stream decrypt");

        fc_fernet_verify_init(&v, key2);
        err = fc_fernet_verify_update(&v, tok, n);
        if (err == FC_OK)
            err = fc_fernet_verify_final(&v, 1700000001u, 60, NULL);
        if (err == FC_OK)
            err = fc_fernet_dec_init(&d, &v);
        if (err == FC_OK)
            err = fc_fernet_dec_update(&d, back, sizeof back, &w, bad, n);
        if (err == FC_OK)
            err = fc_fernet_dec_final(&d, back + w, sizeof back - w, &k);
        PUBLIC(back, sizeof back);
        CT_EXPECT(err == FC_ERR_AUTH && back[w] == 0 && k == 0, "stream pass 2 changed tag");
    }

    printf("ct_fernet: key decode, encrypt, decrypt (valid, wrong MAC), two-pass decrypt "
           "(same text, changed tag in pass 2)\n");
    return ct_done();
}
