/*
 * kc_sql_search.h -- SQL text and column lists of the search statements,
 * included by the label table (kc_store_sql.c), and by kc_store_records.c
 * for the columns, the filter orders and KC_FACETS_NARGS.
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

#include "kc_sql_records.h"

/* The filters, by the suffix of their KC_F_<x> (kc_store_records.c keeps
 * their values in this order). */
enum { KC_FILTER_Q, KC_FILTER_KIND, KC_FILTER_SUBJ, KC_FILTER_LEVEL,
       KC_FILTER_LANG, KC_FILTER_LIC, KC_FILTER__N };
/* Lists of filters (X-macros of the suffixes), written once and turned
 * into both the SQL ("q AND kind AND ...": KC_F_AND) and the order in which
 * the arguments are pushed (KC_FILTER_ID), so the two cannot drift. */
#define KC_F_AND(F) " AND " KC_F_##F
#define KC_FILTER_ID(F) KC_FILTER_##F,

/* One placeholder pair per filter: (value, value). */
#define KC_F_Q     "(%s::text = '' OR r.search_vector @@ kc_tsquery(%s::text))"
#define KC_F_KIND  "(%s::text = '' OR r.kind = %s::text)"
#define KC_F_LANG  "(%s::text = '' OR r.language = %s::text)"
#define KC_F_LIC   "(%s::text = '' OR r.licence = %s::text)"
/* Subjects and levels through the ids copied onto each record (013) and
 * their GIN indexes: a scalar subquery (run once, an InitPlan) turns the
 * code into an id. An "id IN (SELECT ...)" inside the OR could not become
 * a join (sublinks are pulled up before the OR folds away) and ran as a
 * filter over every record. An unknown code matches nothing. */
#define KC_F_SUBJ  "(%s::text = '' OR r.subject_ids @> ARRAY[(SELECT s2.id "   \
                   "FROM subjects s2 WHERE s2.code = %s::text)])"
#define KC_F_LEVEL "(%s::text = '' OR r.level_ids @> ARRAY[(SELECT v2.id "     \
                   "FROM levels v2 WHERE v2.code = %s::text)])"

/* The filters of a whole search after q, in the order of their SQL. */
#define KC_MATCHING_FILTERS(X) X(KIND) X(LANG) X(LIC) X(SUBJ) X(LEVEL)
#define KC_MATCHING_ORDER { KC_FILTER_Q, KC_MATCHING_FILTERS(KC_FILTER_ID) }

/* The matching published records: q (x4: rank and match), then the five
 * filters (x2 each). */
#define KC_SEARCH_MATCHING                                                    \
    "SELECT r.id, r.published_at, "                                           \
    "  CASE WHEN %s::text = '' THEN 0 "                                       \
    "    ELSE ts_rank(r.search_vector, kc_tsquery(%s::text)) END AS rank, "\
    "  r.rating_sum::float8 / nullif(r.rating_count, 0) AS rating "           \
    "FROM records r WHERE r.state = 'published' AND " KC_F_Q                 \
    KC_MATCHING_FILTERS(KC_F_AND)

/* True when a facet can be read from facet_counts: no text and no other
 * filter. Five placeholders: q and the four other filters. */
#define KC_NO_OTHER "(%s::text = '' AND %s::text = '' AND %s::text = '' "      \
                    "AND %s::text = '' AND %s::text = '')"

/* True when nothing narrows the search at all (q and the five filters
 * empty): six placeholders, in the order of KC_SEARCH_MATCHING. */
#define KC_ALL_EMPTY "(%s::text = '' AND %s::text = '' AND %s::text = '' "     \
                     "AND %s::text = '' AND %s::text = '' AND %s::text = '')"

/* One facet, counted in one of three ways (exactly one branch holds):
 *  A. nothing but its own filter narrows the search: facet_counts;
 *  B. its own filter is not used: from m, the records matching the whole
 *     search, found once for every facet;
 *  C. its own filter is used and something else narrows too: counted over
 *     the records matching every other filter.
 * B and C count values first and look their names up after (a join per
 * value, not per record). `val` is the value of a row of m (B) or r (C),
 * `from` the rows it comes from. Placeholders: A 5, B 5 + 1, C 10 + 5 + 1
 * (C's filters come first: they sit in the counting subquery). */
