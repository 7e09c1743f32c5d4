/*
 * kc_sql_search.h -- SQL text of the search statements, included by the
 * label table (kc_store_sql.c) only.
 *
 * Written so that the planner can use the indexes: every optional filter
 * is "(<param> = '' OR <condition>)" on a parameter of its own, and these
 * statements run unnamed (KC_SQL_ONESHOT), so PostgreSQL plans them with
 * the parameter values: an unused filter folds away and a used one becomes
 * a plain indexable condition. The argument order is the
 * order of the %s in the text: kc_store_records.c builds it with the same
 * pieces.
 */
#ifndef KC_SQL_SEARCH_H
#define KC_SQL_SEARCH_H

/* One placeholder pair per filter: (value, value). */
#define KC_F_Q     "(%s::text = '' OR r.search_vector @@ kc_tsquery(%s::text))"
#define KC_F_KIND  "(%s::text = '' OR r.kind = %s::text)"
#define KC_F_LANG  "(%s::text = '' OR r.language = %s::text)"
#define KC_F_LIC   "(%s::text = '' OR r.licence = %s::text)"
#define KC_F_SUBJ  "(%s::text = '' OR r.id IN (SELECT rs2.record_id "          \
                   "FROM record_subjects rs2 JOIN subjects s2 "              \
                   "ON s2.id = rs2.subject_id WHERE s2.code = %s::text))"
#define KC_F_LEVEL "(%s::text = '' OR r.id IN (SELECT rl2.record_id "          \
                   "FROM record_levels rl2 JOIN levels v2 "                  \
                   "ON v2.id = rl2.level_id WHERE v2.code = %s::text))"

/* The matching published records: q (x4: rank and match), then the five
 * filters (x2 each). */
#define KC_SEARCH_MATCHING                                                    \
    "SELECT r.id, r.published_at, "                                           \
    "  CASE WHEN %s::text = '' THEN 0 "                                       \
    "    ELSE ts_rank_cd(r.search_vector, kc_tsquery(%s::text)) END AS rank, "\
    "  r.rating_sum::float8 / nullif(r.rating_count, 0) AS rating "           \
    "FROM records r WHERE r.state = 'published' AND " KC_F_Q " AND "          \
    KC_F_KIND " AND " KC_F_LANG " AND " KC_F_LIC " AND " KC_F_SUBJ " AND "    \
    KC_F_LEVEL

/* True when a facet can be read from facet_counts: no text and no other
 * filter. Five placeholders: q and the four other filters. */
#define KC_NO_OTHER "(%s::text = '' AND %s::text = '' AND %s::text = '' "      \
                    "AND %s::text = '' AND %s::text = '')"

#define KC_NAME2(alias) "CASE a.labels WHEN 'en' THEN " alias ".name_en "     \
                        "ELSE " alias ".name_nl END"
#define KC_NAME3(alias) "CASE a.labels WHEN 'en' THEN " alias ".name_en "     \
                        "WHEN 'nl' THEN " alias ".name_nl "                    \
                        "ELSE " alias ".name_be END"

/* One facet: its counts from facet_counts when nothing else narrows the
 * search, else counted over the records matching every other filter. */
#define KC_FACET(name, table, alias, namesql, join, filters)                  \
    "SELECT '" name "', " alias ".code, " namesql ", c.n, " alias             \
    ".position FROM facet_counts c JOIN " table " " alias " ON " alias        \
    ".code = c.value, a WHERE c.facet = '" name "' AND c.n > 0 AND "          \
    KC_NO_OTHER " "                                                           \
    "UNION ALL SELECT '" name "', " alias ".code, " namesql ", count(*), "    \
    "min(" alias ".position) FROM records r " join ", a "                     \
    "WHERE NOT " KC_NO_OTHER " AND r.state = 'published' AND " filters        \
    " GROUP BY " alias ".code, 3, " alias ".position "

