/*
 * kc_forum.c -- the teachers' forum: questions, answers, thumbs, the
 * accepted answer; moderators editing or removing posts.
 */
#include "kc_community.h"
#include "../store/kc_store_community.h"
#include "../store/kc_store_contrib.h"
#include "../store/kc_store_moderation.h"
#include "../core/kc_escape.h"
#include "../core/kc_normalise.h"
#include "../core/kc_validate.h"

#define KC_FORUM_PAGE 10

static const char *const views[] = { "newest", "unanswered", "helpful", NULL };

static apr_status_t categories(kc_req_t *req, const char *selected)
{
    apr_array_header_t *cats;
    apr_status_t rv = kc_store_forum_categories(&cats, req->r, req->lang);

    if (rv == APR_SUCCESS) {
        kc_ctx_select(req, "categories", cats, selected);
    }
    return rv;
}

static const char *forum_url(kc_req_t *req, const char *view,
                             const char *cat, const char *q)
{
    apr_pool_t *p = req->r->pool;
    return apr_pstrcat(p, "/forum?view=", view,
                       cat && *cat ? "&category=" : "",
                       cat && *cat ? kc_url_encode(p, cat) : "",
                       q && *q ? "&q=" : "", q && *q ? kc_url_encode(p, q) : "",
                       NULL);
}

int kc_page_forum(kc_req_t *req, const kc_route_match_t *m)
{
    const char *view = kc_arg(req, "view"), *cat = kc_arg(req, "category");
    const char *q = kc_trim(req->r->pool, kc_arg(req, "q"));
    apr_array_header_t *topics;
    apr_int64_t page, total;
    kc_tlist_t *list;
    int i, known = 0;
    apr_status_t rv;

    view = view && *view ? view : "newest";
    for (i = 0; views[i]; i++) {
        known |= !strcmp(view, views[i]);
    }
    if (!known) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "view");
    }
    if (kc_arg_int(req, "page", 1, 1, 100000, &page) != APR_SUCCESS) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "page");
    }
    if (kc_utf8_chars(q) > 200) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "q");
    }
    rv = kc_store_forum_topics(&topics, &total, req->r, req->lang, view, cat,
                               q, (page - 1) * KC_FORUM_PAGE, KC_FORUM_PAGE);
    if (rv == APR_SUCCESS) {
        rv = categories(req, cat);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    list = kc_tctx_list(req->ctx, "views");
    for (i = 0; views[i]; i++) {
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "value", views[i]);
        kc_tctx_set(item, "name", kc_msg(req, apr_pstrcat(
                        req->r->pool, "forum.view.", views[i], NULL)));
        kc_tctx_set(item, "url", forum_url(req, views[i], cat, q));
        kc_tctx_set_bool(item, "active", !strcmp(view, views[i]));
    }
    kc_feed_link(req, "application/atom+xml", cat && *cat
                 ? apr_pstrcat(req->r->pool, "/forum.atom?category=",
                               kc_url_encode(req->r->pool, cat), NULL)
                 : "/forum.atom", kc_msg(req, "feed.forum.link"));
    list = kc_tctx_list(req->ctx, "topics");
    for (i = 0; i < topics->nelts; i++) {
        const kc_topic_t *t = &APR_ARRAY_IDX(topics, i, kc_topic_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "id", kc_i64(req, t->id));
        kc_tctx_set(item, "title", t->title);
        kc_tctx_setf(item, "url", "/forum/topics/%" APR_INT64_T_FMT, t->id);
        kc_tctx_set(item, "category", t->category);
        kc_tctx_set(item, "category_name", t->category_name);
        kc_tctx_set(item, "author_name", t->author_name);
        kc_tctx_setf(item, "author_url", "/members/%" APR_INT64_T_FMT,
                     t->author_id);
        kc_tctx_set(item, "date", t->date);
        kc_tctx_set(item, "answers_count", kc_i64(req, t->answers));
        kc_tctx_set_bool(item, "one_answer", t->answers == 1);
        kc_tctx_set_bool(item, "accepted", t->accepted);
        kc_tctx_set(item, "thumbs", kc_i64(req, t->thumbs));
    }
    kc_tctx_set(req->ctx, "view", view);
    kc_tctx_set_bool(req->ctx, "filtered", *q || (cat && *cat));
    kc_tctx_set_int(req->ctx, "total", total);
    kc_pager_ctx(req, page, total, KC_FORUM_PAGE, forum_url(req, view, cat, q));
    return kc_render_page(req, HTTP_OK, "forum/index",
                          kc_msg(req, "page.forum.title"));
}

static int new_form(kc_req_t *req, int status, apr_table_t *form)
{
    apr_status_t rv = categories(req, form ? apr_table_get(form, "category")
                                           : NULL);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_tctx_set(req->ctx, "title", kc_form_text(req, form, "title"));
    kc_tctx_set(req->ctx, "body", kc_form_text(req, form, "body"));
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    return kc_render_page(req, status, "forum/new",
                          kc_msg(req, "page.forum_new.title"));
}