#define KC_FACET(name, table, alias, namesql, keycol, valm, fromm, valr,      \
                 fromr, filters)                                              \
    "SELECT '" name "', " alias ".code, " namesql ", c.n, " alias             \
    ".position FROM facet_counts c JOIN " table " " alias " ON " alias        \
    ".code = c.value, a WHERE c.facet = '" name "' AND c.n > 0 AND "          \
    KC_NO_OTHER " "                                                           \
    "UNION ALL SELECT '" name "', " alias ".code, " namesql ", c.n, "         \
    alias ".position FROM (SELECT " valm ", count(*) FROM " fromm             \
    " GROUP BY 1) c(v, n) JOIN " table " " alias " ON " alias "." keycol      \
    " = c.v, a WHERE NOT " KC_NO_OTHER " AND %s::text = '' "                  \
    "UNION ALL SELECT '" name "', " alias ".code, " namesql ", c.n, "         \
    alias ".position FROM (SELECT " valr ", count(*) FROM " fromr             \
    " WHERE r.state = 'published' AND " filters " GROUP BY 1) c(v, n) "       \
    "JOIN " table " " alias " ON " alias "." keycol " = c.v, a "              \
    "WHERE NOT " KC_NO_OTHER " AND %s::text <> '' "

#define KC_UNNEST_SUBJECTS(from, src) from " CROSS JOIN LATERAL unnest("       \
    src ".subject_ids) AS us(id)"
#define KC_UNNEST_LEVELS(from, src)   from " CROSS JOIN LATERAL unnest("       \
    src ".level_ids) AS ul(id)"

/* The filters that narrow each facet: all but its own, q first, in the
 * order of their SQL (KC_FACET's `filters`; kc_store_records.c pushes
 * their values in the same order through KC_FACET_OTHERS). */
#define KC_OTHERS_KIND(X)     X(LANG) X(LIC) X(SUBJ) X(LEVEL)
#define KC_OTHERS_SUBJECT(X)  X(KIND) X(LANG) X(LIC) X(LEVEL)
#define KC_OTHERS_LEVEL(X)    X(KIND) X(LANG) X(LIC) X(SUBJ)
#define KC_OTHERS_LANGUAGE(X) X(KIND) X(LIC) X(SUBJ) X(LEVEL)
#define KC_OTHERS_LICENCE(X)  X(KIND) X(LANG) X(SUBJ) X(LEVEL)
#define KC_FACET_FILTERS(OTHERS) KC_F_Q OTHERS(KC_F_AND)
/* Per facet in the order of KC_FACET_BRANCHES: its own filter, then
 * the others. */
#define KC_FACET_OTHERS {                                                     \
    { KC_FILTER_KIND, KC_FILTER_Q, KC_OTHERS_KIND(KC_FILTER_ID) },            \
    { KC_FILTER_SUBJ, KC_FILTER_Q, KC_OTHERS_SUBJECT(KC_FILTER_ID) },         \
    { KC_FILTER_LEVEL, KC_FILTER_Q, KC_OTHERS_LEVEL(KC_FILTER_ID) },          \
    { KC_FILTER_LANG, KC_FILTER_Q, KC_OTHERS_LANGUAGE(KC_FILTER_ID) },        \
    { KC_FILTER_LIC, KC_FILTER_Q, KC_OTHERS_LICENCE(KC_FILTER_ID) } }

#define KC_NAME2(alias) KC_SQL_BYLANG("a.labels", alias ".name")
#define KC_NAME3(alias) KC_SQL_LABEL("a.labels", alias ".name")

