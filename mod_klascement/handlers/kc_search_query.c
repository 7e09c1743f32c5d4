/*
 * kc_search_query.c -- a search as its address says it: the query string
 * read and checked, and the address of a search with one parameter
 * changed. Shared by the HTML and JSON answers (and any later view of the
 * same search).
 */
#include "kc_search.h"
#include "../core/kc_escape.h"
#include "../core/kc_validate.h"

#define KC_MAX_PAGE   100000
#define KC_MAX_QUERY  200     /* characters */

/* The filter parameters, in the order of kc_store_filter_check(). */
const char *const kc_search_filters[KC_SEARCH_FILTERS] = {
    "kind", "subject", "level", "language", "licence"
};

static const char **filter_slot(kc_search_t *s, int i)
{
    switch (i) {
    case 0:  return &s->kind;
    case 1:  return &s->subject;
    case 2:  return &s->level;
    case 3:  return &s->language;
    default: return &s->licence;
    }
}

/* An address of this search with one parameter changed (value NULL drops
 * it) and the page reset unless `page` > 1. */
const char *kc_search_url(kc_req_t *req, const kc_search_t *s,
                          const char *param, const char *value,
                          apr_int64_t page)
{
    apr_pool_t *p = req->r->pool;
    const char *url = "", *v;
    const char *country = kc_arg(req, "country");
    int i;

#define KC_ADD(name, val)                                                    \
    if ((val) && *(val)) {                                                   \
        url = apr_pstrcat(p, url, *url ? "&" : "?", name, "=",               \
                          kc_url_encode(p, val), NULL);                      \
    }
    v = param && strcmp(param, "q") == 0 ? value : s->q;
    KC_ADD("q", v);
    for (i = 0; i < KC_SEARCH_FILTERS; i++) {
        kc_search_t tmp = *s;
        v = param && strcmp(param, kc_search_filters[i]) == 0
            ? value : *filter_slot(&tmp, i);
        KC_ADD(kc_search_filters[i], v);
    }
    v = param && strcmp(param, "sort") == 0 ? value : s->sort;
    if (v && strcmp(v, (s->q && *s->q) ? "relevance" : "newest") != 0) {
        KC_ADD("sort", v);
    }
    if (country && strcmp(country, "nl") == 0) {
        KC_ADD("country", "nl");
    }
    if (page > 1) {
        KC_ADD("page", apr_psprintf(p, "%" APR_INT64_T_FMT, page));
    }
#undef KC_ADD
    return apr_pstrcat(p, "/records", url, NULL);
}

int kc_search_parse(kc_req_t *req, kc_search_t *s, apr_int64_t *page,
                        const char **bad)
{
    const char *q = kc_trim(req->r->pool, kc_arg(req, "q"));
    const char *sort = kc_arg(req, "sort");
    int i;

    memset(s, 0, sizeof(*s));
    s->count_limit = kc_config_search_count_limit(req->conf);
    if (kc_arg_int(req, "page", 1, 1, KC_MAX_PAGE, page) != APR_SUCCESS) {
        *bad = "page";
        return HTTP_BAD_REQUEST;
    }
    if (kc_utf8_chars(q) > KC_MAX_QUERY) {
        *bad = "q";
        return HTTP_BAD_REQUEST;
    }
    for (i = 0; q[i]; i++) {
        if ((unsigned char)q[i] < 0x20) {
            *bad = "q";        /* also keeps the search cache keys apart */
            return HTTP_BAD_REQUEST;
        }
    }
    s->q = *q ? q : NULL;
    for (i = 0; i < KC_SEARCH_FILTERS; i++) {
        const char *v = kc_arg(req, kc_search_filters[i]);
        *filter_slot(s, i) = v && *v ? v : NULL;
    }
    if (!sort || !*sort) {
        sort = s->q ? "relevance" : "newest";
    }
    if (strcmp(sort, "relevance") != 0 && strcmp(sort, "newest") != 0
        && strcmp(sort, "rating") != 0) {
        *bad = "sort";
        return HTTP_BAD_REQUEST;
    }
    s->sort = sort;
    return 0;
}
