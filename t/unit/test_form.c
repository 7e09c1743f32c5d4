/*
 * Unit tests for core/kc_form.c and core/kc_multipart.c.
 *
 * Build and run from the top of the tree:
 * gcc -std=gnu99 -Wall -Wextra -Wshadow -g -fsanitize=address,undefined $(apr-1-config --cflags --cppflags --includes) $(apu-1-config --includes) -Imod_klascement/core t/unit/test_form.c mod_klascement/core/kc_form.c mod_klascement/core/kc_multipart.c $(pkg-config --cflags --libs check) -lapr-1 -laprutil-1 -o /tmp/test_form && /tmp/test_form
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE     /* memmem; apr-1-config usually sets it */
#endif
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include <apr_tables.h>

#include "kc_form.h"

static apr_pool_t *pool;

static void setup(void)
{
    ck_assert_int_eq(apr_pool_create(&pool, NULL), APR_SUCCESS);
}

static void teardown(void)
{
    apr_pool_destroy(pool);
}

/* ---- urlencoded ---------------------------------------------------------- */

/* Parse a NUL-terminated body; *bad gets bad_field. */
static apr_status_t ue(const char *body, int max, apr_table_t **t,
                       const char **bad)
{
    return kc_form_parse_urlencoded(t, pool, body, strlen(body), max, bad);
}

static int nfields(const apr_table_t *t)
{
    return apr_table_elts(t)->nelts;
}

START_TEST(ue_plain_and_decoding)
{
    apr_table_t *t;
    const char *bad = "x";

    ck_assert_int_eq(ue("a=1&b=twee", 10, &t, &bad), APR_SUCCESS);
    ck_assert_ptr_null(bad);
    ck_assert_int_eq(nfields(t), 2);
    ck_assert_str_eq(apr_table_get(t, "a"), "1");
    ck_assert_str_eq(apr_table_get(t, "b"), "twee");

    ck_assert_int_eq(ue("q=hello+world&a+b=c%20d", 10, &t, &bad),
                     APR_SUCCESS);
    ck_assert_str_eq(apr_table_get(t, "q"), "hello world");
    ck_assert_str_eq(apr_table_get(t, "a b"), "c d");

    ck_assert_int_eq(ue("n=caf%C3%A9&m=%c3%a9%2B%26%3D%25", 10, &t, &bad),
                     APR_SUCCESS);
    ck_assert_str_eq(apr_table_get(t, "n"), "caf\xC3\xA9");
    ck_assert_str_eq(apr_table_get(t, "m"), "\xC3\xA9+&=%");

    /* Raw UTF-8 (not %-encoded) is accepted as well. */
    ck_assert_int_eq(ue("r=\xE2\x88\x91", 10, &t, &bad), APR_SUCCESS);
    ck_assert_str_eq(apr_table_get(t, "r"), "\xE2\x88\x91");

    /* Only '&' separates; ';' is data. Later '=' belong to the value. */
    ck_assert_int_eq(ue("a=1;b=2&c=x=y", 10, &t, &bad), APR_SUCCESS);
    ck_assert_int_eq(nfields(t), 2);
    ck_assert_str_eq(apr_table_get(t, "a"), "1;b=2");
    ck_assert_str_eq(apr_table_get(t, "c"), "x=y");
}
END_TEST

START_TEST(ue_repeated_names)
{
    apr_table_t *t;
    apr_array_header_t *v;

    ck_assert_int_eq(ue("c=1&d=x&c=2&C=9&c=3&c=", 10, &t, NULL),
                     APR_SUCCESS);
    v = kc_form_values(pool, t, "c");
    ck_assert_int_eq(v->nelts, 4);
    ck_assert_str_eq(APR_ARRAY_IDX(v, 0, const char *), "1");
    ck_assert_str_eq(APR_ARRAY_IDX(v, 1, const char *), "2");
    ck_assert_str_eq(APR_ARRAY_IDX(v, 2, const char *), "3");
    ck_assert_str_eq(APR_ARRAY_IDX(v, 3, const char *), "");
    /* Case-sensitive, unlike apr_table_get. */
    v = kc_form_values(pool, t, "C");
    ck_assert_int_eq(v->nelts, 1);
    ck_assert_str_eq(APR_ARRAY_IDX(v, 0, const char *), "9");
    ck_assert_int_eq(kc_form_values(pool, t, "none")->nelts, 0);
    ck_assert_int_eq(kc_form_values(pool, NULL, "c")->nelts, 0);
}
END_TEST

START_TEST(ue_missing_eq_and_empty_pairs)
{
    apr_table_t *t;

    ck_assert_int_eq(ue("flag&x=1&other", 10, &t, NULL), APR_SUCCESS);
    ck_assert_int_eq(nfields(t), 3);
    ck_assert_str_eq(apr_table_get(t, "flag"), "");
    ck_assert_str_eq(apr_table_get(t, "other"), "");

    /* Empty pairs and empty names are skipped but still counted. */
    ck_assert_int_eq(ue("&a=1&&=zonder&b=2&", 6, &t, NULL), APR_SUCCESS);
    ck_assert_int_eq(nfields(t), 2);
    ck_assert_str_eq(apr_table_get(t, "a"), "1");
    ck_assert_str_eq(apr_table_get(t, "b"), "2");
    ck_assert_int_eq(ue("&a=1&&=zonder&b=2&", 5, &t, NULL), APR_E2BIG);
    ck_assert_ptr_null(t);

    ck_assert_int_eq(ue("", 0, &t, NULL), APR_SUCCESS);
    ck_assert_int_eq(nfields(t), 0);
    ck_assert_int_eq(kc_form_parse_urlencoded(&t, pool, NULL, 0, 0, NULL),
                     APR_SUCCESS);
    ck_assert_int_eq(nfields(t), 0);
    /* The length counts, not a NUL terminator. */
    ck_assert_int_eq(kc_form_parse_urlencoded(&t, pool, "a=12&b=3", 3, 5,
                                              NULL), APR_SUCCESS);
    ck_assert_str_eq(apr_table_get(t, "a"), "1");
    ck_assert_ptr_null(apr_table_get(t, "b"));
}
END_TEST

