/*
 * kc_stats.c -- the analytics counters of one httpd child (kc_stats.h).
 *
 * The counters are one bucket: a pool of its own with a hash of entries,
 * guarded by a mutex. A write takes the bucket out under the mutex and puts
 * an empty one in its place, so requests never wait on the database; the
 * bucket's entries go out as one JSON document to kc_stats_flush(). If that
 * fails, the entries are added back into the current bucket and go with
 * the next write. So a count is never lost while the child lives (up to
 * KC_STATS_MAX distinct entries: beyond, new ones are dropped and said so
 * once) and never written twice (the statement is not retried: a failure
 * before commit leaves nothing behind).
 */
#include "kc_stats.h"
#include "kc_jobs.h"
#include "../config/kc_config.h"
#include "../core/kc_normalise.h"
#include "../core/kc_json.h"

#include <apr_hash.h>
#include <apr_thread_mutex.h>
#include <apr_optional.h>
#include <http_core.h>
#include <mod_watchdog.h>

#define KC_STATS_WATCHDOG "klascement-stats"
#define KC_STATS_TICK     apr_time_from_sec(1)
/* A bucket this big is written at the next tick, whatever the interval. */
#define KC_STATS_BIG      2000
/* Beyond this many entries (the database has been away a long time), new
 * ones are dropped. */
#define KC_STATS_MAX      100000
#define KC_STATS_QUERY_MAX 200

typedef struct {
    char type;                  /* 's' search, 'r' record, 'p' profile */
    const char *day;            /* YYYY-MM-DD, the server's local time */
    const char *query, *filters;
    apr_int64_t id;
    apr_int64_t n;              /* how many */
    apr_int64_t results;        /* a search's latest result count */
} kc_count_t;

typedef struct {
    apr_pool_t *pool;
    apr_hash_t *entries;        /* key -> kc_count_t */
} kc_bucket_t;

static struct {
    apr_thread_mutex_t *mutex;  /* NULL: not counting in this process */
    kc_bucket_t *bucket;
    server_rec *s;
    apr_time_t next_flush;
    int flush_s;
    int watchdog;               /* a watchdog writes (else requests do) */
    int writing;                /* a request is writing (no watchdog) */
    int dropped;                /* said once that entries were dropped */
    kc_db_t *db;                /* the watchdog's connection */
    apr_pool_t *pool, *db_pool;
} st;

static kc_bucket_t *bucket_make(void)
{
    apr_pool_t *p;
    kc_bucket_t *b;

    /* A child of the global pool: creating and destroying it is
     * thread-safe, and it lives until written. */
    if (apr_pool_create(&p, NULL) != APR_SUCCESS) {
        return NULL;
    }
    b = apr_palloc(p, sizeof(*b));
    b->pool = p;
    b->entries = apr_hash_make(p);
    return b;
}

/* Add c (n times) to bucket b, under the mutex. */
static void bucket_add(kc_bucket_t *b, const char *key, const kc_count_t *c)
{
    kc_count_t *e = apr_hash_get(b->entries, key, APR_HASH_KEY_STRING);

    if (e) {
        e->n += c->n;
        if (c->type == 's') {
            e->results = c->results;
        }
        return;
    }
    if (apr_hash_count(b->entries) >= KC_STATS_MAX) {
        if (!st.dropped) {
            st.dropped = 1;
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, st.s, KC_LOGNO(0480)
                         "analytics counters: %d entries not yet written "
                         "(is the database away?); new ones are dropped",
                         KC_STATS_MAX);
        }
        return;
    }
    e = apr_pmemdup(b->pool, c, sizeof(*c));
    e->day = apr_pstrdup(b->pool, c->day);
    e->query = c->query ? apr_pstrdup(b->pool, c->query) : NULL;
    e->filters = c->filters ? apr_pstrdup(b->pool, c->filters) : NULL;
    apr_hash_set(b->entries, apr_pstrdup(b->pool, key), APR_HASH_KEY_STRING, e);
}

