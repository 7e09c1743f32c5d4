/*
 * kc_sql_community.h -- SQL text and column lists of the community
 * statements, included by the label table (kc_store_sql.c) and the readers
 * (kc_store_community.c). Same rules as there: apr_dbd %s placeholders,
 * casts in SQL, explicit columns.
 */
#ifndef KC_SQL_COMMUNITY_H
#define KC_SQL_COMMUNITY_H

#include "kc_sql.h"

/* Reactions on a record for a viewer (0 = nobody). $1 record, $2 viewer. */
#define KC_SQL_REACTIONS                                                      \
    "SELECT x.id, m.first_name || ' ' || m.surname AS author_name, "          \
    "  x.member_id AS author_id, x.body, "                                    \
    "  to_char(x.created_at AT TIME ZONE 'Europe/Brussels', "                 \
    "          'YYYY-MM-DD HH24:MI') AS date, "                               \
    "  x.edited_at IS NOT NULL AS edited, "                                   \
    "  x.member_id = a.viewer AND x.created_at > now() - interval '15 min' "  \
    "    AS can_edit, "                                                       \
    "  x.member_id = a.viewer AS is_own "                                     \
    "FROM (SELECT %s::bigint AS rec, %s::bigint AS viewer) a "                \
    "JOIN reactions x ON x.record_id = a.rec AND x.deleted_at IS NULL "       \
    "JOIN members m ON m.id = x.member_id ORDER BY x.id LIMIT 500"
#define KC_COLS_REACTIONS(C, S)                                               \
    C(S, ID) C(S, AUTHOR_NAME) C(S, AUTHOR_ID) C(S, BODY) C(S, DATE)          \
    C(S, EDITED) C(S, CAN_EDIT) C(S, IS_OWN)
KC_COLUMNS(REACTIONS)

/* Forum topics: total and a page. $1 lang, $2 view (newest | unanswered |
 * helpful), $3 category code ('' all), $4 q ('' none), $5 limit,
 * $6 offset. The query's tsquery is made once, in a (kc_tsquery reads the
 * synonyms: once per topic would cost). */
#define KC_SQL_FORUM_TOPICS                                                   \
    "WITH a AS (SELECT *, kc_tsquery(a0.q) AS tsq FROM (SELECT "              \
    "  %s::text AS lang, %s::text AS view, "                                  \
    "  nullif(%s::text, '') AS cat, nullif(%s::text, '') AS q, "              \
    "  %s::int AS lim, %s::bigint AS off) a0), "                              \
    "t AS (SELECT t.id, t.title, t.category_id, t.member_id, t.created_at, "  \
    "    t.accepted_post_id, "                                                \
    "    (SELECT count(*) FROM forum_posts p WHERE p.topic_id = t.id "        \
    "      AND p.deleted_at IS NULL) AS answers, "                            \
    "    (SELECT count(*) FROM post_thumbs h JOIN forum_posts p "             \
    "      ON p.id = h.post_id WHERE p.topic_id = t.id) AS thumbs "           \
    "  FROM forum_topics t, a WHERE t.deleted_at IS NULL "                    \
    "    AND (a.cat IS NULL OR t.category_id = (SELECT id FROM "              \
    "      forum_categories WHERE code = a.cat)) "                            \
    "    AND (a.q IS NULL OR t.search_vector @@ a.tsq)) "                     \
    "SELECT (SELECT count(*) FROM t, a WHERE a.view <> 'unanswered' "         \
    "    OR (t.answers = 0 AND t.accepted_post_id IS NULL)) AS total, p.* "   \
    "FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT t.id, t.title, "           \
    "  " KC_SQL_BYLANG("a.lang", "c.name") " AS category_name, "              \
    "  c.code AS category, "                                                  \
    "  m.first_name || ' ' || m.surname AS author_name, "                     \
    "  t.member_id AS author_id, "                                            \
    "  to_char(t.created_at AT TIME ZONE 'Europe/Brussels', "                 \
    "          'YYYY-MM-DD HH24:MI') AS date, t.answers, "                    \
    "  t.accepted_post_id IS NOT NULL AS accepted, t.thumbs "                 \
    "  FROM t JOIN forum_categories c ON c.id = t.category_id "               \
    "  JOIN members m ON m.id = t.member_id, a "                              \
    "  WHERE a.view <> 'unanswered' "                                         \
    "    OR (t.answers = 0 AND t.accepted_post_id IS NULL) "                  \
    "  ORDER BY CASE WHEN a.view = 'helpful' THEN t.thumbs END DESC, "        \
    "    t.created_at DESC, t.id DESC "                                       \
    "  LIMIT (SELECT lim FROM a) OFFSET (SELECT off FROM a)) p ON true"
