/*
 * kc_store_sindex.c -- a search with words from the child's in-memory
 * index (KlasCementSearchIndex; core/kc_sindex.h, jobs/kc_sindex_sync.c):
 * PostgreSQL builds the query (KC_SQL_SEARCH_PREPARE; each child keeps
 * what it built), the index finds, orders, counts and names the facets,
 * PostgreSQL writes the page of ten and says whether the index was behind
 * (KC_SQL_SEARCH_PAGE). The same page as KC_SQL_SEARCH_WORDS gives.
 */
#include "kc_store_records.h"
#include "kc_store_sindex.h"
#include "kc_sql_search.h"

#include <stdlib.h>
#include <string.h>

#include <apr_atomic.h>
#include <apr_hash.h>
#include <apr_strings.h>
#include <apr_thread_mutex.h>

/* ---- the child's index ------------------------------------------------------
 * Published by the watchdog thread, taken by reference by each search;
 * the one replaced goes when its last reader lets it go. Each has a
 * version: the copies of built queries below are of one version. */
struct kc_sindex_ref_t {
    kc_sindex_t *ix;
    char *snapshot;
    int refs;                       /* under lock */
    apr_uint32_t version;
};

static apr_thread_mutex_t *lock;
static kc_sindex_ref_t *current;
static apr_uint32_t versions;       /* under lock */
static volatile apr_uint32_t poked;

static void ref_free(kc_sindex_ref_t *ref)
{
    kc_sindex_destroy(ref->ix);
    free(ref->snapshot);
    free(ref);
}

kc_sindex_ref_t *kc_store_sindex_acquire(const kc_sindex_t **ix,
                                         const char **snapshot)
{
    kc_sindex_ref_t *ref;

    if (!lock) {
        return NULL;
    }
    apr_thread_mutex_lock(lock);
    if ((ref = current)) {
        ref->refs++;
        *ix = ref->ix;
        *snapshot = ref->snapshot;
    }
    apr_thread_mutex_unlock(lock);
    return ref;
}

void kc_store_sindex_release(kc_sindex_ref_t *ref)
{
    int last;

    if (!ref) {
        return;
    }
    apr_thread_mutex_lock(lock);
    last = --ref->refs == 0;
    apr_thread_mutex_unlock(lock);
    if (last) {
        ref_free(ref);
    }
}

void kc_store_sindex_publish(kc_sindex_t *ix, const char *snapshot)
{
    kc_sindex_ref_t *ref = NULL, *old;
    int last = 0;

    if (ix) {
        ref = calloc(1, sizeof(*ref));
        if (!ref || !(ref->snapshot = strdup(snapshot))) {
            free(ref);
            kc_sindex_destroy(ix);
            ref = NULL;
        }
        else {
            ref->ix = ix;
            ref->refs = 1;          /* current's own */
        }
    }
    apr_thread_mutex_lock(lock);
    if (ref) {
        ref->version = ++versions;
    }
    old = current;
    current = ref;
    if (old) {
        last = --old->refs == 0;
    }
    apr_thread_mutex_unlock(lock);
    if (last) {
        ref_free(old);
    }
}

int kc_store_sindex_poked(void)
{
    return apr_atomic_xchg32(&poked, 0) != 0;
}

static void poke(void)
{
    apr_atomic_set32(&poked, 1);
}

static const char *id_array(apr_pool_t *p, const apr_array_header_t *ids)
{
    char *s = apr_palloc(p, 22 * (ids->nelts + 1) + 2), *o = s;
    int i;
    *o++ = '{';
    for (i = 0; i < ids->nelts; i++) {
        o += apr_snprintf(o, 23, "%s%" APR_INT64_T_FMT, i ? "," : "",
                          APR_ARRAY_IDX(ids, i, apr_int64_t));
    }
    *o++ = '}';
    *o = '\0';
    return s;
}

/* ---- the queries PostgreSQL built, kept by each child ---------------------
 * What kc_search_query() makes of a text depends on search_synonyms and
 * dutch_word_parts only: a change of either is logged in search_changes
 * (so the search that follows is answered by the database) and publishes
 * a new version of the index, which empties the copies. */
