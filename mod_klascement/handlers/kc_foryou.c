/*
 * kc_foryou.c -- "for you this week": the box on the home page and on the
 * member's own profile (/me), and "not for me".
 *
 * The suggestions are computed by the `foryou` job (jobs/kc_jobs.c,
 * sql/functions/foryou.sql) into a few rows per member; a page reads them
 * with one indexed statement, and only for a logged-in member: a
 * visitor's home page (and its page-cache copy) is what it was.
 */
#include "kc_page.h"
#include "../store/kc_store_foryou.h"
#include "../core/kc_escape.h"

#define KC_FORYOU_SHOWN 6

static void foryou_item(kc_req_t *req, kc_tctx_t *item, const kc_foryou_t *f)
{
    apr_pool_t *p = req->r->pool;

    kc_tctx_set_int(item, "id", f->id);
    kc_tctx_setf(item, "url", "/records/%" APR_INT64_T_FMT, f->id);
    kc_tctx_setf(item, "dismiss_url", "/foryou/%" APR_INT64_T_FMT "/dismiss",
                 f->id);
    kc_tctx_set(item, "title", f->title);
    kc_tctx_set(item, "kind", f->kind);
    kc_tctx_set(item, "kind_name", f->kind_name);
    kc_tctx_set(item, "language", f->language);
    kc_tctx_set(item, "reason", f->reason);
    kc_tctx_set_bool(item, apr_pstrcat(p, "reason_", f->reason, NULL), 1);
    kc_tctx_set(item, "subject_name", f->subject_name);
    kc_tctx_set(item, "level_name", f->level_name);
    if (f->because_id) {
        kc_tctx_set(item, "because_title", f->because_title);
        kc_tctx_setf(item, "because_url", "/records/%" APR_INT64_T_FMT,
                     f->because_id);
    }
}

/* `foryou` (and foryou_back, the page a dismissal returns to) for the
 * logged-in member; nothing for a visitor, nothing when there is nothing
 * to suggest. A failure only leaves the box out (logged in the store). */
void kc_foryou_ctx(kc_req_t *req, const char *back)
{
    kc_session_t *s = kc_session(req->r, NULL);
    apr_array_header_t *list;
    kc_tlist_t *out;
    int i;

    if (!s || kc_store_foryou(&list, req->r, req->labels, s->member_id,
                              KC_FORYOU_SHOWN) != APR_SUCCESS) {
        return;
    }
    if (!list->nelts) {
        return;
    }
    kc_tctx_set(req->ctx, "foryou_back", back);
    out = kc_tctx_list(req->ctx, "foryou");
    for (i = 0; i < list->nelts; i++) {
        foryou_item(req, kc_tlist_push(out), &APR_ARRAY_IDX(list, i,
                                                           kc_foryou_t));
    }
}

/* POST /foryou/{id}/dismiss (csrf, back): "not for me", never suggested
 * again; back to the page it came from (a local path), else home, with
 * ?done=foryou_dismissed (notice.foryou_dismissed). */
int kc_page_foryou_dismiss(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *back, *result;
    int rc;
    kc_session_t *s = kc_role_post(req, NULL, &form, &rc);
    apr_status_t rv;

    if (!s) {
        return rc;
    }
    back = kc_form_text(req, form, "back");
    if (!*back || !kc_is_local_path(back) || strchr(back, '?')) {
        back = "/";
    }
    rv = kc_store_foryou_dismiss(&result, req->r, s->member_id, m->id);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    return kc_action_answer(req, result, back, "foryou_dismissed");
}
