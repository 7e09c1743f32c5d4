/*
 * kc_store_synonyms.c -- typed results for /admin/synonyms.
 */
#include "kc_store_synonyms.h"
#include "kc_sql_synonyms.h"

apr_status_t kc_store_synonyms(apr_array_header_t **out, request_rec *r)
{
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_SYNONYMS, NULL);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_synonym_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_synonym_t *y = apr_array_push(*out);
        y->id = kc_row_i64(rows, row, KC_C_SYNONYMS_ID);
        y->term = kc_row_str(rows, row, KC_C_SYNONYMS_TERM);
        y->expansion = kc_row_str(rows, row, KC_C_SYNONYMS_EXPANSION);
        y->updated = kc_row_str(rows, row, KC_C_SYNONYMS_UPDATED);
        y->editor = kc_row_str(rows, row, KC_C_SYNONYMS_EDITOR);
    }
    return APR_SUCCESS;
}
