/*
 * kc_account_mail.c -- the account pages that work through a mailed link:
 * a forgotten password (/password/forgot, /password/reset/{token}) and the
 * confirmation of the address (/confirm/{token}, /confirm/resend).
 *
 * A link carries a token from kc_random_token (32 random bytes); the
 * database keeps only its hash, marks it used in the statement that acts
 * on it (so it works once, also for two requests at the same moment) and
 * queues the mail in the same function that stores the token.
 */
#include "kc_page.h"
#include "../core/kc_validate.h"

#define KC_TOKEN_BYTES 32

/* A new token and the mail around its link, in the page's language:
 * subject and body of mail.<what>.*, {{url}} the link, {{name}} `name`. */
static apr_status_t token_mail(kc_req_t *req, const char *what,
                               const char *path, const char *name,
                               const char **token, const char **subject,
                               const char **body)
{
    apr_pool_t *p = req->r->pool;
    kc_tctx_t *vars = kc_tctx_make(p);
    apr_status_t rv = kc_random_token(token, p, KC_TOKEN_BYTES);

    if (rv != APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, req->r, KC_LOGNO(0232)
                      "no random bytes for a mailed %s token", what);
        return rv;
    }
    kc_tctx_set(vars, "url", apr_pstrcat(p, req->conf->base_url
                                            ? req->conf->base_url : "",
                                         path, *token, NULL));
    kc_tctx_set(vars, "name", name ? name : "");
    *subject = kc_tmpl_msg(req->conf->templates, req->lang,
                           apr_pstrcat(p, "mail.", what, ".subject", NULL),
                           vars, p);
    *body = kc_tmpl_msg(req->conf->templates, req->lang,
                        apr_pstrcat(p, "mail.", what, ".body", NULL), vars, p);
    return APR_SUCCESS;
}

static void no_store(kc_req_t *req)
{
    apr_table_setn(req->r->headers_out, "Cache-Control", "private, no-store");
}

/* ---- confirming the address ------------------------------------------------- */

apr_status_t kc_confirm_mail_send(const char **result, kc_req_t *req,
                                  apr_int64_t member, const char *name,
                                  int resend)
{
    const char *args[6];
    apr_status_t rv = token_mail(req, "confirm", "/confirm/", name, &args[3],
                                 &args[4], &args[5]);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    args[0] = kc_i64(req, member);
    args[1] = req->r->useragent_ip;
    args[2] = resend ? "true" : "false";
    /* The mail job sends it (jobs/kc_job_mail.c). */
    return kc_store_action(result, NULL, req->r, KC_Q_CONFIRM_SEND, args);
}

int kc_render_unconfirmed(kc_req_t *req)
{
    kc_tctx_set(req->ctx, "status", "403");
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    no_store(req);
    return kc_render_page(req, HTTP_FORBIDDEN, "account/unconfirmed",
                          kc_msg(req, "page.unconfirmed.title"));
}

static int token_invalid(kc_req_t *req, int reset)
{
    kc_tctx_set_bool(req->ctx, "reset", reset);
    no_store(req);
    return kc_render_page(req, HTTP_NOT_FOUND, "account/token_invalid",
                          kc_msg(req, "page.token_invalid.title"));
}

/* GET: the link of the mail. No login needed: the token is the proof. */
int kc_page_confirm(kc_req_t *req, const kc_route_match_t *m)
{
    const char *args[1] = { m->tail }, *result;
    apr_int64_t member;
    apr_status_t rv = kc_store_action(&result, &member, req->r,
                                      KC_Q_CONFIRM_USE, args);

    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "ok") != 0) {
        return token_invalid(req, 0);
    }
    return kc_redirect(req, apr_psprintf(req->r->pool, "/members/%"
                                         APR_INT64_T_FMT "?done=email_confirmed",
                                         member));
}

int kc_page_confirm_resend(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *result;
    int rc;
    kc_session_t *s = kc_role_post(req, NULL, &form, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    rv = kc_confirm_mail_send(&result, req, s->member_id, s->name, 1);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "ratelimit") == 0) {
        return kc_render_error(req, HTTP_TOO_MANY_REQUESTS, NULL);
    }
    return kc_redirect(req, apr_psprintf(req->r->pool, "/members/%"
                                         APR_INT64_T_FMT "?done=%s",
                                         s->member_id,
                                         strcmp(result, "confirmed") == 0
                                         ? "confirm_already"
                                         : "confirm_sent"));
}