START_TEST(ue_malformed_escape)
{
    apr_table_t *t;
    const char *bad;

    ck_assert_int_eq(ue("ok=1&a=%G1", 10, &t, &bad), APR_EINVAL);
    ck_assert_ptr_null(t);
    ck_assert_str_eq(bad, "a");
    ck_assert_int_eq(ue("a=%", 10, &t, &bad), APR_EINVAL);
    ck_assert_str_eq(bad, "a");
    ck_assert_int_eq(ue("a=%4", 10, &t, &bad), APR_EINVAL);
    ck_assert_int_eq(ue("a=%4&b=1", 10, &t, &bad), APR_EINVAL);
    ck_assert_str_eq(bad, "a");
    ck_assert_int_eq(ue("na%C3%A9m=%x1", 10, &t, &bad), APR_EINVAL);
    ck_assert_str_eq(bad, "na\xC3\xA9m");      /* decoded name */
    /* The name itself is bad: the raw name comes back. */
    ck_assert_int_eq(ue("a%zz=1", 10, &t, &bad), APR_EINVAL);
    ck_assert_str_eq(bad, "a%zz");
    ck_assert_int_eq(ue("=%", 10, &t, &bad), APR_EINVAL);
    ck_assert_str_eq(bad, "");
    /* bad_field may be NULL. */
    ck_assert_int_eq(ue("a=%", 10, &t, NULL), APR_EINVAL);
}
END_TEST

START_TEST(ue_nul_and_utf8)
{
    apr_table_t *t;
    const char *bad;
    static const char raw_nul[] = "a=x\0y";

    ck_assert_int_eq(ue("a=%00", 10, &t, &bad), APR_EINVAL);
    ck_assert_str_eq(bad, "a");
    ck_assert_int_eq(ue("a%00b=1", 10, &t, &bad), APR_EINVAL);
    ck_assert_str_eq(bad, "a%00b");
    ck_assert_int_eq(kc_form_parse_urlencoded(&t, pool, raw_nul,
                                              sizeof(raw_nul) - 1, 10, &bad),
                     APR_EINVAL);
    ck_assert_str_eq(bad, "a");

    ck_assert_int_eq(ue("a=%FF", 10, &t, &bad), APR_EINVAL);
    ck_assert_str_eq(bad, "a");
    ck_assert_int_eq(ue("v=%C0%AF", 10, &t, &bad), APR_EINVAL);  /* '/' */
    ck_assert_str_eq(bad, "v");
    ck_assert_int_eq(ue("v=%E0%80%AF", 10, &t, &bad), APR_EINVAL);
    ck_assert_int_eq(ue("v=%ED%A0%80", 10, &t, &bad), APR_EINVAL);
    ck_assert_int_eq(ue("v=%F4%90%80%80", 10, &t, &bad), APR_EINVAL);
    ck_assert_int_eq(ue("v=%C3", 10, &t, &bad), APR_EINVAL);
    /* Raw invalid bytes in a name: reported %-escaped. */
    ck_assert_int_eq(ue("n\xFF=1", 10, &t, &bad), APR_EINVAL);
    ck_assert_str_eq(bad, "n%FF");
    ck_assert_int_eq(ue("n%FF=1", 10, &t, &bad), APR_EINVAL);
    ck_assert_str_eq(bad, "n%FF");
}
END_TEST

START_TEST(ue_max_fields)
{
    apr_table_t *t;

    ck_assert_int_eq(ue("a=1&b=2&c=3", 2, &t, NULL), APR_E2BIG);
    ck_assert_ptr_null(t);
    ck_assert_int_eq(ue("a=1&b=2&c=3", 3, &t, NULL), APR_SUCCESS);
    ck_assert_int_eq(nfields(t), 3);
    ck_assert_int_eq(ue("a=1", 0, &t, NULL), APR_E2BIG);
    ck_assert_int_eq(ue("a=1", -1, &t, NULL), APR_E2BIG);
    /* Counted before decoding: E2BIG wins over a malformed field. */
    ck_assert_int_eq(ue("a=%&b=1", 1, &t, NULL), APR_E2BIG);
}
END_TEST

