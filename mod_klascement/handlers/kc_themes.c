/*
 * kc_themes.c -- the theme pages visitors see: /themes, /themes/{slug},
 * the featured themes on the home page and the themes a record is on.
 * Written by admins (kc_admin_themes.c).
 *
 * A section shows its chosen records that are published, in their order,
 * then, when it has a saved search (a query string of /records), the top
 * results of that search that are not chosen already, up to the section's
 * limit. A record taken down leaves every list at once: the lists read
 * the record's state, and the change retires the page cache's copies
 * (every successful POST does, and records_pages_trg notifies every node).
 */
#include "kc_page.h"
#include "kc_search.h"
#include "kc_themes.h"
#include "../store/kc_store_themes.h"
#include "../core/kc_form.h"

#include <apr_strings.h>

int kc_theme_search_parse(kc_req_t *req, const char *saved, kc_search_t *s,
                          const char **bad)
{
    const char *qs = strchr(saved, '?');
    apr_table_t *args, *keep = req->args;
    apr_int64_t page;
    const char *field = NULL;
    int status, ok[KC_SEARCH_FILTERS], i;
    apr_status_t rv;

    qs = qs ? qs + 1 : saved;
    if (kc_form_parse_urlencoded(&args, req->r->pool, qs, strlen(qs), 20,
                                 &field) != APR_SUCCESS) {
        *bad = "search";
        return HTTP_BAD_REQUEST;
    }
    req->args = args;
    status = kc_search_parse(req, s, &page, bad);
    req->args = keep;
    if (status) {
        return status;
    }
    if (page != 1) {
        *bad = "page";
        return HTTP_BAD_REQUEST;
    }
    if (s->kind || s->subject || s->level || s->language || s->licence) {
        if ((rv = kc_store_filter_check(ok, req->r, s)) != APR_SUCCESS) {
            return rv == KC_EDBDOWN ? HTTP_SERVICE_UNAVAILABLE
                                    : HTTP_INTERNAL_SERVER_ERROR;
        }
        for (i = 0; i < KC_SEARCH_FILTERS; i++) {
            if (!ok[i]) {
                *bad = kc_search_filters[i];
                return HTTP_BAD_REQUEST;
            }
        }
    }
    return 0;
}

/* The chosen records, then the saved search's top results not among them,
 * up to the section's limit. A saved search that no longer parses (a
 * filter value removed since) only leaves its part out. */
static apr_status_t section_records(apr_array_header_t **out, kc_req_t *req,
                                    const kc_theme_section_t *sec)
{
    kc_search_t s;
    kc_record_page_t *page;
    const char *bad;
    apr_status_t rv;
    int i, j, added = 0;

    rv = kc_store_theme_records(out, req->r, req->labels, sec->id);
    if (rv != APR_SUCCESS || !*sec->search
        || kc_theme_search_parse(req, sec->search, &s, &bad) != 0) {
        return rv;
    }
    rv = kc_store_record_search(&page, req->r, req->labels, &s, 0,
                                sec->search_limit + (*out)->nelts);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    for (i = 0; i < page->items->nelts && added < sec->search_limit; i++) {
        const kc_record_summary_t *hit = &APR_ARRAY_IDX(page->items, i,
                                                        kc_record_summary_t);
        int seen = 0;
        for (j = 0; j < (*out)->nelts && !seen; j++) {
            seen = APR_ARRAY_IDX(*out, j, kc_record_summary_t).id == hit->id;
        }
        if (!seen) {
            *(kc_record_summary_t *)apr_array_push(*out) = *hit;
            added++;
        }
    }
    return APR_SUCCESS;
}

static void theme_item(kc_req_t *req, kc_tctx_t *item, const kc_theme_t *t)
{
    kc_tctx_set(item, "id", kc_i64(req, t->id));
    kc_tctx_set(item, "slug", t->slug);
    kc_tctx_setf(item, "url", "/themes/%s", t->slug);
    kc_tctx_set(item, "title", t->title);
    kc_tctx_set(item, "intro", t->intro);
    kc_tctx_set_bool(item, "published", t->published);
    kc_tctx_set_bool(item, "featured", t->featured);
    kc_tctx_set_int(item, "feature_order", t->feature_order);
    kc_tctx_set_int(item, "sections", t->sections);
    kc_tctx_set_int(item, "items", t->items);
}

