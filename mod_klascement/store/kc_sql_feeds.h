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

/* A local date and time of a calendar record (Europe/Brussels) as an
 * iCalendar UTC date-time. */
#define KC_SQL_ICAL_UTC(d, t) "to_char(((" d " || ' ' || " t ")::timestamp "    \
    "AT TIME ZONE 'Europe/Brussels') AT TIME ZONE 'UTC', "                    \
    "'YYYYMMDD\"T\"HH24MISS\"Z\"')"

/* Calendar activities for the .ics feeds: published calendar records
 * from 30 days ago on, soonest first; of any author ($1 'calendar') or of
 * training organisations ($1 'training': the record's organisation, else
 * its author, is one); $2 subject code, $3 province code of that
 * organisation ('' for any); $4 limit. Every row says whether the subject
 * and province exist; one whose ID is NULL carries only that. A record
 * without a start time is a day event (DTSTART/DTEND as dates, DTEND the
 * day after the last); with one, UTC date-times, DTEND only with an end
 * time. */
#define KC_SQL_FEED_EVENTS                                                    \
    "WITH a AS (SELECT %s::text AS which, nullif(%s::text, '') AS subj, "     \
    "  nullif(%s::text, '') AS prov, %s::int AS lim), "                       \
    "f AS (SELECT r.id, r.title, left(r.description, 220) AS excerpt, "       \
    "    char_length(r.description) > 220 AS excerpt_cut, "                   \
    "    r.details->>'start_date' AS sd, "                                    \
    "    CASE WHEN r.details->>'start_time' ~ '^[0-9]{2}:[0-9]{2}$' "         \
    "      THEN r.details->>'start_time' END AS st, "                         \
    "    CASE WHEN r.details->>'end_date' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' "  \
    "      THEN r.details->>'end_date' END AS ed, "                           \
    "    CASE WHEN r.details->>'end_time' ~ '^[0-9]{2}:[0-9]{2}$' "           \
    "      THEN r.details->>'end_time' END AS et, "                           \
    "    nullif(r.details->>'place', '') AS place, "                          \
    "    nullif(r.details->>'online_url', '') AS online, "                    \
    "    nullif(r.details->>'organiser', '') AS organiser, "                  \
    "    r.oai_datestamp AS stamp "                                           \
    "  FROM a CROSS JOIN records r "                                          \
    "  LEFT JOIN organisation_profiles o "                                    \
    "    ON o.member_id = coalesce(r.organisation_id, r.author_id) "          \
    "  WHERE r.state = 'published' AND r.kind = 'calendar' "                  \
    "    AND r.details->>'start_date' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' "      \
    "    AND coalesce(CASE WHEN r.details->>'end_date' "                      \
    "      ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN r.details->>'end_date' END, "\
    "      r.details->>'start_date') >= to_char((now() AT TIME ZONE "         \
    "      'Europe/Brussels') - interval '30 days', 'YYYY-MM-DD') "           \
    "    AND (a.which = 'calendar' OR o.kind = 'training') "                  \
    "    AND (a.subj IS NULL OR r.subject_ids @> ARRAY[(SELECT s.id "         \
    "      FROM subjects s WHERE s.code = a.subj)]) "                         \
    "    AND (a.prov IS NULL OR o.province = a.prov) "                        \
    "  ORDER BY 5, 6 NULLS FIRST, 1 LIMIT (SELECT lim FROM a)) "              \
    "SELECT (a.subj IS NULL OR EXISTS (SELECT 1 FROM subjects s "             \
    "    WHERE s.code = a.subj)) AS subject_ok, "                             \
    "  (a.prov IS NULL OR EXISTS (SELECT 1 FROM provinces v "                 \
    "    WHERE v.code = a.prov)) AS province_ok, p.* "                        \
    "FROM a LEFT JOIN LATERAL (SELECT f.id AS id, f.title AS title, "         \
    "  f.excerpt AS excerpt, f.excerpt_cut AS excerpt_cut, "                  \
    "  f.place AS place, f.online AS online_url, f.organiser AS organiser, "  \
    "  CASE WHEN f.st IS NULL THEN replace(f.sd, '-', '') "                   \
    "    ELSE " KC_SQL_ICAL_UTC("f.sd", "f.st") " END AS dtstart, "           \
    "  CASE WHEN f.st IS NULL "                                               \
    "    THEN to_char(coalesce(f.ed, f.sd)::date + 1, 'YYYYMMDD') "           \
    "    WHEN f.et IS NOT NULL "                                              \
    "    THEN " KC_SQL_ICAL_UTC("coalesce(f.ed, f.sd)", "f.et") " END "       \
    "    AS dtend, "                                                          \
    "  to_char(f.stamp AT TIME ZONE 'UTC', 'YYYYMMDD\"T\"HH24MISS\"Z\"') "    \
    "    AS dtstamp, f.sd AS sort_date, f.st AS sort_time "                   \
    "  FROM f) p ON true "                                                    \
    "ORDER BY p.sort_date, p.sort_time NULLS FIRST, p.id"
#define KC_COLS_FEED_EVENTS(C, S)                                             \
    C(S, SUBJECT_OK) C(S, PROVINCE_OK) C(S, ID) C(S, TITLE) C(S, EXCERPT)     \
    C(S, EXCERPT_CUT) C(S, PLACE) C(S, ONLINE_URL) C(S, ORGANISER)            \
    C(S, DTSTART) C(S, DTEND) C(S, DTSTAMP) C(S, SORT_DATE) C(S, SORT_TIME)
KC_COLUMNS(FEED_EVENTS)

#endif
