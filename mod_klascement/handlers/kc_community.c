/*
 * kc_community.c -- on records: reactions, star scores, favourites,
 * recommending by mail; the shared anti-spam checks.
 */
#include "kc_community.h"
#include "kc_search.h"
#include "../store/kc_store_community.h"
#include "../store/kc_store_records.h"
#include "../core/kc_normalise.h"
#include "../core/kc_validate.h"

/* ---- shared ------------------------------------------------------------------- */

int kc_check_post_text(kc_req_t *req, kc_session_t *s, kc_errors_t *e,
                       const char *field, const char *text, apr_size_t min,
                       apr_size_t max)
{
    apr_size_t n = kc_utf8_chars(text);
    int before = e->count;

    if (n == 0) {
        kc_error_add(e, field, "form.error.required", NULL);
    }
    else if (n < min) {
        kc_error_add(e, field, "form.error.too_short",
                     apr_psprintf(req->r->pool, "%" APR_SIZE_T_FMT, min));
    }
    else if (n > max) {
        kc_error_add(e, field, "form.error.too_long",
                     apr_psprintf(req->r->pool, "%" APR_SIZE_T_FMT, max));
    }
    /* New members may link once: spam accounts post links at once. */
    else if (s->age_days < kc_config_new_member_days(req->conf)
             && kc_count_links(text) > 1) {
        kc_error_add(e, field, "form.error.links", NULL);
    }
    return e->count - before;
}

int kc_community_refusal(kc_req_t *req, kc_errors_t *e, const char *result,
                         const char *field)
{
    if (!strcmp(result, "ok")) {
        return 0;
    }
    if (!strcmp(result, "duplicate")) {
        kc_error_add(e, field, "form.error.duplicate_text", NULL);
        return HTTP_CONFLICT;
    }
    if (!strcmp(result, "ratelimit")) {
        return HTTP_TOO_MANY_REQUESTS;
    }
    if (!strcmp(result, "notfound") || !strcmp(result, "category")) {
        return HTTP_NOT_FOUND;
    }
    return HTTP_FORBIDDEN;     /* unread, own, late, blocked, self... */
}

int kc_post_text(kc_req_t *req, kc_session_t *s, kc_query_id_t q,
                 apr_int64_t target, const char *body, apr_size_t max,
                 const char **result, apr_status_t *rv)
{
    kc_errors_t *e = kc_errors_make(req);
    const char *args[4];

    *result = "invalid";
    if (kc_check_post_text(req, s, e, "body", body, 1, max)) {
        return HTTP_BAD_REQUEST;
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, target);
    args[2] = body;
    args[3] = kc_normalise_hash(req->r->pool, body);
    *rv = kc_store_action(result, NULL, req->r, q, args);
    if (*rv != APR_SUCCESS) {
        return -1;
    }
    return kc_community_refusal(req, e, *result, "body");
}

/* ---- actions -------------------------------------------------------------------- */

static const char *back(kc_req_t *req, apr_int64_t record, const char *done,
                        const char *anchor)
{
    return apr_psprintf(req->r->pool, "/records/%" APR_INT64_T_FMT
                        "?done=%s%s", record, done, anchor ? anchor : "");
}

/* After a refusal: the detail page again (400/409) or an error page. */
static int refused(kc_req_t *req, apr_int64_t record, int status)
{
    if (status == HTTP_BAD_REQUEST || status == HTTP_CONFLICT) {
        return kc_record_page(req, record, status);
    }
    return kc_render_error(req, status, NULL);
}

