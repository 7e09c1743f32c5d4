/*
 * kc_sql_records.h -- SQL text and column lists of the record statements
 * (the label table in kc_store_sql.c, the readers in kc_store_records.c).
 */
#ifndef KC_SQL_RECORDS_H
#define KC_SQL_RECORDS_H

#include "kc_sql.h"

/* A record in a list: the columns read by read_summary(), in this order.
 * LABELS = SQL for the taxonomy labels to use ('be', 'nl' or 'en'). Subjects
 * and levels are folded into one string each, separated by U+001F. */
#define KC_RECORD_SUMMARY_COLS(LABELS)                                       \
    KC_RECORD_SUMMARY_HEAD(LABELS)                                            \
    "(SELECT string_agg(" KC_SQL_LABEL(LABELS, "s.name") ", chr(31) "         \
    "   ORDER BY s.position) FROM record_subjects rs "                        \
    "   JOIN subjects s ON s.id = rs.subject_id WHERE rs.record_id = r.id) "  \
    "   AS subjects, "                                                        \
    "(SELECT string_agg(" KC_SQL_LABEL(LABELS, "v.name") ", chr(31) "         \
    "   ORDER BY v.position) FROM record_levels rl "                          \
    "   JOIN levels v ON v.id = rl.level_id WHERE rl.record_id = r.id) "      \
    "   AS levels, " KC_RECORD_SUMMARY_TAIL
/* The same without the subjects' and levels' names (NULL), for a caller
 * that has them (the search index, store/kc_store_sindex.c). */
#define KC_RECORD_SUMMARY_COLS_UNNAMED(LABELS)                                \
    KC_RECORD_SUMMARY_HEAD(LABELS)                                            \
    "NULL::text AS subjects, NULL::text AS levels, " KC_RECORD_SUMMARY_TAIL
#define KC_RECORD_SUMMARY_HEAD(LABELS)                                        \
    "r.id AS id, r.kind AS kind, "                                            \
    KC_SQL_BYLANG(LABELS, "k.name") " AS kind_name, "                         \
    "r.title AS title, left(r.description, 220) AS excerpt, "                 \
    "char_length(r.description) > 220 AS excerpt_cut, "                       \
    "r.author_name AS author_name, r.licence AS licence, "                    \
    "l.name AS licence_name, r.language AS language, "                        \
    "to_char(r.published_at, 'YYYY-MM-DD') AS published, "
#define KC_RECORD_SUMMARY_TAIL                                                \
    "r.rating_count AS rating_count, CASE WHEN r.rating_count > 0 THEN "      \
    "   to_char(r.rating_sum::numeric / r.rating_count, 'FM0.0') END "        \
    "   AS rating, l.url AS licence_url "
#define KC_SUMMARY_COLS(C, S)                                                 \
    C(S, ID) C(S, KIND) C(S, KIND_NAME) C(S, TITLE) C(S, EXCERPT)             \
    C(S, EXCERPT_CUT) C(S, AUTHOR_NAME) C(S, LICENCE) C(S, LICENCE_NAME)      \
    C(S, LANGUAGE) C(S, PUBLISHED) C(S, SUBJECTS) C(S, LEVELS)                \
    C(S, RATING_COUNT) C(S, RATING) C(S, LICENCE_URL)
/* Statements that return nothing but summaries. */
#define KC_COLS_SUMMARY(C, S) KC_SUMMARY_COLS(C, S)
KC_COLUMNS(SUMMARY)
/* A page of summaries with the total on every row (kc_record_page and the
 * search statements): a row whose ID is NULL only carries the total. */
#define KC_COLS_PAGE(C, S) C(S, TOTAL) KC_SUMMARY_COLS(C, S)
KC_COLUMNS(PAGE)

/* One page of published records, newest first, plus the total. The
 * LEFT JOIN keeps one row (with the total) when the page is past the
 * end. $1 labels, $2 limit, $3 offset. */
