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
} kc_record_summary_t;

typedef struct {
    apr_int64_t total;         /* published records in all */
    apr_array_header_t *items; /* kc_record_summary_t */
} kc_record_page_t;

/* Published records, newest first. labels: "be", "nl" or "en". */
apr_status_t kc_store_record_page(kc_record_page_t **out, request_rec *r,
                                  const char *labels, apr_int64_t offset,
                                  int limit);

/* The state of a record ("published", "pending", ...); APR_NOTFOUND when no
 * such record exists. */
apr_status_t kc_store_record_state(const char **state, request_rec *r,
                                   apr_int64_t id);

#endif
