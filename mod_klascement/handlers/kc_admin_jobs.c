/*
 * kc_admin_jobs.c -- /admin/jobs: every background job with its last run,
 * result and next due time, "run now", and the mail the outbox gave up on.
 */
#include "kc_page.h"
#include "../store/kc_store_jobs.h"

static void jobs_to_ctx(kc_req_t *req, const apr_array_header_t *jobs)
{
    kc_tlist_t *list = kc_tctx_list(req->ctx, "jobs");
    int i;

    for (i = 0; i < jobs->nelts; i++) {
        const kc_job_row_t *j = &APR_ARRAY_IDX(jobs, i, kc_job_row_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set(item, "name", j->name);
        kc_tctx_set(item, "title", kc_msg(req, apr_pstrcat(
                        req->r->pool, "jobs.name.", j->name, NULL)));
        kc_tctx_set_int(item, "interval_s", j->interval_s);
        kc_tctx_set(item, "last_start", j->last_start);
        kc_tctx_set(item, "last_end", j->last_end);
        kc_tctx_set_bool(item, "never", !j->last_start);
        kc_tctx_set_bool(item, "ok", j->last_result
                         && !strcmp(j->last_result, "ok"));
        kc_tctx_set_bool(item, "failed", j->last_result
                         && !strcmp(j->last_result, "error"));
        kc_tctx_set_int(item, "last_rows", j->last_rows);
        kc_tctx_set(item, "last_message", j->last_message);
        kc_tctx_set(item, "last_node", j->last_node);
        kc_tctx_set(item, "next_due", j->next_due);
        kc_tctx_set_bool(item, "requested", j->requested);
        kc_tctx_set_bool(item, "running", j->running);
        kc_tctx_set_int(item, "runs", j->runs);
        kc_tctx_set_int(item, "failures", j->failures);
    }
}

static void failed_mail_to_ctx(kc_req_t *req, const apr_array_header_t *mails)
{
    kc_tlist_t *list = kc_tctx_list(req->ctx, "failed_mail");
    int i;

    for (i = 0; i < mails->nelts; i++) {
        const kc_failed_mail_t *m = &APR_ARRAY_IDX(mails, i, kc_failed_mail_t);
        kc_tctx_t *item = kc_tlist_push(list);
        kc_tctx_set_int(item, "id", m->id);
        kc_tctx_set(item, "to", m->to);
        kc_tctx_set(item, "subject", m->subject);
        kc_tctx_set_int(item, "attempts", m->attempts);
        kc_tctx_set(item, "last_error", m->last_error);
        kc_tctx_set(item, "failed_at", m->failed_at);
    }
}

/* GET /admin/jobs */
int kc_page_admin_jobs(kc_req_t *req, const kc_route_match_t *m)
{
    apr_array_header_t *jobs, *failed_mail;
    apr_int64_t waiting, failed;
    int rc;
    apr_status_t rv;

    if (!kc_need_role(req, "admin", &rc)) {
        return rc;
    }
    if ((rv = kc_store_jobs_list(&jobs, req->r)) != APR_SUCCESS
        || (rv = kc_store_outbox_state(&waiting, &failed, &failed_mail,
                                       req->r)) != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    jobs_to_ctx(req, jobs);
    failed_mail_to_ctx(req, failed_mail);
    kc_tctx_set_int(req->ctx, "mail_waiting", waiting);
    kc_tctx_set_int(req->ctx, "mail_failed", failed);
    kc_tctx_set_bool(req->ctx, "jobs_enabled",
                     kc_config_jobs_enabled(&req->conf->jobs));
    kc_tctx_set(req->ctx, "csrf", kc_csrf_token(req));
    return kc_render_page(req, HTTP_OK, "admin/jobs",
                          kc_msg(req, "page.jobs.title"));
}

/* POST /admin/jobs/{name}/run: due at once, on the next tick of any node. */
int kc_page_admin_job_run(kc_req_t *req, const kc_route_match_t *m)
{
    apr_table_t *form;
    const char *result;
    int rc;
    apr_status_t rv;
    kc_session_t *s = kc_role_post(req, "admin", &form, &rc);

    if (!s) {
        return rc;
    }
    rv = kc_store_job_request(&result, req->r, s->member_id, m->tail);
    if (rv != APR_SUCCESS) {
        return kc_render_store_error(req, rv);
    }
    return kc_action_answer(req, result, "/admin/jobs", "job_requested");
}