int kc_page_reaction_add(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *body, *result;
    int rc;
    kc_session_t *s = kc_role_post(req, NULL, &form, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    body = kc_form_text(req, form, "body");
    kc_tctx_set(req->ctx, "reaction_body", body);
    rc = kc_post_text(req, s, KC_Q_REACTION_ADD, m->id, body, 5000, &result,
                      &rv);
    if (rc < 0) {
        return kc_render_store_error(req, rv);
    }
    if (rc) {
        return refused(req, m->id, rc);
    }
    return kc_redirect(req, back(req, m->id, "reacted", "#reactions"));
}

/* Edit or delete a reaction: the record to go back to comes from the
 * form's `record` field only for the redirect; the SQL checks ownership. */
static int reaction_change(kc_req_t *req, const kc_route_match_t *m,
                           int edit)
{
    apr_table_t *form;
    kc_errors_t *e;
    const char *body = "", *args[4], *result, *done;
    apr_int64_t record = 0;
    int rc;
    kc_session_t *s = kc_role_post(req, NULL, &form, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    e = kc_errors_make(req);
    record = kc_store_reaction_record(req->r, m->id);
    if (edit) {
        body = kc_form_text(req, form, "body");
        if (kc_check_post_text(req, s, e, "body", body, 1, 5000)) {
            return kc_render_error(req, HTTP_BAD_REQUEST, "body");
        }
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    args[2] = body;
    args[3] = kc_normalise_hash(req->r->pool, body);
    rv = kc_store_action(&result, NULL, req->r,
                         edit ? KC_Q_REACTION_EDIT : KC_Q_REACTION_DELETE,
                         args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    /* Someone else's reaction: it exists (we know its record) but the SQL
     * answers "notfound" for it; that is a refusal, not a missing page. */
    if (!strcmp(result, "notfound") && record) {
        result = "notyours";
    }
    if ((rc = kc_community_refusal(req, e, result, "body"))) {
        return kc_render_error(req, rc, rc == HTTP_CONFLICT ? "body" : NULL);
    }
    done = edit ? "reaction_edited" : "reaction_deleted";
    return kc_redirect(req, record ? back(req, record, done, "#reactions")
                                   : apr_pstrcat(req->r->pool, "/records?done=",
                                                 done, NULL));
}

int kc_page_reaction_edit(kc_req_t *req, const kc_route_match_t *m)
{
    return reaction_change(req, m, 1);
}

int kc_page_reaction_delete(kc_req_t *req, const kc_route_match_t *m)
{
    return reaction_change(req, m, 0);
}

int kc_page_rating(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    kc_errors_t *e;
    const char *stars, *expl, *args[4], *result;
    int rc;
    kc_session_t *s = kc_role_post(req, NULL, &form, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    e = kc_errors_make(req);
    stars = kc_form_text(req, form, "stars");
    expl = kc_form_text(req, form, "explanation");
    kc_tctx_set(req->ctx, "my_explanation", expl);
    if (strlen(stars) != 1 || stars[0] < '1' || stars[0] > '5') {
        kc_error_add(e, "stars", "form.error.choice", NULL);
    }
    if (kc_utf8_chars(expl) > 2000) {
        kc_error_add(e, "explanation", "form.error.too_long", "2000");
    }
    if (e->count) {
        return refused(req, m->id, HTTP_BAD_REQUEST);
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    args[2] = stars;
    args[3] = expl;
    rv = kc_store_action(&result, NULL, req->r, KC_Q_RATING_SET, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if ((rc = kc_community_refusal(req, e, result, "stars"))) {
        return refused(req, m->id, rc);
    }
    return kc_redirect(req, back(req, m->id, "rated", NULL));
}

int kc_page_favourite(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *action, *args[3], *result;
    int rc;
    kc_session_t *s = kc_role_post(req, NULL, &form, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    action = kc_form_text(req, form, "action");
    if (strcmp(action, "add") != 0 && strcmp(action, "remove") != 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "action");
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    args[2] = strcmp(action, "add") == 0 ? "true" : "false";
    rv = kc_store_action(&result, NULL, req->r, KC_Q_FAVOURITE_SET, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "ok") != 0) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    return kc_redirect(req, back(req, m->id, strcmp(action, "add") == 0
                                 ? "favourite_added" : "favourite_removed",
                                 NULL));
}

int kc_page_favourites(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *items;
    int rc;
    kc_session_t *s = kc_need_member(req, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    rv = kc_store_favourites(&items, req->r, req->labels, s->member_id);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_records_to_ctx(req, kc_tctx_list(req->ctx, "records"), items);
    kc_pager_ctx(req, 1, items->nelts, 500, "/me/favourites");
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    return kc_render_page(req, HTTP_OK, "me/favourites",
                          kc_msg(req, "page.favourites.title"));
}

/* ---- recommend by mail ------------------------------------------------------------ */

/* Recommend a record (topic = 0) or a forum question by mail. */
static int recommend(kc_req_t *req, apr_int64_t id, int topic)
{
    apr_table_t *form;
    kc_errors_t *e;
    kc_tctx_t *vars;
    kc_topic_full_t *t = NULL;
    const char *email, *message, *title, *args[5], *result, *path;
    int rc;
    kc_session_t *s = kc_role_post(req, NULL, &form, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    e = kc_errors_make(req);
    email = kc_form_text(req, form, "email");
    message = kc_form_text(req, form, "message");
    kc_tctx_set(req->ctx, "recommend_email", email);
    kc_tctx_set(req->ctx, "recommend_message", message);
    kc_tctx_set_bool(req->ctx, "recommend_open", 1);
    if (!kc_valid_email(email)) {
        kc_error_add(e, "email", "form.error.email", NULL);
    }
    if (kc_utf8_chars(message) > 1000) {
        kc_error_add(e, "message", "form.error.too_long", "1000");
    }
    if (topic) {
        title = kc_store_forum_topic(&t, req->r, req->lang, id) == APR_SUCCESS
                ? t->title : NULL;
    }
    else {
        title = kc_store_record_title(req->r, id);
    }
    if (!title) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (e->count) {
        return topic ? kc_render_error(req, HTTP_BAD_REQUEST,
                                       kc_valid_email(email) ? "message"
                                                             : "email")
                     : refused(req, id, HTTP_BAD_REQUEST);
    }
    path = apr_psprintf(req->r->pool, topic ? "/forum/topics/%" APR_INT64_T_FMT
                                            : "/records/%" APR_INT64_T_FMT, id);
    vars = kc_tctx_make(req->r->pool);
    kc_tctx_set(vars, "sender_name", s->name);
    kc_tctx_set(vars, "record_title", title);
    kc_tctx_set(vars, "record_url", apr_pstrcat(req->r->pool,
                                                req->conf->base_url
                                                ? req->conf->base_url : "",
                                                path, NULL));
    kc_tctx_set(vars, "message", message);
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, id);
    args[2] = email;
    args[3] = kc_tmpl_msg(req->conf->templates, req->lang,
                          "mail.recommend.subject", vars, req->r->pool);
    args[4] = kc_tmpl_msg(req->conf->templates, req->lang,
                          "mail.recommend.body", vars, req->r->pool);
    rv = kc_store_action(&result, NULL, req->r,
                         topic ? KC_Q_RECOMMEND_TOPIC : KC_Q_RECOMMEND, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "unconfirmed") == 0) {
        return kc_render_unconfirmed(req);
    }
    if ((rc = kc_community_refusal(req, e, result, "email"))) {
        return topic ? kc_render_error(req, rc, NULL) : refused(req, id, rc);
    }
    /* The mail job sends it (jobs/kc_job_mail.c): no forking here. */
    return kc_redirect(req, apr_pstrcat(req->r->pool, path,
                                        "?done=recommended", NULL));
}

int kc_page_recommend(kc_req_t *req, const kc_route_match_t *m)
{
    return recommend(req, m->id, 0);
}

int kc_page_recommend_topic(kc_req_t *req, const kc_route_match_t *m)
{
    return recommend(req, m->id, 1);
}
