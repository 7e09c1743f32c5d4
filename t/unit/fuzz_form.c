/*
 * libFuzzer harness for core/kc_form.c and core/kc_multipart.c.
 *
 * `make fuzz` builds it with libFuzzer, ASan and UBSan (clang); then
 *   ./t/unit/fuzz_form -max_total_time=60 /tmp/fuzz-form t/unit/fuzz-corpus/form
 * (new inputs go to the first directory, the committed seeds are read from
 * the second). `make check` replays the seeds with any compiler
 * (t/unit/fuzz_form_replay, main in t/unit/fuzz_replay.c).
 *
 * Input: byte 0 picks the boundary and options, bytes 1..4 seed the chunk
 * splitting, the rest is the body. Oracles, besides the sanitizers:
 * - the multipart parse fed whole and fed in random chunks (sometimes byte
 *   by byte) must give the same events, fields, status and message;
 * - the callback protocol: data only between begin and end/abort, never
 *   both end and abort, nothing left open after finish;
 * - kc_utf8_valid agrees with a straightforward code-point decoder;
 * - whatever kc_form_parse_urlencoded accepts is NUL-free valid UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include <apr_tables.h>

#include "kc_form.h"

#define CHECK(x) do { if (!(x)) __builtin_trap(); } while (0)

/* ---- reference UTF-8 check: decode, then test the code point ---------- */

static int ref_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0, k, len;
    uint32_t cp, min;

    while (i < n) {
        unsigned char c = s[i];

        if (c < 0x80) { i++; continue; }
        if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; min = 0x80; }
        else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; min = 0x800; }
        else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; min = 0x10000; }
        else return 0;
        if (n - i < len)
            return 0;
        for (k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += len;
    }
    return 1;
}

/* ---- an event trace of the multipart callbacks ------------------------ */

typedef struct {
    apr_pool_t *p;
    char *d;
    size_t len, cap;
    size_t run_at;          /* where the open data run's length goes; 0 none */
    int open;               /* a part is begun and neither ended nor aborted */
    int nparts;
} trace_t;

static void put(trace_t *t, const void *d, size_t n)
{
    if (t->len + n > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        char *nd;

        while (cap < t->len + n)
            cap *= 2;
        nd = apr_palloc(t->p, cap);
        if (t->len)
            memcpy(nd, t->d, t->len);
        t->d = nd;
        t->cap = cap;
    }
    memcpy(t->d + t->len, d, n);
    t->len += n;
}

static void put_str(trace_t *t, const char *s)
{
    put(t, s ? s : "(null)", strlen(s ? s : "(null)") + 1);
}

/* Consecutive data calls are merged: only the bytes must agree. */
static void end_run(trace_t *t)
{
    t->run_at = 0;
}

static apr_status_t f_begin(void *ctx, const char *field, const char *fn,
                            const char *ct, void **pc)
{
    trace_t *t = ctx;

    CHECK(!t->open);
    CHECK(field && *field && fn && *fn);
    CHECK(!strchr(fn, '/') && !strchr(fn, '\\'));
    end_run(t);
    put(t, "B", 1);
    put_str(t, field);
    put_str(t, fn);
    put_str(t, ct);
    t->open = 1;
    *pc = &t->open;
    return APR_SUCCESS;
}

static apr_status_t f_data(void *ctx, void *pc, const char *d, apr_size_t n)
{
    trace_t *t = ctx;
    size_t len;

    CHECK(t->open && pc == &t->open && n > 0);
    if (!t->run_at) {
        put(t, "D", 1);
        t->run_at = t->len;
        len = 0;
        put(t, &len, sizeof(len));
    }
    memcpy(&len, t->d + t->run_at, sizeof(len));
    len += n;
    memcpy(t->d + t->run_at, &len, sizeof(len));
    put(t, d, n);
    return APR_SUCCESS;
}

static apr_status_t f_end(void *ctx, void *pc)
{
    trace_t *t = ctx;

    CHECK(t->open && pc == &t->open);
    end_run(t);
    put(t, "E", 1);
    t->open = 0;
    return APR_SUCCESS;
}

static apr_status_t f_abort(void *ctx, void *pc)
{
    trace_t *t = ctx;

    CHECK(t->open && pc == &t->open);
    end_run(t);
    put(t, "A", 1);
    t->open = 0;
    return APR_SUCCESS;
}

