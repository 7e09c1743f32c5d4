/*
 * kc_webinars.c -- /webinars: the coming webinars and the recordings of
 * past ones; /webinars/{id}: a webinar (sign up with a question for the
 * presenter, cancel, the meeting's address for those signed up; once it is
 * over a record-like page with its recording); /webinars/{id}/questions for
 * the presenter (when a member) and admins; /webinars/{id}.ics for the
 * calendar app. The team announces them on /admin/webinars
 * (kc_admin_webinars.c); the reminders job mails the day before.
 *
 * The meeting's address is in a page only when the statement gave it (the
 * viewer signed up, presents, or is an admin), and such a page is private:
 * a visitor's copy (the page cache) never has it.
 */
#include "kc_page.h"
#include "kc_webinars.h"
#include "../store/kc_store_webinars.h"
#include "../core/kc_ical.h"
#include "../core/kc_validate.h"

#include <apr_strings.h>
#include <http_core.h>

void kc_webinar_to_ctx(kc_req_t *req, kc_tctx_t *c, const kc_webinar_t *w)
{
    kc_tctx_set(c, "id", kc_i64(req, w->id));
    kc_tctx_setf(c, "url", "/webinars/%" APR_INT64_T_FMT, w->id);
    kc_tctx_setf(c, "ics_url", "/webinars/%" APR_INT64_T_FMT ".ics", w->id);
    kc_tctx_set(c, "title", w->title);
    kc_tctx_set(c, "description", w->description);
    kc_tctx_set(c, "presenter_name", w->presenter_name);
    kc_tctx_set(c, "presenter_id", w->presenter_id
                                   ? kc_i64(req, w->presenter_id) : "");
    kc_tctx_set(c, "starts", w->starts);
    kc_tctx_set(c, "starts_input", w->starts_input);
    kc_tctx_set_int(c, "duration", w->duration);
    kc_tctx_set_int(c, "capacity", w->capacity);
    kc_tctx_set_int(c, "signups", w->signups);
    kc_tctx_set_int(c, "places_left", w->places_left);
    kc_tctx_set_bool(c, "full", w->places_left <= 0);
    kc_tctx_set_bool(c, "started", w->started);
    kc_tctx_set_bool(c, "over", w->over);
    kc_tctx_set_bool(c, "cancelled", w->cancelled);
    kc_tctx_set(c, "cancelled_on", w->cancelled_on);
    kc_tctx_set_bool(c, "open", !w->started && w->places_left > 0);
    kc_tctx_set(c, "meeting_url", w->meeting_url);
    kc_tctx_set(c, "recording_url", w->recording_url);
    kc_tctx_set_bool(c, "signed_up", w->signed_up);
    kc_tctx_set(c, "my_question", w->my_question);
    kc_tctx_set_bool(c, "sees_questions", w->sees_questions);
    kc_tctx_set(c, "subjects", w->subjects);
    kc_tctx_set(c, "levels", w->levels);
}

static void list_ctx(kc_req_t *req, const char *key,
                     const apr_array_header_t *list)
{
    kc_tlist_t *out = kc_tctx_list(req->ctx, key);
    int i;
    for (i = 0; i < list->nelts; i++) {
        kc_webinar_to_ctx(req, kc_tlist_push(out),
                          &APR_ARRAY_IDX(list, i, kc_webinar_t));
    }
}

/* The member asking (0 for a visitor); -1 after a database failure. */
static apr_int64_t viewer_of(kc_req_t *req)
{
    int db_error = 0;
    kc_session_t *s = kc_session(req->r, &db_error);
    return db_error ? -1 : s ? s->member_id : 0;
}