START_TEST(utf8_valid)
{
#define V(s) kc_utf8_valid(s, sizeof(s) - 1)
    ck_assert_int_eq(V(""), 1);
    ck_assert_int_eq(V("plain ascii"), 1);
    ck_assert_int_eq(V("\0"), 1);                   /* U+0000 is UTF-8 */
    ck_assert_int_eq(V("\xC2\x80"), 1);             /* U+0080 */
    ck_assert_int_eq(V("\xDF\xBF"), 1);             /* U+07FF */
    ck_assert_int_eq(V("\xE0\xA0\x80"), 1);         /* U+0800 */
    ck_assert_int_eq(V("\xED\x9F\xBF"), 1);         /* U+D7FF */
    ck_assert_int_eq(V("\xEE\x80\x80"), 1);         /* U+E000 */
    ck_assert_int_eq(V("\xEF\xBF\xBF"), 1);         /* U+FFFF */
    ck_assert_int_eq(V("\xF0\x90\x80\x80"), 1);     /* U+10000 */
    ck_assert_int_eq(V("\xF4\x8F\xBF\xBF"), 1);     /* U+10FFFF */
    ck_assert_int_eq(V("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), 1);

    ck_assert_int_eq(V("\x80"), 0);                 /* stray continuation */
    ck_assert_int_eq(V("\xBF"), 0);
    ck_assert_int_eq(V("\xC0\xAF"), 0);             /* overlong '/' */
    ck_assert_int_eq(V("\xC1\xBF"), 0);
    ck_assert_int_eq(V("\xE0\x9F\xBF"), 0);         /* overlong */
    ck_assert_int_eq(V("\xF0\x8F\xBF\xBF"), 0);     /* overlong */
    ck_assert_int_eq(V("\xED\xA0\x80"), 0);         /* surrogate D800 */
    ck_assert_int_eq(V("\xED\xBF\xBF"), 0);         /* surrogate DFFF */
    ck_assert_int_eq(V("\xF4\x90\x80\x80"), 0);     /* U+110000 */
    ck_assert_int_eq(V("\xF5\x80\x80\x80"), 0);
    ck_assert_int_eq(V("\xFE"), 0);
    ck_assert_int_eq(V("\xFF"), 0);
    ck_assert_int_eq(V("\xC3"), 0);                 /* truncated */
    ck_assert_int_eq(V("\xE2\x82"), 0);
    ck_assert_int_eq(V("\xF0\x9F\x98"), 0);
    ck_assert_int_eq(V("\xC3\x28"), 0);             /* bad continuation */
    ck_assert_int_eq(V("\xE2\x28\xA1"), 0);
    ck_assert_int_eq(V("\xE2\x82\x28"), 0);
    ck_assert_int_eq(V("\xF0\x9F\x98\x28"), 0);
    ck_assert_int_eq(V("a\xC3\xA9\xC3"), 0);
    /* The length is respected: a truncated char past it does not count. */
    ck_assert_int_eq(kc_utf8_valid("a\xC3\xA9", 1), 1);
    ck_assert_int_eq(kc_utf8_valid("a\xC3\xA9", 2), 0);
    ck_assert_int_eq(kc_utf8_valid(NULL, 0), 1);
#undef V
}
END_TEST

/* ---- multipart: helpers ------------------------------------------------ */

#define MAXUP 8

typedef struct {
    const char *field, *filename, *ctype;
    char *data;
    apr_size_t len, cap;
    int ended, aborted;
} upload_t;

typedef struct {
    upload_t up[MAXUP];
    int n;                      /* successful file_begin calls */
    int begins, ends, aborts;
    apr_status_t begin_rv, data_rv, end_rv;
    apr_size_t received;        /* file bytes received so far, all parts */
} coll_t;

static apr_status_t cb_begin(void *ctx, const char *field,
                             const char *filename, const char *ctype,
                             void **part_ctx)
{
    coll_t *c = ctx;
    upload_t *u;

    c->begins++;
    ck_assert_ptr_nonnull(field);
    ck_assert_ptr_nonnull(filename);
    if (c->begin_rv != APR_SUCCESS)
        return c->begin_rv;
    ck_assert_int_lt(c->n, MAXUP);
    u = &c->up[c->n++];
    memset(u, 0, sizeof(*u));
    u->field = apr_pstrdup(pool, field);
    u->filename = apr_pstrdup(pool, filename);
    u->ctype = ctype ? apr_pstrdup(pool, ctype) : NULL;
    *part_ctx = u;
    return APR_SUCCESS;
}

static apr_status_t cb_data(void *ctx, void *part_ctx, const char *data,
                            apr_size_t len)
{
    coll_t *c = ctx;
    upload_t *u = part_ctx;

    ck_assert_uint_gt(len, 0);
    ck_assert(!u->ended && !u->aborted);
    if (c->data_rv != APR_SUCCESS)
        return c->data_rv;
    if (u->len + len > u->cap) {
        apr_size_t cap = u->cap ? u->cap : 64;
        char *d;

        while (cap < u->len + len)
            cap *= 2;
        d = apr_palloc(pool, cap);
        if (u->len)
            memcpy(d, u->data, u->len);
        u->data = d;
        u->cap = cap;
    }
    memcpy(u->data + u->len, data, len);
    u->len += len;
    c->received += len;
    return APR_SUCCESS;
}

static apr_status_t cb_end(void *ctx, void *part_ctx)
{
    coll_t *c = ctx;
    upload_t *u = part_ctx;

    ck_assert(!u->ended && !u->aborted);
    u->ended = 1;
    c->ends++;
    return c->end_rv;
}

static apr_status_t cb_abort(void *ctx, void *part_ctx)
{
    coll_t *c = ctx;
    upload_t *u = part_ctx;

    ck_assert(!u->ended && !u->aborted);
    u->aborted = 1;
    c->aborts++;
    return APR_SUCCESS;
}

static unsigned long rng_state;

static unsigned rng(void)
{
    rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned)(rng_state >> 33);
}

/* Feed body[0..len) in pieces: maxchunk 0 = all at once, otherwise random
 * sizes 1..maxchunk (maxchunk 1 = byte by byte). The first error from
 * feed (or else finish's result) is returned. */
static apr_status_t feed_all(kc_multipart_t *mp, const char *body,
                             apr_size_t len, apr_size_t maxchunk)
{
    apr_size_t pos = 0, n;
    apr_status_t rv;

    while (pos < len) {
        n = maxchunk ? 1 + rng() % maxchunk : len;
        if (n > len - pos)
            n = len - pos;
        rv = kc_multipart_feed(mp, body + pos, n);
        if (rv != APR_SUCCESS)
            return rv;
        pos += n;
    }
    return kc_multipart_finish(mp);
}

static kc_multipart_t *mp_new(const char *boundary, coll_t *c,
                              apr_size_t max_field, int max_parts)
{
    kc_multipart_cb_t cb = { cb_begin, cb_data, cb_end, NULL, cb_abort,
                             NULL };
    kc_multipart_t *mp;

    memset(c, 0, sizeof(*c));
    cb.ctx = c;
    ck_assert_int_eq(kc_multipart_create(&mp, pool, boundary, &cb, max_field,
                                         max_parts), APR_SUCCESS);
    return mp;
}

static apr_status_t parse(const char *boundary, const char *body,
                          apr_size_t len, apr_size_t maxchunk, coll_t *c,
                          kc_multipart_t **mpo)
{
    *mpo = mp_new(boundary, c, 1024, 20);
    return feed_all(*mpo, body, len, maxchunk);
}

static apr_status_t parse_s(const char *boundary, const char *body,
                            coll_t *c, kc_multipart_t **mpo)
{
    return parse(boundary, body, strlen(body), 0, c, mpo);
}

/* A growing byte string for building bodies. */
typedef struct {
    char *d;
    apr_size_t len, cap;
} buf_t;

static void add(buf_t *b, const void *d, apr_size_t n)
{
    if (b->len + n > b->cap) {
        apr_size_t cap = b->cap ? b->cap * 2 : 256;
        char *nd;

        while (cap < b->len + n)
            cap *= 2;
        nd = apr_palloc(pool, cap);
        if (b->len)
            memcpy(nd, b->d, b->len);
        b->d = nd;
        b->cap = cap;
    }
    memcpy(b->d + b->len, d, n);
    b->len += n;
}

static void adds(buf_t *b, const char *s)
{
    add(b, s, strlen(s));
}

/* File content that tries hard to look like the delimiter: NULs, CR/LF,
 * partial delimiters, the boundary without its CRLF, plus `nrand` random
 * bytes from an alphabet made of the delimiter's own characters. It ends
 * in "\r" so that the real delimiter follows as "\r\r\n--b". */
static void make_binary(buf_t *out, const char *boundary, apr_size_t nrand)
{
    const char *delim = apr_pstrcat(pool, "\r\n--", boundary, NULL);
    apr_size_t blen = strlen(boundary), dlen = strlen(delim), i;
    char alphabet[16] = { '\r', '\n', '-', '\0', '\xff', 'a', '\r', '-' };
    char *hit;

    memcpy(alphabet + 8, boundary, blen < 8 ? blen : 8);
    add(out, "\0\0\x01\xff", 4);
    adds(out, "\r\n\r\n-\r\n--\r\n--");
    add(out, delim, dlen - 1);              /* all but the last byte */
    adds(out, "!");
    adds(out, "--");
    adds(out, boundary);                    /* no CRLF before it: data */
    adds(out, "--\r--");
    adds(out, boundary);
    adds(out, "\n--");
    adds(out, boundary);
    adds(out, "\r\r\n-");
    add(out, delim, dlen - 1);
    add(out, delim, dlen - 2);
    add(out, "\0", 1);
    for (i = 0; i < nrand; i++) {
        char c = alphabet[rng() % (8 + (blen < 8 ? blen : 8))];
        add(out, &c, 1);
    }
    add(out, delim, dlen - 1);
    adds(out, "\r");
    /* The random part may have produced the real thing: break it up. */
    while ((hit = memmem(out->d, out->len, delim, dlen)) != NULL)
        hit[2] = 'x';
}

#define BND "----WebKitFormBoundary7MA4YWxkTrZu0gW"

/* Two text fields and one file, with a preamble and an epilogue. */
static void make_form(buf_t *b, buf_t *file, const char *boundary)
{
    const char *dash = apr_pstrcat(pool, "--", boundary, NULL);

    adds(b, "This is the preamble; --");
    adds(b, boundary);
    adds(b, " in it is no delimiter.\r\n");
    adds(b, apr_pstrcat(pool, dash, "\r\n",
        "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
        "Hallo wereld\r\n", dash, "\r\n"
        "content-disposition: Form-Data; name=desc\r\n"
        "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
        "\xC3\xA9\xC3\xA9n\r\nregel twee\r\n\r\n", dash, "\r\n"
        "Content-Disposition: form-data; name=\"bijlage\"; "
        "filename=\"a.bin\"\r\n"
        "X-Unknown: ignored\r\n"
        "Content-Type:  application/octet-stream \t\r\n\r\n", NULL));
    add(b, file->d, file->len);
    adds(b, apr_pstrcat(pool, "\r\n", dash, "--\r\nepilogue\r\n", dash,
                        "\r\n", NULL));
}

static void check_form(kc_multipart_t *mp, coll_t *c, buf_t *file)
{
    apr_table_t *f = kc_multipart_fields(mp);

    ck_assert_int_eq(apr_table_elts(f)->nelts, 2);
    ck_assert_str_eq(apr_table_get(f, "title"), "Hallo wereld");
    ck_assert_str_eq(apr_table_get(f, "desc"),
                     "\xC3\xA9\xC3\xA9n\r\nregel twee\r\n");
    ck_assert_int_eq(c->n, 1);
    ck_assert_int_eq(c->ends, 1);
    ck_assert_int_eq(c->aborts, 0);
    ck_assert_str_eq(c->up[0].field, "bijlage");
    ck_assert_str_eq(c->up[0].filename, "a.bin");
    ck_assert_str_eq(c->up[0].ctype, "application/octet-stream");
    ck_assert_int_eq(c->up[0].ended, 1);
    ck_assert_uint_eq(c->up[0].len, file->len);
    ck_assert(memcmp(c->up[0].data, file->d, file->len) == 0);
    ck_assert_ptr_null(kc_multipart_error(mp));
}

/* ---- multipart: tests -------------------------------------------------- */

START_TEST(mp_form_whole_bytewise_random)
{
    static const char *const bounds[] = { BND, "XyZ", "a", "'()+_,-./:=? x" };
    buf_t file, body;
    coll_t c;
    kc_multipart_t *mp;
    apr_size_t b, chunk;

    rng_state = 42;
    for (b = 0; b < sizeof(bounds) / sizeof(bounds[0]); b++) {
        memset(&file, 0, sizeof(file));
        memset(&body, 0, sizeof(body));
        make_binary(&file, bounds[b], 3000);
        make_form(&body, &file, bounds[b]);
        /* 0 = whole, 1 = byte by byte, then random chunk sizes. */
        for (chunk = 0; chunk <= 64; chunk = chunk < 2 ? chunk + 1
                                                       : chunk * 2) {
            int round;

            for (round = 0; round < (chunk > 1 ? 4 : 1); round++) {
                ck_assert_int_eq(parse(bounds[b], body.d, body.len, chunk,
                                       &c, &mp), APR_SUCCESS);
                check_form(mp, &c, &file);
            }
        }
    }
}
END_TEST

/* What is held back while scanning is at most the delimiter's length,
 * whatever the file size or chunking. */
START_TEST(mp_streams_with_bounded_holdback)
{
    static const char *const bounds[] = {
        "XyZ",
        "0123456789012345678901234567890123456789012345678901234567890123456789"
    };
    apr_size_t b, pos;

    rng_state = 7;
    for (b = 0; b < 2; b++) {
        buf_t file = { 0 }, body = { 0 };
        coll_t c;
        kc_multipart_t *mp = mp_new(bounds[b], &c, 16, 5);
        apr_size_t dlen = 4 + strlen(bounds[b]), start;

        make_binary(&file, bounds[b], 60000);
        adds(&body, apr_pstrcat(pool, "--", bounds[b], "\r\n"
             "Content-Disposition: form-data; name=f; filename=big\r\n\r\n",
             NULL));
        start = body.len;
        add(&body, file.d, file.len);
        adds(&body, apr_pstrcat(pool, "\r\n--", bounds[b], "--", NULL));
        for (pos = 0; pos < body.len; pos++) {
            ck_assert_int_eq(kc_multipart_feed(mp, body.d + pos, 1),
                             APR_SUCCESS);
            if (pos >= start && pos < start + file.len)
                ck_assert_uint_le(pos + 1 - start - c.received, dlen);
        }
        ck_assert_int_eq(kc_multipart_finish(mp), APR_SUCCESS);
        ck_assert_uint_eq(c.up[0].len, file.len);
        ck_assert(memcmp(c.up[0].data, file.d, file.len) == 0);
        ck_assert_int_eq(c.ends, 1);
    }
}
END_TEST

START_TEST(mp_empty_file_input_skipped)
{
    coll_t c;
    kc_multipart_t *mp;

    ck_assert_int_eq(parse_s("b",
        "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
        "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\n\r\n"
        "--b\r\nContent-Disposition: form-data; name=\"g\"; filename=\"\"\r\n"
        "\r\nnot expected, dropped anyway\r\n"
        "--b\r\nContent-Disposition: form-data; name=\"z\"\r\n\r\n\r\n"
        "--b--", &c, &mp), APR_SUCCESS);
    ck_assert_int_eq(c.begins + c.ends + c.aborts, 0);
    ck_assert_int_eq(apr_table_elts(kc_multipart_fields(mp))->nelts, 2);
    ck_assert_str_eq(apr_table_get(kc_multipart_fields(mp), "a"), "1");
    ck_assert_str_eq(apr_table_get(kc_multipart_fields(mp), "z"), "");
    ck_assert_ptr_null(apr_table_get(kc_multipart_fields(mp), "f"));
}
END_TEST

START_TEST(mp_text_field_limit)
{
    static const char body[] =
        "--b\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n"
        "0123456789\r\n--b--";
    coll_t c;
    kc_multipart_t *mp;

    mp = mp_new("b", &c, 10, 5);
    ck_assert_int_eq(feed_all(mp, body, sizeof(body) - 1, 0), APR_SUCCESS);
    ck_assert_str_eq(apr_table_get(kc_multipart_fields(mp), "t"),
                     "0123456789");
    mp = mp_new("b", &c, 9, 5);
    ck_assert_int_eq(feed_all(mp, body, sizeof(body) - 1, 0), APR_E2BIG);
    ck_assert_ptr_nonnull(strstr(kc_multipart_error(mp), "\"t\""));
    ck_assert_int_eq(kc_multipart_feed(mp, "x", 1), APR_E2BIG);
    ck_assert_int_eq(kc_multipart_finish(mp), APR_E2BIG);
    rng_state = 3;
    mp = mp_new("b", &c, 9, 5);
    ck_assert_int_eq(feed_all(mp, body, sizeof(body) - 1, 1), APR_E2BIG);
    /* A limit well above the first allocation. */
    {
        buf_t big = { 0 };
        apr_size_t i;

        adds(&big, "--b\r\nContent-Disposition: form-data; name=t\r\n\r\n");
        for (i = 0; i < 5000; i++)
            adds(&big, "\xC3\xA9");
        adds(&big, "\r\n--b--");
        mp = mp_new("b", &c, 10000, 5);
        ck_assert_int_eq(feed_all(mp, big.d, big.len, 100), APR_SUCCESS);
        ck_assert_uint_eq(strlen(apr_table_get(kc_multipart_fields(mp),
                                               "t")), 10000);
        mp = mp_new("b", &c, 9999, 5);
        ck_assert_int_eq(feed_all(mp, big.d, big.len, 100), APR_E2BIG);
    }
}
END_TEST

START_TEST(mp_missing_closing_boundary)
{
    static const char body[] =
        "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
        "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n"
        "\r\nsome data\r\n--b";
    coll_t c;
    kc_multipart_t *mp;
    apr_size_t cut;

    /* Cut anywhere inside the file part: the file is aborted. */
    for (cut = sizeof(body) - 2; cut > 60; cut--) {
        mp = mp_new("b", &c, 100, 5);
        ck_assert_int_eq(kc_multipart_feed(mp, body, cut), APR_SUCCESS);
        ck_assert_int_eq(kc_multipart_finish(mp), APR_EINVAL);
        ck_assert_ptr_nonnull(kc_multipart_error(mp));
        ck_assert_int_eq(c.ends, 0);
        ck_assert_int_eq(c.aborts, c.begins);
        ck_assert_int_eq(kc_multipart_feed(mp, "--", 2), APR_EINVAL);
    }
    /* "--b-" is not yet the closing delimiter either. */
    mp = mp_new("b", &c, 100, 5);
    ck_assert_int_eq(kc_multipart_feed(mp, body, sizeof(body) - 1),
                     APR_SUCCESS);
    ck_assert_int_eq(kc_multipart_feed(mp, "-", 1), APR_SUCCESS);
    ck_assert_int_eq(kc_multipart_finish(mp), APR_EINVAL);
    ck_assert_int_eq(c.ends, 1);
    ck_assert_int_eq(c.aborts, 0);
    /* Ends inside a text part: nothing to abort. */
    mp = mp_new("b", &c, 100, 5);
    ck_assert_int_eq(kc_multipart_feed(mp, body, 50), APR_SUCCESS);
    ck_assert_int_eq(kc_multipart_finish(mp), APR_EINVAL);
    ck_assert_int_eq(c.begins + c.aborts, 0);
    /* Empty body. */
    mp = mp_new("b", &c, 100, 5);
    ck_assert_int_eq(kc_multipart_finish(mp), APR_EINVAL);
    /* No parts at all is fine when closed properly. */
    ck_assert_int_eq(parse_s("b", "--b--", &c, &mp), APR_SUCCESS);
    ck_assert_int_eq(apr_table_elts(kc_multipart_fields(mp))->nelts, 0);
}
END_TEST

START_TEST(mp_callback_errors)
{
    static const char body[] =
        "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n"
        "\r\nsome data\r\n--b--";
    coll_t c;
    kc_multipart_t *mp;

    mp = mp_new("b", &c, 100, 5);
    c.data_rv = APR_ENOSPC;
    ck_assert_int_eq(kc_multipart_feed(mp, body, sizeof(body) - 1),
                     APR_ENOSPC);
    ck_assert_int_eq(c.aborts, 1);
    ck_assert_int_eq(c.ends, 0);
    ck_assert_ptr_nonnull(strstr(kc_multipart_error(mp), "\"f\""));
    ck_assert_int_eq(kc_multipart_feed(mp, "x", 1), APR_ENOSPC);
    ck_assert_int_eq(kc_multipart_finish(mp), APR_ENOSPC);
    ck_assert_int_eq(c.aborts, 1);

    /* Refused at file_begin: no part was begun, so nothing to abort. */
    mp = mp_new("b", &c, 100, 5);
    c.begin_rv = APR_EACCES;
    ck_assert_int_eq(feed_all(mp, body, sizeof(body) - 1, 1), APR_EACCES);
    ck_assert_int_eq(c.begins, 1);
    ck_assert_int_eq(c.aborts + c.ends, 0);

    /* file_end failing: its status, and no abort afterwards. */
    mp = mp_new("b", &c, 100, 5);
    c.end_rv = APR_EGENERAL;
    ck_assert_int_eq(feed_all(mp, body, sizeof(body) - 1, 0), APR_EGENERAL);
    ck_assert_int_eq(c.ends, 1);
    ck_assert_int_eq(c.aborts, 0);

    /* Failing on a later chunk of the file, fed byte by byte. */
    mp = mp_new("b", &c, 100, 5);
    ck_assert_int_eq(kc_multipart_feed(mp, body, sizeof(body) - 12),
                     APR_SUCCESS);
    c.data_rv = APR_ENOSPC;
    ck_assert_int_eq(feed_all(mp, body + sizeof(body) - 12, 11, 1),
                     APR_ENOSPC);
    ck_assert_int_eq(c.aborts, 1);
    ck_assert_int_eq(c.ends, 0);
}
END_TEST

START_TEST(control_field)
{
    apr_table_t *t = apr_table_make(pool, 4);

    ck_assert_ptr_null(kc_form_control_field(NULL));
    apr_table_addn(t, "title", "Breuken");
    apr_table_addn(t, "body", "regel 1\r\n\tregel 2\n");
    ck_assert_ptr_null(kc_form_control_field(t));
    /* UTF-8 beyond ASCII is not a control character */
    apr_table_addn(t, "place", "Li\xc3\xa8ge");
    ck_assert_ptr_null(kc_form_control_field(t));
    apr_table_addn(t, "place2", "x\x1e" "fake\x1f" "row");
    ck_assert_str_eq(kc_form_control_field(t), "place2");
    t = apr_table_make(pool, 4);
    apr_table_addn(t, "a", "\x01");
    ck_assert_str_eq(kc_form_control_field(t), "a");
    t = apr_table_make(pool, 4);
    apr_table_addn(t, "a", "ok");
    apr_table_addn(t, "b", "bell\x07");
    ck_assert_str_eq(kc_form_control_field(t), "b");
}
END_TEST

/* field_end sees each complete text field before the next part begins;
 * refusing the first one stops the parse before a file part starts. */
static int fe_calls;
static apr_status_t fe_rv;
static const char *fe_last;

static apr_status_t cb_field_end(void *ctx, const char *field,
                                 const char *value)
{
    (void)ctx;
    fe_calls++;
    fe_last = apr_pstrcat(pool, field, "=", value, NULL);
    return fe_rv;
}

START_TEST(mp_field_end_callback)
{
    static const char body[] =
        "--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n"
        "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n"
        "\r\nsome data\r\n--b--";
    kc_multipart_cb_t cb = { cb_begin, cb_data, cb_end, NULL, cb_abort,
                             cb_field_end };
    coll_t c;
    kc_multipart_t *mp;
    apr_size_t chunk;

    for (chunk = 0; chunk <= 1; chunk++) {
        memset(&c, 0, sizeof(c));
        cb.ctx = &c;
        fe_calls = 0;
        fe_rv = APR_SUCCESS;
        ck_assert_int_eq(kc_multipart_create(&mp, pool, "b", &cb, 100, 5),
                         APR_SUCCESS);
        ck_assert_int_eq(feed_all(mp, body, sizeof(body) - 1, chunk),
                         APR_SUCCESS);
        ck_assert_int_eq(fe_calls, 1);
        ck_assert_str_eq(fe_last, "csrf=tok");
        ck_assert_int_eq(c.begins, 1);

        memset(&c, 0, sizeof(c));
        fe_calls = 0;
        fe_rv = APR_EACCES;
        ck_assert_int_eq(kc_multipart_create(&mp, pool, "b", &cb, 100, 5),
                         APR_SUCCESS);
        ck_assert_int_eq(feed_all(mp, body, sizeof(body) - 1, chunk),
                         APR_EACCES);
        ck_assert_int_eq(fe_calls, 1);
        ck_assert_int_eq(c.begins, 0);          /* no file part was begun */
        ck_assert_int_eq(kc_multipart_finish(mp), APR_EACCES);
    }
}
END_TEST

START_TEST(mp_no_file_callbacks)
{
    static const char body[] =
        "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n"
        "\r\nsome data\r\n--b--";
    kc_multipart_t *mp;

    ck_assert_int_eq(kc_multipart_create(&mp, pool, "b", NULL, 100, 5),
                     APR_SUCCESS);
    ck_assert_int_eq(kc_multipart_feed(mp, body, sizeof(body) - 1),
                     APR_EINVAL);
    ck_assert_ptr_nonnull(strstr(kc_multipart_error(mp), "\"f\""));
}
END_TEST

START_TEST(mp_preamble_epilogue_padding)
{
    coll_t c;
    kc_multipart_t *mp;

    /* At a line start, "--b" must be a delimiter: "--bb" is malformed. */
    ck_assert_int_eq(parse_s("b", "preamble\r\n--bb\r\n", &c, &mp),
                     APR_EINVAL);
    /* "--b" in the preamble but not at a line start is ignored. */
    ck_assert_int_eq(parse_s("b",
        "preamble x--b\r\n\r\n--b  \t\r\n"
        "Content-Disposition: form-data; name=a\r\n\r\nA\r\n"
        "--b\t\r\nContent-Disposition: form-data; name=b\r\n\r\nB\r\n"
        "--b--  garbage\r\n--b\r\nmore garbage", &c, &mp), APR_SUCCESS);
    ck_assert_str_eq(apr_table_get(kc_multipart_fields(mp), "a"), "A");
    ck_assert_str_eq(apr_table_get(kc_multipart_fields(mp), "b"), "B");
    ck_assert_int_eq(apr_table_elts(kc_multipart_fields(mp))->nelts, 2);
    /* A body starting with CRLF before the first delimiter. */
    ck_assert_int_eq(parse_s("b",
        "\r\n--b\r\nContent-Disposition: form-data; name=a\r\n\r\nA\r\n"
        "--b--", &c, &mp), APR_SUCCESS);
    ck_assert_str_eq(apr_table_get(kc_multipart_fields(mp), "a"), "A");
    /* A part without headers and body at all: no name. */
    ck_assert_int_eq(parse_s("b", "--b\r\n\r\n\r\n--b--", &c, &mp),
                     APR_EINVAL);
}
END_TEST

START_TEST(mp_filenames)
{
    static const char *const cases[][2] = {
        { "C:\\Users\\x\\a.pdf", "a.pdf" },
        { "C:\\\\x\\\\b.pdf", "b.pdf" },        /* escaped backslashes */
        { "/etc/passwd", "passwd" },
        { "dir/sub/", "upload" },
        { "C:\\dir\\\\", "upload" },      /* C:\dir\\ -> C:\dir\ */
        { "..", "upload" },
        { "x/..", "upload" },
        { "/", "upload" },
        { "tab\there.txt", "tab_here.txt" },
        { "a\\\"b.txt", "a\"b.txt" },
        { "caf\xC3\xA9.txt", "caf\xC3\xA9.txt" },
    };
    apr_size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        coll_t c;
        kc_multipart_t *mp;
        const char *body = apr_pstrcat(pool, "--b\r\nContent-Disposition: "
            "form-data; name=\"f\"; filename=\"", cases[i][0], "\"\r\n\r\n"
            "data\r\n--b--", NULL);

        ck_assert_msg(parse_s("b", body, &c, &mp) == APR_SUCCESS,
                      "case %u: %s", (unsigned)i, kc_multipart_error(mp));
        ck_assert_int_eq(c.n, 1);
        ck_assert_str_eq(c.up[0].filename, cases[i][1]);
        ck_assert_ptr_null(c.up[0].ctype);
        ck_assert_uint_eq(c.up[0].len, 4);
    }
}
END_TEST

