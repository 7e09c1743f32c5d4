/*
 * kc_records.c -- a record's page: the "Read for N points" gate and its
 * unlock, the details
 * with their reactions, the download; and /points.
 */
#include "kc_search.h"
#include "kc_page.h"
#include "../http/kc_body.h"
#include "../store/kc_store_community.h"
#include "../store/kc_store_records.h"
#include "../jobs/kc_stats.h"

/* The detail page's community parts: reactions, and for a member the
 * forms to react, score and keep it. */
static apr_status_t community_ctx(kc_req_t *req, const kc_record_detail_t *d,
                                  kc_session_t *s)
{
    apr_array_header_t *reactions;
    kc_tlist_t *list;
    int i, is_author = s && d->author_id == s->member_id;
    apr_status_t rv = APR_SUCCESS;

    /* Most records have no reactions: then no round trip for them. */
    if (d->has_reactions) {
        rv = kc_store_reactions(&reactions, req->r, d->sum.id,
                                s ? s->member_id : 0);
    }
    else {
        reactions = apr_array_make(req->r->pool, 0, sizeof(kc_reaction_t));
    }
    if (rv != APR_SUCCESS) {
        return rv;
    }
    list = kc_tctx_list(req->ctx, "reactions");
    for (i = 0; i < reactions->nelts; i++) {
        const kc_reaction_t *x = &APR_ARRAY_IDX(reactions, i, kc_reaction_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "id", kc_i64(req, x->id));
        kc_tctx_set(item, "author_name", x->author_name);
        kc_tctx_setf(item, "author_url", "/members/%" APR_INT64_T_FMT,
                     x->author_id);
        kc_tctx_set(item, "body", x->body);
        kc_tctx_set(item, "date", x->date);
        kc_tctx_set_bool(item, "edited", x->edited);
        kc_tctx_set_bool(item, "can_edit", x->can_edit);
        kc_tctx_set_bool(item, "can_delete", x->is_own);
        kc_tctx_set_bool(item, "is_own", x->is_own);
    }
    kc_tctx_set_int(req->ctx, "reactions_count", reactions->nelts);
    if (!s) {
        return APR_SUCCESS;
    }
    /* Reading the page means the member may react: it was unlocked just
     * now or before, or the member wrote it, or is staff. */
    kc_tctx_set_bool(req->ctx, "can_react",
                     !strcmp(d->state, "published") || is_author
                     || kc_role_includes(s->role, "moderator"));
    kc_tctx_set_bool(req->ctx, "can_rate", !is_author);
    kc_tctx_set_bool(req->ctx, "has_my_rating", d->my_stars > 0);
    for (i = 1; i <= 5; i++) {
        kc_tctx_set_bool(req->ctx, apr_psprintf(req->r->pool, "my_stars_%d", i),
                         d->my_stars == i);
    }
    if (!kc_tctx_get(req->ctx, "my_explanation")) {
        kc_tctx_set(req->ctx, "my_explanation", d->my_explanation);
    }
    kc_tctx_set_bool(req->ctx, "is_favourite", d->favourite);
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    return APR_SUCCESS;
}

/* The page a member sees before a first read: what the record is (its
 * summary) and the button that pays for it (POST /records/{id}/unlock). */
static int unlock_gate(kc_req_t *req, const kc_record_detail_t *d, int cost,
                       int status)
{
    kc_record_summary_to_ctx(req, kc_tctx_child(req->ctx, "record"), &d->sum);
    kc_tctx_set_int(req->ctx, "cost", cost);
    kc_tctx_set_int(req->ctx, "balance", d->viewer_balance);
    kc_tctx_setf(req->ctx, "unlock_url", "/records/%" APR_INT64_T_FMT
                 "/unlock", d->sum.id);
    kc_tctx_set(req->ctx, "title", d->sum.title);
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    apr_table_setn(req->r->headers_out, "Cache-Control", "private, no-store");
    return kc_render_page(req, status, "records/unlock", d->sum.title);
}

/* What a visitor (and a search engine or harvester) sees of a published
 * record: its summary, its JSON-LD, and the way in (log in, then back
 * here); the same for every visitor, so cacheable. */
static int public_page(kc_req_t *req, const kc_record_detail_t *d)
{
    kc_tctx_t *rec = kc_tctx_child(req->ctx, "record");

    kc_record_summary_to_ctx(req, rec, &d->sum);
    kc_record_ld_ctx(req, rec, d);
    kc_tctx_setf(req->ctx, "login_url", "/login?next=/records/%"
                 APR_INT64_T_FMT, d->sum.id);
    kc_tctx_set(req->ctx, "title", d->sum.title);
    return kc_render_page(req, HTTP_OK, "records/public", d->sum.title);
}

