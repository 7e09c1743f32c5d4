/*
 * kc_jobs.c -- the job runner: which jobs there are, and how a node runs
 * them (a mod_watchdog callback, as mod_md and mod_proxy_hcheck do).
 *
 * Every second the callback asks the database which jobs are due. For
 * each, kc_job_try takes the job's advisory lock on this connection and
 * checks again that it is due, so with several nodes exactly one runs it;
 * kc_job_end records the result and moves next_due on, then the lock is
 * released. A node that stops mid-run never reaches kc_job_end: its
 * connection closes, the lock goes with it, and the job is still due for
 * the next node (the jobs are written to be repeated: keyed awards, leased
 * mail, batches).
 */
#include "kc_jobs.h"
#include "../store/kc_store_jobs.h"
#include "../http/kc_http.h"

#include <apr_optional.h>
#include <http_core.h>
#include <mod_watchdog.h>
#include <unistd.h>

#define KC_JOBS_WATCHDOG   "klascement-jobs"
#define KC_LISTEN_WATCHDOG "klascement-listen"
#define KC_JOBS_TICK       apr_time_from_sec(1)
/* The listener is called every 100 ms (mod_watchdog's finest step) and
 * waits up to 90 ms on the connection: a change reaches this node's cached
 * pages a few milliseconds after its commit. */
#define KC_LISTEN_TICK     apr_time_from_msec(100)
#define KC_LISTEN_WAIT_MS  90
#define KC_INACTIVE_BATCH  "500"

static apr_status_t job_birthday(kc_job_ctx_t *ctx, apr_int64_t *rows,
                                 const char **message)
{
    *message = NULL;
    return kc_job_sql(rows, ctx->db, KC_Q_JOB_BIRTHDAY, NULL);
}

static apr_status_t job_inactive(kc_job_ctx_t *ctx, apr_int64_t *rows,
                                 const char **message)
{
    int days = kc_config_inactive_days(&ctx->conf->jobs);
    const char *args[3] = { apr_itoa(ctx->pool, days),
                            ctx->conf->base_url ? ctx->conf->base_url : "",
                            KC_INACTIVE_BATCH };
    *message = days ? NULL : "KlasCementInactiveDays 0: accounts are kept";
    return kc_job_sql(rows, ctx->db, KC_Q_JOB_INACTIVE, args);
}

static apr_status_t job_housekeeping(kc_job_ctx_t *ctx, apr_int64_t *rows,
                                     const char **message)
{
    *message = NULL;
    return kc_job_sql(rows, ctx->db, KC_Q_JOB_HOUSEKEEPING, NULL);
}

/* Due milestones (an admin declared one for everybody, or an armed one
 * was reached by a registration): batches of KC_MILESTONE_BATCH members,
 * each its own short transaction, until none is due or the run's time is
 * up (the next run goes on where this one stopped). */
#define KC_MILESTONE_BATCH "100"
#define KC_MILESTONE_BUDGET apr_time_from_sec(10)

static apr_status_t job_milestones(kc_job_ctx_t *ctx, apr_int64_t *rows,
                                   const char **message)
{
    const char *args[1] = { KC_MILESTONE_BATCH };
    apr_time_t until = apr_time_now() + KC_MILESTONE_BUDGET;
    apr_int64_t paid;
    apr_status_t rv;

    *rows = 0;
    *message = NULL;
    do {
        if ((rv = kc_job_sql(&paid, ctx->db, KC_Q_JOB_MILESTONES, args))
            != APR_SUCCESS) {
            return rv;
        }
        *rows += paid;
    } while (paid > 0 && apr_time_now() < until);
    if (paid > 0) {
        *message = "time is up: the next run pays the rest";
    }
    return APR_SUCCESS;
}

/* Reminders of tomorrow's webinars (sql/functions/webinars.sql): each
 * sign-up once, marked in the statement that queues its mail; batches
 * until none is left or the run's time is up. */
#define KC_WEBINAR_BATCH "200"
#define KC_WEBINAR_BUDGET apr_time_from_sec(10)

static apr_status_t job_webinars(kc_job_ctx_t *ctx, apr_int64_t *rows,
                                 const char **message)
{
    const char *args[2] = { ctx->conf->base_url ? ctx->conf->base_url : "",
                            KC_WEBINAR_BATCH };
    apr_time_t until = apr_time_now() + KC_WEBINAR_BUDGET;
    apr_int64_t queued;
    apr_status_t rv;

    *rows = 0;
    *message = NULL;
    do {
        if ((rv = kc_job_sql(&queued, ctx->db, KC_Q_JOB_WEBINAR_REMINDERS,
                             args)) != APR_SUCCESS) {
            return rv;
        }
        *rows += queued;
    } while (queued >= atoi(KC_WEBINAR_BATCH) && apr_time_now() < until);
    return APR_SUCCESS;
}