/* Take the bucket for writing, an empty one in its place; NULL if there
 * is nothing to write. Under the mutex. */
static kc_bucket_t *bucket_take(void)
{
    kc_bucket_t *full = st.bucket, *fresh;

    if (!full || apr_hash_count(full->entries) == 0) {
        return NULL;
    }
    if (!(fresh = bucket_make())) {
        return NULL;                /* no memory: keep counting in it */
    }
    st.bucket = fresh;
    st.next_flush = apr_time_now() + apr_time_from_sec(st.flush_s);
    return full;
}

/* A failed write: the entries go back into the current bucket. */
static void bucket_return(kc_bucket_t *b)
{
    apr_hash_index_t *hi;

    apr_thread_mutex_lock(st.mutex);
    for (hi = apr_hash_first(b->pool, b->entries); hi; hi = apr_hash_next(hi)) {
        const void *key;
        void *val;
        apr_hash_this(hi, &key, NULL, &val);
        bucket_add(st.bucket, key, val);
    }
    apr_thread_mutex_unlock(st.mutex);
}

/* The bucket as kc_stats_flush()'s document. */
static const char *bucket_json(kc_bucket_t *b, apr_pool_t *p)
{
    static const char types[3] = { 's', 'r', 'p' };
    kc_json_t *j = kc_json_make(p);
    const char *out = NULL;
    int t;

    kc_json_obj_begin(j);
    for (t = 0; t < 3; t++) {
        apr_hash_index_t *hi;
        kc_json_key(j, (const char[]){ types[t], '\0' });
        kc_json_arr_begin(j);
        for (hi = apr_hash_first(p, b->entries); hi; hi = apr_hash_next(hi)) {
            const kc_count_t *c = apr_hash_this_val(hi);
            if (c->type != types[t]) {
                continue;
            }
            kc_json_obj_begin(j);
            kc_json_kv_str(j, "d", c->day);
            kc_json_kv_int(j, "n", c->n);
            if (c->type == 's') {
                kc_json_kv_str(j, "q", c->query);
                kc_json_kv_str(j, "f", c->filters);
                kc_json_kv_int(j, "r", c->results);
            }
            else {
                kc_json_kv_int(j, "id", c->id);
            }
            kc_json_obj_end(j);
        }
        kc_json_arr_end(j);
    }
    kc_json_obj_end(j);
    return kc_json_finish(j, &out, NULL) == APR_SUCCESS ? out : NULL;
}

/* Send the document through the request's connection (r), a connection
 * of its own opened for this write (own), or the watchdog's. */
static apr_status_t send_doc(kc_bucket_t *b, const char **args, request_rec *r,
                         int own)
{
    kc_rows_t *rows;
    kc_db_t *db;
    apr_status_t rv;

    if (r) {
        return kc_store_select(&rows, r, KC_Q_STATS_FLUSH, args);
    }
    if (own) {
        if ((rv = kc_db_open(&db, st.s, b->pool)) == APR_SUCCESS) {
            rv = kc_db_select(&rows, db, KC_Q_STATS_FLUSH, args);
            kc_db_close(db);
        }
        return rv;
    }
    if (!st.db && (rv = kc_db_open(&st.db, st.s, st.db_pool)) != APR_SUCCESS) {
        st.db = NULL;
        apr_pool_clear(st.db_pool);
        return rv;
    }
    kc_db_use_pool(st.db, b->pool);
    rv = kc_db_select(&rows, st.db, KC_Q_STATS_FLUSH, args);
    kc_db_use_pool(st.db, st.db_pool);
    if (rv != APR_SUCCESS) {
        kc_db_close(st.db);         /* a fresh one next time */
        st.db = NULL;
        apr_pool_clear(st.db_pool);
    }
    return rv;
}

