/*
 * kc_store_themes.h -- theme pages (SQL: kc_sql_themes.h; the changes are
 * kc_store_action() calls with KC_Q_THEME_SAVE ... KC_Q_THEME_ITEM_CHANGE,
 * sql/functions/themes.sql).
 */
#ifndef KC_STORE_THEMES_H
#define KC_STORE_THEMES_H

#include "kc_store.h"

typedef struct {
    apr_int64_t id, sections, items;
    const char *slug, *title, *intro;
    int published, featured, feature_order;
} kc_theme_t;

typedef struct {
    apr_int64_t id;
    const char *title, *intro;
    const char *search;        /* query string of /records, "" = none */
    int search_limit;
} kc_theme_section_t;

typedef struct {
    apr_int64_t section_id, record_id;
    const char *title, *state;
} kc_theme_item_t;

/* mode "featured" | "public" | "admin" (kc_sql_themes.h). kc_theme_t. */
apr_status_t kc_store_themes_list(apr_array_header_t **out, request_rec *r,
                                  const char *mode);
/* By slug (id 0) or by id (slug NULL); APR_NOTFOUND when there is none,
 * published or not. */
apr_status_t kc_store_theme_get(kc_theme_t **out, request_rec *r,
                                const char *slug, apr_int64_t id);
/* The published themes a record is on (kc_theme_t). */
apr_status_t kc_store_record_themes(apr_array_header_t **out, request_rec *r,
                                    apr_int64_t record);
/* kc_theme_section_t in their order. */
apr_status_t kc_store_theme_sections(apr_array_header_t **out, request_rec *r,
                                     apr_int64_t theme);
/* The published chosen records of a section (kc_record_summary_t). */
apr_status_t kc_store_theme_records(apr_array_header_t **out, request_rec *r,
                                    const char *labels, apr_int64_t section);
/* Every chosen record of a theme, any state (kc_theme_item_t). */
apr_status_t kc_store_theme_items_admin(apr_array_header_t **out,
                                        request_rec *r, apr_int64_t theme);

#endif
