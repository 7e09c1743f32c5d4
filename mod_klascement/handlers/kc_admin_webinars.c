/*
 * kc_admin_webinars.c -- /admin/webinars: the team announces webinars
 * (title, description, presenter and, when the presenter is a member,
 * their member number, start in Europe/Brussels, duration, capacity, the
 * video meeting's address, subjects, levels) and adds the recording once
 * it is over, or cancel it (those signed up are told by mail). One audited
 * SQL function each (kc_webinar_save, kc_webinar_withdraw).
 */
#include "kc_page.h"
#include "kc_webinars.h"
#include "../core/kc_validate.h"

#include <apr_lib.h>
#include <apr_strings.h>

/* "YYYY-MM-DDTHH:MM" (a datetime-local input) or "YYYY-MM-DD HH:MM" as
 * "YYYY-MM-DD HH:MM", or NULL. */
static const char *local_time(kc_req_t *req, const char *s)
{
    int y, mo, d;
    char day[11];

    if (strlen(s) != 16 || (s[10] != 'T' && s[10] != ' ')) {
        return NULL;
    }
    apr_cpystrn(day, s, sizeof(day));
    if (!kc_parse_date(day, &y, &mo, &d) || !apr_isdigit(s[11])
        || !apr_isdigit(s[12]) || s[13] != ':' || !apr_isdigit(s[14])
        || !apr_isdigit(s[15]) || atoi(s + 11) > 23 || atoi(s + 14) > 59) {
        return NULL;
    }
    return apr_pstrcat(req->r->pool, day, " ", s + 11, NULL);
}

static int valid_int(const char *s, long lo, long hi)
{
    char *end;
    long v;
    if (!*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 9) {
        return 0;
    }
    v = strtol(s, &end, 10);
    return *end == '\0' && v >= lo && v <= hi;
}

/* An http(s) address without spaces or controls, at most 2000 octets. */
static int valid_url(const char *s)
{
    const char *p;
    if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0) {
        return 0;
    }
    for (p = s; *p; p++) {
        if ((unsigned char)*p <= 0x20 || *p == 0x7f) {
            return 0;
        }
    }
    return strlen(s) > 8 && strlen(s) <= 2000;
}

/* The form's subjects and levels, the webinar's ones (a "1,2" list)
 * checked. */
static apr_status_t form_ctx(kc_req_t *req, const char *subject_ids,
                             const char *level_ids)
{
    apr_array_header_t *subjects, *levels;
    apr_status_t rv = kc_store_member_taxonomy(&subjects, &levels, req->r, 0,
                                               req->labels);
    if (rv == APR_SUCCESS) {
        kc_ctx_choices(req, "subject_choices", subjects, subject_ids);
        kc_ctx_choices(req, "level_choices", levels, level_ids);
        kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    }
    return rv;
}