/* A row whose ID is NULL only carries the total. */
#define KC_COLS_FORUM_TOPICS(C, S)                                            \
    C(S, TOTAL) C(S, ID) C(S, TITLE) C(S, CATEGORY_NAME) C(S, CATEGORY)       \
    C(S, AUTHOR_NAME) C(S, AUTHOR_ID) C(S, DATE) C(S, ANSWERS)                \
    C(S, ACCEPTED) C(S, THUMBS)
KC_COLUMNS(FORUM_TOPICS)

/* One topic. $1 lang, $2 topic. */
#define KC_SQL_FORUM_TOPIC                                                    \
    "SELECT t.id, t.title, t.body, "                                          \
    "  " KC_SQL_BYLANG("%s::text", "c.name") " AS category_name, "            \
    "  c.code AS category, m.first_name || ' ' || m.surname AS author_name, " \
    "  t.member_id AS author_id, "                                            \
    "  to_char(t.created_at AT TIME ZONE 'Europe/Brussels', "                 \
    "    'YYYY-MM-DD HH24:MI') AS date, t.accepted_post_id AS accepted_post " \
    "FROM forum_topics t JOIN forum_categories c ON c.id = t.category_id "    \
    "JOIN members m ON m.id = t.member_id "                                   \
    "WHERE t.id = %s::bigint AND t.deleted_at IS NULL"
#define KC_COLS_FORUM_TOPIC(C, S)                                             \
    C(S, ID) C(S, TITLE) C(S, BODY) C(S, CATEGORY_NAME) C(S, CATEGORY)        \
    C(S, AUTHOR_NAME) C(S, AUTHOR_ID) C(S, DATE) C(S, ACCEPTED_POST)
KC_COLUMNS(FORUM_TOPIC)

/* The answers of a topic, accepted first then oldest first. $1 topic,
 * $2 viewer. */
#define KC_SQL_FORUM_POSTS                                                    \
    "SELECT p.id, p.body, m.first_name || ' ' || m.surname AS author_name, "  \
    "  p.member_id AS author_id, "                                            \
    "  to_char(p.created_at AT TIME ZONE 'Europe/Brussels', "                 \
    "          'YYYY-MM-DD HH24:MI') AS date, "                               \
    "  p.edited_at IS NOT NULL AS edited, "                                   \
    "  (SELECT count(*) FROM post_thumbs h WHERE h.post_id = p.id) "          \
    "    AS thumbs, "                                                         \
    "  EXISTS (SELECT 1 FROM post_thumbs h WHERE h.post_id = p.id "           \
    "    AND h.member_id = a.viewer) AS thumbed, "                            \
    "  t.accepted_post_id = p.id AS accepted "                                \
    "FROM (SELECT %s::bigint AS topic, %s::bigint AS viewer) a "              \
    "JOIN forum_topics t ON t.id = a.topic "                                  \
    "JOIN forum_posts p ON p.topic_id = a.topic AND p.deleted_at IS NULL "    \
    "JOIN members m ON m.id = p.member_id "                                   \
    "ORDER BY t.accepted_post_id = p.id DESC NULLS LAST, p.id LIMIT 500"
#define KC_COLS_FORUM_POSTS(C, S)                                             \
    C(S, ID) C(S, BODY) C(S, AUTHOR_NAME) C(S, AUTHOR_ID) C(S, DATE)          \
    C(S, EDITED) C(S, THUMBS) C(S, THUMBED) C(S, ACCEPTED)
KC_COLUMNS(FORUM_POSTS)

#define KC_SQL_FORUM_CATEGORIES                                               \
    KC_SQL_CODE_NAMES("forum_categories", "position")

/* New records and questions of the members someone follows, newest
 * first. $1 member, $2 lang, $3 limit, $4 offset. */
