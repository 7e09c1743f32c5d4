/*
 * kc_newsletter.c -- the newsletter for everybody: the archive of sent
 * issues (/newsletter, /newsletter/{id}), "recommend this newsletter by
 * mail", a member's choices (/me/newsletter) and the one-click unsubscribe
 * from the mail (/newsletter/unsubscribe/{member}/{key}, no login).
 * The team's pages: kc_admin_newsletter.c; organisations' promotional
 * slots: kc_newsletter_promo.c; mailing: jobs/kc_jobs.c.
 */
#include "kc_newsletter.h"
#include "kc_community.h"
#include "../core/kc_validate.h"
#include "../http/kc_body.h"
#include "../http/kc_session.h"

void kc_newsletter_to_ctx(kc_req_t *req, const kc_newsletter_t *n,
                          const apr_array_header_t *items, int editable)
{
    kc_tctx_t *c = kc_tctx_child(req->ctx, "newsletter");
    kc_tlist_t *sections = kc_tctx_list(req->ctx, "sections");
    kc_tlist_t *list = NULL;
    const char *current = NULL;
    int i;

    kc_tctx_set_int(c, "id", n->id);
    kc_tctx_set(c, "title", n->title);
    kc_tctx_set(c, "intro", n->intro);
    kc_tctx_set(c, "week", n->week);
    kc_tctx_set(c, "state", n->state);
    kc_tctx_set(c, "state_name", kc_msg(req, apr_pstrcat(
                    req->r->pool, "newsletter.state.", n->state, NULL)));
    kc_tctx_set(c, "sent_at", n->sent_at);
    kc_tctx_set_int(c, "recipients", n->recipients);
    kc_tctx_set_bool(c, "draft", strcmp(n->state, "draft") == 0);
    kc_tctx_set_bool(c, "sent", strcmp(n->state, "sent") == 0);
    for (i = 0; i < items->nelts; i++) {
        const kc_nl_item_t *it = &APR_ARRAY_IDX(items, i, kc_nl_item_t);
        kc_tctx_t *item;
        if (!current || strcmp(current, it->section) != 0) {
            kc_tctx_t *sec = kc_tlist_push(sections);
            current = it->section;
            kc_tctx_set(sec, "section", it->section);
            kc_tctx_set(sec, "heading", kc_msg(req, apr_pstrcat(
                            req->r->pool, "newsletter.section.", it->section,
                            NULL)));
            list = kc_tctx_list(sec, "items");
        }
        item = kc_tlist_push(list);
        kc_tctx_set_int(item, "item_id", it->item_id);
        kc_tctx_set(item, "title", it->title);
        kc_tctx_set(item, "body", it->body);
        kc_tctx_set(item, "url", it->url);
        kc_tctx_set(item, "ext_url", it->ext_url);
        kc_tctx_set_bool(item, "removable", editable && it->item_id > 0);
    }
}

/* GET /newsletter: the sent issues. */
int kc_page_newsletter_archive(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *issues;
    kc_tlist_t *list;
    int i;
    apr_status_t rv = kc_store_newsletters(&issues, req->r, 1);

    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    list = kc_tctx_list(req->ctx, "issues");
    for (i = 0; i < issues->nelts; i++) {
        const kc_newsletter_t *n = &APR_ARRAY_IDX(issues, i, kc_newsletter_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set_int(item, "id", n->id);
        kc_tctx_set(item, "title", n->title);
        kc_tctx_set(item, "week", n->week);
        kc_tctx_set(item, "sent_at", n->sent_at);
    }
    return kc_render_page(req, HTTP_OK, "newsletter/archive",
                          kc_msg(req, "page.newsletter.title"));
}

/* GET /newsletter/{id}: a sent issue (others do not exist for the
 * public). */
int kc_page_newsletter_issue(kc_req_t *req, const kc_route_match_t *m)
{
    kc_newsletter_t *n;
    apr_array_header_t *items;
    kc_session_t *s = kc_session(req->r, NULL);
    const char *done = kc_arg(req, "done");
    apr_status_t rv = kc_store_newsletter(&n, req->r, m->id);

    if (rv == APR_SUCCESS && strcmp(n->state, "sent") != 0) {
        rv = APR_NOTFOUND;
    }
    if (rv == APR_SUCCESS) {
        rv = kc_store_newsletter_content(&items, req->r, n->id);
    }
    if (rv == APR_NOTFOUND) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_newsletter_to_ctx(req, n, items, 0);
    if (s) {
        kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
        apr_table_setn(req->r->headers_out, "Cache-Control",
                       "private, no-store");
    }
    kc_tctx_set_bool(req->ctx, "recommended",
                     done && strcmp(done, "recommended") == 0);
    return kc_render_page(req, HTTP_OK, "newsletter/show", n->title);
}

/* POST /newsletter/{id}/recommend: mail it to a colleague; +5 as the
 * rules say, once per (member, issue, address). */
int kc_page_newsletter_recommend(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    kc_newsletter_t *n;
    kc_tctx_t *vars;
    const char *email, *message, *args[5], *result, *path;
    int rc;
    kc_session_t *s = kc_role_post(req, NULL, &form, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    email = kc_form_text(req, form, "email");
    message = kc_form_text(req, form, "message");
    rv = kc_store_newsletter(&n, req->r, m->id);
    if (rv == APR_NOTFOUND || (rv == APR_SUCCESS && strcmp(n->state, "sent"))) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (!kc_valid_email(email)) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "email");
    }
    if (kc_utf8_chars(message) > 1000) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "message");
    }
    path = apr_psprintf(req->r->pool, "/newsletter/%" APR_INT64_T_FMT, n->id);
    vars = kc_tctx_make(req->r->pool);
    kc_tctx_set(vars, "sender_name", s->name);
    kc_tctx_set(vars, "title", n->title);
    kc_tctx_set(vars, "url", apr_pstrcat(req->r->pool, req->conf->base_url
                                         ? req->conf->base_url : "", path,
                                         NULL));
    kc_tctx_set(vars, "message", message);
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, n->id);
    args[2] = email;
    args[3] = kc_tmpl_msg(req->conf->templates, req->lang,
                          "mail.newsletter_recommend.subject", vars,
                          req->r->pool);
    args[4] = kc_tmpl_msg(req->conf->templates, req->lang,
                          "mail.newsletter_recommend.body", vars,
                          req->r->pool);
    rv = kc_store_action(&result, NULL, req->r, KC_Q_NL_RECOMMEND, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "unconfirmed") == 0) {
        return kc_render_unconfirmed(req);
    }
    if (strcmp(result, "ratelimit") == 0) {
        return kc_render_error(req, HTTP_TOO_MANY_REQUESTS, NULL);
    }
    if (strcmp(result, "ok") != 0) {
        return kc_render_error(req, strcmp(result, "notfound") == 0
                                    ? HTTP_NOT_FOUND : HTTP_FORBIDDEN, NULL);
    }
    return kc_redirect(req, apr_pstrcat(req->r->pool, path,
                                        "?done=recommended", NULL));
}

