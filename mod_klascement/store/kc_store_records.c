/*
 * kc_store_records.c -- record queries, typed results.
 */
#include "kc_store_records.h"

static apr_int64_t to_int64(const char *s)
{
    return s ? apr_atoi64(s) : 0;
}

/* Columns of KC_RECORD_SUMMARY_COLS starting at `c`. */
static void read_summary(kc_record_summary_t *rec, apr_pool_t *p,
                         const kc_rows_t *rows, int row, int c)
{
    rec->id = to_int64(kc_rows_get(rows, row, c + 0));
    rec->kind = kc_rows_get(rows, row, c + 1);
    rec->kind_name = kc_rows_get(rows, row, c + 2);
    rec->title = kc_rows_get(rows, row, c + 3);
    rec->excerpt = kc_rows_get(rows, row, c + 4);
    rec->excerpt_cut = (kc_rows_get(rows, row, c + 5)
                        && *kc_rows_get(rows, row, c + 5) == 't');
    rec->author_name = kc_rows_get(rows, row, c + 6);
    rec->licence = kc_rows_get(rows, row, c + 7);
    rec->licence_name = kc_rows_get(rows, row, c + 8);
    rec->language = kc_rows_get(rows, row, c + 9);
    rec->published = kc_rows_get(rows, row, c + 10);
    rec->subjects = kc_store_split_names(p, kc_rows_get(rows, row, c + 11));
    rec->levels = kc_store_split_names(p, kc_rows_get(rows, row, c + 12));
    rec->rating_count = to_int64(kc_rows_get(rows, row, c + 13));
    rec->rating = kc_rows_get(rows, row, c + 14);
}

apr_status_t kc_store_record_page(kc_record_page_t **out, request_rec *r,
                                  const char *labels, apr_int64_t offset,
                                  int limit)
{
    kc_record_page_t *page;
    kc_rows_t *rows;
    const char *args[3];
    apr_status_t rv;
    int i;

    args[0] = labels;
    args[1] = apr_itoa(r->pool, limit);
    args[2] = apr_off_t_toa(r->pool, offset);
    rv = kc_store_select(&rows, r, KC_Q_RECORD_PAGE, args);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    page = apr_pcalloc(r->pool, sizeof(*page));
    page->items = apr_array_make(r->pool, limit, sizeof(kc_record_summary_t));
    for (i = 0; i < rows->nrows; i++) {
        page->total = to_int64(kc_rows_get(rows, i, 0));
        if (kc_rows_get(rows, i, 1)) {   /* NULL id: page past the end */
            read_summary(apr_array_push(page->items), r->pool, rows, i, 1);
        }
    }
    *out = page;
    return APR_SUCCESS;
}

apr_status_t kc_store_record_state(const char **state, request_rec *r,
                                   apr_int64_t id)
{
    kc_rows_t *rows;
    const char *args[1];
    apr_status_t rv;

    args[0] = apr_psprintf(r->pool, "%" APR_INT64_T_FMT, id);
    rv = kc_store_select(&rows, r, KC_Q_RECORD_STATE, args);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    *state = kc_rows_get(rows, 0, 0);
    return APR_SUCCESS;
}
