/*
 * kc_sindex.h -- the search index a child keeps in memory (APR only, no
 * httpd headers): the published records' search vectors as PostgreSQL
 * writes them, matched against the tsquery that kc_search_query() builds,
 * ranked exactly as ts_rank(vector, rank query) ranks them, counted and
 * faceted in one pass. The database stays the source of truth: it builds
 * the query (compounds, synonyms, stemming) and writes the page; this only
 * answers "which records, in which order, how many per facet" (issue 15).
 *
 * An index is built once (kc_sindex_create, kc_sindex_add in ascending id
 * order, kc_sindex_seal) and never changed after it is shared; a change is
 * a new index derived from it (kc_sindex_derive, then kc_sindex_put /
 * kc_sindex_remove) that shares the sealed base and keeps the changed
 * records beside it. Readers of a shared index need no lock.
 */
#ifndef KC_SINDEX_H
#define KC_SINDEX_H

#include <apr_errno.h>
#include <apr_pools.h>
#include <apr_tables.h>

typedef struct kc_sindex_t kc_sindex_t;

/* One published record as the database gives it (text columns). */
typedef struct {
    apr_int64_t id;
    const char *published;      /* microseconds since 1970, or NULL */
    apr_int64_t rating_sum, rating_count;
    const char *kind, *language, *licence;   /* codes, NULL for none */
    const char *subjects, *levels;           /* int[] as text: {1,5}, or NULL */
    const char *vector;                      /* tsvector as text, or NULL */
} kc_sindex_doc_t;

/* A new, empty index with a memory pool of its own (no parent: it is
 * destroyed by whichever thread lets it go last). NULL when out of memory. */
kc_sindex_t *kc_sindex_create(void);
/* Add a record while building (ids ascending). APR_EINVAL: a malformed
 * vector or array (nothing added), APR_EGENERAL: out of order. */
apr_status_t kc_sindex_add(kc_sindex_t *ix, const kc_sindex_doc_t *d);
/* A term of a vocabulary, before any record is added: facet (kind, subject, level,
 * language, licence), key (the code, or for subjects and levels the id
 * records carry), code, names (be: Flemish, nl, en; NULL: the facet
 * leaves the value out, as PostgreSQL's NULL concatenation does) and
 * position (NULL: last). */
apr_status_t kc_sindex_term(kc_sindex_t *ix, const char *facet,
                            const char *key, const char *code,
                            const char *name_be, const char *name_nl,
                            const char *name_en, const char *position);
/* The posting lists: the index is complete and may be shared. */
void kc_sindex_seal(kc_sindex_t *ix);

/* A copy of sealed index `from` to apply changes to (from is unchanged). */
kc_sindex_t *kc_sindex_derive(const kc_sindex_t *from);
/* Record d is published as given (replacing what the index had of it). */
apr_status_t kc_sindex_put(kc_sindex_t *ix, const kc_sindex_doc_t *d);
/* Record id is no longer published (no error if the index never had it). */
void kc_sindex_remove(kc_sindex_t *ix, apr_int64_t id);
/* Records kept beside the base: when many, build anew. */
int kc_sindex_changed(const kc_sindex_t *ix);
/* Published records in the index. */
apr_int64_t kc_sindex_size(const kc_sindex_t *ix);
/* Bytes of memory the index holds (its base counted whole). */
apr_size_t kc_sindex_bytes(const kc_sindex_t *ix);
void kc_sindex_destroy(kc_sindex_t *ix);

/* A search: KC_SQL_SEARCH_WORDS's parameters, the query already built. */
typedef struct {
    const char *match;          /* kc_search_query(q)[1] as text */
    const char *rank;           /* kc_search_query(q)[2] as text */
    const char *kind, *subject, *level, *language, *licence;
                                /* codes; "" or NULL: no filter */
    const char *labels;         /* the facets' names: be, nl or en */
    const char *sort;           /* "relevance", "rating", or newest first */
    apr_int64_t offset;
    int limit;
    int cap;                    /* candidates counted at most (+1) */
} kc_sindex_query_t;

typedef struct {
    const char *facet;          /* kind, subject, level, language, licence */
    const char *value;          /* its code */
    const char *name;           /* in the query's labels */
    apr_int64_t n;
} kc_sindex_facet_t;

typedef struct {
    apr_int64_t total;          /* the records that pass every filter */
    int capped;                 /* more than cap candidates, no filter used */
    apr_array_header_t *ids;    /* apr_int64_t: the page, in order */
    apr_array_header_t *facets; /* kc_sindex_facet_t, by facet and position */
    const char *unknown;        /* the first filter naming no term, or NULL */
    /* for each of ids: its subjects' and levels' names in the query's
     * labels, by position (apr_array_header_t * of const char *) */
    apr_array_header_t *subjects, *levels;
} kc_sindex_result_t;

/* APR_SUCCESS; APR_ENOTIMPL for what the index does not answer (a phrase,
 * a prefix, a weight: the database does); APR_EINVAL for a query text it
 * cannot read. Results are allocated in p. */
apr_status_t kc_sindex_search(kc_sindex_result_t *out, const kc_sindex_t *ix,
                              const kc_sindex_query_t *q, apr_pool_t *p);

/* ts_rank(vector, query) of one vector text, as kc_sindex_search ranks
 * (for the unit tests); APR_ENOTIMPL / APR_EINVAL as above. */
apr_status_t kc_sindex_rank(float *out, const char *vector,
                            const char *query, apr_pool_t *p);

#endif
