/*
 * kc_store_jobs.c -- the job runner's statements (kc_store_jobs.h).
 */
#include "kc_store_jobs.h"
#include "kc_sql_jobs.h"

/* Run a statement that calls a function whose answer nobody needs. */
static apr_status_t call(kc_db_t *db, kc_query_id_t q, const char **args)
{
    kc_rows_t *rows;
    return kc_db_select(&rows, db, q, args);
}

apr_status_t kc_job_register(kc_db_t *db, const char *name, int interval_s)
{
    const char *args[2] = { name, apr_itoa(kc_db_pool(db), interval_s) };
    return call(db, KC_Q_JOB_REGISTER, args);
}

apr_status_t kc_job_due(apr_array_header_t **names, kc_db_t *db)
{
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_db_select(&rows, db, KC_Q_JOB_DUE, NULL);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *names = apr_array_make(kc_db_pool(db), rows->nrows + 1,
                            sizeof(const char *));
    for (row = 0; row < rows->nrows; row++) {
        APR_ARRAY_PUSH(*names, const char *)
            = kc_row_str(rows, row, KC_C_JOB_DUE_NAME);
    }
    return APR_SUCCESS;
}

apr_status_t kc_job_try(int *got, kc_db_t *db, const char *name,
                        const char *node)
{
    const char *args[2] = { name, node };
    kc_rows_t *rows;
    apr_status_t rv = kc_db_select(&rows, db, KC_Q_JOB_TRY, args);

    *got = rv == APR_SUCCESS && rows->nrows
           && kc_row_bool(rows, 0, KC_C_VALUE);
    return rv;
}

apr_status_t kc_job_end(kc_db_t *db, const char *name, int ok,
                        apr_int64_t rows_touched, const char *message)
{
    apr_pool_t *p = kc_db_pool(db);
    const char *args[4] = { name, ok ? "true" : "false",
                            kc_arg_i64(p, rows_touched),
                            message ? message : "" };
    return call(db, KC_Q_JOB_END, args);
}

apr_status_t kc_job_unlock(kc_db_t *db, const char *name)
{
    const char *args[1] = { name };
    return call(db, KC_Q_JOB_UNLOCK, args);
}

apr_status_t kc_job_sql(apr_int64_t *count, kc_db_t *db, kc_query_id_t q,
                        const char **args)
{
    kc_rows_t *rows;
    apr_status_t rv = kc_db_select(&rows, db, q, args);

    *count = rv == APR_SUCCESS && rows->nrows
             ? kc_row_i64(rows, 0, KC_C_VALUE) : 0;
    return rv;
}

apr_status_t kc_job_listen_pages(kc_db_t *db)
{
    return call(db, KC_Q_LISTEN_PAGES, NULL);
}

/* ---- the mail outbox ------------------------------------------------------------ */