/* "For you this week" (sql/functions/foryou.sql): pieces of a cycle --
 * the season's reads year by year, the profiles subject by subject, then
 * co-reading and the members KC_FORYOU_BATCH at a time -- each its own
 * short transaction, until the cycle ends or the run's time is up (the
 * next run goes on where this one stopped; after a finished cycle it
 * starts the next). */
#define KC_FORYOU_BATCH "500"
#define KC_FORYOU_BUDGET apr_time_from_sec(10)

static apr_status_t job_foryou(kc_job_ctx_t *ctx, apr_int64_t *rows,
                               const char **message)
{
    const char *args[1] = { KC_FORYOU_BATCH };
    apr_time_t until = apr_time_now() + KC_FORYOU_BUDGET;
    apr_int64_t done;
    apr_status_t rv;

    *rows = 0;
    *message = NULL;
    do {
        if ((rv = kc_job_sql(&done, ctx->db, KC_Q_JOB_FORYOU, args))
            != APR_SUCCESS) {
            return rv;
        }
        *rows += done;
    } while (done > 0 && apr_time_now() < until);
    *message = done > 0 ? "time is up: the next run goes on"
                        : "cycle complete";
    return APR_SUCCESS;
}

/* A newsletter being sent (sql/functions/newsletter.sql): batches of
 * KC_NEWSLETTER_BATCH members, each its own transaction and each member
 * mailed once (a unique key), until the issue is done or the run's time is
 * up; 200,000 members are 400 batches over a few runs. */
#define KC_NEWSLETTER_BATCH "500"
#define KC_NEWSLETTER_BUDGET apr_time_from_sec(20)

static apr_status_t job_newsletter(kc_job_ctx_t *ctx, apr_int64_t *rows,
                                   const char **message)
{
    const char *args[2] = { ctx->conf->base_url ? ctx->conf->base_url : "",
                            KC_NEWSLETTER_BATCH };
    apr_time_t until = apr_time_now() + KC_NEWSLETTER_BUDGET;
    apr_int64_t seen;
    apr_status_t rv;

    *rows = 0;
    *message = NULL;
    do {
        if ((rv = kc_job_sql(&seen, ctx->db, KC_Q_NL_SEND_BATCH, args))
            != APR_SUCCESS) {
            return rv;
        }
        *rows += seen;
    } while (seen > 0 && apr_time_now() < until);
    if (seen > 0) {
        *message = "time is up: the next run mails the next members";
    }
    return APR_SUCCESS;
}

/* The jobs. The name is the row in `jobs` and the address on /admin/jobs. */
static const struct {
    const char *name;
    kc_job_family_t family;
    kc_job_fn *run;
} jobs[] = {
    { "mail",         KC_JOB_MAIL,         kc_job_mail },
    { "birthday",     KC_JOB_BIRTHDAY,     job_birthday },
    { "inactive",     KC_JOB_INACTIVE,     job_inactive },
    { "housekeeping", KC_JOB_HOUSEKEEPING, job_housekeeping },
    { "milestones",   KC_JOB_MILESTONES,   job_milestones },
    { "links",        KC_JOB_LINKS,        kc_job_links },
    { "webinars",     KC_JOB_WEBINARS,     job_webinars },
    { "foryou",       KC_JOB_FORYOU,       job_foryou },
    { "newsletter",   KC_JOB_NEWSLETTER,   job_newsletter },
};
#define KC_NJOBS (sizeof(jobs) / sizeof(jobs[0]))

typedef struct {
    server_rec *s;
    const char *node;          /* host and port, for last_node */
    apr_pool_t *conn_pool;     /* the connection's, cleared when it is lost */
    kc_db_t *db;               /* the runner's connection, NULL until open */
    int registered;            /* the jobs' rows exist with our intervals */
    apr_time_t quiet_until;    /* database trouble: say so once a minute */
} kc_runner_t;

static void runner_disconnect(kc_runner_t *run)
{
    if (run->db) {
        kc_db_close(run->db);
        run->db = NULL;
        apr_pool_clear(run->conn_pool);
    }
}

/* The database is away (restarting, say): a warning, at most once a
 * minute; the next tick tries again. */
static void db_trouble(kc_runner_t *run, apr_status_t rv, const char *what)
{
    apr_time_t now = apr_time_now();
    if (now >= run->quiet_until) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, rv, run->s, KC_LOGNO(0302)
                     "background jobs: %s failed; trying again", what);
        run->quiet_until = now + apr_time_from_sec(60);
    }
}

