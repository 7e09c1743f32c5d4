/*
 * kc_oai.c -- OAI-PMH datestamps and resumption tokens (kc_oai.h).
 */
#include "kc_oai.h"
#include "kc_sha256.h"

#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>

#define KC_OAI_TOKEN_VERSION "1"
#define KC_OAI_CHECK_BYTES 8

static int digits(const char *s, int n, int *out)
{
    int i, v = 0;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

static int days_in_month(int year, int month)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

int kc_oai_date(apr_pool_t *p, const char *in, int is_until, const char **out)
{
    int y, mo, d, h = 0, mi = 0, s = 0, gran;
    size_t len = in ? strlen(in) : 0;

    if (len == 10) {
        gran = KC_OAI_DAY;
    }
    else if (len == 20 && in[10] == 'T' && in[13] == ':' && in[16] == ':'
             && in[19] == 'Z' && digits(in + 11, 2, &h)
             && digits(in + 14, 2, &mi) && digits(in + 17, 2, &s)) {
        gran = KC_OAI_SECONDS;
    }
    else {
        return 0;
    }
    if (in[4] != '-' || in[7] != '-' || !digits(in, 4, &y)
        || !digits(in + 5, 2, &mo) || !digits(in + 8, 2, &d)
        || y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)
        || h > 23 || mi > 59 || s > 59) {
        return 0;
    }
    if (gran == KC_OAI_DAY) {
        *out = apr_psprintf(p, "%.10s%s", in,
                            is_until ? "T23:59:59Z" : "T00:00:00Z");
    }
    else {
        *out = apr_pstrdup(p, in);
    }
    return gran;
}

int kc_oai_set_ok(const char *set)
{
    const char *c, *colon = strchr(set, ':');
    if (!colon || colon == set || !colon[1] || strchr(colon + 1, ':')
        || strlen(set) > 64) {
        return 0;
    }
    for (c = set; *c; c++) {
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')
              || (*c >= '0' && *c <= '9') || *c == '_' || *c == '-'
              || *c == ':')) {
            return 0;
        }
    }
    return 1;
}

static const char *check_value(apr_pool_t *p, const char *payload)
{
    kc_sha256_t c;
    unsigned char digest[KC_SHA256_DIGEST_LEN];
    char hex[2 * KC_SHA256_DIGEST_LEN + 1];

    kc_sha256_init(&c);
    kc_sha256_update(&c, "kc-oai-token|", 13);
    kc_sha256_update(&c, payload, strlen(payload));
    kc_sha256_final(&c, digest);
    kc_sha256_hex(digest, hex);
    return apr_pstrmemdup(p, hex, 2 * KC_OAI_CHECK_BYTES);
}

const char *kc_oai_token_make(apr_pool_t *p, const kc_oai_cursor_t *c)
{
    static const char hexdigits[] = "0123456789abcdef";
    const char *payload = apr_psprintf(p,
        KC_OAI_TOKEN_VERSION "\n%s\n%s\n%s\n%s\n%s\n%" APR_INT64_T_FMT
        "\n%" APR_INT64_T_FMT "\n%" APR_INT64_T_FMT,
        c->prefix, c->from, c->until, c->set, c->last_ds, c->last_id,
        c->cursor, c->total);
    size_t i, n = strlen(payload);
    char *hex = apr_palloc(p, 2 * n + 1);

    for (i = 0; i < n; i++) {
        hex[2 * i] = hexdigits[(unsigned char)payload[i] >> 4];
        hex[2 * i + 1] = hexdigits[(unsigned char)payload[i] & 0xF];
    }
    hex[2 * n] = '\0';
    return apr_pstrcat(p, hex, ".", check_value(p, payload), NULL);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

static int read_i64(const char *s, apr_int64_t *out)
{
    char *end;
    if (!*s || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s)) {
        return 0;
    }
    *out = apr_strtoi64(s, &end, 10);
    return *end == '\0';
}

/* The date fields of a token: "" or a datestamp (seconds). */
static int read_date(apr_pool_t *p, const char *s, int may_be_empty)
{
    const char *norm;
    return (may_be_empty && !*s)
           || kc_oai_date(p, s, 0, &norm) == KC_OAI_SECONDS;
}

int kc_oai_token_read(apr_pool_t *p, const char *token, kc_oai_cursor_t *c)
{
    const char *dot = token ? strchr(token, '.') : NULL;
    size_t i, n;
    char *payload, *field[9], *last;
    int k;

    if (!dot || (dot - token) % 2 || dot == token || dot - token > 2048) {
        return 0;
    }
    n = (size_t)(dot - token) / 2;
    payload = apr_palloc(p, n + 1);
    for (i = 0; i < n; i++) {
        int hi = hexval(token[2 * i]), lo = hexval(token[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            return 0;
        }
        payload[i] = (char)(hi << 4 | lo);
        if (payload[i] == '\0') {
            return 0;
        }
    }
    payload[n] = '\0';
    if (strcmp(dot + 1, check_value(p, payload)) != 0) {
        return 0;
    }
    /* apr_strtok would merge empty fields: split by hand. */
    field[0] = payload;
    for (k = 1; k < 9; k++) {
        last = strchr(field[k - 1], '\n');
        if (!last) {
            return 0;
        }
        *last = '\0';
        field[k] = last + 1;
    }
    if (strchr(field[8], '\n') || strcmp(field[0], KC_OAI_TOKEN_VERSION)
        || !*field[1] || !read_date(p, field[2], 1) || !read_date(p, field[3], 1)
        || (*field[4] && !kc_oai_set_ok(field[4])) || !read_date(p, field[5], 0)
        || !read_i64(field[6], &c->last_id) || !read_i64(field[7], &c->cursor)
        || !read_i64(field[8], &c->total)) {
        return 0;
    }
    c->prefix = field[1];
    c->from = field[2];
    c->until = field[3];
    c->set = field[4];
    c->last_ds = field[5];
    return 1;
}