START_TEST(mp_malformed_parts)
{
    static const char *const bad[] = {
        /* no name */
        "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nx\r\n--b--",
        "--b\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nx\r\n"
        "--b--",
        /* no or wrong Content-Disposition */
        "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--",
        "--b\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\n"
        "x\r\n--b--",
        "--b\r\nContent-Disposition: form-data name=a\r\n\r\nx\r\n--b--",
        /* header syntax */
        "--b\r\nContent-Disposition: form-data; name=a\r\nX: \x01\r\n\r\n"
        "x\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name\r\n\r\nx\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=\r\n\r\nx\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=a\r\n"
        "Content-Type: a\r\nContent-type: b\r\n\r\nx\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=a\nX: y\r\n\r\n"
        "x\r\n--b--",
        "--b\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\nx\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=a\r\nbogus\r\n\r\n"
        "x\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=a\r\n"
        "Content-Disposition: form-data; name=b\r\n\r\nx\r\n--b--",
        /* values */
        "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n\xFF\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n\xC0\xAF\r\n"
        "--b--",
        "--b\r\nContent-Disposition: form-data; name=\"\xFF\"\r\n\r\n"
        "x\r\n--b--",
        "--b\r\nContent-Disposition: form-data; name=f; filename=\"\xFF\"\r\n"
        "\r\nx\r\n--b--",
        /* boundary lines */
        "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--bc\r\n",
        "--b x\r\n",
        "--b\rX",
        "--b-x",
    };
    apr_size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        coll_t c;
        kc_multipart_t *mp;

        ck_assert_msg(parse_s("b", bad[i], &c, &mp) == APR_EINVAL,
                      "case %u", (unsigned)i);
        ck_assert_ptr_nonnull(kc_multipart_error(mp));
    }
}
END_TEST

