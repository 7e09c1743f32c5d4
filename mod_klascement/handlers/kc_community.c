/*
 * kc_community.c -- on records: reactions, star scores, favourites,
 * recommending by mail; the shared anti-spam checks.
 */
#include "kc_community.h"
#include "kc_staff.h"
#include "kc_search.h"
#include "../http/kc_forms.h"
#include "../http/kc_session.h"
#include "../store/kc_store_community.h"
#include "../store/kc_store_records.h"
#include "../core/kc_normalise.h"
#include "../core/kc_validate.h"

#include <apr_encode.h>
#include <apr_thread_proc.h>

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

void kc_pager_ctx(kc_req_t *req, apr_int64_t page, apr_int64_t total,
                  int size, const char *base)
{
    apr_int64_t pages = (total + size - 1) / size;
    const char *sep = strchr(base, '?') ? "&" : "?";

    pages = pages ? pages : 1;
    kc_tctx_set_int(req->ctx, "page", page);
    kc_tctx_set_int(req->ctx, "pages", pages);
    kc_tctx_set_bool(req->ctx, "has_prev", page > 1);
    kc_tctx_set(req->ctx, "prev_url", apr_psprintf(req->r->pool, "%s%spage=%"
                                                   APR_INT64_T_FMT, base, sep,
                                                   page - 1));
    kc_tctx_set_bool(req->ctx, "has_next", page < pages);
    kc_tctx_set(req->ctx, "next_url", apr_psprintf(req->r->pool, "%s%spage=%"
                                                   APR_INT64_T_FMT, base, sep,
                                                   page + 1));
}

/* ---- the detail page's community parts ------------------------------------------- */

apr_status_t kc_record_community_ctx(kc_req_t *req, const kc_record_detail_t *d,
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

/* RFC 2047 encoded-word, so a subject in any language (and no CR/LF)
 * travels in a header. */
static const char *mime_header(apr_pool_t *p, const char *text)
{
    return apr_pstrcat(p, "=?UTF-8?B?", apr_pencode_base64(p, text,
                                                            APR_ENCODE_STRING,
                                                            APR_ENCODE_NONE,
                                                            NULL), "?=",
                       NULL);
}

static apr_status_t pipe_mail(kc_req_t *req, const kc_mail_t *mail,
                              const char **error)
{
    apr_pool_t *p = req->r->pool;
    char **argv;
    apr_procattr_t *attr;
    apr_proc_t proc;
    apr_exit_why_e why;
    int code;
    const char *from = apr_pstrcat(p, "KlasCement <noreply@",
                                   req->r->server->server_hostname
                                   ? req->r->server->server_hostname
                                   : "localhost", ">", NULL);
    const char *msg = apr_pstrcat(p, "To: ", mail->to, "\n", "From: ", from,
                                  "\n", "Subject: ",
                                  mime_header(p, mail->subject), "\n",
                                  "MIME-Version: 1.0\n",
                                  "Content-Type: text/plain; charset=UTF-8\n",
                                  "Content-Transfer-Encoding: 8bit\n\n",
                                  mail->body, "\n", NULL);
    apr_status_t rv = apr_tokenize_to_argv(req->conf->sendmail, &argv, p);

    if (rv == APR_SUCCESS) rv = apr_procattr_create(&attr, p);
    if (rv == APR_SUCCESS) rv = apr_procattr_io_set(attr, APR_FULL_BLOCK, APR_NO_PIPE, APR_NO_PIPE);
    if (rv == APR_SUCCESS) rv = apr_procattr_cmdtype_set(attr, APR_PROGRAM);
    if (rv == APR_SUCCESS) rv = apr_proc_create(&proc, argv[0], (const char *const *)argv, NULL, attr, p);
    if (rv != APR_SUCCESS) {
        *error = "cannot start the sendmail command";
        return rv;
    }
    rv = apr_file_write_full(proc.in, msg, strlen(msg), NULL);
    apr_file_close(proc.in);
    apr_proc_wait(&proc, &code, &why, APR_WAIT);
    if (rv != APR_SUCCESS || why != APR_PROC_EXIT || code != 0) {
        *error = apr_psprintf(p, "sendmail exited with status %d", code);
        return APR_EGENERAL;
    }
    *error = NULL;
    return APR_SUCCESS;
}

void kc_outbox_deliver(kc_req_t *req)
{
    apr_array_header_t *mails;
    int i;

    if (!req->conf->sendmail) {
        return;                 /* mail waits in the outbox */
    }
    if (kc_store_outbox_claim(&mails, req->r, 5) != APR_SUCCESS) {
        return;
    }
    for (i = 0; i < mails->nelts; i++) {
        const kc_mail_t *mail = &APR_ARRAY_IDX(mails, i, kc_mail_t);
        const char *error = NULL;
        if (pipe_mail(req, mail, &error) != APR_SUCCESS) {
            ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, req->r, KC_LOGNO(0080)
                          "mail %" APR_INT64_T_FMT " not sent: %s", mail->id,
                          error);
        }
        kc_store_outbox_done(req->r, mail->id, error);
    }
}

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
    if ((rc = kc_community_refusal(req, e, result, "email"))) {
        return topic ? kc_render_error(req, rc, NULL) : refused(req, id, rc);
    }
    kc_outbox_deliver(req);
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
