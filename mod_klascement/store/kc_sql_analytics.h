/*
 * kc_sql_analytics.h -- SQL text and column lists of /admin/analytics
 * (tables: sql/027_newsletter_analytics.sql; the counters' write:
 * kc_stats_flush, sql/functions/analytics.sql).
 *
 * Every statement takes the window first: $1 its last day ('' = today in
 * Brussels), $2 its length in days (7 or 30). No statement reads who did
 * anything: the tables hold none.
 */
#ifndef KC_SQL_ANALYTICS_H
#define KC_SQL_ANALYTICS_H

#include "kc_sql.h"

#define KC_SQL_WINDOW                                                         \
    "WITH w AS (SELECT u - (%s::int - 1) AS since, u AS until FROM ("        \
    "  SELECT coalesce(nullif(%s, '')::date, "                                \
    "    (now() AT TIME ZONE 'Europe/Brussels')::date) AS u) x) "
/* The window's parameters are ($1 days, $2 last day) in that text order. */

/* Search terms of the window: how often, and what the latest search of
 * each found. */
#define KC_SQL_TERMS_OF(EXTRA)                                                \
    KC_SQL_WINDOW                                                             \
    "SELECT t.query AS query, sum(t.searches)::bigint AS searches, "          \
    "  (array_agg(t.results ORDER BY t.day DESC))[1] AS results "             \
    "FROM search_stats t, w WHERE t.day BETWEEN w.since AND w.until "         \
    "  AND t.query <> '' "                                                    \
    "GROUP BY t.query " EXTRA " ORDER BY searches DESC, t.query LIMIT 20"
#define KC_SQL_ANALYTICS_TERMS KC_SQL_TERMS_OF("")
/* Terms no search of the window found anything for. */
#define KC_SQL_ANALYTICS_EMPTY KC_SQL_TERMS_OF("HAVING max(t.results) = 0")
#define KC_COLS_ANALYTICS_TERMS(C, S) C(S, QUERY) C(S, SEARCHES) C(S, RESULTS)
KC_COLUMNS(ANALYTICS_TERMS)

/* Terms searched more than in the same days a year before (52 weeks, so
 * the weekdays match). */
#define KC_SQL_ANALYTICS_RISING                                               \
    KC_SQL_WINDOW                                                             \
    "SELECT t.query AS query, "                                               \
    "  sum(t.searches) FILTER (WHERE t.day >= w.since)::bigint AS searches, " \
    "  coalesce(sum(t.searches) FILTER (WHERE t.day < w.since), 0)::bigint "  \
    "    AS last_year "                                                       \
    "FROM search_stats t, w "                                                 \
    "WHERE t.query <> '' AND (t.day BETWEEN w.since AND w.until "             \
    "  OR t.day BETWEEN w.since - 364 AND w.until - 364) "                    \
    "GROUP BY t.query "                                                       \
    "HAVING coalesce(sum(t.searches) FILTER (WHERE t.day >= w.since), 0) "    \
    "     > coalesce(sum(t.searches) FILTER (WHERE t.day < w.since), 0) "     \
    "ORDER BY sum(t.searches) FILTER (WHERE t.day >= w.since) "               \
    "  - coalesce(sum(t.searches) FILTER (WHERE t.day < w.since), 0) DESC, "  \
    "  t.query LIMIT 20"
#define KC_COLS_ANALYTICS_RISING(C, S) C(S, QUERY) C(S, SEARCHES) C(S, LAST_YEAR)
KC_COLUMNS(ANALYTICS_RISING)

/* The most-read published records of the window. */
#define KC_SQL_ANALYTICS_RECORDS                                              \
    KC_SQL_WINDOW                                                             \
    "SELECT r.id AS id, r.title AS title, sum(v.views)::bigint AS views "     \
    "FROM record_views v JOIN records r ON r.id = v.record_id, w "            \
    "WHERE v.day BETWEEN w.since AND w.until AND r.state = 'published' "      \
    "GROUP BY r.id, r.title ORDER BY views DESC, r.id LIMIT 20"
#define KC_COLS_ANALYTICS_RECORDS(C, S) C(S, ID) C(S, TITLE) C(S, VIEWS)
KC_COLUMNS(ANALYTICS_RECORDS)

/* Profiles: the most-read of the window (views) or the most-followed
 * (followers gained in the window, then all followers); each with both. */
#define KC_SQL_PROFILES_OF(ORDER)                                             \
    KC_SQL_WINDOW                                                             \
    ", p AS (SELECT m.id, m.first_name || ' ' || m.surname AS name, "         \
    "  coalesce((SELECT sum(v.views) FROM profile_views v "                   \
    "    WHERE v.profile_id = m.id AND v.day BETWEEN w.since AND w.until), 0) "\
    "    AS views, "                                                          \
    "  (SELECT count(*) FROM follows f WHERE f.followed_id = m.id) "          \
    "    AS followers, "                                                      \
    "  (SELECT count(*) FROM follows f WHERE f.followed_id = m.id "           \
    "    AND (f.created_at AT TIME ZONE 'Europe/Brussels')::date "            \
    "        BETWEEN w.since AND w.until) AS new_followers "                  \
    "  FROM members m, w WHERE m.deleted_at IS NULL AND m.id IN ("            \
    "    SELECT v.profile_id FROM profile_views v "                           \
    "      WHERE v.day BETWEEN w.since AND w.until "                          \
    "    UNION SELECT f.followed_id FROM follows f)) "                        \
    "SELECT p.id AS id, p.name AS name, p.views::bigint AS views, "           \
    "  p.followers AS followers, p.new_followers AS new_followers "           \
    "FROM p WHERE " ORDER " LIMIT 20"
