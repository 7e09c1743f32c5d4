/*
 * kc_review.c -- /moderation/records/{id}: reviewing one contribution and
 * the three decisions on it; closing reports.
 */
#include "kc_page.h"
#include "kc_search.h"
#include "kc_staff.h"
#include "../store/kc_store_contrib.h"
#include "../store/kc_store_members.h"
#include "../store/kc_store_moderation.h"
#include "../core/kc_validate.h"

#include <apr_lib.h>

static const char *const refusal_codes[] = {
    "copyright", "quality", "duplicate", "off_topic", "incomplete", "other",
    NULL
};

/* The moderator, if the record exists and is in their scope. */
static kc_session_t *reviewer(kc_req_t *req, apr_int64_t id, int *rc)
{
    kc_session_t *s = kc_need_role(req, "moderator", rc);
    int in_scope = 0;
    apr_status_t rv;

    if (!s) {
        return NULL;
    }
    rv = kc_store_mod_in_scope(&in_scope, req->r, s->member_id, id);
    if (rv != APR_SUCCESS) {
        *rc = kc_render_store_error(req, rv);
        return NULL;
    }
    if (!in_scope) {
        *rc = kc_render_error(req, HTTP_FORBIDDEN, NULL);
        return NULL;
    }
    return s;
}

/* Nobody moderates (and is paid for) their own contribution. */
static int own_work(kc_req_t *req, kc_session_t *s, apr_int64_t id, int *rc)
{
    kc_admin_record_t *a;
    apr_status_t rv = kc_store_admin_record(&a, req->r, req->lang, id);

    if (rv == APR_SUCCESS && a->author_id != s->member_id) {
        return 0;
    }
    *rc = rv == APR_NOTFOUND ? kc_render_error(req, HTTP_NOT_FOUND, NULL)
        : rv != APR_SUCCESS  ? kc_render_store_error(req, rv)
                             : kc_render_error(req, HTTP_FORBIDDEN, NULL);
    return 1;
}

/* The review page; `form` refills the fields after a refused decision. */
static int review_page(kc_req_t *req, kc_session_t *s, apr_int64_t id,
                       int status, apr_table_t *form)
{
    kc_record_detail_t *d;
    apr_array_header_t *rounds, *subjects, *levels, *langs;
    const char *subject_ids = NULL, *level_ids = NULL, *version = NULL, *code;
    kc_tctx_t *rec;
    kc_tlist_t *codes;
    int i;
    apr_status_t rv = kc_store_record_detail(&d, req->r, req->labels, id,
                                             s->member_id, req->lang);

    if (rv == APR_SUCCESS) rv = kc_store_record_history(&rounds, req->r, id);
    if (rv == APR_SUCCESS) rv = kc_store_record_taxonomy_ids(&subject_ids, &level_ids, &version, req->r, id);
    if (rv == APR_SUCCESS) rv = kc_store_member_taxonomy(&subjects, &levels, req->r, 0, req->labels);
    if (rv == APR_SUCCESS) rv = kc_store_languages(&langs, req->r, req->lang);
    if (rv == APR_NOTFOUND) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    rec = kc_tctx_child(req->ctx, "record");
    kc_record_detail_to_ctx(req, rec, d);
    kc_tctx_set(rec, "state_name", kc_msg(req, apr_pstrcat(
                    req->r->pool, "state.", d->state, NULL)));
    kc_tctx_set(req->ctx, "title", form ? kc_form_text(req, form, "title")
                                        : d->sum.title);
    kc_tctx_set(req->ctx, "description",
                form ? kc_form_text(req, form, "description")
                     : d->description);
    kc_ctx_select(req, "languages", langs,
                     form ? kc_form_text(req, form, "language")
                          : d->sum.language);
    kc_ctx_choices(req, "subjects", subjects,
                   form ? kc_form_int_array(req, form, "subjects")
                        : subject_ids);
    kc_ctx_choices(req, "levels", levels,
                   form ? kc_form_int_array(req, form, "levels") : level_ids);
    kc_history_to_ctx(req, rounds);
    code = form ? kc_form_text(req, form, "reason_code") : "";
    codes = kc_tctx_list(req->ctx, "reason_codes");
    for (i = 0; refusal_codes[i]; i++) {
        kc_tctx_t *item = kc_tlist_push(codes);
        kc_tctx_set(item, "value", refusal_codes[i]);
        kc_tctx_set(item, "name", kc_msg(req, apr_pstrcat(
                        req->r->pool, "reason.", refusal_codes[i], NULL)));
        kc_tctx_set_bool(item, "selected", !strcmp(code, refusal_codes[i]));
    }
    /* The version shown: each decision sends it back (bait and switch). */
    kc_tctx_set(req->ctx, "version", version ? version : "");
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    return kc_render_page(req, status, "moderation/review",
                          kc_msg(req, "page.review.title"));
}

int kc_page_mod_review(kc_req_t *req, const kc_route_match_t *m)
{
    int rc;
    kc_session_t *s = reviewer(req, m->id, &rc);
    return s ? review_page(req, s, m->id, HTTP_OK, NULL) : rc;
}

static const char *back_to_queue(void)
{
    return "/moderation";
}

/* The version field of a decision: digits, or "" (NULL in SQL: unknown,
 * which counts as changed). */
