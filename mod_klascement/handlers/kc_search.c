/*
 * kc_search.c -- GET /records: full-text search, filters with counts,
 * sorts, 10 per page, "did you mean", HTML or JSON.
 */
#include "kc_handlers.h"
#include "kc_search.h"
#include "../store/kc_store_records.h"
#include "../core/kc_escape.h"
#include "../core/kc_validate.h"

#define KC_MAX_PAGE   100000
#define KC_MAX_QUERY  200     /* characters */

/* The filter parameters, in the order of kc_store_filter_check(). */
static const char *const filter_names[] = {
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
    for (i = 0; i < 5; i++) {
        kc_search_t tmp = *s;
        v = param && strcmp(param, filter_names[i]) == 0
            ? value : *filter_slot(&tmp, i);
        KC_ADD(filter_names[i], v);
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

/* Read and check the query string; 0 or the HTTP status to answer, with
 * *bad naming the parameter. */
static int parse_search(kc_req_t *req, kc_search_t *s, apr_int64_t *page,
                        const char **bad)
{
    const char *q = kc_trim(req->r->pool, kc_arg(req, "q"));
    const char *sort = kc_arg(req, "sort");
    int i;

    memset(s, 0, sizeof(*s));
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
    for (i = 0; i < 5; i++) {
        const char *v = kc_arg(req, filter_names[i]);
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

static int has_filters(const kc_search_t *s)
{
    return s->kind || s->subject || s->level || s->language || s->licence;
}

/* Run the search: results, facets and, when nothing matched, a suggestion. */
static apr_status_t run_search(kc_req_t *req, const kc_search_t *s,
                               apr_int64_t page, kc_search_result_t *res,
                               const char **bad)
{
    request_rec *r = req->r;
    apr_int64_t offset = (page - 1) * KC_DEFAULT_PAGE_SIZE;
    apr_status_t rv;
    int ok[5], i;

    if (has_filters(s)) {
        if ((rv = kc_store_filter_check(ok, r, s)) != APR_SUCCESS) {
            return rv;
        }
        for (i = 0; i < 5; i++) {
            if (!ok[i]) {
                *bad = filter_names[i];
                return APR_EINVAL;
            }
        }
    }
    /* The plain newest-first list has its own index-only statement. */
    if (!s->q && !has_filters(s) && strcmp(s->sort, "newest") == 0) {
        rv = kc_store_record_page(&res->page, r, req->labels, offset,
                                  KC_DEFAULT_PAGE_SIZE);
    }
    else {
        rv = kc_store_record_search(&res->page, r, req->labels, s, offset,
                                    KC_DEFAULT_PAGE_SIZE);
    }
    if (rv == APR_SUCCESS) {
        rv = kc_store_record_facets(&res->facets, r, req->labels, s);
    }
    res->suggestion = NULL;
    if (rv == APR_SUCCESS && s->q && res->page->total == 0) {
        rv = kc_store_search_suggestion(&res->suggestion, r, s->q);
    }
    return rv;
}

int kc_page_records(kc_req_t *req, const kc_route_match_t *m)
{
    kc_search_t s;
    kc_search_result_t res;
    apr_int64_t page;
    const char *bad = NULL;
    apr_status_t rv;
    int json = kc_wants_json(req);
    int status = parse_search(req, &s, &page, &bad);

    if (status) {
        return json ? kc_json_error(req, status, "bad_parameter", bad)
                    : kc_render_error(req, status, bad);
    }
    apr_table_mergen(req->r->headers_out, "Vary", "Accept");
    /* A visitor's result page is the same for every visitor: it may be
     * served from a few seconds ago (KlasCementPageCache). The key is the
     * whole query string, so any parameter that changes the page (a notice,
     * an unknown one) makes its own copy. */
    if (!json && kc_microcache_visitor(req, "records") == OK) {
        return OK;
    }
    rv = run_search(req, &s, page, &res, &bad);
    if (rv == APR_EINVAL) {
        return json ? kc_json_error(req, HTTP_BAD_REQUEST, "bad_parameter", bad)
                    : kc_render_error(req, HTTP_BAD_REQUEST, bad);
    }
    if (rv != APR_SUCCESS) {
        return json ? kc_json_error(req, rv == KC_EDBDOWN
                                    ? HTTP_SERVICE_UNAVAILABLE
                                    : HTTP_INTERNAL_SERVER_ERROR,
                                    "unavailable", NULL)
                    : kc_render_store_error(req, rv);
    }
    return json ? kc_search_json(req, &s, page, &res)
                : kc_search_html(req, &s, page, &res);
}