START_TEST(mp_nul_in_text_field)
{
    static const char body[] =
        "--b\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n"
        "a\0b\r\n--b--";
    coll_t c;
    kc_multipart_t *mp = mp_new("b", &c, 100, 5);

    ck_assert_int_eq(feed_all(mp, body, sizeof(body) - 1, 0), APR_EINVAL);
    ck_assert_ptr_nonnull(strstr(kc_multipart_error(mp), "\"t\""));
}
END_TEST

START_TEST(mp_limits)
{
    buf_t b = { 0 };
    coll_t c;
    kc_multipart_t *mp;
    int i;

    for (i = 0; i < 3; i++)
        adds(&b, "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n");
    adds(&b, "--b--");
    mp = mp_new("b", &c, 100, 3);
    ck_assert_int_eq(feed_all(mp, b.d, b.len, 0), APR_SUCCESS);
    ck_assert_int_eq(kc_form_values(pool, kc_multipart_fields(mp),
                                    "a")->nelts, 3);
    mp = mp_new("b", &c, 100, 2);
    ck_assert_int_eq(feed_all(mp, b.d, b.len, 0), APR_E2BIG);

    /* A header block of more than 8 KB. */
    memset(&b, 0, sizeof(b));
    adds(&b, "--b\r\nContent-Disposition: form-data; name=a\r\nX-Pad: ");
    for (i = 0; i < 9000; i++)
        adds(&b, "p");
    adds(&b, "\r\n\r\nx\r\n--b--");
    mp = mp_new("b", &c, 100, 3);
    ck_assert_int_eq(feed_all(mp, b.d, b.len, 0), APR_E2BIG);
    rng_state = 11;
    mp = mp_new("b", &c, 100, 3);
    ck_assert_int_eq(feed_all(mp, b.d, b.len, 500), APR_E2BIG);
}
END_TEST