/* GET /webinars */
int kc_page_webinars(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *coming, *past;
    apr_int64_t viewer;
    apr_status_t rv;

    if (kc_microcache_visitor(req, "webinars") == OK) {
        return OK;
    }
    if ((viewer = viewer_of(req)) < 0) {
        return kc_render_error(req, HTTP_SERVICE_UNAVAILABLE, NULL);
    }
    rv = kc_store_webinars_list(&coming, req->r, req->labels, viewer,
                                "coming");
    if (rv == APR_SUCCESS) {
        rv = kc_store_webinars_list(&past, req->r, req->labels, viewer,
                                    "past");
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    list_ctx(req, "coming", coming);
    list_ctx(req, "past", past);
    if (viewer) {
        apr_table_setn(req->r->headers_out, "Cache-Control",
                       "private, no-store");
    }
    return kc_render_page(req, HTTP_OK, "webinars/index",
                          kc_msg(req, "page.webinars.title"));
}

/* GET /webinars/{id}: done = signed_up | cancelled | already | full | past */
int kc_page_webinar(kc_req_t *req, const kc_route_match_t *m)
{
    kc_webinar_t *w;
    apr_int64_t viewer;
    const char *done = kc_arg(req, "done");
    apr_status_t rv;

    if (kc_microcache_visitor(req, apr_psprintf(req->r->pool, "webinar:%"
                                                APR_INT64_T_FMT, m->id))
        == OK) {
        return OK;
    }
    if ((viewer = viewer_of(req)) < 0) {
        return kc_render_error(req, HTTP_SERVICE_UNAVAILABLE, NULL);
    }
    rv = kc_store_webinar_get(&w, req->r, req->labels, viewer, m->id);
    if (rv == APR_NOTFOUND) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_webinar_to_ctx(req, kc_tctx_child(req->ctx, "webinar"), w);
    kc_tctx_set_bool(req->ctx, "member", viewer > 0);
    kc_tctx_setf(req->ctx, "login_url", "/login?next=/webinars/%"
                 APR_INT64_T_FMT, w->id);
    if (done && *done) {
        kc_tctx_set_bool(req->ctx, apr_pstrcat(req->r->pool, "done_", done,
                                               NULL), 1);
    }
    if (viewer) {
        kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
        apr_table_setn(req->r->headers_out, "Cache-Control",
                       "private, no-store");
    }
    return kc_render_page(req, HTTP_OK, "webinars/show", w->title);
}

/* An answer of kc_webinar_signup/kc_webinar_cancel as the way back. */
static int signup_answer(kc_req_t *req, apr_int64_t id, kc_query_id_t q,
                         const char **args, const char *done)
{
    const char *result;
    apr_status_t rv = kc_store_action(&result, NULL, req->r, q, args);

    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "invalid") == 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "question");
    }
    if (strcmp(result, "notfound") == 0) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (strcmp(result, "ok") != 0 && strcmp(result, "already") != 0
        && strcmp(result, "full") != 0 && strcmp(result, "past") != 0) {
        return kc_render_error(req, HTTP_INTERNAL_SERVER_ERROR, NULL);
    }
    return kc_redirect(req, apr_psprintf(req->r->pool, "/webinars/%"
                                         APR_INT64_T_FMT "?done=%s", id,
                                         strcmp(result, "ok") ? result
                                                              : done));
}

/* POST /webinars/{id}/signup: question (optional, for the presenter).
 * Signed up already: the question is updated. */
int kc_page_webinar_signup(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[3];
    int rc;
    kc_session_t *s = kc_role_post(req, NULL, &form, &rc);

    if (!s) {
        return rc;
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    args[2] = kc_trim(req->r->pool, kc_form_text(req, form, "question"));
    if (kc_utf8_chars(args[2]) > 2000) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "question");
    }
    return signup_answer(req, m->id, KC_Q_WEBINAR_SIGNUP, args, "signed_up");
}

