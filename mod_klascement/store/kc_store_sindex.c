/*
 * kc_store_sindex.c -- a search with words from the child's in-memory
 * index (KlasCementSearchIndex; core/kc_sindex.h, jobs/kc_sindex_sync.c):
 * PostgreSQL builds the query (KC_SQL_SEARCH_PREPARE; each child keeps
 * what it built), the index finds, orders, counts and names the facets,
 * PostgreSQL writes the page of ten and says whether the index was behind
 * (KC_SQL_SEARCH_PAGE). The same page as KC_SQL_SEARCH_WORDS gives.
 */
#include "kc_store_records.h"
#include "kc_sql_search.h"
#include "../jobs/kc_sindex_sync.h"
#include "../http/kc_http.h"

#include <apr_strings.h>
#include <apr_thread_mutex.h>

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
 * dutch_word_parts only: a change of either moves the page generation
 * (a POST on this node, NOTIFY kc_pages from the others), which empties
 * the copies; without the page-change listener they live a minute. */
#define KC_QCACHE_MAX  8192
#define KC_QCACHE_LIFE apr_time_from_sec(60)

typedef struct {
    const char *match, *rank;
    apr_time_t at;
} kc_qentry_t;

static apr_thread_mutex_t *qlock;
static apr_pool_t *qpool;
static apr_hash_t *qcache;
static apr_uint32_t qgeneration;
static int qcount;

static apr_status_t qcache_cleanup(void *data)
{
    (void)data;
    if (qpool) {
        apr_pool_destroy(qpool);
    }
    qpool = NULL;
    qlock = NULL;
    return APR_SUCCESS;
}

apr_status_t kc_store_sindex_post_config(apr_pool_t *pconf)
{
    apr_status_t rv;

    qpool = NULL;
    qlock = NULL;
    if ((rv = apr_pool_create_unmanaged_ex(&qpool, NULL, NULL)) != APR_SUCCESS) {
        qpool = NULL;
        return rv;
    }
    apr_pool_cleanup_register(pconf, NULL, qcache_cleanup, apr_pool_cleanup_null);
    qcache = apr_hash_make(qpool);
    qcount = 0;
    return apr_thread_mutex_create(&qlock, APR_THREAD_MUTEX_DEFAULT, pconf);
}

/* Under qlock: the copies of this generation only. */
static void qcache_renew(apr_uint32_t generation)
{
    if (generation != qgeneration || qcount >= KC_QCACHE_MAX) {
        apr_pool_clear(qpool);
        qcache = apr_hash_make(qpool);
        qcount = 0;
        qgeneration = generation;
    }
}

static int qcache_get(kc_sindex_query_t *q, request_rec *r, const char *key,
                      apr_uint32_t generation)
{
    const kc_qentry_t *e;
    int hit = 0;

    if (!qlock) {
        return 0;
    }
    apr_thread_mutex_lock(qlock);
    qcache_renew(generation);
    e = apr_hash_get(qcache, key, APR_HASH_KEY_STRING);
    if (e && r->request_time - e->at < KC_QCACHE_LIFE) {
        q->match = apr_pstrdup(r->pool, e->match);
        q->rank = apr_pstrdup(r->pool, e->rank);
        hit = 1;
    }
    apr_thread_mutex_unlock(qlock);
    return hit;
}

static void qcache_put(const kc_sindex_query_t *q, request_rec *r,
                       const char *key, apr_uint32_t generation)
{
    kc_qentry_t *e;

    if (!qlock) {
        return;
    }
    apr_thread_mutex_lock(qlock);
    if (generation == kc_microcache_page_generation()) {
        qcache_renew(generation);
        e = apr_palloc(qpool, sizeof(*e));
        e->match = apr_pstrdup(qpool, q->match);
        e->rank = apr_pstrdup(qpool, q->rank);
        e->at = r->request_time;
        if (!apr_hash_get(qcache, key, APR_HASH_KEY_STRING)) {
            qcount++;
        }
        apr_hash_set(qcache, apr_pstrdup(qpool, key), APR_HASH_KEY_STRING, e);
    }
    apr_thread_mutex_unlock(qlock);
}

/* The query and the filters' ids from PostgreSQL (or this child's copy),
 * the answer from ix. */
static apr_status_t find(kc_sindex_result_t *res, kc_sindex_query_t *q,
                         request_rec *r, const kc_sindex_t *ix,
                         const kc_search_t *s)
{
    const char *v[1] = { s->q };
    apr_uint32_t generation = kc_microcache_page_generation();
    kc_rows_t *rows;
    apr_status_t rv;

    if (!qcache_get(q, r, s->q, generation)) {
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
        qcache_put(q, r, s->q, generation);
    }
    q->kind = s->kind;
    q->subject = s->subject;
    q->level = s->level;
    q->language = s->language;
    q->licence = s->licence;
    q->sort = s->sort;
    rv = kc_sindex_search(res, ix, q, r->pool);
    return rv == APR_SUCCESS ? APR_SUCCESS : APR_ENOTIMPL;
}

apr_status_t kc_store_search_index(kc_record_page_t **out, request_rec *r,
                                   const char *labels, const kc_search_t *s,
                                   apr_int64_t offset, int limit, int cap)
{
    const kc_sindex_t *ix;
    const char *snapshot, *v[5];
    kc_sindex_ref_t *ref = kc_search_index_acquire(&ix, &snapshot);
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
    rv = find(&res, &q, r, ix, s);
    snapshot = apr_pstrdup(r->pool, snapshot);
    kc_search_index_release(ref);
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
        kc_search_index_poke();      /* behind: the database answers */
        return APR_ENOTIMPL;
    }
    page = apr_pcalloc(r->pool, sizeof(*page));
    page->total = res.total;
    page->capped = res.capped;
    page->unknown = res.unknown;
    if (!kc_row_isnull(rows, 0, KC_C_SEARCH_PAGE_SUGGESTION)) {
        page->suggestion = kc_row_str(rows, 0, KC_C_SEARCH_PAGE_SUGGESTION);
    }
    page->facets = apr_array_make(r->pool, res.facets->nelts, sizeof(kc_facet_t));
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
            rec->subjects = APR_ARRAY_IDX(res.subjects, i, apr_array_header_t *);
            rec->levels = APR_ARRAY_IDX(res.levels, i, apr_array_header_t *);
        }
        else {
            kc_search_index_poke();  /* cannot be: the index has every id */
            return APR_ENOTIMPL;
        }
    }
    *out = page;
    apr_table_setn(r->notes, "kc-search", "index");
    return APR_SUCCESS;
}
