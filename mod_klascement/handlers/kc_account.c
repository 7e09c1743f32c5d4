/*
 * kc_account.c -- registration, login, logout, the terms page.
 */
#include "kc_page.h"
#include "../store/kc_store_members.h"
#include "../core/kc_escape.h"
#include "../core/kc_validate.h"

#include <apr_time.h>

/* ---- registration ---------------------------------------------------------- */

static int register_form(kc_req_t *req, int status, apr_table_t *form)
{
    kc_tctx_t *c = req->ctx;
    const char *country = kc_form_text(req, form, "country");
    const char *role = kc_form_text(req, form, "edu_role");

    kc_tctx_set(c, "first_name", kc_form_text(req, form, "first_name"));
    kc_tctx_set(c, "surname", kc_form_text(req, form, "surname"));
    kc_tctx_set(c, "email", kc_form_text(req, form, "email"));
    kc_tctx_set(c, "birthday", kc_form_text(req, form, "birthday"));
    kc_tctx_set_bool(c, "country_be", strcmp(country, "BE") == 0);
    kc_tctx_set_bool(c, "country_nl", strcmp(country, "NL") == 0);
    kc_tctx_set_bool(c, "edu_teacher", strcmp(role, "teacher") == 0);
    kc_tctx_set_bool(c, "edu_student_teacher",
                     strcmp(role, "student_teacher") == 0);
    kc_tctx_set_bool(c, "edu_other", strcmp(role, "other") == 0);
    kc_tctx_set_bool(c, "declare_age", kc_form_ticked(form, "declare_age"));
    kc_tctx_set_bool(c, "declare_not_pupil",
                     kc_form_ticked(form, "declare_not_pupil"));
    kc_tctx_set_bool(c, "accept_terms", kc_form_ticked(form, "accept_terms"));
    kc_tctx_set(c, "birthday_max", kc_today(req));
    kc_tctx_set(c, "csrf", kc_csrf_token(req));
    apr_table_setn(req->r->headers_out, "Cache-Control", "private, no-store");
    return kc_render_page(req, status, "account/register",
                          kc_msg(req, "page.register.title"));
}

int kc_page_register_form(kc_req_t *req, const kc_route_match_t *m)
{
    if (kc_session(req->r, NULL)) {
        return kc_redirect(req, "/me");
    }
    return register_form(req, HTTP_OK, NULL);
}

static void check_name(kc_errors_t *e, const char *field, const char *v)
{
    if (!*v) {
        kc_error_add(e, field, "form.error.required", NULL);
    }
    else if (kc_utf8_chars(v) > 100) {
        kc_error_add(e, field, "form.error.too_long", "100");
    }
}


/* The refusals of the registration form, each naming its field. */
static void check_registration(kc_errors_t *e, kc_req_t *req,
                               apr_table_t *form)
{
    const char *email = kc_form_text(req, form, "email");
    const char *country = kc_form_text(req, form, "country");
    const char *role = kc_form_text(req, form, "edu_role");
    const char *birthday = kc_form_text(req, form, "birthday");
    const char *pw = apr_table_get(form, "password");
    int y, mo, d, this_year = atoi(kc_today(req));

    check_name(e, "first_name", kc_form_text(req, form, "first_name"));
    check_name(e, "surname", kc_form_text(req, form, "surname"));
    if (!*email) {
        kc_error_add(e, "email", "form.error.required", NULL);
    }
    else if (!kc_valid_email(email)) {
        kc_error_add(e, "email", "form.error.email", NULL);
    }
    kc_check_new_password(e, req, pw ? pw : "",
                        apr_table_get(form, "password2")
                        ? apr_table_get(form, "password2") : "");
    if (strcmp(country, "BE") != 0 && strcmp(country, "NL") != 0) {
        kc_error_add(e, "country", "form.error.choice", NULL);
    }
    if (!kc_parse_date(birthday, &y, &mo, &d)
        || strcmp(birthday, kc_today(req)) > 0) {
        kc_error_add(e, "birthday", "form.error.date", NULL);
    }
    else if (y > this_year - 18) {
        kc_error_add(e, "birthday", "form.error.age", NULL);
    }
    if (!kc_form_ticked(form, "declare_age")) {
        kc_error_add(e, "declare_age", "form.error.required", NULL);
    }
    if (!kc_form_ticked(form, "declare_not_pupil")) {
        kc_error_add(e, "declare_not_pupil", "form.error.required", NULL);
    }
    if (!kc_form_ticked(form, "accept_terms")) {
        kc_error_add(e, "accept_terms", "form.error.required", NULL);
    }
    if (strcmp(role, "teacher") != 0 && strcmp(role, "student_teacher") != 0
        && strcmp(role, "other") != 0) {
        kc_error_add(e, "edu_role", "form.error.choice", NULL);
    }
}