static int dump_field(void *rec, const char *k, const char *v)
{
    trace_t *t = rec;

    CHECK(kc_utf8_valid(k, strlen(k)) && kc_utf8_valid(v, strlen(v)));
    put_str(t, k);
    put_str(t, v);
    return 1;
}

static int check_field(void *rec, const char *k, const char *v)
{
    (void)rec;
    CHECK(*k && kc_utf8_valid(k, strlen(k)) && kc_utf8_valid(v, strlen(v)));
    return 1;
}

/* Parse once; maxchunk 0 = whole. Everything observable goes to *t. */
static void run_mp(trace_t *t, apr_pool_t *p, const char *boundary,
                   const char *body, size_t len, size_t maxchunk,
                   uint32_t seed)
{
    kc_multipart_cb_t cb = { f_begin, f_data, f_end, NULL, f_abort, NULL };
    kc_multipart_t *mp;
    apr_status_t rv = APR_SUCCESS;
    size_t pos = 0, n;
    const char *err;

    memset(t, 0, sizeof(*t));
    t->p = p;
    cb.ctx = t;
    CHECK(kc_multipart_create(&mp, p, boundary, &cb, 300, 8) == APR_SUCCESS);
    while (pos < len && rv == APR_SUCCESS) {
        seed = seed * 1103515245u + 12345u;
        n = maxchunk ? 1 + (seed >> 8) % maxchunk : len;
        if (n > len - pos)
            n = len - pos;
        rv = kc_multipart_feed(mp, body + pos, n);
        pos += n;
    }
    if (rv == APR_SUCCESS)
        rv = kc_multipart_finish(mp);
    CHECK(!t->open);                    /* all ended or aborted */
    CHECK(kc_multipart_feed(mp, "x", 1) == rv);
    CHECK(kc_multipart_finish(mp) == rv);
    end_run(t);
    put(t, "S", 1);
    put(t, &rv, sizeof(rv));
    err = kc_multipart_error(mp);
    CHECK((rv == APR_SUCCESS) == (err == NULL));
    put_str(t, err);
    apr_table_do(dump_field, t, kc_multipart_fields(mp), NULL);
}

static const char b70[] =
    "0123456789012345678901234567890123456789012345678901234567890123456789";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int inited;
    static const char *const bounds[] = { "XyZ", "a", b70, "--" };
    apr_pool_t *p;
    const char *body, *boundary;
    size_t blen;
    uint32_t seed;
    trace_t whole, chunked;
    apr_table_t *form;
    const char *bad;
    char *str;

    if (!inited) {
        apr_initialize();
        inited = 1;
    }
    CHECK(kc_utf8_valid((const char *)data, size)
          == ref_utf8(data, size));
    if (size < 5)
        return 0;
    apr_pool_create(&p, NULL);

    if (kc_form_parse_urlencoded(&form, p, (const char *)data, size,
                                 (int)(data[0] % 64), &bad) == APR_SUCCESS)
        apr_table_do(check_field, NULL, form, NULL);
    else
        CHECK(!form);
    /* Any bytes as a Content-Type header. */
    str = apr_pstrmemdup(p, (const char *)data, size);
    boundary = kc_multipart_boundary(p, str);
    CHECK(!boundary || (strlen(boundary) >= 1 && strlen(boundary) <= 70));

    boundary = bounds[data[0] & 3];
    seed = (uint32_t)data[1] | (uint32_t)data[2] << 8
         | (uint32_t)data[3] << 16 | (uint32_t)data[4] << 24;
    body = (const char *)data + 5;
    blen = size - 5;
    if (data[0] & 4) {
        /* Start inside a file part: the fuzzer gets to the scanner fast. */
        const char *head = apr_pstrcat(p, "--", boundary, "\r\n"
            "Content-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n"
            "\r\n", NULL);
        size_t hlen = strlen(head);
        char *nb = apr_palloc(p, hlen + blen + 1);

        memcpy(nb, head, hlen);
        memcpy(nb + hlen, body, blen);
        body = nb;
        blen += hlen;
    }
    run_mp(&whole, p, boundary, body, blen, 0, seed);
    run_mp(&chunked, p, boundary, body, blen,
           (data[0] & 8) ? 1 : 1 + data[1] % 32, seed);
    CHECK(whole.len == chunked.len);
    CHECK(memcmp(whole.d, chunked.d, whole.len) == 0);
    apr_pool_destroy(p);
    return 0;
}