/* One run of one job on db, which holds the job's lock. */
static void run_job(kc_runner_t *run, kc_db_t *db, int i, apr_pool_t *pool)
{
    kc_job_ctx_t ctx = { run->s, kc_srv_conf(run->s), db, pool };
    apr_int64_t rows = 0;
    const char *message = NULL;
    apr_time_t start = apr_time_now();
    apr_status_t rv = jobs[i].run(&ctx, &rows, &message);

    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, rv, run->s, KC_LOGNO(0303)
                     "job %s failed after %" APR_INT64_T_FMT " rows%s%s",
                     jobs[i].name, rows, message ? ": " : "",
                     message ? message : "");
        if (!message) {
            message = rv == KC_EDBDOWN ? "the database connection was lost"
                                       : "a statement failed (error log)";
        }
    }
    else {
        ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, run->s, KC_LOGNO(0304)
                     "job %s: %" APR_INT64_T_FMT " rows in %" APR_TIME_T_FMT
                     " ms", jobs[i].name, rows,
                     apr_time_as_msec(apr_time_now() - start));
    }
    if (kc_job_end(db, jobs[i].name, rv == APR_SUCCESS, rows, message)
        != APR_SUCCESS) {
        db_trouble(run, KC_EDB, "recording a job's end");
    }
}

static int job_index(const char *name)
{
    apr_size_t i;
    for (i = 0; i < KC_NJOBS; i++) {
        if (strcmp(jobs[i].name, name) == 0) {
            return (int)i;
        }
    }
    return -1;
}

/* One tick: run what is due, each job under its lock. */
static void tick(kc_runner_t *run, apr_pool_t *pool)
{
    const kc_srv_conf_t *conf = kc_srv_conf(run->s);
    apr_array_header_t *due;
    kc_db_t *db;
    apr_status_t rv;
    int n;

    if (!run->db
        && (rv = kc_db_open(&run->db, run->s, run->conn_pool)) != APR_SUCCESS) {
        run->db = NULL;
        apr_pool_clear(run->conn_pool);
        db_trouble(run, rv, "opening a connection");
        return;
    }
    db = run->db;
    kc_db_use_pool(db, pool);
    if (!run->registered) {
        apr_size_t i;
        for (i = 0, rv = APR_SUCCESS; i < KC_NJOBS && rv == APR_SUCCESS; i++) {
            rv = kc_job_register(db, jobs[i].name,
                                 kc_config_job_interval(&conf->jobs,
                                                        jobs[i].family));
        }
        run->registered = rv == APR_SUCCESS;
    }
    if (rv == APR_SUCCESS && (rv = kc_job_due(&due, db)) == APR_SUCCESS) {
        for (n = 0; n < due->nelts; n++) {
            const char *name = APR_ARRAY_IDX(due, n, const char *);
            int i = job_index(name), got = 0;
            if (i < 0) {
                continue;           /* a job of another version of the site */
            }
            if ((rv = kc_job_try(&got, db, name, run->node)) != APR_SUCCESS) {
                break;
            }
            if (got) {
                run_job(run, db, i, pool);
                if ((rv = kc_job_unlock(db, name)) != APR_SUCCESS) {
                    break;
                }
            }
        }
    }
    if (rv != APR_SUCCESS) {
        db_trouble(run, rv, "a job statement");
        /* A connection in doubt is replaced: it may hold a job's lock. */
        runner_disconnect(run);
    }
}

static apr_status_t jobs_callback(int state, void *data, apr_pool_t *pool)
{
    kc_runner_t *run = data;

    switch (state) {
    case AP_WATCHDOG_STATE_STARTING:
        ap_log_error(APLOG_MARK, APLOG_DEBUG, 0, run->s, KC_LOGNO(0305)
                     "background jobs start in process %" APR_PID_T_FMT,
                     getpid());
        break;
    case AP_WATCHDOG_STATE_RUNNING:
        tick(run, pool);
        break;
    case AP_WATCHDOG_STATE_STOPPING:
        runner_disconnect(run);
        break;
    default:
        break;
    }
    return APR_SUCCESS;
}

/* ---- the page-change listener -------------------------------------------- */

typedef struct {
    server_rec *s;
    apr_pool_t *pool;          /* lives as long as the connection */
    kc_db_t *db;               /* NULL until connected */
    apr_time_t retry_at;
    apr_time_t quiet_until;
} kc_listener_t;

static void listener_drop(kc_listener_t *l, const char *why)
{
    apr_time_t now = apr_time_now();
    if (l->db) {
        kc_db_close(l->db);
        l->db = NULL;
    }
    apr_pool_clear(l->pool);
    l->retry_at = now + apr_time_from_sec(1);
    if (now >= l->quiet_until) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, l->s, KC_LOGNO(0306)
                     "page-change listener: %s; cached pages expire by time "
                     "until it is back", why);
        l->quiet_until = now + apr_time_from_sec(60);
    }
}

