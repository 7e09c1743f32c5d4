/*
 * kc_admin_members.c -- /admin/members: finding members, bans, roles and
 * moderators' scopes.
 */
#include "kc_page.h"
#include "../store/kc_store_members.h"
#include "../store/kc_store_moderation.h"
#include "../store/kc_store_points.h"
#include "../core/kc_validate.h"

#include <apr_time.h>

static const char *const roles[] = {
    "member", "organisation", "moderator", "admin", NULL
};

static const char *const tops[] = {
    "contributions", "reactions", "points", NULL
};

/* ?top=contributions|reactions|points&from=&to=: the 50 members with the
 * most of it in the period (both days included), to find whom the team
 * may reward. Returns 0 when the page has no top list. */
static int members_top(kc_req_t *req, int *rc)
{
    const char *top = kc_arg(req, "top") ? kc_arg(req, "top") : "";
    const char *from = kc_trim(req->r->pool, kc_arg(req, "from"));
    const char *to = kc_trim(req->r->pool, kc_arg(req, "to"));
    apr_array_header_t *found;
    kc_tlist_t *list;
    int i, known = 0, y, mo, d;
    apr_status_t rv;

    for (i = 0; tops[i]; i++) {
        kc_tctx_set_bool(req->ctx, apr_pstrcat(req->r->pool, "top_",
                                               tops[i], NULL),
                         !strcmp(top, tops[i]));
        known |= !strcmp(top, tops[i]);
    }
    kc_tctx_set(req->ctx, "from", *from ? from : "");
    kc_tctx_set(req->ctx, "to", *to ? to : kc_today(req));
    if (!*top) {
        return 0;
    }
    from = *from ? from : "2000-01-01";
    to = *to ? to : kc_today(req);
    if (!known || !kc_parse_date(from, &y, &mo, &d)
        || !kc_parse_date(to, &y, &mo, &d)) {
        *rc = kc_render_error(req, HTTP_BAD_REQUEST, !known ? "top" : "from");
        return 1;
    }
    if ((rv = kc_store_members_top(&found, req->r, top, from, to)) != APR_SUCCESS) {
        *rc = kc_render_store_error(req, rv);
        return 1;
    }
    kc_tctx_set_bool(req->ctx, "topped", 1);
    list = kc_tctx_list(req->ctx, "top");
    for (i = 0; i < found->nelts; i++) {
        const kc_member_top_t *t = &APR_ARRAY_IDX(found, i, kc_member_top_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "id", kc_i64(req, t->id));
        kc_tctx_set(item, "name", t->name);
        kc_tctx_set(item, "email", t->email);
        kc_tctx_set(item, "n", kc_i64(req, t->n));
        kc_tctx_setf(item, "url", "/admin/members/%" APR_INT64_T_FMT, t->id);
    }
    return 0;
}

int kc_page_admin_members(kc_req_t *req, const kc_route_match_t *m)
{
    const char *q = kc_trim(req->r->pool, kc_arg(req, "q"));
    apr_array_header_t *found = NULL;
    kc_tlist_t *list;
    int rc, i;
    apr_status_t rv;

    if (!kc_need_role(req, "admin", &rc)) {
        return rc;
    }
    if (members_top(req, &rc)) {
        return rc;
    }
    kc_tctx_set_bool(req->ctx, "searched", *q != '\0');
    if (*q) {
        if (kc_utf8_chars(q) > 200) {
            return kc_render_error(req, HTTP_BAD_REQUEST, "q");
        }
        if ((rv = kc_store_admin_members(&found, req->r, q)) != APR_SUCCESS) {
            return kc_render_store_error(req, rv);
        }
        list = kc_tctx_list(req->ctx, "members");
        for (i = 0; i < found->nelts && i < 50; i++) {
            const kc_admin_member_t *a = &APR_ARRAY_IDX(found, i,
                                                        kc_admin_member_t);
            kc_tctx_t *item = kc_tlist_push(list);
            kc_tctx_set(item, "id", kc_i64(req, a->id));
            kc_tctx_set(item, "name", a->name);
            kc_tctx_set(item, "email", a->email);
            kc_tctx_set(item, "role", a->role);
            kc_tctx_set(item, "role_name", kc_msg(req, apr_pstrcat(
                            req->r->pool, "role.", a->role, NULL)));
            kc_tctx_set_bool(item, "banned", a->banned);
            kc_tctx_setf(item, "url", "/admin/members/%" APR_INT64_T_FMT,
                         a->id);
        }
        kc_tctx_set_bool(req->ctx, "more", found->nelts > 50);
    }
    return kc_render_page(req, HTTP_OK, "admin/members",
                          kc_msg(req, "page.admin_members.title"));
}

