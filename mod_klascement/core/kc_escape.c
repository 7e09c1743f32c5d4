/*
 * kc_escape.c -- escaping for HTML and URLs (APR only).
 */
#include <string.h>

#include <apr_strings.h>

#include "kc_escape.h"

/* Extra bytes each character costs when HTML-escaped; 0 = written as is.
 * Indexed by unsigned char so UTF-8 bytes (>= 0x80) are never touched. */
static apr_size_t kc_html_extra(unsigned char c)
{
    switch (c) {
    case '&': return 4;     /* &amp;  */
    case '<': return 3;     /* &lt;   */
    case '>': return 3;     /* &gt;   */
    case '"': return 5;     /* &quot; */
    case '\'': return 4;    /* &#39;  */
    default: return 0;
    }
}

const char *kc_html_escape(apr_pool_t *p, const char *s)
{
    const unsigned char *in;
    apr_size_t len = 0, extra = 0;
    char *out, *o;

    if (!s)
        return "";
    for (in = (const unsigned char *)s; *in; in++, len++)
        extra += kc_html_extra(*in);
    /* Most values hold nothing to escape: hand them back without a copy. */
    if (!extra)
        return s;

    o = out = apr_palloc(p, len + extra + 1);
    for (in = (const unsigned char *)s; *in; in++) {
        const char *ent = NULL;
        switch (*in) {
        case '&': ent = "&amp;"; break;
        case '<': ent = "&lt;"; break;
        case '>': ent = "&gt;"; break;
        case '"': ent = "&quot;"; break;
        case '\'': ent = "&#39;"; break;
        default: *o++ = (char)*in; continue;
        }
        memcpy(o, ent, kc_html_extra(*in) + 1);
        o += kc_html_extra(*in) + 1;
    }
    *o = '\0';
    return out;
}

/* Not apr_isalnum(): that follows the locale, and RFC 3986 does not. */
static int kc_url_unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
}

static const char *url_encode(apr_pool_t *p, const char *s, int keep_slash)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *in;
    apr_size_t len = 0, n = 0;
    char *out, *o;

    if (!s)
        return "";
    for (in = (const unsigned char *)s; *in; in++, len++)
        n += !kc_url_unreserved(*in) && !(keep_slash && *in == '/');
    if (!n)
        return s;

    o = out = apr_palloc(p, len + 2 * n + 1);
    for (in = (const unsigned char *)s; *in; in++) {
        if (kc_url_unreserved(*in) || (keep_slash && *in == '/')) {
            *o++ = (char)*in;
        }
        else {
            *o++ = '%';
            *o++ = hex[*in >> 4];
            *o++ = hex[*in & 0x0f];
        }
    }
    *o = '\0';
    return out;
}

const char *kc_url_encode(apr_pool_t *p, const char *s)
{
    return url_encode(p, s, 0);
}

const char *kc_url_encode_path(apr_pool_t *p, const char *s)
{
    return url_encode(p, s, 1);
}

int kc_is_local_path(const char *s)
{
    const unsigned char *c;

    if (!s || s[0] != '/')
        return 0;
    /* Browsers read "//host" and "/\host" as another host. */
    if (s[1] == '/' || s[1] == '\\')
        return 0;
    for (c = (const unsigned char *)s; *c; c++) {
        /* Control characters can split headers or be dropped by browsers,
         * turning "/\t/evil" into "//evil"; backslashes are read as '/'. */
        if (*c < 0x20 || *c == 0x7f || *c == '\\')
            return 0;
    }
    return 1;
}
