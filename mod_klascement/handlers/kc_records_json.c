/*
 * kc_records_json.c -- the record list and a record as JSON, through the
 * one JSON writer (core/kc_json.c): same data, same gating as the HTML.
 */
#include "kc_search.h"
#include "../core/kc_json.h"
#include "../http/kc_session.h"

static int send_json(kc_req_t *req, int status, kc_json_t *j)
{
    request_rec *r = req->r;
    const char *body;
    apr_size_t len;

    if (kc_json_finish(j, &body, &len) != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, KC_LOGNO(0070)
                      "unbalanced JSON document");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    r->status = status;
    ap_set_content_type(r, "application/json; charset=utf-8");
    ap_set_content_length(r, (apr_off_t)len);
    if (!apr_table_get(r->headers_out, "Cache-Control")) {
        apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    }
    if (!r->header_only) {
        ap_rwrite(body, (int)len, r);
    }
    return OK;
}

static void names(kc_json_t *j, const char *key,
                  const apr_array_header_t *list)
{
    int i;
    kc_json_key(j, key);
    kc_json_arr_begin(j);
    for (i = 0; i < list->nelts; i++) {
        kc_json_str(j, APR_ARRAY_IDX(list, i, const char *));
    }
    kc_json_arr_end(j);
}

/* The summary fields, inside an open object. */
static void summary(kc_req_t *req, kc_json_t *j, const kc_record_summary_t *s)
{
    kc_json_kv_int(j, "id", s->id);
    kc_json_kv_str(j, "title", s->title);
    kc_json_kv_str(j, "kind", s->kind);
    kc_json_kv_str(j, "kind_name", s->kind_name);
    kc_json_kv_str(j, "excerpt", s->excerpt);
    kc_json_kv_str(j, "author_name", s->author_name);
    kc_json_kv_str(j, "licence", s->licence);
    kc_json_kv_str(j, "licence_name", s->licence_name);
    kc_json_kv_str(j, "language", s->language);
    kc_json_kv_str(j, "published", s->published);
    names(j, "subjects", s->subjects);
    names(j, "levels", s->levels);
    kc_json_kv_num(j, "rating", s->rating);
    kc_json_kv_int(j, "rating_count", s->rating_count);
    kc_json_kv_str(j, "url", apr_psprintf(req->r->pool, "/records/%"
                                          APR_INT64_T_FMT, s->id));
}

int kc_search_json(kc_req_t *req, const kc_search_t *s, apr_int64_t page,
                   const kc_search_result_t *res)
{
    kc_json_t *j = kc_json_make(req->r->pool);
    const char *facet = NULL;
    int i;

    /* More matches than KlasCementSearchCountLimit: total is the limit,
     * total_capped says "more than", and pages reach as far as the
     * candidates (facet counts then cover those candidates only). */
    apr_int64_t total = res->page->capped ? s->count_limit : res->page->total;

    kc_json_obj_begin(j);
    kc_json_kv_int(j, "total", total);
    kc_json_kv_bool(j, "total_capped", res->page->capped);
    kc_json_kv_int(j, "page", page);
    kc_json_kv_int(j, "pages", (total + KC_DEFAULT_PAGE_SIZE - 1)
                               / KC_DEFAULT_PAGE_SIZE);
    kc_json_kv_int(j, "per_page", KC_DEFAULT_PAGE_SIZE);
    kc_json_key(j, "records");
    kc_json_arr_begin(j);
    for (i = 0; i < res->page->items->nelts; i++) {
        kc_json_obj_begin(j);
        summary(req, j, &APR_ARRAY_IDX(res->page->items, i,
                                       kc_record_summary_t));
        kc_json_obj_end(j);
    }
    kc_json_arr_end(j);
    kc_json_key(j, "facets");
    kc_json_obj_begin(j);
    for (i = 0; i < res->facets->nelts; i++) {
        const kc_facet_t *f = &APR_ARRAY_IDX(res->facets, i, kc_facet_t);
        if (!facet || strcmp(facet, f->facet) != 0) {
            if (facet) {
                kc_json_arr_end(j);
            }
            facet = f->facet;
            kc_json_key(j, facet);
            kc_json_arr_begin(j);
        }
        kc_json_obj_begin(j);
        kc_json_kv_str(j, "value", f->value);
        kc_json_kv_str(j, "name", f->name);
        kc_json_kv_int(j, "count", f->count);
        kc_json_obj_end(j);
    }
    if (facet) {
        kc_json_arr_end(j);
    }
    kc_json_obj_end(j);
    kc_json_kv_str(j, "suggestion", res->suggestion);
    /* A query that found nothing, answered with its correction's results:
     * "corrected" is the query of these results, "query" the words typed
     * (search them as typed with exact=1). */
    kc_json_kv_str(j, "corrected", res->corrected);
    kc_json_kv_str(j, "query", res->original ? res->original : s->q);
    kc_json_obj_end(j);
    return send_json(req, HTTP_OK, j);
}

