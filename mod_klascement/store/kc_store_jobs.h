/*
 * kc_store_jobs.h -- the job runner's statements: job state, the mail
 * outbox, the jobs that are SQL functions, the page-change listener.
 * Background work runs on a kc_db_t (kc_store.h); the admin page reads
 * through the request.
 */
#ifndef KC_STORE_JOBS_H
#define KC_STORE_JOBS_H

#include "kc_store.h"

/* ---- the runner (kc_db_t) -------------------------------------------------- */
apr_status_t kc_job_register(kc_db_t *db, const char *name, int interval_s);
/* Names (const char *) of the jobs due now. */
apr_status_t kc_job_due(apr_array_header_t **names, kc_db_t *db);
/* *got = 1 when this connection now holds the job's lock and the job was
 * still due: run it, then kc_job_end and kc_job_unlock. */
apr_status_t kc_job_try(int *got, kc_db_t *db, const char *name,
                        const char *node);
apr_status_t kc_job_end(kc_db_t *db, const char *name, int ok,
                        apr_int64_t rows, const char *message);
apr_status_t kc_job_unlock(kc_db_t *db, const char *name);
/* A job that is one SQL function returning a count (birthday points,
 * inactive accounts, housekeeping). */
apr_status_t kc_job_sql(apr_int64_t *rows, kc_db_t *db, kc_query_id_t q,
                        const char **args);
/* LISTEN for page changes on this connection (kc_db_notifications). */
apr_status_t kc_job_listen_pages(kc_db_t *db);

/* ---- the mail outbox --------------------------------------------------------- */
typedef struct {
    apr_int64_t id;
    const char *to, *subject, *body;
    const char *unsubscribe;   /* one-click unsubscribe URL, or NULL */
} kc_mail_t;

/* Claim up to `limit` mails due now (never two processes the same one). */
apr_status_t kc_outbox_claim(apr_array_header_t **out, kc_db_t *db,
                             int limit);
/* Close a claimed mail: sent (error NULL) or failed (tried again later,
 * given up after the fifth attempt). */
apr_status_t kc_outbox_done(kc_db_t *db, apr_int64_t id, const char *error);

/* ---- the dead-links job ------------------------------------------------------ */
typedef struct {
    apr_int64_t record_id;
    const char *url;
} kc_link_t;

/* Up to `limit` links to check now (kc_link_t), never checked first. */
apr_status_t kc_links_due(apr_array_header_t **out, kc_db_t *db, int limit);
/* One check's answer (status 0: none): *verdict 'ok', 'failing', 'dead',
 * 'recovered' or 'stale' (kc_link_checked, sql/functions/links.sql). */
apr_status_t kc_link_checked(const char **verdict, kc_db_t *db,
                             apr_int64_t record_id, const char *url, int ok,
                             int status, const char *error);

/* ---- /admin/jobs (the request) ----------------------------------------------- */
typedef struct {
    const char *name, *last_start, *last_end, *last_result, *last_message,
               *last_node, *next_due;
    int interval_s, requested, running;
    apr_int64_t last_rows, runs, failures;
} kc_job_row_t;

typedef struct {
    apr_int64_t id, attempts;
    const char *to, *subject, *last_error, *failed_at;
} kc_failed_mail_t;

apr_status_t kc_store_jobs_list(apr_array_header_t **out, request_rec *r);
/* The outbox: mails waiting, failed for good, and the last that failed
 * for good (kc_failed_mail_t). */
apr_status_t kc_store_outbox_state(apr_int64_t *waiting, apr_int64_t *failed,
                                   apr_array_header_t **last_failed,
                                   request_rec *r);
/* "Run now": 'ok', 'notfound' or 'role'. */
apr_status_t kc_store_job_request(const char **result, request_rec *r,
                                  apr_int64_t admin, const char *name);

#endif
