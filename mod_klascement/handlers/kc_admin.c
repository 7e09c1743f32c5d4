/*
 * kc_admin.c -- /admin: objections, IP takedowns, records' fate, and the
 * audit log. Members (bans, roles, scopes) are in kc_admin_members.c.
 */
#include "kc_page.h"
#include "kc_staff.h"
#include "../store/kc_store_moderation.h"
#include "../store/kc_store_points.h"
#include "../core/kc_escape.h"
#include "../core/kc_validate.h"

#define KC_AUDIT_PAGE 50

int kc_page_admin(kc_req_t *req, const kc_route_match_t *m)
{
    kc_admin_counts_t n;
    apr_int64_t due;
    int rc;
    apr_status_t rv;

    if (!kc_need_role(req, "admin", &rc)) {
        return rc;
    }
    rv = kc_store_admin_counts(&n, req->r);
    if (rv == APR_SUCCESS) rv = kc_store_milestones_due(&due, req->r);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    /* A milestone that became due by itself (its member count reached)
     * waits here for the team to pay it. */
    kc_tctx_set_int(req->ctx, "milestones_due", due);
    kc_tctx_set_bool(req->ctx, "has_milestones_due", due > 0);
    kc_tctx_set_int(req->ctx, "open_objections", n.objections);
    kc_tctx_set_int(req->ctx, "open_reports", n.reports);
    kc_tctx_set_int(req->ctx, "pending_count", n.pending);
    kc_tctx_set_bool(req->ctx, "has_objections", n.objections > 0);
    kc_tctx_set_bool(req->ctx, "has_reports", n.reports > 0);
    return kc_render_page(req, HTTP_OK, "admin/dashboard",
                          kc_msg(req, "page.admin.title"));
}

int kc_page_admin_objections(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *list;
    kc_tlist_t *out;
    int rc, i;
    apr_status_t rv;

    if (!kc_need_role(req, "admin", &rc)) {
        return rc;
    }
    if ((rv = kc_store_admin_objections(&list, req->r)) != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    out = kc_tctx_list(req->ctx, "objections");
    for (i = 0; i < list->nelts; i++) {
        const kc_objection_t *o = &APR_ARRAY_IDX(list, i, kc_objection_t);
        kc_tctx_t *item = kc_tlist_push(out);
        kc_tctx_set(item, "record_id", kc_i64(req, o->record_id));
        kc_tctx_set(item, "record_title", o->record_title);
        kc_tctx_setf(item, "record_url", "/records/%" APR_INT64_T_FMT,
                     o->record_id);
        kc_tctx_set(item, "refusal_reason", apr_pstrcat(
                        req->r->pool, *o->refusal_code
                        ? kc_msg(req, apr_pstrcat(req->r->pool, "reason.",
                                                  o->refusal_code, NULL))
                        : "", *o->refusal_reason ? ": " : "",
                        o->refusal_reason, NULL));
        kc_tctx_set(item, "text", o->text);
        kc_tctx_set(item, "member_name", o->member_name);
        kc_tctx_setf(item, "member_url", "/members/%" APR_INT64_T_FMT,
                     o->member_id);
        kc_tctx_set(item, "date", o->date);
    }
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    return kc_render_page(req, HTTP_OK, "admin/objections",
                          kc_msg(req, "page.objections.title"));
}

int kc_page_admin_decide(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[4];
    int rc;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);

    if (!s) {
        return rc;
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    args[2] = kc_form_text(req, form, "decision");
    args[3] = kc_form_text(req, form, "reason");
    if (strcmp(args[2], "uphold") != 0 && strcmp(args[2], "overturn") != 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "decision");
    }
    return kc_run_action(req, KC_Q_OBJECTION_DECIDE, args, "/admin/objections",
                      "decided");
}

/* ---- a record's fate -------------------------------------------------------- */

