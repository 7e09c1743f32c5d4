/*
 * kc_page.c -- what every page file uses: the guards (a member, a role, a
 * posted form), ids as text, the answer to an action function, the pager,
 * and the template contexts of form choices.
 */
#include "kc_page.h"
#include "../core/kc_escape.h"

/* ---- guards ------------------------------------------------------------ */

/* The member, or NULL after answering (login redirect or 503). Pages of
 * /me are protected by `Require klascement-role member` too; this is the
 * second line. */
kc_session_t *kc_need_member(kc_req_t *req, int *rc)
{
    int db_error = 0;
    kc_session_t *s = kc_session(req->r, &db_error);

    if (!s) {
        *rc = db_error ? kc_render_error(req, HTTP_SERVICE_UNAVAILABLE, NULL)
                       : kc_redirect(req, apr_pstrcat(
                             req->r->pool, "/login?next=",
                             kc_url_encode_path(req->r->pool, req->r->uri), NULL));
        return NULL;
    }
    apr_table_setn(req->r->headers_out, "Cache-Control", "private, no-store");
    return s;
}

/* The member with `role`, or NULL after answering (login, 403, 503). */
kc_session_t *kc_need_role(kc_req_t *req, const char *role, int *rc)
{
    kc_session_t *s = kc_need_member(req, rc);
    if (s && !kc_role_includes(s->role, role)) {
        *rc = kc_render_error(req, HTTP_FORBIDDEN, NULL);
        return NULL;
    }
    return s;
}

/* The same, then the urlencoded form read (its CSRF token checked). */
kc_session_t *kc_role_post(kc_req_t *req, const char *role,
                           apr_table_t **form, int *rc)
{
    kc_session_t *s = role ? kc_need_role(req, role, rc)
                           : kc_need_member(req, rc);
    if (s && (*rc = kc_form_read(req, form)) != OK) {
        *rc = kc_render_error(req, *rc, req->bad_field);
        return NULL;
    }
    return s;
}

/* An id (or any integer) as text, for templates and SQL arguments. */
const char *kc_i64(kc_req_t *req, apr_int64_t v)
{
    return apr_psprintf(req->r->pool, "%" APR_INT64_T_FMT, v);
}

/* ---- the answer to an action ------------------------------------------- */

/* Map an action function's answer to the page: 303 back with a notice,
 * or an error page. */
int kc_action_answer(kc_req_t *req, const char *result, const char *back,
                     const char *done)
{
    if (strcmp(result, "ok") == 0) {
        return kc_redirect(req, apr_pstrcat(req->r->pool, back, "?done=",
                                            done, NULL));
    }
    if (strcmp(result, "already") == 0) {
        return kc_redirect(req, apr_pstrcat(req->r->pool, back,
                                            "?done=already", NULL));
    }
    if (strcmp(result, "scope") == 0 || strcmp(result, "role") == 0
        || strcmp(result, "self") == 0) {
        return kc_render_error(req, HTTP_FORBIDDEN, NULL);
    }
    return kc_render_error(req, HTTP_NOT_FOUND, NULL);
}

/* state_<state> booleans on c: templates cannot compare. */
void kc_ctx_state_flags(kc_req_t *req, kc_tctx_t *c, const char *state)
{
    static const char *const states[] = {
        "pending", "changes_requested", "refused", "published", "taken_down",
        "withdrawn", "removed", NULL
    };
    int i;
    for (i = 0; states[i]; i++) {
        kc_tctx_set_bool(c, apr_pstrcat(req->r->pool, "state_", states[i],
                                        NULL), !strcmp(state, states[i]));
    }
}

int kc_run_action(kc_req_t *req, kc_query_id_t q, const char **args,
                  const char *back, const char *done)
{
    const char *result;
    apr_status_t rv = kc_store_action(&result, NULL, req->r, q, args);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    return kc_action_answer(req, result, back, done);
}

/* ---- lists and forms ---------------------------------------------------- */

/* A pager over `total` items of `size` a page; links are `base` with
 * page=N added. */
void kc_pager_ctx(kc_req_t *req, apr_int64_t page, apr_int64_t total,
                  int size, const char *base)
{
    apr_int64_t pages = (total + size - 1) / size;
    const char *sep = strchr(base, '?') ? "&" : "?";

    pages = pages ? pages : 1;
    kc_tctx_set_int(req->ctx, "page", page);
    kc_tctx_set_int(req->ctx, "pages", pages);
    kc_tctx_set_bool(req->ctx, "has_prev", page > 1);
    kc_tctx_set(req->ctx, "prev_url", apr_psprintf(req->r->pool, "%s%spage=%"
                                                   APR_INT64_T_FMT, base, sep,
                                                   page - 1));
    kc_tctx_set_bool(req->ctx, "has_next", page < pages);
    kc_tctx_set(req->ctx, "next_url", apr_psprintf(req->r->pool, "%s%spage=%"
                                                   APR_INT64_T_FMT, base, sep,
                                                   page + 1));
}

/* The checkbox group `key` with the ids in `checked` ("{1,2}" or "1,2"). */
void kc_ctx_choices(kc_req_t *req, const char *key,
                    const apr_array_header_t *all, const char *checked)
{
    kc_tlist_t *list = kc_tctx_list(req->ctx, key);
    char *ids = apr_pstrcat(req->r->pool, ",", checked ? checked : "", ",",
                            NULL);
    int i;

    for (i = 0; ids[i]; i++) {
        if (ids[i] == '{' || ids[i] == '}') {
            ids[i] = ',';
        }
    }
    for (i = 0; i < all->nelts; i++) {
        const kc_choice_t *c = &APR_ARRAY_IDX(all, i, kc_choice_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set_int(item, "id", c->id);
        kc_tctx_set(item, "name", c->name);
        kc_tctx_set_bool(item, "checked",
                         strstr(ids, apr_psprintf(req->r->pool, ",%d,",
                                                  c->id)) != NULL);
    }
}

/* A select from code/name pairs, `selected` selected. */
void kc_ctx_select(kc_req_t *req, const char *key,
                   const apr_array_header_t *langs, const char *selected)
{
    kc_tlist_t *list = kc_tctx_list(req->ctx, key);
    int i;

    for (i = 0; i < langs->nelts; i++) {
        const kc_code_name_t *l = &APR_ARRAY_IDX(langs, i, kc_code_name_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "code", l->code);
        kc_tctx_set(item, "value", l->code);
        kc_tctx_set(item, "name", l->name);
        kc_tctx_set_bool(item, "selected", selected
                         && strcmp(selected, l->code) == 0);
    }
}
