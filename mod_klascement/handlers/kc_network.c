/*
 * kc_network.c -- follows and the feed, private messages and blocking,
 * the member search.
 */
#include "kc_community.h"
#include "../store/kc_store_community.h"
#include "../store/kc_store_contrib.h"
#include "../store/kc_store_members.h"
#include "../core/kc_escape.h"
#include "../core/kc_normalise.h"
#include "../core/kc_validate.h"

#define KC_FEED_PAGE 20
#define KC_MEMBERS_PAGE 20

/* follow / block: action=<on>|<off>, back to `next` (a local path). */
static int relation(kc_req_t *req, const kc_route_match_t *m,
                    kc_query_id_t q, const char *on, const char *off)
{
    apr_table_t *form;
    const char *action, *next, *args[3], *result;
    int rc;
    kc_session_t *s = kc_role_post(req, NULL, &form, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    action = kc_form_text(req, form, "action");
    if (strcmp(action, on) != 0 && strcmp(action, off) != 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "action");
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    args[2] = strcmp(action, on) == 0 ? "true" : "false";
    rv = kc_store_action(&result, NULL, req->r, q, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (!strcmp(result, "self")) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "action");
    }
    if ((rc = kc_community_refusal(req, kc_errors_make(req), result, "action"))) {
        return kc_render_error(req, rc, NULL);
    }
    next = kc_form_text(req, form, "next");
    if (!kc_is_local_path(next)) {
        next = kc_profile_url(req, m->id, NULL);
    }
    return kc_redirect(req, apr_pstrcat(req->r->pool, next,
                                        strchr(next, '?') ? "&" : "?",
                                        "done=", !strcmp(action, "follow")
                                        ? "followed" : !strcmp(action, "unfollow")
                                        ? "unfollowed" : action[0] == 'b'
                                        ? "blocked" : "unblocked", NULL));
}

int kc_page_follow(kc_req_t *req, const kc_route_match_t *m)
{
    return relation(req, m, KC_Q_FOLLOW_SET, "follow", "unfollow");
}

int kc_page_block(kc_req_t *req, const kc_route_match_t *m)
{
    return relation(req, m, KC_Q_BLOCK_SET, "block", "unblock");
}

int kc_page_feed(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *items;
    apr_int64_t page;
    kc_tlist_t *list;
    int rc, i;
    kc_session_t *s = kc_need_member(req, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    if (kc_arg_int(req, "page", 1, 1, 10000, &page) != APR_SUCCESS) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "page");
    }
    rv = kc_store_feed(&items, req->r, s->member_id, req->lang,
                       (page - 1) * KC_FEED_PAGE, KC_FEED_PAGE + 1);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    list = kc_tctx_list(req->ctx, "items");
    for (i = 0; i < items->nelts && i < KC_FEED_PAGE; i++) {
        const kc_feed_item_t *f = &APR_ARRAY_IDX(items, i, kc_feed_item_t);
        kc_tctx_t *item = kc_tlist_push(list);
        int rec = !strcmp(f->type, "record");
        kc_tctx_set_bool(item, "is_record", rec);
        kc_tctx_set_bool(item, "is_topic", !rec);
        kc_tctx_set(item, "id", kc_i64(req, f->id));
        kc_tctx_set(item, "title", f->title);
        kc_tctx_setf(item, "url", rec ? "/records/%" APR_INT64_T_FMT
                                      : "/forum/topics/%" APR_INT64_T_FMT, f->id);
        kc_tctx_set(item, "author_name", f->who);
        kc_tctx_setf(item, "author_url", "/members/%" APR_INT64_T_FMT,
                     f->who_id);
        kc_tctx_set(item, "date", f->date);
        kc_tctx_set(item, rec ? "kind_name" : "category_name", f->what);
    }
    kc_tctx_set_bool(req->ctx, "follows_anyone", 1);
    kc_tctx_set_int(req->ctx, "page", page);
    kc_tctx_set_int(req->ctx, "pages", items->nelts > KC_FEED_PAGE ? page + 1
                                                                   : page);
    kc_tctx_set_bool(req->ctx, "has_prev", page > 1);
    kc_tctx_setf(req->ctx, "prev_url", "/me/feed?page=%" APR_INT64_T_FMT,
                 page - 1);
    kc_tctx_set_bool(req->ctx, "has_next", items->nelts > KC_FEED_PAGE);
    kc_tctx_setf(req->ctx, "next_url", "/me/feed?page=%" APR_INT64_T_FMT,
                 page + 1);
    return kc_render_page(req, HTTP_OK, "me/feed",
                          kc_msg(req, "page.feed.title"));
}

/* ---- messages --------------------------------------------------------------------- */

