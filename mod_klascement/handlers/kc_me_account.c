/*
 * kc_me_account.c -- password change, the points ledger, account deletion.
 */
#include "kc_page.h"
#include "../store/kc_store_members.h"

#define KC_LEDGER_PAGE 20

static int simple_form(kc_req_t *req, int status, const char *tmpl,
                       const char *title_key)
{
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    return kc_render_page(req, status, tmpl, kc_msg(req, title_key));
}

/* The member's current password, checked against the form field `field`,
 * throttled like a login (an open session must not allow unlimited
 * guesses). OK (a wrong password is an error on the form), 429 (also an
 * error on the form) or an HTTP status for an error page. */
static int check_current_password(kc_req_t *req, kc_session_t *s,
                                  apr_table_t *form, const char *field,
                                  kc_errors_t *e)
{
    const char *hash, *given = apr_table_get(form, field);
    apr_int64_t attempt;
    apr_status_t rv;

    kc_store_login_attempt(&attempt, req->r, NULL, s->member_id,
                           req->r->useragent_ip,
                           kc_config_login_throttle_ip(req->conf));
    if (!attempt) {
        kc_error_add(e, field, "login.error.throttled", NULL);
        return HTTP_TOO_MANY_REQUESTS;
    }
    rv = kc_store_password_hash(&hash, req->r, s->member_id);
    if (rv != APR_SUCCESS) {
        return rv == APR_NOTFOUND ? HTTP_NOT_FOUND
                                  : rv == KC_EDBDOWN ? HTTP_SERVICE_UNAVAILABLE
                                                     : HTTP_INTERNAL_SERVER_ERROR;
    }
    if (!kc_password_matches(given ? given : "", hash)) {
        kc_error_add(e, field, "form.error.password_wrong", NULL);
    }
    else {
        kc_store_login_cleared(req->r, attempt);
    }
    return OK;
}

int kc_page_password_form(kc_req_t *req, const kc_route_match_t *m)
{
    int rc;
    return kc_need_member(req, &rc)
           ? simple_form(req, HTTP_OK, "account/password", "page.password.title")
           : rc;
}

int kc_page_password(kc_req_t *req, const kc_route_match_t *m)
{
    kc_session_t *s;
    apr_table_t *form;
    kc_errors_t *e;
    const char *pw, *pw2, *hash;
    apr_status_t rv;
    int rc;

    if (!(s = kc_need_member(req, &rc))) {
        return rc;
    }
    if ((rc = kc_form_read(req, &form)) != OK) {
        return kc_render_error(req, rc, req->bad_field);
    }
    e = kc_errors_make(req);
    rc = check_current_password(req, s, form, "old_password", e);
    if (rc == HTTP_TOO_MANY_REQUESTS) {
        return simple_form(req, rc, "account/password", "page.password.title");
    }
    if (rc != OK) {
        return kc_render_error(req, rc, NULL);
    }
    pw = apr_table_get(form, "password");
    pw2 = apr_table_get(form, "password2");
    kc_check_new_password(e, req, pw ? pw : "", pw2 ? pw2 : "");
    if (e->count) {
        return simple_form(req, HTTP_BAD_REQUEST, "account/password",
                           "page.password.title");
    }
    if (kc_password_hash(&hash, req, pw) != APR_SUCCESS) {
        return kc_render_error(req, HTTP_INTERNAL_SERVER_ERROR, NULL);
    }
    rv = kc_store_password_set(req->r, s->member_id, hash, s->token);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    return kc_redirect(req, kc_profile_url(req, s->member_id, "password"));
}

static const char *page_url(kc_req_t *req, apr_int64_t page)
{
    return page <= 1 ? "/me/points"
                     : apr_psprintf(req->r->pool, "/me/points?page=%"
                                    APR_INT64_T_FMT, page);
}

