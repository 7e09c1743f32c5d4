/*
 * kc_store_records.h -- records as the pages need them.
 */
#ifndef KC_STORE_RECORDS_H
#define KC_STORE_RECORDS_H

#include "kc_store.h"

typedef struct {
    apr_int64_t id;
    const char *kind;          /* code, e.g. "video" */
    const char *kind_name;
    const char *title;
    const char *excerpt;       /* first characters of the description */
    int excerpt_cut;           /* the description goes on */
    const char *author_name;
    const char *licence;       /* code, e.g. "by-sa" */
    const char *licence_name;
    const char *language;
    const char *published;     /* YYYY-MM-DD */
    apr_array_header_t *subjects;   /* const char * */
    apr_array_header_t *levels;     /* const char * */
    apr_int64_t rating_count;
    const char *rating;        /* average with one decimal, NULL if none */
    const char *licence_url;   /* the licence's deed, NULL for "all rights" */
} kc_record_summary_t;

typedef struct {
    apr_int64_t total;         /* published records in all */
    apr_array_header_t *items; /* kc_record_summary_t */
    int capped;                /* a search with more matches than its count
                                * limit: total is a lower bound (total - 1
                                * = the limit when no filter is used) */
    apr_array_header_t *facets;/* kc_facet_t, when the search counted them
                                * in the same pass; else NULL */
    /* A search with words (kc_store_record_search) also answers: */
    const char *suggestion;    /* nothing found: the corrected query, or NULL */
    const char *unknown;       /* the first filter whose value does not
                                * exist ("kind", ...), or NULL */
} kc_record_page_t;

/* Published records, newest first. labels: "be", "nl" or "en". */
apr_status_t kc_store_record_page(kc_record_page_t **out, request_rec *r,
                                  const char *labels, apr_int64_t offset,
                                  int limit);

/* The state of a record ("published", "pending", ...); APR_NOTFOUND when no
 * such record exists. */
apr_status_t kc_store_record_state(const char **state, request_rec *r,
                                   apr_int64_t id);

/* Run a statement whose columns are exactly KC_RECORD_SUMMARY_COLS and
 * return the rows as kc_record_summary_t. */
apr_status_t kc_store_summaries(apr_array_header_t **out, request_rec *r,
                                kc_query_id_t q, const char **args);

/* ---- search ------------------------------------------------------------ */
typedef struct {
    const char *q, *kind, *subject, *level, *language, *licence;
    const char *sort;          /* relevance | newest | rating */
    int count_limit;           /* KlasCementSearchCountLimit; 0: default */
} kc_search_t;

typedef struct {
    const char *facet;         /* kind | subject | level | language | licence */
    const char *value, *name;
    apr_int64_t count;
} kc_facet_t;

/* A page of a search. With words (s->q), the page, its count (exact up
 * to s->count_limit) and its facets come from one statement (page->facets
 * set); otherwise facets are asked with kc_store_record_facets. */
apr_status_t kc_store_record_search(kc_record_page_t **out, request_rec *r,
                                    const char *labels, const kc_search_t *s,
                                    apr_int64_t offset, int limit);
/* Inside the store: a search with words answered by the child's
 * in-memory index (kc_store_sindex.c), or APR_ENOTIMPL when PostgreSQL
 * must answer it (no index, a phrase, the index behind). */
apr_status_t kc_store_search_index(kc_record_page_t **out, request_rec *r,
                                   const char *labels, const kc_search_t *s,
                                   apr_int64_t offset, int limit, int cap);
/* Facet counts of the matching records (kc_facet_t), facet by facet. */
apr_status_t kc_store_record_facets(apr_array_header_t **out, request_rec *r,
                                    const char *labels, const kc_search_t *s);
/* ok[i] = 0 when filter i (kind, subject, level, language, licence) names
 * a value that does not exist. */
apr_status_t kc_store_filter_check(int ok[5], request_rec *r,
                                   const kc_search_t *s);

/* ---- reading ------------------------------------------------------------ */
typedef struct kc_record_detail_t {
    kc_record_summary_t sum;
    const char *description, *url, *licence_url, *state;
    const char *details;       /* key U+001E value, pairs joined by U+001F */
    const char *file_name, *language_name;
    apr_int64_t author_id;     /* 0: no longer a member */
    apr_int64_t file_size;
    int has_file;
    apr_int64_t viewer_balance;
    int unlocked;              /* the viewer has an unlock row */
    int my_stars;              /* the viewer's score, 0 = none */
    const char *my_explanation;
    int favourite;             /* in the viewer's favourites */
    int has_reactions;         /* any reaction not deleted */
    /* For the JSON-LD: date-times in UTC (YYYY-MM-DDThh:mm:ssZ; published
     * NULL until then, modified the OAI datestamp), the codes of the
     * subjects and levels (const char *, in the order of the names), the
     * kind's schema.org CreativeWork type (NULL when none fits). */
    const char *created, *published_at, *modified;
    apr_array_header_t *subject_codes, *level_codes;
    const char *schema_type;
} kc_record_detail_t;

/* APR_NOTFOUND unless the record is published or the viewer (0 for none)
 * is its author, a moderator or an admin. */
apr_status_t kc_store_record_detail(kc_record_detail_t **out, request_rec *r,
                                    const char *labels, apr_int64_t id,
                                    apr_int64_t viewer, const char *lang);
/* *result: free | already | unlocked | nopoints | notfound. */
apr_status_t kc_store_record_unlock(const char **result, request_rec *r,
                                    apr_int64_t member, apr_int64_t record,
                                    int cost);
/* The record's file; APR_NOTFOUND when there is none (or it is not
 * visible); *allowed when the member may download it. */
apr_status_t kc_store_record_file(const char **sha256, const char **type,
                                  const char **name, int *allowed,
                                  request_rec *r, apr_int64_t record,
                                  apr_int64_t member);

typedef struct {
    const char *event, *name, *description;
    apr_int64_t points;
    const char *points_max, *daily_cap;     /* NULL when none */
    int campaigns;                          /* campaigns may add to it */
} kc_point_rule_t;

apr_status_t kc_store_point_rules(apr_array_header_t **out, request_rec *r,
                                  const char *lang);

/* The summary in the KC_SUMMARY_COLS of row `row`, which begin at column
 * `first` (for statements of other areas that return summaries). */
void kc_store_read_summary(kc_record_summary_t *rec, apr_pool_t *p,
                           const kc_rows_t *rows, int row, int first);

#endif