/* ---- a member's choices ----------------------------------------------------- */

static void choices(kc_tctx_t *c, const char *key,
                    const apr_array_header_t *all)
{
    kc_tlist_t *list = kc_tctx_list(c, key);
    int i;
    for (i = 0; i < all->nelts; i++) {
        const kc_choice_t *ch = &APR_ARRAY_IDX(all, i, kc_choice_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set_int(item, "id", ch->id);
        kc_tctx_set(item, "name", ch->name);
        kc_tctx_set_bool(item, "checked", ch->checked);
    }
}

/* GET /me/newsletter */
int kc_page_my_newsletter(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *subjects, *levels;
    int subscribed, rc;
    const char *done = kc_arg(req, "done");
    kc_session_t *s = kc_need_member(req, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    rv = kc_store_newsletter_prefs(&subscribed, &subjects, &levels, req->r,
                                   s->member_id, req->labels);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_tctx_set_bool(req->ctx, "subscribed", subscribed);
    choices(req->ctx, "subjects", subjects);
    choices(req->ctx, "levels", levels);
    kc_tctx_set_bool(req->ctx, "saved", done && strcmp(done, "saved") == 0);
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    apr_table_setn(req->r->headers_out, "Cache-Control", "private, no-store");
    return kc_render_page(req, HTTP_OK, "me/newsletter",
                          kc_msg(req, "page.my_newsletter.title"));
}

/* POST /me/newsletter: subscribed (a tick), subjects, levels (ids; none:
 * everything). */
int kc_page_my_newsletter_save(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[4], *result;
    int rc;
    kc_session_t *s = kc_role_post(req, NULL, &form, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_form_ticked(form, "subscribed") ? "true" : "false";
    args[2] = kc_form_int_array(req, form, "subjects");
    args[3] = kc_form_int_array(req, form, "levels");
    rv = kc_store_action(&result, NULL, req->r, KC_Q_NL_PREFS_SET, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "subject") == 0 || strcmp(result, "level") == 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST,
                               *result == 's' ? "subjects" : "levels");
    }
    return kc_action_answer(req, result, "/me/newsletter", "saved");
}

/* ---- one-click unsubscribe ------------------------------------------------------ */

/* GET shows what the link does, with a button; POST (the button, or the
 * mail program's RFC 8058 one-click POST) does it. The key in the link is
 * the credential: no session and no CSRF token (a mail program has
 * neither), and a link with another member's id or an altered key is
 * refused. */
static int unsubscribe(kc_req_t *req, const kc_route_match_t *m, int apply)
{
    const char *args[3] = { kc_i64(req, m->id), m->tail,
                            apply ? "true" : "false" };
    const char *result;
    apr_table_t *form;
    int rc;
    apr_status_t rv;

    /* The body is read (and bounded) but holds nothing we need. */
    if (apply && (rc = kc_body_form(req, &form, &req->bad_field)) != OK) {
        return kc_render_error(req, rc, req->bad_field);
    }
    rv = kc_store_action(&result, NULL, req->r, KC_Q_NL_UNSUBSCRIBE, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    apr_table_setn(req->r->headers_out, "Cache-Control", "private, no-store");
    apr_table_setn(req->r->headers_out, "Referrer-Policy", "no-referrer");
    if (strcmp(result, "ok") != 0) {
        kc_tctx_set_bool(req->ctx, "invalid", 1);
        return kc_render_page(req, HTTP_NOT_FOUND, "newsletter/unsubscribe",
                              kc_msg(req, "page.unsubscribe.title"));
    }
    kc_tctx_set_bool(req->ctx, "done", apply);
    kc_tctx_set(req->ctx, "action", apr_psprintf(req->r->pool,
                "/newsletter/unsubscribe/%" APR_INT64_T_FMT "/%s", m->id,
                m->tail));
    return kc_render_page(req, HTTP_OK, "newsletter/unsubscribe",
                          kc_msg(req, "page.unsubscribe.title"));
}

int kc_page_newsletter_unsubscribe_form(kc_req_t *req,
                                        const kc_route_match_t *m)
{
    return unsubscribe(req, m, 0);
}

int kc_page_newsletter_unsubscribe(kc_req_t *req, const kc_route_match_t *m)
{
    return unsubscribe(req, m, 1);
}