/* The five facets, each as in KC_FACET. */
#define KC_FACET_BRANCHES                                                     \
    KC_FACET("kind", "record_kinds", "k", KC_NAME2("k"), "code",              \
             "m.kind", "m", "r.kind", "records r",                            \
             KC_FACET_FILTERS(KC_OTHERS_KIND))                                \
    "UNION ALL "                                                              \
    KC_FACET("subject", "subjects", "s", KC_NAME3("s"), "id",                 \
             "us.id", KC_UNNEST_SUBJECTS("m", "m"), "us.id",                  \
             KC_UNNEST_SUBJECTS("records r", "r"),                            \
             KC_FACET_FILTERS(KC_OTHERS_SUBJECT))                             \
    "UNION ALL "                                                              \
    KC_FACET("level", "levels", "v", KC_NAME3("v"), "id",                     \
             "ul.id", KC_UNNEST_LEVELS("m", "m"), "ul.id",                    \
             KC_UNNEST_LEVELS("records r", "r"),                              \
             KC_FACET_FILTERS(KC_OTHERS_LEVEL))                               \
    "UNION ALL "                                                              \
    KC_FACET("language", "languages", "g", KC_NAME2("g"), "code",             \
             "m.language", "m", "r.language", "records r",                    \
             KC_FACET_FILTERS(KC_OTHERS_LANGUAGE))                            \
    "UNION ALL "                                                              \
    KC_FACET("licence", "licences", "l", "l.name", "code",                    \
             "m.licence", "m", "r.licence", "records r",                      \
             KC_FACET_FILTERS(KC_OTHERS_LICENCE))

/* The number of placeholders of KC_SQL_FACETS: key, labels, 6 + 12 for m,
 * 5 x 27 for the branches, key. */
#define KC_FACETS_NARGS 156

/* Facet counts: (facet, value, name, count, position), from facet_cache
 * when this search was counted since the catalogue last changed, else
 * counted and kept. $1 key, $2 labels, m's values (KC_ALL_EMPTY, then
 * KC_SEARCH_MATCHING's filters), the branches' values, $last key. m is
 * only read (and so only computed) by the B branches that hold. */
#define KC_SQL_FACETS                                                         \
    "WITH hit AS (SELECT facet, value, name, n, position FROM facet_cache "   \
    "  WHERE key = %s::text AND created_at > now() - interval '1 hour'), "    \
    "a AS (SELECT %s::text AS labels), "                                      \
    "m AS MATERIALIZED (SELECT r.kind, r.language, r.licence, "               \
    "  r.subject_ids, r.level_ids FROM records r "                            \
    "  WHERE NOT " KC_ALL_EMPTY " AND NOT EXISTS (SELECT 1 FROM hit) "        \
    "  AND r.state = 'published' AND " KC_F_Q                                 \
    KC_MATCHING_FILTERS(KC_F_AND) "), "                                       \
    "counted AS (SELECT * FROM (" KC_FACET_BRANCHES ") f "                    \
    "  WHERE NOT EXISTS (SELECT 1 FROM hit)), "                               \
    "keep AS (INSERT INTO facet_cache (key, facet, value, name, n, position) "\
    "  SELECT %s::text, * FROM counted ON CONFLICT (key, facet, value) "      \
    "  DO UPDATE SET name = EXCLUDED.name, n = EXCLUDED.n, "                  \
    "    position = EXCLUDED.position, created_at = now()), "                 \
    "purge AS (DELETE FROM facet_cache WHERE created_at < now() - "           \
    "  interval '1 hour' AND NOT EXISTS (SELECT 1 FROM hit)) "                \
    "SELECT * FROM hit UNION ALL SELECT * FROM counted ORDER BY 1, 5"
/* Also the columns of KC_SQL_FACETS_CACHED: those of facet_cache. */
#define KC_COLS_FACETS(C, S)                                                  \
    C(S, FACET) C(S, VALUE) C(S, NAME) C(S, N) C(S, POSITION)
KC_COLUMNS(FACETS)

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

/* A search answered from search_cache, as KC_SQL_SEARCH answers it; no
 * row when it is not there (then KC_SQL_SEARCH runs). A prepared
 * statement: on a hit no big plan is made. $1 labels, $2 key. */
#define KC_SQL_SEARCH_CACHED                                                  \
    "SELECT c.total, p.* FROM (SELECT %s::text AS labels) o "                 \
    "JOIN search_cache c ON c.key = %s::text "                                \
    "  AND c.created_at > now() - interval '1 hour' "                         \
    "LEFT JOIN LATERAL (SELECT " KC_RECORD_SUMMARY_COLS("o.labels")           \
    "  FROM unnest(c.ids) WITH ORDINALITY AS u(id, ord) "                     \
    "  JOIN records r ON r.id = u.id "                                        \
    "  JOIN record_kinds k ON k.code = r.kind "                               \
    "  JOIN licences l ON l.code = r.licence ORDER BY u.ord) p ON true"

