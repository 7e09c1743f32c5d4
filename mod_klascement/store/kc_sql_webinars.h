/*
 * kc_sql_webinars.h -- SQL text and column lists of the webinar statements
 * (issue 14; tables in sql/026_themes_webinars.sql, functions in
 * sql/functions/webinars.sql). Included by kc_store_sql.c and
 * kc_store_webinars.c only.
 */
#ifndef KC_SQL_WEBINARS_H
#define KC_SQL_WEBINARS_H

#include "kc_sql.h"

#define KC_SQL_BXL(col, fmt)                                                  \
    "to_char(" col " AT TIME ZONE 'Europe/Brussels', '" fmt "')"
#define KC_SQL_ICS_UTC(col)                                                   \
    "to_char((" col ") AT TIME ZONE 'UTC', 'YYYYMMDD\"T\"HH24MISS\"Z\"')"

/* A webinar as the viewer a.viewer may see it (w webinars, a (labels,
 * viewer)): the meeting address only for those signed up, the presenter
 * and admins. */
#define KC_SQL_WEBINAR_COLS                                                   \
    "w.id AS id, w.title AS title, w.description AS description, "            \
    "w.presenter_name AS presenter_name, "                                    \
    "coalesce(w.presenter_id, 0) AS presenter_id, "                           \
    KC_SQL_BXL("w.starts_at", "YYYY-MM-DD HH24:MI") " AS starts, "            \
    KC_SQL_BXL("w.starts_at", "YYYY-MM-DD\"T\"HH24:MI") " AS starts_input, "  \
    "w.duration_min AS duration, w.capacity AS capacity, "                    \
    "w.signup_count AS signups, w.capacity - w.signup_count AS places_left, " \
    "w.starts_at <= now() AS started, "                                       \
    "w.starts_at + make_interval(mins => w.duration_min) <= now() AS over, "  \
    "CASE WHEN s.member_id IS NOT NULL OR v.staff "                           \
    "  THEN w.meeting_url END AS meeting_url, "                               \
    "coalesce(w.recording_url, '') AS recording_url, "                        \
    "s.member_id IS NOT NULL AS signed_up, "                                  \
    "coalesce(s.question, '') AS my_question, "                               \
    "coalesce(v.staff, false) AS sees_questions, "                            \
    "coalesce((SELECT string_agg(" KC_SQL_LABEL("a.labels", "x.name")         \
    "  , ', ' ORDER BY x.position) FROM subjects x "                          \
    "  WHERE x.id = ANY (w.subject_ids)), '') AS subjects, "                  \
    "coalesce((SELECT string_agg(" KC_SQL_LABEL("a.labels", "x.name")         \
    "  , ', ' ORDER BY x.position) FROM levels x "                            \
    "  WHERE x.id = ANY (w.level_ids)), '') AS levels, "                      \
    "array_to_string(w.subject_ids, ',') AS subject_ids, "                    \
    "array_to_string(w.level_ids, ',') AS level_ids, "                        \
    KC_SQL_ICS_UTC("w.starts_at") " AS dtstart, "                             \
    KC_SQL_ICS_UTC("w.starts_at + make_interval(mins => w.duration_min)")     \
    " AS dtend, " KC_SQL_ICS_UTC("w.updated_at") " AS dtstamp, "              \
    "w.cancelled_at IS NOT NULL AS cancelled, "                               \
    "coalesce(to_char(w.cancelled_at AT TIME ZONE 'Europe/Brussels', "        \
    "  'YYYY-MM-DD HH24:MI'), '') AS cancelled_on"
#define KC_COLS_WEBINAR(C, S)                                                 \
    C(S, ID) C(S, TITLE) C(S, DESCRIPTION) C(S, PRESENTER_NAME)               \
    C(S, PRESENTER_ID) C(S, STARTS) C(S, STARTS_INPUT) C(S, DURATION)         \
    C(S, CAPACITY) C(S, SIGNUPS) C(S, PLACES_LEFT) C(S, STARTED) C(S, OVER)   \
    C(S, MEETING_URL) C(S, RECORDING_URL) C(S, SIGNED_UP) C(S, MY_QUESTION)   \
    C(S, SEES_QUESTIONS) C(S, SUBJECTS) C(S, LEVELS) C(S, SUBJECT_IDS)        \
    C(S, LEVEL_IDS) C(S, DTSTART) C(S, DTEND) C(S, DTSTAMP) C(S, CANCELLED)   \
    C(S, CANCELLED_ON)
KC_COLUMNS(WEBINAR)

/* The viewer's sign-up (s) and whether the viewer is the presenter or an
 * admin (v.staff). */
#define KC_SQL_WEBINAR_VIEWER                                                 \
    "LEFT JOIN webinar_signups s ON s.webinar_id = w.id "                     \
    "  AND s.member_id = a.viewer AND s.cancelled_at IS NULL "                \
    "LEFT JOIN LATERAL (SELECT true AS staff FROM members m "                 \
    "  WHERE m.id = a.viewer AND m.deleted_at IS NULL "                       \
    "    AND (m.role = 'admin' OR m.id = w.presenter_id)) v ON true "

/* $1 labels, $2 viewer (0: a visitor), $3 'coming' (not over yet, soonest
 * first), 'past' (over, newest first) or 'admin' (all, newest first, the
 * cancelled ones too: the team sees what it cancelled). */
#define KC_SQL_WEBINARS_LIST                                                  \
    "SELECT " KC_SQL_WEBINAR_COLS " "                                         \
    "FROM (SELECT %s::text AS labels, %s::bigint AS viewer, "                 \
    "  %s::text AS mode) a "                                                  \
    "JOIN webinars w ON (w.cancelled_at IS NULL OR a.mode = 'admin') "        \
    "  AND (a.mode = 'admin' "                                                \
    "  OR (a.mode = 'coming') = (w.starts_at "                                \
    "     + make_interval(mins => w.duration_min) > now())) "                 \
    KC_SQL_WEBINAR_VIEWER                                                     \
    "ORDER BY CASE WHEN a.mode = 'coming' THEN w.starts_at END, "             \
    "  w.starts_at DESC, w.id LIMIT 200"

/* $1 labels, $2 viewer, $3 webinar. */
#define KC_SQL_WEBINAR_GET                                                    \
    "SELECT " KC_SQL_WEBINAR_COLS " "                                         \
    "FROM (SELECT %s::text AS labels, %s::bigint AS viewer) a "               \
    "JOIN webinars w ON w.id = %s::bigint AND w.cancelled_at IS NULL "        \
    KC_SQL_WEBINAR_VIEWER

/* The sign-ups of webinar $1 with their questions, in the order they came. */
#define KC_SQL_WEBINAR_SIGNUPS                                                \
    "SELECT m.first_name || ' ' || m.surname AS name, s.question AS question, "\
    "  " KC_SQL_BXL("s.signed_up_at", "YYYY-MM-DD HH24:MI") " AS signed_up "  \
    "FROM webinar_signups s JOIN members m ON m.id = s.member_id "            \
    "  AND m.deleted_at IS NULL "                                             \
    "WHERE s.webinar_id = %s::bigint AND s.cancelled_at IS NULL "             \
    "ORDER BY s.signed_up_at, s.member_id"
#define KC_COLS_WEBINAR_SIGNUPS(C, S) C(S, NAME) C(S, QUESTION) C(S, SIGNED_UP)
KC_COLUMNS(WEBINAR_SIGNUPS)

#endif
