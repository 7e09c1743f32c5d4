/*
 * kc_home.c -- the home page, the language switch, error documents.
 */
#include "kc_page.h"
#include "../store/kc_store_records.h"
#include "../core/kc_escape.h"

int kc_page_home(kc_req_t *req, const kc_route_match_t *m)
{
    kc_record_page_t *page;
    apr_status_t rv;

    /* What every visitor sees alike may be served from a few seconds ago. */
    if (!req->r->args && kc_microcache_visitor(req, "home") == OK) {
        return OK;
    }
    rv = kc_store_record_page(&page, req->r, req->labels, 0,
                              KC_DEFAULT_PAGE_SIZE);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_records_to_ctx(req, kc_tctx_list(req->ctx, "records"), page->items);
    kc_tctx_set_int(req->ctx, "total", page->total);
    kc_tctx_set(req->ctx, "all_url", "/records");
    kc_campaigns_ctx(req);
    kc_featured_themes_ctx(req);
    /* Members only (a visitor's page is the cached one above). */
    kc_foryou_ctx(req, "/");
    return kc_render_page(req, HTTP_OK, "home", kc_msg(req, "page.home.title"));
}

/* GET /language/{nl|en}?next=/path: a display preference kept in a cookie,
 * no server state, so a plain link can set it. */
int kc_page_language(kc_req_t *req, const kc_route_match_t *m)
{
    const char *next = kc_arg(req, "next");

    if (strcmp(m->tail, "nl") != 0 && strcmp(m->tail, "en") != 0) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    apr_table_addn(req->r->err_headers_out, "Set-Cookie",
                   apr_pstrcat(req->r->pool, "kc_lang=", m->tail,
                               "; Path=/; Max-Age=31536000; HttpOnly; "
                               "SameSite=Lax", NULL));
    return kc_redirect(req, next && kc_is_local_path(next) ? next : "/");
}

/* ErrorDocument 404 /errors/404 etc.: render the status of the original
 * request in the site's layout. */
int kc_page_error_document(kc_req_t *req, const kc_route_match_t *m)
{
    int status = (int)m->id;

    if (!req->r->prev) {
        /* Asked for directly, not an ErrorDocument redirect. */
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (status < 400 || status > 599) {
        status = HTTP_INTERNAL_SERVER_ERROR;
    }
    return kc_render_error(req, status, NULL);
}