int kc_page_admin_member(kc_req_t *req, const kc_route_match_t *m)
{
    kc_admin_member_t *a;
    apr_array_header_t *subjects, *levels;
    const char *level_ids = NULL, *subject_ids = NULL;
    kc_tctx_t *c;
    int rc, i;
    apr_status_t rv;

    if (!kc_need_role(req, "admin", &rc)) {
        return rc;
    }
    rv = kc_store_admin_member(&a, req->r, m->id);
    if (rv == APR_SUCCESS) rv = kc_store_member_scope_ids(&level_ids, &subject_ids, req->r, m->id);
    if (rv == APR_SUCCESS) rv = kc_store_member_taxonomy(&subjects, &levels, req->r, 0, req->labels);
    if (rv == APR_NOTFOUND) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    c = kc_tctx_child(req->ctx, "member");
    kc_tctx_set(c, "id", kc_i64(req, a->id));
    kc_tctx_set(c, "name", a->name);
    kc_tctx_set(c, "email", a->email);
    kc_tctx_set(c, "role", a->role);
    kc_tctx_set(c, "role_name", kc_msg(req, apr_pstrcat(req->r->pool, "role.",
                                                        a->role, NULL)));
    for (i = 0; roles[i]; i++) {
        kc_tctx_set_bool(c, apr_pstrcat(req->r->pool, "role_", roles[i], NULL),
                         !strcmp(a->role, roles[i]));
    }
    kc_tctx_set_bool(c, "banned", a->banned);
    kc_tctx_set(c, "banned_until", a->ban_permanent ? "" : a->banned_until);
    kc_tctx_set_bool(c, "ban_permanent", a->ban_permanent);
    kc_tctx_set(c, "ban_reason", a->ban_reason);
    kc_tctx_set_bool(c, "deleted", a->deleted);
    kc_tctx_setf(c, "profile_url", "/members/%" APR_INT64_T_FMT, a->id);
    kc_tctx_set_bool(req->ctx, "is_moderator",
                     kc_role_includes(a->role, "moderator"));
    kc_ctx_choices(req, "levels", levels, level_ids);
    kc_ctx_choices(req, "subjects", subjects, subject_ids);
    kc_tctx_set(req->ctx, "today", kc_today(req));
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    kc_tctx_set(req->ctx, "grant_key", kc_grant_key(req));
    return kc_render_page(req, HTTP_OK, "admin/member",
                          kc_msg(req, "page.admin_member.title"));
}

static int member_action(kc_req_t *req, const kc_route_match_t *m,
                         kc_query_id_t q, const char **args, const char *done)
{
    return kc_run_action(req, q, args, apr_psprintf(req->r->pool,
                                                    "/admin/members/%"
                                                    APR_INT64_T_FMT, m->id),
                         done);
}

int kc_page_admin_ban(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[5];
    int rc, y, mo, d, permanent;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);

    if (!s) {
        return rc;
    }
    permanent = kc_form_ticked(form, "permanent");
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    args[2] = permanent ? "" : kc_form_text(req, form, "until");
    args[3] = permanent ? "true" : "false";
    args[4] = kc_form_text(req, form, "reason");
    if (!permanent && (!kc_parse_date(args[2], &y, &mo, &d)
                       || strcmp(args[2], kc_today(req)) < 0)) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "until");
    }
    if (!*args[4] || kc_utf8_chars(args[4]) > 2000) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "reason");
    }
    return member_action(req, m, KC_Q_MEMBER_BAN, args, "banned");
}

int kc_page_admin_unban(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[2];
    int rc;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);

    if (!s) {
        return rc;
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    return member_action(req, m, KC_Q_MEMBER_UNBAN, args, "unbanned");
}

int kc_page_admin_role(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[3];
    int rc, i, known = 0;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);

    if (!s) {
        return rc;
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    args[2] = kc_form_text(req, form, "role");
    for (i = 0; roles[i]; i++) {
        known |= !strcmp(args[2], roles[i]);
    }
    if (!known) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "role");
    }
    return member_action(req, m, KC_Q_MEMBER_SET_ROLE, args, "role");
}

int kc_page_admin_scope(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[4], *result;
    apr_status_t rv;
    int rc;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);

    if (!s) {
        return rc;
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    args[2] = kc_form_int_array(req, form, "levels");
    args[3] = kc_form_int_array(req, form, "subjects");
    rv = kc_store_action(&result, NULL, req->r, KC_Q_MEMBER_SET_SCOPE, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    /* Only unknown ids: saving would empty the scope, which means
     * everything. Refused, naming the field. */
    if (strncmp(result, "empty_", 6) == 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, result + 6);
    }
    return kc_action_answer(req, result, apr_psprintf(req->r->pool,
                            "/admin/members/%" APR_INT64_T_FMT, m->id),
                            "scope");
}