int kc_page_messages(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *threads;
    kc_tlist_t *list;
    int rc, i;
    kc_session_t *s = kc_need_member(req, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    if ((rv = kc_store_threads(&threads, req->r, s->member_id)) != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    list = kc_tctx_list(req->ctx, "threads");
    for (i = 0; i < threads->nelts; i++) {
        const kc_thread_t *t = &APR_ARRAY_IDX(threads, i, kc_thread_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "member_id", kc_i64(req, t->other));
        kc_tctx_set(item, "name", t->name);
        kc_tctx_setf(item, "url", "/me/messages/%" APR_INT64_T_FMT, t->other);
        kc_tctx_set(item, "date", t->date);
        kc_tctx_set(item, "unread", kc_i64(req, t->unread));
        kc_tctx_set_bool(item, "has_unread", t->unread > 0);
    }
    return kc_render_page(req, HTTP_OK, "me/messages",
                          kc_msg(req, "page.messages.title"));
}

static int thread_page(kc_req_t *req, kc_session_t *s, apr_int64_t other,
                       int status)
{
    apr_array_header_t *msgs;
    kc_profile_t *p;
    kc_relation_t rel;
    kc_tlist_t *list;
    int i;
    apr_status_t rv = kc_store_profile(&p, req->r, other, req->labels);

    if (rv == APR_SUCCESS) rv = kc_store_relation(&rel, req->r, s->member_id, other);
    if (rv == APR_SUCCESS) rv = kc_store_thread(&msgs, req->r, s->member_id, other);
    if (rv == APR_NOTFOUND || other == s->member_id) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_tctx_set(req->ctx, "other_id", kc_i64(req, other));
    kc_tctx_set(req->ctx, "other_name", apr_pstrcat(req->r->pool, p->first_name,
                                                    " ", p->surname, NULL));
    kc_tctx_setf(req->ctx, "other_url", "/members/%" APR_INT64_T_FMT, other);
    list = kc_tctx_list(req->ctx, "messages");
    for (i = 0; i < msgs->nelts; i++) {
        const kc_message_t *g = &APR_ARRAY_IDX(msgs, i, kc_message_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "id", kc_i64(req, g->id));
        kc_tctx_set(item, "body", g->body);
        kc_tctx_set(item, "date", g->date);
        kc_tctx_set_bool(item, "is_mine", g->mine);
        kc_tctx_set(item, "author_name", g->mine ? s->name
                                                 : kc_tctx_get(req->ctx,
                                                               "other_name"));
    }
    kc_tctx_set_bool(req->ctx, "blocked", rel.blocked || rel.blocked_by);
    kc_tctx_set_bool(req->ctx, "i_blocked", rel.blocked);
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    return kc_render_page(req, status, "me/thread",
                          kc_msg(req, "page.thread.title"));
}

int kc_page_thread(kc_req_t *req, const kc_route_match_t *m)
{
    int rc;
    kc_session_t *s = kc_need_member(req, &rc);
    return s ? thread_page(req, s, m->id, HTTP_OK) : rc;
}

int kc_page_message_send(kc_req_t *req, const kc_route_match_t *m)
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
    kc_tctx_set(req->ctx, "message_body", body);
    rc = kc_post_text(req, s, KC_Q_MESSAGE_SEND, m->id, body, 5000, &result,
                      &rv);
    if (rc < 0) {
        return kc_render_store_error(req, rv);
    }
    if (!strcmp(result, "self")) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rc == HTTP_BAD_REQUEST || rc == HTTP_CONFLICT) {
        return thread_page(req, s, m->id, rc);
    }
    if (rc) {
        return kc_render_error(req, rc, NULL);
    }
    return kc_redirect(req, apr_psprintf(req->r->pool, "/me/messages/%"
                                         APR_INT64_T_FMT "?done=sent", m->id));
}

/* ---- the member search ------------------------------------------------------------- */

int kc_page_members(kc_req_t *req, const kc_route_match_t *m)
{
    const char *q = kc_trim(req->r->pool, kc_arg(req, "q"));
    const char *subject = kc_arg(req, "subject"), *level = kc_arg(req, "level");
    const char *org = kc_trim(req->r->pool, kc_arg(req, "organisation"));
    kc_session_t *s = kc_session(req->r, NULL);
    apr_array_header_t *hits, *subjects, *levels;
    apr_int64_t page, total;
    kc_tlist_t *list;
    int i;
    apr_status_t rv;

    if (kc_arg_int(req, "page", 1, 1, 10000, &page) != APR_SUCCESS) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "page");
    }
    if (kc_utf8_chars(q) > 200 || kc_utf8_chars(org) > 200) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "q");
    }
    rv = kc_store_member_search(&hits, &total, req->r, req->labels, q,
                                subject, level, org,
                                (page - 1) * KC_MEMBERS_PAGE, KC_MEMBERS_PAGE);
    if (rv == APR_SUCCESS) rv = kc_store_taxonomy_codes(&subjects, &levels, req->r, req->labels);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_ctx_select(req, "subjects", subjects, subject);
    kc_ctx_select(req, "levels", levels, level);
    list = kc_tctx_list(req->ctx, "members");
    for (i = 0; i < hits->nelts; i++) {
        const kc_member_hit_t *h = &APR_ARRAY_IDX(hits, i, kc_member_hit_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "id", kc_i64(req, h->id));
        kc_tctx_set(item, "name", h->name);
        kc_tctx_setf(item, "url", "/members/%" APR_INT64_T_FMT, h->id);
        kc_tctx_set(item, "organisation", h->organisation);
        kc_tctx_set(item, "expertise", h->expertise);
        kc_tctx_set_bool(item, "is_self", s && s->member_id == h->id);
        kc_tctx_set_bool(item, "can_follow", s && s->member_id != h->id);
    }
    kc_tctx_set(req->ctx, "org_filter", org);
    kc_tctx_set_bool(req->ctx, "searched", *q || *org || (subject && *subject)
                                           || (level && *level));
    kc_tctx_set_int(req->ctx, "total", total);
    kc_pager_ctx(req, page, total, KC_MEMBERS_PAGE, apr_pstrcat(
                     req->r->pool, "/members?q=", kc_url_encode(req->r->pool, q),
                     "&subject=", kc_url_encode(req->r->pool, subject),
                     "&level=", kc_url_encode(req->r->pool, level),
                     "&organisation=", kc_url_encode(req->r->pool, org), NULL));
    if (s) {
        kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    }
    return kc_render_page(req, HTTP_OK, "members/search",
                          kc_msg(req, "page.members.title"));
}
