/*
 * kc_ical.c -- the iCalendar writer (kc_ical.h).
 */
#include "kc_ical.h"

#include <string.h>
#include <apr_strings.h>
#include <apr_tables.h>

#define KC_ICAL_FOLD 75

struct kc_ical_t {
    apr_pool_t *p;
    apr_array_header_t *buf;   /* char */
    int failed;
};

kc_ical_t *kc_ical_make(apr_pool_t *p)
{
    kc_ical_t *c = apr_pcalloc(p, sizeof(*c));
    c->p = p;
    c->buf = apr_array_make(p, 4096, 1);
    return c;
}

/* The length of the well-formed UTF-8 sequence at s (1-4), or 0. */
static int utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80) {
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        return (s[1] & 0xC0) == 0x80 ? 2 : 0;
    }
    if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F)) {
            return 0;
        }
        return (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 ? 3 : 0;
    }
    if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        if ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F)) {
            return 0;
        }
        return (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80
               && (s[3] & 0xC0) == 0x80 ? 4 : 0;
    }
    return 0;
}

/* s as clean UTF-8, escaped as TEXT when text is set. */
static const char *clean(apr_pool_t *p, const char *s, int text)
{
    apr_array_header_t *o = apr_array_make(p, (int)strlen(s) + 16, 1);
    const unsigned char *u = (const unsigned char *)s;

    while (*u) {
        int n = utf8_len(u);
        if (n == 0) {
            memcpy(apr_array_push(o), "\xEF", 1);
            memcpy(apr_array_push(o), "\xBF", 1);
            memcpy(apr_array_push(o), "\xBD", 1);
            u++;
            continue;
        }
        if (n == 1) {
            char ch = (char)*u;
            if (*u == '\r' || *u == '\n') {
                if (text) {
                    *(char *)apr_array_push(o) = '\\';
                    *(char *)apr_array_push(o) = 'n';
                }
                u += (*u == '\r' && u[1] == '\n') ? 2 : 1;
                continue;
            }
            if ((*u < 0x20 && *u != '\t') || *u == 0x7F) {
                u++;
                continue;
            }
            if (text && (ch == '\\' || ch == ';' || ch == ',')) {
                *(char *)apr_array_push(o) = '\\';
            }
            *(char *)apr_array_push(o) = ch;
            u++;
            continue;
        }
        while (n--) {
            *(char *)apr_array_push(o) = (char)*u++;
        }
    }
    *(char *)apr_array_push(o) = '\0';
    return o->elts;
}

const char *kc_ical_escape(apr_pool_t *p, const char *s)
{
    return clean(p, s ? s : "", 1);
}

static int good_name(const char *name)
{
    const char *s = name;
    int param = 0;

    if (!name || !*name) {
        return 0;
    }
    for (; *s; s++) {
        if (*s == ';') {
            param = 1;
        }
        else if (param && (*s == '=' || *s == '/' || *s == '-'
                           || (*s >= 'a' && *s <= 'z') || *s == '.'
                           || *s == '_' || *s == '"' || *s == ':')) {
            continue;
        }
        else if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')
                   || *s == '-')) {
            return 0;
        }
    }
    return 1;
}

/* name ":" value, folded at 75 octets outside UTF-8 sequences, CRLF. */
static void put_line(kc_ical_t *c, const char *name, const char *value)
{
    const char *line = apr_pstrcat(c->p, name, ":", value, NULL);
    const unsigned char *u = (const unsigned char *)line;
    int width = 0;

    while (*u) {
        int n = utf8_len(u);
        n = n ? n : 1;
        if (width + n > KC_ICAL_FOLD) {
            memcpy(apr_array_push(c->buf), "\r", 1);
            memcpy(apr_array_push(c->buf), "\n", 1);
            memcpy(apr_array_push(c->buf), " ", 1);
            width = 1;
        }
        width += n;
        while (n--) {
            *(char *)apr_array_push(c->buf) = (char)*u++;
        }
    }
    memcpy(apr_array_push(c->buf), "\r", 1);
    memcpy(apr_array_push(c->buf), "\n", 1);
}

void kc_ical_value(kc_ical_t *c, const char *name, const char *value)
{
    if (!good_name(name)) {
        c->failed = 1;
        return;
    }
    if (value) {
        put_line(c, name, clean(c->p, value, 0));
    }
}

void kc_ical_text(kc_ical_t *c, const char *name, const char *text)
{
    if (!good_name(name)) {
        c->failed = 1;
        return;
    }
    if (text) {
        put_line(c, name, clean(c->p, text, 1));
    }
}

apr_status_t kc_ical_finish(kc_ical_t *c, const char **out, apr_size_t *len)
{
    if (c->failed) {
        *out = NULL;
        return APR_EINVAL;
    }
    *out = apr_pstrmemdup(c->p, c->buf->elts, (apr_size_t)c->buf->nelts);
    if (len) {
        *len = (apr_size_t)c->buf->nelts;
    }
    return APR_SUCCESS;
}