/* Facet counts from facet_cache, as KC_SQL_FACETS gives them; no row when
 * they are not there. $1 key. */
#define KC_SQL_FACETS_CACHED                                                  \
    "SELECT facet, value, name, n, position FROM facet_cache "                \
    "WHERE key = %s::text AND created_at > now() - interval '1 hour' "        \
    "ORDER BY 1, 5"

/* Which of the filter values exist: one row with a boolean per filter
 * (true also when the filter is not used). */
#define KC_SQL_FILTER_CHECK                                                   \
    "WITH f AS (SELECT nullif(%s::text, '') AS kind, "                        \
    "  nullif(%s::text, '') AS subject, nullif(%s::text, '') AS level, "      \
    "  nullif(%s::text, '') AS language, nullif(%s::text, '') AS licence) "   \
    "SELECT f.kind IS NULL OR EXISTS (SELECT 1 FROM record_kinds "            \
    "    WHERE code = f.kind) AS kind, "                                      \
    "  f.subject IS NULL OR EXISTS (SELECT 1 FROM subjects "                  \
    "    WHERE code = f.subject) AS subject, "                                \
    "  f.level IS NULL OR EXISTS (SELECT 1 FROM levels "                      \
    "    WHERE code = f.level) AS level, "                                    \
    "  f.language IS NULL OR EXISTS (SELECT 1 FROM languages "                \
    "    WHERE code = f.language) AS language, "                              \
    "  f.licence IS NULL OR EXISTS (SELECT 1 FROM licences "                  \
    "    WHERE code = f.licence) AS licence FROM f"
#define KC_COLS_FILTER_CHECK(C, S)                                            \
    C(S, KIND) C(S, SUBJECT) C(S, LEVEL) C(S, LANGUAGE) C(S, LICENCE)
KC_COLUMNS(FILTER_CHECK)

/* ---- a search with words: one prepared statement, one pass ---------------
 *
 * What a search with words costs is finding its matches (the full-text
 * index), and before this statement that was done three times per miss
 * (page, count, facets: two big one-shot statements planned anew on every
 * request, 4-7 ms of planning alone) and kept in search_cache/facet_cache
 * by two writes. Here the matches are read once, by the text index alone
 * (the other filters are checked on those rows), as at most cap + 1
 * candidates (KlasCementSearchCountLimit): c keeps every candidate that
 * fails at most one filter, with a flag per filter, so that the page (all
 * flags), the count and every facet (all flags but its own: what the
 * search would find with that facet's value instead) come from the same
 * rows. The text has no optional branch, so a generic plan (prepared once
 * per connection) is as good as a custom one. More than cap candidates:
 * capped; the count is then a lower bound, the page ranked among the
 * candidates (as far as the first cap of them: pages beyond are
 * empty), and with a filter in use kc_store_records.c asks again
 * without a cap (the candidates of a common word could crowd out the rows
 * that pass a rare filter). Searches without words keep the statements
 * above: a filter alone can match most of the catalogue, and their index
 * depends on which filters are used.
 *
 * The same row also says what a search that finds nothing should
 * suggest (kc_search_suggestion) and which filters name a value that does
 * not exist ("kind,level"; '' when none): a search with words asks
 * PostgreSQL once, found or not.
 *
 * Placeholders: q, kind, language, licence, subject, level, labels, sort,
 * limit, offset, cap. */
#define KC_SW_FLAGS "(c.fk::int + c.fg::int + c.fl::int + c.fs::int + c.fv::int)"
#define KC_SW_FACET(name, table, alias, namesql, keycol, val, from, others)   \
    "SELECT '" name "' AS facet, " alias ".code AS code, " namesql " AS name, "\
    "x.n, " alias ".position FROM (SELECT " val " AS v, count(*) AS n FROM "   \
    from " WHERE " others " GROUP BY 1) x JOIN " table " " alias " ON "       \
    alias "." keycol " = x.v CROSS JOIN o "