int kc_page_forum_new_form(kc_req_t *req, const kc_route_match_t *m)
{
    int rc;
    return kc_need_member(req, &rc) ? new_form(req, HTTP_OK, NULL) : rc;
}

int kc_page_forum_new(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    kc_errors_t *e;
    const char *args[5], *result;
    apr_int64_t id;
    int rc;
    kc_session_t *s = kc_role_post(req, NULL, &form, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    e = kc_errors_make(req);
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_form_text(req, form, "category");
    args[2] = kc_form_text(req, form, "title");
    args[3] = kc_form_text(req, form, "body");
    if (!*args[1]) {
        kc_error_add(e, "category", "form.error.choice", NULL);
    }
    kc_check_post_text(req, s, e, "title", args[2], 5, 200);
    kc_check_post_text(req, s, e, "body", args[3], 20, 10000);
    if (e->count) {
        return new_form(req, HTTP_BAD_REQUEST, form);
    }
    args[4] = kc_normalise_hash(req->r->pool, apr_pstrcat(req->r->pool,
                                                          args[2], " ",
                                                          args[3], NULL));
    rv = kc_store_action(&result, &id, req->r, KC_Q_TOPIC_ADD, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (!strcmp(result, "category")) {
        kc_error_add(e, "category", "form.error.choice", NULL);
        return new_form(req, HTTP_BAD_REQUEST, form);
    }
    if ((rc = kc_community_refusal(req, e, result, "body"))) {
        return rc == HTTP_CONFLICT ? new_form(req, rc, form)
                                   : kc_render_error(req, rc, NULL);
    }
    return kc_redirect(req, apr_psprintf(req->r->pool, "/forum/topics/%"
                                         APR_INT64_T_FMT "?done=topic_posted",
                                         id));
}

/* ---- one topic --------------------------------------------------------------------- */

static void answers_ctx(kc_req_t *req, kc_session_t *s,
                        const kc_topic_full_t *t,
                        const apr_array_header_t *posts)
{
    kc_tlist_t *list = kc_tctx_list(req->ctx, "answers");
    int i, asker = s && s->member_id == t->author_id;

    for (i = 0; i < posts->nelts; i++) {
        const kc_post_t *p = &APR_ARRAY_IDX(posts, i, kc_post_t);
        kc_tctx_t *item = kc_tlist_push(list);
        int own = s && s->member_id == p->author_id;
        kc_tctx_set(item, "id", kc_i64(req, p->id));
        kc_tctx_set(item, "body", p->body);
        kc_tctx_set(item, "author_name", p->author_name);
        kc_tctx_setf(item, "author_url", "/members/%" APR_INT64_T_FMT,
                     p->author_id);
        kc_tctx_set(item, "date", p->date);
        kc_tctx_set(item, "thumbs", kc_i64(req, p->thumbs));
        kc_tctx_set_bool(item, "accepted", p->accepted);
        kc_tctx_set_bool(item, "can_accept", asker && !p->accepted && !own);
        kc_tctx_set_bool(item, "can_thumb", s && !own && !p->thumbed);
        kc_tctx_set_bool(item, "thumbed", p->thumbed);
        kc_tctx_set_bool(item, "can_delete", own);
        kc_tctx_set_bool(item, "is_own", own);
        kc_tctx_set_bool(item, "edited", p->edited);
    }
    kc_tctx_set_int(req->ctx, "answers_count", posts->nelts);
}

static int topic_page(kc_req_t *req, apr_int64_t id, int status)
{
    kc_session_t *s = kc_session(req->r, NULL);
    kc_topic_full_t *t;
    apr_array_header_t *posts;
    kc_tctx_t *c;
    apr_status_t rv = kc_store_forum_topic(&t, req->r, req->lang, id);

    if (rv == APR_SUCCESS) {
        rv = kc_store_forum_posts(&posts, req->r, id, s ? s->member_id : 0);
    }
    if (rv == APR_NOTFOUND) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    c = kc_tctx_child(req->ctx, "topic");
    kc_tctx_set(c, "id", kc_i64(req, t->id));
    kc_tctx_set(c, "title", t->title);
    kc_tctx_set(c, "body", t->body);
    kc_tctx_set(c, "category", t->category);
    kc_tctx_set(c, "category_name", t->category_name);
    kc_tctx_set(c, "author_name", t->author_name);
    kc_tctx_setf(c, "author_url", "/members/%" APR_INT64_T_FMT, t->author_id);
    kc_tctx_set(c, "date", t->date);
    kc_tctx_set_bool(c, "is_own", s && s->member_id == t->author_id);
    kc_tctx_set_bool(c, "can_delete", s && s->member_id == t->author_id);
    kc_tctx_set(req->ctx, "title", t->title);
    answers_ctx(req, s, t, posts);
    kc_tctx_set_bool(req->ctx, "can_answer", s != NULL);
    if (s) {
        kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    }
    return kc_render_page(req, status, "forum/topic",
                          kc_msg(req, "page.topic.title"));
}

int kc_page_forum_topic(kc_req_t *req, const kc_route_match_t *m)
{
    return topic_page(req, m->id, HTTP_OK);
}

static const char *topic_back(kc_req_t *req, apr_int64_t topic,
                              const char *done)
{
    return apr_psprintf(req->r->pool, "/forum/topics/%" APR_INT64_T_FMT
                        "?done=%s", topic, done);
}

int kc_page_forum_answer(kc_req_t *req, const kc_route_match_t *m)
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
    kc_tctx_set(req->ctx, "answer_body", body);
    rc = kc_post_text(req, s, KC_Q_ANSWER_ADD, m->id, body, 10000, &result,
                      &rv);
    if (rc < 0) {
        return kc_render_store_error(req, rv);
    }
    if (rc == HTTP_BAD_REQUEST || rc == HTTP_CONFLICT) {
        return topic_page(req, m->id, rc);
    }
    if (rc) {
        return kc_render_error(req, rc, NULL);
    }
    return kc_redirect(req, topic_back(req, m->id, "answered"));
}

/* Thumb, accept, delete: a POST whose answer is a redirect back. */
static int simple_action(kc_req_t *req, kc_query_id_t q, const char *a2,
                         const char *a3, const char *back, const char *done)
{
    apr_table_t *form;
    const char *args[3], *result;
    int rc;
    kc_session_t *s = kc_role_post(req, NULL, &form, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = a2;
    args[2] = a3 ? a3 : kc_form_text(req, form, "post_id");
    rv = kc_store_action(&result, NULL, req->r, q, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (!strcmp(result, "already")) {
        return kc_redirect(req, apr_pstrcat(req->r->pool, back, "?done=", done,
                                            NULL));
    }
    if ((rc = kc_community_refusal(req, kc_errors_make(req), result, "body"))) {
        return kc_render_error(req, rc, NULL);
    }
    return kc_redirect(req, apr_pstrcat(req->r->pool, back, "?done=", done,
                                        NULL));
}

int kc_page_forum_thumb(kc_req_t *req, const kc_route_match_t *m)
{
    return simple_action(req, KC_Q_THUMB, kc_i64(req, m->id), "",
                         "/forum", "thumbed");
}

int kc_page_forum_accept(kc_req_t *req, const kc_route_match_t *m)
{
    return simple_action(req, KC_Q_ACCEPT, kc_i64(req, m->id), NULL,
                         apr_psprintf(req->r->pool, "/forum/topics/%"
                                      APR_INT64_T_FMT, m->id), "accepted");
}

int kc_page_forum_post_delete(kc_req_t *req, const kc_route_match_t *m)
{
    return simple_action(req, KC_Q_POST_DELETE, kc_i64(req, m->id), "",
                         "/forum", "post_deleted");
}

int kc_page_forum_topic_delete(kc_req_t *req, const kc_route_match_t *m)
{
    return simple_action(req, KC_Q_TOPIC_DELETE, kc_i64(req, m->id), "",
                         "/forum", "topic_deleted");
}

/* ---- moderators on posts ------------------------------------------------------------ */

static int moderate(kc_req_t *req, const kc_route_match_t *m,
                    const char *type, const char *action, const char *done)
{
    apr_table_t *form;
    const char *args[6];
    int rc;
    kc_session_t *s = kc_need_role(req, "moderator", &rc);

    if (!s) {
        return rc;
    }
    if ((rc = kc_form_read(req, &form)) != OK) {
        return kc_render_error(req, rc, req->bad_field);
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = type;
    args[2] = kc_i64(req, m->id);
    args[3] = action;
    args[4] = kc_form_text(req, form, "body");
    args[5] = kc_form_text(req, form, "reason");
    if (!*args[5] || kc_utf8_chars(args[5]) > 2000) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "reason");
    }
    if (!strcmp(action, "edit") && (!*args[4] || kc_utf8_chars(args[4]) > 10000)) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "body");
    }
    return kc_run_action(req, KC_Q_MODERATE_POST, args, "/moderation", done);
}

int kc_page_mod_post_edit(kc_req_t *req, const kc_route_match_t *m)
{
    return moderate(req, m, "forum_post", "edit", "post_edited");
}

int kc_page_mod_post_remove(kc_req_t *req, const kc_route_match_t *m)
{
    return moderate(req, m, "forum_post", "remove", "post_removed");
}

int kc_page_mod_topic_remove(kc_req_t *req, const kc_route_match_t *m)
{
    return moderate(req, m, "forum_topic", "remove", "topic_removed");
}

int kc_page_mod_reaction_remove(kc_req_t *req, const kc_route_match_t *m)
{
    return moderate(req, m, "reaction", "remove", "reaction_removed");
}
