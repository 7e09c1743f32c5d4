/*
 * kc_records_atom.c -- GET /records.atom?...: an Atom feed (RFC 4287) of a
 * search, with the parameters of /records (kc_search_parse) and what a
 * visitor sees of each record (its list summary). Newest first unless the
 * search asks for another order; the page's records (10, ?page=N).
 */
#include "kc_page.h"
#include "kc_search.h"
#include "kc_feeds.h"
#include "../store/kc_store_records.h"

#include <http_core.h>

static int has_filters(const kc_search_t *s)
{
    return s->kind || s->subject || s->level || s->language || s->licence;
}

/* The page of the search; APR_EINVAL with *bad for an unknown filter. */
static apr_status_t search(kc_req_t *req, const kc_search_t *s,
                           apr_int64_t page, kc_record_page_t **out,
                           const char **bad)
{
    request_rec *r = req->r;
    apr_int64_t offset = (page - 1) * KC_DEFAULT_PAGE_SIZE;
    int ok[KC_SEARCH_FILTERS], i;
    apr_status_t rv;

    if (has_filters(s)) {
        if ((rv = kc_store_filter_check(ok, r, s)) != APR_SUCCESS) {
            return rv;
        }
        for (i = 0; i < KC_SEARCH_FILTERS; i++) {
            if (!ok[i]) {
                *bad = kc_search_filters[i];
                return APR_EINVAL;
            }
        }
    }
    if (!s->q && !has_filters(s) && strcmp(s->sort, "newest") == 0) {
        return kc_store_record_page(out, r, req->labels, offset,
                                    KC_DEFAULT_PAGE_SIZE);
    }
    return kc_store_record_search(out, r, req->labels, s, offset,
                                  KC_DEFAULT_PAGE_SIZE);
}

void kc_atom_record_entry(kc_xml_t *x, apr_pool_t *p, const char *site,
                          const kc_record_summary_t *rec, const char *updated,
                          const char *published)
{
    const char *url = apr_psprintf(p, "%s/records/%" APR_INT64_T_FMT, site,
                                   rec->id);
    /* Atom wants a date-time; the list shows the day of publication. */
    const char *day = apr_pstrcat(p, rec->published, "T00:00:00Z", NULL);
    int i;

    kc_xml_start(x, "entry", NULL);
    kc_xml_elem(x, "id", url, NULL);
    kc_xml_elem(x, "title", rec->title, NULL);
    kc_xml_elem(x, "updated", updated ? updated : day, NULL);
    kc_xml_elem(x, "published", published ? published : day, NULL);
    kc_xml_start(x, "author", NULL);
    kc_xml_elem(x, "name", rec->author_name, NULL);
    kc_xml_end(x);
    kc_xml_start(x, "link", "rel", "alternate", "type", "text/html",
                 "href", url, NULL);
    kc_xml_end(x);
    kc_xml_start(x, "category", "term", rec->kind, "label", rec->kind_name,
                 NULL);
    kc_xml_end(x);
    for (i = 0; rec->subjects && i < rec->subjects->nelts; i++) {
        kc_xml_start(x, "category", "term",
                     APR_ARRAY_IDX(rec->subjects, i, const char *), NULL);
        kc_xml_end(x);
    }
    kc_xml_elem(x, "summary", rec->excerpt, "type", "text", NULL);
    if (rec->licence_url && *rec->licence_url) {
        kc_xml_elem(x, "rights", rec->licence_url, NULL);
    }
    kc_xml_end(x);
}

void kc_atom_feed_start(kc_xml_t *x, const char *self, const char *title,
                        const char *updated, const char *alternate)
{
    kc_xml_start(x, "feed", "xmlns", KC_ATOM_NS, NULL);
    kc_xml_elem(x, "id", self, NULL);
    kc_xml_elem(x, "title", title, NULL);
    kc_xml_elem(x, "updated", updated, NULL);
    kc_xml_start(x, "link", "rel", "self", "type", "application/atom+xml",
                 "href", self, NULL);
    kc_xml_end(x);
    kc_xml_start(x, "link", "rel", "alternate", "type", "text/html",
                 "href", alternate, NULL);
    kc_xml_end(x);
    kc_xml_start(x, "author", NULL);
    kc_xml_elem(x, "name", "KlasCement", NULL);
    kc_xml_end(x);
}

int kc_atom_send(kc_req_t *req, kc_xml_t *x)
{
    const char *body;
    apr_size_t len;

    if (kc_xml_finish(x, &body, &len) != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, req->r, KC_LOGNO(0342)
                      "unbalanced Atom document");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return kc_send_body(req, "application/atom+xml; charset=utf-8", NULL,
                        body, len);
}

/* GET /records.atom */
int kc_page_records_atom(kc_req_t *req, const kc_route_match_t *m)
{
    request_rec *r = req->r;
    const char *site = kc_site_url(req), *bad = NULL, *updated = NULL;
    const char *self = apr_pstrcat(r->pool, site, r->uri,
                                   r->args ? "?" : "", r->args, NULL);
    kc_search_t s;
    kc_record_page_t *page;
    apr_int64_t pageno;
    kc_xml_t *x = kc_xml_make(r->pool);
    apr_status_t rv;
    int i, status = kc_search_parse(req, &s, &pageno, &bad);

    (void)m;
    if (status) {
        return kc_render_error(req, status, bad);
    }
    rv = search(req, &s, pageno, &page, &bad);
    if (rv == APR_EINVAL) {
        return kc_render_error(req, HTTP_BAD_REQUEST, bad);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    for (i = 0; i < page->items->nelts; i++) {
        const char *d = APR_ARRAY_IDX(page->items, i,
                                      kc_record_summary_t).published;
        if (!updated || strcmp(d, updated) > 0) {
            updated = d;
        }
    }
    kc_atom_feed_start(x, self, s.q ? apr_pstrcat(r->pool, "KlasCement: ",
                                                  s.q, NULL) : "KlasCement",
                       apr_pstrcat(r->pool, updated ? updated : kc_today(req),
                                   "T00:00:00Z", NULL),
                       apr_pstrcat(r->pool, site, "/records",
                                   r->args ? "?" : "", r->args, NULL));
    for (i = 0; i < page->items->nelts; i++) {
        kc_atom_record_entry(x, r->pool, site,
                             &APR_ARRAY_IDX(page->items, i,
                                            kc_record_summary_t), NULL, NULL);
    }
    kc_xml_end(x);
    return kc_atom_send(req, x);
}
