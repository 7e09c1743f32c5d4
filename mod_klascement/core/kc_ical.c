/*
 * kc_ical.c -- a minimal iCalendar writer (kc_ical.h).
 */
#include "kc_ical.h"

#include <apr_strings.h>
#include <apr_tables.h>
#include <string.h>

#define KC_ICAL_LINE 75            /* octets per line, CRLF not counted */

struct kc_ical_t {
    apr_pool_t *pool;
    apr_array_header_t *out;       /* of char */
};

static void put(apr_array_header_t *a, const char *s, apr_size_t n)
{
    while (n--) {
        *(char *)apr_array_push(a) = *s++;
    }
}

/* The length of the well-formed UTF-8 sequence at s (1..4), or 0. */
static apr_size_t utf8_len(const unsigned char *s)
{
    apr_size_t n, i;
    unsigned int cp;

    if (s[0] < 0x80) {
        return 1;
    }
    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        n = 2; cp = s[0] & 0x1f;
    }
    else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        n = 3; cp = s[0] & 0x0f;
    }
    else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        n = 4; cp = s[0] & 0x07;
    }
    else {
        return 0;
    }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            return 0;
        }
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)))
        || (n == 4 && (cp < 0x10000 || cp > 0x10ffff))) {
        return 0;
    }
    return n;
}

/* s with control characters dropped (escape: also \ ; , and newlines
 * escaped) and bad UTF-8 replaced by U+FFFD. */
static char *clean(apr_pool_t *p, const char *s, int escape)
{
    apr_array_header_t *a = apr_array_make(p, (int)strlen(s) + 16, 1);
    const unsigned char *u = (const unsigned char *)s;

    while (*u) {
        apr_size_t n = utf8_len(u);
        if (n == 0) {
            put(a, "\xef\xbf\xbd", 3);
            u++;
            continue;
        }
        if (escape && (*u == '\\' || *u == ';' || *u == ',')) {
            put(a, "\\", 1);
            put(a, (const char *)u, 1);
        }
        else if (escape && *u == '\r' && u[1] == '\n') {
            u++;
            continue;                  /* the \n that follows says it */
        }
        else if (escape && (*u == '\n' || *u == '\r')) {
            put(a, "\\n", 2);
        }
        else if (*u == '\t' && escape) {
            put(a, "\t", 1);
        }
        else if (*u >= 0x20 && *u != 0x7f) {
            put(a, (const char *)u, n);
        }
        u += n;
    }
    put(a, "", 1);
    return a->elts;
}

char *kc_ical_escape(apr_pool_t *p, const char *s)
{
    return clean(p, s, 1);
}

char *kc_ical_fold(apr_pool_t *p, const char *line)
{
    apr_size_t len = strlen(line), used = 0, room = KC_ICAL_LINE;
    apr_array_header_t *a = apr_array_make(p, (int)(len + len / 70 * 3 + 3),
                                           1);

    while (len - used > room) {
        apr_size_t cut = room;
        /* back to the start of a UTF-8 sequence */
        while (cut > 0 && ((unsigned char)line[used + cut] & 0xc0) == 0x80) {
            cut--;
        }
        put(a, line + used, cut);
        put(a, "\r\n ", 3);
        used += cut;
        room = KC_ICAL_LINE - 1;       /* the space counts */
    }
    put(a, line + used, len - used);
    put(a, "\r\n", 3);                 /* with the NUL */
    return a->elts;
}

kc_ical_t *kc_ical_make(apr_pool_t *p)
{
    kc_ical_t *c = apr_palloc(p, sizeof(*c));
    c->pool = p;
    c->out = apr_array_make(p, 1024, 1);
    return c;
}

static void line(kc_ical_t *c, const char *name, const char *value)
{
    const char *l = kc_ical_fold(c->pool, apr_pstrcat(c->pool, name, ":",
                                                      value, NULL));
    put(c->out, l, strlen(l));
}

void kc_ical_begin(kc_ical_t *c, const char *component)
{
    line(c, "BEGIN", clean(c->pool, component, 0));
}

void kc_ical_end(kc_ical_t *c, const char *component)
{
    line(c, "END", clean(c->pool, component, 0));
}

void kc_ical_text(kc_ical_t *c, const char *name, const char *value)
{
    if (value) {
        line(c, clean(c->pool, name, 0), clean(c->pool, value, 1));
    }
}

void kc_ical_value(kc_ical_t *c, const char *name, const char *value)
{
    if (value) {
        line(c, clean(c->pool, name, 0), clean(c->pool, value, 0));
    }
}

const char *kc_ical_finish(kc_ical_t *c, apr_size_t *len)
{
    if (len) {
        *len = (apr_size_t)c->out->nelts;
    }
    return apr_pstrmemdup(c->pool, c->out->elts, (apr_size_t)c->out->nelts);
}
