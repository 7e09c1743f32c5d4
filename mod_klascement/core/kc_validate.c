/*
 * kc_validate.c -- checks of form input.
 */
#include "kc_validate.h"

#include <apr_lib.h>
#include <apr_strings.h>

#include <stdlib.h>

int kc_valid_email(const char *s)
{
    const char *at, *dot, *c;
    apr_size_t len = s ? strlen(s) : 0;

    if (len < 6 || len > 254) {
        return 0;
    }
    at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || at - s > 64) {
        return 0;
    }
    for (c = s; *c; c++) {
        if ((unsigned char)*c <= 0x20 || *c == 0x7f || *c == '<' || *c == '>'
            || *c == '"' || *c == ',' || *c == ';' || *c == '\\') {
            return 0;
        }
    }
    dot = strrchr(at, '.');
    /* a dot in the domain, not first or last, no ".." */
    return dot && dot > at + 1 && dot[1] != '\0' && !strstr(at, "..")
           && at[1] != '.';
}

int kc_parse_date(const char *s, int *year, int *month, int *day)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int y, m, d, i, leap;

    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') {
        return 0;
    }
    for (i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && !apr_isdigit(s[i])) {
            return 0;
        }
    }
    y = atoi(s);
    m = atoi(s + 5);
    d = atoi(s + 8);
    leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1900 || m < 1 || m > 12 || d < 1
        || d > days[m - 1] + (m == 2 && leap)) {
        return 0;
    }
    *year = y;
    *month = m;
    *day = d;
    return 1;
}

apr_size_t kc_utf8_chars(const char *s)
{
    apr_size_t n = 0;
    for (; s && *s; s++) {
        if (((unsigned char)*s & 0xC0) != 0x80) {
            n++;
        }
    }
    return n;
}

kc_pw_verdict_t kc_password_check(const char *pw, apr_hash_t *blocklist,
                                  apr_pool_t *p)
{
    char *lower;

    if (strlen(pw) > 72) {
        return KC_PW_LONG;
    }
    if (kc_utf8_chars(pw) < 10) {
        return KC_PW_SHORT;
    }
    if (blocklist) {
        lower = apr_pstrdup(p, pw);
        for (char *c = lower; *c; c++) {
            *c = (char)apr_tolower(*c);
        }
        if (apr_hash_get(blocklist, lower, APR_HASH_KEY_STRING)) {
            return KC_PW_COMMON;
        }
    }
    return KC_PW_OK;
}

const char *kc_trim(apr_pool_t *p, const char *s)
{
    const char *end;
    if (!s) {
        return "";
    }
    while (apr_isspace(*s)) {
        s++;
    }
    end = s + strlen(s);
    while (end > s && apr_isspace(end[-1])) {
        end--;
    }
    return apr_pstrmemdup(p, s, (apr_size_t)(end - s));
}
