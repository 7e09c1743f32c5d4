/*
 * kc_store_sindex.c -- a search with words from the child's in-memory
 * index (KlasCementSearchIndex; core/kc_sindex.h, jobs/kc_sindex_sync.c):
 * PostgreSQL builds the query (KC_SQL_SEARCH_PREPARE), the index finds,
 * orders, counts and facets, PostgreSQL writes the page and says whether
 * the index was behind (KC_SQL_SEARCH_PAGE). Two short statements instead
 * of one long one; the same rows as KC_SQL_SEARCH_WORDS gives.
 */
#include "kc_store_records.h"
#include "kc_sql_search.h"
#include "../jobs/kc_sindex_sync.h"

#include <apr_strings.h>

/* The page statement's first columns are the words statement's. */
typedef char kc_page_cols_check[(int)KC_C_SEARCH_PAGE_ID
                                == (int)KC_C_SEARCH_WORDS_ID
                                && (int)KC_C_SEARCH_PAGE_UNKNOWN
                                   == (int)KC_C_SEARCH_WORDS_UNKNOWN ? 1 : -1];

/* A PostgreSQL array literal of texts, each element quoted. */
static const char *text_array(apr_pool_t *p, const apr_array_header_t *v,
                              size_t field)
{
    apr_array_header_t *out = apr_array_make(p, 64, 1);
    int i;

    APR_ARRAY_PUSH(out, char) = '{';
    for (i = 0; i < v->nelts; i++) {
        const char *s = *(const char *const *)((const char *)v->elts
                                               + i * v->elt_size + field);
        if (i) {
            APR_ARRAY_PUSH(out, char) = ',';
        }
        APR_ARRAY_PUSH(out, char) = '"';
        for (; *s; s++) {
            if (*s == '"' || *s == '\\') {
                APR_ARRAY_PUSH(out, char) = '\\';
            }
            APR_ARRAY_PUSH(out, char) = *s;
        }
        APR_ARRAY_PUSH(out, char) = '"';
    }
    APR_ARRAY_PUSH(out, char) = '}';
    APR_ARRAY_PUSH(out, char) = '\0';
    return out->elts;
}

static const char *facet_counts(apr_pool_t *p, const apr_array_header_t *f)
{
    const char *s = "{";
    int i;
    for (i = 0; i < f->nelts; i++) {
        s = apr_psprintf(p, "%s%s%" APR_INT64_T_FMT, s, i ? "," : "",
                         APR_ARRAY_IDX(f, i, kc_sindex_facet_t).n);
    }
    return apr_pstrcat(p, s, "}", NULL);
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

/* The query and the filters' ids from PostgreSQL, the answer from ix. */
static apr_status_t find(kc_sindex_result_t *res, kc_sindex_query_t *q,
                         request_rec *r, const kc_sindex_t *ix,
                         const kc_search_t *s)
{
    const char *v[3] = { s->q, s->subject ? s->subject : "",
                         s->level ? s->level : "" };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_SEARCH_PREPARE, v);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows != 1 || kc_row_isnull(rows, 0, KC_C_SEARCH_PREPARE_MATCH)
        || kc_row_isnull(rows, 0, KC_C_SEARCH_PREPARE_RANK)) {
        return APR_ENOTIMPL;
    }
    q->match = kc_row_str(rows, 0, KC_C_SEARCH_PREPARE_MATCH);
    q->rank = kc_row_str(rows, 0, KC_C_SEARCH_PREPARE_RANK);
    q->subject = kc_row_int(rows, 0, KC_C_SEARCH_PREPARE_SUBJECT);
    q->level = kc_row_int(rows, 0, KC_C_SEARCH_PREPARE_LEVEL);
    q->kind = s->kind;
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
    const char *snapshot, *v[16];
    kc_sindex_ref_t *ref = kc_search_index_acquire(&ix, &snapshot);
    kc_sindex_query_t q;
    kc_sindex_result_t res;
    kc_rows_t *rows;
    apr_status_t rv;
    int i;

    if (!ref) {
        return APR_ENOTIMPL;
    }
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
    v[2] = kc_arg_i64(r->pool, res.total);
    v[3] = res.capped ? "t" : "f";
    v[4] = text_array(r->pool, res.facets, APR_OFFSETOF(kc_sindex_facet_t, facet));
    v[5] = text_array(r->pool, res.facets, APR_OFFSETOF(kc_sindex_facet_t, value));
    v[6] = facet_counts(r->pool, res.facets);
    v[7] = s->q;
    v[8] = s->kind;
    v[9] = s->language;
    v[10] = s->licence;
    v[11] = s->subject;
    v[12] = s->level;
    v[13] = apr_itoa(r->pool, q.subject);
    v[14] = apr_itoa(r->pool, q.level);
    v[15] = snapshot;
    for (i = 0; i < 16; i++) {
        v[i] = v[i] ? v[i] : "";
    }
    if ((rv = kc_store_select(&rows, r, KC_Q_SEARCH_PAGE, v)) != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows < 1 || kc_row_bool(rows, 0, KC_C_SEARCH_PAGE_STALE)) {
        kc_search_index_poke();      /* behind: the database answers */
        return APR_ENOTIMPL;
    }
    *out = kc_store_read_words_page(r, rows, limit);
    apr_table_setn(r->notes, "kc-search", "index");
    return APR_SUCCESS;
}
