/*
 * kc_sql_members.h -- SQL text and column lists of the member statements
 * that return rows: sessions, logins, profiles, the ledger (the label
 * table in kc_store_sql.c, the readers in kc_store_members.c).
 */
#ifndef KC_SQL_MEMBERS_H
#define KC_SQL_MEMBERS_H

#include "kc_sql.h"

/* The live session of a token, its member not deleted or banned, and
 * whether its last-seen time is over a minute old (then the caller
 * refreshes it with kc_session_touch: a read on every request, a write
 * at most once a minute). $1 token, $2 idle seconds. */
#define KC_SQL_SESSION_GET                                                    \
    "SELECT s.member_id AS member_id, m.role AS role, "                       \
    "  m.first_name AS first_name, m.surname AS surname, m.lang AS lang, "    \
    "  s.csrf_secret AS csrf_secret, m.country AS country, "                  \
    "  extract(day FROM now() - m.created_at)::int AS age_days, "             \
    "  (SELECT count(*) FROM messages g "                                     \
    "    WHERE g.recipient_id = s.member_id AND g.read_at IS NULL) "          \
    "    AS unread, "                                                         \
    "  s.last_seen_at < now() - interval '1 minute' AS stale "                \
    "FROM sessions s JOIN members m ON m.id = s.member_id "                   \
    "WHERE s.token_hash = kc_token_hash(%s) AND s.expires_at > now() "        \
    "  AND s.last_seen_at > now() - make_interval(secs => %s::int) "          \
    "  AND m.deleted_at IS NULL AND NOT m.ban_permanent "                     \
    "  AND (m.banned_until IS NULL OR m.banned_until <= now())"
#define KC_COLS_SESSION_GET(C, S)                                             \
    C(S, MEMBER_ID) C(S, ROLE) C(S, FIRST_NAME) C(S, SURNAME) C(S, LANG)      \
    C(S, CSRF_SECRET) C(S, COUNTRY) C(S, AGE_DAYS) C(S, UNREAD) C(S, STALE)
KC_COLUMNS(SESSION_GET)

#define KC_SQL_MEMBER_LOGIN                                                   \
    "SELECT id AS id, password_hash AS password_hash, ban_permanent "         \
    "    OR coalesce(banned_until > now(), false) AS banned, "                \
    "  ban_permanent AS ban_permanent, "                                      \
    "  to_char(banned_until AT TIME ZONE 'Europe/Brussels', "                 \
    "          'YYYY-MM-DD HH24:MI') AS banned_until "                        \
    "FROM members WHERE lower(email) = lower(%s) AND deleted_at IS NULL"
#define KC_COLS_MEMBER_LOGIN(C, S)                                            \
    C(S, ID) C(S, PASSWORD_HASH) C(S, BANNED) C(S, BAN_PERMANENT)             \
    C(S, BANNED_UNTIL)
KC_COLUMNS(MEMBER_LOGIN)

/* $1 labels, $2 member. */
#define KC_SQL_MEMBER_PROFILE                                                 \
    "SELECT m.id AS id, m.first_name AS first_name, m.surname AS surname, "   \
    "  m.expertise AS expertise, m.organisation AS organisation, "            \
    "  m.picture_sha256 IS NOT NULL AS has_picture, m.country AS country, "   \
    "  to_char(m.created_at, 'YYYY-MM-DD') AS member_since, m.role AS role, " \
    "  m.lang AS lang, "                                                      \
    "  (SELECT string_agg(" KC_SQL_LABEL("a.labels", "s.name") ", chr(31) "   \
    "     ORDER BY s.position) FROM member_subjects ms "                      \
    "     JOIN subjects s ON s.id = ms.subject_id "                           \
    "     WHERE ms.member_id = m.id) AS subjects, "                           \
    "  (SELECT string_agg(" KC_SQL_LABEL("a.labels", "v.name") ", chr(31) "   \
    "     ORDER BY v.position) FROM member_levels ml "                        \
    "     JOIN levels v ON v.id = ml.level_id "                               \
    "     WHERE ml.member_id = m.id) AS levels "                              \
    "FROM (SELECT %s::text AS labels) a, members m "                          \
    "WHERE m.id = %s::bigint AND m.deleted_at IS NULL "                       \
    "  AND NOT m.ban_permanent "                                              \
    "  AND (m.banned_until IS NULL OR m.banned_until <= now())"
