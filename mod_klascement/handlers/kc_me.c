/*
 * kc_me.c -- profiles and the member's own account pages (/me/...).
 */
#include "kc_page.h"
#include "../http/kc_body.h"
#include "../store/kc_store_members.h"
#include "../jobs/kc_stats.h"
#include "../store/kc_store_community.h"
#include "../core/kc_escape.h"
#include "../core/kc_validate.h"

#define KC_MAX_PICTURE   (2 * 1024 * 1024)
#define KC_LEDGER_PAGE   20

const char *kc_profile_url(kc_req_t *req, apr_int64_t id, const char *done)
{
    return apr_psprintf(req->r->pool, "/members/%" APR_INT64_T_FMT "%s%s", id,
                        done ? "?done=" : "", done ? done : "");
}

static void names_to_list(kc_tctx_t *c, const char *key,
                          const apr_array_header_t *names)
{
    kc_tlist_t *list = kc_tctx_list(c, key);
    int i;
    for (i = 0; i < names->nelts; i++) {
        kc_tctx_set(kc_tlist_push(list), "name",
                    APR_ARRAY_IDX(names, i, const char *));
    }
}


int kc_page_member(kc_req_t *req, const kc_route_match_t *m)
{
    kc_session_t *s = kc_session(req->r, NULL);
    kc_profile_t *p;
    kc_tctx_t *c;
    apr_status_t rv = kc_store_profile(&p, req->r, m->id, req->labels);

    if (rv == APR_NOTFOUND) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_stats_profile(req->r, p->id);
    c = kc_tctx_child(req->ctx, "member");
    kc_tctx_set_int(c, "id", p->id);
    kc_tctx_set(c, "name", apr_pstrcat(req->r->pool, p->first_name, " ",
                                       p->surname, NULL));
    kc_tctx_set(c, "first_name", p->first_name);
    kc_tctx_set(c, "surname", p->surname);
    kc_tctx_set(c, "expertise", p->expertise);
    kc_tctx_set(c, "organisation", p->organisation);
    kc_tctx_set_bool(c, "has_picture", p->has_picture);
    kc_tctx_set(c, "picture_url", apr_psprintf(req->r->pool, "/members/%"
                                               APR_INT64_T_FMT "/picture",
                                               p->id));
    kc_tctx_set(c, "country", p->country);
    kc_tctx_set(c, "country_name", kc_msg(req, apr_pstrcat(
                    req->r->pool, "country.", p->country, NULL)));
    kc_tctx_set(c, "member_since", p->member_since);
    kc_tctx_set(c, "role", p->role);
    kc_tctx_set(c, "role_name", kc_msg(req, apr_pstrcat(req->r->pool, "role.",
                                                        p->role, NULL)));
    names_to_list(c, "subjects", p->subjects);
    names_to_list(c, "levels", p->levels);
    kc_tctx_set_bool(req->ctx, "is_self", s && s->member_id == p->id);
    if (!strcmp(p->role, "organisation")) {
        kc_tctx_setf(c, "organisation_url", "/organisations/%" APR_INT64_T_FMT,
                     p->id);
    }
    if (s && s->member_id != p->id) {
        kc_relation_t rel;
        if ((rv = kc_store_relation(&rel, req->r, s->member_id, p->id))
            != APR_SUCCESS) {
            return kc_render_store_error(req, rv);
        }
        kc_tctx_set_bool(req->ctx, "is_following", rel.following);
        kc_tctx_set_bool(req->ctx, "is_blocked", rel.blocked);
        kc_tctx_set_bool(req->ctx, "can_message", !rel.blocked
                                                  && !rel.blocked_by);
        kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    }
    if (s && s->member_id == p->id) {
        kc_foryou_ctx(req, kc_profile_url(req, p->id, NULL));
    }
    if (s) {
        apr_table_setn(req->r->headers_out, "Cache-Control",
                       "private, no-store");
    }
    kc_tctx_set(req->ctx, "name", kc_tctx_get(c, "name"));
    kc_feed_link(req, "application/atom+xml",
                 apr_psprintf(req->r->pool, "/members/%" APR_INT64_T_FMT
                              ".atom", p->id), kc_msg(req, "feed.member.link"));
    return kc_render_page(req, HTTP_OK, "members/profile",
                          kc_msg(req, "page.profile.title"));
}

int kc_page_member_picture(kc_req_t *req, const kc_route_match_t *m)
{
    const char *sha, *type;
    apr_status_t rv = kc_store_member_picture(&sha, &type, req->r, m->id);

    if (rv == APR_NOTFOUND) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    apr_table_setn(req->r->headers_out, "Cache-Control", "public, max-age=300");
    return kc_upload_send(req, sha, type, NULL);
}

int kc_page_me(kc_req_t *req, const kc_route_match_t *m)
{
    int rc;
    kc_session_t *s = kc_need_member(req, &rc);
    return s ? kc_redirect(req, kc_profile_url(req, s->member_id, NULL)) : rc;
}

/* ---- profile edit -------------------------------------------------------- */