#define KC_SQL_FEED                                                           \
    "WITH a AS (SELECT %s::bigint AS member, %s::text AS lang), "             \
    "f AS (SELECT 'record' AS type, r.id, r.title, r.author_name AS who, "    \
    "    r.author_id AS who_id, r.published_at AS at, "                       \
    "    " KC_SQL_BYLANG("a.lang", "k.name") " AS what "                      \
    "  FROM records r JOIN record_kinds k ON k.code = r.kind "                \
    "  JOIN follows w ON w.followed_id = r.author_id, a "                     \
    "  WHERE w.follower_id = a.member AND r.state = 'published' "             \
    "  UNION ALL SELECT 'topic', t.id, t.title, "                             \
    "    m.first_name || ' ' || m.surname, t.member_id, t.created_at, '' "    \
    "  FROM forum_topics t JOIN members m ON m.id = t.member_id "              \
    "  JOIN follows w ON w.followed_id = t.member_id, a "                     \
    "  WHERE w.follower_id = a.member AND t.deleted_at IS NULL) "             \
    "SELECT type, id, title, who, who_id, "                                   \
    "  to_char(at AT TIME ZONE 'Europe/Brussels', 'YYYY-MM-DD HH24:MI') "     \
    "    AS date, "                                                           \
    "  what FROM f ORDER BY at DESC, id DESC "                                \
    "LIMIT %s::int OFFSET %s::bigint"
/* DATE, not "at": ORDER BY at sorts by f's timestamp, not this text. */
#define KC_COLS_FEED(C, S)                                                    \
    C(S, TYPE) C(S, ID) C(S, TITLE) C(S, WHO) C(S, WHO_ID) C(S, DATE)         \
    C(S, WHAT)
KC_COLUMNS(FEED)

/* A member's message threads: one per other member, newest first.
 * $1 member. */
#define KC_SQL_THREADS                                                        \
    "WITH a AS (SELECT %s::bigint AS me), "                                   \
    "x AS (SELECT CASE WHEN g.sender_id = a.me THEN g.recipient_id "          \
    "    ELSE g.sender_id END AS other, g.id, g.created_at, "                 \
    "    g.recipient_id = a.me AND g.read_at IS NULL AS unread "              \
    "  FROM messages g, a WHERE g.sender_id = a.me OR g.recipient_id = a.me) "\
    "SELECT x.other, m.first_name || ' ' || m.surname AS name, "              \
    "  to_char(max(x.created_at) AT TIME ZONE 'Europe/Brussels', "            \
    "    'YYYY-MM-DD HH24:MI') AS date, "                                     \
    "  count(*) FILTER (WHERE x.unread) AS unread, count(*) AS count "        \
    "FROM x JOIN members m ON m.id = x.other "                                \
    "GROUP BY x.other, m.first_name, m.surname "                              \
    "ORDER BY max(x.id) DESC LIMIT 200"
#define KC_COLS_THREADS(C, S)                                                 \
    C(S, OTHER) C(S, NAME) C(S, DATE) C(S, UNREAD) C(S, COUNT)
KC_COLUMNS(THREADS)

/* The thread between two members, oldest first; reading it marks the
 * viewer's received messages read. $1 me, $2 other. */
#define KC_SQL_THREAD                                                         \
    "WITH a AS (SELECT %s::bigint AS me, %s::bigint AS other), "              \
    "t AS (SELECT g.id, g.sender_id, g.body, g.created_at, "                  \
    "    g.recipient_id = a.me AND g.read_at IS NULL AS unread "              \
    "  FROM messages g, a WHERE (g.sender_id = a.me "                         \
    "    AND g.recipient_id = a.other) OR (g.sender_id = a.other "            \
    "    AND g.recipient_id = a.me) ORDER BY g.id DESC LIMIT 200), "          \
    "mark AS (UPDATE messages SET read_at = now() "                           \
    "  WHERE id IN (SELECT id FROM t WHERE unread)) "                         \
    "SELECT t.id, t.sender_id = a.me AS mine, t.body, "                       \
    "  to_char(t.created_at AT TIME ZONE 'Europe/Brussels', "                 \
    "    'YYYY-MM-DD HH24:MI') AS date, t.unread FROM t, a ORDER BY t.id"
#define KC_COLS_THREAD(C, S)                                                  \
    C(S, ID) C(S, MINE) C(S, BODY) C(S, DATE) C(S, UNREAD)
KC_COLUMNS(THREAD)

