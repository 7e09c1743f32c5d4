/*
 * kc_json.c -- a small streaming JSON writer (APR only).
 */
#include <string.h>

#include <apr_tables.h>

#include "kc_json.h"

/* ---- output buffer ----------------------------------------------------- */

typedef struct {
    apr_pool_t *p;
    char *buf;
    apr_size_t len;
    apr_size_t cap;
    int failed;                 /* out of memory: output is incomplete */
} kc_jbuf_t;

static void kc_jbuf_init(kc_jbuf_t *b, apr_pool_t *p, apr_size_t cap)
{
    b->p = p;
    b->len = 0;
    b->cap = cap ? cap : 1;
    b->buf = apr_palloc(p, b->cap);
    b->failed = b->buf == NULL;
}

/* Doubling keeps appends amortised O(1); the old buffers stay in the pool
 * but add up to less than the final one. One byte is always left free for
 * the closing NUL. */
static void kc_jbuf_put(kc_jbuf_t *b, const char *s, apr_size_t n)
{
    if (b->failed || n == 0)
        return;
    if (n >= b->cap - b->len) {
        apr_size_t cap = b->cap;
        char *nb;
        while (n >= cap - b->len) {
            if (cap > APR_SIZE_MAX / 2) {
                b->failed = 1;
                return;
            }
            cap *= 2;
        }
        if (!(nb = apr_palloc(b->p, cap))) {
            b->failed = 1;
            return;
        }
        memcpy(nb, b->buf, b->len);
        b->buf = nb;
        b->cap = cap;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
}

/* ---- string escaping --------------------------------------------------- */

static const char kc_hex[] = "0123456789abcdef";

/* The escape for an ASCII byte, written to rep; 0 = the byte is safe. */
static apr_size_t kc_json_esc_ascii(unsigned char c, char rep[6])
{
    const char *two = NULL;

    switch (c) {
    case '"': two = "\\\""; break;
    case '\\': two = "\\\\"; break;
    case '\n': two = "\\n"; break;
    case '\r': two = "\\r"; break;
    case '\t': two = "\\t"; break;
    case '\b': two = "\\b"; break;
    case '\f': two = "\\f"; break;
    /* Not required by JSON: they keep "</script>" and "<!--" from ending
     * or changing an HTML script element the text is embedded in. */
    case '<': case '>': case '&': break;
    default:
        if (c >= 0x20)
            return 0;
    }
    if (two) {
        memcpy(rep, two, 2);
        return 2;
    }
    memcpy(rep, "\\u00", 4);
    rep[4] = kc_hex[c >> 4];
    rep[5] = kc_hex[c & 0x0f];
    return 6;
}

/* Length of the well-formed UTF-8 sequence at s (2..4), or 0 when it is
 * ill-formed; then *adv is the length of its maximal ill-formed subpart
 * (at least 1), which is replaced by one U+FFFD. The per-lead-byte bounds
 * on the second byte reject overlong forms, surrogates and code points
 * above U+10FFFF (Unicode table 3-7). */
static apr_size_t kc_utf8_len(const unsigned char *s, const unsigned char *e,
                              apr_size_t *adv)
{
    unsigned char lo = 0x80, hi = 0xBF;
    apr_size_t need, i;

    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        need = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        need = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        need = 4;
    else {
        *adv = 1;               /* continuation byte, C0, C1, F5..FF */
        return 0;
    }
    if (s[0] == 0xE0)
        lo = 0xA0;
    else if (s[0] == 0xED)
        hi = 0x9F;
    else if (s[0] == 0xF0)
        lo = 0x90;
    else if (s[0] == 0xF4)
        hi = 0x8F;
    for (i = 1; i < need; i++) {
        if (s + i >= e || s[i] < lo || s[i] > hi) {
            *adv = i;
            return 0;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    *adv = need;
    return need;
}

/* What to write instead of the character at s: its length in rep, or 0 to
 * copy the bytes as they are. *adv gets how many input bytes it spans. */
static apr_size_t kc_json_esc_at(const unsigned char *s,
                                 const unsigned char *e, char rep[6],
                                 apr_size_t *adv)
{
    if (*s < 0x80) {
        *adv = 1;
        return kc_json_esc_ascii(*s, rep);
    }
    if (!kc_utf8_len(s, e, adv)) {
        memcpy(rep, "\xEF\xBF\xBD", 3);
        return 3;
    }
    /* U+2028 and U+2029 end a line in JavaScript before ES2019, so a raw
     * one breaks a string literal in a script. */
    if (*adv == 3 && s[0] == 0xE2 && s[1] == 0x80
        && (s[2] == 0xA8 || s[2] == 0xA9)) {
        memcpy(rep, s[2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
        return 6;
    }
    return 0;
}

/* Appends s[0..n) as a quoted JSON string. Safe runs are copied in one go:
 * most text needs no escape at all. */
static void kc_jbuf_quote(kc_jbuf_t *b, const char *str, apr_size_t n)
{
    const unsigned char *s = (const unsigned char *)str, *e = s + n;
    const unsigned char *run = s;

    kc_jbuf_put(b, "\"", 1);
    while (s < e) {
        char rep[6];
        apr_size_t adv, rlen = kc_json_esc_at(s, e, rep, &adv);

        if (rlen) {
            kc_jbuf_put(b, (const char *)run, (apr_size_t)(s - run));
            kc_jbuf_put(b, rep, rlen);
            run = s + adv;
        }
        s += adv;
    }
    kc_jbuf_put(b, (const char *)run, (apr_size_t)(s - run));
    kc_jbuf_put(b, "\"", 1);
}

const char *kc_json_quote(apr_pool_t *p, const char *s, apr_size_t *outlen)
{
    kc_jbuf_t b;
    apr_size_t n;

    if (outlen)
        *outlen = 0;
    if (!s) {
        if (outlen)
            *outlen = 4;
        return "null";
    }
    n = strlen(s);
    if (n > APR_SIZE_MAX / 4)
        return NULL;
    /* Room for the quotes and a few escapes: usually no regrowth. */
    kc_jbuf_init(&b, p, n + n / 8 + 16);
    kc_jbuf_quote(&b, s, n);
    if (b.failed)
        return NULL;
    b.buf[b.len] = '\0';
    if (outlen)
        *outlen = b.len;
    return b.buf;
}

/* Not isdigit(): that follows the locale, JSON does not. */
static int kc_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int kc_json_is_number(const char *s)
{
    if (!s)
        return 0;
    if (*s == '-')
        s++;
    if (*s == '0')
        s++;
    else if (*s >= '1' && *s <= '9')
        while (kc_is_digit(*s))
            s++;
    else
        return 0;
    if (*s == '.') {
        if (!kc_is_digit(*++s))
            return 0;
        while (kc_is_digit(*s))
            s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!kc_is_digit(*s))
            return 0;
        while (kc_is_digit(*s))
            s++;
    }
    return *s == '\0';
}

/* ---- the writer -------------------------------------------------------- */

typedef struct {
    int obj;                    /* 1 object, 0 array */
    int want_value;             /* object: a key was written, value due */
    int n;                      /* members or elements so far: commas */
} kc_jframe_t;

struct kc_json_t {
    kc_jbuf_t b;
    apr_array_header_t *stack;  /* kc_jframe_t, innermost last */
    int top_done;               /* the one top-level value has begun */
    int bad;                    /* a call out of sequence: finish fails */
};

kc_json_t *kc_json_make(apr_pool_t *p)
{
    kc_json_t *j = apr_pcalloc(p, sizeof(*j));

    /* API answers are mostly small; larger ones double a few times. */
    kc_jbuf_init(&j->b, p, 512);
    j->stack = apr_array_make(p, 8, sizeof(kc_jframe_t));
    return j;
}

static kc_jframe_t *kc_json_top(kc_json_t *j)
{
    if (j->stack->nelts == 0)
        return NULL;
    return &APR_ARRAY_IDX(j->stack, j->stack->nelts - 1, kc_jframe_t);
}

/* Before every value: is one allowed here? Writes the comma if needed.
 * Once a call was out of sequence nothing more is written: the output is
 * garbage anyway and finish() will say so. */
static int kc_json_value_ok(kc_json_t *j)
{
    kc_jframe_t *f = kc_json_top(j);

    if (j->bad)
        return 0;
    if (!f) {
        if (j->top_done) {
            j->bad = 1;
            return 0;
        }
        j->top_done = 1;
        return 1;
    }
    if (f->obj) {
        /* The comma went out with the key. */
        if (!f->want_value) {
            j->bad = 1;
            return 0;
        }
        f->want_value = 0;
        return 1;
    }
    if (f->n++)
        kc_jbuf_put(&j->b, ",", 1);
    return 1;
}

static void kc_json_open(kc_json_t *j, int obj)
{
    kc_jframe_t *f;

    if (!kc_json_value_ok(j))
        return;
    kc_jbuf_put(&j->b, obj ? "{" : "[", 1);
    f = apr_array_push(j->stack);
    f->obj = obj;
    f->want_value = 0;
    f->n = 0;
}

static void kc_json_close(kc_json_t *j, int obj)
{
    kc_jframe_t *f = kc_json_top(j);

    if (j->bad)
        return;
    if (!f || f->obj != obj || f->want_value) {
        j->bad = 1;
        return;
    }
    j->stack->nelts--;
    kc_jbuf_put(&j->b, obj ? "}" : "]", 1);
}

void kc_json_obj_begin(kc_json_t *j) { kc_json_open(j, 1); }
void kc_json_obj_end(kc_json_t *j) { kc_json_close(j, 1); }
void kc_json_arr_begin(kc_json_t *j) { kc_json_open(j, 0); }
void kc_json_arr_end(kc_json_t *j) { kc_json_close(j, 0); }

void kc_json_key(kc_json_t *j, const char *key)
{
    kc_jframe_t *f = kc_json_top(j);

    if (j->bad)
        return;
    if (!key || !f || !f->obj || f->want_value) {
        j->bad = 1;
        return;
    }
    if (f->n++)
        kc_jbuf_put(&j->b, ",", 1);
    kc_jbuf_quote(&j->b, key, strlen(key));
    kc_jbuf_put(&j->b, ":", 1);
    f->want_value = 1;
}

void kc_json_null(kc_json_t *j)
{
    if (kc_json_value_ok(j))
        kc_jbuf_put(&j->b, "null", 4);
}

void kc_json_str(kc_json_t *j, const char *s)
{
    if (!s)
        kc_json_null(j);
    else if (kc_json_value_ok(j))
        kc_jbuf_quote(&j->b, s, strlen(s));
}

/* By hand rather than with a printf: LLONG_MIN has no positive twin, so
 * the magnitude is taken in unsigned arithmetic. */
void kc_json_int(kc_json_t *j, long long v)
{
    char d[24];                 /* 20 digits of 2^64, a sign, spare */
    char *o = d + sizeof(d);
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
                                 : (unsigned long long)v;

    if (!kc_json_value_ok(j))
        return;
    do {
        *--o = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--o = '-';
    kc_jbuf_put(&j->b, o, (apr_size_t)(d + sizeof(d) - o));
}

void kc_json_num(kc_json_t *j, const char *decimal)
{
    if (!kc_json_is_number(decimal))
        kc_json_null(j);
    else if (kc_json_value_ok(j))
        kc_jbuf_put(&j->b, decimal, strlen(decimal));
}

void kc_json_bool(kc_json_t *j, int v)
{
    if (kc_json_value_ok(j))
        kc_jbuf_put(&j->b, v ? "true" : "false", v ? 4 : 5);
}

void kc_json_kv_str(kc_json_t *j, const char *key, const char *s)
{
    kc_json_key(j, key);
    kc_json_str(j, s);
}

void kc_json_kv_int(kc_json_t *j, const char *key, long long v)
{
    kc_json_key(j, key);
    kc_json_int(j, v);
}

void kc_json_kv_num(kc_json_t *j, const char *key, const char *decimal)
{
    kc_json_key(j, key);
    kc_json_num(j, decimal);
}

void kc_json_kv_bool(kc_json_t *j, const char *key, int v)
{
    kc_json_key(j, key);
    kc_json_bool(j, v);
}

void kc_json_kv_null(kc_json_t *j, const char *key)
{
    kc_json_key(j, key);
    kc_json_null(j);
}

apr_status_t kc_json_finish(kc_json_t *j, const char **out, apr_size_t *len)
{
    *out = NULL;
    if (len)
        *len = 0;
    if (j->bad || j->stack->nelts || !j->top_done)
        return APR_EINVAL;
    if (j->b.failed)
        return APR_ENOMEM;
    j->b.buf[j->b.len] = '\0';  /* kc_jbuf_put always leaves room for it */
    *out = j->b.buf;
    if (len)
        *len = j->b.len;
    return APR_SUCCESS;
}
