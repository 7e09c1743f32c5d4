/*
 * kc_store_summary.c -- a record's summary as the statements that list
 * records return it (KC_SUMMARY_COLS), for every store file that reads one.
 */
#include "kc_store_records.h"
#include "kc_sql_records.h"

/* The columns of KC_SUMMARY_COLS, which begin at column `first` of the
 * statement (its KC_C_<statement>_ID). */
void kc_store_read_summary(kc_record_summary_t *rec, apr_pool_t *p,
                           const kc_rows_t *rows, int row, int first)
{
#define SUM(col) (first + KC_C_SUMMARY_##col)
    rec->id = kc_row_i64(rows, row, SUM(ID));
    rec->kind = kc_row_str(rows, row, SUM(KIND));
    rec->kind_name = kc_row_str(rows, row, SUM(KIND_NAME));
    rec->title = kc_row_str(rows, row, SUM(TITLE));
    rec->excerpt = kc_row_str(rows, row, SUM(EXCERPT));
    rec->excerpt_cut = kc_row_bool(rows, row, SUM(EXCERPT_CUT));
    rec->author_name = kc_row_str(rows, row, SUM(AUTHOR_NAME));
    rec->licence = kc_row_str(rows, row, SUM(LICENCE));
    rec->licence_name = kc_row_str(rows, row, SUM(LICENCE_NAME));
    rec->language = kc_row_str(rows, row, SUM(LANGUAGE));
    rec->published = kc_row_str(rows, row, SUM(PUBLISHED));
    rec->subjects = kc_store_split_names(p, kc_row_str(rows, row,
                                                       SUM(SUBJECTS)));
    rec->levels = kc_store_split_names(p, kc_row_str(rows, row, SUM(LEVELS)));
    rec->rating_count = kc_row_i64(rows, row, SUM(RATING_COUNT));
    rec->rating = kc_row_str(rows, row, SUM(RATING));
    rec->licence_url = kc_row_str(rows, row, SUM(LICENCE_URL));
#undef SUM
}