START_TEST(mp_create_rejects_bad_boundary)
{
    kc_multipart_t *mp = (kc_multipart_t *)&mp;

    ck_assert_int_eq(kc_multipart_create(&mp, pool, NULL, NULL, 1, 1),
                     APR_EINVAL);
    ck_assert_ptr_null(mp);
    ck_assert_int_eq(kc_multipart_create(&mp, pool, "", NULL, 1, 1),
                     APR_EINVAL);
    ck_assert_int_eq(kc_multipart_create(&mp, pool, "a\r\nb", NULL, 1, 1),
                     APR_EINVAL);
    ck_assert_int_eq(kc_multipart_create(&mp, pool, "ab ", NULL, 1, 1),
                     APR_EINVAL);
}
END_TEST

START_TEST(boundary_parse)
{
    const char *b70 = "0123456789012345678901234567890123456789"
                      "012345678901234567890123456789";
    const char *b71 = apr_pstrcat(pool, b70, "x", NULL);

    ck_assert_str_eq(kc_multipart_boundary(pool,
        "multipart/form-data; boundary=" BND), BND);
    ck_assert_str_eq(kc_multipart_boundary(pool,
        "multipart/form-data; boundary=\"a b:c?d\""), "a b:c?d");
    ck_assert_str_eq(kc_multipart_boundary(pool,
        "Multipart/Form-Data ;charset=utf-8; BOUNDARY=abc"), "abc");
    ck_assert_str_eq(kc_multipart_boundary(pool,
        "multipart/form-data;boundary=\"x\";"), "x");
    ck_assert_str_eq(kc_multipart_boundary(pool, apr_pstrcat(pool,
        "multipart/form-data; boundary=", b70, NULL)), b70);

    ck_assert_ptr_null(kc_multipart_boundary(pool, apr_pstrcat(pool,
        "multipart/form-data; boundary=", b71, NULL)));
    ck_assert_ptr_null(kc_multipart_boundary(pool, apr_pstrcat(pool,
        "multipart/form-data; boundary=\"", b71, "\"", NULL)));
    ck_assert_ptr_null(kc_multipart_boundary(pool, "multipart/form-data"));
    ck_assert_ptr_null(kc_multipart_boundary(pool,
        "multipart/form-data; charset=utf-8"));
    ck_assert_ptr_null(kc_multipart_boundary(pool,
        "multipart/form-data; boundary="));
    ck_assert_ptr_null(kc_multipart_boundary(pool,
        "multipart/form-data; boundary=\"\""));
    ck_assert_ptr_null(kc_multipart_boundary(pool,
        "multipart/form-data; boundary=\"abc \""));
    ck_assert_ptr_null(kc_multipart_boundary(pool,
        "multipart/form-data; boundary=a@b"));
    ck_assert_ptr_null(kc_multipart_boundary(pool,
        "multipart/form-data; boundary=\"abc"));
    ck_assert_ptr_null(kc_multipart_boundary(pool,
        "multipart/form-data; boundary=a; boundary=b"));
    ck_assert_ptr_null(kc_multipart_boundary(pool,
        "multipart/mixed; boundary=abc"));
    ck_assert_ptr_null(kc_multipart_boundary(pool,
        "multipart/form-datax; boundary=abc"));
    ck_assert_ptr_null(kc_multipart_boundary(pool,
        "application/x-www-form-urlencoded"));
    ck_assert_ptr_null(kc_multipart_boundary(pool, ""));
    ck_assert_ptr_null(kc_multipart_boundary(pool, NULL));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("kc_form");
    TCase *tu = tcase_create("urlencoded");
    TCase *tm = tcase_create("multipart");
    SRunner *sr;
    int failed;

    apr_initialize();
    tcase_add_checked_fixture(tu, setup, teardown);
    tcase_add_test(tu, ue_plain_and_decoding);
    tcase_add_test(tu, ue_repeated_names);
    tcase_add_test(tu, ue_missing_eq_and_empty_pairs);
    tcase_add_test(tu, ue_malformed_escape);
    tcase_add_test(tu, ue_nul_and_utf8);
    tcase_add_test(tu, ue_max_fields);
    tcase_add_test(tu, utf8_valid);
    tcase_add_test(tu, control_field);
    suite_add_tcase(s, tu);

    tcase_add_checked_fixture(tm, setup, teardown);
    /* Byte-by-byte feeding under ASan takes a few seconds. */
    tcase_set_timeout(tm, 60);
    tcase_add_test(tm, mp_form_whole_bytewise_random);
    tcase_add_test(tm, mp_streams_with_bounded_holdback);
    tcase_add_test(tm, mp_empty_file_input_skipped);
    tcase_add_test(tm, mp_text_field_limit);
    tcase_add_test(tm, mp_missing_closing_boundary);
    tcase_add_test(tm, mp_callback_errors);
    tcase_add_test(tm, mp_field_end_callback);
    tcase_add_test(tm, mp_no_file_callbacks);
    tcase_add_test(tm, mp_preamble_epilogue_padding);
    tcase_add_test(tm, mp_filenames);
    tcase_add_test(tm, mp_malformed_parts);
    tcase_add_test(tm, mp_nul_in_text_field);
    tcase_add_test(tm, mp_limits);
    tcase_add_test(tm, mp_create_rejects_bad_boundary);
    tcase_add_test(tm, boundary_parse);
    suite_add_tcase(s, tm);

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    apr_terminate();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