void kc_themes_to_ctx(kc_req_t *req, const char *key,
                      const apr_array_header_t *themes)
{
    kc_tlist_t *list = kc_tctx_list(req->ctx, key);
    int i;
    for (i = 0; i < themes->nelts; i++) {
        theme_item(req, kc_tlist_push(list),
                   &APR_ARRAY_IDX(themes, i, kc_theme_t));
    }
}

void kc_featured_themes_ctx(kc_req_t *req)
{
    apr_array_header_t *themes;
    if (kc_store_themes_list(&themes, req->r, "featured") == APR_SUCCESS) {
        kc_themes_to_ctx(req, "featured_themes", themes);
    }
}

void kc_record_themes_ctx(kc_req_t *req, apr_int64_t record)
{
    apr_array_header_t *themes;
    if (kc_store_record_themes(&themes, req->r, record) == APR_SUCCESS) {
        kc_themes_to_ctx(req, "record_themes", themes);
    }
}

/* GET /themes */
int kc_page_themes(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *themes;
    apr_status_t rv;

    if (kc_microcache_visitor(req, "themes") == OK) {
        return OK;
    }
    if ((rv = kc_store_themes_list(&themes, req->r, "public"))
        != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_themes_to_ctx(req, "themes", themes);
    return kc_render_page(req, HTTP_OK, "themes/index",
                          kc_msg(req, "page.themes.title"));
}

/* GET /themes/{slug}: a published theme; a draft only for admins (with a
 * notice), a 404 for everybody else. */
int kc_page_theme(kc_req_t *req, const kc_route_match_t *m)
{
    kc_theme_t *t;
    apr_array_header_t *sections;
    kc_tlist_t *list;
    int i, db_error = 0;
    apr_status_t rv;

    if (kc_microcache_visitor(req, apr_pstrcat(req->r->pool, "theme:",
                                               m->tail, NULL)) == OK) {
        return OK;
    }
    rv = kc_store_theme_get(&t, req->r, m->tail, 0);
    if (rv == APR_NOTFOUND) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (!t->published) {
        kc_session_t *s = kc_session(req->r, &db_error);
        if (db_error) {
            return kc_render_error(req, HTTP_SERVICE_UNAVAILABLE, NULL);
        }
        if (!s || !kc_role_includes(s->role, "admin")) {
            return kc_render_error(req, HTTP_NOT_FOUND, NULL);
        }
        apr_table_setn(req->r->headers_out, "Cache-Control",
                       "private, no-store");
    }
    if ((rv = kc_store_theme_sections(&sections, req->r, t->id))
        != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    theme_item(req, kc_tctx_child(req->ctx, "theme"), t);
    list = kc_tctx_list(req->ctx, "sections");
    for (i = 0; i < sections->nelts; i++) {
        const kc_theme_section_t *sec = &APR_ARRAY_IDX(sections, i,
                                                       kc_theme_section_t);
        apr_array_header_t *recs;
        kc_tctx_t *item = kc_tlist_push(list);

        if ((rv = section_records(&recs, req, sec)) != APR_SUCCESS) {
            return kc_render_store_error(req, rv);
        }
        kc_tctx_set(item, "section_id", kc_i64(req, sec->id));
        kc_tctx_set(item, "title", sec->title);
        kc_tctx_set(item, "intro", sec->intro);
        kc_records_to_ctx(req, kc_tctx_list(item, "records"), recs);
        if (*sec->search) {
            kc_search_t s;
            const char *bad;
            if (kc_theme_search_parse(req, sec->search, &s, &bad) == 0) {
                kc_tctx_set(item, "search_url",
                            kc_search_url(req, &s, NULL, NULL, 1));
            }
        }
    }
    return kc_render_page(req, HTTP_OK, "themes/show", t->title);
}
