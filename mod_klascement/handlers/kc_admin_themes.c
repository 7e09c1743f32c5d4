/*
 * kc_admin_themes.c -- /admin/themes: the team writes theme pages (title,
 * slug, introduction, published, featured on the home page and in which
 * order), their sections (title, introduction, a saved search and how many
 * of its results) and the records chosen for each section (by id or from a
 * search on the theme's admin page; moved up and down, removed). Every
 * change is one SQL function (sql/functions/themes.sql), audited.
 */
#include "kc_page.h"
#include "kc_search.h"
#include "kc_themes.h"
#include "../store/kc_store_themes.h"
#include "../core/kc_validate.h"

#include <apr_lib.h>
#include <apr_strings.h>

#define KC_FIND_LIMIT 10

static void blank_ctx(kc_req_t *req);

/* A slug as the router's {word} takes it and the table's CHECK wants it:
 * a-z, 0-9 and inner hyphens, 1 to 32 characters. */
static int valid_slug(const char *s)
{
    apr_size_t i, n = strlen(s);
    if (n == 0 || n > 32 || s[0] == '-' || s[n - 1] == '-') {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (!apr_islower(s[i]) && !apr_isdigit(s[i]) && s[i] != '-') {
            return 0;
        }
    }
    return 1;
}

/* A whole number in [lo, hi], in decimal. */
static int valid_int(const char *s, apr_int64_t lo, apr_int64_t hi)
{
    char *end;
    apr_int64_t v;
    if (!*s || !apr_isdigit(*s)) {
        return 0;
    }
    errno = 0;
    v = apr_strtoi64(s, &end, 10);
    return errno == 0 && *end == '\0' && v >= lo && v <= hi;
}

static int checked(kc_req_t *req, apr_table_t *form, const char *name)
{
    const char *v = kc_form_text(req, form, name);
    return *v && strcmp(v, "0") != 0;
}

/* An action's answer, with 'invalid' and 'slug' as 400s naming the field.
 * back NULL: DECLINED on 'ok' (the caller answers with *id), any other
 * answer goes back to `fallback` (default /admin/themes). */
static int answer_to(kc_req_t *req, kc_query_id_t q, const char **args,
                     const char *back, const char *done, apr_int64_t *id,
                     const char *fallback)
{
    const char *result;
    apr_status_t rv = kc_store_action(&result, id, req->r, q, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "slug") == 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "slug");
    }
    if (strcmp(result, "invalid") == 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, NULL);
    }
    if (!back && strcmp(result, "ok") == 0) {
        return DECLINED;            /* the caller answers with *id */
    }
    return kc_action_answer(req, result, back ? back : fallback ? fallback
                                              : "/admin/themes", done);
}

static int answer(kc_req_t *req, kc_query_id_t q, const char **args,
                  const char *back, const char *done, apr_int64_t *id)
{
    return answer_to(req, q, args, back, done, id, NULL);
}