/* Write bucket b (send_doc()), then free it, or give its entries back. */
static void bucket_write(kc_bucket_t *b, request_rec *r, int own)
{
    const char *args[1];
    apr_status_t rv = APR_ENOMEM;

    if ((args[0] = bucket_json(b, b->pool)) != NULL) {
        rv = send_doc(b, args, r, own);
    }
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, rv, st.s, KC_LOGNO(0481)
                     "analytics counters: writing %u entries failed; they "
                     "are kept for the next try",
                     apr_hash_count(b->entries));
        bucket_return(b);
    }
    else {
        st.dropped = 0;
    }
    apr_pool_destroy(b->pool);
}

/* Count one thing; without a watchdog, write the counters when due. */
static void count(request_rec *r, char type, const char *query,
                  const char *filters, apr_int64_t id, apr_int64_t results)
{
    kc_count_t c = { type, NULL, query, filters, id, 1, results };
    apr_time_exp_t tm;
    char day[16];
    const char *key;
    kc_bucket_t *due = NULL;

    if (!st.mutex) {
        return;
    }
    apr_time_exp_lt(&tm, r->request_time);
    apr_snprintf(day, sizeof(day), "%04d-%02d-%02d", tm.tm_year + 1900,
                 tm.tm_mon + 1, tm.tm_mday);
    c.day = day;
    key = type == 's'
          ? apr_pstrcat(r->pool, "s\x1f", day, "\x1f", filters, "\x1f", query,
                        NULL)
          : apr_psprintf(r->pool, "%c\x1f%s\x1f%" APR_INT64_T_FMT, type, day,
                         id);
    apr_thread_mutex_lock(st.mutex);
    bucket_add(st.bucket, key, &c);
    if (!st.watchdog && !st.writing && apr_time_now() >= st.next_flush) {
        if ((due = bucket_take()) != NULL) {
            st.writing = 1;
        }
    }
    apr_thread_mutex_unlock(st.mutex);
    if (due) {
        bucket_write(due, r, 0);
        apr_thread_mutex_lock(st.mutex);
        st.writing = 0;
        apr_thread_mutex_unlock(st.mutex);
    }
}

/* The comparison form of the query, at most KC_STATS_QUERY_MAX bytes, cut
 * at a character boundary. */
static const char *stats_query(apr_pool_t *p, const char *q)
{
    const char *norm = q ? kc_normalise(p, q) : "";
    apr_size_t len;

    if (!norm) {
        return NULL;
    }
    len = strlen(norm);
    if (len > KC_STATS_QUERY_MAX) {
        len = KC_STATS_QUERY_MAX;
        while (len > 0 && ((unsigned char)norm[len] & 0xC0) == 0x80) {
            len--;
        }
        norm = apr_pstrmemdup(p, norm, len);
    }
    return norm;
}

void kc_stats_search(request_rec *r, const kc_search_t *s, apr_int64_t page,
                     apr_int64_t total)
{
    static const char *const names[] = { "kind", "subject", "level",
                                         "language", "licence" };
    const char *values[5] = { s->kind, s->subject, s->level, s->language,
                              s->licence };
    const char *filters = "", *query;
    int i;

    if (page != 1 || total < 0) {
        return;
    }
    for (i = 0; i < 5; i++) {
        if (values[i] && *values[i]) {
            filters = apr_pstrcat(r->pool, filters, *filters ? "&" : "",
                                  names[i], "=", values[i], NULL);
        }
    }
    if (!(query = stats_query(r->pool, s->q))
        || (!*query && !*filters) || strlen(filters) > 400) {
        return;
    }
    count(r, 's', query, filters, 0, total);
}

void kc_stats_record(request_rec *r, apr_int64_t record_id)
{
    count(r, 'r', NULL, NULL, record_id, 0);
}

void kc_stats_profile(request_rec *r, apr_int64_t member_id)
{
    count(r, 'p', NULL, NULL, member_id, 0);
}

/* ---- writing ------------------------------------------------------------- */

/* Write what is there if due (or `always`), from the watchdog (own 0) or
 * the child's exit (own 1). */