static apr_status_t listen_callback(int state, void *data, apr_pool_t *pool)
{
    kc_listener_t *l = data;
    int count = 0, sessions = 0;

    if (state == AP_WATCHDOG_STATE_STOPPING) {
        if (l->db) {
            kc_db_close(l->db);
            l->db = NULL;
        }
        return APR_SUCCESS;
    }
    if (state != AP_WATCHDOG_STATE_RUNNING) {
        return APR_SUCCESS;
    }
    if (!l->db) {
        if (apr_time_now() < l->retry_at) {
            return APR_SUCCESS;
        }
        if (kc_db_open(&l->db, l->s, l->pool) != APR_SUCCESS) {
            l->db = NULL;
            listener_drop(l, "no database connection");
            return APR_SUCCESS;
        }
        if (kc_job_listen_pages(l->db) != APR_SUCCESS) {
            listener_drop(l, "LISTEN failed");
            return APR_SUCCESS;
        }
        /* Whatever changed while we were not listening. */
        kc_microcache_bump();
    }
    if (kc_db_notifications(l->db, KC_LISTEN_WAIT_MS, &count, &sessions)
        != APR_SUCCESS) {
        listener_drop(l, "the connection was lost");
        return APR_SUCCESS;
    }
    if (count > 0) {
        kc_microcache_bump();
    }
    else if (sessions > 0) {
        kc_microcache_bump_sessions();  /* KlasCementSessionCache */
    }
    return APR_SUCCESS;
}

/* ---- wiring ------------------------------------------------------------------ */

apr_status_t kc_jobs_post_config(apr_pool_t *pconf, server_rec *s)
{
    APR_OPTIONAL_FN_TYPE(ap_watchdog_get_instance) *get_instance;
    APR_OPTIONAL_FN_TYPE(ap_watchdog_register_callback) *register_callback;
    const kc_srv_conf_t *conf = kc_srv_conf(s);
    ap_watchdog_t *wd;
    kc_runner_t *run;
    kc_listener_t *l;
    char host[256];
    apr_status_t rv;
    int pages = 0;
    server_rec *v;

    /* The first of httpd's two configuration passes only checks. */
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG
        || !conf->templates || !kc_config_jobs_enabled(&conf->jobs)) {
        return APR_SUCCESS;
    }
    get_instance = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_get_instance);
    register_callback = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_register_callback);
    if (!get_instance || !register_callback) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, KC_LOGNO(0301)
                     "mod_watchdog is not loaded: no background jobs run on "
                     "this node (mail, birthday points, inactive accounts, "
                     "housekeeping, milestones, dead links, suggestions) and "
                     "cached pages "
                     "expire only by time; "
                     "add LoadModule watchdog_module (or KlasCementJobs off "
                     "to silence this)");
        return APR_SUCCESS;
    }
    kc_job_links_init(s);           /* without libcurl: no link checks */
    run = apr_pcalloc(pconf, sizeof(*run));
    run->s = s;
    if ((rv = apr_pool_create(&run->conn_pool, pconf)) != APR_SUCCESS) {
        return rv;
    }
    if (apr_gethostname(host, sizeof(host), pconf) != APR_SUCCESS) {
        apr_cpystrn(host, "localhost", sizeof(host));
    }
    run->node = apr_psprintf(pconf, "%s:%u", host, (unsigned)s->port);
    if ((rv = get_instance(&wd, KC_JOBS_WATCHDOG, 0, 1, pconf)) != APR_SUCCESS
        || (rv = register_callback(wd, KC_JOBS_TICK, run, jobs_callback))
           != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s, KC_LOGNO(0307)
                     "cannot register the background jobs with mod_watchdog");
        return rv;
    }
    /* The listener only matters where pages or sessions are kept. */
    for (v = s; v; v = v->next) {
        pages |= kc_srv_conf(v)->page_cache > 0
                 || kc_config_session_cache(kc_srv_conf(v)) > 0;
    }
    if (!pages) {
        return APR_SUCCESS;
    }
    l = apr_pcalloc(pconf, sizeof(*l));
    l->s = s;
    if ((rv = apr_pool_create(&l->pool, pconf)) != APR_SUCCESS
        || (rv = get_instance(&wd, KC_LISTEN_WATCHDOG, 0, 1, pconf))
           != APR_SUCCESS
        || (rv = register_callback(wd, KC_LISTEN_TICK, l, listen_callback))
           != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s, KC_LOGNO(0308)
                     "cannot register the page-change listener with "
                     "mod_watchdog");
        return rv;
    }
    return APR_SUCCESS;
}