#define KC_SQL_SEARCH_WORDS                                                   \
    "WITH o AS MATERIALIZED (SELECT x.sq[1] AS tq, x.sq[2] AS rq, x.kind, "   \
    "  x.lang, x.lic, CASE WHEN x.subj = '' THEN NULL ELSE coalesce((SELECT " \
    "    s.id FROM subjects s WHERE s.code = x.subj), 0) END AS subj, "       \
    "  CASE WHEN x.lvl = '' THEN NULL ELSE coalesce((SELECT v.id "            \
    "    FROM levels v WHERE v.code = x.lvl), 0) END AS lvl, "                \
    "  x.labels, x.sort, x.lim, x.off, x.cap, x.q "                           \
    "  FROM (SELECT kc_search_query(x0.q) AS sq, x0.* "                       \
    "    FROM (SELECT %s::text AS q, %s::text AS kind, %s::text AS lang, "    \
    "      %s::text AS lic, %s::text AS subj, %s::text AS lvl, "              \
    "      %s::text AS labels, %s::text AS sort, %s::int AS lim, "            \
    "      %s::bigint AS off, %s::int AS cap) x0 OFFSET 0) x), "              \
    "c AS MATERIALIZED (SELECT * FROM (SELECT r.id, r.published_at, "         \
    "    ts_rank(r.search_vector, o.rq) AS rank, "                            \
    "    r.rating_sum::float8 / nullif(r.rating_count, 0) AS rating, "        \
    "    r.kind, r.language, r.licence, r.subject_ids, r.level_ids, "         \
    "    (o.kind = '' OR r.kind = o.kind) AS fk, "                            \
    "    (o.lang = '' OR r.language = o.lang) AS fg, "                        \
    "    (o.lic = '' OR r.licence = o.lic) AS fl, "                           \
    "    (o.subj IS NULL OR r.subject_ids @> ARRAY[o.subj]) AS fs, "          \
    "    (o.lvl IS NULL OR r.level_ids @> ARRAY[o.lvl]) AS fv "               \
    "  FROM o, records r WHERE r.state = 'published' "                        \
    "    AND r.search_vector @@ (SELECT tq FROM o)) c "                       \
    "  WHERE " KC_SW_FLAGS " >= 4 LIMIT (SELECT cap + 1 FROM o)), "           \
    "m AS (SELECT * FROM c WHERE " KC_SW_FLAGS " = 5), "                      \
    "f AS (" KC_SW_FACET("kind", "record_kinds", "k",                         \
                         KC_SQL_BYLANG("o.labels", "k.name"), "code",         \
                         "c.kind", "c", "c.fg AND c.fl AND c.fs AND c.fv")    \
    "  UNION ALL " KC_SW_FACET("subject", "subjects", "s",                    \
                         KC_SQL_LABEL("o.labels", "s.name"), "id", "u.id",    \
                         "c CROSS JOIN LATERAL unnest(c.subject_ids) u(id)",  \
                         "c.fk AND c.fg AND c.fl AND c.fv")                   \
    "  UNION ALL " KC_SW_FACET("level", "levels", "v",                        \
                         KC_SQL_LABEL("o.labels", "v.name"), "id", "u.id",    \
                         "c CROSS JOIN LATERAL unnest(c.level_ids) u(id)",    \
                         "c.fk AND c.fg AND c.fl AND c.fs")                   \
    "  UNION ALL " KC_SW_FACET("language", "languages", "g",                  \
                         KC_SQL_BYLANG("o.labels", "g.name"), "code",         \
                         "c.language", "c", "c.fk AND c.fl AND c.fs AND c.fv")\
    "  UNION ALL " KC_SW_FACET("licence", "licences", "l", "l.name", "code",  \
                         "c.licence", "c", "c.fk AND c.fg AND c.fs AND c.fv") \
    "), "                                                                     \
    "t0 AS (SELECT (SELECT count(*) FROM m) AS total, "                       \
    "  (SELECT count(*) FROM c) > o.cap AS capped, "                          \
    "  (SELECT string_agg(f.facet || chr(30) || f.code || chr(30) || f.name " \
    "     || chr(30) || f.n, chr(31) ORDER BY f.facet, f.position) FROM f) "  \
    "    AS facets, "                                                         \
    "  ARRAY(SELECT m.id FROM m "                                             \
    "    ORDER BY CASE WHEN o.sort = 'relevance' THEN m.rank END DESC, "      \
    "      CASE WHEN o.sort = 'rating' THEN m.rating END DESC NULLS LAST, "   \
    "      m.published_at DESC, m.id DESC "                                   \
    "    LIMIT greatest(0, least(o.lim, o.cap - o.off)) OFFSET o.off) AS ids "\
    "  FROM o), "                                                             \
    "t AS (SELECT t0.*, CASE WHEN t0.total = 0 "                              \
    "    THEN kc_search_suggestion(o.q) END AS suggestion, "                  \
    "  concat_ws(',', CASE WHEN o.kind <> '' AND NOT EXISTS (SELECT 1 FROM "  \
    "      record_kinds k WHERE k.code = o.kind) THEN 'kind' END, "           \
    "    CASE WHEN o.subj = 0 THEN 'subject' END, "                           \
    "    CASE WHEN o.lvl = 0 THEN 'level' END, "                              \
    "    CASE WHEN o.lang <> '' AND NOT EXISTS (SELECT 1 FROM languages g "   \
    "      WHERE g.code = o.lang) THEN 'language' END, "                      \
    "    CASE WHEN o.lic <> '' AND NOT EXISTS (SELECT 1 FROM licences l "     \
    "      WHERE l.code = o.lic) THEN 'licence' END) AS unknown "             \
    "  FROM t0 CROSS JOIN o) "                                                \
    "SELECT t.total AS total, t.capped AS capped, t.facets AS facets, "       \
    "  t.suggestion AS suggestion, t.unknown AS unknown, p.* "                \
    "FROM t CROSS JOIN o "                                                    \
    "LEFT JOIN LATERAL (SELECT " KC_RECORD_SUMMARY_COLS("o.labels")           \
    "  FROM unnest(t.ids) WITH ORDINALITY AS u(id, ord) "                     \
    "  JOIN records r ON r.id = u.id "                                        \
    "  JOIN record_kinds k ON k.code = r.kind "                               \
    "  JOIN licences l ON l.code = r.licence ORDER BY u.ord) p ON true"