static const char *version_arg(kc_req_t *req, apr_table_t *form)
{
    const char *v = kc_form_text(req, form, "version");
    const char *c;
    for (c = v; *c; c++) {
        if (!apr_isdigit(*c)) {
            return "";
        }
    }
    return c - v > 9 ? "" : v;
}

/* Run a decision. 'changed': the author edited the contribution after this
 * review page was shown; nothing was decided, and the page is shown again
 * with what is current now (and its version), 409. */
static int decide(kc_req_t *req, kc_session_t *s, apr_int64_t id,
                  kc_query_id_t q, const char **args, const char *done)
{
    const char *result;
    apr_status_t rv = kc_store_action(&result, NULL, req->r, q, args);

    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "changed") == 0) {
        kc_tctx_set_bool(req->ctx, "changed", 1);
        return review_page(req, s, id, HTTP_CONFLICT, NULL);
    }
    return kc_action_answer(req, result, back_to_queue(), done);
}

int kc_page_mod_approve(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    kc_errors_t *e;
    const char *args[8];
    int rc;
    kc_session_t *s = reviewer(req, m->id, &rc);

    if (!s || own_work(req, s, m->id, &rc)) {
        return rc;
    }
    if ((rc = kc_form_read(req, &form)) != OK) {
        return kc_render_error(req, rc, req->bad_field);
    }
    e = kc_errors_make(req);
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    args[2] = kc_form_text(req, form, "title");
    args[3] = kc_form_text(req, form, "description");
    args[4] = kc_form_text(req, form, "language");
    args[5] = kc_form_int_array(req, form, "subjects");
    args[6] = kc_form_int_array(req, form, "levels");
    args[7] = version_arg(req, form);
    if (!*args[2]) kc_error_add(e, "title", "form.error.required", NULL);
    else if (kc_utf8_chars(args[2]) > 300) kc_error_add(e, "title", "form.error.too_long", "300");
    if (!*args[3]) kc_error_add(e, "description", "form.error.required", NULL);
    if (!*args[4]) kc_error_add(e, "language", "form.error.choice", NULL);
    if (!strcmp(args[5], "{}")) kc_error_add(e, "subjects", "form.error.required", NULL);
    if (!strcmp(args[6], "{}")) kc_error_add(e, "levels", "form.error.required", NULL);
    if (e->count) {
        return review_page(req, s, m->id, HTTP_BAD_REQUEST, form);
    }
    return decide(req, s, m->id, KC_Q_MOD_APPROVE, args, "approved");
}

int kc_page_mod_changes(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[4];
    int rc;
    kc_session_t *s = reviewer(req, m->id, &rc);

    if (!s || own_work(req, s, m->id, &rc)) {
        return rc;
    }
    if ((rc = kc_form_read(req, &form)) != OK) {
        return kc_render_error(req, rc, req->bad_field);
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    args[2] = kc_form_text(req, form, "reason");
    args[3] = version_arg(req, form);
    if (!*args[2] || kc_utf8_chars(args[2]) > 5000) {
        kc_error_add(kc_errors_make(req), "reason", "form.error.required",
                     NULL);
        kc_tctx_set_bool(req->ctx, "form_changes", 1);
        kc_tctx_set(req->ctx, "changes_reason", args[2]);
        return review_page(req, s, m->id, HTTP_BAD_REQUEST, NULL);
    }
    return decide(req, s, m->id, KC_Q_MOD_CHANGES, args, "changes");
}

int kc_page_mod_refuse(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    kc_errors_t *e;
    const char *args[5];
    int rc, i, known = 0;
    kc_session_t *s = reviewer(req, m->id, &rc);

    if (!s || own_work(req, s, m->id, &rc)) {
        return rc;
    }
    if ((rc = kc_form_read(req, &form)) != OK) {
        return kc_render_error(req, rc, req->bad_field);
    }
    e = kc_errors_make(req);
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    args[2] = kc_form_text(req, form, "reason_code");
    args[3] = kc_form_text(req, form, "reason");
    args[4] = version_arg(req, form);
    for (i = 0; refusal_codes[i]; i++) {
        known |= !strcmp(args[2], refusal_codes[i]);
    }
    if (!known) {
        kc_error_add(e, "reason_code", "form.error.choice", NULL);
    }
    if ((!strcmp(args[2], "other") && !*args[3])
        || kc_utf8_chars(args[3]) > 5000) {
        kc_error_add(e, "reason", "form.error.required", NULL);
    }
    if (e->count) {
        kc_tctx_set_bool(req->ctx, "form_refuse", 1);
        kc_tctx_set(req->ctx, "refuse_reason", args[3]);
        return review_page(req, s, m->id, HTTP_BAD_REQUEST, form);
    }
    return decide(req, s, m->id, KC_Q_MOD_REFUSE, args, "refused");
}

int kc_page_mod_report_close(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[3];
    int rc;
    kc_session_t *s = kc_need_role(req, "moderator", &rc);

    if (!s) {
        return rc;
    }
    if ((rc = kc_form_read(req, &form)) != OK) {
        return kc_render_error(req, rc, req->bad_field);
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    args[2] = kc_form_text(req, form, "outcome");
    if (strcmp(args[2], "dismissed") != 0 && strcmp(args[2], "acted") != 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "outcome");
    }
    return kc_run_action(req, KC_Q_REPORT_CLOSE, args, back_to_queue(), "closed");
}
