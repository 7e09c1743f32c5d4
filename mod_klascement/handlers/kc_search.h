/*
 * kc_search.h -- the search page's parts shared by its HTML and JSON views.
 */
#ifndef KC_SEARCH_H
#define KC_SEARCH_H

#include "kc_handlers.h"
#include "../store/kc_store_records.h"

typedef struct {
    kc_record_page_t *page;
    apr_array_header_t *facets;    /* kc_facet_t */
    const char *suggestion;        /* "did you mean", or NULL */
    /* A query that found nothing answered with its correction's results:
     * the correction (the q of the results) and the words typed. */
    const char *corrected, *original;
} kc_search_result_t;

/* kc_search_query.c */
/* The filter parameters, in the order of kc_store_filter_check(). */
#define KC_SEARCH_FILTERS 5
extern const char *const kc_search_filters[KC_SEARCH_FILTERS];
/* Read and check the query string into *s and *page; 0, or the HTTP status
 * to answer with *bad naming the parameter. */
int kc_search_parse(kc_req_t *req, kc_search_t *s, apr_int64_t *page,
                    const char **bad);
/* The address of this search with one parameter changed (value NULL drops
 * it) and the page reset unless `page` > 1. */
const char *kc_search_url(kc_req_t *req, const kc_search_t *s,
                          const char *param, const char *value,
                          apr_int64_t page);

/* kc_search_html.c */
int kc_search_html(kc_req_t *req, const kc_search_t *s, apr_int64_t page,
                   const kc_search_result_t *res);
/* kc_records_json.c */
int kc_search_json(kc_req_t *req, const kc_search_t *s, apr_int64_t page,
                   const kc_search_result_t *res);
/* kc_record_view.c */
void kc_record_summary_to_ctx(kc_req_t *req, kc_tctx_t *item,
                              const kc_record_summary_t *rec);
void kc_record_detail_to_ctx(kc_req_t *req, kc_tctx_t *c,
                             const kc_record_detail_t *d);
/* kc_records.c */
int kc_render_no_points(kc_req_t *req, const kc_record_detail_t *d, int cost);

/* kc_records_json.c */
int kc_record_json(kc_req_t *req, const kc_record_detail_t *d, int paid,
                   apr_int64_t balance);
int kc_json_login_required(kc_req_t *req);
int kc_record_json_locked(kc_req_t *req, const kc_record_detail_t *d,
                          int cost);
int kc_json_no_points(kc_req_t *req, int needed, apr_int64_t balance);

/* kc_record_ld.c: the record's schema.org JSON-LD as `ld` on c (for
 * {{j:ld}} in a script element). */
void kc_record_ld_ctx(kc_req_t *req, kc_tctx_t *c,
                      const kc_record_detail_t *d);

/* An error as JSON: {"error": code, "parameter": param}. */
int kc_json_error(kc_req_t *req, int status, const char *code,
                  const char *param);

#endif