/* How the viewer stands to another member. $1 viewer, $2 other. */
#define KC_SQL_RELATION                                                       \
    "SELECT EXISTS (SELECT 1 FROM follows WHERE follower_id = a.v "           \
    "    AND followed_id = a.o) AS following, "                               \
    "  EXISTS (SELECT 1 FROM blocks WHERE blocker_id = a.v "                  \
    "    AND blocked_id = a.o) AS blocked, "                                  \
    "  EXISTS (SELECT 1 FROM blocks WHERE blocker_id = a.o "                  \
    "    AND blocked_id = a.v) AS blocked_by "                                \
    "FROM (SELECT %s::bigint AS v, %s::bigint AS o) a"
#define KC_COLS_RELATION(C, S) C(S, FOLLOWING) C(S, BLOCKED) C(S, BLOCKED_BY)
KC_COLUMNS(RELATION)

/* Member search ("tutor database"): live, unbanned members. $1 labels,
 * $2 q, $3 subject code, $4 level code, $5 organisation, $6 limit,
 * $7 offset. The first column is the total. */
#define KC_SQL_MEMBER_SEARCH                                                  \
    "WITH a AS (SELECT %s::text AS labels, lower(nullif(%s::text, '')) AS q, "\
    "  nullif(%s::text, '') AS subject, nullif(%s::text, '') AS level, "      \
    "  lower(nullif(%s::text, '')) AS org, %s::int AS lim, "                  \
    "  %s::bigint AS off), "                                                  \
    "f AS (SELECT m.id, m.first_name, m.surname, m.expertise, "               \
    "    m.organisation FROM members m, a "                                   \
    "  WHERE m.deleted_at IS NULL AND NOT m.ban_permanent "                   \
    "    AND (m.banned_until IS NULL OR m.banned_until <= now()) "            \
    "    AND (a.q IS NULL OR strpos(lower(m.first_name || ' ' || m.surname "  \
    "      || ' ' || m.expertise || ' ' || m.organisation), a.q) > 0) "       \
    "    AND (a.org IS NULL OR strpos(lower(m.organisation), a.org) > 0) "    \
    "    AND (a.subject IS NULL OR EXISTS (SELECT 1 FROM member_subjects ms " \
    "      JOIN subjects s ON s.id = ms.subject_id WHERE ms.member_id = m.id "\
    "      AND s.code = a.subject)) "                                         \
    "    AND (a.level IS NULL OR EXISTS (SELECT 1 FROM member_levels ml "     \
    "      JOIN levels v ON v.id = ml.level_id WHERE ml.member_id = m.id "    \
    "      AND v.code = a.level))) "                                          \
    "SELECT (SELECT count(*) FROM f) AS total, p.* FROM (SELECT 1) one "      \
    "LEFT JOIN LATERAL (SELECT f.id, f.first_name || ' ' || f.surname "       \
    "    AS name, f.expertise, f.organisation FROM f "                        \
    "  ORDER BY f.surname, f.first_name, f.id "                               \
    "  LIMIT (SELECT lim FROM a) OFFSET (SELECT off FROM a)) p ON true"
/* A row whose ID is NULL only carries the total. */
#define KC_COLS_MEMBER_SEARCH(C, S)                                           \
    C(S, TOTAL) C(S, ID) C(S, NAME) C(S, EXPERTISE) C(S, ORGANISATION)
KC_COLUMNS(MEMBER_SEARCH)

/* An organisation's page. $1 lang, $2 member. */
#define KC_SQL_ORGANISATION                                                   \
    "SELECT o.member_id AS id, o.kind, o.name, o.description, o.contact, "    \
    "  coalesce(o.website, '') AS website, "                                  \
    "  coalesce(o.province, '') AS province, "                                \
    "  coalesce(" KC_SQL_BYLANG("%s::text", "p.name") ", '') "                \
    "    AS province_name, o.themes "                                         \
    "FROM organisation_profiles o LEFT JOIN provinces p ON p.code = o.province "\
    "JOIN members m ON m.id = o.member_id "                                   \
    "WHERE o.member_id = %s::bigint AND m.deleted_at IS NULL"
#define KC_COLS_ORGANISATION(C, S)                                            \
    C(S, ID) C(S, KIND) C(S, NAME) C(S, DESCRIPTION) C(S, CONTACT)            \
    C(S, WEBSITE) C(S, PROVINCE) C(S, PROVINCE_NAME) C(S, THEMES)
KC_COLUMNS(ORGANISATION)

#define KC_SQL_PROVINCES KC_SQL_CODE_NAMES("provinces", "country, position")

