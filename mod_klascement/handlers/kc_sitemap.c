/*
 * kc_sitemap.c -- /sitemap.xml (a sitemap index), its pages
 * /sitemap-pages.xml (the public pages) and /sitemap-records-N.xml (the
 * published records, at most 50,000 a page), and /robots.txt pointing to
 * it. Absolute URLs from KlasCementBaseURL; XML through core/kc_xml.c.
 */
#include "kc_page.h"
#include "kc_handlers.h"
#include "../core/kc_xml.h"
#include "../store/kc_store_oai.h"
#include "../store/kc_store_themes.h"

#include <http_core.h>

#define KC_SITEMAP_NS "http://www.sitemaps.org/schemas/sitemap/0.9"

/* The public pages a visitor can open without logging in. */
static const char *const public_pages[] = {
    "/", "/records", "/points", "/forum", "/training", "/calendar", "/terms",
    "/themes", "/webinars", NULL
};

static int send_xml(kc_req_t *req, kc_xml_t *x)
{
    const char *body;
    apr_size_t len;

    if (kc_xml_finish(x, &body, &len) != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, req->r, KC_LOGNO(0341)
                      "unbalanced sitemap document");
        return HTTP_INTERNAL_SERVER_ERROR;
    }
    return kc_send_body(req, "application/xml; charset=utf-8",
                        "public, max-age=3600", body, len);
}

/* GET /sitemap.xml */
int kc_page_sitemap(kc_req_t *req, const kc_route_match_t *m)
{
    apr_pool_t *p = req->r->pool;
    const char *site = kc_site_url(req);
    apr_array_header_t *pages;
    kc_xml_t *x = kc_xml_make(p);
    int i;
    apr_status_t rv = kc_store_sitemap_pages(&pages, req->r);

    (void)m;
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_xml_start(x, "sitemapindex", "xmlns", KC_SITEMAP_NS, NULL);
    kc_xml_start(x, "sitemap", NULL);
    kc_xml_elem(x, "loc", apr_pstrcat(p, site, "/sitemap-pages.xml", NULL),
                NULL);
    kc_xml_end(x);
    for (i = 0; i < pages->nelts; i++) {
        const kc_sitemap_entry_t *e = &APR_ARRAY_IDX(pages, i,
                                                     kc_sitemap_entry_t);
        kc_xml_start(x, "sitemap", NULL);
        kc_xml_elem(x, "loc", apr_psprintf(p, "%s/sitemap-records-%"
                                           APR_INT64_T_FMT ".xml", site, e->n),
                    NULL);
        kc_xml_elem(x, "lastmod", e->lastmod, NULL);
        kc_xml_end(x);
    }
    kc_xml_end(x);
    return send_xml(req, x);
}

/* GET /sitemap-pages.xml */
int kc_page_sitemap_pages(kc_req_t *req, const kc_route_match_t *m)
{
    apr_pool_t *p = req->r->pool;
    const char *site = kc_site_url(req);
    kc_xml_t *x = kc_xml_make(p);
    int i;
    apr_array_header_t *themes;
    apr_status_t rv;

    (void)m;
    /* The published theme pages are public pages too. */
    if ((rv = kc_store_themes_list(&themes, req->r, "public")) != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_xml_start(x, "urlset", "xmlns", KC_SITEMAP_NS, NULL);
    for (i = 0; public_pages[i]; i++) {
        kc_xml_start(x, "url", NULL);
        kc_xml_elem(x, "loc", apr_pstrcat(p, site, public_pages[i], NULL), NULL);
        kc_xml_end(x);
    }
    for (i = 0; i < themes->nelts; i++) {
        const kc_theme_t *t = &APR_ARRAY_IDX(themes, i, kc_theme_t);
        kc_xml_start(x, "url", NULL);
        kc_xml_elem(x, "loc", apr_pstrcat(p, site, "/themes/", t->slug, NULL),
                    NULL);
        kc_xml_end(x);
    }
    kc_xml_end(x);
    return send_xml(req, x);
}

/* GET /sitemap-records-{id}.xml: the published records of ids
 * (N-1)*50000+1 .. N*50000; a page with none is not found. */
int kc_page_sitemap_records(kc_req_t *req, const kc_route_match_t *m)
{
    apr_pool_t *p = req->r->pool;
    const char *site = kc_site_url(req);
    apr_array_header_t *recs;
    kc_xml_t *x = kc_xml_make(p);
    int i;
    apr_status_t rv;

    if (m->id > APR_INT64_C(1) << 40) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if ((rv = kc_store_sitemap_records(&recs, req->r, m->id)) != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (recs->nelts == 0) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    kc_xml_start(x, "urlset", "xmlns", KC_SITEMAP_NS, NULL);
    for (i = 0; i < recs->nelts; i++) {
        const kc_sitemap_entry_t *e = &APR_ARRAY_IDX(recs, i,
                                                     kc_sitemap_entry_t);
        kc_xml_start(x, "url", NULL);
        kc_xml_elem(x, "loc", apr_psprintf(p, "%s/records/%" APR_INT64_T_FMT,
                                           site, e->n), NULL);
        kc_xml_elem(x, "lastmod", e->lastmod, NULL);
        kc_xml_end(x);
    }
    kc_xml_end(x);
    return send_xml(req, x);
}

/* GET /robots.txt: the sitemap, and the areas of no use to a crawler (a
 * member's own pages, staff areas, forms and switches). */
int kc_page_robots(kc_req_t *req, const kc_route_match_t *m)
{
    const char *body = apr_pstrcat(req->r->pool,
        "User-agent: *\n"
        "Disallow: /me/\n"
        "Disallow: /admin\n"
        "Disallow: /moderation\n"
        "Disallow: /login\n"
        "Disallow: /logout\n"
        "Disallow: /register\n"
        "Disallow: /password/\n"
        "Disallow: /confirm/\n"
        "Disallow: /language/\n"
        "Disallow: /contribute\n"
        "Disallow: /_kc_files/\n"
        "Allow: /\n"
        "\n"
        "Sitemap: ", kc_site_url(req), "/sitemap.xml\n", NULL);

    (void)m;
    return kc_send_body(req, "text/plain; charset=utf-8",
                        "public, max-age=3600", body, strlen(body));
}