/* GET /admin/themes: every theme, and the form for a new one. */
int kc_page_admin_themes(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *themes;
    int rc;
    apr_status_t rv;

    if (!kc_need_role(req, "admin", &rc)) {
        return rc;
    }
    if ((rv = kc_store_themes_list(&themes, req->r, "admin")) != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    kc_themes_to_ctx(req, "themes", themes);
    blank_ctx(req);
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    return kc_render_page(req, HTTP_OK, "admin/themes",
                          kc_msg(req, "page.admin_themes.title"));
}

/* POST /admin/themes (new) and /admin/themes/{id} (change): slug, title,
 * intro, published, featured, order. */
static int theme_save(kc_req_t *req, apr_int64_t id)
{
    apr_table_t *form;
    const char *args[8];
    apr_int64_t new_id = 0;
    int rc;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);

    if (!s) {
        return rc;
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = id ? kc_i64(req, id) : "";
    args[2] = kc_trim(req->r->pool, kc_form_text(req, form, "slug"));
    args[3] = kc_trim(req->r->pool, kc_form_text(req, form, "title"));
    args[4] = kc_trim(req->r->pool, kc_form_text(req, form, "intro"));
    args[5] = checked(req, form, "published") ? "true" : "false";
    args[6] = checked(req, form, "featured") ? "true" : "false";
    args[7] = kc_trim(req->r->pool, kc_form_text(req, form, "order"));
    if (!*args[7]) {
        args[7] = "0";
    }
    if (!valid_slug(args[2])) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "slug");
    }
    if (!*args[3] || kc_utf8_chars(args[3]) > 200) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "title");
    }
    if (kc_utf8_chars(args[4]) > 5000) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "intro");
    }
    if (!valid_int(args[7], 0, 1000)) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "order");
    }
    rc = answer(req, KC_Q_THEME_SAVE, args, NULL, NULL, &new_id);
    if (rc != DECLINED) {
        return rc;
    }
    return kc_redirect(req, apr_psprintf(req->r->pool, "/admin/themes/%"
                                         APR_INT64_T_FMT "?done=%s", new_id,
                                         id ? "saved" : "created"));
}

int kc_page_admin_theme_create(kc_req_t *req, const kc_route_match_t *m)
{
    return theme_save(req, 0);
}

int kc_page_admin_theme_save(kc_req_t *req, const kc_route_match_t *m)
{
    return theme_save(req, m->id);
}

/* POST /admin/themes/{id}/delete */
int kc_page_admin_theme_delete(kc_req_t *req, const kc_route_match_t *m)
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
    return answer(req, KC_Q_THEME_DELETE, args, "/admin/themes", "deleted",
                  NULL);
}

/* The sections with their chosen records (any state) as `sections`. */
static apr_status_t sections_ctx(kc_req_t *req, apr_int64_t theme,
                                 kc_tlist_t **sel)
{
    apr_array_header_t *sections, *items;
    kc_tlist_t *list = kc_tctx_list(req->ctx, "sections");
    int i, j;
    apr_status_t rv;

    *sel = kc_tctx_list(req->ctx, "section_choices");
    if ((rv = kc_store_theme_sections(&sections, req->r, theme)) != APR_SUCCESS
        || (rv = kc_store_theme_items_admin(&items, req->r, theme))
           != APR_SUCCESS) {
        return rv;
    }
    for (i = 0; i < sections->nelts; i++) {
        const kc_theme_section_t *sec = &APR_ARRAY_IDX(sections, i,
                                                       kc_theme_section_t);
        kc_tctx_t *item = kc_tlist_push(list), *choice = kc_tlist_push(*sel);
        kc_tlist_t *recs = kc_tctx_list(item, "items");

        kc_tctx_set(item, "id", kc_i64(req, sec->id));
        kc_tctx_set(item, "title", sec->title);
        kc_tctx_set(item, "intro", sec->intro);
        kc_tctx_set(item, "search", sec->search);
        kc_tctx_set_int(item, "search_limit", sec->search_limit);
        kc_tctx_set(choice, "id", kc_i64(req, sec->id));
        kc_tctx_set(choice, "title", sec->title);
        for (j = 0; j < items->nelts; j++) {
            const kc_theme_item_t *it = &APR_ARRAY_IDX(items, j,
                                                       kc_theme_item_t);
            kc_tctx_t *ri;
            if (it->section_id != sec->id) {
                continue;
            }
            ri = kc_tlist_push(recs);
            kc_tctx_set(ri, "record_id", kc_i64(req, it->record_id));
            kc_tctx_set(ri, "title", it->title);
            kc_tctx_set(ri, "state", it->state);
            kc_tctx_set_bool(ri, "live", strcmp(it->state, "published") == 0);
        }
    }
    return APR_SUCCESS;
}

/* Search results to add, as `found` (record_id, record_title, url: the
 * section choices inside each have their own id and title). */
