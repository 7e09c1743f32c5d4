/*
 * kc_org.c -- organisation pages, the training-organisation search, the
 * calendar of activities.
 */
#include "kc_community.h"
#include "../store/kc_store_community.h"
#include "../store/kc_store_contrib.h"
#include "../store/kc_store_moderation.h"
#include "../core/kc_escape.h"
#include "../core/kc_validate.h"

#define KC_LIST_PAGE 20

static const char *const org_kinds[] = { "school", "publisher", "training", NULL };

int kc_page_organisation(kc_req_t *req, const kc_route_match_t *m)
{
    kc_session_t *s = kc_session(req->r, NULL);
    kc_organisation_t *o;
    apr_array_header_t *records;
    kc_tctx_t *c;
    apr_status_t rv = kc_store_organisation(&o, req->r, req->lang, m->id);

    if (rv == APR_SUCCESS) {
        rv = kc_store_org_records(&records, req->r, req->labels, m->id);
    }
    if (rv == APR_NOTFOUND) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    c = kc_tctx_child(req->ctx, "organisation");
    kc_tctx_set(c, "id", kc_i64(req, o->id));
    kc_tctx_set(c, "name", o->name);
    kc_tctx_set(c, "kind", o->kind);
    kc_tctx_set(c, "kind_name", kc_msg(req, apr_pstrcat(req->r->pool,
                                                        "org.kind.", o->kind,
                                                        NULL)));
    kc_tctx_set(c, "description", o->description);
    kc_tctx_set(c, "contact", o->contact);
    kc_tctx_set_bool(c, "contact_is_email", kc_valid_email(o->contact));
    kc_tctx_set(c, "website", o->website);
    kc_tctx_set(c, "province_name", o->province_name);
    kc_tctx_set(c, "themes", o->themes);
    kc_tctx_setf(c, "member_url", "/members/%" APR_INT64_T_FMT, o->id);
    kc_tctx_set_bool(c, "is_mine", s && s->member_id == o->id);
    kc_tctx_set(req->ctx, "name", o->name);
    kc_records_to_ctx(req, kc_tctx_list(req->ctx, "records"), records);
    kc_pager_ctx(req, 1, records->nelts, 50, apr_psprintf(
                     req->r->pool, "/organisations/%" APR_INT64_T_FMT, o->id));
    return kc_render_page(req, HTTP_OK, "organisations/show",
                          kc_msg(req, "page.organisation.title"));
}

static apr_status_t province_select(kc_req_t *req, const char *selected)
{
    apr_array_header_t *provs;
    apr_status_t rv = kc_store_provinces(&provs, req->r, req->lang);

    if (rv == APR_SUCCESS) {
        kc_ctx_select(req, "provinces", provs, selected);
    }
    return rv;
}

/* The organisation form, with `form` (posted) or the saved profile. */
static int org_form(kc_req_t *req, kc_session_t *s, int status,
                    apr_table_t *form)
{
    kc_organisation_t *o = NULL;
    kc_tlist_t *list;
    const char *kind;
    int i;
    apr_status_t rv = kc_store_organisation(&o, req->r, req->lang,
                                            s->member_id);

    if (rv != APR_SUCCESS && rv != APR_NOTFOUND) {
        return kc_render_store_error(req, rv);
    }
    if (rv == APR_NOTFOUND) {
        o = NULL;
    }
#define VAL(field, name) (form ? kc_form_text(req, form, name) \
                               : o ? o->field : "")
    kind = VAL(kind, "kind");
    if ((rv = province_select(req, VAL(province, "province"))) != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    list = kc_tctx_list(req->ctx, "kinds");
    for (i = 0; org_kinds[i]; i++) {
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "value", org_kinds[i]);
        kc_tctx_set(item, "name", kc_msg(req, apr_pstrcat(
                        req->r->pool, "org.kind.", org_kinds[i], NULL)));
        kc_tctx_set_bool(item, "selected", !strcmp(kind, org_kinds[i]));
    }
    kc_tctx_set(req->ctx, "org_name", VAL(name, "name"));
    kc_tctx_set(req->ctx, "description", VAL(description, "description"));
    kc_tctx_set(req->ctx, "contact", VAL(contact, "contact"));
    kc_tctx_set(req->ctx, "website", VAL(website, "website"));
    kc_tctx_set(req->ctx, "themes", VAL(themes, "themes"));
#undef VAL
    if (o) {
        kc_tctx_setf(req->ctx, "profile_url", "/organisations/%"
                     APR_INT64_T_FMT, s->member_id);
    }
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    return kc_render_page(req, status, "me/organisation",
                          kc_msg(req, "page.my_organisation.title"));
}

static kc_session_t *organisation_member(kc_req_t *req, int *rc)
{
    kc_session_t *s = kc_need_member(req, rc);
    if (s && strcmp(s->role, "organisation") != 0) {
        *rc = kc_render_error(req, HTTP_FORBIDDEN, NULL);
        return NULL;
    }
    return s;
}

int kc_page_my_organisation_form(kc_req_t *req, const kc_route_match_t *m)
{
    int rc;
    kc_session_t *s = organisation_member(req, &rc);
    return s ? org_form(req, s, HTTP_OK, NULL) : rc;
}