/* ---- a forgotten password ------------------------------------------------------ */

static int forgot_form(kc_req_t *req, int status, const char *email, int sent)
{
    kc_tctx_set(req->ctx, "email", email ? email : "");
    kc_tctx_set_bool(req->ctx, "sent", sent);
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    no_store(req);
    return kc_render_page(req, status, "account/forgot",
                          kc_msg(req, "page.forgot.title"));
}

int kc_page_password_forgot_form(kc_req_t *req, const kc_route_match_t *m)
{
    return forgot_form(req, HTTP_OK, NULL, 0);
}

/* The same answer whether or not the address is a member's, and the same
 * work: a token and a mail are made and handed to the database either way;
 * only the database knows whether it keeps them. */
int kc_page_password_forgot(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *email, *args[5], *result;
    apr_status_t rv;
    int rc = kc_form_read(req, &form);

    if (rc != OK) {
        return kc_render_error(req, rc, req->bad_field);
    }
    email = kc_form_text(req, form, "email");
    if (!kc_valid_email(email)) {
        kc_error_add(kc_errors_make(req), "email", *email
                     ? "form.error.email" : "form.error.required", NULL);
        return forgot_form(req, HTTP_BAD_REQUEST, email, 0);
    }
    rv = token_mail(req, "reset", "/password/reset/", NULL, &args[2],
                    &args[3], &args[4]);
    if (rv != APR_SUCCESS) {
        return kc_render_error(req, HTTP_SERVICE_UNAVAILABLE, NULL);
    }
    args[0] = email;
    args[1] = req->r->useragent_ip;
    rv = kc_store_action(&result, NULL, req->r, KC_Q_RESET_REQUEST, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "ratelimit") == 0) {
        return kc_render_error(req, HTTP_TOO_MANY_REQUESTS, NULL);
    }
    /* Whether or not a mail was queued, the answer takes the same path:
     * the mail job sends it later, outside this request. */
    return forgot_form(req, HTTP_OK, email, 1);
}

static int reset_form(kc_req_t *req, int status, const char *token)
{
    kc_tctx_set(req->ctx, "token", token);
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    no_store(req);
    return kc_render_page(req, status, "account/reset",
                          kc_msg(req, "page.reset.title"));
}

int kc_page_password_reset_form(kc_req_t *req, const kc_route_match_t *m)
{
    const char *args[2] = { m->tail, "reset" }, *result;
    apr_status_t rv = kc_store_action(&result, NULL, req->r, KC_Q_TOKEN_VALID,
                                      args);

    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    return strcmp(result, "ok") == 0 ? reset_form(req, HTTP_OK, m->tail)
                                     : token_invalid(req, 1);
}

int kc_page_password_reset(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    kc_errors_t *e;
    const char *pw, *pw2, *args[2], *result;
    apr_int64_t member;
    apr_status_t rv;
    int rc = kc_form_read(req, &form);

    if (rc != OK) {
        return kc_render_error(req, rc, req->bad_field);
    }
    pw = apr_table_get(form, "password");
    pw2 = apr_table_get(form, "password2");
    e = kc_errors_make(req);
    kc_check_new_password(e, req, pw ? pw : "", pw2 ? pw2 : "");
    if (e->count) {
        return reset_form(req, HTTP_BAD_REQUEST, m->tail);
    }
    args[0] = m->tail;
    if (kc_password_hash(&args[1], req, pw) != APR_SUCCESS) {
        return kc_render_error(req, HTTP_INTERNAL_SERVER_ERROR, NULL);
    }
    rv = kc_store_action(&result, &member, req->r, KC_Q_RESET_USE, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "banned") == 0) {
        return kc_render_error(req, HTTP_FORBIDDEN, NULL);
    }
    if (strcmp(result, "ok") != 0) {
        return token_invalid(req, 1);
    }
    if (kc_session_start(req, member) != APR_SUCCESS) {
        return kc_render_error(req, HTTP_SERVICE_UNAVAILABLE, NULL);
    }
    return kc_redirect(req, apr_psprintf(req->r->pool, "/members/%"
                                         APR_INT64_T_FMT "?done=password_reset",
                                         member));
}