static void found_ctx(kc_req_t *req, const apr_array_header_t *items)
{
    kc_tlist_t *list = kc_tctx_list(req->ctx, "found");
    int i;
    for (i = 0; i < items->nelts; i++) {
        const kc_record_summary_t *rec = &APR_ARRAY_IDX(items, i,
                                                        kc_record_summary_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "record_id", kc_i64(req, rec->id));
        kc_tctx_set(item, "record_title", rec->title);
        kc_tctx_setf(item, "url", "/records/%" APR_INT64_T_FMT, rec->id);
    }
}

/* Empty values for a "new" form (its fields' names are also the page's). */
static void blank_ctx(kc_req_t *req)
{
    kc_tctx_t *b = kc_tctx_child(req->ctx, "blank");
    kc_tctx_set(b, "id", "new");
    kc_tctx_set(b, "title", "");
    kc_tctx_set(b, "slug", "");
    kc_tctx_set(b, "intro", "");
    kc_tctx_set(b, "search", "");
    kc_tctx_set(b, "search_limit", "5");
    kc_tctx_set(b, "feature_order", "0");
    kc_tctx_set_bool(b, "published", 0);
    kc_tctx_set_bool(b, "featured", 0);
}

/* GET /admin/themes/{id}[?find=words]: the theme's form, its sections and
 * their records, and (find) published records to add. */
int kc_page_admin_theme(kc_req_t *req, const kc_route_match_t *m)
{
    kc_theme_t *t;
    kc_tlist_t *sel;
    const char *find = kc_trim(req->r->pool, kc_arg(req, "find"));
    int rc;
    apr_status_t rv;

    if (!kc_need_role(req, "admin", &rc)) {
        return rc;
    }
    rv = kc_store_theme_get(&t, req->r, NULL, m->id);
    if (rv == APR_NOTFOUND) {
        return kc_render_error(req, HTTP_NOT_FOUND, NULL);
    }
    if (rv != APR_SUCCESS || (rv = sections_ctx(req, t->id, &sel))
                             != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    {
        kc_tctx_t *c = kc_tctx_child(req->ctx, "theme");
        kc_tctx_set(c, "id", kc_i64(req, t->id));
        kc_tctx_set(c, "slug", t->slug);
        kc_tctx_set(c, "title", t->title);
        kc_tctx_set(c, "intro", t->intro);
        kc_tctx_set_bool(c, "published", t->published);
        kc_tctx_set_bool(c, "featured", t->featured);
        kc_tctx_set_int(c, "feature_order", t->feature_order);
    }
    if (*find && kc_tlist_count(sel) > 0) {
        kc_search_t s = { 0 };
        kc_record_page_t *page;
        if (kc_utf8_chars(find) > 200) {
            return kc_render_error(req, HTTP_BAD_REQUEST, "find");
        }
        s.q = find;
        s.sort = "relevance";
        rv = kc_store_record_search(&page, req->r, req->labels, &s, 0,
                                    KC_FIND_LIMIT);
        if (rv != APR_SUCCESS) {
            return kc_render_store_error(req, rv);
        }
        found_ctx(req, page->items);
        kc_tctx_set_bool(req->ctx, "searched", 1);
    }
    blank_ctx(req);
    kc_tctx_set(req->ctx, "find", find);
    kc_tctx_set(req->ctx, "done", kc_arg(req, "done"));
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    return kc_render_page(req, HTTP_OK, "admin/theme", t->title);
}

/* The admin page of the theme an action answered for ('ok:<theme>');
 * another answer ('already') goes back to the form's own theme page when
 * the form names it (field theme). */
static int back_to_theme(kc_req_t *req, kc_query_id_t q, const char **args,
                         const char *done, apr_table_t *form)
{
    apr_int64_t theme = 0;
    const char *own = kc_form_text(req, form, "theme");
    int rc = answer_to(req, q, args, NULL, done, &theme,
                       valid_int(own, 1, APR_INT64_C(999999999999999))
                       ? apr_pstrcat(req->r->pool, "/admin/themes/", own, NULL)
                       : NULL);
    if (rc != DECLINED) {
        return rc;
    }
    return kc_redirect(req, apr_psprintf(req->r->pool, "/admin/themes/%"
                                         APR_INT64_T_FMT "?done=%s", theme,
                                         done));
}

/* POST /admin/themes/{id}/sections (new) and /admin/theme-sections/{id}
 * (change): title, intro, search (a query string of /records), limit. */
static int section_save(kc_req_t *req, apr_int64_t theme, apr_int64_t section)
{
    apr_table_t *form;
    const char *args[7], *bad = NULL;
    kc_search_t s;
    int rc;
    kc_session_t *ses = kc_role_post(req, "admin", &form, &rc);

    if (!ses) {
        return rc;
    }
    args[0] = kc_i64(req, ses->member_id);
    args[1] = theme ? kc_i64(req, theme) : "0";
    args[2] = section ? kc_i64(req, section) : "";
    args[3] = kc_trim(req->r->pool, kc_form_text(req, form, "title"));
    args[4] = kc_trim(req->r->pool, kc_form_text(req, form, "intro"));
    args[5] = kc_trim(req->r->pool, kc_form_text(req, form, "search"));
    args[6] = kc_trim(req->r->pool, kc_form_text(req, form, "limit"));
    if (!*args[6]) {
        args[6] = "5";
    }
    if (!*args[3] || kc_utf8_chars(args[3]) > 200) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "title");
    }
    if (kc_utf8_chars(args[4]) > 2000) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "intro");
    }
    if (strlen(args[5]) > 500
        || (*args[5] && (rc = kc_theme_search_parse(req, args[5], &s, &bad)))) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "search");
    }
    if (!valid_int(args[6], 1, 20)) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "limit");
    }
    return back_to_theme(req, KC_Q_THEME_SECTION_SAVE, args, "section_saved",
                         form);
}

