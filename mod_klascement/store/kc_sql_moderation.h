/*
 * kc_sql_moderation.h -- SQL text and column lists of the moderation and
 * platform-team statements that return rows (the label table in
 * kc_store_sql.c, the readers in kc_store_moderation.c).
 */
#ifndef KC_SQL_MODERATION_H
#define KC_SQL_MODERATION_H

#include "kc_sql.h"

/* Pending records in the moderator's scope, oldest first, with the
 * contributor's history. $1 lang, $2 moderator. */
#define KC_SQL_MOD_QUEUE                                                      \
    "WITH a AS (SELECT %s::text AS lang, %s::bigint AS moderator) "           \
    "SELECT r.id, r.kind, " KC_SQL_BYLANG("a.lang", "k.name") " AS kind_name, "\
    "  r.title, r.author_name, r.author_id, "                                 \
    "  to_char(r.submitted_at, 'YYYY-MM-DD HH24:MI') AS submitted, "          \
    "  EXISTS (SELECT 1 FROM moderation_rounds mr WHERE mr.record_id = r.id " \
    "    AND mr.action = 'resubmitted') AS resubmitted, "                     \
    "  (SELECT count(*) FROM records p WHERE p.author_id = r.author_id "      \
    "    AND p.state = 'published') AS published_count, "                     \
    "  (SELECT count(*) FROM records p WHERE p.author_id = r.author_id "      \
    "    AND p.state = 'refused') AS refused_count "                          \
    "FROM records r JOIN record_kinds k ON k.code = r.kind, a "               \
    "WHERE r.state = 'pending' AND kc_in_scope(a.moderator, r.id) "           \
    "ORDER BY r.submitted_at, r.id LIMIT 200"
#define KC_COLS_MOD_QUEUE(C, S)                                               \
    C(S, ID) C(S, KIND) C(S, KIND_NAME) C(S, TITLE) C(S, AUTHOR_NAME)         \
    C(S, AUTHOR_ID) C(S, SUBMITTED) C(S, RESUBMITTED) C(S, PUBLISHED_COUNT)   \
    C(S, REFUSED_COUNT)
KC_COLUMNS(MOD_QUEUE)

/* One page of the open reports a moderator may close (kc_report_in_scope:
 * a record's scope; forum posts only for the unscoped), with their total.
 * $1 moderator, $2 'newest' (newest first) or anything else (oldest
 * first), $3 limit, $4 offset. */
#define KC_SQL_MOD_REPORTS                                                    \
    "WITH a AS (SELECT %s::bigint AS moderator, %s::text AS sort, "           \
    "  %s::int AS lim, %s::int AS off) "                                      \
    "SELECT p.id, p.reason, p.text, p.target_type, p.target_id, "             \
    "  r.title AS target_title, "                                             \
    "  coalesce(m.first_name || ' ' || m.surname, '') AS reporter_name, "     \
    "  p.reporter_id, "                                                       \
    "  to_char(p.created_at, 'YYYY-MM-DD HH24:MI') AS date, "                 \
    "  count(*) OVER () AS total "                                            \
    "FROM a, reports p LEFT JOIN members m ON m.id = p.reporter_id "          \
    "LEFT JOIN records r ON p.target_type = 'record' AND r.id = p.target_id " \
    "WHERE p.closed_at IS NULL "                                              \
    "  AND kc_report_in_scope(a.moderator, p.target_type, p.target_id) "      \
    "ORDER BY CASE WHEN a.sort = 'newest' THEN p.created_at END DESC, "       \
    "  CASE WHEN a.sort = 'newest' THEN p.id END DESC, p.created_at, p.id "   \
    "LIMIT (SELECT lim FROM a) OFFSET (SELECT off FROM a)"
#define KC_COLS_MOD_REPORTS(C, S)                                             \
    C(S, ID) C(S, REASON) C(S, TEXT) C(S, TARGET_TYPE) C(S, TARGET_ID)        \
    C(S, TARGET_TITLE) C(S, REPORTER_NAME) C(S, REPORTER_ID) C(S, DATE)       \
    C(S, TOTAL)
KC_COLUMNS(MOD_REPORTS)

/* The names of a moderator's scope (one column). $1 labels, $2 member. */
#define KC_SQL_MOD_SCOPE                                                      \
    "WITH a AS (SELECT %s::text AS labels, %s::bigint AS member) "            \
    "SELECT " KC_SQL_LABEL("a.labels", "v.name") " FROM moderator_levels ml " \
    "  JOIN levels v ON v.id = ml.level_id, a WHERE ml.member_id = a.member " \
    "UNION ALL SELECT " KC_SQL_LABEL("a.labels", "s.name") " "                \
    "  FROM moderator_subjects ms JOIN subjects s ON s.id = ms.subject_id, a "\
    "  WHERE ms.member_id = a.member"

