/*
 * kc_form.c -- application/x-www-form-urlencoded bodies, UTF-8 validation
 * and header parameters (APR only). Streaming multipart/form-data is in
 * kc_multipart.c.
 */
#include <string.h>

#include <apr_strings.h>

#include "kc_form.h"

int kc_utf8_valid(const char *s, apr_size_t len)
{
    const unsigned char *c = (const unsigned char *)s;
    const unsigned char *e;

    if (!s)
        return len == 0;
    e = c + len;
    while (c < e) {
        unsigned char lo = 0x80, hi = 0xBF;
        apr_size_t n, k;

        if (*c < 0x80) {
            c++;
            continue;
        }
        /* RFC 3629 table: the second byte's range is what rules out
         * overlong forms (E0, F0), surrogates (ED) and > U+10FFFF (F4);
         * C0, C1 and F5..FF never start a character. */
        if (*c >= 0xC2 && *c <= 0xDF)
            n = 1;
        else if (*c >= 0xE0 && *c <= 0xEF)
            n = 2;
        else if (*c >= 0xF0 && *c <= 0xF4)
            n = 3;
        else
            return 0;
        if (*c == 0xE0)
            lo = 0xA0;
        else if (*c == 0xED)
            hi = 0x9F;
        else if (*c == 0xF0)
            lo = 0x90;
        else if (*c == 0xF4)
            hi = 0x8F;
        if ((apr_size_t)(e - c) <= n)
            return 0;
        if (c[1] < lo || c[1] > hi)
            return 0;
        for (k = 2; k <= n; k++) {
            if (c[k] < 0x80 || c[k] > 0xBF)
                return 0;
        }
        c += n + 1;
    }
    return 1;
}

/* Not apr_isxdigit(): that follows the locale. */
static int kc_hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode src[0..n) into dst ('+' = space, %XX) and NUL-terminate. dst needs
 * n + 1 bytes: decoding never makes the text longer. Fails on a malformed
 * escape, on a NUL byte (it would silently cut the C string short) and on
 * invalid UTF-8. */
static apr_status_t kc_form_decode(char *dst, const char *src, apr_size_t n)
{
    const unsigned char *s = (const unsigned char *)src;
    const unsigned char *e = s + n;
    char *o = dst;

    while (s < e) {
        unsigned char c = *s++;

        if (c == '+') {
            c = ' ';
        }
        else if (c == '%') {
            int h, l;

            if (e - s < 2)
                return APR_EINVAL;
            h = kc_hexval(s[0]);
            l = kc_hexval(s[1]);
            if (h < 0 || l < 0)
                return APR_EINVAL;
            c = (unsigned char)(h << 4 | l);
            s += 2;
        }
        if (c == '\0')
            return APR_EINVAL;
        *o++ = (char)c;
    }
    *o = '\0';
    return kc_utf8_valid(dst, (apr_size_t)(o - dst)) ? APR_SUCCESS
                                                      : APR_EINVAL;
}

/* The raw (undecoded) name for an error message when decoding it failed:
 * anything outside printable ASCII is %-escaped again, so the caller gets
 * a string that is safe to log and valid UTF-8. */
static const char *kc_form_printable(apr_pool_t *p, const char *s,
                                     apr_size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = apr_palloc(p, 3 * n + 1), *o = out;
    apr_size_t i;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c >= 0x20 && c < 0x7f) {
            *o++ = (char)c;
        }
        else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 0x0f];
        }
    }
    *o = '\0';
    return out;
}

/* One name[=value] pair, s[0..n). */
static apr_status_t kc_form_pair(apr_table_t *t, apr_pool_t *p,
                                 const char *s, apr_size_t n,
                                 const char **bad)
{
    const char *eq = memchr(s, '=', n);
    apr_size_t nlen = eq ? (apr_size_t)(eq - s) : n;
    apr_size_t vlen = eq ? n - nlen - 1 : 0;
    /* Name and value share one allocation: "name\0value\0". */
    char *name = apr_palloc(p, n + 2);
    char *value = name + nlen + 1;

    if (kc_form_decode(name, s, nlen) != APR_SUCCESS) {
        *bad = kc_form_printable(p, s, nlen);
        return APR_EINVAL;
    }
    if (kc_form_decode(value, eq ? eq + 1 : "", vlen) != APR_SUCCESS) {
        *bad = name;
        return APR_EINVAL;
    }
    /* Checked only now so that "=%FF" is still reported as malformed. */
    if (name[0])
        apr_table_addn(t, name, value);
    return APR_SUCCESS;
}

apr_status_t kc_form_parse_urlencoded(apr_table_t **out, apr_pool_t *p,
                                      const char *body, apr_size_t len,
                                      int max_fields, const char **bad_field)
{
    const char *s, *e, *amp;
    const char *bad = NULL;
    apr_size_t npairs = 0;
    apr_table_t *t;

    *out = NULL;
    if (bad_field)
        *bad_field = NULL;
    if (!body) {
        body = "";
        len = 0;
    }
    e = body + len;
    /* Count first, so a body of a million '&' is refused before anything
     * is allocated for it. An empty body has no pairs; "a&" has two. */
    if (len) {
        npairs = 1;
        for (s = body; (amp = memchr(s, '&', (apr_size_t)(e - s))) != NULL;
             s = amp + 1)
            npairs++;
    }
    if (max_fields < 0 || npairs > (apr_size_t)max_fields)
        return APR_E2BIG;

    t = apr_table_make(p, npairs ? (int)npairs : 1);
    for (s = body; npairs; npairs--) {
        amp = memchr(s, '&', (apr_size_t)(e - s));
        if (!amp)
            amp = e;
        if (kc_form_pair(t, p, s, (apr_size_t)(amp - s), &bad)
            != APR_SUCCESS) {
            if (bad_field)
                *bad_field = bad;
            return APR_EINVAL;
        }
        if (amp < e)
            s = amp + 1;
    }
    *out = t;
    return APR_SUCCESS;
}