static void write_if_due(int always, int own)
{
    kc_bucket_t *due = NULL;

    apr_thread_mutex_lock(st.mutex);
    if (always || apr_time_now() >= st.next_flush
        || apr_hash_count(st.bucket->entries) >= KC_STATS_BIG) {
        due = bucket_take();
    }
    apr_thread_mutex_unlock(st.mutex);
    if (due) {
        bucket_write(due, NULL, own);
    }
}

static apr_status_t stats_callback(int state, void *data, apr_pool_t *pool)
{
    if (!st.mutex) {
        return APR_SUCCESS;
    }
    switch (state) {
    case AP_WATCHDOG_STATE_RUNNING:
        write_if_due(0, 0);
        break;
    case AP_WATCHDOG_STATE_STOPPING:
        /* The child's exit wrote the counters already (stats_child_exit);
         * only a write that failed there is tried once more, on a
         * connection still open (mod_dbd may be gone by now). */
        if (st.db) {
            write_if_due(1, 0);
            kc_db_close(st.db);
            st.db = NULL;
        }
        break;
    default:
        break;
    }
    return APR_SUCCESS;
}

/* The child stops (a pre-cleanup of its pool: every request is done, and
 * mod_dbd, whose pools are the child pool's subpools, is still there):
 * what is left goes out now, on a connection of its own (the watchdog's
 * thread may still be writing on its). */
static apr_status_t stats_child_exit(void *data)
{
    if (st.mutex) {
        write_if_due(1, 1);
    }
    return APR_SUCCESS;
}

apr_status_t kc_stats_post_config(apr_pool_t *pconf, server_rec *s)
{
    APR_OPTIONAL_FN_TYPE(ap_watchdog_get_instance) *get_instance;
    APR_OPTIONAL_FN_TYPE(ap_watchdog_register_callback) *register_callback;
    ap_watchdog_t *wd;
    apr_status_t rv;

    st.watchdog = 0;
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG
        || !kc_srv_conf(s)->templates) {
        return APR_SUCCESS;
    }
    get_instance = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_get_instance);
    register_callback = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_register_callback);
    if (!get_instance || !register_callback) {
        return APR_SUCCESS;         /* requests write the counters */
    }
    /* Not a singleton: every child writes its own counters. */
    if ((rv = get_instance(&wd, KC_STATS_WATCHDOG, 0, 0, pconf))
        != APR_SUCCESS
        || (rv = register_callback(wd, KC_STATS_TICK, NULL, stats_callback))
           != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s, KC_LOGNO(0482)
                     "cannot register the analytics counters with "
                     "mod_watchdog");
        return rv;
    }
    st.watchdog = 1;
    return APR_SUCCESS;
}

void kc_stats_child_init(apr_pool_t *pchild, server_rec *s)
{
    st.mutex = NULL;
    st.s = s;
    st.db = NULL;
    st.writing = st.dropped = 0;
    if (!kc_srv_conf(s)->templates) {
        return;
    }
    st.flush_s = kc_config_stats_flush(&kc_srv_conf(s)->jobs);
    st.next_flush = apr_time_now() + apr_time_from_sec(st.flush_s);
    /* The mutex and the watchdog's connection live in a pool of their own
     * that is never destroyed: the watchdog's thread may still use them
     * while the child pool's cleanups run. */
    if (apr_pool_create(&st.pool, NULL) != APR_SUCCESS
        || apr_pool_create(&st.db_pool, st.pool) != APR_SUCCESS
        || !(st.bucket = bucket_make())
        || apr_thread_mutex_create(&st.mutex, APR_THREAD_MUTEX_DEFAULT,
                                   st.pool) != APR_SUCCESS) {
        st.mutex = NULL;
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, KC_LOGNO(0483)
                     "analytics counters: no memory; nothing is counted in "
                     "this process");
        return;
    }
    apr_pool_pre_cleanup_register(pchild, NULL, stats_child_exit);
}
