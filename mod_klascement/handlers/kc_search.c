/*
 * kc_search.c -- GET /records: full-text search, filters with counts,
 * sorts, 10 per page, a query that finds nothing corrected (or, with
 * exact=1 or when the correction finds nothing either, "did you mean"),
 * HTML or JSON.
 */
#include "kc_page.h"
#include "kc_search.h"
#include "../store/kc_store_records.h"
#include "../jobs/kc_stats.h"

static int has_filters(const kc_search_t *s)
{
    return s->kind || s->subject || s->level || s->language || s->licence;
}

/* Results and facets of one search. */
static apr_status_t find(kc_req_t *req, const kc_search_t *s,
                         apr_int64_t page, kc_search_result_t *res)
{
    request_rec *r = req->r;
    apr_int64_t offset = (page - 1) * KC_DEFAULT_PAGE_SIZE;
    const char *engine;
    apr_status_t rv;

    /* The plain newest-first list has its own index-only statement. */
    if (!s->q && !has_filters(s) && strcmp(s->sort, "newest") == 0) {
        rv = kc_store_record_page(&res->page, r, req->labels, offset,
                                  KC_DEFAULT_PAGE_SIZE);
    }
    else {
        rv = kc_store_record_search(&res->page, r, req->labels, s, offset,
                                    KC_DEFAULT_PAGE_SIZE);
    }
    /* Which engine answered a search with words: the child's index or
     * PostgreSQL's text index (KlasCementSearchIndex), for whoever
     * measures. */
    if ((engine = apr_table_get(r->notes, "kc-search"))) {
        apr_table_setn(r->headers_out, "Server-Timing",
                       apr_pstrcat(r->pool, "search;desc=", engine, NULL));
    }
    /* A search with words brings its facets along (one pass). */
    if (rv == APR_SUCCESS && res->page->facets) {
        res->facets = res->page->facets;
    }
    else if (rv == APR_SUCCESS) {
        rv = kc_store_record_facets(&res->facets, r, req->labels, s);
    }
    return rv;
}

/* Run the search: results, facets and, when nothing matched, the
 * correction's results (unless `exact`), else a suggestion. *shown is the
 * search whose results these are (the correction's, for links). */
static apr_status_t run_search(kc_req_t *req, const kc_search_t *s,
                               apr_int64_t page, int exact,
                               kc_search_result_t *res, kc_search_t *shown,
                               const char **bad)
{
    request_rec *r = req->r;
    apr_status_t rv;
    int ok[5], i;

    *shown = *s;
    res->suggestion = res->corrected = res->original = NULL;
    /* A search with words (s->q is NULL or has some) checks its filters
     * and finds its suggestion in its own statement; one without words
     * checks them apart, and suggests nothing. */
    if (has_filters(s) && !s->q) {
        if ((rv = kc_store_filter_check(ok, r, s)) != APR_SUCCESS) {
            return rv;
        }
        for (i = 0; i < 5; i++) {
            if (!ok[i]) {
                *bad = kc_search_filters[i];
                return APR_EINVAL;
            }
        }
    }
    rv = find(req, s, page, res);
    if (rv == APR_SUCCESS && res->page->unknown) {
        *bad = res->page->unknown;
        return APR_EINVAL;
    }
    if (rv != APR_SUCCESS || !s->q || res->page->total > 0) {
        return rv;
    }
    res->suggestion = res->page->suggestion;
    if (res->suggestion && !exact) {
        kc_search_result_t fixed;
        kc_search_t c = *s;

        c.q = res->suggestion;
        rv = find(req, &c, page, &fixed);
        if (rv == APR_SUCCESS && fixed.page->total > 0) {
            fixed.suggestion = NULL;
            fixed.corrected = c.q;
            fixed.original = s->q;
            *res = fixed;
            *shown = c;
        }
    }
    return rv;
}

int kc_page_records(kc_req_t *req, const kc_route_match_t *m)
{
    kc_search_t s, shown;
    kc_search_result_t res;
    apr_int64_t page;
    const char *bad = NULL;
    const char *exact = kc_arg(req, "exact");
    apr_status_t rv;
    int json = kc_wants_json(req);
    int status = kc_search_parse(req, &s, &page, &bad);

    /* exact=1: the words as typed, never corrected (the link of a
     * corrected search). */
    if (!status && exact && strcmp(exact, "1") != 0 && strcmp(exact, "0") != 0) {
        status = HTTP_BAD_REQUEST;
        bad = "exact";
    }
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
        /* A kept page is a search too: counted with the count it was
         * kept with. */
        kc_stats_search(req->r, &s, page, req->cache_note);
        return OK;
    }
    rv = run_search(req, &s, page, exact && *exact == '1', &res, &shown,
                    &bad);
    /* The words as typed are counted: a corrected search found nothing. */
    req->cache_note = rv != APR_SUCCESS ? -1
                      : res.corrected ? 0 : res.page->total;
    kc_stats_search(req->r, &s, page, req->cache_note);
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
    return json ? kc_search_json(req, &shown, page, &res)
                : kc_search_html(req, &shown, page, &res);
}
