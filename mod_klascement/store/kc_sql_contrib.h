/*
 * kc_sql_contrib.h -- SQL text and column lists of the contribution
 * statements that return rows: choices, own records, notifications (the
 * label table in kc_store_sql.c, the readers in kc_store_contrib.c).
 */
#ifndef KC_SQL_CONTRIB_H
#define KC_SQL_CONTRIB_H

#include "kc_sql.h"

/* Records that look like a new contribution: the same URL or file, or
 * a very similar published title. $1 url, $2 sha256, $3 title,
 * $4 record to leave out (0 for none). */
#define KC_SQL_CONTRIB_DUPLICATES                                             \
    "WITH a AS (SELECT nullif(%s::text, '') AS url, "                         \
    "  nullif(%s::text, '') AS sha, %s::text AS title, "                      \
    "  %s::bigint AS skip) "                                                  \
    "SELECT r.id, r.title FROM records r, a "                                 \
    "WHERE r.id <> a.skip AND r.state IN ('published', 'pending') "           \
    "  AND (r.url = a.url OR r.file_sha256 = a.sha "                          \
    "    OR (r.state = 'published' AND r.title %% a.title "                   \
    "        AND similarity(r.title, a.title) >= 0.6)) "                      \
    "ORDER BY r.id LIMIT 5"
#define KC_COLS_CONTRIB_DUPLICATES(C, S) C(S, ID) C(S, TITLE)
KC_COLUMNS(CONTRIB_DUPLICATES)

/* The member's own contributions, newest first, with the reasons.
 * $1 lang, $2 member. */
#define KC_SQL_CONTRIB_MINE                                                   \
    "SELECT r.id, r.title, " KC_SQL_BYLANG("%s::text", "k.name")              \
    "    AS kind_name, r.state, "                                             \
    "  to_char(r.submitted_at, 'YYYY-MM-DD') AS submitted, "                  \
    "  coalesce(r.changes_reason, r.refusal_reason, r.takedown_reason) "      \
    "    AS reason, "                                                         \
    "  EXISTS (SELECT 1 FROM objections o WHERE o.record_id = r.id) "         \
    "    AS objection_filed "                                                 \
    "FROM records r JOIN record_kinds k ON k.code = r.kind "                  \
    "WHERE r.author_id = %s::bigint "                                         \
    "ORDER BY r.submitted_at DESC, r.id DESC LIMIT 500"
#define KC_COLS_CONTRIB_MINE(C, S)                                            \
    C(S, ID) C(S, TITLE) C(S, KIND_NAME) C(S, STATE) C(S, SUBMITTED)          \
    C(S, REASON) C(S, OBJECTION_FILED)
KC_COLUMNS(CONTRIB_MINE)

/* An own contribution for editing. $1 record, $2 member. */
#define KC_SQL_CONTRIB_GET                                                    \
    "SELECT r.kind, r.title, r.description, r.language, r.licence, "          \
    "  coalesce(r.url, '') AS url, (SELECT string_agg(d.key || chr(30) "      \
    "    || d.value, chr(31)) FROM jsonb_each_text(r.details) d) AS details, "\
    "  (SELECT string_agg(subject_id::text, ',') FROM record_subjects "       \
    "    WHERE record_id = r.id) AS subjects, "                               \
    "  (SELECT string_agg(level_id::text, ',') FROM record_levels "           \
    "    WHERE record_id = r.id) AS levels, r.file_name, r.state "            \
    "FROM records r WHERE r.id = %s::bigint AND r.author_id = %s::bigint"
#define KC_COLS_CONTRIB_GET(C, S)                                             \
    C(S, KIND) C(S, TITLE) C(S, DESCRIPTION) C(S, LANGUAGE) C(S, LICENCE)     \
    C(S, URL) C(S, DETAILS) C(S, SUBJECTS) C(S, LEVELS) C(S, FILE_NAME)       \
    C(S, STATE)
KC_COLUMNS(CONTRIB_GET)

/* The member's notifications, newest first; reading them marks them
 * read (in the same statement). $1 lang, $2 member. */
#define KC_SQL_NOTIFICATIONS                                                  \
    "WITH a AS (SELECT %s::text AS lang, %s::bigint AS member), "             \
    "n AS (SELECT n.id, n.kind, n.record_id, n.topic_id, "                    \
    "    coalesce(r.title, t.title) AS title, n.reason, "                     \
    "    to_char(n.created_at AT TIME ZONE 'Europe/Brussels', "               \
    "            'YYYY-MM-DD HH24:MI') AS at, n.read_at IS NULL AS unread "   \
    "  FROM notifications n LEFT JOIN records r ON r.id = n.record_id "       \
    "  LEFT JOIN forum_topics t ON t.id = n.topic_id, a "                     \
    "  WHERE n.member_id = a.member ORDER BY n.id DESC LIMIT 200), "          \
    "mark AS (UPDATE notifications SET read_at = now() "                      \
    "  WHERE id IN (SELECT id FROM n WHERE unread)) "                         \
    "SELECT id, kind, record_id, title, reason, at, unread, topic_id "        \
    "FROM n ORDER BY id DESC"
#define KC_COLS_NOTIFICATIONS(C, S)                                           \
    C(S, ID) C(S, KIND) C(S, RECORD_ID) C(S, TITLE) C(S, REASON) C(S, AT)     \
    C(S, UNREAD) C(S, TOPIC_ID)
KC_COLUMNS(NOTIFICATIONS)

#define KC_SQL_LICENCE "SELECT name, url FROM licences WHERE code = %s"
#define KC_COLS_LICENCE(C, S) C(S, NAME) C(S, URL)
KC_COLUMNS(LICENCE)

#endif
