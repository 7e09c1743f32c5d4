/*
 * kc_sindex_sync.c -- each child's search index (kc_sindex_sync.h).
 *
 * A watchdog callback of its own in every child (not a singleton: each
 * child searches its own copy) builds the index from a snapshot and then,
 * every tick on which the page generation moved and at least every few
 * seconds, asks for the records changed since (033, search_changes) and
 * publishes a new index derived from the old one with them. Request
 * threads take a reference to the index published last and let it go when
 * their search is done; the last one out frees it. A search also checks,
 * in the statement that writes its page, that nothing changed since the
 * index's snapshot (kc_search_index_stale): an index behind is never
 * shown, the database answers instead.
 */
#include "kc_sindex_sync.h"
#include "../config/kc_config.h"
#include "../http/kc_http.h"
#include "../store/kc_store.h"
#include "../store/kc_sql_search.h"
#include "../store/kc_store_sindex.h"

#include <stdlib.h>
#include <string.h>

#include <apr_atomic.h>
#include <apr_strings.h>
#include <http_core.h>
#include <mod_watchdog.h>

#define KC_SINDEX_WATCHDOG "klascement-search-index"
#define KC_SINDEX_TICK     apr_time_from_msec(100)
#define KC_SINDEX_BATCH    5000
/* At least this often a look at the changes, whatever the generation. */
#define KC_SINDEX_CHECK    apr_time_from_sec(2)
/* Changes kept beside the base before it is built anew. */
#define KC_SINDEX_CHANGED_MAX 2000
/* Changes read at once; more: built anew. */
#define KC_SINDEX_CHANGES_MAX 500
/* search_changes keeps an hour (kc_housekeeping): build anew well before. */
#define KC_SINDEX_STALE    apr_time_from_sec(1800)

typedef struct {
    server_rec *s;
    apr_pool_t *pool;               /* the connection's */
    kc_db_t *db;
    apr_time_t retry_at, quiet_until, checked_at, synced_at;
    apr_uint32_t generation;
    int rebuild;
    int broken;                     /* a record it cannot read: no index */
    int have;                       /* an index is published */
} kc_sindex_sync_t;

/* A row of KC_SINDEX_DOC_COLS starting at column `at`. */
static void read_doc(kc_sindex_doc_t *d, const kc_rows_t *rows, int i, int at)
{
    d->id = kc_row_i64(rows, i, at + KC_C_SINDEX_BATCH_ID);
    d->published = kc_row_str(rows, i, at + KC_C_SINDEX_BATCH_PUBLISHED);
    d->rating_sum = kc_row_i64(rows, i, at + KC_C_SINDEX_BATCH_RATING_SUM);
    d->rating_count = kc_row_i64(rows, i, at + KC_C_SINDEX_BATCH_RATING_COUNT);
    d->kind = kc_row_str(rows, i, at + KC_C_SINDEX_BATCH_KIND);
    d->language = kc_row_str(rows, i, at + KC_C_SINDEX_BATCH_LANGUAGE);
    d->licence = kc_row_str(rows, i, at + KC_C_SINDEX_BATCH_LICENCE);
    d->subjects = kc_row_str(rows, i, at + KC_C_SINDEX_BATCH_SUBJECTS);
    d->levels = kc_row_str(rows, i, at + KC_C_SINDEX_BATCH_LEVELS);
    d->vector = kc_row_str(rows, i, at + KC_C_SINDEX_BATCH_VECTOR);
}

static void drop(kc_sindex_sync_t *sy, const char *why)
{
    apr_time_t now = apr_time_now();
    if (sy->db) {
        kc_db_close(sy->db);
        sy->db = NULL;
    }
    apr_pool_clear(sy->pool);
    sy->retry_at = now + apr_time_from_sec(2);
    if (now >= sy->quiet_until) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, sy->s, KC_LOGNO(0490)
                     "search index: %s; PostgreSQL answers searches until "
                     "it is back", why);
        sy->quiet_until = now + apr_time_from_sec(60);
    }
}

/* The whole index anew: a snapshot first, then every published record in
 * batches (each batch sees at least what the snapshot saw; what changed
 * since is read again by the next catch_up). */