/* GET /records/{id}. Visitors see the public page, whose "Read more" goes
 * to the login page and back here after it. A GET never spends points: any other site can make a
 * member's browser GET a page (links, redirects, prefetch, and SameSite=Lax
 * cookies go along), so a first read shows the record's summary and a
 * button that POSTs to /records/{id}/unlock. */
int kc_page_record(kc_req_t *req, const kc_route_match_t *m)
{
    return kc_record_page(req, m->id, HTTP_OK);
}

int kc_record_page(kc_req_t *req, apr_int64_t id, int status)
{
    request_rec *r = req->r;
    int db_error = 0, cost = kc_config_detail_cost(req->conf), paid = 0;
    kc_session_t *s = kc_session(r, &db_error);
    int json = kc_wants_json(req);
    const char *done = kc_arg(req, "done");
    kc_record_detail_t *d;
    kc_tctx_t *rec;
    apr_status_t rv;

    if (db_error) {
        return kc_render_error(req, HTTP_SERVICE_UNAVAILABLE, NULL);
    }
    rv = kc_store_record_detail(&d, r, req->labels, id,
                                s ? s->member_id : 0, req->lang);
    if (rv == APR_NOTFOUND) {
        return json ? kc_json_error(req, HTTP_NOT_FOUND, "not_found", NULL)
                    : kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (!s) {
        return json ? kc_json_login_required(req) : public_page(req, d);
    }
    /* Re-reads, own records and staff cost nothing: shown at once. */
    if (strcmp(d->state, "published") == 0 && !d->unlocked
        && d->author_id != s->member_id
        && !kc_role_includes(s->role, "moderator")) {
        if (d->viewer_balance < cost) {
            return json ? kc_json_no_points(req, cost, d->viewer_balance)
                        : kc_render_no_points(req, d, cost);
        }
        return json ? kc_record_json_locked(req, d, cost)
                    : unlock_gate(req, d, cost, status);
    }
    /* Just paid (the unlock's redirect): say so. Only the text depends on
     * the parameter, and only when the member did unlock it. */
    if (done && strcmp(done, "unlocked") == 0 && d->unlocked) {
        paid = cost;
    }
    apr_table_setn(r->headers_out, "Cache-Control", "private, no-store");
    kc_stats_record(r, id);
    if (json) {
        return kc_record_json(req, d, paid, d->viewer_balance);
    }
    rec = kc_tctx_child(req->ctx, "record");
    kc_record_detail_to_ctx(req, rec, d);
    if (strcmp(d->state, "published") == 0) {
        kc_record_ld_ctx(req, rec, d);
    }
    if ((rv = community_ctx(req, d, s)) != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_record_themes_ctx(req, d->sum.id);
    kc_tctx_set_int(req->ctx, "cost_paid", paid);
    kc_tctx_set_bool(req->ctx, "paid", paid > 0);
    kc_tctx_set_int(req->ctx, "balance", d->viewer_balance);
    kc_tctx_set(req->ctx, "title", d->sum.title);
    return kc_render_page(req, status, "records/detail", d->sum.title);
}

/* POST /records/{id}/unlock: pay for a first read (once: keyed in
 * kc_record_unlock, so concurrent or repeated posts pay at most once and
 * never below zero), then back to the record. */
int kc_page_record_unlock(kc_req_t *req, const kc_route_match_t *m)
{
    int rc, paid, json = kc_wants_json(req);
    int cost = kc_config_detail_cost(req->conf);
    kc_session_t *s = kc_need_member(req, &rc);
    apr_table_t *form;
    kc_record_detail_t *d;
    const char *result;
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    if ((rc = kc_form_read(req, &form)) != OK) {
        return kc_render_error(req, rc, req->bad_field);
    }
    rv = kc_store_record_unlock(&result, req->r, s->member_id, m->id, cost);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "notfound") == 0) {
        return json ? kc_json_error(req, HTTP_NOT_FOUND, "not_found", NULL)
                    : kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (strcmp(result, "nopoints") == 0) {
        rv = kc_store_record_detail(&d, req->r, req->labels, m->id,
                                    s->member_id, req->lang);
        if (rv != APR_SUCCESS) {
            return kc_render_store_error(req, rv);
        }
        return json ? kc_json_no_points(req, cost, d->viewer_balance)
                    : kc_render_no_points(req, d, cost);
    }
    paid = strcmp(result, "unlocked") == 0;
    return kc_redirect(req, apr_psprintf(req->r->pool, "/records/%"
                                         APR_INT64_T_FMT "%s%s%s", m->id,
                                         json || paid ? "?" : "",
                                         json ? "format=json" : "",
                                         paid ? (json ? "&done=unlocked"
                                                      : "done=unlocked")
                                              : ""));
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
    kc_campaigns_ctx(req);
    return kc_render_page(req, HTTP_OK, "points/rules",
                          kc_msg(req, "page.points.title"));
}
