/*
 * kc_store_foryou.c -- "for you this week" (kc_store_foryou.h).
 */
#include "kc_store_foryou.h"
#include "kc_sql_foryou.h"

apr_status_t kc_store_foryou(apr_array_header_t **out, request_rec *r,
                             const char *labels, apr_int64_t member,
                             int limit)
{
    const char *args[3] = { labels, kc_arg_i64(r->pool, member),
                            apr_itoa(r->pool, limit) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_FORYOU, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_foryou_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_foryou_t *f = apr_array_push(*out);
#define COL(col) KC_C_FORYOU_##col
        f->id = kc_row_i64(rows, row, COL(ID));
        f->kind = kc_row_str(rows, row, COL(KIND));
        f->kind_name = kc_row_str(rows, row, COL(KIND_NAME));
        f->title = kc_row_str(rows, row, COL(TITLE));
        f->language = kc_row_str(rows, row, COL(LANGUAGE));
        f->reason = kc_row_str(rows, row, COL(REASON));
        f->subject_name = kc_row_str(rows, row, COL(SUBJECT_NAME));
        f->level_name = kc_row_str(rows, row, COL(LEVEL_NAME));
        f->because_id = kc_row_i64(rows, row, COL(BECAUSE_ID));
        f->because_title = kc_row_str(rows, row, COL(BECAUSE_TITLE));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_foryou_dismiss(const char **result, request_rec *r,
                                     apr_int64_t member, apr_int64_t record)
{
    const char *args[2] = { kc_arg_i64(r->pool, member),
                            kc_arg_i64(r->pool, record) };
    return kc_store_action(result, NULL, r, KC_Q_FORYOU_DISMISS, args);
}