/* The rounds of a record, oldest first. $1 record. */
#define KC_SQL_RECORD_HISTORY                                                 \
    "SELECT mr.action, coalesce(m.first_name || ' ' || m.surname, '') "       \
    "    AS actor_name, mr.reason, "                                          \
    "  to_char(mr.created_at, 'YYYY-MM-DD HH24:MI') AS date "                 \
    "FROM moderation_rounds mr LEFT JOIN members m ON m.id = mr.actor_id "    \
    "WHERE mr.record_id = %s::bigint ORDER BY mr.id"
#define KC_COLS_RECORD_HISTORY(C, S)                                          \
    C(S, ACTION) C(S, ACTOR_NAME) C(S, REASON) C(S, DATE)
KC_COLUMNS(RECORD_HISTORY)

/* Comma-separated ids of a record's subjects and levels, and its version
 * (what the review form carries). $1 record. */
#define KC_SQL_RECORD_TAXONOMY_IDS                                            \
    "SELECT (SELECT string_agg(subject_id::text, ',') FROM record_subjects "  \
    "    WHERE record_id = a.id) AS subjects, "                               \
    "  (SELECT string_agg(level_id::text, ',') FROM record_levels "           \
    "    WHERE record_id = a.id) AS levels, "                                 \
    "  (SELECT version FROM records WHERE id = a.id) AS version "              \
    "FROM (SELECT %s::bigint AS id) a"
#define KC_COLS_RECORD_TAXONOMY_IDS(C, S) C(S, SUBJECTS) C(S, LEVELS) C(S, VERSION)
KC_COLUMNS(RECORD_TAXONOMY_IDS)

#define KC_SQL_ADMIN_COUNTS                                                   \
    "SELECT (SELECT count(*) FROM objections WHERE decided_at IS NULL) "      \
    "    AS objections, "                                                     \
    "  (SELECT count(*) FROM reports WHERE closed_at IS NULL) AS reports, "   \
    "  (SELECT count(*) FROM records WHERE state = 'pending') AS pending"
#define KC_COLS_ADMIN_COUNTS(C, S) C(S, OBJECTIONS) C(S, REPORTS) C(S, PENDING)
KC_COLUMNS(ADMIN_COUNTS)

#define KC_SQL_ADMIN_OBJECTIONS                                               \
    "SELECT o.record_id, r.title AS record_title, "                           \
    "  coalesce(r.refusal_code, '') AS refusal_code, "                        \
    "  coalesce(r.refusal_reason, '') AS refusal_reason, o.text, "            \
    "  m.first_name || ' ' || m.surname AS member_name, o.member_id, "        \
    "  to_char(o.created_at, 'YYYY-MM-DD HH24:MI') AS date "                  \
    "FROM objections o JOIN records r ON r.id = o.record_id "                 \
    "JOIN members m ON m.id = o.member_id "                                   \
    "WHERE o.decided_at IS NULL ORDER BY o.created_at LIMIT 200"
#define KC_COLS_ADMIN_OBJECTIONS(C, S)                                        \
    C(S, RECORD_ID) C(S, RECORD_TITLE) C(S, REFUSAL_CODE)                     \
    C(S, REFUSAL_REASON) C(S, TEXT) C(S, MEMBER_NAME) C(S, MEMBER_ID)         \
    C(S, DATE)
KC_COLUMNS(ADMIN_OBJECTIONS)

/* $1 lang, $2 record. */
#define KC_SQL_ADMIN_RECORD                                                   \
    "SELECT r.id, r.title, " KC_SQL_BYLANG("%s::text", "k.name")              \
    "    AS kind_name, r.author_name, r.author_id, r.state, "                 \
    "  to_char(r.submitted_at, 'YYYY-MM-DD HH24:MI') AS submitted, "          \
    "  to_char(r.published_at, 'YYYY-MM-DD HH24:MI') AS published "           \
    "FROM records r JOIN record_kinds k ON k.code = r.kind "                  \
    "WHERE r.id = %s::bigint"
#define KC_COLS_ADMIN_RECORD(C, S)                                            \
    C(S, ID) C(S, TITLE) C(S, KIND_NAME) C(S, AUTHOR_NAME) C(S, AUTHOR_ID)    \
    C(S, STATE) C(S, SUBMITTED) C(S, PUBLISHED)
KC_COLUMNS(ADMIN_RECORD)

