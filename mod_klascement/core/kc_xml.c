/*
 * kc_xml.c -- the XML writer (kc_xml.h).
 */
#include "kc_xml.h"

#include <stdarg.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_tables.h>

#define KC_XML_MAX_DEPTH 32

struct kc_xml_t {
    apr_pool_t *p;
    apr_array_header_t *buf;               /* bytes of the document */
    const char *open[KC_XML_MAX_DEPTH];    /* names of the open elements */
    int depth;
    int broken;                            /* a misuse happened */
};

static void put(apr_array_header_t *buf, const char *s, apr_size_t n)
{
    /* Grow by doubling (apr_array_push alone grows one element at a time). */
    if (buf->nelts + (int)n > buf->nalloc) {
        int want = buf->nalloc * 2;
        char *bigger;
        while (want < buf->nelts + (int)n) {
            want *= 2;
        }
        bigger = apr_palloc(buf->pool, (apr_size_t)want);
        memcpy(bigger, buf->elts, (apr_size_t)buf->nelts);
        buf->elts = bigger;
        buf->nalloc = want;
    }
    memcpy(buf->elts + buf->nelts, s, n);
    buf->nelts += (int)n;
}

static void puts_(apr_array_header_t *buf, const char *s)
{
    put(buf, s, strlen(s));
}

/* Length of the well-formed UTF-8 sequence at s (1..4) and its code point,
 * or 0 when the bytes there are not one. */
static int utf8_seq(const unsigned char *s, apr_size_t left, apr_uint32_t *cp)
{
    int n, i;
    apr_uint32_t c = s[0];

    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { n = 2; c &= 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; c &= 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; c &= 0x07; }
    else return 0;
    if ((apr_size_t)n > left) {
        return 0;
    }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            return 0;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    /* Overlong forms, surrogates and values past U+10FFFF. */
    if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF))
        || (c >= 0xD800 && c <= 0xDFFF)) {
        return 0;
    }
    *cp = c;
    return n;
}

static void put_escaped(apr_array_header_t *buf, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    apr_size_t left = strlen(text);

    while (left) {
        apr_uint32_t cp;
        int n = utf8_seq(s, left, &cp);
        if (n == 0) {
            puts_(buf, "\xEF\xBF\xBD");         /* U+FFFD for a bad byte */
            s++; left--;
            continue;
        }
        switch (cp) {
        case '&':  puts_(buf, "&amp;");  break;
        case '<':  puts_(buf, "&lt;");   break;
        case '>':  puts_(buf, "&gt;");   break;
        case '"':  puts_(buf, "&quot;"); break;
        case '\'': puts_(buf, "&apos;"); break;
        default:
            /* XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] |
             * [#xE000-#xFFFD] | [#x10000-#x10FFFF]; the rest is dropped. */
            if ((cp < 0x20 && cp != 0x9 && cp != 0xA && cp != 0xD)
                || cp == 0xFFFE || cp == 0xFFFF) {
                break;
            }
            put(buf, (const char *)s, (apr_size_t)n);
        }
        s += n; left -= (apr_size_t)n;
    }
}

static int valid_name(const char *name)
{
    const char *c = name;
    if (!name || !((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z')
                   || *c == '_')) {
        return 0;
    }
    for (c++; *c; c++) {
        if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z')
              || (*c >= '0' && *c <= '9') || strchr("_.:-", *c))) {
            return 0;
        }
    }
    return 1;
}

kc_xml_t *kc_xml_make(apr_pool_t *p)
{
    kc_xml_t *x = apr_pcalloc(p, sizeof(*x));
    x->p = p;
    x->buf = apr_array_make(p, 8192, 1);
    puts_(x->buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    return x;
}

static void start_va(kc_xml_t *x, const char *name, va_list ap)
{
    const char *attr;

    if (x->broken || !valid_name(name) || x->depth == KC_XML_MAX_DEPTH) {
        x->broken = 1;
        return;
    }
    puts_(x->buf, "<");
    puts_(x->buf, name);
    while ((attr = va_arg(ap, const char *)) != NULL) {
        const char *value = va_arg(ap, const char *);
        if (!valid_name(attr)) {
            x->broken = 1;
            return;
        }
        if (value) {
            puts_(x->buf, " ");
            puts_(x->buf, attr);
            puts_(x->buf, "=\"");
            put_escaped(x->buf, value);
            puts_(x->buf, "\"");
        }
    }
    puts_(x->buf, ">");
    x->open[x->depth++] = name;
}

void kc_xml_start(kc_xml_t *x, const char *name, ...)
{
    va_list ap;
    va_start(ap, name);
    start_va(x, name, ap);
    va_end(ap);
}

void kc_xml_end(kc_xml_t *x)
{
    if (x->broken || x->depth == 0) {
        x->broken = 1;
        return;
    }
    x->depth--;
    puts_(x->buf, "</");
    puts_(x->buf, x->open[x->depth]);
    puts_(x->buf, ">");
}

void kc_xml_text(kc_xml_t *x, const char *text)
{
    if (x->broken || x->depth == 0) {
        x->broken = 1;     /* text outside the root element */
        return;
    }
    if (text) {
        put_escaped(x->buf, text);
    }
}

void kc_xml_elem(kc_xml_t *x, const char *name, const char *text, ...)
{
    va_list ap;
    va_start(ap, text);
    start_va(x, name, ap);
    va_end(ap);
    kc_xml_text(x, text);
    kc_xml_end(x);
}

apr_status_t kc_xml_finish(kc_xml_t *x, const char **out, apr_size_t *len)
{
    if (x->broken || x->depth != 0) {
        return APR_EGENERAL;
    }
    if (len) {
        *len = (apr_size_t)x->buf->nelts;
    }
    put(x->buf, "", 1);                     /* the NUL, not counted */
    x->buf->nelts--;
    *out = x->buf->elts;
    return APR_SUCCESS;
}

const char *kc_xml_escape(apr_pool_t *p, const char *s)
{
    apr_array_header_t *buf = apr_array_make(p, 64, 1);
    put_escaped(buf, s ? s : "");
    put(buf, "", 1);
    return buf->elts;
}
