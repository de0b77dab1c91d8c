/*
 * Test support shared by the Check suites: vector-file readers (NIST .rsp records and a
 * small JSON reader), hex decoding, a seeded PRNG, and the suite runner. Test-only code:
 * it allocates freely and aborts the test program on malformed vector files.
 */
#ifndef FC_TEST_H
#define FC_TEST_H

#include <stddef.h>
#include <stdint.h>

#include <check.h>

/* Read vectors/<relpath> whole (NUL-terminated); *len gets its size (may be NULL).
 * The directory is $FC_VECTORS_DIR, else the build's default. Exits on failure. */
char *fct_read_vector_file(const char *relpath, size_t *len);

/* Decode a hex string (even length, any case) into a fresh buffer; *len gets the byte
 * count. Returns a non-NULL pointer even for "". Exits on malformed hex. */
uint8_t *fct_unhex(const char *hex, size_t *len);

/* ---- NIST CAVP .rsp / .txt records ----
 * A record is a run of `Name = value` lines; a blank line ends it. `[...]` lines set the
 * section for the records after them (e.g. "ENCRYPT", "L = 32"). `#` lines are skipped,
 * even inside a record. CR characters are ignored. */
typedef struct {
    const char *name;
    const char *value;
} fct_field;

typedef struct {
    const char *file;    /* relpath it came from */
    const char *section; /* text inside the last [...] seen, "" if none */
    size_t line;         /* line of its first field */
    fct_field *fields;
    size_t nfields;
} fct_record;

typedef struct {
    fct_record *recs;
    size_t n;
} fct_rsp;

/* Load every record of vectors/<relpath>. */
void fct_rsp_load(fct_rsp *out, const char *relpath);

/* The value of field `name` in r (exact match, case-sensitive), or NULL. */
const char *fct_rsp_get(const fct_record *r, const char *name);

/* ---- JSON (enough for the vector files) ---- */
typedef enum { FCT_JNULL, FCT_JBOOL, FCT_JNUM, FCT_JSTR, FCT_JARR, FCT_JOBJ } fct_jtype;

typedef struct fct_json {
    fct_jtype type;
    int boolean;            /* FCT_JBOOL */
    double num;             /* FCT_JNUM */
    uint64_t u64;           /* FCT_JNUM when it is a non-negative integer (is_uint set) */
    int is_uint;
    char *str;              /* FCT_JSTR: decoded UTF-8, NUL-terminated */
    size_t len;             /* FCT_JSTR: byte length; FCT_JARR/FCT_JOBJ: item count */
    char **keys;            /* FCT_JOBJ */
    struct fct_json *items; /* FCT_JARR / FCT_JOBJ values */
} fct_json;

/* Parse vectors/<relpath>; exits on malformed JSON. */
const fct_json *fct_json_load(const char *relpath);
/* Member `key` of an object, or NULL (also when obj is not an object). */
const fct_json *fct_json_get(const fct_json *obj, const char *key);
/* Member `key`, which must exist and be a string / unsigned integer (exits otherwise). */
const char *fct_json_str(const fct_json *obj, const char *key);
uint64_t fct_json_u64(const fct_json *obj, const char *key);

/* ---- Deterministic PRNG for property tests (xoshiro-style, not for keys) ----
 * Seeded from $FC_TEST_SEED when set, else a fixed default; the seed is printed once. */
uint64_t fct_rand64(void);
size_t fct_rand_below(size_t n); /* uniform enough for tests, n > 0 */
void fct_rand_bytes(uint8_t *p, size_t len);

/* Print "<what>: N vectors" so each suite says how much it checked. */
void fct_count(const char *what, size_t n);

/* malloc that never returns NULL (exits the test program instead); n may be 0. */
void *fct_xmalloc(size_t n);
/* 1 when the n bytes at p are all zero (e.g. a buffer wiped after an error). */
int fct_all_zero(const void *p, size_t n);

/* Run one suite with Check; returns the process exit status (0 only if all passed). */
int fct_run(Suite *s);

#endif /* FC_TEST_H */
