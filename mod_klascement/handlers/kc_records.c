/*
 * kc_records.c -- the public record list and the "Read more…" gate.
 */
#include "kc_handlers.h"
#include "kc_search.h"
#include "kc_community.h"
#include "../http/kc_body.h"
#include "../http/kc_session.h"
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

/* GET /records/{id}. Visitors are sent to the login page and come back
 * here after it; a member pays KlasCementDetailCost the first time. */
int kc_page_record(kc_req_t *req, const kc_route_match_t *m)
{
    return kc_record_page(req, m->id, HTTP_OK);
}

int kc_record_page(kc_req_t *req, apr_int64_t id, int status)
{
    request_rec *r = req->r;
    kc_route_match_t one = { id, NULL };
    const kc_route_match_t *m = &one;
    int db_error = 0, cost = kc_config_detail_cost(req->conf), paid = 0;
    kc_session_t *s = kc_session(r, &db_error);
    int json = kc_wants_json(req);
    kc_record_detail_t *d;
    const char *result = "free";
    apr_status_t rv;

    if (db_error) {
        return kc_render_error(req, HTTP_SERVICE_UNAVAILABLE, NULL);
    }
    rv = kc_store_record_detail(&d, r, req->labels, m->id,
                                s ? s->member_id : 0, req->lang);
    if (rv == APR_NOTFOUND) {
        return json ? kc_json_error(req, HTTP_NOT_FOUND, "not_found", NULL)
                    : kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (!s) {
        return json ? kc_json_login_required(req)
                    : kc_redirect(req, apr_psprintf(r->pool,
                                                    "/login?next=/records/%"
                                                    APR_INT64_T_FMT, m->id));
    }
    /* Re-reads, own records and staff cost nothing: no round trip. */
    if (strcmp(d->state, "published") == 0 && !d->unlocked
        && d->author_id != s->member_id
        && !kc_role_includes(s->role, "moderator")) {
        rv = kc_store_record_unlock(&result, r, s->member_id, m->id, cost);
        if (rv != APR_SUCCESS) {
            return kc_render_store_error(req, rv);
        }
    }
    if (strcmp(result, "notfound") == 0) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (strcmp(result, "nopoints") == 0) {
        return json ? kc_json_no_points(req, cost, d->viewer_balance)
                    : kc_render_no_points(req, d, cost);
    }
    paid = strcmp(result, "unlocked") == 0 ? cost : 0;
    apr_table_setn(r->headers_out, "Cache-Control", "private, no-store");
    if (json) {
        return kc_record_json(req, d, paid, d->viewer_balance - paid);
    }
    kc_record_detail_to_ctx(req, kc_tctx_child(req->ctx, "record"), d);
    if ((rv = kc_record_community_ctx(req, d, s)) != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_tctx_set_int(req->ctx, "cost_paid", paid);
    kc_tctx_set_bool(req->ctx, "paid", paid > 0);
    kc_tctx_set_int(req->ctx, "balance", d->viewer_balance - paid);
    kc_tctx_set(req->ctx, "title", d->sum.title);
    return kc_render_page(req, status, "records/detail", d->sum.title);
}

int kc_render_no_points(kc_req_t *req, const kc_record_detail_t *d, int cost)
{
    kc_tctx_set_int(req->ctx, "needed", cost);
    kc_tctx_set_int(req->ctx, "balance", d->viewer_balance);
    kc_tctx_set(req->ctx, "title", d->sum.title);
    kc_tctx_set(req->ctx, "rules_url", "/points");
    apr_table_setn(req->r->headers_out, "Cache-Control", "private, no-store");
    return kc_render_page(req, HTTP_FORBIDDEN, "records/no_points",
                          kc_msg(req, "page.no_points.title"));
}

/* GET /records/{id}/download: the file, for those who may read it. */
int kc_page_record_download(kc_req_t *req, const kc_route_match_t *m)
{
    int rc, allowed = 0;
    kc_session_t *s = kc_need_member(req, &rc);
    const char *sha, *type, *name;
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    rv = kc_store_record_file(&sha, &type, &name, &allowed, req->r, m->id,
                              s->member_id);
    if (rv == APR_NOTFOUND) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (!allowed) {
        return kc_render_error(req, HTTP_FORBIDDEN, NULL);
    }
    return kc_upload_send(req, sha, type, name);
}

/* GET /points: the rules, from the table the team edits. */
int kc_page_points(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *rules;
    kc_tlist_t *list;
    int i;
    apr_status_t rv = kc_store_point_rules(&rules, req->r, req->lang);

    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    list = kc_tctx_list(req->ctx, "rules");
    for (i = 0; i < rules->nelts; i++) {
        const kc_point_rule_t *p = &APR_ARRAY_IDX(rules, i, kc_point_rule_t);
        kc_tctx_t *item;
        item = kc_tlist_push(list);
        kc_tctx_set(item, "event", p->event);
        kc_tctx_set(item, "name", p->name);
        kc_tctx_set(item, "description", p->description);
        kc_tctx_set_bool(item, "any", strcmp(p->event, "grant") == 0);
        kc_tctx_setf(item, "points", "%" APR_INT64_T_FMT, p->points);
        kc_tctx_set(item, "points_max", p->points_max);
        kc_tctx_set(item, "daily_cap", p->daily_cap);
    }
    kc_tctx_set_int(req->ctx, "detail_cost", kc_config_detail_cost(req->conf));
    return kc_render_page(req, HTTP_OK, "points/rules",
                          kc_msg(req, "page.points.title"));
}