apr_status_t kc_outbox_claim(apr_array_header_t **out, kc_db_t *db, int limit)
{
    apr_pool_t *p = kc_db_pool(db);
    const char *args[1] = { apr_itoa(p, limit) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_db_select(&rows, db, KC_Q_OUTBOX_CLAIM, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(p, rows->nrows + 1, sizeof(kc_mail_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_mail_t *m = apr_array_push(*out);
#define COL(col) KC_C_OUTBOX_CLAIM_##col
        m->id = kc_row_i64(rows, row, COL(ID));
        m->to = kc_row_str(rows, row, COL(TO_ADDRESS));
        m->subject = kc_row_str(rows, row, COL(SUBJECT));
        m->body = kc_row_str(rows, row, COL(BODY));
        m->unsubscribe = kc_row_str(rows, row, COL(UNSUBSCRIBE_URL));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_outbox_done(kc_db_t *db, apr_int64_t id, const char *error)
{
    const char *args[2] = { kc_arg_i64(kc_db_pool(db), id), error ? error : "" };
    return call(db, KC_Q_OUTBOX_DONE, args);
}

/* ---- the dead-links job ------------------------------------------------------ */

apr_status_t kc_links_due(apr_array_header_t **out, kc_db_t *db, int limit)
{
    apr_pool_t *p = kc_db_pool(db);
    const char *args[1] = { apr_itoa(p, limit) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_db_select(&rows, db, KC_Q_LINKS_DUE, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(p, rows->nrows + 1, sizeof(kc_link_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_link_t *l = apr_array_push(*out);
        l->record_id = kc_row_i64(rows, row, KC_C_LINKS_DUE_RECORD_ID);
        l->url = kc_row_str(rows, row, KC_C_LINKS_DUE_URL);
    }
    return APR_SUCCESS;
}

apr_status_t kc_link_checked(const char **verdict, kc_db_t *db,
                             apr_int64_t record_id, const char *url, int ok,
                             int status, const char *error)
{
    apr_pool_t *p = kc_db_pool(db);
    const char *args[5] = { kc_arg_i64(p, record_id), url,
                            ok ? "true" : "false",
                            status > 0 ? apr_itoa(p, status) : "",
                            error ? error : "" };
    kc_rows_t *rows;
    apr_status_t rv = kc_db_select(&rows, db, KC_Q_LINK_CHECKED, args);

    *verdict = rv == APR_SUCCESS && rows->nrows
               ? kc_row_str(rows, 0, KC_C_VALUE) : NULL;
    return rv;
}

/* ---- /admin/jobs ----------------------------------------------------------------- */

apr_status_t kc_store_jobs_list(apr_array_header_t **out, request_rec *r)
{
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_JOBS_LIST, NULL);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_job_row_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_job_row_t *j = apr_array_push(*out);
#define COL(col) KC_C_JOBS_LIST_##col
        j->name = kc_row_str(rows, row, COL(NAME));
        j->interval_s = kc_row_int(rows, row, COL(INTERVAL_S));
        j->last_start = kc_row_str(rows, row, COL(LAST_START));
        j->last_end = kc_row_str(rows, row, COL(LAST_END));
        j->last_result = kc_row_str(rows, row, COL(LAST_RESULT));
        j->last_rows = kc_row_i64(rows, row, COL(LAST_ROWS));
        j->last_message = kc_row_str(rows, row, COL(LAST_MESSAGE));
        j->last_node = kc_row_str(rows, row, COL(LAST_NODE));
        j->next_due = kc_row_str(rows, row, COL(NEXT_DUE));
        j->requested = kc_row_bool(rows, row, COL(REQUESTED));
        j->running = kc_row_bool(rows, row, COL(RUNNING));
        j->runs = kc_row_i64(rows, row, COL(RUNS));
        j->failures = kc_row_i64(rows, row, COL(FAILURES));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_outbox_state(apr_int64_t *waiting, apr_int64_t *failed,
                                   apr_array_header_t **last_failed,
                                   request_rec *r)
{
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_OUTBOX_FAILED, NULL);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *waiting = rows->nrows ? kc_row_i64(rows, 0, KC_C_OUTBOX_FAILED_WAITING) : 0;
    *failed = rows->nrows ? kc_row_i64(rows, 0, KC_C_OUTBOX_FAILED_FAILED) : 0;
    *last_failed = apr_array_make(r->pool, rows->nrows + 1,
                                  sizeof(kc_failed_mail_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_failed_mail_t *m;
#define COL(col) KC_C_OUTBOX_FAILED_##col
        if (kc_row_isnull(rows, row, COL(ID))) {
            continue;               /* none failed: the one row of counts */
        }
        m = apr_array_push(*last_failed);
        m->id = kc_row_i64(rows, row, COL(ID));
        m->to = kc_row_str(rows, row, COL(TO_ADDRESS));
        m->subject = kc_row_str(rows, row, COL(SUBJECT));
        m->attempts = kc_row_i64(rows, row, COL(ATTEMPTS));
        m->last_error = kc_row_str(rows, row, COL(LAST_ERROR));
        m->failed_at = kc_row_str(rows, row, COL(FAILED_AT));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_job_request(const char **result, request_rec *r,
                                  apr_int64_t admin, const char *name)
{
    const char *args[2] = { kc_arg_i64(r->pool, admin), name };
    return kc_store_action(result, NULL, r, KC_Q_JOB_REQUEST, args);
}
