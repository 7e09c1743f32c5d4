/*
 * kc_interop.c -- what the answers for other machines share (OAI-PMH,
 * sitemaps, feeds, vocabularies, calendars): the site's absolute address
 * and sending a finished body that is not a page.
 */
#include "kc_page.h"

#include <http_core.h>
#include <http_protocol.h>

const char *kc_site_url(kc_req_t *req)
{
    request_rec *r = req->r;
    const char *base = req->conf->base_url;

    if (!base || !*base) {
        base = ap_construct_url(r->pool, "", r);
    }
    if (*base && base[strlen(base) - 1] == '/') {
        base = apr_pstrndup(r->pool, base, strlen(base) - 1);
    }
    return base;
}

int kc_send_body(kc_req_t *req, const char *type, const char *cache,
                 const char *body, apr_size_t len)
{
    request_rec *r = req->r;

    r->status = HTTP_OK;
    ap_set_content_type(r, type);
    ap_set_content_length(r, (apr_off_t)len);
    if (cache) {
        apr_table_setn(r->headers_out, "Cache-Control", cache);
    }
    if (!r->header_only) {
        ap_rwrite(body, (int)len, r);
    }
    return OK;
}

void kc_feed_link(kc_req_t *req, const char *type, const char *href,
                  const char *title)
{
    kc_tctx_t *item = kc_tlist_push(kc_tctx_list(req->ctx, "feeds"));

    kc_tctx_set(item, "type", type);
    kc_tctx_set(item, "href", href);
    kc_tctx_set(item, "title", title);
    kc_tctx_set(req->ctx, "feed_url", href);
    kc_tctx_set(req->ctx, "feed_title", title);
}
