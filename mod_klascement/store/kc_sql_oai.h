/*
 * kc_sql_oai.h -- SQL text and column lists of the OAI-PMH statements
 * (the label table in kc_store_sql.c, the readers in kc_store_oai.c).
 * A harvester sees what a visitor sees of a record: its list summary
 * (title, excerpt, kind, author, licence, language, subjects, levels),
 * Flemish labels; records ever published, the others answer as deleted.
 */
#ifndef KC_SQL_OAI_H
#define KC_SQL_OAI_H

#include "kc_sql.h"
#include "kc_sql_records.h"

#define KC_SQL_OAI_UTC(col) "to_char(" col " AT TIME ZONE 'UTC', "           \
    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* A record's header and metadata: r records, k record_kinds, l licences. */
#define KC_SQL_OAI_COLS                                                       \
    KC_RECORD_SUMMARY_COLS("'be'") ", "                                       \
    KC_SQL_OAI_UTC("r.oai_datestamp") " AS datestamp, "                       \
    "r.state = 'published' AS live, "                                         \
    "(SELECT string_agg(s.code, chr(31) ORDER BY s.position) "                \
    "   FROM record_subjects rs JOIN subjects s ON s.id = rs.subject_id "     \
    "  WHERE rs.record_id = r.id) AS subject_codes, "                         \
    "(SELECT string_agg(v.code, chr(31) ORDER BY v.position) "                \
    "   FROM record_levels rl JOIN levels v ON v.id = rl.level_id "           \
    "  WHERE rl.record_id = r.id) AS level_codes "
#define KC_COLS_OAI_RECORD(C, S) KC_SUMMARY_COLS(C, S)                        \
    C(S, DATESTAMP) C(S, LIVE) C(S, SUBJECT_CODES) C(S, LEVEL_CODES)
KC_COLUMNS(OAI_RECORD)

/* The filter of a list: a holds f (from), u (until) and s (setSpec), each
 * '' when not asked for; one-shot statements, so the unused parts fold
 * away and the (oai_datestamp, id) index serves the order. */
#define KC_SQL_OAI_FILTER                                                     \
    "r.published_at IS NOT NULL "                                             \
    "AND r.oai_datestamp >= coalesce(nullif(a.f, '')::timestamptz, "          \
    "  '-infinity') "                                                         \
    "AND r.oai_datestamp <= coalesce(nullif(a.u, '')::timestamptz, "          \
    "  'infinity') "                                                          \
    "AND CASE split_part(a.s, ':', 1) WHEN '' THEN true "                     \
    "  WHEN 'kind' THEN r.kind = split_part(a.s, ':', 2) "                    \
    "  WHEN 'level' THEN r.level_ids @> ARRAY[(SELECT v.id FROM levels v "    \
    "    WHERE v.code = split_part(a.s, ':', 2))] "                           \
    "  WHEN 'subject' THEN r.subject_ids @> ARRAY[(SELECT s.id "              \
    "    FROM subjects s WHERE s.code = split_part(a.s, ':', 2))] "           \
    "  ELSE false END "

/* One page of a list after the cursor (datestamp, id): a keyset, never an
 * OFFSET, so page 1,000 costs what page 1 costs. $1 from, $2 until, $3 set,
 * $4 last datestamp ('' on the first page), $5 last id, $6 page size. */
#define KC_SQL_OAI_LIST                                                       \
    "SELECT " KC_SQL_OAI_COLS                                                 \
    "FROM (SELECT %s::text AS f, %s::text AS u, %s::text AS s, "              \
    "  %s::text AS after_ds, %s::bigint AS after_id, %s::int AS lim) a "      \
    "CROSS JOIN LATERAL (SELECT r.id FROM records r WHERE " KC_SQL_OAI_FILTER \
    "  AND (r.oai_datestamp, r.id) > (coalesce(nullif(a.after_ds, '')"        \
    "    ::timestamptz, '-infinity'), a.after_id) "                           \
    "  ORDER BY r.oai_datestamp, r.id LIMIT a.lim) pg "                       \
    "JOIN records r ON r.id = pg.id "                                         \
    "JOIN record_kinds k ON k.code = r.kind "                                 \
    "JOIN licences l ON l.code = r.licence "                                  \
    "ORDER BY r.oai_datestamp, r.id"

/* completeListSize of a list: $1 from, $2 until, $3 set. */
#define KC_SQL_OAI_COUNT                                                      \
    "SELECT count(*) FROM (SELECT %s::text AS f, %s::text AS u, "             \
    "  %s::text AS s) a, records r WHERE " KC_SQL_OAI_FILTER

/* One record ($1 id), if it was ever published. */
#define KC_SQL_OAI_GET                                                        \
    "SELECT " KC_SQL_OAI_COLS                                                 \
    "FROM records r JOIN record_kinds k ON k.code = r.kind "                  \
    "JOIN licences l ON l.code = r.licence "                                  \
    "WHERE r.id = %s::bigint AND r.published_at IS NOT NULL"

/* Identify's earliestDatestamp (now when nothing was published yet). */
#define KC_SQL_OAI_EARLIEST                                                   \
    "SELECT " KC_SQL_OAI_UTC("coalesce(min(oai_datestamp), "                  \
    "date_trunc('second', now()))") " FROM records "                          \
    "WHERE published_at IS NOT NULL"

/* ListSets: kinds, levels, subjects, each in its own order. */
#define KC_SQL_OAI_SETS                                                       \
    "SELECT spec, name FROM ("                                                \
    "  SELECT 1 AS g, position AS pos, 'kind:' || code AS spec, "             \
    "    name_nl AS name FROM record_kinds "                                  \
    "  UNION ALL SELECT 2, position, 'level:' || code, name_be FROM levels "  \
    "  UNION ALL SELECT 3, position, 'subject:' || code, name_be "            \
    "    FROM subjects) x ORDER BY g, pos, spec"
#define KC_COLS_OAI_SETS(C, S) C(S, SPEC) C(S, NAME)
KC_COLUMNS(OAI_SETS)

/* ---- the sitemap (/sitemap.xml) ---------------------------------------- */
/* Published records by id ranges of KC_SITEMAP_PAGE ids: each range with a
 * published record is one sitemap page, at most that many URLs. */
#define KC_SITEMAP_PAGE 50000
#define KC_SQL_SITEMAP_PAGES                                                  \
    "SELECT (id - 1) / 50000 + 1 AS page, "                                   \
    KC_SQL_OAI_UTC("max(oai_datestamp)") " AS lastmod "                       \
    "FROM records WHERE state = 'published' GROUP BY 1 ORDER BY 1"
#define KC_COLS_SITEMAP_PAGES(C, S) C(S, PAGE) C(S, LASTMOD)
KC_COLUMNS(SITEMAP_PAGES)

/* The published records of one page: $1 first id, $2 last id. */
#define KC_SQL_SITEMAP_RECORDS                                                \
    "SELECT id, " KC_SQL_OAI_UTC("oai_datestamp") " AS lastmod "              \
    "FROM records WHERE state = 'published' "                                 \
    "AND id BETWEEN %s::bigint AND %s::bigint ORDER BY id"
#define KC_COLS_SITEMAP_RECORDS(C, S) C(S, ID) C(S, LASTMOD)
KC_COLUMNS(SITEMAP_RECORDS)

#endif
