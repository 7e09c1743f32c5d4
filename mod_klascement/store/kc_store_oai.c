/*
 * kc_store_oai.c -- the OAI-PMH statements (kc_store_oai.h).
 */
#include "kc_store_oai.h"
#include "kc_sql_oai.h"

static void read_record(kc_oai_record_t *o, apr_pool_t *p,
                        const kc_rows_t *rows, int row)
{
#define COL(c) KC_C_OAI_RECORD_##c
    o->id = kc_row_i64(rows, row, COL(ID));
    o->datestamp = kc_row_str(rows, row, COL(DATESTAMP));
    o->live = kc_row_bool(rows, row, COL(LIVE));
    o->kind = kc_row_str(rows, row, COL(KIND));
    o->kind_name = kc_row_str(rows, row, COL(KIND_NAME));
    o->title = kc_row_str(rows, row, COL(TITLE));
    o->excerpt = kc_row_str(rows, row, COL(EXCERPT));
    o->author_name = kc_row_str(rows, row, COL(AUTHOR_NAME));
    o->licence = kc_row_str(rows, row, COL(LICENCE));
    o->licence_name = kc_row_str(rows, row, COL(LICENCE_NAME));
    o->licence_url = kc_row_str(rows, row, COL(LICENCE_URL));
    o->language = kc_row_str(rows, row, COL(LANGUAGE));
    o->published = kc_row_str(rows, row, COL(PUBLISHED));
    o->subjects = kc_store_split_names(p, kc_row_str(rows, row, COL(SUBJECTS)));
    o->subject_codes = kc_store_split_names(p, kc_row_str(rows, row,
                                                          COL(SUBJECT_CODES)));
    o->levels = kc_store_split_names(p, kc_row_str(rows, row, COL(LEVELS)));
    o->level_codes = kc_store_split_names(p, kc_row_str(rows, row,
                                                        COL(LEVEL_CODES)));
#undef COL
}

apr_status_t kc_store_oai_list(apr_array_header_t **out, request_rec *r,
                               const char *from, const char *until,
                               const char *set, const char *after_ds,
                               apr_int64_t after_id, int limit)
{
    const char *args[6] = { from, until, set, after_ds,
                            kc_arg_i64(r->pool, after_id),
                            apr_itoa(r->pool, limit) };
    kc_rows_t *rows;
    int i;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_OAI_LIST, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_oai_record_t));
    for (i = 0; i < rows->nrows; i++) {
        read_record(apr_array_push(*out), r->pool, rows, i);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_oai_count(apr_int64_t *count, request_rec *r,
                                const char *from, const char *until,
                                const char *set)
{
    const char *args[3] = { from, until, set };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_OAI_COUNT, args);

    *count = rv == APR_SUCCESS && rows->nrows
             ? kc_row_i64(rows, 0, KC_C_VALUE) : 0;
    return rv;
}

apr_status_t kc_store_oai_get(kc_oai_record_t **out, request_rec *r,
                              apr_int64_t id)
{
    const char *args[1] = { kc_arg_i64(r->pool, id) };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_OAI_GET, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_ENOENT;
    }
    *out = apr_pcalloc(r->pool, sizeof(**out));
    read_record(*out, r->pool, rows, 0);
    return APR_SUCCESS;
}

apr_status_t kc_store_oai_earliest(const char **out, request_rec *r)
{
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_OAI_EARLIEST, NULL);

    *out = rv == APR_SUCCESS && rows->nrows
           ? kc_row_str(rows, 0, KC_C_VALUE) : NULL;
    return rv;
}

apr_status_t kc_store_oai_sets(apr_array_header_t **out, request_rec *r)
{
    kc_rows_t *rows;
    int i;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_OAI_SETS, NULL);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_oai_set_t));
    for (i = 0; i < rows->nrows; i++) {
        kc_oai_set_t *set = apr_array_push(*out);
        set->spec = kc_row_str(rows, i, KC_C_OAI_SETS_SPEC);
        set->name = kc_row_str(rows, i, KC_C_OAI_SETS_NAME);
    }
    return APR_SUCCESS;
}

/* ---- the sitemap ------------------------------------------------------- */

typedef char kc_sitemap_same_cols[
    (int)KC_C_SITEMAP_PAGES_PAGE == (int)KC_C_SITEMAP_RECORDS_ID
    && (int)KC_C_SITEMAP_PAGES_LASTMOD == (int)KC_C_SITEMAP_RECORDS_LASTMOD
    ? 1 : -1];

static apr_status_t entries(apr_array_header_t **out, request_rec *r,
                            kc_query_id_t q, const char **args)
{
    kc_rows_t *rows;
    int i;
    apr_status_t rv = kc_store_select(&rows, r, q, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_sitemap_entry_t));
    for (i = 0; i < rows->nrows; i++) {
        kc_sitemap_entry_t *e = apr_array_push(*out);
        /* Both statements: the number first, lastmod second (the typedef
         * below fails to compile if they ever differ). */
        e->n = kc_row_i64(rows, i, KC_C_SITEMAP_PAGES_PAGE);
        e->lastmod = kc_row_str(rows, i, KC_C_SITEMAP_PAGES_LASTMOD);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_sitemap_pages(apr_array_header_t **out, request_rec *r)
{
    return entries(out, r, KC_Q_SITEMAP_PAGES, NULL);
}

apr_status_t kc_store_sitemap_records(apr_array_header_t **out,
                                      request_rec *r, apr_int64_t page)
{
    const char *args[2] = {
        kc_arg_i64(r->pool, (page - 1) * KC_SITEMAP_PAGE + 1),
        kc_arg_i64(r->pool, page * KC_SITEMAP_PAGE) };
    return entries(out, r, KC_Q_SITEMAP_RECORDS, args);
}
