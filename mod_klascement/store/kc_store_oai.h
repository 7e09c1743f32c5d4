/*
 * kc_store_oai.h -- what OAI-PMH answers are made of (kc_sql_oai.h).
 */
#ifndef KC_STORE_OAI_H
#define KC_STORE_OAI_H

#include "kc_store.h"

typedef struct {
    apr_int64_t id;
    const char *datestamp;          /* YYYY-MM-DDThh:mm:ssZ */
    int live;                       /* published; else a deleted record */
    const char *kind, *kind_name, *title, *excerpt, *author_name;
    const char *licence, *licence_name, *licence_url, *language;
    const char *published;          /* YYYY-MM-DD */
    apr_array_header_t *subjects, *subject_codes;   /* const char * */
    apr_array_header_t *levels, *level_codes;
} kc_oai_record_t;

/* One page (array of kc_oai_record_t) after (after_ds, after_id); from,
 * until, set: "" when not asked for. */
apr_status_t kc_store_oai_list(apr_array_header_t **out, request_rec *r,
                               const char *from, const char *until,
                               const char *set, const char *after_ds,
                               apr_int64_t after_id, int limit);
apr_status_t kc_store_oai_count(apr_int64_t *count, request_rec *r,
                                const char *from, const char *until,
                                const char *set);
/* APR_ENOENT when id was never published. */
apr_status_t kc_store_oai_get(kc_oai_record_t **out, request_rec *r,
                              apr_int64_t id);
apr_status_t kc_store_oai_earliest(const char **out, request_rec *r);
typedef struct {
    const char *spec;               /* kind:site, level:lager, ... */
    const char *name;
} kc_oai_set_t;
/* Every set (array of kc_oai_set_t). */
apr_status_t kc_store_oai_sets(apr_array_header_t **out, request_rec *r);

/* ---- the sitemap ------------------------------------------------------- */
typedef struct {
    apr_int64_t n;                  /* a page number, or a record id */
    const char *lastmod;            /* YYYY-MM-DDThh:mm:ssZ */
} kc_sitemap_entry_t;
/* The sitemap pages that hold a published record (kc_sitemap_entry_t). */
apr_status_t kc_store_sitemap_pages(apr_array_header_t **out, request_rec *r);
/* The published records of page n (kc_sitemap_entry_t: id, lastmod). */
apr_status_t kc_store_sitemap_records(apr_array_header_t **out,
                                      request_rec *r, apr_int64_t page);

#endif
