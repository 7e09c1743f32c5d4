/*
 * kc_admin_synonyms.c -- /admin/synonyms: the synonyms and abbreviations
 * search applies at query time ("wo ii" = "tweede wereldoorlog"), which the
 * team lists, adds, edits and deletes. Each change is audited and empties
 * the search caches and every node's page cache (sql/functions/search.sql),
 * so the next search uses it.
 */
#include "kc_page.h"
#include "../store/kc_store_synonyms.h"
#include "../core/kc_validate.h"

int kc_page_admin_synonyms(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *list;
    kc_tlist_t *items;
    int rc, i;
    apr_status_t rv;

    if (!kc_need_role(req, "admin", &rc)) {
        return rc;
    }
    if ((rv = kc_store_synonyms(&list, req->r)) != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    items = kc_tctx_list(req->ctx, "synonyms");
    for (i = 0; i < list->nelts; i++) {
        const kc_synonym_t *y = &APR_ARRAY_IDX(list, i, kc_synonym_t);
        kc_tctx_t *item = kc_tlist_push(items);
        kc_tctx_set(item, "id", kc_i64(req, y->id));
        kc_tctx_set(item, "term", y->term);
        kc_tctx_set(item, "expansion", y->expansion);
        kc_tctx_set(item, "updated", y->updated);
        kc_tctx_set(item, "editor", y->editor);
    }
    kc_tctx_set_bool(req->ctx, "none", list->nelts == 0);
    kc_tctx_set_int(req->ctx, "count", list->nelts);
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    return kc_render_page(req, HTTP_OK, "admin/synonyms",
                          kc_msg(req, "page.admin_synonyms.title"));
}

/* Add (id NULL) or change synonym `id`: term and expansion, words of at
 * most 100 and 200 characters (the SQL function writes them lower case,
 * one space between words). */
static int save(kc_req_t *req, const char *id)
{
    apr_table_t *form;
    const char *args[4], *result;
    int rc;
    apr_status_t rv;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);

    if (!s) {
        return rc;
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = id ? id : "";
    args[2] = kc_trim(req->r->pool, kc_form_text(req, form, "term"));
    args[3] = kc_trim(req->r->pool, kc_form_text(req, form, "expansion"));
    if (!*args[2] || kc_utf8_chars(args[2]) > 100) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "term");
    }
    if (!*args[3] || kc_utf8_chars(args[3]) > 200) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "expansion");
    }
    rv = kc_store_action(&result, NULL, req->r, KC_Q_SYNONYM_SAVE, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    if (strcmp(result, "invalid") == 0) {
        return kc_render_error(req, HTTP_BAD_REQUEST, "expansion");
    }
    if (strcmp(result, "duplicate") == 0) {
        return kc_render_error(req, HTTP_CONFLICT, "term");
    }
    return kc_action_answer(req, result, "/admin/synonyms",
                            id ? "synonym_saved" : "synonym_added");
}

/* POST /admin/synonyms */
int kc_page_admin_synonym_add(kc_req_t *req, const kc_route_match_t *m)
{
    return save(req, NULL);
}

/* POST /admin/synonyms/{id} */
int kc_page_admin_synonym_edit(kc_req_t *req, const kc_route_match_t *m)
{
    return save(req, kc_i64(req, m->id));
}

/* POST /admin/synonyms/{id}/delete */
int kc_page_admin_synonym_delete(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *args[2], *result;
    int rc;
    apr_status_t rv;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);

    if (!s) {
        return rc;
    }
    args[0] = kc_i64(req, s->member_id);
    args[1] = kc_i64(req, m->id);
    rv = kc_store_action(&result, NULL, req->r, KC_Q_SYNONYM_DELETE, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    return kc_action_answer(req, result, "/admin/synonyms", "synonym_deleted");
}
