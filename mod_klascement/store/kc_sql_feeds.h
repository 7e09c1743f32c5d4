/*
 * kc_sql_feeds.h -- SQL text and column lists of the feeds (Atom for a
 * member's contributions and for the forum; iCalendar for the calendar
 * activities): kc_store_feeds.c.
 */
#ifndef KC_SQL_FEEDS_H
#define KC_SQL_FEEDS_H

#include "kc_sql.h"
#include "kc_sql_records.h"

/* A member's newest published records, if the profile is shown (not
 * deleted, not banned: what kc_member_profile shows). No row: no such
 * profile; one row with a NULL ID: no records. $1 labels, $2 member,
 * $3 limit. */
#define KC_SQL_FEED_MEMBER                                                    \
    "SELECT m.first_name || ' ' || m.surname AS member_name, p.* "            \
    "FROM (SELECT %s::text AS labels, %s::bigint AS member, "                 \
    "  %s::int AS lim) a "                                                    \
    "JOIN members m ON m.id = a.member AND m.deleted_at IS NULL "             \
    "  AND NOT m.ban_permanent "                                              \
    "  AND (m.banned_until IS NULL OR m.banned_until <= now()) "              \
    "LEFT JOIN LATERAL (SELECT " KC_RECORD_SUMMARY_COLS("a.labels") ", "      \
    "    " KC_SQL_UTC("r.oai_datestamp") " AS updated, "                      \
    "    " KC_SQL_UTC("r.published_at") " AS published_utc "                  \
    "  FROM records r JOIN record_kinds k ON k.code = r.kind "                \
    "  JOIN licences l ON l.code = r.licence "                                \
    "  WHERE r.author_id = a.member AND r.state = 'published' "               \
    "  ORDER BY r.published_at DESC, r.id DESC LIMIT a.lim) p ON true "       \
    "ORDER BY p.published_utc DESC, p.id DESC"
#define KC_COLS_FEED_MEMBER(C, S) C(S, MEMBER_NAME) KC_SUMMARY_COLS(C, S)     \
    C(S, UPDATED) C(S, PUBLISHED_UTC)
KC_COLUMNS(FEED_MEMBER)

/* The newest forum topics that are shown (not removed), all or of one
 * category. Updated: the last visible answer, else the question. $1 lang,
 * $2 category code ('' all), $3 limit. */
#define KC_SQL_FEED_FORUM                                                     \
    "WITH a AS (SELECT %s::text AS lang, nullif(%s::text, '') AS cat, "       \
    "  %s::int AS lim) "                                                      \
    "SELECT t.id AS id, t.title AS title, left(t.body, 300) AS excerpt, "     \
    "  char_length(t.body) > 300 AS excerpt_cut, "                            \
    "  m.first_name || ' ' || m.surname AS author_name, c.code AS category, " \
    "  " KC_SQL_BYLANG("a.lang", "c.name") " AS category_name, "              \
    "  " KC_SQL_UTC("t.created_at") " AS published, "                         \
    "  " KC_SQL_UTC("greatest(t.created_at, (SELECT max(p.created_at) "       \
    "    FROM forum_posts p WHERE p.topic_id = t.id "                         \
    "    AND p.deleted_at IS NULL))") " AS updated "                          \
    "FROM a, forum_topics t "                                                 \
    "JOIN forum_categories c ON c.id = t.category_id "                        \
    "JOIN members m ON m.id = t.member_id "                                   \
    "WHERE t.deleted_at IS NULL AND (a.cat IS NULL OR c.code = a.cat) "       \
    "ORDER BY t.created_at DESC, t.id DESC LIMIT (SELECT lim FROM a)"
#define KC_COLS_FEED_FORUM(C, S)                                              \
    C(S, ID) C(S, TITLE) C(S, EXCERPT) C(S, EXCERPT_CUT) C(S, AUTHOR_NAME)    \
    C(S, CATEGORY) C(S, CATEGORY_NAME) C(S, PUBLISHED) C(S, UPDATED)
KC_COLUMNS(FEED_FORUM)

#endif
