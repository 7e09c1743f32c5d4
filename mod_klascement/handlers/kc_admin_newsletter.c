/*
 * kc_admin_newsletter.c -- the team composes the weekly newsletter
 * (/admin/newsletter): a draft per week, the site's suggestions (records
 * of the week per subject, unanswered forum questions; more sources are
 * more SQL functions, sql/functions/newsletter.sql) added with one click,
 * the team's own text, a preview, and "send", after which the job mails
 * it in batches (jobs/kc_jobs.c). Also the promotional slots organisations
 * ask for (approve / refuse).
 */
#include "kc_newsletter.h"
#include "../core/kc_validate.h"

#define BACK_LIST "/admin/newsletter"

static const char *issue_path(kc_req_t *req, apr_int64_t id)
{
    return apr_psprintf(req->r->pool, "/admin/newsletter/%" APR_INT64_T_FMT,
                        id);
}

/* GET /admin/newsletter: the issues and the form for a new one. */
int kc_page_admin_newsletters(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *issues;
    kc_tlist_t *list;
    int rc, i;
    apr_status_t rv;

    if (!kc_need_role(req, "admin", &rc)) {
        return rc;
    }
    if ((rv = kc_store_newsletters(&issues, req->r, 0)) != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    list = kc_tctx_list(req->ctx, "issues");
    for (i = 0; i < issues->nelts; i++) {
        const kc_newsletter_t *n = &APR_ARRAY_IDX(issues, i, kc_newsletter_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set_int(item, "id", n->id);
        kc_tctx_set(item, "title", n->title);
        kc_tctx_set(item, "week", n->week);
        kc_tctx_set(item, "state_name", kc_msg(req, apr_pstrcat(
                        req->r->pool, "newsletter.state.", n->state, NULL)));
        kc_tctx_set_int(item, "items", n->items);
        kc_tctx_set_int(item, "recipients", n->recipients);
    }
    kc_tctx_set(req->ctx, "today", kc_today(req));
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    apr_table_setn(req->r->headers_out, "Cache-Control", "private, no-store");
    return kc_render_page(req, HTTP_OK, "admin/newsletters",
                          kc_msg(req, "page.admin_newsletter.title"));
}

/* Title and intro of a form: 0, or 400 naming the field. */
static int check_text(kc_req_t *req, apr_table_t *form, const char **title,
                      const char **intro, const char **bad)
{
    *title = kc_form_text(req, form, "title");
    *intro = kc_form_text(req, form, "intro");
    if (!**title || kc_utf8_chars(*title) > 200) {
        *bad = "title";
        return HTTP_BAD_REQUEST;
    }
    if (kc_utf8_chars(*intro) > 5000) {
        *bad = "intro";
        return HTTP_BAD_REQUEST;
    }
    return 0;
}

/* POST /admin/newsletter: a new draft (title, intro, a day of its week). */
int kc_page_admin_newsletter_create(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[4], *result, *bad = NULL;
    apr_int64_t id;
    int rc, y, mo, d;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    if ((rc = check_text(req, form, &args[1], &args[2], &bad))) {
        return kc_render_error(req, rc, bad);
    }
    args[3] = kc_form_text(req, form, "week");
    if (!kc_parse_date(args[3], &y, &mo, &d)) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "week");
    }
    args[0] = kc_i64(req, s->member_id);
    rv = kc_store_action(&result, &id, req->r, KC_Q_NL_CREATE, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    return kc_action_answer(req, result, issue_path(req, id), "created");
}

static void suggestions_to_ctx(kc_req_t *req, const apr_array_header_t *sug)
{
    kc_tlist_t *list = kc_tctx_list(req->ctx, "suggestions");
    int i;

    for (i = 0; i < sug->nelts; i++) {
        const kc_nl_item_t *it = &APR_ARRAY_IDX(sug, i, kc_nl_item_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "source", it->section);
        kc_tctx_set(item, "source_name", kc_msg(req, apr_pstrcat(
                        req->r->pool, "newsletter.section.", it->section,
                        NULL)));
        kc_tctx_set_int(item, "source_id", it->source_id);
        kc_tctx_set(item, "title", it->title);
        kc_tctx_set(item, "url", it->url);
        kc_tctx_set(item, "group", it->grp);
        kc_tctx_set_bool(item, "added", it->added);
    }
}

/* GET /admin/newsletter/{id} (edit: preview 0) and .../preview (1). */
static int issue_page(kc_req_t *req, apr_int64_t id, int preview)
{
    kc_newsletter_t *n;
    apr_array_header_t *items, *sug = NULL;
    const char *done = kc_arg(req, "done");
    int rc;
    apr_status_t rv;

    if (!kc_need_role(req, "admin", &rc)) {
        return rc;
    }
    rv = kc_store_newsletter(&n, req->r, id);
    if (rv == APR_SUCCESS) {
        rv = kc_store_newsletter_content(&items, req->r, id);
    }
    if (rv == APR_SUCCESS && !preview && strcmp(n->state, "draft") == 0) {
        rv = kc_store_newsletter_suggestions(&sug, req->r, id);
    }
    if (rv == APR_NOTFOUND) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_newsletter_to_ctx(req, n, items, !preview
                         && strcmp(n->state, "draft") == 0);
    if (sug) {
        suggestions_to_ctx(req, sug);
    }
    kc_tctx_set_bool(req->ctx, "preview", preview);
    if (done) {
        kc_tctx_set(req->ctx, "done_message", kc_msg(req, apr_pstrcat(
                        req->r->pool, "newsletter.done.", done, NULL)));
    }
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    apr_table_setn(req->r->headers_out, "Cache-Control", "private, no-store");
    return kc_render_page(req, HTTP_OK, preview ? "newsletter/show"
                                                : "admin/newsletter",
                          n->title);
}

int kc_page_admin_newsletter(kc_req_t *req, const kc_route_match_t *m)
{
    return issue_page(req, m->id, 0);
}

int kc_page_admin_newsletter_preview(kc_req_t *req, const kc_route_match_t *m)
{
    return issue_page(req, m->id, 1);
}

/* The answer of an action on a draft. */
static int draft_answer(kc_req_t *req, apr_int64_t id, const char *result,
                        const char *done)
{
    if (strcmp(result, "state") == 0 || strcmp(result, "empty") == 0) {
        return kc_render_error(req, HTTP_CONFLICT, NULL);
    }
    return kc_action_answer(req, result, issue_path(req, id), done);
}

/* POST /admin/newsletter/{id}: title and intro of a draft. */
int kc_page_admin_newsletter_update(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[3], *result, *bad = NULL;
    int rc;
    apr_status_t rv;

    if (!kc_role_post(req, "admin", &form, &rc)) {
        return rc;
    }
    if ((rc = check_text(req, form, &args[1], &args[2], &bad))) {
        return kc_render_error(req, rc, bad);
    }
    args[0] = kc_i64(req, m->id);
    rv = kc_store_action(&result, NULL, req->r, KC_Q_NL_UPDATE, args);
    return rv != APR_SUCCESS ? kc_render_store_error(req, rv)
                             : draft_answer(req, m->id, result, "saved");
}

/* POST /admin/newsletter/{id}/add: a suggestion (source, source_id) or
 * the team's text (source=text, title, body). */
int kc_page_admin_newsletter_add(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[5], *result, *source_id;
    apr_int64_t sid;
    int rc;
    apr_status_t rv;

    if (!kc_role_post(req, "admin", &form, &rc)) {
        return rc;
    }
    args[0] = kc_i64(req, m->id);
    args[1] = kc_form_text(req, form, "source");
    source_id = kc_form_text(req, form, "source_id");
    args[3] = kc_form_text(req, form, "title");
    args[4] = kc_form_text(req, form, "body");
    if (strcmp(args[1], "text") == 0) {
        if (!*args[3] || kc_utf8_chars(args[3]) > 300) {
            return kc_render_error(req, HTTP_BAD_REQUEST, "title");
        }
        if (kc_utf8_chars(args[4]) > 5000) {
            return kc_render_error(req, HTTP_BAD_REQUEST, "body");
        }
        args[2] = "";
    }
    else {
        sid = apr_atoi64(source_id);
        if (!*args[1] || strlen(args[1]) > 32) {
            return kc_render_error(req, HTTP_BAD_REQUEST, "source");
        }
        if (sid <= 0 || strcmp(kc_i64(req, sid), source_id) != 0) {
            return kc_render_error(req, HTTP_BAD_REQUEST, "source_id");
        }
        args[2] = source_id;
    }
    rv = kc_store_action(&result, NULL, req->r, KC_Q_NL_ADD, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "suggestion") == 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "source_id");
    }
    return draft_answer(req, m->id, result, "added");
}

/* POST /admin/newsletter/{id}/remove: item. */
int kc_page_admin_newsletter_remove(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[2], *result;
    int rc;
    apr_status_t rv;

    if (!kc_role_post(req, "admin", &form, &rc)) {
        return rc;
    }
    args[0] = kc_i64(req, m->id);
    args[1] = kc_form_text(req, form, "item");
    if (apr_atoi64(args[1]) <= 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "item");
    }
    rv = kc_store_action(&result, NULL, req->r, KC_Q_NL_REMOVE, args);
    return rv != APR_SUCCESS ? kc_render_store_error(req, rv)
                             : draft_answer(req, m->id, result, "removed");
}

/* POST /admin/newsletter/{id}/send: from now on the job mails it; the
 * request only marks it (200,000 members are not mailed in a request). */
int kc_page_admin_newsletter_send(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[2], *result;
    int rc;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    rv = kc_store_action(&result, NULL, req->r, KC_Q_NL_SEND, args);
    return rv != APR_SUCCESS ? kc_render_store_error(req, rv)
                             : draft_answer(req, m->id, result, "sending");
}
