/*
 * fernet command: declarations shared by the files in cli/ (not part of the library).
 * The command uses only the library's public API (fernetc.h) plus libc and POSIX.
 * Manual: docs/fernet.1.
 */
#ifndef FERNET_CLI_H
#define FERNET_CLI_H

/* 64-bit file offsets on 32-bit systems too: inputs may be larger than 2 GiB. */
#ifndef _FILE_OFFSET_BITS
#define _FILE_OFFSET_BITS 64
#endif

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "fernetc.h"

/* Exit statuses (docs/fernet.1, EXIT STATUS). */
#define CLI_OK 0
#define CLI_REJECTED 1 /* token or password rejected */
#define CLI_USAGE 2
#define CLI_IO 3

#define CLI_MAX_KEYS 64
#define CLI_CHUNK (256u * 1024u) /* bytes read per I/O call: memory stays constant */
#define CLI_PW_MAX 4096         /* longest password accepted, bytes */

/* ---- options (args.c) ---- */

/* Bits naming the options a command accepts. */
enum {
    OPT_KEY = 1 << 0, OPT_OUT = 1 << 1, OPT_TTL = 1 << 2, OPT_NOW = 1 << 3,
    OPT_ITER = 1 << 4, OPT_SALT = 1 << 5, OPT_PASSWORD = 1 << 6, OPT_LEGACY = 1 << 7,
    OPT_PWFILE = 1 << 8, OPT_FORCE = 1 << 9, OPT_PROGRESS = 1 << 10,
    OPT_ALLOW_EMPTY = 1 << 11
};

typedef struct {
    const char *cmd;                  /* subcommand name, for messages */
    const char *keyfiles[CLI_MAX_KEYS];
    size_t nkeyfiles;
    const char *out;                  /* -o, NULL: standard output */
    const char *in;                   /* INPUT, NULL: standard input */
    const char *salt;
    const char *pwfile;
    uint64_t ttl, now;
    uint32_t iterations;
    unsigned seen;                    /* OPT_* bits given on the command line */
    int help;
} cli_opts;

/* Parse argv (after the subcommand) allowing the OPT_* bits in `allowed` and at most
 * max_pos positional arguments. CLI_OK or CLI_USAGE (message printed). */
int cli_parse(cli_opts *o, int argc, char **argv, unsigned allowed, int max_pos);

/* 1 if s looks like a Fernet key (43 base64 characters, and '=' or a mix of upper case,
 * lower case and digits). Such command-line values are refused and never repeated. */
int cli_key_shaped(const char *s);