#define KC_QCACHE_MAX  8192

typedef struct {
    const char *match, *rank;
} kc_qentry_t;

static apr_thread_mutex_t *qlock;
static apr_pool_t *qpool;
static apr_hash_t *qcache;
static apr_uint32_t qversion;
static int qcount;

static apr_status_t qcache_cleanup(void *data)
{
    (void)data;
    if (qpool) {
        apr_pool_destroy(qpool);
    }
    qpool = NULL;
    qlock = NULL;
    lock = NULL;
    return APR_SUCCESS;
}

apr_status_t kc_store_sindex_post_config(apr_pool_t *pconf)
{
    apr_status_t rv;

    qpool = NULL;
    qlock = NULL;
    lock = NULL;
    current = NULL;
    rv = apr_pool_create_unmanaged_ex(&qpool, NULL, NULL);
    if (rv != APR_SUCCESS) {
        qpool = NULL;
        return rv;
    }
    apr_pool_cleanup_register(pconf, NULL, qcache_cleanup,
                              apr_pool_cleanup_null);
    qcache = apr_hash_make(qpool);
    qcount = 0;
    /* unlocked when the children are forked: each has its own */
    if ((rv = apr_thread_mutex_create(&qlock, APR_THREAD_MUTEX_DEFAULT, pconf))
        != APR_SUCCESS) {
        qlock = NULL;
        return rv;
    }
    if ((rv = apr_thread_mutex_create(&lock, APR_THREAD_MUTEX_DEFAULT, pconf))
        != APR_SUCCESS) {
        lock = NULL;
    }
    return rv;
}

/* Under qlock: the copies of this version only. */
static void qcache_renew(apr_uint32_t version)
{
    if (version != qversion || qcount >= KC_QCACHE_MAX) {
        apr_pool_clear(qpool);
        qcache = apr_hash_make(qpool);
        qcount = 0;
        qversion = version;
    }
}

static int qcache_get(kc_sindex_query_t *q, request_rec *r, const char *key,
                      apr_uint32_t version)
{
    const kc_qentry_t *e;
    int hit = 0;

    apr_thread_mutex_lock(qlock);
    qcache_renew(version);
    e = apr_hash_get(qcache, key, APR_HASH_KEY_STRING);
    if (e) {
        q->match = apr_pstrdup(r->pool, e->match);
        q->rank = apr_pstrdup(r->pool, e->rank);
        hit = 1;
    }
    apr_thread_mutex_unlock(qlock);
    return hit;
}

static void qcache_put(const kc_sindex_query_t *q, const char *key,
                       apr_uint32_t version)
{
    kc_qentry_t *e;

    apr_thread_mutex_lock(qlock);
    qcache_renew(version);
    if (!apr_hash_get(qcache, key, APR_HASH_KEY_STRING)) {
        e = apr_palloc(qpool, sizeof(*e));
        e->match = apr_pstrdup(qpool, q->match);
        e->rank = apr_pstrdup(qpool, q->rank);
        apr_hash_set(qcache, apr_pstrdup(qpool, key), APR_HASH_KEY_STRING, e);
        qcount++;
    }
    apr_thread_mutex_unlock(qlock);
}

/* The query from PostgreSQL (or this version's copy), the answer from
 * the index. */