int kc_page_admin_theme_section_add(kc_req_t *req, const kc_route_match_t *m)
{
    return section_save(req, m->id, 0);
}

/* POST /admin/theme-sections/{id} */
int kc_page_admin_theme_section_save(kc_req_t *req, const kc_route_match_t *m)
{
    return section_save(req, 0, m->id);
}

/* POST /admin/theme-sections/{id}/change: change = delete | up | down. */
int kc_page_admin_theme_section_change(kc_req_t *req,
                                       const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[3];
    int rc;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);

    if (!s) {
        return rc;
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    args[2] = kc_form_text(req, form, "change");
    if (strcmp(args[2], "delete") && strcmp(args[2], "up")
        && strcmp(args[2], "down")) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "change");
    }
    return back_to_theme(req, KC_Q_THEME_SECTION_CHANGE, args,
                         "section_changed", form);
}

/* POST /admin/theme-sections/{id}/items: record (an id, or the address of
 * its page), change = add | remove | up | down. */
int kc_page_admin_theme_item(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[4], *rec;
    int rc;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);

    if (!s) {
        return rc;
    }
    rec = kc_trim(req->r->pool, kc_form_text(req, form, "record"));
    if (strncmp(rec, "/records/", 9) == 0 || strstr(rec, "/records/")) {
        rec = strstr(rec, "/records/") + 9;
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    args[2] = rec;
    args[3] = kc_form_text(req, form, "change");
    if (!valid_int(rec, 1, APR_INT64_C(999999999999999))) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "record");
    }
    if (strcmp(args[3], "add") && strcmp(args[3], "remove")
        && strcmp(args[3], "up") && strcmp(args[3], "down")) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "change");
    }
    return back_to_theme(req, KC_Q_THEME_ITEM_CHANGE, args, "item_changed",
                         form);
}