#define KC_SQL_RECORD_PAGE                                                    \
    "SELECT coalesce(t.n, 0) AS total, p.* "                                  \
    "FROM (SELECT %s::text AS labels) a "                                     \
    "LEFT JOIN facet_counts t ON t.facet = 'all' AND t.value = '' "           \
    "LEFT JOIN LATERAL (SELECT " KC_RECORD_SUMMARY_COLS("a.labels")           \
    "  FROM (SELECT id FROM records WHERE state = 'published' "               \
    "    ORDER BY published_at DESC, id DESC "                                \
    "    LIMIT %s::int OFFSET %s::bigint) pg "                                \
    "  JOIN records r ON r.id = pg.id "                                       \
    "  JOIN record_kinds k ON k.code = r.kind "                               \
    "  JOIN licences l ON l.code = r.licence "                                \
    "  ORDER BY r.published_at DESC, r.id DESC) p ON true"

/* A timestamp as an ISO 8601 date-time in UTC (NULL stays NULL). */
#define KC_SQL_UTC(col) "to_char(" col " AT TIME ZONE 'UTC', "               \
    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* The whole record for the detail page, if the viewer may see it:
 * published, or the viewer is its author, a moderator or an admin.
 * $1 labels, $2 record, $3 viewer (member id), $4 lang. */
#define KC_SQL_RECORD_DETAIL                                                  \
    "WITH a AS (SELECT %s::text AS labels, %s::bigint AS rec, "               \
    "  %s::bigint AS viewer, %s::text AS lang) "                              \
    "SELECT " KC_RECORD_SUMMARY_COLS("a.labels") ", "                         \
    "  r.description AS description, r.url AS url, "                          \
    "  (SELECT string_agg(d.key || chr(30) || d.value, chr(31) "              \
    "    ORDER BY d.key) FROM jsonb_each_text(r.details) d) AS details, "     \
    "  l.url AS licence_deed, r.author_id AS author_id, r.state AS state, "   \
    "  r.file_sha256 IS NOT NULL AS has_file, r.file_name AS file_name, "     \
    "  r.file_size AS file_size, "                                            \
    "  " KC_SQL_BYLANG("a.lang", "g.name") " AS language_name, "              \
    "  vm.points_balance AS viewer_balance, "                                 \
    "  EXISTS (SELECT 1 FROM unlocks u WHERE u.member_id = a.viewer "         \
    "    AND u.record_id = r.id) AS unlocked, "                               \
    "  mr.stars AS my_stars, coalesce(mr.explanation, '') AS my_explanation, "\
    "  EXISTS (SELECT 1 FROM favourites f WHERE f.member_id = a.viewer "      \
    "    AND f.record_id = r.id) AS favourite, "                              \
    "  EXISTS (SELECT 1 FROM reactions x WHERE x.record_id = r.id "           \
    "    AND x.deleted_at IS NULL) AS has_reactions, "                        \
    KC_SQL_UTC("r.created_at") " AS created_utc, "                            \
    KC_SQL_UTC("r.published_at") " AS published_utc, "                        \
    KC_SQL_UTC("r.oai_datestamp") " AS modified_utc, "                        \
    "  (SELECT string_agg(s.code, chr(31) ORDER BY s.position) "              \
    "    FROM record_subjects rs JOIN subjects s ON s.id = rs.subject_id "    \
    "    WHERE rs.record_id = r.id) AS subject_codes, "                       \
    "  (SELECT string_agg(v.code, chr(31) ORDER BY v.position) "              \
    "    FROM record_levels rl JOIN levels v ON v.id = rl.level_id "          \
    "    WHERE rl.record_id = r.id) AS level_codes, "                         \
    "  k.schema_type AS schema_type "                                         \
    "FROM a JOIN records r ON r.id = a.rec "                                  \
    "LEFT JOIN ratings mr ON mr.record_id = r.id AND mr.member_id = a.viewer "\
    "JOIN record_kinds k ON k.code = r.kind "                                 \
    "JOIN licences l ON l.code = r.licence "                                  \
    "JOIN languages g ON g.code = r.language "                                \
    "LEFT JOIN members vm ON vm.id = a.viewer "                               \
    "WHERE r.state = 'published' OR r.author_id = a.viewer "                  \
    "  OR (vm.role IN ('moderator', 'admin') AND kc_in_scope(a.viewer, r.id))"