int kc_page_admin_record(kc_req_t *req, const kc_route_match_t *m)
{
    kc_admin_record_t *a;
    apr_array_header_t *rounds;
    kc_tctx_t *rec;
    int rc;
    apr_status_t rv;

    if (!kc_need_role(req, "admin", &rc)) {
        return rc;
    }
    rv = kc_store_admin_record(&a, req->r, req->lang, m->id);
    if (rv == APR_SUCCESS) {
        rv = kc_store_record_history(&rounds, req->r, m->id);
    }
    if (rv == APR_NOTFOUND) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    rec = kc_tctx_child(req->ctx, "record");
    kc_tctx_set(rec, "id", kc_i64(req, a->id));
    kc_tctx_set(rec, "title", a->title);
    kc_tctx_set(rec, "kind_name", a->kind_name);
    kc_tctx_set(rec, "author_name", a->author_name);
    if (a->author_id) {
        kc_tctx_setf(rec, "author_url", "/admin/members/%" APR_INT64_T_FMT,
                     a->author_id);
        /* A grant to the author for this record (kc_admin_points.c). */
        kc_tctx_setf(rec, "grant_url", "/admin/members/%" APR_INT64_T_FMT
                     "/grant", a->author_id);
        kc_tctx_set(req->ctx, "grant_key", kc_grant_key(req));
    }
    kc_tctx_set(rec, "state", a->state);
    kc_tctx_set(rec, "state_name", kc_msg(req, apr_pstrcat(
                    req->r->pool, "state.", a->state, NULL)));
    kc_ctx_state_flags(req, rec, a->state);
    kc_tctx_set(rec, "submitted", a->submitted);
    kc_tctx_set(rec, "published", a->published);
    kc_tctx_setf(rec, "url", "/records/%" APR_INT64_T_FMT, a->id);
    kc_tctx_set_bool(req->ctx, "can_takedown", !strcmp(a->state, "published"));
    kc_tctx_set_bool(req->ctx, "can_restore", !strcmp(a->state, "taken_down"));
    kc_tctx_set_bool(req->ctx, "can_remove", !strcmp(a->state, "published")
                                             || !strcmp(a->state,
                                                        "taken_down"));
    kc_history_to_ctx(req, rounds);
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    return kc_render_page(req, HTTP_OK, "admin/record",
                          kc_msg(req, "page.admin_record.title"));
}

static int record_action(kc_req_t *req, const kc_route_match_t *m,
                         kc_query_id_t q, int needs_reason, const char *done)
{
    apr_table_t *form;
    const char *args[3];
    int rc;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);

    if (!s) {
        return rc;
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    args[2] = kc_form_text(req, form, "reason");
    if (needs_reason && (!*args[2] || kc_utf8_chars(args[2]) > 5000)) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "reason");
    }
    return kc_run_action(req, q, args, apr_psprintf(req->r->pool, "/admin/records/%"
                                                 APR_INT64_T_FMT, m->id),
                      done);
}

int kc_page_admin_takedown(kc_req_t *req, const kc_route_match_t *m)
{
    return record_action(req, m, KC_Q_RECORD_TAKEDOWN, 1, "takedown");
}

int kc_page_admin_restore(kc_req_t *req, const kc_route_match_t *m)
{
    return record_action(req, m, KC_Q_RECORD_RESTORE, 0, "restored");
}

int kc_page_admin_remove(kc_req_t *req, const kc_route_match_t *m)
{
    return record_action(req, m, KC_Q_RECORD_REMOVE, 1, "removed");
}

/* ---- the audit log ---------------------------------------------------------- */

static const char *const audit_actions[] = {
    "approve", "request_changes", "refuse", "report_close", "objection_uphold",
    "objection_overturn", "takedown", "restore", "remove", "ban", "unban",
    "set_role", "set_scope", "grant", "rule_set", "campaign_create",
    "campaign_end", "campaign_cancel", "milestone_declare", "job_run",
    "theme_create", "theme_update", "theme_delete", "theme_section",
    "theme_item", "webinar_create", "webinar_update",
    "webinar_cancel",
    "synonym_add", "synonym_edit", "synonym_delete", NULL
};