#define KC_COLS_SEARCH_WORDS(C, S)                                            \
    C(S, TOTAL) C(S, CAPPED) C(S, FACETS) C(S, SUGGESTION) C(S, UNKNOWN)      \
    KC_SUMMARY_COLS(C, S)
KC_COLUMNS(SEARCH_WORDS)

/* ---- the in-memory search index (KlasCementSearchIndex, 033) -------------
 * A child builds its index (core/kc_sindex.c) from a snapshot and batches
 * of published records in id order, then follows the changes that
 * snapshot did not see (jobs/kc_sindex_sync.c). A search asks PostgreSQL
 * for the query (kc_search_query: stemming, compounds, synonyms), the
 * index for the page's ids, the counts and the facets, and PostgreSQL
 * again for the page itself, which also says whether the index was
 * behind (then the search is made by KC_SQL_SEARCH_WORDS instead). */

/* What the index keeps of a record: filters, order, and the vector. */
#define KC_SINDEX_DOC_COLS                                                    \
    "r.id AS id, ((extract(epoch FROM r.published_at) * 1000000)::bigint)"    \
    "::text AS published, r.rating_sum AS rating_sum, "                       \
    "r.rating_count AS rating_count, r.kind AS kind, "                        \
    "r.language AS language, r.licence AS licence, "                          \
    "r.subject_ids::text AS subjects, r.level_ids::text AS levels, "          \
    "r.search_vector::text AS vector "
#define KC_SINDEX_DOC(C, S)                                                   \
    C(S, ID) C(S, PUBLISHED) C(S, RATING_SUM) C(S, RATING_COUNT) C(S, KIND)   \
    C(S, LANGUAGE) C(S, LICENCE) C(S, SUBJECTS) C(S, LEVELS) C(S, VECTOR)

/* Placeholders: after id, at most n. */
#define KC_SQL_SINDEX_BATCH                                                   \
    "SELECT " KC_SINDEX_DOC_COLS "FROM records r "                            \
    "WHERE r.state = 'published' AND r.id > %s::bigint "                      \
    "ORDER BY r.id LIMIT %s::int"
#define KC_COLS_SINDEX_BATCH(C, S) KC_SINDEX_DOC(C, S)
KC_COLUMNS(SINDEX_BATCH)

/* The records changed since snapshot $1 (= $2), at most $3 of them, as
 * they are now (id NULL: no longer published; changed 0: rebuild), and
 * the snapshot they were read in. One row with changed NULL when none. */