/* Print "fernet: " + message + newline to stderr. */
void cli_err(const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Current time: --now when given, else the OS clock. CLI_OK or CLI_IO. */
int cli_now(const cli_opts *o, uint64_t *now);

/* ---- help texts (help.c) ---- */
void cli_help_main(void);
/* Print the help of one command; 0 if known, -1 if not. */
int cli_help_cmd(const char *cmd);

/* ---- keys and passwords (secrets.c) ---- */

/* Keys from every -k file, else FERNET_KEY. keys must hold CLI_MAX_KEYS entries. */
int cli_load_keys(const cli_opts *o, uint8_t (*keys)[FC_FERNET_KEY_SIZE], size_t *nkeys);

/* Password from --password-file, FERNET_PASSWORD, or the terminal. confirm (encrypting):
 * asked twice on the terminal, and an empty password is refused unless
 * --allow-empty-password. pw holds CLI_PW_MAX bytes; the caller wipes it. */
int cli_get_password(const cli_opts *o, uint8_t *pw, size_t *pw_len, int confirm);

/* Fill out with random bytes from the OS. CLI_OK or CLI_IO. */
int cli_random(uint8_t *out, size_t len);

/* ---- the whitespace rule (text.c) ----
 * Text from people: space, tab, CR, LF, VT and FF are ignored anywhere inside a token, an
 * fcpw1 text, a legacy CFB text or a key (docs/fernet.1, INPUT TEXT). The library stays
 * strict; this is the one place the command relaxes it. */
int cli_is_space(unsigned char c);
/* Remove every whitespace character from buf in place; returns the new length. */
size_t cli_squeeze(char *buf, size_t len);

/* ---- progress line (progress.c) ---- */
typedef struct {
    int on;
    uint64_t total, done;  /* total 0: unknown */
    double start, last;
    const char *label;
} cli_progress;

void cli_progress_init(cli_progress *p, int forced, uint64_t total, const char *label);
void cli_progress_add(cli_progress *p, size_t n);
void cli_progress_end(cli_progress *p);

/* ---- input (source.c) ---- */
typedef struct {
    const char *name;  /* for messages */
    int fd;
    int regular;       /* seekable regular file */
    uint64_t size;     /* bytes, when regular */
} cli_source;

int cli_source_open(cli_source *s, const char *path);
/* Read up to cap bytes (fewer only at the end); *got 0 at end of input. */
int cli_source_read(cli_source *s, void *buf, size_t cap, size_t *got);
int cli_source_seek(cli_source *s, uint64_t off);
void cli_source_close(cli_source *s);
/* A private temporary file in TMPDIR (else /tmp), mode 0600, without a name: O_TMPFILE
 * where the system has it, else created and unlinked at once. *dir gets the directory
 * used, for messages. The fd, or -1 (message printed). */
int cli_tmp_unnamed(const char **dir);
/* Write all of buf to fd; -1 (errno set) on failure. */
int cli_write_all(int fd, const void *buf, size_t len);
/* When fd is a pipe, ask for a 1 MiB pipe buffer (Linux; best effort, else nothing). */
void cli_pipe_widen(int fd);

/* ---- output (sink.c) ----
 * A regular file (new or existing) is written to a temporary file in the same directory,
 * created at the first write (never before: a command that fails first leaves nothing),
 * and linked or renamed to its name only by cli_sink_commit. On Linux the temporary file
 * has no name (O_TMPFILE) until then, so even `kill -9` leaves nothing; elsewhere it is
 * named .NAME.XXXXXX and the signals that end the command are held while it exists.
 * Standard output and an existing non-regular file (device, FIFO) are written directly
 * ("direct"): they cannot be taken back, so callers write to them only what is already
 * authenticated. */
enum { CLI_SINK_NEW = 1, CLI_SINK_FORCE = 2 };
typedef struct {
    const char *name;  /* for messages */
    const char *path;  /* NULL: standard output */
    int fd;            /* -1: the temporary file is not created yet */
    int direct;
    int unnamed;       /* fd is an O_TMPFILE */
    int held;          /* signals are held (the named temporary file exists) */
    unsigned flags;    /* CLI_SINK_* */
    mode_t mode;       /* mode of the final file */
    uint64_t written;  /* bytes in the temporary file */
    uint64_t started;  /* of which write-back to disk was started (sink.c, Linux) */
    char tmp[4096];    /* the named temporary file */
} cli_sink;

/* mode: 0 = as a new file normally gets (existing file: its mode), else that mode.
 * CLI_SINK_NEW: an existing file is an error (keygen without --force). Without
 * CLI_SINK_FORCE an existing file without write permission is refused, as cp(1) does. */
int cli_sink_open(cli_sink *s, const char *path, mode_t mode, unsigned flags);
int cli_sink_write(cli_sink *s, const void *buf, size_t len);
/* fsync, close, link or rename into place. CLI_OK or CLI_IO (then nothing is left). */
int cli_sink_commit(cli_sink *s);
/* Remove the temporary file; the named file (if any) is untouched. */
void cli_sink_abort(cli_sink *s);
/* CLI_SINK_FORCE when --force was given. */
unsigned cli_sink_flags(const cli_opts *o);
/* Commit when rc is CLI_OK, else abort; the command's final status. */
int cli_sink_finish(cli_sink *s, int rc);

/* Set o to the defaults for command cmd. */
void cli_opts_init(cli_opts *o, const char *cmd);

/* ---- commands ---- */
int cli_cmd_keygen(int argc, char **argv);
int cli_cmd_derive_key(int argc, char **argv);
int cli_cmd_encrypt(int argc, char **argv);
int cli_cmd_decrypt(int argc, char **argv);
int cli_cmd_rotate(int argc, char **argv);
int cli_cmd_verify(int argc, char **argv);
int cli_cmd_timestamp(int argc, char **argv);

/* Password formats (password.c), called by encrypt/decrypt with --password. */
int cli_pw_encrypt(const cli_opts *o);
int cli_pw_decrypt(const cli_opts *o);

/* Token plumbing shared by the Fernet and fcpw1 commands (token.c). Whitespace anywhere
 * in the text is ignored (cli_squeeze). */
#define CLI_SPOOL_MAX (16ull << 30) /* default ceiling of a spooled token, bytes */
typedef struct {
    cli_source src;
    cli_source spool;      /* the unnamed copy pass 1 makes (fd -1: pass 2 re-reads src) */
    const char *spool_dir; /* for messages */
    uint64_t ceiling;      /* most characters the spool may hold (FERNET_SPOOL_MAX) */
    uint64_t from;         /* offset in src where the token (or fcpw1 body) starts */
    cli_progress prog;
    const char *auth_msg;  /* message when no key verifies; NULL: the key message */
} cli_token_in;

/* Open INPUT for `passes` reads (1: verify only; 2: verify, then decrypt). With 2, when
 * INPUT is not a regular file or when must_spool (the output cannot be taken back), pass 1
 * keeps a copy of what it verified for pass 2. */
int cli_token_open(cli_token_in *t, const cli_opts *o, int must_spool, int passes,
                   const char *label);
/* Read up to n non-blank characters (an fcpw1 header; *got fewer only at the end of the
 * input); the token then starts after them. CLI_OK or CLI_IO. */
int cli_token_head(cli_token_in *t, char *buf, size_t n, size_t *got);
/* Pass 1 with one context per key, stopping at the first character no token has or once
 * every key has rejected the text: *ctx gets the context of the first key that verified
 * (index *used, may be NULL), *ts its timestamp (may be NULL). Otherwise the reason is
 * printed and the result is CLI_REJECTED (or CLI_IO). */
int cli_token_verify(cli_token_in *t, const uint8_t (*keys)[FC_FERNET_KEY_SIZE], size_t nkeys,
                     uint64_t now, uint64_t ttl, fc_fernet_dec_ctx **ctx, size_t *used,
                     uint64_t *ts);
/* Pass 2: decrypt with the context pass 1 verified; each plaintext chunk goes to
 * emit(arg, buf, len). CLI_OK, CLI_REJECTED (message printed) or emit's error. */
int cli_token_decrypt(cli_token_in *t, fc_fernet_dec_ctx *ctx,
                      int (*emit)(void *arg, const uint8_t *buf, size_t len), void *arg);
void cli_token_close(cli_token_in *t);
/* Stream the source through a Fernet encryptor into sink, then a newline. */
int cli_token_encrypt(cli_source *src, cli_progress *p, cli_sink *sink,
                      const uint8_t key[FC_FERNET_KEY_SIZE], uint64_t now);
/* emit callback writing to a cli_sink. */
int cli_emit_sink(void *arg, const uint8_t *buf, size_t len);

#endif /* FERNET_CLI_H */
