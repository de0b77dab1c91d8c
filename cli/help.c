/*
 * fernet command: --help texts. They follow docs/fernet.1; tests/check_cli.sh checks that
 * every option named here appears in the manual and the other way round.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char help_main[] =
    "usage: fernet COMMAND [OPTIONS] [INPUT] [-o OUTPUT]\n"
    "\n"
    "Fernet tokens, compatible with Python's cryptography.fernet.\n"
    "\n"
    "commands:\n"
    "  keygen       print a new random key\n"
    "  encrypt      encrypt INPUT into a token (or with --password)\n"
    "  decrypt      decrypt a token (or a --password text)\n"
    "  rotate       re-encrypt a token under a new key, keeping its timestamp\n"
    "  verify       check a token; exit status only\n"
    "  timestamp    print a token's authenticated timestamp\n"
    "  derive-key   make a key from a password and a salt (PBKDF2-HMAC-SHA256)\n"
    "\n"
    "  fernet COMMAND --help   options of one command\n"
    "  fernet --version        version\n"
    "\n"
    "Keys come from -k KEYFILE (a file holding the key) or FERNET_KEY (the key\n"
    "itself), never from the command line; passwords from --password-file FILE,\n"
    "FERNET_PASSWORD, or the terminal. Messages never repeat a value that looks\n"
    "like a key, nor the name given to -k or --password-file when no such file exists.\n"
    "INPUT and OUTPUT default to standard input and output; '-' means those.\n"
    "Exit status: 0 success, 1 token or password rejected, 2 usage error, 3 I/O error.\n"
    "Manual: man fernet\n";

typedef struct {
    const char *cmd;
    const char *text;
} help_entry;

static const help_entry help_cmds[] = {
    { "keygen",
      "usage: fernet keygen [-o FILE] [--force]\n"
      "\n"
      "Print a new random key: 44 characters of URL-safe base64 and a newline.\n"
      "\n"
      "  -o FILE     write the key to FILE, mode 0600\n"
      "  --force     replace FILE if it exists (otherwise refused)\n" },
    { "encrypt",
      "usage: fernet encrypt -k KEYFILE [--now UNIX] [INPUT] [-o OUTPUT]\n"
      "       fernet encrypt --password [--iterations N] [--allow-empty-password]\n"
      "                      [INPUT] [-o OUTPUT]\n"
      "       fernet encrypt --password --legacy-cfb [--iterations N] [INPUT] [-o OUTPUT]\n"
      "\n"
      "Encrypt INPUT into a Fernet token (one line), streaming any size.\n"
      "\n"
      "  -k, --key KEYFILE     file holding the key (default: FERNET_KEY)\n"
      "  --now UNIX            stamp the token with this time instead of the clock\n"
      "  --password            encrypt with a password: the authenticated fcpw1 format\n"
      "  --legacy-cfb          with --password: the tutorial's UNAUTHENTICATED format\n"
      "  --iterations N        PBKDF2 iterations (fcpw1 1200000, legacy 100000)\n"
      "  --password-file FILE  password: the first line of FILE\n"
      "  --allow-empty-password  with --password: accept an empty password\n"
      "  --progress            show a progress line on standard error\n"
      "  -o OUTPUT             write here (replaced only when complete)\n"
      "  --force               replace OUTPUT even if it is read-only\n" },
    { "decrypt",
      "usage: fernet decrypt -k KEYFILE [-k KEYFILE ...] [--ttl SECONDS] [--now UNIX]\n"
      "                      [INPUT] [-o OUTPUT]\n"
      "       fernet decrypt --password [INPUT] [-o OUTPUT]\n"
      "       fernet decrypt --password --legacy-cfb [--iterations N] [INPUT] [-o OUTPUT]\n"
      "\n"
      "Decrypt a token. Nothing is written before the whole token is verified;\n"
      "-o OUTPUT appears only on success.\n"
      "\n"
      "  -k, --key KEYFILE     a key that may open the token; repeat for several\n"
      "                        (default: FERNET_KEY)\n"
      "  --ttl SECONDS         reject tokens older than this\n"
      "  --now UNIX            take this as the current time\n"
      "  --password            decrypt an fcpw1 text made with a password\n"
      "  --legacy-cfb          with --password: the tutorial's UNAUTHENTICATED format\n"
      "  --iterations N        legacy format only: PBKDF2 iterations (default 100000)\n"
      "  --password-file FILE  password: the first line of FILE\n"
      "  --progress            show a progress line on standard error\n"
      "  -o OUTPUT             write here (replaced only on success)\n"
      "  --force               replace OUTPUT even if it is read-only\n" },
    { "rotate",
      "usage: fernet rotate -k NEWKEY -k OLDKEY [-k ...] [INPUT] [-o OUTPUT]\n"
      "\n"
      "Open a token with any of the keys and re-encrypt it under the first (NEWKEY),\n"
      "keeping its original timestamp (Python's MultiFernet.rotate).\n"
      "\n"
      "  -k, --key KEYFILE  the new key first, then the old ones\n"
      "  --progress    show a progress line on standard error\n"
      "  -o OUTPUT     write here (replaced only on success)\n"
      "  --force       replace OUTPUT even if it is read-only\n" },
    { "verify",
      "usage: fernet verify -k KEYFILE [-k ...] [--ttl SECONDS] [--now UNIX] [INPUT]\n"
      "\n"
      "Check a token without decrypting it: exit status 0 if valid, 1 if not.\n"
      "\n"
      "  -k, --key KEYFILE  a key that may open the token; repeat for several\n"
      "  --ttl SECONDS    reject tokens older than this\n"
      "  --now UNIX       take this as the current time\n"
      "  --progress       show a progress line on standard error\n" },
    { "timestamp",
      "usage: fernet timestamp -k KEYFILE [-k ...] [INPUT]\n"
      "\n"
      "Print the token's authenticated timestamp: Unix seconds and UTC ISO-8601.\n"
      "\n"
      "  -k, --key KEYFILE  a key that may open the token; repeat for several\n"
      "  --progress    show a progress line on standard error\n" },
    { "derive-key",
      "usage: fernet derive-key --salt SALT [--iterations N]\n"
      "\n"
      "Print the Fernet key for a password: URL-safe base64 of\n"
      "PBKDF2-HMAC-SHA256(password, salt, N, 32), as the tutorial's code makes it.\n"
      "\n"
      "  --salt SALT           the salt, URL-safe or standard base64\n"
      "  --iterations N        PBKDF2 iterations (default 100000)\n"
      "  --password-file FILE  password: the first line of FILE\n" },
};

void cli_help_main(void)
{
    fputs(help_main, stdout);
}

int cli_help_cmd(const char *cmd)
{
    size_t i;
    for (i = 0; i < sizeof help_cmds / sizeof help_cmds[0]; i++) {
        if (strcmp(cmd, help_cmds[i].cmd) == 0) {
            fputs(help_cmds[i].text, stdout);
            return 0;
        }
    }
    return -1;
}
