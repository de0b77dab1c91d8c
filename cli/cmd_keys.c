/*
 * fernet keygen / derive-key: new random keys (Python's Fernet.generate_key) and keys
 * from a password (PBKDF2-HMAC-SHA256, RFC 8018 5.2, as the tutorial's PBKDF2HMAC).
 */
#include "cli.h"

#include <string.h>

int cli_cmd_keygen(int argc, char **argv)
{
    cli_opts o;
    cli_sink sink;
    uint8_t key[FC_FERNET_KEY_SIZE];
    char text[FC_FERNET_KEY_TEXT_LEN + 1];
    int rc;

    cli_opts_init(&o, "keygen");
    if ((rc = cli_parse(&o, argc, argv, OPT_OUT | OPT_FORCE, 0)) != CLI_OK)
        return rc;
    if (o.help) {
        cli_help_cmd("keygen");
        return CLI_OK;
    }
    if (fc_os_fernet_key_generate(key) != FC_OK) {
        cli_err("the system's random source failed");
        return CLI_IO;
    }
    fc_fernet_key_encode(text, key);
    fc_wipe(key, sizeof key);
    text[FC_FERNET_KEY_TEXT_LEN] = '\n';
    /* A key file is private (0600) and is never silently replaced. */
    rc = cli_sink_open(&sink, o.out, 0600, (o.seen & OPT_FORCE) ? CLI_SINK_FORCE : CLI_SINK_NEW);
    if (rc == CLI_OK) {
        rc = cli_sink_write(&sink, text, sizeof text);
        if (rc == CLI_OK)
            rc = cli_sink_commit(&sink);
        else
            cli_sink_abort(&sink);
    }
    fc_wipe(text, sizeof text);
    return rc;
}

/* A salt in URL-safe or standard base64, padded or not. */
static int keys_salt(const char *s, uint8_t *salt, size_t cap, size_t *len)
{
    static const unsigned flags[] = { FC_BASE64_URL, FC_BASE64_URL | FC_BASE64_NOPAD, 0,
                                      FC_BASE64_NOPAD };
    size_t i, n = strlen(s);
    for (i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (fc_base64_decode(salt, cap, len, s, n, flags[i], NULL) == FC_OK && *len > 0)
            return 0;
    return -1;
}

int cli_cmd_derive_key(int argc, char **argv)
{
    cli_opts o;
    uint8_t salt[1024], key[FC_FERNET_KEY_SIZE], pw[CLI_PW_MAX];
    char text[FC_FERNET_KEY_TEXT_LEN + 1];
    size_t salt_len, pw_len = 0;
    int rc;

    cli_opts_init(&o, "derive-key");
    o.iterations = FC_LEGACY_CFB_ITERATIONS;
    if ((rc = cli_parse(&o, argc, argv, OPT_SALT | OPT_ITER | OPT_PWFILE, 0)) != CLI_OK)
        return rc;
    if (o.help) {
        cli_help_cmd("derive-key");
        return CLI_OK;
    }
    if (o.salt == NULL) {
        cli_err("derive-key: --salt SALT is required (the salt the key was made with)");
        return CLI_USAGE;
    }
    if (keys_salt(o.salt, salt, sizeof salt, &salt_len) != 0) {
        cli_err("derive-key: --salt: expected base64 (URL-safe or standard), up to %u bytes",
                (unsigned)sizeof salt);
        return CLI_USAGE;
    }
    if ((rc = cli_get_password(&o, pw, &pw_len, 0)) != CLI_OK) {
        fc_wipe(pw, sizeof pw);
        return rc;
    }
    if (fc_fernet_key_derive(key, pw, pw_len, salt, salt_len, o.iterations) != FC_OK) {
        cli_err("derive-key: key derivation failed");
        rc = CLI_USAGE;
    } else {
        fc_fernet_key_encode(text, key);
        text[FC_FERNET_KEY_TEXT_LEN] = '\n';
        cli_sink out;
        if ((rc = cli_sink_open(&out, NULL, 0, 0)) == CLI_OK)
            rc = cli_sink_write(&out, text, sizeof text);
    }
    fc_wipe(pw, sizeof pw);
    fc_wipe(key, sizeof key);
    fc_wipe(text, sizeof text);
    return rc;
}
