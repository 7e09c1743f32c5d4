/*
 * kc_validate.c -- checks of form input.
 */
#include "kc_validate.h"

#include <apr_lib.h>
#include <apr_strings.h>

#include <stdlib.h>
#include <string.h>

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

/* Bytes no web address holds anywhere: what would end an attribute or a
 * header line, or be read as "/" by some browsers ('\\'). */
static int url_byte_ok(unsigned char c)
{
    return c > 0x20 && c != 0x7f && c != '"' && c != '<' && c != '>'
           && c != '\\';
}

/* A DNS name (or an IPv4 address, which is one syntactically): dot-separated
 * labels of 1..63 bytes, letters, digits, '-', '_' or UTF-8 (IDN), a label
 * neither starting nor ending with '-'; at most 253 bytes in all. */
static int valid_host_name(const char *b, const char *e)
{
    const char *label = b, *c;

    if (e - b < 1 || e - b > 253) {
        return 0;
    }
    for (c = b; c <= e; c++) {
        if (c == e || *c == '.') {
            if (c - label < 1 || c - label > 63 || *label == '-'
                || c[-1] == '-') {
                return 0;
            }
            label = c + 1;
        }
        else if (!apr_isalnum(*c) && *c != '-' && *c != '_'
                 && (unsigned char)*c < 0x80) {
            return 0;
        }
    }
    return 1;
}

/* ":port" (1-65535, 1 to 5 digits) from b to e, or nothing at all. */
static int valid_port(const char *b, const char *e)
{
    const char *c;
    long port = 0;

    if (b == e) {
        return 1;
    }
    if (*b != ':' || e - b < 2 || e - b > 6) {
        return 0;
    }
    for (c = b + 1; c < e; c++) {
        if (!apr_isdigit(*c)) {
            return 0;
        }
        port = port * 10 + (*c - '0');
    }
    return port >= 1 && port <= 65535;
}

/* The authority between "scheme://" and the first '/', '?' or '#'. */
static int valid_authority(const char *b, const char *e)
{
    const char *c, *host_end;

    if (memchr(b, '@', (apr_size_t)(e - b))) {
        return 0;
    }
    if (b < e && *b == '[') {
        /* an IPv6 literal: hex digits, ':' and '.' (embedded IPv4) */
        for (c = b + 1; c < e && *c != ']'; c++) {
            if (!apr_isxdigit(*c) && *c != ':' && *c != '.') {
                return 0;
            }
        }
        if (c == e || c - b < 3) {
            return 0;
        }
        return valid_port(c + 1, e);
    }
    host_end = memchr(b, ':', (apr_size_t)(e - b));
    if (!host_end) {
        host_end = e;
    }
    return valid_host_name(b, host_end) && valid_port(host_end, e);
}

int kc_valid_web_url(const char *u)
{
    const char *c, *authority;

    if (!u || strlen(u) > KC_WEB_URL_MAX) {
        return 0;
    }
    if (strncmp(u, "http://", 7) == 0) {
        authority = u + 7;
    }
    else if (strncmp(u, "https://", 8) == 0) {
        authority = u + 8;
    }
    else {
        return 0;
    }
    for (c = u; *c; c++) {
        if (!url_byte_ok((unsigned char)*c)) {
            return 0;
        }
    }
    return valid_authority(authority,
                           authority + strcspn(authority, "/?#"));
}

int kc_valid_time(const char *t)
{
    return t && strlen(t) == 5 && apr_isdigit(t[0]) && apr_isdigit(t[1])
           && t[2] == ':' && apr_isdigit(t[3]) && apr_isdigit(t[4])
           && atoi(t) < 24 && atoi(t + 3) < 60;
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

static int v4_private(const unsigned char *a)
{
    return a[0] == 0 || a[0] == 10 || a[0] == 127                /* this, private, loopback */
           || (a[0] == 100 && (a[1] & 0xc0) == 64)              /* 100.64/10 CGNAT */
           || (a[0] == 169 && a[1] == 254)                      /* link-local */
           || (a[0] == 172 && (a[1] & 0xf0) == 16)              /* 172.16/12 */
           || (a[0] == 192 && a[1] == 168)                      /* 192.168/16 */
           || (a[0] == 192 && a[1] == 0 && a[2] == 0)           /* 192.0.0/24 */
           || a[0] >= 224;                                      /* multicast, reserved */
}

int kc_addr_is_private(int family, const unsigned char *a)
{
    static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                              0xff, 0xff };
    int i, zero = 1;

    if (family == 4) {
        return v4_private(a);
    }
    if (family != 6) {
        return 1;                        /* unknown: not to be reached */
    }
    if (memcmp(a, mapped, 12) == 0) {
        return v4_private(a + 12);
    }
    for (i = 0; i < 15; i++) {
        zero &= a[i] == 0;
    }
    return (zero && (a[15] == 0 || a[15] == 1))                 /* ::, ::1 */
           || (a[0] & 0xfe) == 0xfc                             /* fc00::/7 */
           || (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)           /* fe80::/10 */
           || a[0] == 0xff;                                     /* multicast */
}