/* LICENCE_DEED repeats the summary's LICENCE_URL (read from there). */
#define KC_COLS_RECORD_DETAIL(C, S) KC_SUMMARY_COLS(C, S)                     \
    C(S, DESCRIPTION) C(S, URL) C(S, DETAILS) C(S, LICENCE_DEED)              \
    C(S, AUTHOR_ID) C(S, STATE) C(S, HAS_FILE) C(S, FILE_NAME)                \
    C(S, FILE_SIZE) C(S, LANGUAGE_NAME) C(S, VIEWER_BALANCE) C(S, UNLOCKED)   \
    C(S, MY_STARS) C(S, MY_EXPLANATION) C(S, FAVOURITE) C(S, HAS_REACTIONS)   \
    C(S, CREATED_UTC) C(S, PUBLISHED_UTC) C(S, MODIFIED_UTC)                  \
    C(S, SUBJECT_CODES) C(S, LEVEL_CODES) C(S, SCHEMA_TYPE)
KC_COLUMNS(RECORD_DETAIL)

/* The file of a record and whether the viewer may download it. */
#define KC_SQL_RECORD_FILE                                                    \
    "SELECT r.file_sha256 AS sha256, r.file_type AS type, "                   \
    "  r.file_name AS name, "                                                 \
    "  r.author_id = m.id OR m.role IN ('moderator', 'admin') "               \
    "  OR EXISTS (SELECT 1 FROM unlocks u WHERE u.member_id = m.id "          \
    "    AND u.record_id = r.id) AS allowed "                                 \
    "FROM records r, members m "                                              \
    "WHERE r.id = %s::bigint AND m.id = %s::bigint "                          \
    "  AND r.file_sha256 IS NOT NULL "                                        \
    "  AND (r.state = 'published' OR r.author_id = m.id "                     \
    "    OR (m.role IN ('moderator', 'admin') AND kc_in_scope(m.id, r.id)))"
#define KC_COLS_RECORD_FILE(C, S)                                             \
    C(S, SHA256) C(S, TYPE) C(S, NAME) C(S, ALLOWED)
KC_COLUMNS(RECORD_FILE)

/* $1 and $2 lang. */
#define KC_SQL_POINT_RULES                                                    \
    "SELECT event AS event, " KC_SQL_BYLANG("%s::text", "name") " AS name, "  \
    "  points AS points, points_max AS points_max, daily_cap AS daily_cap, "  \
    "  " KC_SQL_BYLANG("%s::text", "description") " AS description, "         \
    "  campaigns AS campaigns "                                               \
    "FROM point_rules ORDER BY position"
#define KC_COLS_POINT_RULES(C, S)                                             \
    C(S, EVENT) C(S, NAME) C(S, POINTS) C(S, POINTS_MAX) C(S, DAILY_CAP)      \
    C(S, DESCRIPTION) C(S, CAMPAIGNS)
KC_COLUMNS(POINT_RULES)

/* Saved records as summaries. $1 labels, $2 member. */
#define KC_SQL_FAVOURITES                                                     \
    "SELECT " KC_RECORD_SUMMARY_COLS("a.labels")                              \
    "FROM (SELECT %s::text AS labels, %s::bigint AS member) a "               \
    "JOIN favourites f ON f.member_id = a.member "                            \
    "JOIN records r ON r.id = f.record_id AND r.state = 'published' "         \
    "JOIN record_kinds k ON k.code = r.kind "                                 \
    "JOIN licences l ON l.code = r.licence "                                  \
    "ORDER BY f.created_at DESC LIMIT 500"

/* An organisation's published records as summaries. $1 labels,
 * $2 member. */
#define KC_SQL_ORG_RECORDS                                                    \
    "SELECT " KC_RECORD_SUMMARY_COLS("a.labels")                              \
    "FROM (SELECT %s::text AS labels, %s::bigint AS member) a "               \
    "JOIN records r ON (r.organisation_id = a.member "                        \
    "  OR r.author_id = a.member) AND r.state = 'published' "                 \
    "JOIN record_kinds k ON k.code = r.kind "                                 \
    "JOIN licences l ON l.code = r.licence "                                  \
    "ORDER BY r.published_at DESC, r.id DESC LIMIT 50"

#endif
