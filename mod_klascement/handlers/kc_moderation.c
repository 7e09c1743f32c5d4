/*
 * kc_moderation.c -- /moderation: the queue, the review page, approve /
 * ask for changes / refuse, closing reports.
 *
 * The location is protected by `Require klascement-role moderator`; every
 * page checks the role again, and the SQL functions a third time.
 */
#include "kc_page.h"
#include "kc_staff.h"
#include "../store/kc_store_contrib.h"
#include "../store/kc_store_members.h"
#include "../store/kc_store_moderation.h"
#include "../store/kc_store_records.h"

void kc_history_to_ctx(kc_req_t *req, const apr_array_header_t *rounds)
{
    kc_tlist_t *list = kc_tctx_list(req->ctx, "history");
    int i;
    for (i = 0; i < rounds->nelts; i++) {
        const kc_round_t *h = &APR_ARRAY_IDX(rounds, i, kc_round_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "action", h->action);
        kc_tctx_set(item, "action_name", kc_msg(req, apr_pstrcat(
                        req->r->pool, "action.", h->action, NULL)));
        kc_tctx_set(item, "actor_name", h->actor_name);
        kc_tctx_set(item, "reason", h->reason);
        kc_tctx_set(item, "date", h->date);
    }
}

/* ---- the queue --------------------------------------------------------------- */

static void queue_to_ctx(kc_req_t *req, const apr_array_header_t *queue)
{
    kc_tlist_t *list = kc_tctx_list(req->ctx, "queue");
    int i;
    for (i = 0; i < queue->nelts; i++) {
        const kc_queue_item_t *q = &APR_ARRAY_IDX(queue, i, kc_queue_item_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "id", kc_i64(req, q->id));
        kc_tctx_set(item, "kind", q->kind);
        kc_tctx_set(item, "kind_name", q->kind_name);
        kc_tctx_set(item, "title", q->title);
        kc_tctx_set(item, "author_name", q->author_name);
        if (q->author_id) {
            kc_tctx_setf(item, "author_url", "/members/%" APR_INT64_T_FMT,
                         q->author_id);
        }
        kc_tctx_set(item, "submitted", q->submitted);
        kc_tctx_set_bool(item, "resubmitted", q->resubmitted);
        kc_tctx_set(item, "published_count", q->published_count);
        kc_tctx_set(item, "refused_count", q->refused_count);
    }
    kc_tctx_set_int(req->ctx, "queue_count", queue->nelts);
}

static void reports_to_ctx(kc_req_t *req, const apr_array_header_t *reports)
{
    kc_tlist_t *list = kc_tctx_list(req->ctx, "reports");
    int i;
    for (i = 0; i < reports->nelts; i++) {
        const kc_report_t *p = &APR_ARRAY_IDX(reports, i, kc_report_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "id", kc_i64(req, p->id));
        kc_tctx_set(item, "reason", p->reason);
        kc_tctx_set(item, "reason_name", kc_msg(req, apr_pstrcat(
                        req->r->pool, "reason.", p->reason, NULL)));
        kc_tctx_set(item, "text", p->text);
        kc_tctx_set(item, "target_title", p->target_title);
        if (strcmp(p->target_type, "record") == 0) {
            kc_tctx_setf(item, "target_url", "/records/%" APR_INT64_T_FMT,
                         p->target_id);
        }
        if (p->reporter_id) {
            kc_tctx_set(item, "reporter_name", p->reporter_name);
            kc_tctx_setf(item, "reporter_url", "/members/%" APR_INT64_T_FMT,
                         p->reporter_id);
        }
        else {              /* raised by the site: the dead-links job */
            kc_tctx_set(item, "reporter_name",
                        kc_msg(req, "moderation.reported_by_site"));
            kc_tctx_set(item, "reporter_url", "");
        }
        kc_tctx_set(item, "date", p->date);
    }
    kc_tctx_set_int(req->ctx, "reports_count", reports->nelts);
}

#define KC_REPORTS_PAGE 20

/* The reports' order switch and pager: ?reports=newest|oldest, &rpage=N.
 * Oldest first is the queue's order; newest first keeps a flood of old
 * (junk) reports from hiding the one that came in just now. */
static void reports_pager_ctx(kc_req_t *req, int newest, apr_int64_t page,
                              apr_int64_t total)
{
    apr_int64_t pages = (total + KC_REPORTS_PAGE - 1) / KC_REPORTS_PAGE;
    const char *sort = newest ? "newest" : "oldest";

    pages = pages ? pages : 1;
    kc_tctx_set_bool(req->ctx, "reports_newest", newest);
    kc_tctx_set_int(req->ctx, "reports_total", total);
    kc_tctx_set_int(req->ctx, "reports_page", page);
    kc_tctx_set_int(req->ctx, "reports_pages", pages);
    kc_tctx_set_bool(req->ctx, "reports_has_prev", page > 1);
    kc_tctx_set_bool(req->ctx, "reports_has_next", page < pages);
    kc_tctx_setf(req->ctx, "reports_prev_url", "/moderation?reports=%s&rpage=%"
                 APR_INT64_T_FMT "#reports-title", sort, page - 1);
    kc_tctx_setf(req->ctx, "reports_next_url", "/moderation?reports=%s&rpage=%"
                 APR_INT64_T_FMT "#reports-title", sort, page + 1);
}

int kc_page_mod_queue(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *queue, *reports, *scope;
    kc_session_t *s;
    const char *sort = kc_arg(req, "reports"), *rpage = kc_arg(req, "rpage");
    int rc, i, newest = sort && strcmp(sort, "newest") == 0;
    apr_int64_t page = rpage ? apr_atoi64(rpage) : 1, total = 0;
    apr_status_t rv;

    if (!(s = kc_need_role(req, "moderator", &rc))) {
        return rc;
    }
    page = page < 1 || page > 100000 ? 1 : page;
    rv = kc_store_mod_queue(&queue, req->r, req->lang, s->member_id);
    if (rv == APR_SUCCESS) {
        rv = kc_store_mod_reports(&reports, &total, req->r, s->member_id,
                                  newest, KC_REPORTS_PAGE,
                                  (page - 1) * KC_REPORTS_PAGE);
    }
    if (rv == APR_SUCCESS) {
        rv = kc_store_mod_scope(&scope, req->r, req->labels, s->member_id);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    queue_to_ctx(req, queue);
    reports_to_ctx(req, reports);
    reports_pager_ctx(req, newest, page, total);
    kc_tctx_set_bool(req->ctx, "is_admin", kc_role_includes(s->role, "admin"));
    kc_tctx_set_bool(req->ctx, "scoped", scope->nelts > 0
                     && !kc_role_includes(s->role, "admin"));
    for (i = 0; i < scope->nelts; i++) {
        kc_tctx_set(kc_tlist_push(kc_tctx_list(req->ctx, "scope")), "name",
                    APR_ARRAY_IDX(scope, i, const char *));
    }
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    return kc_render_page(req, HTTP_OK, "moderation/queue",
                          kc_msg(req, "page.moderation.title"));
}