static void choices_to_list(kc_tctx_t *c, const char *key,
                            const apr_array_header_t *choices)
{
    kc_tlist_t *list = kc_tctx_list(c, key);
    int i;
    for (i = 0; i < choices->nelts; i++) {
        const kc_choice_t *ch = &APR_ARRAY_IDX(choices, i, kc_choice_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set_int(item, "id", ch->id);
        kc_tctx_set(item, "name", ch->name);
        kc_tctx_set_bool(item, "checked", ch->checked);
    }
}

static int profile_form(kc_req_t *req, kc_session_t *s, int status,
                        const kc_profile_update_t *entered)
{
    kc_profile_t *p;
    apr_array_header_t *subjects, *levels;
    kc_tctx_t *c = req->ctx;
    apr_status_t rv = kc_store_profile(&p, req->r, s->member_id, req->labels);

    if (rv == APR_SUCCESS) {
        rv = kc_store_member_taxonomy(&subjects, &levels, req->r,
                                      s->member_id, req->labels);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_tctx_set(c, "first_name", entered ? entered->first_name : p->first_name);
    kc_tctx_set(c, "surname", entered ? entered->surname : p->surname);
    kc_tctx_set(c, "expertise", entered ? entered->expertise : p->expertise);
    kc_tctx_set(c, "organisation",
                entered ? entered->organisation : p->organisation);
    kc_tctx_set_bool(c, "lang_pref_nl", strcmp(p->lang, "nl") == 0);
    kc_tctx_set_bool(c, "lang_pref_en", strcmp(p->lang, "en") == 0);
    choices_to_list(c, "subjects", subjects);
    choices_to_list(c, "levels", levels);
    kc_tctx_set_bool(c, "has_picture", p->has_picture);
    kc_tctx_set(c, "picture_url", apr_psprintf(req->r->pool, "/members/%"
                                               APR_INT64_T_FMT "/picture",
                                               p->id));
    kc_tctx_set_int(c, "max_picture_mb", KC_MAX_PICTURE / (1024 * 1024));
    kc_tctx_set(c, "csrf", kc_csrf_token(req));
    return kc_render_page(req, status, "account/profile_edit",
                          kc_msg(req, "page.profile_edit.title"));
}

int kc_page_profile_form(kc_req_t *req, const kc_route_match_t *m)
{
    int rc;
    kc_session_t *s = kc_need_member(req, &rc);
    return s ? profile_form(req, s, HTTP_OK, NULL) : rc;
}

static int is_picture_type(const char *type)
{
    return type && (strcmp(type, "image/jpeg") == 0
                    || strcmp(type, "image/png") == 0
                    || strcmp(type, "image/webp") == 0);
}

int kc_page_profile_save(kc_req_t *req, const kc_route_match_t *m)
{
    kc_session_t *s;
    apr_table_t *form;
    apr_array_header_t *files;
    kc_upload_t *pic;
    kc_profile_update_t u;
    kc_errors_t *e;
    const char *bad;
    apr_status_t rv;
    int rc;

    if (!(s = kc_need_member(req, &rc))) {
        return rc;
    }
    rc = kc_body_multipart(req, KC_MAX_PICTURE, &form, &files, &bad);
    if (rc == HTTP_REQUEST_ENTITY_TOO_LARGE && bad) {
        e = kc_errors_make(req);
        kc_error_add(e, "picture", "form.error.picture_size",
                     apr_itoa(req->r->pool, KC_MAX_PICTURE / (1024 * 1024)));
        return profile_form(req, s, HTTP_REQUEST_ENTITY_TOO_LARGE, NULL);
    }
    if (rc != OK) {
        return kc_render_error(req, rc, bad);
    }
    if ((rc = kc_form_check_csrf(req, form)) != OK) {
        return kc_render_error(req, rc, req->bad_field);
    }
    e = kc_errors_make(req);
    memset(&u, 0, sizeof(u));
    u.first_name = kc_form_text(req, form, "first_name");
    u.surname = kc_form_text(req, form, "surname");
    u.expertise = kc_form_text(req, form, "expertise");
    u.organisation = kc_form_text(req, form, "organisation");
    u.lang = kc_form_text(req, form, "lang");
    u.subjects = kc_form_int_array(req, form, "subjects");
    u.levels = kc_form_int_array(req, form, "levels");
    u.picture = kc_form_ticked(form, "remove_picture") ? "remove" : "keep";
    if (!*u.first_name) kc_error_add(e, "first_name", "form.error.required", NULL);
    else if (kc_utf8_chars(u.first_name) > 100) kc_error_add(e, "first_name", "form.error.too_long", "100");
    if (!*u.surname) kc_error_add(e, "surname", "form.error.required", NULL);
    else if (kc_utf8_chars(u.surname) > 100) kc_error_add(e, "surname", "form.error.too_long", "100");
    if (kc_utf8_chars(u.expertise) > 2000) kc_error_add(e, "expertise", "form.error.too_long", "2000");
    if (kc_utf8_chars(u.organisation) > 200) kc_error_add(e, "organisation", "form.error.too_long", "200");
    if (strcmp(u.lang, "nl") != 0 && strcmp(u.lang, "en") != 0) {
        u.lang = req->lang;
    }
    pic = kc_upload_get(files, "picture");
    if (pic && pic->size > 0) {
        if (!is_picture_type(pic->type)) {
            kc_error_add(e, "picture", "form.error.picture_type", NULL);
        }
        else {
            u.picture = "set";
            u.picture_sha256 = pic->sha256;
            u.picture_type = pic->type;
        }
    }
    if (e->count) {
        return profile_form(req, s, HTTP_BAD_REQUEST, &u);
    }
    if (pic && strcmp(u.picture, "set") == 0
        && kc_upload_store(req, pic) != APR_SUCCESS) {
        return kc_render_error(req, HTTP_INTERNAL_SERVER_ERROR, NULL);
    }
    rv = kc_store_profile_update(req->r, s->member_id, &u);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    return kc_redirect(req, kc_profile_url(req, s->member_id, "profile"));
}