static apr_status_t build(kc_sindex_sync_t *sy, apr_pool_t *p)
{
    apr_time_t start = apr_time_now();
    const char *snapshot, *args[2];
    kc_sindex_t *ix = kc_sindex_create();
    apr_int64_t after = 0;
    apr_pool_t *batch;
    kc_rows_t *rows;
    apr_status_t rv;
    int i;

    if (!ix) {
        return APR_ENOMEM;
    }
    kc_db_use_pool(sy->db, p);
    if ((rv = kc_db_select(&rows, sy->db, KC_Q_SINDEX_SNAPSHOT, NULL))
        != APR_SUCCESS || rows->nrows != 1) {
        kc_sindex_destroy(ix);
        return rv != APR_SUCCESS ? rv : APR_EGENERAL;
    }
    snapshot = kc_row_str(rows, 0, KC_C_VALUE);
    if ((rv = kc_db_select(&rows, sy->db, KC_Q_SINDEX_VOCAB, NULL))
        != APR_SUCCESS) {
        kc_sindex_destroy(ix);
        return rv;
    }
    for (i = 0; i < rows->nrows; i++) {
        kc_sindex_term(ix, kc_row_str(rows, i, KC_C_SINDEX_VOCAB_FACET),
                       kc_row_str(rows, i, KC_C_SINDEX_VOCAB_KEY),
                       kc_row_str(rows, i, KC_C_SINDEX_VOCAB_CODE),
                       kc_row_str(rows, i, KC_C_SINDEX_VOCAB_NAME_BE),
                       kc_row_str(rows, i, KC_C_SINDEX_VOCAB_NAME_NL),
                       kc_row_str(rows, i, KC_C_SINDEX_VOCAB_NAME_EN),
                       kc_row_str(rows, i, KC_C_SINDEX_VOCAB_POSITION));
    }
    apr_pool_create(&batch, p);
    do {
        apr_pool_clear(batch);
        kc_db_use_pool(sy->db, batch);
        args[0] = kc_arg_i64(batch, after);
        args[1] = apr_itoa(batch, KC_SINDEX_BATCH);
        if ((rv = kc_db_select(&rows, sy->db, KC_Q_SINDEX_BATCH, args))
            != APR_SUCCESS) {
            kc_sindex_destroy(ix);
            return rv;
        }
        for (i = 0; i < rows->nrows; i++) {
            kc_sindex_doc_t d;
            read_doc(&d, rows, i, 0);
            after = d.id;
            if (kc_sindex_add(ix, &d) != APR_SUCCESS) {
                ap_log_error(APLOG_MARK, APLOG_WARNING, 0, sy->s,
                             KC_LOGNO(0491) "search index: record %"
                             APR_INT64_T_FMT " could not be read; "
                             "PostgreSQL answers every search", d.id);
                kc_sindex_destroy(ix);
                kc_store_sindex_publish(NULL, NULL);
            sy->have = 0;
                sy->broken = 1;
                sy->rebuild = 0;
                return APR_SUCCESS;
            }
        }
    } while (rows->nrows == KC_SINDEX_BATCH);
    kc_db_use_pool(sy->db, p);
    kc_sindex_seal(ix);
    kc_store_sindex_publish(ix, snapshot);
    sy->have = 1;
    sy->rebuild = 0;
    sy->synced_at = apr_time_now();
    ap_log_error(APLOG_MARK, APLOG_INFO, 0, sy->s, KC_LOGNO(0492)
                 "search index: %" APR_INT64_T_FMT " records, %" APR_SIZE_T_FMT
                 " MB, built in %" APR_TIME_T_FMT " ms", kc_sindex_size(ix),
                 kc_sindex_bytes(ix) >> 20,
                 apr_time_as_msec(apr_time_now() - start));
    return APR_SUCCESS;
}

/* The records changed since the index's snapshot, into a new index. */
static apr_status_t catch_up(kc_sindex_sync_t *sy, apr_pool_t *p)
{
    const kc_sindex_t *ix;
    const char *snapshot, *args[3];
    kc_sindex_ref_t *ref = kc_store_sindex_acquire(&ix, &snapshot);
    kc_sindex_t *next;
    kc_rows_t *rows;
    apr_status_t rv;
    int i;

    if (!ref) {
        sy->rebuild = 1;
        return APR_SUCCESS;
    }
    kc_db_use_pool(sy->db, p);
    args[0] = args[1] = apr_pstrdup(p, snapshot);
    args[2] = apr_itoa(p, KC_SINDEX_CHANGES_MAX + 1);
    rv = kc_db_select(&rows, sy->db, KC_Q_SINDEX_CHANGES, args);
    if (rv != APR_SUCCESS || rows->nrows == 0) {
        kc_store_sindex_release(ref);
        return rv != APR_SUCCESS ? rv : APR_EGENERAL;
    }
    sy->synced_at = apr_time_now();
    if (kc_row_isnull(rows, 0, KC_C_SINDEX_CHANGES_CHANGED)) {
        kc_store_sindex_release(ref);      /* nothing changed */
        return APR_SUCCESS;
    }
    for (i = 0; i < rows->nrows; i++) {
        /* 0: every index anew (a vocabulary, or all records) */
        if (kc_row_i64(rows, i, KC_C_SINDEX_CHANGES_CHANGED) == 0) {
            sy->rebuild = 1;
        }
    }
    if (sy->rebuild || rows->nrows > KC_SINDEX_CHANGES_MAX
        || kc_sindex_changed(ix) + rows->nrows > KC_SINDEX_CHANGED_MAX
        || !(next = kc_sindex_derive(ix))) {
        kc_store_sindex_release(ref);
        sy->rebuild = 1;
        return APR_SUCCESS;
    }
    kc_store_sindex_release(ref);
    for (i = 0; i < rows->nrows; i++) {
        apr_int64_t id = kc_row_i64(rows, i, KC_C_SINDEX_CHANGES_CHANGED);
        kc_sindex_doc_t d;
        if (id < 0) {
            continue;       /* -1: what queries are built from (a new version) */
        }
        if (kc_row_isnull(rows, i, KC_C_SINDEX_CHANGES_ID)) {
            kc_sindex_remove(next, id);
            continue;
        }
        read_doc(&d, rows, i, KC_C_SINDEX_CHANGES_ID);
        if (kc_sindex_put(next, &d) != APR_SUCCESS) {
            /* never an index without a published record: none, then a
             * build (which says why) */
            kc_sindex_destroy(next);
            kc_store_sindex_publish(NULL, NULL);
            sy->have = 0;
            sy->rebuild = 1;
            return APR_SUCCESS;
        }
    }
    kc_store_sindex_publish(next,
                            kc_row_str(rows, 0, KC_C_SINDEX_CHANGES_SNAP));
    return APR_SUCCESS;
}

