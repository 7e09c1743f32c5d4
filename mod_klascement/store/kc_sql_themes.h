/*
 * kc_sql_themes.h -- SQL text and column lists of the theme pages'
 * statements (issue 14; tables in sql/026_themes_webinars.sql). Included by
 * kc_store_sql.c and kc_store_themes.c only.
 */
#ifndef KC_SQL_THEMES_H
#define KC_SQL_THEMES_H

#include "kc_sql.h"
#include "kc_sql_records.h"

/* A theme as every list reads it (t themes). */
#define KC_SQL_THEME_COLS                                                     \
    "t.id AS id, t.slug AS slug, t.title AS title, t.intro AS intro, "        \
    "t.published AS published, t.featured AS featured, "                      \
    "t.feature_order AS feature_order, "                                      \
    "(SELECT count(*) FROM theme_sections s WHERE s.theme_id = t.id) "        \
    "  AS sections, "                                                         \
    "(SELECT count(*) FROM theme_items i JOIN theme_sections s "              \
    "  ON s.id = i.section_id WHERE s.theme_id = t.id) AS items"
#define KC_COLS_THEME(C, S)                                                   \
    C(S, ID) C(S, SLUG) C(S, TITLE) C(S, INTRO) C(S, PUBLISHED)               \
    C(S, FEATURED) C(S, FEATURE_ORDER) C(S, SECTIONS) C(S, ITEMS)
KC_COLUMNS(THEME)

/* $1 'featured' (the home page: published and featured, in their order),
 * 'public' (/themes: published, by title) or 'admin' (all); $2 at most. */
#define KC_SQL_THEMES_LIST                                                    \
    "SELECT " KC_SQL_THEME_COLS " "                                           \
    "FROM (SELECT %s::text AS mode) a JOIN themes t "                         \
    "  ON a.mode = 'admin' OR (t.published "                                  \
    "     AND (a.mode = 'public' OR t.featured)) "                            \
    "ORDER BY CASE WHEN a.mode = 'featured' THEN t.feature_order END, "       \
    "  lower(t.title), t.id "                                                 \
    "LIMIT %s::int"

/* One theme by $1 slug (or '') or $2 id (or ''). */
#define KC_SQL_THEME_GET                                                      \
    "SELECT " KC_SQL_THEME_COLS " FROM themes t "                             \
    "WHERE t.slug = %s OR t.id = nullif(%s, '')::bigint LIMIT 1"

/* The published themes record $1 is on (its page: "on the theme page"). */
#define KC_SQL_RECORD_THEMES                                                  \
    "SELECT " KC_SQL_THEME_COLS " FROM themes t "                             \
    "WHERE t.published AND EXISTS (SELECT 1 FROM theme_items i "              \
    "  JOIN theme_sections s ON s.id = i.section_id "                         \
    "  WHERE s.theme_id = t.id AND i.record_id = %s::bigint) "                \
    "ORDER BY lower(t.title), t.id LIMIT 20"

/* The sections of theme $1 in their order. */
#define KC_SQL_THEME_SECTIONS                                                 \
    "SELECT s.id AS id, s.title AS title, s.intro AS intro, "                 \
    "  coalesce(s.search, '') AS search, s.search_limit AS search_limit "     \
    "FROM theme_sections s WHERE s.theme_id = %s::bigint "                    \
    "ORDER BY s.position, s.id"
#define KC_COLS_THEME_SECTIONS(C, S)                                          \
    C(S, ID) C(S, TITLE) C(S, INTRO) C(S, SEARCH) C(S, SEARCH_LIMIT)
KC_COLUMNS(THEME_SECTIONS)

/* The chosen records of section $2 that are published, in their order, as
 * list summaries ($1 labels). */
#define KC_SQL_THEME_RECORDS                                                  \
    "SELECT " KC_RECORD_SUMMARY_COLS("a.labels")                              \
    "FROM (SELECT %s::text AS labels) a "                                     \
    "JOIN theme_items i ON i.section_id = %s::bigint "                        \
    "JOIN records r ON r.id = i.record_id AND r.state = 'published' "         \
    "JOIN record_kinds k ON k.code = r.kind "                                 \
    "JOIN licences l ON l.code = r.licence "                                  \
    "ORDER BY i.position, i.record_id"

/* Every chosen record of theme $1 for its admin page, whatever its state. */
#define KC_SQL_THEME_ITEMS_ADMIN                                              \
    "SELECT i.section_id AS section_id, r.id AS record_id, r.title AS title, "\
    "  r.state AS state "                                                     \
    "FROM theme_sections s JOIN theme_items i ON i.section_id = s.id "        \
    "JOIN records r ON r.id = i.record_id WHERE s.theme_id = %s::bigint "     \
    "ORDER BY s.position, s.id, i.position, i.record_id"
#define KC_COLS_THEME_ITEMS_ADMIN(C, S)                                       \
    C(S, SECTION_ID) C(S, RECORD_ID) C(S, TITLE) C(S, STATE)
KC_COLUMNS(THEME_ITEMS_ADMIN)

#endif