/* GET /admin/webinars: every webinar, and the form for a new one. */
int kc_page_admin_webinars(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *list;
    kc_tlist_t *out;
    int rc, i;
    apr_status_t rv;
    kc_session_t *s = kc_need_role(req, "admin", &rc);

    if (!s) {
        return rc;
    }
    rv = kc_store_webinars_list(&list, req->r, req->labels, s->member_id,
                                "admin");
    if (rv == APR_SUCCESS) {
        rv = form_ctx(req, "", "");
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    out = kc_tctx_list(req->ctx, "webinars");
    for (i = 0; i < list->nelts; i++) {
        kc_webinar_to_ctx(req, kc_tlist_push(out),
                          &APR_ARRAY_IDX(list, i, kc_webinar_t));
    }
    {
        kc_tctx_t *blank = kc_tctx_child(req->ctx, "blank");
        kc_tctx_set(blank, "duration", "60");
        kc_tctx_set(blank, "capacity", "100");
        kc_tctx_set(blank, "title", "");
    }
    return kc_render_page(req, HTTP_OK, "admin/webinars",
                          kc_msg(req, "page.admin_webinars.title"));
}

/* GET /admin/webinars/{id}: its form, filled in. */
int kc_page_admin_webinar(kc_req_t *req, const kc_route_match_t *m)
{
    kc_webinar_t *w;
    int rc;
    apr_status_t rv;
    kc_session_t *s = kc_need_role(req, "admin", &rc);

    if (!s) {
        return rc;
    }
    rv = kc_store_webinar_get(&w, req->r, req->labels, s->member_id, m->id);
    if (rv == APR_NOTFOUND) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv == APR_SUCCESS) {
        rv = form_ctx(req, w->subject_ids, w->level_ids);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_webinar_to_ctx(req, kc_tctx_child(req->ctx, "webinar"), w);
    kc_tctx_set(req->ctx, "done", kc_arg(req, "done"));
    return kc_render_page(req, HTTP_OK, "admin/webinar", w->title);
}

/* POST /admin/webinars and /admin/webinars/{id}: title, description,
 * presenter, presenter_member (a member number, optional), starts
 * (Brussels), duration (minutes), capacity, meeting_url, recording_url
 * (optional), subjects, levels. */
static int webinar_save(kc_req_t *req, apr_int64_t id)
{
    apr_table_t *form;
    const char *a[13], *result;
    apr_int64_t new_id = 0;
    int rc;
    apr_status_t rv;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);

#define FIELD(name) kc_trim(req->r->pool, kc_form_text(req, form, name))
    if (!s) {
        return rc;
    }
    a[0] = kc_i64(req, s->member_id);
    a[1] = id ? kc_i64(req, id) : "";
    a[2] = FIELD("title");
    a[3] = FIELD("description");
    a[4] = FIELD("presenter");
    a[5] = FIELD("presenter_member");
    a[6] = local_time(req, FIELD("starts"));
    a[7] = FIELD("duration");
    a[8] = FIELD("capacity");
    a[9] = FIELD("meeting_url");
    a[10] = FIELD("recording_url");
    a[11] = kc_form_int_array(req, form, "subjects");
    a[12] = kc_form_int_array(req, form, "levels");
#undef FIELD
    if (!*a[2] || kc_utf8_chars(a[2]) > 200) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "title");
    }
    if (kc_utf8_chars(a[3]) > 10000) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "description");
    }
    if (!*a[4] || kc_utf8_chars(a[4]) > 200) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "presenter");
    }
    if (*a[5] && !valid_int(a[5], 1, 999999999)) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "presenter_member");
    }
    if (!a[6]) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "starts");
    }
    if (!valid_int(a[7], 5, 600)) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "duration");
    }
    if (!valid_int(a[8], 1, 100000)) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "capacity");
    }
    if (!valid_url(a[9])) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "meeting_url");
    }
    if (*a[10] && !valid_url(a[10])) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "recording_url");
    }
    rv = kc_store_action(&result, &new_id, req->r, KC_Q_WEBINAR_SAVE, a);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "presenter") == 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "presenter_member");
    }
    if (strcmp(result, "capacity") == 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "capacity");
    }
    if (strcmp(result, "invalid") == 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, NULL);
    }
    if (strcmp(result, "ok") != 0) {
        return kc_action_answer(req, result, "/admin/webinars", "saved");
    }
    return kc_redirect(req, apr_psprintf(req->r->pool, "/admin/webinars/%"
                                         APR_INT64_T_FMT "?done=%s", new_id,
                                         id ? "saved" : "created"));
}

int kc_page_admin_webinar_create(kc_req_t *req, const kc_route_match_t *m)
{
    return webinar_save(req, 0);
}

int kc_page_admin_webinar_save(kc_req_t *req, const kc_route_match_t *m)
{
    return webinar_save(req, m->id);
}

/* POST /admin/webinars/{id}/cancel */
int kc_page_admin_webinar_cancel(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[3], *result;
    int rc;
    apr_status_t rv;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);

    if (!s) {
        return rc;
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    args[2] = req->conf->base_url ? req->conf->base_url : "";
    rv = kc_store_action(&result, NULL, req->r, KC_Q_WEBINAR_WITHDRAW, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "past") == 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, NULL);
    }
    return kc_action_answer(req, result, "/admin/webinars", "cancelled");
}