int kc_page_my_organisation(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    kc_errors_t *e;
    const char *args[8], *result;
    int rc, i, known = 0;
    kc_session_t *s = organisation_member(req, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    if ((rc = kc_form_read(req, &form)) != OK) {
        return kc_render_error(req, rc, req->bad_field);
    }
    e = kc_errors_make(req);
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_form_text(req, form, "kind");
    args[2] = kc_form_text(req, form, "name");
    args[3] = kc_form_text(req, form, "description");
    args[4] = kc_form_text(req, form, "contact");
    args[5] = kc_form_text(req, form, "website");
    args[6] = kc_form_text(req, form, "province");
    args[7] = kc_form_text(req, form, "themes");
    for (i = 0; org_kinds[i]; i++) {
        known |= !strcmp(args[1], org_kinds[i]);
    }
    if (!known) kc_error_add(e, "kind", "form.error.choice", NULL);
    if (!*args[2]) kc_error_add(e, "name", "form.error.required", NULL);
    else if (kc_utf8_chars(args[2]) > 200) kc_error_add(e, "name", "form.error.too_long", "200");
    if (kc_utf8_chars(args[3]) > 5000) kc_error_add(e, "description", "form.error.too_long", "5000");
    if (kc_utf8_chars(args[4]) > 200) kc_error_add(e, "contact", "form.error.too_long", "200");
    if (*args[5] && !kc_valid_web_url(args[5])) kc_error_add(e, "website", "form.error.url", NULL);
    if (kc_utf8_chars(args[7]) > 1000) kc_error_add(e, "themes", "form.error.too_long", "1000");
    if (e->count) {
        return org_form(req, s, HTTP_BAD_REQUEST, form);
    }
    rv = kc_store_action(&result, NULL, req->r, KC_Q_ORG_SAVE, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (!strcmp(result, "province")) {
        kc_error_add(e, "province", "form.error.choice", NULL);
        return org_form(req, s, HTTP_BAD_REQUEST, form);
    }
    if (strcmp(result, "ok") != 0) {
        return kc_render_error(req, HTTP_FORBIDDEN, NULL);
    }
    return kc_redirect(req, "/me/organisation?done=organisation_saved");
}

int kc_page_training(kc_req_t *req, const kc_route_match_t *m)
{
    const char *q = kc_trim(req->r->pool, kc_arg(req, "q"));
    const char *theme = kc_trim(req->r->pool, kc_arg(req, "theme"));
    const char *prov = kc_arg(req, "province");
    apr_array_header_t *hits;
    apr_int64_t page, total;
    kc_tlist_t *list;
    int i;
    apr_status_t rv;

    if (kc_arg_int(req, "page", 1, 1, 10000, &page) != APR_SUCCESS) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "page");
    }
    if (kc_utf8_chars(q) > 200 || kc_utf8_chars(theme) > 200) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "q");
    }
    rv = kc_store_training(&hits, &total, req->r, req->lang, q, theme, prov,
                           (page - 1) * KC_LIST_PAGE, KC_LIST_PAGE);
    if (rv == APR_SUCCESS) {
        rv = province_select(req, prov);
    }
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    list = kc_tctx_list(req->ctx, "organisations");
    for (i = 0; i < hits->nelts; i++) {
        const kc_training_hit_t *h = &APR_ARRAY_IDX(hits, i, kc_training_hit_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "id", kc_i64(req, h->id));
        kc_tctx_set(item, "name", h->name);
        kc_tctx_setf(item, "url", "/organisations/%" APR_INT64_T_FMT, h->id);
        kc_tctx_set(item, "description", h->description);
        kc_tctx_set(item, "province_name", h->province_name);
        kc_tctx_set(item, "themes", h->themes);
    }
    kc_tctx_set(req->ctx, "theme", theme);
    kc_tctx_set_bool(req->ctx, "searched", *q || *theme || (prov && *prov));
    kc_tctx_set_int(req->ctx, "total", total);
    kc_pager_ctx(req, page, total, KC_LIST_PAGE, apr_pstrcat(
                     req->r->pool, "/training?q=", kc_url_encode(req->r->pool, q),
                     "&theme=", kc_url_encode(req->r->pool, theme),
                     "&province=", kc_url_encode(req->r->pool, prov), NULL));
    /* The activities of the organisations, of the chosen province. */
    kc_feed_link(req, "text/calendar", prov && *prov
                 ? apr_pstrcat(req->r->pool, "/training.ics?province=",
                               kc_url_encode(req->r->pool, prov), NULL)
                 : "/training.ics", kc_msg(req, "feed.training.link"));
    return kc_render_page(req, HTTP_OK, "training/index",
                          kc_msg(req, "page.training.title"));
}

int kc_page_calendar(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *events;
    apr_int64_t page, total;
    kc_tlist_t *list;
    int i;
    apr_status_t rv;

    if (kc_arg_int(req, "page", 1, 1, 10000, &page) != APR_SUCCESS) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "page");
    }
    rv = kc_store_calendar(&events, &total, req->r, (page - 1) * KC_LIST_PAGE,
                           KC_LIST_PAGE);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    list = kc_tctx_list(req->ctx, "events");
    for (i = 0; i < events->nelts; i++) {
        const kc_event_t *e = &APR_ARRAY_IDX(events, i, kc_event_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "id", kc_i64(req, e->id));
        kc_tctx_set(item, "title", e->title);
        kc_tctx_setf(item, "url", "/records/%" APR_INT64_T_FMT, e->id);
        kc_tctx_set(item, "start_date", e->date);
        kc_tctx_set(item, "start_time", e->time);
        kc_tctx_set(item, "place", e->place);
        kc_tctx_set(item, "online_url", e->online_url);
    }
    kc_pager_ctx(req, page, total, KC_LIST_PAGE, "/calendar");
    kc_feed_link(req, "text/calendar", "/calendar.ics",
                 kc_msg(req, "feed.calendar.link"));
    return kc_render_page(req, HTTP_OK, "calendar/index",
                          kc_msg(req, "page.calendar.title"));
}