#define KC_SQL_SINDEX_CHANGES                                                 \
    "WITH ch AS (SELECT DISTINCT c.record_id FROM search_changes c "          \
    "  WHERE c.xid >= pg_snapshot_xmin(%s::pg_snapshot) "                     \
    "    AND NOT pg_visible_in_snapshot(c.xid, %s::pg_snapshot) "             \
    "  ORDER BY 1 LIMIT %s::int) "                                            \
    "SELECT pg_current_snapshot()::text AS snap, ch.record_id AS changed, "   \
    KC_SINDEX_DOC_COLS                                                        \
    "FROM (SELECT 1) one LEFT JOIN ch ON true "                               \
    "LEFT JOIN records r ON r.id = ch.record_id AND r.state = 'published' "   \
    "ORDER BY ch.record_id"
#define KC_COLS_SINDEX_CHANGES(C, S) C(S, SNAP) C(S, CHANGED) KC_SINDEX_DOC(C, S)
KC_COLUMNS(SINDEX_CHANGES)

/* The vocabularies' terms as facets name them: facet, key (what records
 * carry: the code, or the id), code, names (be, nl, en; kinds and
 * languages have no Flemish name of their own), position. */
#define KC_SQL_SINDEX_VOCAB                                                   \
    "SELECT 'kind' AS facet, code AS key, code, name_nl AS name_be, "         \
    "  name_nl, name_en, position::text AS position FROM record_kinds "       \
    "UNION ALL SELECT 'subject', id::text, code, name_be, name_nl, name_en, " \
    "  position::text FROM subjects "                                         \
    "UNION ALL SELECT 'level', id::text, code, name_be, name_nl, name_en, "   \
    "  position::text FROM levels "                                           \
    "UNION ALL SELECT 'language', code, code, name_nl, name_nl, name_en, "    \
    "  position::text FROM languages "                                        \
    "UNION ALL SELECT 'licence', code, code, name, name, name, "              \
    "  position::text FROM licences"
#define KC_COLS_SINDEX_VOCAB(C, S)                                            \
    C(S, FACET) C(S, KEY) C(S, CODE) C(S, NAME_BE) C(S, NAME_NL)              \
    C(S, NAME_EN) C(S, POSITION)
KC_COLUMNS(SINDEX_VOCAB)

/* A search's query as kc_search_query() builds it. Placeholder: q. */
#define KC_SQL_SEARCH_PREPARE                                                 \
    "SELECT (x.sq)[1]::text AS match, (x.sq)[2]::text AS rank "               \
    "FROM (SELECT kc_search_query(%s::text) AS sq OFFSET 0) x"
#define KC_COLS_SEARCH_PREPARE(C, S) C(S, MATCH) C(S, RANK)
KC_COLUMNS(SEARCH_PREPARE)

/* The page of an index search: the records of ids in that order (their
 * subjects' and levels' names come from the index), what
 * "did you mean" says when nothing was found, and whether the index was
 * behind (stale: a record or a vocabulary changed since its snapshot).
 * Placeholders: labels, ids, nothing found (boolean), q, the index's
 * snapshot. */
#define KC_SQL_SEARCH_PAGE                                                    \
    "WITH o AS MATERIALIZED (SELECT %s::text AS labels, %s::bigint[] AS ids, "\
    "  %s::boolean AS none, %s::text AS q, %s::text AS snap) "                \
    "SELECT CASE WHEN o.none THEN kc_search_suggestion(o.q) END "             \
    "    AS suggestion, kc_search_index_stale(o.snap) AS stale, p.* "         \
    "FROM o LEFT JOIN LATERAL (SELECT "                                       \
    KC_RECORD_SUMMARY_COLS_UNNAMED("o.labels")                                \
    "  FROM unnest(o.ids) WITH ORDINALITY AS u(id, ord) "                     \
    "  JOIN records r ON r.id = u.id "                                        \
    "  JOIN record_kinds k ON k.code = r.kind "                               \
    "  JOIN licences l ON l.code = r.licence ORDER BY u.ord) p ON true"
#define KC_COLS_SEARCH_PAGE(C, S)                                             \
    C(S, SUGGESTION) C(S, STALE) KC_SUMMARY_COLS(C, S)
KC_COLUMNS(SEARCH_PAGE)

#endif