/* POST /webinars/{id}/cancel */
int kc_page_webinar_cancel(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[2];
    int rc;
    kc_session_t *s = kc_role_post(req, NULL, &form, &rc);

    if (!s) {
        return rc;
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    return signup_answer(req, m->id, KC_Q_WEBINAR_CANCEL, args, "cancelled");
}

/* GET /webinars/{id}/questions: the sign-ups and their questions, for the
 * presenter (a member) and admins; 403 for anyone else. */
int kc_page_webinar_questions(kc_req_t *req, const kc_route_match_t *m)
{
    kc_webinar_t *w;
    apr_array_header_t *signups;
    kc_tlist_t *list;
    int rc, i, asked = 0;
    apr_status_t rv;
    kc_session_t *s = kc_need_member(req, &rc);

    if (!s) {
        return rc;
    }
    rv = kc_store_webinar_get(&w, req->r, req->labels, s->member_id, m->id);
    if (rv == APR_NOTFOUND) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (!w->sees_questions) {
        return kc_render_error(req, HTTP_FORBIDDEN, NULL);
    }
    if ((rv = kc_store_webinar_signups(&signups, req->r, w->id))
        != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_webinar_to_ctx(req, kc_tctx_child(req->ctx, "webinar"), w);
    list = kc_tctx_list(req->ctx, "signups");
    for (i = 0; i < signups->nelts; i++) {
        const kc_webinar_signup_t *x = &APR_ARRAY_IDX(signups, i,
                                                      kc_webinar_signup_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "name", x->name);
        kc_tctx_set(item, "question", x->question);
        kc_tctx_set(item, "signed_up", x->signed_up);
        asked += *x->question != '\0';
    }
    kc_tctx_set_int(req->ctx, "asked", asked);
    apr_table_setn(req->r->headers_out, "Cache-Control", "private, no-store");
    return kc_render_page(req, HTTP_OK, "webinars/questions", w->title);
}

/* GET /webinars/{id}.ics: one VEVENT. The meeting's address (LOCATION)
 * only for those who may see it; then the answer is private. */
int kc_page_webinar_ics(kc_req_t *req, const kc_route_match_t *m)
{
    request_rec *r = req->r;
    kc_webinar_t *w;
    kc_ical_t *c = kc_ical_make(r->pool);
    const char *page, *body, *host = r->server->server_hostname;
    apr_size_t len;
    apr_int64_t viewer = viewer_of(req);
    apr_status_t rv;

    if (viewer < 0) {
        return kc_render_error(req, HTTP_SERVICE_UNAVAILABLE, NULL);
    }
    rv = kc_store_webinar_get(&w, r, req->labels, viewer, m->id);
    if (rv == APR_NOTFOUND) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    page = apr_psprintf(r->pool, "%s/webinars/%" APR_INT64_T_FMT,
                        kc_site_url(req), w->id);
    kc_ical_value(c, "BEGIN", "VCALENDAR");
    kc_ical_value(c, "VERSION", "2.0");
    kc_ical_value(c, "PRODID", "-//KlasCement//mod_klascement webinars//NL");
    kc_ical_value(c, "CALSCALE", "GREGORIAN");
    kc_ical_value(c, "METHOD", "PUBLISH");
    kc_ical_value(c, "BEGIN", "VEVENT");
    kc_ical_value(c, "UID", apr_psprintf(r->pool, "webinar-%" APR_INT64_T_FMT
                                         "@%s", w->id, host ? host
                                                            : "klascement"));
    kc_ical_value(c, "DTSTAMP", w->dtstamp);
    kc_ical_value(c, "DTSTART", w->dtstart);
    kc_ical_value(c, "DTEND", w->dtend);
    kc_ical_text(c, "SUMMARY", w->title);
    kc_ical_text(c, "DESCRIPTION", apr_pstrcat(r->pool, w->description,
                                               "\n\n", w->presenter_name,
                                               "\n", page, NULL));
    kc_ical_value(c, "URL", page);
    kc_ical_text(c, "LOCATION", w->meeting_url);
    kc_ical_value(c, "END", "VEVENT");
    kc_ical_value(c, "END", "VCALENDAR");
    if (kc_ical_finish(c, &body, &len) != APR_SUCCESS) {
        return kc_render_error(req, HTTP_INTERNAL_SERVER_ERROR, NULL);
    }
    r->status = HTTP_OK;
    ap_set_content_type(r, "text/calendar; charset=utf-8");
    ap_set_content_length(r, (apr_off_t)len);
    apr_table_setn(r->headers_out, "Content-Disposition", apr_psprintf(
                       r->pool, "attachment; filename=\"webinar-%"
                       APR_INT64_T_FMT ".ics\"", w->id));
    apr_table_setn(r->headers_out, "Cache-Control", w->meeting_url
                   ? "private, no-store" : "private, max-age=300");
    if (!r->header_only) {
        ap_rwrite(body, (int)len, r);
    }
    return OK;
}
