/*
 * kc_record_view.c -- what a record looks like in a template: the summary
 * of list pages and the details of its own page.
 */
#include "kc_search.h"
#include "../store/kc_store_records.h"

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

void kc_record_summary_to_ctx(kc_req_t *req, kc_tctx_t *item,
                              const kc_record_summary_t *rec)
{
    apr_pool_t *p = req->r->pool;

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
    kc_tctx_set(item, "licence_url", rec->licence_url);
    kc_tctx_set(item, "language", rec->language);
    kc_tctx_set(item, "published", rec->published);
    names_to_list(item, "subjects", rec->subjects);
    names_to_list(item, "levels", rec->levels);
    kc_tctx_set_bool(item, "has_rating", rec->rating != NULL);
    kc_tctx_set(item, "rating", rec->rating);
    kc_tctx_set_int(item, "rating_count", rec->rating_count);
}

void kc_records_to_ctx(kc_req_t *req, kc_tlist_t *list,
                       const apr_array_header_t *items)
{
    int i;
    for (i = 0; i < items->nelts; i++) {
        kc_tctx_t *item = kc_tlist_push(list);
        kc_record_summary_to_ctx(req, item,
                                 &APR_ARRAY_IDX(items, i,
                                                kc_record_summary_t));
        kc_tctx_set_int(item, "position", i + 1);
    }
}

/* Kind-specific details as (label, value) pairs. */
static void details_to_ctx(kc_req_t *req, kc_tctx_t *c, const char *pairs)
{
    kc_tlist_t *list = kc_tctx_list(c, "details");
    apr_array_header_t *items = kc_store_split_names(req->r->pool, pairs);
    int i;

    for (i = 0; i < items->nelts; i++) {
        char *pair = APR_ARRAY_IDX(items, i, char *);
        char *sep = strchr(pair, '\x1e');
        kc_tctx_t *item;
        if (!sep) {
            continue;
        }
        *sep = '\0';
        item = kc_tlist_push(list);
        kc_tctx_set(item, "key", pair);
        kc_tctx_set(item, "label", kc_msg(req, apr_pstrcat(req->r->pool,
                                                          "detail.", pair,
                                                          NULL)));
        kc_tctx_set(item, "value", sep + 1);
    }
}

void kc_record_detail_to_ctx(kc_req_t *req, kc_tctx_t *c,
                             const kc_record_detail_t *d)
{
    apr_pool_t *p = req->r->pool;
    kc_tctx_t *attr = kc_tctx_make(p);

    kc_record_summary_to_ctx(req, c, &d->sum);
    kc_tctx_set(c, "description", d->description);
    kc_tctx_set(c, "url_external", d->url && *d->url ? d->url : NULL);
    kc_tctx_set(c, "language_name", d->language_name);
    kc_tctx_set(c, "state", d->state);
    kc_tctx_set_bool(c, "is_published", strcmp(d->state, "published") == 0);
    if (d->author_id) {
        kc_tctx_setf(c, "author_url", "/members/%" APR_INT64_T_FMT,
                     d->author_id);
    }
    kc_tctx_set_bool(c, "has_file", d->has_file);
    if (d->has_file) {
        kc_tctx_setf(c, "download_url", "/records/%" APR_INT64_T_FMT
                     "/download", d->sum.id);
        kc_tctx_set(c, "file_name", d->file_name);
        kc_tctx_setf(c, "file_size_kb", "%" APR_INT64_T_FMT,
                     (d->file_size + 1023) / 1024);
    }
    details_to_ctx(req, c, d->details);
    kc_tctx_set(attr, "title", d->sum.title);
    kc_tctx_set(attr, "author", d->sum.author_name);
    kc_tctx_set(attr, "licence", d->sum.licence_name);
    kc_tctx_set(c, "attribution", kc_tmpl_msg(req->conf->templates, req->lang,
                                              "record.attribution", attr, p));
}
