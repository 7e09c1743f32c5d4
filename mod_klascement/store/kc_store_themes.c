/*
 * kc_store_themes.c -- typed results for the theme pages.
 */
#include "kc_store_themes.h"
#include "kc_store_records.h"
#include "kc_sql_themes.h"

static apr_status_t read_themes(apr_array_header_t **out, request_rec *r,
                                kc_query_id_t q, const char **args)
{
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, q, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_theme_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_theme_t *t = apr_array_push(*out);
#define COL(col) KC_C_THEME_##col
        t->id = kc_row_i64(rows, row, COL(ID));
        t->slug = kc_row_str(rows, row, COL(SLUG));
        t->title = kc_row_str(rows, row, COL(TITLE));
        t->intro = kc_row_str(rows, row, COL(INTRO));
        t->published = kc_row_bool(rows, row, COL(PUBLISHED));
        t->featured = kc_row_bool(rows, row, COL(FEATURED));
        t->feature_order = kc_row_int(rows, row, COL(FEATURE_ORDER));
        t->sections = kc_row_i64(rows, row, COL(SECTIONS));
        t->items = kc_row_i64(rows, row, COL(ITEMS));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_themes_list(apr_array_header_t **out, request_rec *r,
                                  const char *mode)
{
    /* The home page links a few; the lists show all there are. */
    const char *args[2] = { mode, strcmp(mode, "featured") ? "1000" : "6" };
    return read_themes(out, r, KC_Q_THEMES_LIST, args);
}

apr_status_t kc_store_theme_get(kc_theme_t **out, request_rec *r,
                                const char *slug, apr_int64_t id)
{
    const char *args[2] = { slug ? slug : "",
                            id ? kc_arg_i64(r->pool, id) : "" };
    apr_array_header_t *list;
    apr_status_t rv = read_themes(&list, r, KC_Q_THEME_GET, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (list->nelts == 0) {
        return APR_NOTFOUND;
    }
    *out = &APR_ARRAY_IDX(list, 0, kc_theme_t);
    return APR_SUCCESS;
}

apr_status_t kc_store_record_themes(apr_array_header_t **out, request_rec *r,
                                    apr_int64_t record)
{
    const char *args[1] = { kc_arg_i64(r->pool, record) };
    return read_themes(out, r, KC_Q_RECORD_THEMES, args);
}

apr_status_t kc_store_theme_sections(apr_array_header_t **out, request_rec *r,
                                     apr_int64_t theme)
{
    const char *args[1] = { kc_arg_i64(r->pool, theme) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_THEME_SECTIONS, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1,
                          sizeof(kc_theme_section_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_theme_section_t *s = apr_array_push(*out);
#define COL(col) KC_C_THEME_SECTIONS_##col
        s->id = kc_row_i64(rows, row, COL(ID));
        s->title = kc_row_str(rows, row, COL(TITLE));
        s->intro = kc_row_str(rows, row, COL(INTRO));
        s->search = kc_row_str(rows, row, COL(SEARCH));
        s->search_limit = kc_row_int(rows, row, COL(SEARCH_LIMIT));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_theme_records(apr_array_header_t **out, request_rec *r,
                                    const char *labels, apr_int64_t section)
{
    const char *args[2] = { labels, kc_arg_i64(r->pool, section) };
    return kc_store_summaries(out, r, KC_Q_THEME_RECORDS, args);
}

apr_status_t kc_store_theme_items_admin(apr_array_header_t **out,
                                        request_rec *r, apr_int64_t theme)
{
    const char *args[1] = { kc_arg_i64(r->pool, theme) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_THEME_ITEMS_ADMIN, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_theme_item_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_theme_item_t *i = apr_array_push(*out);
#define COL(col) KC_C_THEME_ITEMS_ADMIN_##col
        i->section_id = kc_row_i64(rows, row, COL(SECTION_ID));
        i->record_id = kc_row_i64(rows, row, COL(RECORD_ID));
        i->title = kc_row_str(rows, row, COL(TITLE));
        i->state = kc_row_str(rows, row, COL(STATE));
#undef COL
    }
    return APR_SUCCESS;
}