#define KC_SQL_ANALYTICS_PROFILES                                             \
    KC_SQL_PROFILES_OF("p.views > 0 ORDER BY p.views DESC, p.id")
#define KC_SQL_ANALYTICS_FOLLOWED                                             \
    KC_SQL_PROFILES_OF("p.followers > 0 ORDER BY p.new_followers DESC, "      \
                       "p.followers DESC, p.id")
#define KC_COLS_ANALYTICS_PROFILES(C, S)                                      \
    C(S, ID) C(S, NAME) C(S, VIEWS) C(S, FOLLOWERS) C(S, NEW_FOLLOWERS)
KC_COLUMNS(ANALYTICS_PROFILES)

/* Records that fill a gap: published in the window and found by a term
 * that, in the 90 days before the window's end, found fewer than 3
 * records; with how often that term was searched. */
#define KC_SQL_ANALYTICS_GAPS                                                 \
    KC_SQL_WINDOW                                                             \
    ", t AS (SELECT s.query, sum(s.searches) AS searches FROM search_stats s, w "\
    "  WHERE s.query <> '' AND s.day BETWEEN w.until - 89 AND w.until "       \
    "  GROUP BY s.query HAVING min(s.results) < 3 "                           \
    "  ORDER BY sum(s.searches) DESC LIMIT 50) "                              \
    "SELECT r.id AS id, r.title AS title, t.query AS query, "                 \
    "  t.searches::bigint AS searches "                                       \
    "FROM t CROSS JOIN w JOIN LATERAL (SELECT x.id, x.title FROM records x "  \
    "  WHERE x.state = 'published' AND x.search_vector @@ kc_tsquery(t.query) "\
    "    AND (x.published_at AT TIME ZONE 'Europe/Brussels')::date "          \
    "        BETWEEN w.since AND w.until "                                    \
    "  ORDER BY x.published_at DESC LIMIT 3) r ON true "                      \
    "ORDER BY t.searches DESC, r.id LIMIT 20"
#define KC_COLS_ANALYTICS_GAPS(C, S) C(S, ID) C(S, TITLE) C(S, QUERY) C(S, SEARCHES)
KC_COLUMNS(ANALYTICS_GAPS)

/* The last 12 weeks ($2 = 7) or months (30) up to the window's end:
 * contributions made, records published, new members, searches. */
#define KC_SQL_ANALYTICS_SERIES                                               \
    KC_SQL_WINDOW                                                             \
    ", b AS (SELECT g::date AS start, "                                       \
    "  (g + CASE WHEN %s = 'month' THEN interval '1 month' "                  \
    "            ELSE interval '1 week' END)::date AS stop "                  \
    "  FROM w, generate_series(date_trunc(CASE WHEN %s = 'month' THEN 'month' "\
    "        ELSE 'week' END, w.until::timestamp) "                          \
    "      - CASE WHEN %s = 'month' THEN interval '11 months' "               \
    "             ELSE interval '11 weeks' END, "                             \
    "    w.until::timestamp, CASE WHEN %s = 'month' THEN interval '1 month' " \
    "             ELSE interval '1 week' END) g) "                            \
    "SELECT to_char(b.start, 'YYYY-MM-DD') AS start, "                        \
    "  (SELECT count(*) FROM records r WHERE "                                \
    "    (r.created_at AT TIME ZONE 'Europe/Brussels')::date >= b.start "     \
    "    AND (r.created_at AT TIME ZONE 'Europe/Brussels')::date < b.stop) "  \
    "    AS contributions, "                                                  \
    "  (SELECT count(*) FROM records r WHERE r.published_at IS NOT NULL AND " \
    "    (r.published_at AT TIME ZONE 'Europe/Brussels')::date >= b.start "   \
    "    AND (r.published_at AT TIME ZONE 'Europe/Brussels')::date < b.stop) "\
    "    AS published, "                                                      \
    "  (SELECT count(*) FROM members m WHERE "                                \
    "    (m.created_at AT TIME ZONE 'Europe/Brussels')::date >= b.start "     \
    "    AND (m.created_at AT TIME ZONE 'Europe/Brussels')::date < b.stop) "  \
    "    AS members, "                                                        \
    "  (SELECT coalesce(sum(s.searches), 0) FROM search_stats s "             \
    "    WHERE s.day >= b.start AND s.day < b.stop)::bigint AS searches "     \
    "FROM b ORDER BY b.start"
#define KC_COLS_ANALYTICS_SERIES(C, S)                                        \
    C(S, START) C(S, CONTRIBUTIONS) C(S, PUBLISHED) C(S, MEMBERS) C(S, SEARCHES)
KC_COLUMNS(ANALYTICS_SERIES)

#endif
