/*
 * kc_search_html.c -- the search page as HTML: results, pager, facets with
 * counts, active filters, "did you mean".
 */
#include "kc_search.h"

static const char *const facet_keys[] = {
    "kind", "subject", "level", "language", "licence", NULL
};

static const char *active_value(const kc_search_t *s, const char *facet)
{
    if (strcmp(facet, "kind") == 0) return s->kind;
    if (strcmp(facet, "subject") == 0) return s->subject;
    if (strcmp(facet, "level") == 0) return s->level;
    if (strcmp(facet, "language") == 0) return s->language;
    return s->licence;
}

/* One group per facet; each value links to the search with that filter
 * set (or, when it is the active one, removed). */
static void facets_to_ctx(kc_req_t *req, const kc_search_t *s,
                          const apr_array_header_t *facets, int capped)
{
    kc_tlist_t *groups = kc_tctx_list(req->ctx, "facets");
    kc_tlist_t *active = kc_tctx_list(req->ctx, "active_filters");
    int k, i;

    for (k = 0; facet_keys[k]; k++) {
        const char *on = active_value(s, facet_keys[k]);
        kc_tctx_t *g = NULL;
        kc_tlist_t *values = NULL;

        for (i = 0; i < facets->nelts; i++) {
            const kc_facet_t *f = &APR_ARRAY_IDX(facets, i, kc_facet_t);
            kc_tctx_t *v;
            int is_on;
            if (strcmp(f->facet, facet_keys[k]) != 0) {
                continue;
            }
            if (!g) {
                g = kc_tlist_push(groups);
                kc_tctx_set(g, "facet", facet_keys[k]);
                kc_tctx_set(g, "title", kc_msg(req, apr_pstrcat(
                                req->r->pool, "facet.", facet_keys[k], NULL)));
                values = kc_tctx_list(g, "values");
            }
            is_on = on && strcmp(on, f->value) == 0;
            v = kc_tlist_push(values);
            kc_tctx_set(v, "value", f->value);
            kc_tctx_set(v, "name", f->name);
            kc_tctx_set_int(v, "count", f->count);
            /* Counted over the first candidates only: no number. */
            kc_tctx_set_bool(v, "counted", !capped);
            kc_tctx_set_bool(v, "active", is_on);
            kc_tctx_set(v, "url", kc_search_url(req, s, facet_keys[k],
                                                is_on ? NULL : f->value, 1));
            if (is_on) {
                kc_tctx_t *a = kc_tlist_push(active);
                kc_tctx_set(a, "name", f->name);
                kc_tctx_set(a, "remove_url",
                            kc_search_url(req, s, facet_keys[k], NULL, 1));
            }
        }
    }
}

static void sorts_to_ctx(kc_req_t *req, const kc_search_t *s)
{
    static const char *const sorts[] = { "relevance", "newest", "rating", NULL };
    kc_tlist_t *list = kc_tctx_list(req->ctx, "sorts");
    int i;

    for (i = 0; sorts[i]; i++) {
        kc_tctx_t *item;
        if (!s->q && i == 0) {
            continue;              /* relevance needs a query */
        }
        item = kc_tlist_push(list);
        kc_tctx_set(item, "value", sorts[i]);
        kc_tctx_set(item, "name", kc_msg(req, apr_pstrcat(req->r->pool,
                                                          "sort.", sorts[i],
                                                          NULL)));
        kc_tctx_set(item, "url", kc_search_url(req, s, "sort", sorts[i], 1));
        kc_tctx_set_bool(item, "active", strcmp(s->sort, sorts[i]) == 0);
    }
}

int kc_search_html(kc_req_t *req, const kc_search_t *s, apr_int64_t page,
                   const kc_search_result_t *res)
{
    kc_tctx_t *c = req->ctx;
    const int size = KC_DEFAULT_PAGE_SIZE;
    /* More matches than the count limit: "more than N", and pages as far
     * as the candidates reach (the last one says to refine). */
    int capped = res->page->capped;
    apr_int64_t total = capped ? s->count_limit : res->page->total;
    apr_int64_t pages = (total + size - 1) / size;
    int n = res->page->items->nelts;

    kc_records_to_ctx(req, kc_tctx_list(c, "records"), res->page->items);
    kc_tctx_set_bool(c, "one_result", total == 1 && !capped);
    kc_tctx_set_int(c, "total", total);
    kc_tctx_set_bool(c, "capped", capped);
    kc_tctx_set_bool(c, "capped_end", capped && page == pages);
    kc_tctx_set_int(c, "page", page);
    kc_tctx_set_int(c, "pages", pages);
    kc_tctx_set_int(c, "first_item", (page - 1) * size + 1);
    kc_tctx_set_int(c, "last_item", (page - 1) * size + n);
    kc_tctx_set_bool(c, "empty", n == 0);
    kc_tctx_set_bool(c, "beyond_end", n == 0 && page > 1 && pages > 0);
    kc_tctx_set(c, "last_page_url", kc_search_url(req, s, NULL, NULL, pages));
    kc_tctx_set_bool(c, "has_prev", page > 1 && page <= pages);
    kc_tctx_set(c, "prev_url", kc_search_url(req, s, NULL, NULL, page - 1));
    kc_tctx_set_bool(c, "has_next", page < pages);
    kc_tctx_set(c, "next_url", kc_search_url(req, s, NULL, NULL, page + 1));
    kc_tctx_set_bool(c, "filtered", s->kind || s->subject || s->level
                                    || s->language || s->licence);
    kc_tctx_set(c, "clear_url", kc_search_url(req, &(kc_search_t){
                                                  .q = s->q, .sort = s->sort },
                                              NULL, NULL, 1));
    if (res->suggestion) {
        kc_tctx_set(c, "suggestion", res->suggestion);
        kc_tctx_set(c, "suggestion_url", kc_search_url(
                        req, &(kc_search_t){ .sort = "relevance" }, "q",
                        res->suggestion, 1));
    }
    if (res->corrected) {
        /* The words as typed, searched without correction. */
        kc_tctx_set(c, "corrected", res->corrected);
        kc_tctx_set(c, "original", res->original);
        kc_tctx_set(c, "original_url", apr_pstrcat(
                        req->r->pool, kc_search_url(
                            req, &(kc_search_t){ .sort = "relevance" }, "q",
                            res->original, 1), "&exact=1", NULL));
    }
    facets_to_ctx(req, s, res->facets, res->page->capped);
    sorts_to_ctx(req, s);
    return kc_render_page(req, HTTP_OK, "records/list", page == 1
                          ? kc_msg(req, "page.records.title")
                          : kc_msg(req, "page.records.title_n"));
}
