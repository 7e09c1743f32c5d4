/*
 * kc_search.c -- GET /records: full-text search, filters with counts,
 * sorts, 10 per page, "did you mean", HTML or JSON.
 */
#include "kc_page.h"
#include "kc_search.h"
#include "../store/kc_store_records.h"
#include "../jobs/kc_stats.h"

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
                *bad = kc_search_filters[i];
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
    /* A search with words brings its facets along (one pass). */
    if (rv == APR_SUCCESS && res->page->facets) {
        res->facets = res->page->facets;
    }
    else if (rv == APR_SUCCESS) {
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
    int status = kc_search_parse(req, &s, &page, &bad);

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
    kc_stats_search(req->r, &s, page, rv == APR_SUCCESS ? res.page->total : -1);
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