/* Training organisations by name, theme and province. $1 lang, $2 q,
 * $3 theme, $4 province, $5 limit, $6 offset. First column: total. */
#define KC_SQL_TRAINING                                                       \
    "WITH a AS (SELECT %s::text AS lang, lower(nullif(%s::text, '')) AS q, "  \
    "  lower(nullif(%s::text, '')) AS theme, nullif(%s::text, '') AS prov, "  \
    "  %s::int AS lim, %s::bigint AS off), "                                  \
    "f AS (SELECT o.* FROM organisation_profiles o "                          \
    "  JOIN members m ON m.id = o.member_id, a "                              \
    "  WHERE o.kind = 'training' AND m.deleted_at IS NULL "                   \
    "    AND NOT m.ban_permanent "                                            \
    "    AND (a.q IS NULL OR strpos(lower(o.name || ' ' || o.description), "  \
    "      a.q) > 0) "                                                        \
    "    AND (a.theme IS NULL OR strpos(lower(o.themes), a.theme) > 0) "      \
    "    AND (a.prov IS NULL OR o.province = a.prov)) "                       \
    "SELECT (SELECT count(*) FROM f) AS total, p.* FROM (SELECT 1) one "      \
    "LEFT JOIN LATERAL (SELECT f.member_id AS id, f.name, f.themes, "         \
    "  coalesce(" KC_SQL_BYLANG("a.lang", "v.name") ", '') AS province_name, "\
    "  f.description FROM f LEFT JOIN provinces v ON v.code = f.province, a " \
    "  ORDER BY f.name, f.member_id "                                         \
    "  LIMIT (SELECT lim FROM a) OFFSET (SELECT off FROM a)) p ON true"
/* A row whose ID is NULL only carries the total. */
#define KC_COLS_TRAINING(C, S)                                                \
    C(S, TOTAL) C(S, ID) C(S, NAME) C(S, THEMES) C(S, PROVINCE_NAME)          \
    C(S, DESCRIPTION)
KC_COLUMNS(TRAINING)

/* Upcoming calendar activities, soonest first. $1 limit, $2 offset. */
#define KC_SQL_CALENDAR                                                       \
    "WITH f AS (SELECT r.id, r.title, r.details->>'start_date' AS d, "        \
    "    coalesce(r.details->>'start_time', '') AS t, "                       \
    "    coalesce(r.details->>'place', '') AS place, "                        \
    "    coalesce(r.details->>'online_url', '') AS online "                   \
    "  FROM records r WHERE r.state = 'published' AND r.kind = 'calendar' "   \
    "    AND r.details->>'start_date' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' "      \
    "    AND r.details->>'start_date' >= to_char(now() AT TIME ZONE "         \
    "      'Europe/Brussels', 'YYYY-MM-DD')) "                                \
    "SELECT (SELECT count(*) FROM f) AS total, p.* FROM (SELECT 1) one "      \
    "LEFT JOIN LATERAL (SELECT f.id, f.title, f.d AS date, f.t AS time, "     \
    "  f.place, f.online AS online_url "                                      \
    "  FROM f ORDER BY f.d, f.t, f.id LIMIT %s::int OFFSET %s::bigint) p "    \
    "  ON true"
/* A row whose ID is NULL only carries the total. */
#define KC_COLS_CALENDAR(C, S)                                                \
    C(S, TOTAL) C(S, ID) C(S, TITLE) C(S, DATE) C(S, TIME) C(S, PLACE)        \
    C(S, ONLINE_URL)
KC_COLUMNS(CALENDAR)

/* Subjects ('s') then levels ('l') as code and name. $1 labels. */
#define KC_SQL_TAXONOMY_CODES                                                 \
    "WITH a AS (SELECT %s::text AS labels) "                                  \
    "SELECT 's' AS which, s.code, "                                           \
    "  " KC_SQL_LABEL("a.labels", "s.name") " AS name, 1 AS part, "           \
    "  s.position FROM subjects s, a UNION ALL "                              \
    "SELECT 'l', v.code, " KC_SQL_LABEL("a.labels", "v.name") ", 2, "         \
    "  v.position FROM levels v, a ORDER BY 4, 5"
#define KC_COLS_TAXONOMY_CODES(C, S)                                          \
    C(S, WHICH) C(S, CODE) C(S, NAME) C(S, PART) C(S, POSITION)
KC_COLUMNS(TAXONOMY_CODES)

#endif