/* The kind-specific details as an object of strings. */
static void details(kc_req_t *req, kc_json_t *j, const char *pairs)
{
    apr_array_header_t *items = kc_store_split_names(req->r->pool, pairs);
    int i;

    kc_json_key(j, "details");
    kc_json_obj_begin(j);
    for (i = 0; i < items->nelts; i++) {
        char *pair = APR_ARRAY_IDX(items, i, char *);
        char *sep = strchr(pair, '\x1e');
        if (sep) {
            *sep = '\0';
            kc_json_kv_str(j, pair, sep + 1);
        }
    }
    kc_json_obj_end(j);
}

int kc_record_json(kc_req_t *req, const kc_record_detail_t *d, int paid,
                   apr_int64_t balance)
{
    apr_pool_t *p = req->r->pool;
    kc_json_t *j = kc_json_make(p);

    kc_json_obj_begin(j);
    summary(req, j, &d->sum);
    kc_json_kv_str(j, "description", d->description);
    kc_json_kv_str(j, "url_external", d->url && *d->url ? d->url : NULL);
    details(req, j, d->details);
    kc_json_kv_str(j, "licence_url", d->licence_url);
    kc_json_kv_str(j, "attribution", kc_tmpl_msg(
                       req->conf->templates, req->lang, "record.attribution",
                       NULL, p));
    if (d->author_id) {
        kc_json_kv_int(j, "author_id", d->author_id);
    }
    else {
        kc_json_kv_null(j, "author_id");
    }
    kc_json_kv_str(j, "download", d->has_file
                   ? apr_psprintf(p, "/records/%" APR_INT64_T_FMT "/download",
                                  d->sum.id) : NULL);
    kc_json_kv_int(j, "cost_paid", paid);
    kc_json_kv_int(j, "balance", balance);
    kc_json_obj_end(j);
    return send_json(req, HTTP_OK, j);
}

/* A first read not paid yet: what the record is, and where to pay (a GET
 * never spends; POST unlock_url with the session's CSRF token does). */
int kc_record_json_locked(kc_req_t *req, const kc_record_detail_t *d,
                          int cost)
{
    kc_json_t *j = kc_json_make(req->r->pool);

    kc_json_obj_begin(j);
    summary(req, j, &d->sum);
    kc_json_kv_bool(j, "unlock_required", 1);
    kc_json_kv_str(j, "unlock_url", apr_psprintf(req->r->pool, "/records/%"
                                                 APR_INT64_T_FMT "/unlock",
                                                 d->sum.id));
    kc_json_kv_str(j, "csrf", kc_csrf_token(req));
    kc_json_kv_int(j, "cost", cost);
    kc_json_kv_int(j, "balance", d->viewer_balance);
    kc_json_obj_end(j);
    return send_json(req, HTTP_OK, j);
}

int kc_json_error(kc_req_t *req, int status, const char *code,
                  const char *param)
{
    kc_json_t *j = kc_json_make(req->r->pool);
    kc_json_obj_begin(j);
    kc_json_kv_str(j, "error", code);
    if (param) {
        kc_json_kv_str(j, "parameter", param);
    }
    kc_json_obj_end(j);
    return send_json(req, status, j);
}

int kc_json_login_required(kc_req_t *req)
{
    kc_json_t *j = kc_json_make(req->r->pool);
    kc_json_obj_begin(j);
    kc_json_kv_str(j, "error", "login_required");
    kc_json_kv_str(j, "login", apr_pstrcat(req->r->pool, "/login?next=",
                                           req->r->uri, NULL));
    kc_json_obj_end(j);
    return send_json(req, HTTP_UNAUTHORIZED, j);
}

int kc_json_no_points(kc_req_t *req, int needed, apr_int64_t balance)
{
    kc_json_t *j = kc_json_make(req->r->pool);
    kc_json_obj_begin(j);
    kc_json_kv_str(j, "error", "not_enough_points");
    kc_json_kv_int(j, "needed", needed);
    kc_json_kv_int(j, "balance", balance);
    kc_json_obj_end(j);
    return send_json(req, HTTP_FORBIDDEN, j);
}