static apr_status_t find(kc_sindex_result_t *res, kc_sindex_query_t *q,
                         request_rec *r, const kc_sindex_ref_t *ref,
                         const kc_search_t *s)
{
    const char *v[1] = { s->q };
    kc_rows_t *rows;
    apr_status_t rv;

    if (!qcache_get(q, r, s->q, ref->version)) {
        if ((rv = kc_store_select(&rows, r, KC_Q_SEARCH_PREPARE, v))
            != APR_SUCCESS) {
            return rv;
        }
        if (rows->nrows != 1
            || kc_row_isnull(rows, 0, KC_C_SEARCH_PREPARE_MATCH)
            || kc_row_isnull(rows, 0, KC_C_SEARCH_PREPARE_RANK)) {
            return APR_ENOTIMPL;
        }
        q->match = kc_row_str(rows, 0, KC_C_SEARCH_PREPARE_MATCH);
        q->rank = kc_row_str(rows, 0, KC_C_SEARCH_PREPARE_RANK);
        qcache_put(q, s->q, ref->version);
    }
    q->kind = s->kind;
    q->subject = s->subject;
    q->level = s->level;
    q->language = s->language;
    q->licence = s->licence;
    q->sort = s->sort;
    rv = kc_sindex_search(res, ref->ix, q, r->pool);
    return rv == APR_SUCCESS ? APR_SUCCESS : APR_ENOTIMPL;
}

apr_status_t kc_store_search_index(kc_record_page_t **out, request_rec *r,
                                   const char *labels, const kc_search_t *s,
                                   apr_int64_t offset, int limit, int cap)
{
    const kc_sindex_t *ix;
    const char *snapshot, *v[5];
    kc_sindex_ref_t *ref = kc_store_sindex_acquire(&ix, &snapshot);
    kc_sindex_query_t q;
    kc_sindex_result_t res;
    kc_record_page_t *page;
    kc_rows_t *rows;
    apr_status_t rv;
    int i;

    if (!ref) {
        return APR_ENOTIMPL;
    }
    q.labels = labels;
    q.offset = offset;
    q.limit = limit;
    q.cap = cap;
    rv = find(&res, &q, r, ref, s);
    snapshot = apr_pstrdup(r->pool, snapshot);
    kc_store_sindex_release(ref);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    v[0] = labels;
    v[1] = id_array(r->pool, res.ids);
    v[2] = res.total == 0 ? "t" : "f";
    v[3] = s->q;
    v[4] = snapshot;
    if ((rv = kc_store_select(&rows, r, KC_Q_SEARCH_PAGE, v)) != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows < 1 || kc_row_bool(rows, 0, KC_C_SEARCH_PAGE_STALE)) {
        poke();      /* behind: the database answers */
        return APR_ENOTIMPL;
    }
    page = apr_pcalloc(r->pool, sizeof(*page));
    page->total = res.total;
    page->capped = res.capped;
    page->unknown = res.unknown;
    if (!kc_row_isnull(rows, 0, KC_C_SEARCH_PAGE_SUGGESTION)) {
        page->suggestion = kc_row_str(rows, 0, KC_C_SEARCH_PAGE_SUGGESTION);
    }
    page->facets = apr_array_make(r->pool, res.facets->nelts,
                                  sizeof(kc_facet_t));
    for (i = 0; i < res.facets->nelts; i++) {
        const kc_sindex_facet_t *x = &APR_ARRAY_IDX(res.facets, i,
                                                    kc_sindex_facet_t);
        kc_facet_t *f = apr_array_push(page->facets);
        f->facet = x->facet;
        f->value = x->value;
        f->name = x->name;
        f->count = x->n;
    }
    page->items = apr_array_make(r->pool, limit, sizeof(kc_record_summary_t));
    for (i = 0; i < rows->nrows; i++) {
        kc_record_summary_t *rec;
        if (kc_row_isnull(rows, i, KC_C_SEARCH_PAGE_ID)) {
            continue;
        }
        rec = apr_array_push(page->items);
        kc_store_read_summary(rec, r->pool, rows, i, KC_C_SEARCH_PAGE_ID);
        /* the ids' order, from the index as of the snapshot just checked */
        if (i < res.ids->nelts
            && APR_ARRAY_IDX(res.ids, i, apr_int64_t) == rec->id) {
            rec->subjects = APR_ARRAY_IDX(res.subjects, i,
                                          apr_array_header_t *);
            rec->levels = APR_ARRAY_IDX(res.levels, i, apr_array_header_t *);
        }
        else {
            poke();  /* cannot be: the index has every id */
            return APR_ENOTIMPL;
        }
    }
    *out = page;
    apr_table_setn(r->notes, "kc-search", "index");
    return APR_SUCCESS;
}