/* The five facets, each as in KC_FACET. */
#define KC_FACET_BRANCHES                                                     \
    KC_FACET("kind", "record_kinds", "k", KC_NAME2("k"),                      \
             "JOIN record_kinds k ON k.code = r.kind",                        \
             KC_F_Q " AND " KC_F_LANG " AND " KC_F_LIC " AND " KC_F_SUBJ      \
             " AND " KC_F_LEVEL)                                              \
    "UNION ALL "                                                              \
    KC_FACET("subject", "subjects", "s", KC_NAME3("s"),                       \
             "JOIN record_subjects rs ON rs.record_id = r.id "                \
             "JOIN subjects s ON s.id = rs.subject_id",                       \
             KC_F_Q " AND " KC_F_KIND " AND " KC_F_LANG " AND " KC_F_LIC      \
             " AND " KC_F_LEVEL)                                              \
    "UNION ALL "                                                              \
    KC_FACET("level", "levels", "v", KC_NAME3("v"),                          \
             "JOIN record_levels rl ON rl.record_id = r.id "                  \
             "JOIN levels v ON v.id = rl.level_id",                           \
             KC_F_Q " AND " KC_F_KIND " AND " KC_F_LANG " AND " KC_F_LIC      \
             " AND " KC_F_SUBJ)                                               \
    "UNION ALL "                                                              \
    KC_FACET("language", "languages", "g", KC_NAME2("g"),                     \
             "JOIN languages g ON g.code = r.language",                       \
             KC_F_Q " AND " KC_F_KIND " AND " KC_F_LIC " AND " KC_F_SUBJ      \
             " AND " KC_F_LEVEL)                                              \
    "UNION ALL "                                                              \
    KC_FACET("licence", "licences", "l", "l.name",                            \
             "JOIN licences l ON l.code = r.licence",                         \
             KC_F_Q " AND " KC_F_KIND " AND " KC_F_LANG " AND " KC_F_SUBJ     \
             " AND " KC_F_LEVEL)

/* Facet counts: (facet, value, name, count, position), from facet_cache
 * when this search was counted since the catalogue last changed, else
 * counted and kept. $1 key, $2 labels, the branches' values, $last key. */
#define KC_SQL_FACETS                                                         \
    "WITH hit AS (SELECT facet, value, name, n, position FROM facet_cache "   \
    "  WHERE key = %s::text AND created_at > now() - interval '1 hour'), "    \
    "a AS (SELECT %s::text AS labels), "                                      \
    "counted AS (SELECT * FROM (" KC_FACET_BRANCHES ") f "                    \
    "  WHERE NOT EXISTS (SELECT 1 FROM hit)), "                               \
    "keep AS (INSERT INTO facet_cache (key, facet, value, name, n, position) "\
    "  SELECT %s::text, * FROM counted ON CONFLICT (key, facet, value) "      \
    "  DO UPDATE SET name = EXCLUDED.name, n = EXCLUDED.n, "                  \
    "    position = EXCLUDED.position, created_at = now()), "                 \
    "purge AS (DELETE FROM facet_cache WHERE created_at < now() - "           \
    "  interval '1 hour' AND NOT EXISTS (SELECT 1 FROM hit)) "                \
    "SELECT * FROM hit UNION ALL SELECT * FROM counted ORDER BY 1, 5"

/* One page of a search: the total and the ids from search_cache when this
 * search was run since the catalogue last changed, else found and kept;
 * then the summaries of those ids, in order. */
#define KC_SQL_SEARCH                                                         \
    "WITH hit AS (SELECT total, ids FROM search_cache "                       \
    "  WHERE key = %s::text AND created_at > now() - interval '1 hour'), "    \
    "m AS (" KC_SEARCH_MATCHING " AND NOT EXISTS (SELECT 1 FROM hit)), "      \
    "o AS (SELECT %s::text AS labels, %s::text AS sort), "                    \
    "pg AS (SELECT m.id FROM m, o "                                           \
    "  ORDER BY CASE WHEN o.sort = 'relevance' THEN m.rank END DESC, "        \
    "    CASE WHEN o.sort = 'rating' THEN m.rating END DESC NULLS LAST, "     \
    "    m.published_at DESC, m.id DESC "                                     \
    "  LIMIT %s::int OFFSET %s::bigint), "                                    \
    "fresh AS (SELECT (SELECT count(*) FROM m) AS total, "                    \
    "  ARRAY(SELECT id FROM pg) AS ids WHERE NOT EXISTS (SELECT 1 FROM hit)), "\
    "keep AS (INSERT INTO search_cache (key, total, ids) "                    \
    "  SELECT %s::text, total, ids FROM fresh ON CONFLICT (key) "             \
    "  DO UPDATE SET total = EXCLUDED.total, ids = EXCLUDED.ids, "            \
    "    created_at = now()), "                                               \
    "purge AS (DELETE FROM search_cache WHERE created_at < now() - "          \
    "  interval '1 hour' AND EXISTS (SELECT 1 FROM fresh)), "                  \
    "res AS (SELECT total, ids FROM hit UNION ALL SELECT total, ids FROM fresh) "\
    "SELECT res.total, p.* FROM res CROSS JOIN o "                            \
    "LEFT JOIN LATERAL (SELECT " KC_RECORD_SUMMARY_COLS("o.labels")           \
    "  FROM unnest(res.ids) WITH ORDINALITY AS u(id, ord) "                   \
    "  JOIN records r ON r.id = u.id "                                        \
    "  JOIN record_kinds k ON k.code = r.kind "                               \
    "  JOIN licences l ON l.code = r.licence ORDER BY u.ord) p ON true"

#endif
