/*
 * fernet: Fernet tokens, keys, rotation and password encryption from the shell.
 * Manual: docs/fernet.1. Exit status: 0 ok, 1 rejected, 2 usage, 3 I/O.
 */
#include "cli.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
} main_cmd;

static const main_cmd main_cmds[] = {
    { "keygen", cli_cmd_keygen },       { "encrypt", cli_cmd_encrypt },
    { "decrypt", cli_cmd_decrypt },     { "rotate", cli_cmd_rotate },
    { "verify", cli_cmd_verify },       { "timestamp", cli_cmd_timestamp },
    { "derive-key", cli_cmd_derive_key },
};

/* A closed standard descriptor would be reused by the next open() (an output or temporary
 * file), and messages written to "standard error" would land in it: give each closed one
 * /dev/null. Without it, nothing can be trusted, so the command stops. */
static int main_std_fds(void)
{
    int fd;
    for (fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1)
            continue;
        if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
            return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    size_t i;
    int rc;
    if (main_std_fds() != 0)
        return CLI_IO;
    /* A file size limit (ulimit -f) then fails a write with EFBIG, reported as an I/O
     * error, instead of killing the command. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        cli_help_main();
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        if (argc > 2 && cli_help_cmd(argv[2]) == 0)
            return CLI_OK;
        cli_help_main();
        return CLI_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("fernet %s (fernet-c; AES %s, SHA-256 %s)\n", FC_VERSION,
               fc_aes_backend_name(NULL), fc_sha256_backend_name());
        return CLI_OK;
    }
    for (i = 0; i < sizeof main_cmds / sizeof main_cmds[0]; i++) {
        if (strcmp(argv[1], main_cmds[i].name) == 0) {
            rc = main_cmds[i].run(argc - 2, argv + 2);
            if (fflush(stdout) != 0 && rc == CLI_OK) {
                cli_err("cannot write standard output");
                rc = CLI_IO;
            }
            return rc;
        }
    }
    cli_err("unknown command '%s' (see fernet --help)", argv[1]);
    return CLI_USAGE;
}