#define KC_COLS_MEMBER_PROFILE(C, S)                                          \
    C(S, ID) C(S, FIRST_NAME) C(S, SURNAME) C(S, EXPERTISE)                   \
    C(S, ORGANISATION) C(S, HAS_PICTURE) C(S, COUNTRY) C(S, MEMBER_SINCE)     \
    C(S, ROLE) C(S, LANG) C(S, SUBJECTS) C(S, LEVELS)
KC_COLUMNS(MEMBER_PROFILE)

/* Subjects ('s') then levels ('l'), the member's own ones checked.
 * $1 labels, $2 member. */
#define KC_SQL_MEMBER_TAXONOMY                                                \
    "WITH a AS (SELECT %s::text AS labels, %s::bigint AS member) "            \
    "SELECT 's' AS which, s.id AS id, "                                       \
    "  " KC_SQL_LABEL("a.labels", "s.name") " AS name, "                      \
    "  EXISTS (SELECT 1 FROM member_subjects ms WHERE ms.subject_id = s.id "  \
    "          AND ms.member_id = a.member) AS checked, 1 AS part, "          \
    "  s.position AS position "                                               \
    "FROM subjects s, a "                                                     \
    "UNION ALL "                                                              \
    "SELECT 'l', v.id, " KC_SQL_LABEL("a.labels", "v.name") ", "              \
    "  EXISTS (SELECT 1 FROM member_levels ml WHERE ml.level_id = v.id "      \
    "          AND ml.member_id = a.member), 2, v.position "                  \
    "FROM levels v, a ORDER BY 5, 6"
#define KC_COLS_MEMBER_TAXONOMY(C, S)                                         \
    C(S, WHICH) C(S, ID) C(S, NAME) C(S, CHECKED) C(S, PART) C(S, POSITION)
KC_COLUMNS(MEMBER_TAXONOMY)

#define KC_SQL_MEMBER_PICTURE                                                 \
    "SELECT picture_sha256 AS sha256, picture_type AS type FROM members "     \
    "WHERE id = %s::bigint AND deleted_at IS NULL "                           \
    "  AND picture_sha256 IS NOT NULL"
#define KC_COLS_MEMBER_PICTURE(C, S) C(S, SHA256) C(S, TYPE)
KC_COLUMNS(MEMBER_PICTURE)

/* Balance, row count and one page, newest first. $1 member, $2 lang,
 * $3 limit, $4 offset. For 'record:N' subjects the record's title. A
 * row whose DATE is NULL only carries the balance and the count. */
#define KC_SQL_LEDGER_PAGE                                                    \
    "SELECT m.points_balance AS balance, c.total AS total, p.* "              \
    "FROM (SELECT %s::bigint AS member, %s::text AS lang) a "                 \
    "JOIN members m ON m.id = a.member "                                      \
    "CROSS JOIN LATERAL (SELECT count(*) AS total FROM points_ledger "        \
    "  WHERE member_id = a.member) c "                                        \
    "LEFT JOIN LATERAL (SELECT to_char(l.created_at AT TIME ZONE "            \
    "    'Europe/Brussels', 'YYYY-MM-DD HH24:MI') AS date, "                  \
    "    l.event AS event, "                                                  \
    "    " KC_SQL_BYLANG("a.lang", "r.name") " AS event_name, "               \
    "    l.amount AS amount, l.subject AS subject, rec.title AS what, "       \
    "    l.note AS note, l.reward AS reward, c.name AS campaign "             \
    "  FROM points_ledger l JOIN point_rules r ON r.event = l.event "         \
    "  LEFT JOIN point_campaigns c ON c.id = l.campaign_id "                  \
    "  LEFT JOIN records rec ON split_part(l.subject, ':', 1) = 'record' "    \
    "    AND rec.id = CASE WHEN split_part(l.subject, ':', 1) = 'record' "    \
    "      THEN split_part(l.subject, ':', 2)::bigint END "                   \
    "  WHERE l.member_id = a.member "                                         \
    "  ORDER BY l.created_at DESC, l.id DESC "                                \
    "  LIMIT %s::int OFFSET %s::bigint) p ON true"
#define KC_COLS_LEDGER_PAGE(C, S)                                             \
    C(S, BALANCE) C(S, TOTAL) C(S, DATE) C(S, EVENT) C(S, EVENT_NAME)         \
    C(S, AMOUNT) C(S, SUBJECT) C(S, WHAT) C(S, NOTE) C(S, REWARD)             \
    C(S, CAMPAIGN)
KC_COLUMNS(LEDGER_PAGE)

#endif
