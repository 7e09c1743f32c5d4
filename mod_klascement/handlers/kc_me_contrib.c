/*
 * kc_me_contrib.c -- the kind chooser, the member's own contributions,
 * withdrawing, objecting, notifications, reporting a record.
 */
#include "kc_page.h"
#include "../store/kc_store_contrib.h"
#include "../core/kc_validate.h"

int kc_page_contribute_choose(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *kinds;
    kc_tlist_t *list;
    int rc, i;
    apr_status_t rv;

    if (!kc_need_member(req, &rc)) {
        return rc;
    }
    if ((rv = kc_store_kinds(&kinds, req->r, req->lang)) != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    list = kc_tctx_list(req->ctx, "kinds");
    for (i = 0; i < kinds->nelts; i++) {
        const kc_code_name_t *k = &APR_ARRAY_IDX(kinds, i, kc_code_name_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "code", k->code);
        kc_tctx_set(item, "name", k->name);
        kc_tctx_set(item, "url", apr_pstrcat(req->r->pool, "/contribute/",
                                             k->code, NULL));
        kc_tctx_set(item, "help", kc_msg(req, apr_pstrcat(
                        req->r->pool, "kind.", k->code, ".help", NULL)));
    }
    return kc_render_page(req, HTTP_OK, "contribute/choose",
                          kc_msg(req, "page.contribute.title"));
}

int kc_page_my_contributions(kc_req_t *req, const kc_route_match_t *m)
{
    kc_session_t *s;
    apr_array_header_t *mine;
    kc_tlist_t *list;
    int rc, i;
    apr_status_t rv;

    if (!(s = kc_need_member(req, &rc))) {
        return rc;
    }
    rv = kc_store_contrib_mine(&mine, req->r, s->member_id, req->lang);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    list = kc_tctx_list(req->ctx, "contributions");
    for (i = 0; i < mine->nelts; i++) {
        const kc_my_record_t *c = &APR_ARRAY_IDX(mine, i, kc_my_record_t);
        kc_tctx_t *item = kc_tlist_push(list);
        int editable = !strcmp(c->state, "pending")
                       || !strcmp(c->state, "changes_requested");
        kc_tctx_set_int(item, "id", c->id);
        kc_tctx_set(item, "title", c->title);
        kc_tctx_set(item, "kind_name", c->kind_name);
        kc_tctx_set(item, "state", c->state);
        kc_tctx_set(item, "state_name", kc_msg(req, apr_pstrcat(
                        req->r->pool, "state.", c->state, NULL)));
        kc_ctx_state_flags(req, item, c->state);
        kc_tctx_set(item, "submitted", c->submitted);
        kc_tctx_set(item, "reason", c->reason);
        kc_tctx_set_bool(item, "can_edit", editable);
        kc_tctx_set_bool(item, "can_withdraw", editable);
        kc_tctx_set_bool(item, "can_object", !strcmp(c->state, "refused")
                                             && !c->objection_filed);
        kc_tctx_set_bool(item, "objection_filed", c->objection_filed);
        kc_tctx_setf(item, "edit_url", "/me/contributions/%" APR_INT64_T_FMT
                     "/edit", c->id);
        kc_tctx_setf(item, "record_url", "/records/%" APR_INT64_T_FMT, c->id);
    }
    kc_tctx_set_bool(req->ctx, "empty", mine->nelts == 0);
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    return kc_render_page(req, HTTP_OK, "me/contributions",
                          kc_msg(req, "page.my_contributions.title"));
}

int kc_page_contribution_withdraw(kc_req_t *req, const kc_route_match_t *m)
{
    kc_session_t *s;
    apr_table_t *form;
    const char *result;
    int rc;
    apr_status_t rv;

    if (!(s = kc_need_member(req, &rc))) {
        return rc;
    }
    if ((rc = kc_form_read(req, &form)) != OK) {
        return kc_render_error(req, rc, req->bad_field);
    }
    rv = kc_store_contrib_withdraw(&result, req->r, s->member_id, m->id);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "ok") != 0) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    return kc_redirect(req, "/me/contributions?done=withdrawn");
}