/* ---- header values (ASCII only: the locale must not matter) ----------- */

static int kc_hdr_ws(char c)
{
    return c == ' ' || c == '\t';
}

static const char *kc_hdr_skip_ws(const char *s)
{
    while (kc_hdr_ws(*s))
        s++;
    return s;
}

static int kc_hdr_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

int kc_hdr_ieq(const char *s, apr_size_t n, const char *lit)
{
    apr_size_t i;

    for (i = 0; i < n; i++) {
        if (!lit[i] || kc_hdr_lower((unsigned char)s[i]) != lit[i])
            return 0;
    }
    return lit[n] == '\0';
}

/* RFC 7230 tchar. */
static int kc_hdr_tchar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* A parameter value at *sp: a quoted-string, or anything up to ';' or
 * white space. Inside quotes only \" and \\ are escapes: browsers send
 * Windows paths with bare backslashes (filename="C:\x\a.pdf"), and
 * reading "\x" as "x" would defeat the path stripping. */
static const char *kc_hdr_value(apr_pool_t *p, const char **sp)
{
    const char *s = *sp, *t;

    if (*s == '"') {
        /* The content is shorter than the rest of the string. */
        char *out = apr_palloc(p, strlen(s)), *o = out;

        for (s++; *s && *s != '"'; s++) {
            if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
                s++;
            *o++ = *s;
        }
        if (*s != '"')
            return NULL;
        *o = '\0';
        *sp = s + 1;
        return out;
    }
    for (t = s; *s && *s != ';' && !kc_hdr_ws(*s); s++)
        ;
    if (s == t)
        return NULL;
    *sp = s;
    return apr_pstrmemdup(p, t, (apr_size_t)(s - t));
}

apr_status_t kc_hdr_param(apr_pool_t *p, const char **sp, const char **pn,
                          apr_size_t *pnl, const char **val)
{
    const char *s = kc_hdr_skip_ws(*sp);

    *val = NULL;
    if (!*s)
        return APR_SUCCESS;
    if (*s != ';')
        return APR_EINVAL;
    s = kc_hdr_skip_ws(s + 1);
    if (!*s)        /* a trailing ';' is harmless */
        return APR_SUCCESS;
    for (*pn = s; kc_hdr_tchar(*s); s++)
        ;
    *pnl = (apr_size_t)(s - *pn);
    s = kc_hdr_skip_ws(s);
    if (!*pnl || *s != '=')
        return APR_EINVAL;
    s = kc_hdr_skip_ws(s + 1);
    *val = kc_hdr_value(p, &s);
    *sp = s;
    return *val ? APR_SUCCESS : APR_EINVAL;
}

/* The type runs up to the first ';' or white space. */
const char *kc_hdr_type_is(const char *s, const char *lit)
{
    const char *t;

    s = kc_hdr_skip_ws(s);
    for (t = s; *s && *s != ';' && !kc_hdr_ws(*s); s++)
        ;
    return kc_hdr_ieq(t, (apr_size_t)(s - t), lit) ? s : NULL;
}

apr_array_header_t *kc_form_values(apr_pool_t *p, const apr_table_t *form,
                                   const char *name)
{
    apr_array_header_t *vals = apr_array_make(p, 4, sizeof(const char *));
    const apr_array_header_t *arr;
    const apr_table_entry_t *elts;
    int i;

    if (!form || !name)
        return vals;
    arr = apr_table_elts(form);
    elts = (const apr_table_entry_t *)arr->elts;
    for (i = 0; i < arr->nelts; i++) {
        /* strcmp, not apr_table_get's strcasecmp: see kc_form.h. */
        if (elts[i].key && strcmp(elts[i].key, name) == 0)
            APR_ARRAY_PUSH(vals, const char *) = elts[i].val;
    }
    return vals;
}

/* C0 controls other than tab, LF and CR have no place in anything a person
 * types, and U+001E / U+001F are the separators of the details the store
 * joins (chr(30), chr(31)): refusing them at the door keeps a value from
 * posing as extra rows. */
static int has_control(const char *s)
{
    const unsigned char *c;

    for (c = (const unsigned char *)s; c && *c; c++) {
        if (*c < 0x20 && *c != '\t' && *c != '\n' && *c != '\r')
            return 1;
    }
    return 0;
}

const char *kc_form_control_field(const apr_table_t *form)
{
    const apr_array_header_t *arr;
    const apr_table_entry_t *elts;
    int i;

    if (!form)
        return NULL;
    arr = apr_table_elts(form);
    elts = (const apr_table_entry_t *)arr->elts;
    for (i = 0; i < arr->nelts; i++) {
        if (elts[i].key && has_control(elts[i].val))
            return elts[i].key;
    }
    return NULL;
}
