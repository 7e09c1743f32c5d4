/*
 * kc_records.c -- the public record list and the "Read more…" gate.
 */
#include "kc_handlers.h"
#include "../store/kc_store_records.h"

/* Pages beyond this are refused as bad input rather than counted. */
#define KC_MAX_PAGE 1000000

static void names_to_list(kc_tctx_t *item, const char *key,
                          const apr_array_header_t *names)
{
    kc_tlist_t *list = kc_tctx_list(item, key);
    int i;
    for (i = 0; i < names->nelts; i++) {
        kc_tctx_set(kc_tlist_push(list), "name",
                    APR_ARRAY_IDX(names, i, const char *));
    }
}

void kc_records_to_ctx(kc_req_t *req, kc_tlist_t *list,
                       const apr_array_header_t *items)
{
    apr_pool_t *p = req->r->pool;
    int i;

    for (i = 0; i < items->nelts; i++) {
        const kc_record_summary_t *rec = &APR_ARRAY_IDX(items, i,
                                                        kc_record_summary_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set_int(item, "id", rec->id);
        kc_tctx_set(item, "url", apr_psprintf(p, "/records/%" APR_INT64_T_FMT,
                                              rec->id));
        kc_tctx_set(item, "kind", rec->kind);
        kc_tctx_set(item, "kind_name", rec->kind_name);
        kc_tctx_set(item, "title", rec->title);
        kc_tctx_set(item, "excerpt", rec->excerpt_cut
                    ? apr_pstrcat(p, rec->excerpt, "…", NULL) : rec->excerpt);
        kc_tctx_set(item, "author_name", rec->author_name);
        kc_tctx_set(item, "licence", rec->licence);
        kc_tctx_set(item, "licence_name", rec->licence_name);
        kc_tctx_set(item, "language", rec->language);
        kc_tctx_set(item, "published", rec->published);
        names_to_list(item, "subjects", rec->subjects);
        names_to_list(item, "levels", rec->levels);
        kc_tctx_set_bool(item, "has_rating", rec->rating != NULL);
        kc_tctx_set(item, "rating", rec->rating);
        kc_tctx_set_int(item, "rating_count", rec->rating_count);
    }
}

static const char *page_url(kc_req_t *req, apr_int64_t page)
{
    return page <= 1 ? "/records"
                     : apr_psprintf(req->r->pool, "/records?page=%"
                                    APR_INT64_T_FMT, page);
}

/* GET /records?page=N: published records, KC_DEFAULT_PAGE_SIZE a page. */
int kc_page_records(kc_req_t *req, const kc_route_match_t *m)
{
    const int size = KC_DEFAULT_PAGE_SIZE;
    kc_record_page_t *page;
    apr_int64_t n, pages;
    apr_status_t rv;
    kc_tctx_t *c = req->ctx;

    if (kc_arg_int(req, "page", 1, 1, KC_MAX_PAGE, &n) != APR_SUCCESS) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "page");
    }
    rv = kc_store_record_page(&page, req->r, req->labels, (n - 1) * size, size);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    pages = (page->total + size - 1) / size;
    kc_records_to_ctx(req, kc_tctx_list(c, "records"), page->items);
    kc_tctx_set_int(c, "total", page->total);
    kc_tctx_set_int(c, "page", n);
    kc_tctx_set_int(c, "pages", pages);
    kc_tctx_set_int(c, "first_item", (n - 1) * size + 1);
    kc_tctx_set_int(c, "last_item", (n - 1) * size + page->items->nelts);
    kc_tctx_set_bool(c, "empty", page->items->nelts == 0);
    kc_tctx_set_bool(c, "beyond_end", page->items->nelts == 0 && n > 1);
    kc_tctx_set(c, "last_page_url", page_url(req, pages));
    kc_tctx_set_bool(c, "has_prev", n > 1 && n <= pages);
    kc_tctx_set(c, "prev_url", page_url(req, n - 1));
    kc_tctx_set_bool(c, "has_next", n < pages);
    kc_tctx_set(c, "next_url", page_url(req, n + 1));
    return kc_render_page(req, HTTP_OK, "records/list", n == 1
                          ? kc_msg(req, "page.records.title")
                          : kc_msg(req, "page.records.title_n"));
}

/* GET /records/{id}. Visitors are sent to the login page and come back
 * here after it; unpublished records do not exist for the public. */
int kc_page_record(kc_req_t *req, const kc_route_match_t *m)
{
    const char *state;
    apr_status_t rv = kc_store_record_state(&state, req->r, m->id);

    if (rv == APR_NOTFOUND
        || (rv == APR_SUCCESS && strcmp(state, "published") != 0)) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    return kc_redirect(req, apr_psprintf(req->r->pool,
                                         "/login?next=/records/%"
                                         APR_INT64_T_FMT, m->id));
}