int kc_page_register(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    kc_errors_t *e;
    kc_registration_t reg;
    apr_int64_t id;
    apr_status_t rv;
    const char *result;
    int rc = kc_form_read(req, &form);

    if (rc != OK) {
        return kc_render_error(req, rc, req->bad_field);
    }
    e = kc_errors_make(req);
    check_registration(e, req, form);
    if (e->count) {
        return register_form(req, HTTP_BAD_REQUEST, form);
    }
    reg.email = kc_form_text(req, form, "email");
    reg.first_name = kc_form_text(req, form, "first_name");
    reg.surname = kc_form_text(req, form, "surname");
    reg.country = kc_form_text(req, form, "country");
    reg.birthday = kc_form_text(req, form, "birthday");
    reg.edu_role = kc_form_text(req, form, "edu_role");
    reg.lang = req->lang;
    if ((rv = kc_password_hash(&reg.password_hash, req,
                               apr_table_get(form, "password")))
        != APR_SUCCESS) {
        return kc_render_error(req, HTTP_INTERNAL_SERVER_ERROR, NULL);
    }
    rv = kc_store_member_register(&id, req->r, &reg);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (id < 0) {
        kc_error_add(e, "email", "form.error.email_taken", NULL);
        return register_form(req, HTTP_CONFLICT, form);
    }
    /* The member is in; a failure to queue the confirmation only means
     * pressing "send the link again" later (logged where it happened). */
    kc_confirm_mail_send(&result, req, id, reg.first_name, 0);
    if (kc_session_start(req, id) != APR_SUCCESS) {
        return kc_render_error(req, HTTP_SERVICE_UNAVAILABLE, NULL);
    }
    return kc_redirect(req, apr_psprintf(req->r->pool,
                                         "/members/%" APR_INT64_T_FMT
                                         "?done=registered", id));
}

/* ---- login ------------------------------------------------------------------ */

static const char *safe_next(const char *next)
{
    return next && kc_is_local_path(next) ? next : "/";
}

static int login_form(kc_req_t *req, int status, const char *email,
                      const char *next)
{
    kc_tctx_set(req->ctx, "email", email ? email : "");
    kc_tctx_set(req->ctx, "next", safe_next(next));
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    apr_table_setn(req->r->headers_out, "Cache-Control", "private, no-store");
    return kc_render_page(req, status, "account/login",
                          kc_msg(req, "page.login.title"));
}

int kc_page_login_form(kc_req_t *req, const kc_route_match_t *m)
{
    return login_form(req, HTTP_OK, NULL, kc_arg(req, "next"));
}

static int login_refused(kc_req_t *req, int status, const char *flag,
                         const char *key, const char *email,
                         const char *next)
{
    /* Throttled and suspended have their own notice in the template; a
     * wrong password is an error on the form. */
    if (flag) {
        kc_tctx_set_bool(req->ctx, flag, 1);
        kc_tctx_set(req->ctx, "message", kc_msg(req, key));
    }
    else {
        kc_error_add(kc_errors_make(req), "email", key, NULL);
    }
    return login_form(req, status, email, next);
}

int kc_page_login(kc_req_t *req, const kc_route_match_t *m)
{
    request_rec *r = req->r;
    apr_table_t *form;
    kc_login_member_t *mem = NULL;
    const char *email, *next, *pw;
    apr_int64_t attempt;
    int rc = kc_form_read(req, &form);
    apr_status_t rv;

    if (rc != OK) {
        return kc_render_error(req, rc, req->bad_field);
    }
    email = kc_form_text(req, form, "email");
    next = apr_table_get(form, "next");
    pw = apr_table_get(form, "password");
    pw = pw ? pw : "";
    /* Counted before bcrypt runs, by the statement that decides. */
    kc_store_login_attempt(&attempt, r, email, 0, r->useragent_ip,
                           kc_config_login_throttle_ip(req->conf));
    if (!attempt) {
        return login_refused(req, HTTP_TOO_MANY_REQUESTS, "throttled",
                             "login.error.throttled", email, next);
    }
    rv = kc_store_login_member(&mem, r, email);
    if (rv != APR_SUCCESS && rv != APR_NOTFOUND) {
        return kc_render_store_error(req, rv);
    }
    /* Unknown e-mail: check a dummy hash so the answer takes as long. The
     * attempt stays counted as a failure. */
    if (!kc_password_matches(pw, mem ? mem->password_hash
                                     : req->conf->dummy_hash) || !mem) {
        return login_refused(req, HTTP_BAD_REQUEST, NULL, "login.error.wrong",
                             email, next);
    }
    kc_store_login_cleared(r, attempt);
    if (mem->banned) {
        kc_tctx_set(req->ctx, "until", mem->banned_until);
        kc_tctx_set(req->ctx, "suspended_until",
                    mem->ban_permanent ? "" : mem->banned_until);
        kc_tctx_set_bool(req->ctx, "suspended_permanent", mem->ban_permanent);
        return login_refused(req, HTTP_FORBIDDEN, "suspended",
                             mem->ban_permanent
                             ? "login.error.suspended_permanent"
                             : "login.error.suspended", email, next);
    }
    if (kc_session_start(req, mem->id) != APR_SUCCESS) {
        return kc_render_error(req, HTTP_SERVICE_UNAVAILABLE, NULL);
    }
    return kc_redirect(req, safe_next(next));
}

int kc_page_logout(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    int rc = kc_form_read(req, &form);

    if (rc != OK) {
        return kc_render_error(req, rc, req->bad_field);
    }
    kc_session_end(req);
    return kc_redirect(req, "/");
}

int kc_page_logout_all(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    kc_session_t *s = kc_session(req->r, NULL);
    apr_status_t rv;
    int rc;

    if (!s) {
        return kc_redirect(req, "/login");
    }
    rc = kc_form_read(req, &form);
    if (rc != OK) {
        return kc_render_error(req, rc, req->bad_field);
    }
    rv = kc_store_session_delete_member(req->r, s->member_id);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_session_clear_cookie(req);
    return kc_redirect(req, "/login");
}

int kc_page_terms(kc_req_t *req, const kc_route_match_t *m)
{
    return kc_render_page(req, HTTP_OK, "account/terms",
                          kc_msg(req, "page.terms.title"));
}