int kc_page_contribution_objection(kc_req_t *req, const kc_route_match_t *m)
{
    kc_session_t *s;
    apr_table_t *form;
    const char *result, *text;
    int rc;
    apr_status_t rv;

    if (!(s = kc_need_member(req, &rc))) {
        return rc;
    }
    if ((rc = kc_form_read(req, &form)) != OK) {
        return kc_render_error(req, rc, req->bad_field);
    }
    text = kc_form_text(req, form, "text");
    if (kc_utf8_chars(text) < 10 || kc_utf8_chars(text) > 5000) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "text");
    }
    rv = kc_store_objection_file(&result, req->r, s->member_id, m->id, text);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "already") == 0) {
        return kc_render_error(req, HTTP_CONFLICT, "text");
    }
    if (strcmp(result, "ok") != 0) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    return kc_redirect(req, "/me/contributions?done=objection");
}

int kc_page_notifications(kc_req_t *req, const kc_route_match_t *m)
{
    kc_session_t *s;
    apr_array_header_t *notes;
    kc_tlist_t *list;
    int rc, i;
    apr_status_t rv;

    if (!(s = kc_need_member(req, &rc))) {
        return rc;
    }
    rv = kc_store_notifications(&notes, req->r, s->member_id, req->lang);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    list = kc_tctx_list(req->ctx, "notifications");
    for (i = 0; i < notes->nelts; i++) {
        const kc_notification_t *n = &APR_ARRAY_IDX(notes, i,
                                                    kc_notification_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "kind", n->kind);
        kc_tctx_set(item, "record_title", n->record_title);
        kc_tctx_set(item, "message", kc_tmpl_msg(
                        req->conf->templates, req->lang,
                        apr_pstrcat(req->r->pool, "notification.", n->kind,
                                    NULL), item, req->r->pool));
        if (n->topic_id) {
            kc_tctx_setf(item, "record_url", "/forum/topics/%" APR_INT64_T_FMT,
                         n->topic_id);
        }
        else if (n->record_id) {
            kc_tctx_setf(item, "record_url", "/records/%" APR_INT64_T_FMT,
                         n->record_id);
        }
        else {
            kc_tctx_set(item, "record_url", "");
        }
        kc_tctx_set(item, "reason", n->reason);
        kc_tctx_set(item, "date", n->at);
        kc_tctx_set_bool(item, "unread", n->unread);
    }
    kc_tctx_set_bool(req->ctx, "empty", notes->nelts == 0);
    return kc_render_page(req, HTTP_OK, "me/notifications",
                          kc_msg(req, "page.notifications.title"));
}

/* POST /records/{id}/report: anyone logged in may flag a record. */
int kc_page_record_report(kc_req_t *req, const kc_route_match_t *m)
{
    static const char *const reasons[] = {
        "copyright", "wrong", "offensive", "spam", NULL
    };
    kc_session_t *s;
    apr_table_t *form;
    const char *reason, *text, *result;
    int rc, i, known = 0;
    apr_status_t rv;

    if (!(s = kc_need_member(req, &rc))) {
        return rc;
    }
    if ((rc = kc_form_read(req, &form)) != OK) {
        return kc_render_error(req, rc, req->bad_field);
    }
    reason = kc_form_text(req, form, "reason");
    text = kc_form_text(req, form, "text");
    for (i = 0; reasons[i]; i++) {
        known |= strcmp(reason, reasons[i]) == 0;
    }
    if (!known) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "reason");
    }
    if (!*text || kc_utf8_chars(text) > 5000) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "text");
    }
    rv = kc_store_report_file(&result, req->r, s->member_id, "record", m->id,
                              reason, text);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    /* One open report per member per target, 20 a day: a flood of reports
     * would hide the real ones from the moderators. */
    if (strcmp(result, "ratelimit") == 0) {
        return kc_render_error(req, HTTP_TOO_MANY_REQUESTS, NULL);
    }
    return kc_redirect(req, apr_psprintf(req->r->pool, "/records/%"
                                         APR_INT64_T_FMT "?done=%s", m->id,
                                         strcmp(result, "already") == 0
                                         ? "already_reported" : "reported"));
}