/* A member as the team's lists show them; kc_admin_member adds to it. */
#define KC_ADMIN_MEMBER_SQL                                                   \
    "SELECT id, first_name || ' ' || surname AS name, "                       \
    "  coalesce(email, '') AS email, role, "                                  \
    "  ban_permanent OR coalesce(banned_until > now(), false) AS banned"
#define KC_ADMIN_MEMBER_COLS(C, S)                                            \
    C(S, ID) C(S, NAME) C(S, EMAIL) C(S, ROLE) C(S, BANNED)

/* Members whose name or e-mail contains $1 (no LIKE: no pattern
 * characters to escape). */
#define KC_SQL_ADMIN_MEMBERS                                                  \
    KC_ADMIN_MEMBER_SQL " "                                                   \
    "FROM members WHERE strpos(lower(first_name || ' ' || surname || ' ' "    \
    "  || coalesce(email, '')), lower(%s)) > 0 "                              \
    "ORDER BY surname, first_name, id LIMIT 51"
#define KC_COLS_ADMIN_MEMBERS(C, S) KC_ADMIN_MEMBER_COLS(C, S)
KC_COLUMNS(ADMIN_MEMBERS)

#define KC_SQL_ADMIN_MEMBER                                                   \
    KC_ADMIN_MEMBER_SQL ", "                                                  \
    "  to_char(banned_until AT TIME ZONE 'Europe/Brussels', 'YYYY-MM-DD') "   \
    "    AS banned_until, "                                                   \
    "  ban_permanent, coalesce(ban_reason, '') AS ban_reason, "               \
    "  deleted_at IS NOT NULL AS deleted "                                    \
    "FROM members WHERE id = %s::bigint"
#define KC_COLS_ADMIN_MEMBER(C, S) KC_ADMIN_MEMBER_COLS(C, S)                 \
    C(S, BANNED_UNTIL) C(S, BAN_PERMANENT) C(S, BAN_REASON) C(S, DELETED)
KC_COLUMNS(ADMIN_MEMBER)

/* Comma-separated ids of a moderator's levels and subjects. $1 member. */
#define KC_SQL_MEMBER_SCOPE_IDS                                               \
    "SELECT (SELECT string_agg(level_id::text, ',') FROM moderator_levels "   \
    "    WHERE member_id = a.id) AS levels, "                                 \
    "  (SELECT string_agg(subject_id::text, ',') FROM moderator_subjects "    \
    "    WHERE member_id = a.id) AS subjects "                                \
    "FROM (SELECT %s::bigint AS id) a"
#define KC_COLS_MEMBER_SCOPE_IDS(C, S) C(S, LEVELS) C(S, SUBJECTS)
KC_COLUMNS(MEMBER_SCOPE_IDS)

/* The audit log, newest first. $1 actor (0: all), $2 action ('' all),
 * $3 limit, $4 offset. The total on every row; a row whose DATE is NULL
 * only carries it. */
#define KC_SQL_AUDIT_PAGE                                                     \
    "WITH a AS (SELECT %s::bigint AS actor, nullif(%s::text, '') AS action), "\
    "f AS (SELECT l.* FROM audit_log l, a "                                   \
    "  WHERE (a.actor = 0 OR l.actor_id = a.actor) "                          \
    "    AND (a.action IS NULL OR l.action = a.action)) "                     \
    "SELECT (SELECT count(*) FROM f) AS total, p.* FROM (SELECT 1) one "      \
    "LEFT JOIN LATERAL (SELECT to_char(f.at AT TIME ZONE 'Europe/Brussels', " \
    "    'YYYY-MM-DD HH24:MI:SS') AS date, "                                  \
    "  coalesce(m.first_name || ' ' || m.surname, '') AS actor_name, "        \
    "  f.actor_id, f.action, f.target_type, f.target_id, "                    \
    "  coalesce(f.reason, '') AS reason, "                                    \
    "  CASE WHEN f.details = '{}'::jsonb THEN '' ELSE f.details::text END "   \
    "    AS details "                                                         \
    "  FROM f LEFT JOIN members m ON m.id = f.actor_id "                      \
    "  ORDER BY f.at DESC, f.id DESC "                                        \
    "  LIMIT %s::int OFFSET %s::bigint) p ON true"
#define KC_COLS_AUDIT_PAGE(C, S)                                              \
    C(S, TOTAL) C(S, DATE) C(S, ACTOR_NAME) C(S, ACTOR_ID) C(S, ACTION)       \
    C(S, TARGET_TYPE) C(S, TARGET_ID) C(S, REASON) C(S, DETAILS)
KC_COLUMNS(AUDIT_PAGE)

#endif
