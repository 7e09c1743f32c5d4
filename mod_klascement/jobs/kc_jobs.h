/*
 * kc_jobs.h -- work that runs by itself: the job runner and the page-change
 * listener, both mod_watchdog callbacks (one thread each, in one httpd
 * child per node).
 *
 * A job is one row in the table of kc_jobs.c: a name, the directive that
 * sets its interval (kc_config_jobs.h) and a routine that does one run and
 * says how many rows it touched. Across nodes a run takes the job's
 * PostgreSQL advisory lock, so one node at a time runs a job; its state is
 * the job's row in the `jobs` table, shown on /admin/jobs.
 */
#ifndef KC_JOBS_H
#define KC_JOBS_H

#include "../kc_private.h"
#include "../config/kc_config.h"
#include "../store/kc_store.h"

/* What a job's run sees. */
typedef struct {
    server_rec *s;             /* the main server */
    const kc_srv_conf_t *conf; /* its configuration */
    kc_db_t *db;               /* the connection holding the job's lock */
    apr_pool_t *pool;          /* freed after the run */
} kc_job_ctx_t;

/* One run: *rows touched, *message a short note (or NULL); APR_SUCCESS or
 * the failure (the run is recorded as failed with the message). */
typedef apr_status_t kc_job_fn(kc_job_ctx_t *ctx, apr_int64_t *rows,
                               const char **message);

/* kc_job_mail.c: hand due mail from the outbox to KlasCementSendmail. */
apr_status_t kc_job_mail(kc_job_ctx_t *ctx, apr_int64_t *rows,
                         const char **message);

/* kc_job_links.c: check the links of published records (libcurl). */
apr_status_t kc_job_links(kc_job_ctx_t *ctx, apr_int64_t *rows,
                          const char **message);
/* Initialise libcurl once per process, before any thread starts. */
apr_status_t kc_job_links_init(server_rec *s);

/* Register the watchdog callbacks (post_config, the real pass). Without
 * mod_watchdog the site still starts: one warning names the module. */
apr_status_t kc_jobs_post_config(apr_pool_t *pconf, server_rec *s);

#endif