int kc_page_my_points(kc_req_t *req, const kc_route_match_t *m)
{
    kc_session_t *s;
    kc_ledger_page_t *page;
    kc_tlist_t *list;
    apr_int64_t n, pages;
    apr_status_t rv;
    int rc, i;

    if (!(s = kc_need_member(req, &rc))) {
        return rc;
    }
    if (kc_arg_int(req, "page", 1, 1, 1000000, &n) != APR_SUCCESS) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "page");
    }
    rv = kc_store_ledger_page(&page, req->r, s->member_id, req->lang,
                              (n - 1) * KC_LEDGER_PAGE, KC_LEDGER_PAGE);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    list = kc_tctx_list(req->ctx, "ledger");
    for (i = 0; i < page->rows->nelts; i++) {
        const kc_ledger_row_t *row = &APR_ARRAY_IDX(page->rows, i,
                                                    kc_ledger_row_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "date", row->date);
        kc_tctx_set(item, "event_name", row->event_name);
        kc_tctx_setf(item, "amount", "%s%" APR_INT64_T_FMT,
                     row->amount > 0 ? "+" : "", row->amount);
        kc_tctx_set_bool(item, "positive", row->amount > 0);
        kc_tctx_set(item, "what", row->what ? row->what : "");
        if (row->what && strcmp(row->event, "read") == 0) {
            /* Spending reads as what was read: "Gelezen: <title>". */
            kc_tctx_set(item, "title", row->what);
            kc_tctx_set(item, "what", kc_tmpl_msg(req->conf->templates,
                                                  req->lang, "points.read_what",
                                                  item, req->r->pool));
        }
        /* A campaign's part says which campaign (its note is the
         * campaign's name, so it is not repeated); a grant its reward. */
        kc_tctx_set(item, "campaign", row->campaign ? row->campaign : "");
        kc_tctx_set(item, "note", row->note && !(row->campaign
                                  && strcmp(row->note, row->campaign) == 0)
                                  ? row->note : "");
        kc_tctx_set(item, "reward", row->reward ? row->reward : "");
    }
    pages = (page->total + KC_LEDGER_PAGE - 1) / KC_LEDGER_PAGE;
    kc_tctx_set_int(req->ctx, "balance", page->balance);
    kc_tctx_set_bool(req->ctx, "empty", page->rows->nelts == 0);
    kc_tctx_set_int(req->ctx, "page", n);
    kc_tctx_set_int(req->ctx, "pages", pages);
    kc_tctx_set_bool(req->ctx, "has_prev", n > 1 && n <= pages);
    kc_tctx_set(req->ctx, "prev_url", page_url(req, n - 1));
    kc_tctx_set_bool(req->ctx, "has_next", n < pages);
    kc_tctx_set(req->ctx, "next_url", page_url(req, n + 1));
    kc_tctx_set(req->ctx, "rules_url", "/points");
    return kc_render_page(req, HTTP_OK, "account/points",
                          kc_msg(req, "page.points_me.title"));
}

int kc_page_delete_form(kc_req_t *req, const kc_route_match_t *m)
{
    int rc;
    return kc_need_member(req, &rc)
           ? simple_form(req, HTTP_OK, "account/delete", "page.delete.title")
           : rc;
}

int kc_page_delete(kc_req_t *req, const kc_route_match_t *m)
{
    kc_session_t *s;
    apr_table_t *form;
    kc_errors_t *e;
    apr_status_t rv;
    int rc;

    if (!(s = kc_need_member(req, &rc))) {
        return rc;
    }
    if ((rc = kc_form_read(req, &form)) != OK) {
        return kc_render_error(req, rc, req->bad_field);
    }
    e = kc_errors_make(req);
    rc = check_current_password(req, s, form, "password", e);
    if (rc == HTTP_TOO_MANY_REQUESTS) {
        return simple_form(req, rc, "account/delete", "page.delete.title");
    }
    if (rc != OK) {
        return kc_render_error(req, rc, NULL);
    }
    if (e->count) {
        return simple_form(req, HTTP_BAD_REQUEST, "account/delete",
                           "page.delete.title");
    }
    rv = kc_store_member_delete(req->r, s->member_id);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_session_clear_cookie(req);
    return kc_redirect(req, "/?done=deleted");
}