static const char *audit_url(kc_req_t *req, apr_int64_t actor,
                             const char *action, apr_int64_t page)
{
    return apr_psprintf(req->r->pool, "/admin/audit?actor=%s&action=%s&page=%"
                        APR_INT64_T_FMT, actor ? kc_i64(req, actor) : "",
                        kc_url_encode(req->r->pool, action), page);
}

int kc_page_admin_audit(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *rows;
    apr_int64_t actor, page, total, pages;
    const char *action = kc_arg(req, "action");
    kc_tlist_t *list;
    int rc, i, known = 0;
    apr_status_t rv;

    if (!kc_need_role(req, "admin", &rc)) {
        return rc;
    }
    action = action ? action : "";
    if (kc_arg(req, "actor") && !*kc_arg(req, "actor")) {
        actor = 0;
    }
    else if (kc_arg_int(req, "actor", 0, 0, APR_INT64_C(999999999999),
                        &actor) != APR_SUCCESS) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "actor");
    }
    if (kc_arg_int(req, "page", 1, 1, 100000, &page) != APR_SUCCESS) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "page");
    }
    list = kc_tctx_list(req->ctx, "actions");
    for (i = 0; audit_actions[i]; i++) {
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "value", audit_actions[i]);
        kc_tctx_set(item, "name", kc_msg(req, apr_pstrcat(
                        req->r->pool, "action.", audit_actions[i], NULL)));
        kc_tctx_set_bool(item, "selected", !strcmp(action, audit_actions[i]));
        known |= !strcmp(action, audit_actions[i]);
    }
    if (*action && !known) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "action");
    }
    rv = kc_store_audit_page(&rows, &total, req->r, actor, action,
                             (page - 1) * KC_AUDIT_PAGE, KC_AUDIT_PAGE);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    list = kc_tctx_list(req->ctx, "rows");
    for (i = 0; i < rows->nelts; i++) {
        const kc_audit_row_t *a = &APR_ARRAY_IDX(rows, i, kc_audit_row_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "date", a->date);
        kc_tctx_set(item, "actor_name", a->actor_name);
        if (a->actor_id) {
            kc_tctx_setf(item, "actor_url", "/admin/members/%" APR_INT64_T_FMT,
                         a->actor_id);
        }
        kc_tctx_set(item, "action", a->action);
        kc_tctx_set(item, "action_name", kc_msg(req, apr_pstrcat(
                        req->r->pool, "action.", a->action, NULL)));
        kc_tctx_set(item, "target_type", a->target_type);
        kc_tctx_set(item, "target_id", kc_i64(req, a->target_id));
        if (!strcmp(a->target_type, "record") || !strcmp(a->target_type,
                                                         "member")) {
            kc_tctx_setf(item, "target_url", "/admin/%ss/%" APR_INT64_T_FMT,
                         a->target_type, a->target_id);
        }
        kc_tctx_set(item, "reason", a->reason);
        kc_tctx_set(item, "details", a->details);
    }
    pages = (total + KC_AUDIT_PAGE - 1) / KC_AUDIT_PAGE;
    kc_tctx_set(req->ctx, "actor", actor ? kc_i64(req, actor) : "");
    kc_tctx_set_bool(req->ctx, "any_action", !*action);
    kc_tctx_set_bool(req->ctx, "filtered", actor || *action);
    kc_tctx_set_int(req->ctx, "page", page);
    kc_tctx_set_int(req->ctx, "pages", pages);
    kc_tctx_set_bool(req->ctx, "has_prev", page > 1);
    kc_tctx_set(req->ctx, "prev_url", audit_url(req, actor, action, page - 1));
    kc_tctx_set_bool(req->ctx, "has_next", page < pages);
    kc_tctx_set(req->ctx, "next_url", audit_url(req, actor, action, page + 1));
    return kc_render_page(req, HTTP_OK, "admin/audit",
                          kc_msg(req, "page.audit.title"));
}