static apr_status_t sindex_callback(int state, void *data, apr_pool_t *pool)
{
    kc_sindex_sync_t *sy = data;
    apr_time_t now = apr_time_now();
    apr_uint32_t generation;
    apr_pool_t *p;
    apr_status_t rv;

    if (state == AP_WATCHDOG_STATE_STOPPING) {
        if (sy->db) {
            kc_db_close(sy->db);
            sy->db = NULL;
        }
        return APR_SUCCESS;
    }
    if (state != AP_WATCHDOG_STATE_RUNNING) {
        return APR_SUCCESS;
    }
    if (!sy->db) {
        if (now < sy->retry_at) {
            return APR_SUCCESS;
        }
        if (kc_db_open(&sy->db, sy->s, sy->pool) != APR_SUCCESS) {
            sy->db = NULL;
            drop(sy, "no database connection");
            return APR_SUCCESS;
        }
    }
    if (sy->broken) {
        /* a record it cannot read: tried again once a minute */
        if (now - sy->checked_at < apr_time_from_sec(60)) {
            return APR_SUCCESS;
        }
        sy->broken = 0;
        sy->rebuild = 1;
    }
    generation = kc_microcache_page_generation();
    if (!sy->rebuild && sy->have && sy->synced_at
        && now - sy->synced_at > KC_SINDEX_STALE) {
        sy->rebuild = 1;
    }
    if (!sy->rebuild && sy->have && generation == sy->generation
        && now - sy->checked_at < KC_SINDEX_CHECK
        && !kc_store_sindex_poked()) {
        return APR_SUCCESS;
    }
    /* the generation before the look: a change after it moves it again */
    sy->generation = generation;
    sy->checked_at = now;
    apr_pool_create(&p, pool);
    rv = (sy->rebuild || !sy->have) ? build(sy, p) : catch_up(sy, p);
    if (rv == APR_SUCCESS && sy->rebuild) {
        rv = build(sy, p);
    }
    apr_pool_destroy(p);
    if (rv != APR_SUCCESS) {
        drop(sy, "the database did not answer");
    }
    return APR_SUCCESS;
}

apr_status_t kc_search_index_post_config(apr_pool_t *pconf, server_rec *s)
{
    APR_OPTIONAL_FN_TYPE(ap_watchdog_get_instance) *get_instance;
    APR_OPTIONAL_FN_TYPE(ap_watchdog_register_callback) *register_callback;
    const kc_srv_conf_t *conf = kc_srv_conf(s);
    kc_sindex_sync_t *sy;
    ap_watchdog_t *wd;
    apr_status_t rv;

    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG
        || !conf->templates || !kc_config_search_index(conf)) {
        return APR_SUCCESS;
    }
    get_instance = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_get_instance);
    register_callback = APR_RETRIEVE_OPTIONAL_FN(ap_watchdog_register_callback);
    if (!get_instance || !register_callback) {
        return APR_SUCCESS;         /* kc_jobs_post_config says so */
    }
    if ((rv = kc_store_sindex_post_config(pconf)) != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s, KC_LOGNO(0494)
                     "no memory for the search index's copies of queries");
        return rv;
    }
    sy = apr_pcalloc(pconf, sizeof(*sy));
    sy->s = s;
    if ((rv = apr_pool_create(&sy->pool, pconf)) != APR_SUCCESS
        || (rv = get_instance(&wd, KC_SINDEX_WATCHDOG, 0, 0, pconf))
           != APR_SUCCESS
        || (rv = register_callback(wd, KC_SINDEX_TICK, sy, sindex_callback))
           != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s, KC_LOGNO(0493)
                     "cannot register the search index with mod_watchdog");
        return rv;
    }
    return APR_SUCCESS;
}
