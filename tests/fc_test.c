/*
 * Test support: vector readers, hex, PRNG, runner. See fc_test.h.
 */
#include "fc_test.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FC_VECTORS_DIR
#define FC_VECTORS_DIR "vectors"
#endif

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "fc_test: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2);
}

void *fct_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory (%zu bytes)", n);
    return p;
}

int fct_all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    size_t i;

    for (i = 0; i < n; i++)
        if (b[i] != 0)
            return 0;
    return 1;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die("out of memory (%zu bytes)", n);
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(fct_xmalloc(n), s, n);
}

char *fct_read_vector_file(const char *relpath, size_t *len)
{
    const char *dir = getenv("FC_VECTORS_DIR");
    char path[4096];
    FILE *f;
    char *buf;
    size_t cap = 1 << 16, n = 0, r;

    if (!dir || !*dir)
        dir = FC_VECTORS_DIR;
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, relpath) >= sizeof path)
        die("path too long: %s", relpath);
    f = fopen(path, "rb");
    if (!f)
        die("cannot open %s: %s", path, strerror(errno));
    buf = fct_xmalloc(cap);
    while ((r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (cap - n - 1 == 0)
            buf = xrealloc(buf, cap *= 2);
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

uint8_t *fct_unhex(const char *hex, size_t *len)
{
    size_t n = strlen(hex), i;
    uint8_t *out;

    if (n % 2)
        die("odd-length hex: %s", hex);
    out = fct_xmalloc(n / 2);
    for (i = 0; i < n / 2; i++) {
        int hi = hexval((unsigned char)hex[2 * i]), lo = hexval((unsigned char)hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            die("bad hex at %zu: %s", 2 * i, hex);
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    if (len)
        *len = n / 2;
    return out;
}

/* ---- .rsp ---- */

static char *trim(char *s)
{
    char *e;
    while (*s == ' ' || *s == '\t' || *s == '\r')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

void fct_rsp_load(fct_rsp *out, const char *relpath)
{
    char *text = fct_read_vector_file(relpath, NULL);
    char *line = text, *next;
    const char *section = "";
    size_t lineno = 0, cap = 0;
    fct_record *cur = NULL;

    out->recs = NULL;
    out->n = 0;
    for (; line; line = next) {
        char *eq, *s;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        s = trim(line);
        if (*s == '#')
            continue;
        if (*s == '\0') {
            cur = NULL;
            continue;
        }
        if (*s == '[') {
            char *close = strchr(s, ']');
            if (close)
                *close = '\0';
            section = xstrdup(trim(s + 1));
            cur = NULL;
            continue;
        }
        eq = strchr(s, '=');
        if (!eq)
            continue; /* free-text lines (e.g. Monte .txt inner values) */
        *eq = '\0';
        if (!cur) {
            if (out->n == cap)
                out->recs = xrealloc(out->recs, (cap = cap ? 2 * cap : 64) * sizeof *out->recs);
            cur = &out->recs[out->n++];
            cur->file = relpath;
            cur->section = section;
            cur->line = lineno;
            cur->fields = NULL;
            cur->nfields = 0;
        }
        cur->fields = xrealloc(cur->fields, (cur->nfields + 1) * sizeof *cur->fields);
        cur->fields[cur->nfields].name = trim(s);
        cur->fields[cur->nfields].value = trim(eq + 1);
        cur->nfields++;
    }
}

const char *fct_rsp_get(const fct_record *r, const char *name)
{
    size_t i;
    for (i = 0; i < r->nfields; i++)
        if (strcmp(r->fields[i].name, name) == 0)
            return r->fields[i].value;
    return NULL;
}

/* ---- JSON ---- */

typedef struct {
    const char *p;
    const char *file;
} jparser;

static void jfail(jparser *jp, const char *what)
{
    fprintf(stderr, "fc_test: %s: bad JSON (%s) near: %.20s\n", jp->file, what, jp->p);
    exit(2);
}

static void jws(jparser *jp)
{
    while (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' || *jp->p == '\r')
        jp->p++;
}

static void put_utf8(char **buf, size_t *n, size_t *cap, unsigned long cp)
{
    uint8_t tmp[4];
    size_t k = 0, i;
    if (cp < 0x80) {
        tmp[k++] = (uint8_t)cp;
    } else if (cp < 0x800) {
        tmp[k++] = (uint8_t)(0xc0 | cp >> 6);
        tmp[k++] = (uint8_t)(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        tmp[k++] = (uint8_t)(0xe0 | cp >> 12);
        tmp[k++] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
        tmp[k++] = (uint8_t)(0x80 | (cp & 0x3f));
    } else {
        tmp[k++] = (uint8_t)(0xf0 | cp >> 18);
        tmp[k++] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
        tmp[k++] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
        tmp[k++] = (uint8_t)(0x80 | (cp & 0x3f));
    }
    for (i = 0; i < k; i++) {
        if (*n + 1 >= *cap)
            *buf = xrealloc(*buf, *cap *= 2);
        (*buf)[(*n)++] = (char)tmp[i];
    }
}

static unsigned long jhex4(jparser *jp)
{
    unsigned long v = 0;
    int i;
    for (i = 0; i < 4; i++) {
        int h = hexval((unsigned char)*jp->p++);
        if (h < 0)
            jfail(jp, "\\u escape");
        v = v << 4 | (unsigned long)h;
    }
    return v;
}

static char *jstring(jparser *jp, size_t *len)
{
    size_t n = 0, cap = 32;
    char *buf = fct_xmalloc(cap);

    if (*jp->p++ != '"')
        jfail(jp, "expected string");
    for (;;) {
        unsigned char c = (unsigned char)*jp->p++;
        unsigned long cp;
        if (c == '"')
            break;
        if (c == '\0')
            jfail(jp, "unterminated string");
        if (c != '\\') {
            cp = c;
            if (n + 1 >= cap)
                buf = xrealloc(buf, cap *= 2);
            buf[n++] = (char)c;
            continue;
        }
        c = (unsigned char)*jp->p++;
        switch (c) {
        case '"': case '\\': case '/': cp = c; break;
        case 'b': cp = '\b'; break;
        case 'f': cp = '\f'; break;
        case 'n': cp = '\n'; break;
        case 'r': cp = '\r'; break;
        case 't': cp = '\t'; break;
        case 'u':
            cp = jhex4(jp);
            if (cp >= 0xd800 && cp < 0xdc00 && jp->p[0] == '\\' && jp->p[1] == 'u') {
                unsigned long lo;
                jp->p += 2;
                lo = jhex4(jp);
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            }
            break;
        default: jfail(jp, "bad escape"); return NULL;
        }
        put_utf8(&buf, &n, &cap, cp);
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static void jvalue(jparser *jp, fct_json *v);

static void jcontainer(jparser *jp, fct_json *v, int is_obj)
{
    size_t cap = 0;
    char close = is_obj ? '}' : ']';

    v->type = is_obj ? FCT_JOBJ : FCT_JARR;
    v->len = 0;
    v->items = NULL;
    v->keys = NULL;
    jp->p++;
    jws(jp);
    if (*jp->p == close) {
        jp->p++;
        return;
    }
    for (;;) {
        if (v->len == cap) {
            cap = cap ? 2 * cap : 8;
            v->items = xrealloc(v->items, cap * sizeof *v->items);
            if (is_obj)
                v->keys = xrealloc(v->keys, cap * sizeof *v->keys);
        }
        jws(jp);
        if (is_obj) {
            size_t klen;
            v->keys[v->len] = jstring(jp, &klen);
            jws(jp);
            if (*jp->p++ != ':')
                jfail(jp, "expected ':'");
        }
        jvalue(jp, &v->items[v->len++]);
        jws(jp);
        if (*jp->p == ',') {
            jp->p++;
            continue;
        }
        if (*jp->p++ != close)
            jfail(jp, "expected ',' or close");
        return;
    }
}

static void jvalue(jparser *jp, fct_json *v)
{
    memset(v, 0, sizeof *v);
    jws(jp);
    switch (*jp->p) {
    case '{': jcontainer(jp, v, 1); return;
    case '[': jcontainer(jp, v, 0); return;
    case '"':
        v->type = FCT_JSTR;
        v->str = jstring(jp, &v->len);
        return;
    case 't':
    case 'f':
    case 'n':
        if (strncmp(jp->p, "true", 4) == 0) {
            v->type = FCT_JBOOL, v->boolean = 1, jp->p += 4;
        } else if (strncmp(jp->p, "false", 5) == 0) {
            v->type = FCT_JBOOL, jp->p += 5;
        } else if (strncmp(jp->p, "null", 4) == 0) {
            v->type = FCT_JNULL, jp->p += 4;
        } else {
            jfail(jp, "bad literal");
        }
        return;
    default: {
        const char *start = jp->p;
        char *end;
        v->type = FCT_JNUM;
        v->num = strtod(start, &end);
        if (end == start)
            jfail(jp, "bad value");
        if (*start != '-' && strspn(start, "0123456789") == (size_t)(end - start)) {
            errno = 0;
            v->u64 = strtoull(start, NULL, 10);
            v->is_uint = errno == 0;
        }
        jp->p = end;
    }
    }
}

/* Every tree loaded stays reachable from here for the life of the test program, so leak
 * checkers (LeakSanitizer, valgrind) do not report trees a suite keeps only in locals. */
static fct_json **json_roots;
static size_t json_nroots;

const fct_json *fct_json_load(const char *relpath)
{
    jparser jp;
    fct_json *root = fct_xmalloc(sizeof *root);

    json_roots = xrealloc(json_roots, (json_nroots + 1) * sizeof *json_roots);
    json_roots[json_nroots++] = root;
    char *text = fct_read_vector_file(relpath, NULL);

    jp.file = relpath;
    jp.p = text;
    jvalue(&jp, root);
    jws(&jp);
    if (*jp.p != '\0')
        jfail(&jp, "trailing data");
    free(text); /* values are copies: without this LSan/valgrind report a definite leak */
    return root;
}

const fct_json *fct_json_get(const fct_json *obj, const char *key)
{
    size_t i;
    if (!obj || obj->type != FCT_JOBJ)
        return NULL;
    for (i = 0; i < obj->len; i++)
        if (strcmp(obj->keys[i], key) == 0)
            return &obj->items[i];
    return NULL;
}

const char *fct_json_str(const fct_json *obj, const char *key)
{
    const fct_json *v = fct_json_get(obj, key);
    if (!v || v->type != FCT_JSTR)
        die("JSON member \"%s\" missing or not a string", key);
    return v->str;
}

uint64_t fct_json_u64(const fct_json *obj, const char *key)
{
    const fct_json *v = fct_json_get(obj, key);
    if (!v || v->type != FCT_JNUM || !v->is_uint)
        die("JSON member \"%s\" missing or not an unsigned integer", key);
    return v->u64;
}

/* ---- PRNG ---- */

static uint64_t rng_state[2];
static int rng_ready;

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

uint64_t fct_rand64(void)
{
    uint64_t s0, s1, r;
    if (!rng_ready) {
        const char *env = getenv("FC_TEST_SEED");
        uint64_t seed = env ? strtoull(env, NULL, 0) : 20261122u;
        printf("test seed: %llu (set FC_TEST_SEED to repeat)\n", (unsigned long long)seed);
        rng_state[0] = splitmix(&seed);
        rng_state[1] = splitmix(&seed);
        rng_ready = 1;
    }
    /* xorshift128+ */
    s1 = rng_state[0];
    s0 = rng_state[1];
    r = s0 + s1;
    rng_state[0] = s0;
    s1 ^= s1 << 23;
    rng_state[1] = s1 ^ s0 ^ (s1 >> 18) ^ (s0 >> 5);
    return r;
}

size_t fct_rand_below(size_t n)
{
    return (size_t)(fct_rand64() % (uint64_t)n);
}

void fct_rand_bytes(uint8_t *p, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++)
        p[i] = (uint8_t)(fct_rand64() >> 56);
}

void fct_count(const char *what, size_t n)
{
    printf("%s: %lu vectors\n", what, (unsigned long)n); /* no %zu in newlib's printf */
    fflush(stdout);
}

int fct_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    int failed;

    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
