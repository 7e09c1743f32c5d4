/*
 * kc_newsletter_promo.c -- promotional slots in the newsletter: an
 * organisation asks for one in the issue of a week (/me/newsletter/promo),
 * the team approves or refuses it (/admin/newsletter/promos); an approved
 * slot is part of that week's issue (kc_newsletter_items_for). The fee is
 * settled outside the site.
 */
#include "kc_newsletter.h"
#include "../core/kc_validate.h"

static void promos_to_ctx(kc_req_t *req, const apr_array_header_t *promos)
{
    kc_tlist_t *list = kc_tctx_list(req->ctx, "promos");
    int i;

    for (i = 0; i < promos->nelts; i++) {
        const kc_nl_promo_t *p = &APR_ARRAY_IDX(promos, i, kc_nl_promo_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set_int(item, "id", p->id);
        kc_tctx_set(item, "organisation", p->organisation);
        kc_tctx_set_int(item, "organisation_id", p->organisation_id);
        kc_tctx_set(item, "week", p->week);
        kc_tctx_set(item, "title", p->title);
        kc_tctx_set(item, "body", p->body);
        kc_tctx_set(item, "url", p->url);
        kc_tctx_set(item, "state", p->state);
        kc_tctx_set(item, "state_name", kc_msg(req, apr_pstrcat(
                        req->r->pool, "promo.state.", p->state, NULL)));
        kc_tctx_set_bool(item, "pending", strcmp(p->state, "pending") == 0);
        kc_tctx_set(item, "reason", p->reason);
    }
}

/* The organisation member, or NULL with *rc (visitors to the login page,
 * other members 403). */
static kc_session_t *organisation(kc_req_t *req, int *rc)
{
    kc_session_t *s = kc_need_member(req, rc);
    if (s && strcmp(s->role, "organisation") != 0) {
        *rc = kc_render_error(req, HTTP_FORBIDDEN, NULL);
        return NULL;
    }
    return s;
}

/* GET /me/newsletter/promo */
int kc_page_my_promos(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *promos;
    const char *done = kc_arg(req, "done");
    int rc;
    kc_session_t *s = organisation(req, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    if ((rv = kc_store_newsletter_promos(&promos, req->r, s->member_id))
        != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    promos_to_ctx(req, promos);
    kc_tctx_set_bool(req->ctx, "requested", done && !strcmp(done, "requested"));
    kc_tctx_set(req->ctx, "today", kc_today(req));
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    apr_table_setn(req->r->headers_out, "Cache-Control", "private, no-store");
    return kc_render_page(req, HTTP_OK, "me/newsletter_promo",
                          kc_msg(req, "page.my_promos.title"));
}

/* POST /me/newsletter/promo: week (a day of it), title, body, url. */
int kc_page_my_promo_request(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[5], *result;
    int rc, y, mo, d;
    kc_session_t *s = kc_role_post(req, NULL, &form, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    if (strcmp(s->role, "organisation") != 0) {
        return kc_render_error(req, HTTP_FORBIDDEN, NULL);
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_form_text(req, form, "week");
    args[2] = kc_form_text(req, form, "title");
    args[3] = kc_form_text(req, form, "body");
    args[4] = kc_form_text(req, form, "url");
    if (!kc_parse_date(args[1], &y, &mo, &d)) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "week");
    }
    if (!*args[2] || kc_utf8_chars(args[2]) > 200) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "title");
    }
    if (!*args[3] || kc_utf8_chars(args[3]) > 2000) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "body");
    }
    if (*args[4] && !kc_valid_web_url(args[4])) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "url");
    }
    rv = kc_store_action(&result, NULL, req->r, KC_Q_NL_PROMO_REQUEST, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "week") == 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "week");
    }
    if (strcmp(result, "ratelimit") == 0) {
        return kc_render_error(req, HTTP_TOO_MANY_REQUESTS, NULL);
    }
    if (strcmp(result, "forbidden") == 0) {
        return kc_render_error(req, HTTP_FORBIDDEN, NULL);
    }
    return kc_action_answer(req, result, "/me/newsletter/promo", "requested");
}

/* GET /admin/newsletter/promos */
int kc_page_admin_promos(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *promos;
    const char *done = kc_arg(req, "done");
    int rc;
    apr_status_t rv;

    if (!kc_need_role(req, "admin", &rc)) {
        return rc;
    }
    if ((rv = kc_store_newsletter_promos(&promos, req->r, 0)) != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    promos_to_ctx(req, promos);
    kc_tctx_set_bool(req->ctx, "decided", done && !strcmp(done, "decided"));
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    apr_table_setn(req->r->headers_out, "Cache-Control", "private, no-store");
    return kc_render_page(req, HTTP_OK, "admin/newsletter_promos",
                          kc_msg(req, "page.admin_promos.title"));
}

/* POST /admin/newsletter/promos/{id}/decide: decision approve|refuse,
 * reason (optional). */
int kc_page_admin_promo_decide(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[4], *result, *decision;
    int rc;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    decision = kc_form_text(req, form, "decision");
    if (strcmp(decision, "approve") != 0 && strcmp(decision, "refuse") != 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "decision");
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    args[2] = strcmp(decision, "approve") == 0 ? "true" : "false";
    args[3] = kc_form_text(req, form, "reason");
    if (kc_utf8_chars(args[3]) > 1000) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "reason");
    }
    rv = kc_store_action(&result, NULL, req->r, KC_Q_NL_PROMO_DECIDE, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "decided") == 0) {
        return kc_render_error(req, HTTP_CONFLICT, NULL);
    }
    return kc_action_answer(req, result, "/admin/newsletter/promos",
                            "decided");
}
