/*
 * kc_store_sql.c -- the label table: every SQL statement of the module.
 *
 * Rules: parameters only through apr_dbd placeholders (%s, sent as varchar
 * by the pgsql driver, so cast in SQL where the column is not text); columns
 * listed explicitly (a prepared SELECT * breaks after a migration); labels
 * kc_<noun>_<verb>, unique, since the prepared-statement namespace is shared
 * with other modules on the same connection.
 */
#include "kc_store.h"
#include "kc_sql_records.h"
#include "kc_sql_community.h"
#include "kc_sql_search.h"

#include <apr_lib.h>

static const kc_sql_t kc_sql_table[KC_Q__COUNT] = {
    [KC_Q_PING] = { "kc_db_ping", "SELECT 1", 0, KC_SQL_READ },

    /* One page of published records, newest first, plus the total. The
     * LEFT JOIN keeps one row (with the total) when the page is past the
     * end. $1 labels, $2 limit, $3 offset. */
    [KC_Q_RECORD_PAGE] = { "kc_record_page",
        "SELECT coalesce(t.n, 0), p.* FROM (SELECT %s::text AS labels) a "
        "LEFT JOIN facet_counts t ON t.facet = 'all' AND t.value = '' "
        "LEFT JOIN LATERAL (SELECT " KC_RECORD_SUMMARY_COLS("a.labels")
        "  FROM (SELECT id FROM records WHERE state = 'published' "
        "    ORDER BY published_at DESC, id DESC "
        "    LIMIT %s::int OFFSET %s::bigint) pg "
        "  JOIN records r ON r.id = pg.id "
        "  JOIN record_kinds k ON k.code = r.kind "
        "  JOIN licences l ON l.code = r.licence "
        "  ORDER BY r.published_at DESC, r.id DESC) p ON true",
        3, KC_SQL_READ },

    /* Whether a record exists and may be shown publicly. */
    [KC_Q_RECORD_STATE] = { "kc_record_state",
        "SELECT state FROM records WHERE id = %s::bigint",
        1, KC_SQL_READ },

    /* ---- sessions: only SHA-256 of the token is stored ---------------- */
    /* The live session of a token, its member not deleted or banned, and
     * whether its last-seen time is over a minute old (then the caller
     * refreshes it with kc_session_touch: a read on every request, a write
     * at most once a minute). $1 token, $2 idle seconds. */
    [KC_Q_SESSION_GET] = { "kc_session_get",
        "SELECT s.member_id, m.role, m.first_name, m.surname, m.lang, "
        "  s.csrf_secret, m.country, "
        "  extract(day FROM now() - m.created_at)::int, "
        "  (SELECT count(*) FROM messages g "
        "    WHERE g.recipient_id = s.member_id AND g.read_at IS NULL), "
        "  s.last_seen_at < now() - interval '1 minute' "
        "FROM sessions s JOIN members m ON m.id = s.member_id "
        "WHERE s.token_hash = kc_token_hash(%s) AND s.expires_at > now() "
        "  AND s.last_seen_at > now() - make_interval(secs => %s::int) "
        "  AND m.deleted_at IS NULL AND NOT m.ban_permanent "
        "  AND (m.banned_until IS NULL OR m.banned_until <= now())",
        2, KC_SQL_READ },
    [KC_Q_SESSION_TOUCH] = { "kc_session_touch",
        "UPDATE sessions SET last_seen_at = now() "
        "WHERE token_hash = kc_token_hash(%s) "
        "  AND last_seen_at < now() - interval '1 minute'",
        1, KC_SQL_IDEMPOTENT },
    [KC_Q_SESSION_CREATE] = { "kc_session_create",
        "INSERT INTO sessions (token_hash, member_id, csrf_secret, expires_at, "
        "  ip, user_agent) VALUES (kc_token_hash(%s), %s::bigint, %s, "
        "  now() + make_interval(secs => %s::int), %s, left(%s, 300))",
        6, 0 },
    [KC_Q_SESSION_DELETE] = { "kc_session_delete",
        "DELETE FROM sessions WHERE token_hash = kc_token_hash(%s)",
        1, KC_SQL_IDEMPOTENT },
    [KC_Q_SESSION_DELETE_MEMBER] = { "kc_session_delete_member",
        "DELETE FROM sessions WHERE member_id = %s::bigint",
        1, KC_SQL_IDEMPOTENT },

    /* ---- accounts ----------------------------------------------------------- */
    [KC_Q_MEMBER_REGISTER] = { "kc_member_register",
        "SELECT kc_member_register(%s, %s, %s, %s, %s, %s::date, %s, %s)",
        8, 0 },
    [KC_Q_MEMBER_LOGIN] = { "kc_member_login",
        "SELECT id, password_hash, ban_permanent "
        "    OR coalesce(banned_until > now(), false), ban_permanent, "
        "  to_char(banned_until AT TIME ZONE 'Europe/Brussels', "
        "          'YYYY-MM-DD HH24:MI') "
        "FROM members WHERE lower(email) = lower(%s) AND deleted_at IS NULL",
        1, KC_SQL_READ },
    [KC_Q_LOGIN_THROTTLED] = { "kc_login_throttled",
        "SELECT kc_login_throttled(lower(%s), %s)", 2, KC_SQL_READ },
    [KC_Q_LOGIN_FAILURE] = { "kc_login_failure",
        "INSERT INTO login_failures (email_lower, ip) VALUES (lower(%s), %s)",
        2, 0 },
    /* $1 labels, $2 member. */
    [KC_Q_MEMBER_PROFILE] = { "kc_member_profile",
        "SELECT m.id, m.first_name, m.surname, m.expertise, m.organisation, "
        "  m.picture_sha256 IS NOT NULL, m.country, "
        "  to_char(m.created_at, 'YYYY-MM-DD'), m.role, m.lang, "
        "  (SELECT string_agg(CASE a.labels WHEN 'en' THEN s.name_en "
        "     WHEN 'nl' THEN s.name_nl ELSE s.name_be END, chr(31) "
        "     ORDER BY s.position) FROM member_subjects ms "
        "     JOIN subjects s ON s.id = ms.subject_id "
        "     WHERE ms.member_id = m.id), "
        "  (SELECT string_agg(CASE a.labels WHEN 'en' THEN v.name_en "
        "     WHEN 'nl' THEN v.name_nl ELSE v.name_be END, chr(31) "
        "     ORDER BY v.position) FROM member_levels ml "
        "     JOIN levels v ON v.id = ml.level_id "
        "     WHERE ml.member_id = m.id) "
        "FROM (SELECT %s::text AS labels) a, members m "
        "WHERE m.id = %s::bigint AND m.deleted_at IS NULL "
        "  AND NOT m.ban_permanent "
        "  AND (m.banned_until IS NULL OR m.banned_until <= now())",
        2, KC_SQL_READ },
    /* Subjects ('s') then levels ('l'), the member's own ones checked.
     * $1 labels, $2 member. */
    [KC_Q_MEMBER_TAXONOMY] = { "kc_member_taxonomy",
        "WITH a AS (SELECT %s::text AS labels, %s::bigint AS member) "
        "SELECT 's', s.id, CASE a.labels WHEN 'en' THEN s.name_en "
        "    WHEN 'nl' THEN s.name_nl ELSE s.name_be END, "
        "  EXISTS (SELECT 1 FROM member_subjects ms WHERE ms.subject_id = s.id "
        "          AND ms.member_id = a.member), 1, s.position "
        "FROM subjects s, a "
        "UNION ALL "
        "SELECT 'l', v.id, CASE a.labels WHEN 'en' THEN v.name_en "
        "    WHEN 'nl' THEN v.name_nl ELSE v.name_be END, "
        "  EXISTS (SELECT 1 FROM member_levels ml WHERE ml.level_id = v.id "
        "          AND ml.member_id = a.member), 2, v.position "
        "FROM levels v, a ORDER BY 5, 6",
        2, KC_SQL_READ },
    [KC_Q_MEMBER_UPDATE] = { "kc_member_update",
        "SELECT kc_member_update_profile(%s::bigint, %s, %s, %s, %s, %s, "
        "  %s::int[], %s::int[], %s, %s, %s)",
        11, KC_SQL_IDEMPOTENT },
    [KC_Q_MEMBER_PICTURE] = { "kc_member_picture",
        "SELECT picture_sha256, picture_type FROM members "
        "WHERE id = %s::bigint AND deleted_at IS NULL "
        "  AND picture_sha256 IS NOT NULL",
        1, KC_SQL_READ },
    [KC_Q_MEMBER_PASSWORD_HASH] = { "kc_member_password_hash",
        "SELECT password_hash FROM members "
        "WHERE id = %s::bigint AND deleted_at IS NULL",
        1, KC_SQL_READ },
    /* New hash and the end of every other session, in one statement.
     * $1 hash, $2 member, $3 the token of the session that stays. */
    [KC_Q_MEMBER_PASSWORD_SET] = { "kc_member_password_set",
        "WITH u AS (UPDATE members SET password_hash = %s, "
        "    password_changed_at = now() "
        "  WHERE id = %s::bigint AND deleted_at IS NULL RETURNING id) "
        "DELETE FROM sessions WHERE member_id = (SELECT id FROM u) "
        "  AND token_hash <> kc_token_hash(%s)",
        3, KC_SQL_IDEMPOTENT },
    [KC_Q_MEMBER_DELETE] = { "kc_member_delete",
        "SELECT kc_member_delete(%s::bigint)", 1, KC_SQL_IDEMPOTENT },

    /* ---- the ledger ------------------------------------------------------ */
    /* Balance, row count and one page, newest first. $1 member, $2 lang,
     * $3 limit, $4 offset. For 'record:N' subjects the record's title. */
    [KC_Q_LEDGER_PAGE] = { "kc_ledger_page",
        "SELECT m.points_balance, c.total, p.* "
        "FROM (SELECT %s::bigint AS member, %s::text AS lang) a "
        "JOIN members m ON m.id = a.member "
        "CROSS JOIN LATERAL (SELECT count(*) AS total FROM points_ledger "
        "  WHERE member_id = a.member) c "
        "LEFT JOIN LATERAL (SELECT to_char(l.created_at AT TIME ZONE "
        "    'Europe/Brussels', 'YYYY-MM-DD HH24:MI'), l.event, "
        "    CASE a.lang WHEN 'en' THEN r.name_en ELSE r.name_nl END, "
        "    l.amount, l.subject, rec.title, l.note "
        "  FROM points_ledger l JOIN point_rules r ON r.event = l.event "
        "  LEFT JOIN records rec ON split_part(l.subject, ':', 1) = 'record' "
        "    AND rec.id = CASE WHEN split_part(l.subject, ':', 1) = 'record' "
        "      THEN split_part(l.subject, ':', 2)::bigint END "
        "  WHERE l.member_id = a.member "
        "  ORDER BY l.created_at DESC, l.id DESC "
        "  LIMIT %s::int OFFSET %s::bigint) p ON true",
        4, KC_SQL_READ },

    /* ---- search -------------------------------------------------------------- */
    /* Total and one page: arguments as built by kc_store_record_search(). */
    [KC_Q_RECORD_SEARCH] = { "kc_record_search", KC_SQL_SEARCH, 20,
        KC_SQL_IDEMPOTENT | KC_SQL_ONESHOT },
    /* Facet counts: (facet, value, name, count, position). Each facet is
     * counted with every filter but its own, so the other values of an
     * active facet keep their counts ("what would I get instead"). */
    [KC_Q_RECORD_FACETS] = { "kc_record_facets", KC_SQL_FACETS, KC_FACETS_NARGS,
        KC_SQL_IDEMPOTENT | KC_SQL_ONESHOT },
    /* The two above from their caches: cheap prepared statements first,
     * the big one-shot ones only when these find nothing. */
    [KC_Q_SEARCH_CACHED] = { "kc_search_cached", KC_SQL_SEARCH_CACHED, 2,
        KC_SQL_READ },
    [KC_Q_FACETS_CACHED] = { "kc_facets_cached", KC_SQL_FACETS_CACHED, 1,
        KC_SQL_READ },
    [KC_Q_SEARCH_SUGGEST] = { "kc_search_suggest",
        "SELECT kc_search_suggestion(%s)", 1, KC_SQL_READ },
    /* Which of the filter values exist: one row with a boolean per filter
     * (true also when the filter is not used). */
    [KC_Q_FILTER_CHECK] = { "kc_filter_check",
        "WITH f AS (SELECT nullif(%s::text, '') AS kind, "
        "  nullif(%s::text, '') AS subject, nullif(%s::text, '') AS level, "
        "  nullif(%s::text, '') AS language, nullif(%s::text, '') AS licence) "
        "SELECT f.kind IS NULL OR EXISTS (SELECT 1 FROM record_kinds "
        "    WHERE code = f.kind), "
        "  f.subject IS NULL OR EXISTS (SELECT 1 FROM subjects "
        "    WHERE code = f.subject), "
        "  f.level IS NULL OR EXISTS (SELECT 1 FROM levels "
        "    WHERE code = f.level), "
        "  f.language IS NULL OR EXISTS (SELECT 1 FROM languages "
        "    WHERE code = f.language), "
        "  f.licence IS NULL OR EXISTS (SELECT 1 FROM licences "
        "    WHERE code = f.licence) FROM f",
        5, KC_SQL_READ },

    /* ---- reading ------------------------------------------------------------- */
    /* Pay for a first read (kc_record_unlock): free | already | unlocked |
     * nopoints | notfound. Keyed, so a retry never pays twice. */
    [KC_Q_RECORD_UNLOCK] = { "kc_record_unlock",
        "SELECT kc_record_unlock(%s::bigint, %s::bigint, %s::bigint)",
        3, KC_SQL_IDEMPOTENT },
    /* The whole record for the detail page, if the viewer may see it:
     * published, or the viewer is its author, a moderator or an admin.
     * $1 labels, $2 record, $3 viewer (member id), $4 lang. */
    [KC_Q_RECORD_DETAIL] = { "kc_record_detail",
        "WITH a AS (SELECT %s::text AS labels, %s::bigint AS rec, "
        "  %s::bigint AS viewer, %s::text AS lang) "
        "SELECT " KC_RECORD_SUMMARY_COLS("a.labels") ", "
        "  r.description, r.url, (SELECT string_agg(d.key || chr(30) "
        "    || d.value, chr(31) ORDER BY d.key) "
        "    FROM jsonb_each_text(r.details) d), l.url, r.author_id, "
        "  r.state, r.file_sha256 IS NOT NULL, r.file_name, r.file_size, "
        "  CASE a.lang WHEN 'en' THEN g.name_en ELSE g.name_nl END, "
        "  vm.points_balance, "
        "  EXISTS (SELECT 1 FROM unlocks u WHERE u.member_id = a.viewer "
        "    AND u.record_id = r.id), "
        "  mr.stars, coalesce(mr.explanation, ''), "
        "  EXISTS (SELECT 1 FROM favourites f WHERE f.member_id = a.viewer "
        "    AND f.record_id = r.id), "
        "  EXISTS (SELECT 1 FROM reactions x WHERE x.record_id = r.id "
        "    AND x.deleted_at IS NULL) "
        "FROM a JOIN records r ON r.id = a.rec "
        "LEFT JOIN ratings mr ON mr.record_id = r.id AND mr.member_id = a.viewer "
        "JOIN record_kinds k ON k.code = r.kind "
        "JOIN licences l ON l.code = r.licence "
        "JOIN languages g ON g.code = r.language "
        "LEFT JOIN members vm ON vm.id = a.viewer "
        "WHERE r.state = 'published' OR r.author_id = a.viewer "
        "  OR vm.role IN ('moderator', 'admin')",
        4, KC_SQL_READ },
    /* The file of a record and whether the viewer may download it. */
    [KC_Q_RECORD_FILE] = { "kc_record_file",
        "SELECT r.file_sha256, r.file_type, r.file_name, "
        "  r.author_id = m.id OR m.role IN ('moderator', 'admin') "
        "  OR EXISTS (SELECT 1 FROM unlocks u WHERE u.member_id = m.id "
        "    AND u.record_id = r.id) "
        "FROM records r, members m "
        "WHERE r.id = %s::bigint AND m.id = %s::bigint "
        "  AND r.file_sha256 IS NOT NULL "
        "  AND (r.state = 'published' OR r.author_id = m.id "
        "    OR m.role IN ('moderator', 'admin'))",
        2, KC_SQL_READ },
    [KC_Q_POINT_RULES] = { "kc_point_rules",
        "SELECT event, CASE %s::text WHEN 'en' THEN name_en ELSE name_nl END, "
        "  points, points_max, daily_cap, "
        "  CASE %s::text WHEN 'en' THEN description_en "
        "    ELSE description_nl END "
        "FROM point_rules ORDER BY position",
        2, KC_SQL_READ },

    /* ---- contributing ----------------------------------------------------- */
    [KC_Q_KINDS] = { "kc_kinds",
        "SELECT code, CASE %s::text WHEN 'en' THEN name_en ELSE name_nl END "
        "FROM record_kinds ORDER BY position", 1, KC_SQL_READ },
    [KC_Q_LANGUAGES] = { "kc_languages",
        "SELECT code, CASE %s::text WHEN 'en' THEN name_en ELSE name_nl END "
        "FROM languages ORDER BY position", 1, KC_SQL_READ },
    /* $1 member, $2 kind, $3 title, $4 description, $5 language, $6 licence,
     * $7 url, $8 details, $9 subjects, $10 levels, $11-$14 the file. */
    [KC_Q_CONTRIB_CREATE] = { "kc_contrib_create",
        "SELECT kc_contribution_create(%s::bigint, %s, %s, %s, %s, %s, "
        "  nullif(%s, ''), %s::jsonb, %s::int[], %s::int[], nullif(%s, ''), "
        "  nullif(%s, ''), nullif(%s, ''), nullif(%s, '')::bigint)",
        14, 0 },
    /* $1 member, $2 record, then as create from the title on. */
    [KC_Q_CONTRIB_UPDATE] = { "kc_contrib_update",
        "SELECT kc_contribution_update(%s::bigint, %s::bigint, %s, %s, %s, "
        "  %s, nullif(%s, ''), %s::jsonb, %s::int[], %s::int[], "
        "  nullif(%s, ''), nullif(%s, ''), nullif(%s, ''), "
        "  nullif(%s, '')::bigint)",
        14, KC_SQL_IDEMPOTENT },
    [KC_Q_CONTRIB_WITHDRAW] = { "kc_contrib_withdraw",
        "SELECT kc_contribution_withdraw(%s::bigint, %s::bigint)",
        2, KC_SQL_IDEMPOTENT },
    /* Records that look like a new contribution: the same URL or file, or
     * a very similar published title. $1 url, $2 sha256, $3 title,
     * $4 record to leave out (0 for none). */
    [KC_Q_CONTRIB_DUPLICATES] = { "kc_contrib_duplicates",
        "WITH a AS (SELECT nullif(%s::text, '') AS url, "
        "  nullif(%s::text, '') AS sha, %s::text AS title, "
        "  %s::bigint AS skip) "
        "SELECT r.id, r.title FROM records r, a "
        "WHERE r.id <> a.skip AND r.state IN ('published', 'pending') "
        "  AND (r.url = a.url OR r.file_sha256 = a.sha "
        "    OR (r.state = 'published' AND r.title %% a.title "
        "        AND similarity(r.title, a.title) >= 0.6)) "
        "ORDER BY r.id LIMIT 5",
        4, KC_SQL_READ },
    /* The member's own contributions, newest first, with the reasons. */
    [KC_Q_CONTRIB_MINE] = { "kc_contrib_mine",
        "SELECT r.id, r.title, CASE %s::text WHEN 'en' THEN k.name_en "
        "    ELSE k.name_nl END, r.state, "
        "  to_char(r.submitted_at, 'YYYY-MM-DD'), "
        "  coalesce(r.changes_reason, r.refusal_reason, r.takedown_reason), "
        "  EXISTS (SELECT 1 FROM objections o WHERE o.record_id = r.id) "
        "FROM records r JOIN record_kinds k ON k.code = r.kind "
        "WHERE r.author_id = %s::bigint "
        "ORDER BY r.submitted_at DESC, r.id DESC LIMIT 500",
        2, KC_SQL_READ },
    /* An own contribution for editing. $1 member, $2 record. */
    [KC_Q_CONTRIB_GET] = { "kc_contrib_get",
        "SELECT r.kind, r.title, r.description, r.language, r.licence, "
        "  coalesce(r.url, ''), (SELECT string_agg(d.key || chr(30) "
        "    || d.value, chr(31)) FROM jsonb_each_text(r.details) d), "
        "  (SELECT string_agg(subject_id::text, ',') FROM record_subjects "
        "    WHERE record_id = r.id), "
        "  (SELECT string_agg(level_id::text, ',') FROM record_levels "
        "    WHERE record_id = r.id), r.file_name, r.state "
        "FROM records r WHERE r.id = %s::bigint AND r.author_id = %s::bigint",
        2, KC_SQL_READ },
    [KC_Q_OBJECTION_FILE] = { "kc_objection_file",
        "SELECT kc_objection_file(%s::bigint, %s::bigint, %s)", 3, 0 },
    /* The member's notifications, newest first; reading them marks them
     * read (in the same statement). $1 lang, $2 member. */
    [KC_Q_NOTIFICATIONS] = { "kc_notifications",
        "WITH a AS (SELECT %s::text AS lang, %s::bigint AS member), "
        "n AS (SELECT n.id, n.kind, n.record_id, n.topic_id, "
        "    coalesce(r.title, t.title) AS title, n.reason, "
        "    to_char(n.created_at AT TIME ZONE 'Europe/Brussels', "
        "            'YYYY-MM-DD HH24:MI') AS at, n.read_at IS NULL AS unread "
        "  FROM notifications n LEFT JOIN records r ON r.id = n.record_id "
        "  LEFT JOIN forum_topics t ON t.id = n.topic_id, a "
        "  WHERE n.member_id = a.member ORDER BY n.id DESC LIMIT 200), "
        "mark AS (UPDATE notifications SET read_at = now() "
        "  WHERE id IN (SELECT id FROM n WHERE unread)) "
        "SELECT id, kind, record_id, title, reason, at, unread, topic_id "
        "FROM n ORDER BY id DESC",
        2, KC_SQL_IDEMPOTENT },
    [KC_Q_REPORT_FILE] = { "kc_report_file",
        "SELECT kc_report_file(%s::bigint, %s, %s::bigint, %s, %s)", 5, 0 },
    [KC_Q_LICENCE] = { "kc_licence",
        "SELECT name, url FROM licences WHERE code = %s", 1, KC_SQL_READ },

    /* ---- moderation ----------------------------------------------------------- */
    /* Pending records in the moderator's scope, oldest first, with the
     * contributor's history. $1 lang, $2 moderator. */
    [KC_Q_MOD_QUEUE] = { "kc_mod_queue",
        "WITH a AS (SELECT %s::text AS lang, %s::bigint AS moderator) "
        "SELECT r.id, r.kind, CASE a.lang WHEN 'en' THEN k.name_en "
        "    ELSE k.name_nl END, r.title, r.author_name, r.author_id, "
        "  to_char(r.submitted_at, 'YYYY-MM-DD HH24:MI'), "
        "  EXISTS (SELECT 1 FROM moderation_rounds mr WHERE mr.record_id = r.id "
        "    AND mr.action = 'resubmitted'), "
        "  (SELECT count(*) FROM records p WHERE p.author_id = r.author_id "
        "    AND p.state = 'published'), "
        "  (SELECT count(*) FROM records p WHERE p.author_id = r.author_id "
        "    AND p.state = 'refused') "
        "FROM records r JOIN record_kinds k ON k.code = r.kind, a "
        "WHERE r.state = 'pending' AND kc_in_scope(a.moderator, r.id) "
        "ORDER BY r.submitted_at, r.id LIMIT 200",
        2, KC_SQL_READ },
    /* Open reports, oldest first. */
    [KC_Q_MOD_REPORTS] = { "kc_mod_reports",
        "SELECT p.id, p.reason, p.text, p.target_type, p.target_id, r.title, "
        "  m.first_name || ' ' || m.surname, p.reporter_id, "
        "  to_char(p.created_at, 'YYYY-MM-DD HH24:MI') "
        "FROM reports p JOIN members m ON m.id = p.reporter_id "
        "LEFT JOIN records r ON p.target_type = 'record' AND r.id = p.target_id "
        "WHERE p.closed_at IS NULL ORDER BY p.created_at, p.id LIMIT 200",
        0, KC_SQL_READ },
    /* The names of a moderator's scope. $1 labels, $2 member. */
    [KC_Q_MOD_SCOPE] = { "kc_mod_scope",
        "WITH a AS (SELECT %s::text AS labels, %s::bigint AS member) "
        "SELECT CASE a.labels WHEN 'en' THEN v.name_en WHEN 'nl' THEN v.name_nl "
        "    ELSE v.name_be END FROM moderator_levels ml "
        "  JOIN levels v ON v.id = ml.level_id, a WHERE ml.member_id = a.member "
        "UNION ALL SELECT CASE a.labels WHEN 'en' THEN s.name_en "
        "    WHEN 'nl' THEN s.name_nl ELSE s.name_be END "
        "  FROM moderator_subjects ms JOIN subjects s ON s.id = ms.subject_id, a "
        "  WHERE ms.member_id = a.member",
        2, KC_SQL_READ },
    [KC_Q_MOD_IN_SCOPE] = { "kc_mod_in_scope",
        "SELECT kc_in_scope(%s::bigint, %s::bigint)", 2, KC_SQL_READ },
    /* The rounds of a record, oldest first. $1 lang, $2 record. */
    [KC_Q_RECORD_HISTORY] = { "kc_record_history",
        "SELECT mr.action, coalesce(m.first_name || ' ' || m.surname, ''), "
        "  mr.reason, to_char(mr.created_at, 'YYYY-MM-DD HH24:MI') "
        "FROM moderation_rounds mr LEFT JOIN members m ON m.id = mr.actor_id "
        "WHERE mr.record_id = %s::bigint ORDER BY mr.id",
        1, KC_SQL_READ },
    [KC_Q_RECORD_TAXONOMY_IDS] = { "kc_record_taxonomy_ids",
        "SELECT (SELECT string_agg(subject_id::text, ',') FROM record_subjects "
        "    WHERE record_id = a.id), "
        "  (SELECT string_agg(level_id::text, ',') FROM record_levels "
        "    WHERE record_id = a.id) FROM (SELECT %s::bigint AS id) a",
        1, KC_SQL_READ },
    /* $1 moderator, $2 record, $3 title, $4 description, $5 language,
     * $6 subjects, $7 levels: ok | already | notfound | scope | role. */
    [KC_Q_MOD_APPROVE] = { "kc_mod_approve",
        "SELECT kc_moderate_approve(%s::bigint, %s::bigint, %s, %s, %s, "
        "  %s::int[], %s::int[])", 7, KC_SQL_IDEMPOTENT },
    [KC_Q_MOD_CHANGES] = { "kc_mod_changes",
        "SELECT kc_moderate_changes(%s::bigint, %s::bigint, %s)", 3, 0 },
    [KC_Q_MOD_REFUSE] = { "kc_mod_refuse",
        "SELECT kc_moderate_refuse(%s::bigint, %s::bigint, %s, %s)", 4, 0 },
    [KC_Q_REPORT_CLOSE] = { "kc_report_close",
        "SELECT kc_report_close(%s::bigint, %s::bigint, %s)", 3, 0 },

    /* ---- platform team ------------------------------------------------------- */
    [KC_Q_ADMIN_COUNTS] = { "kc_admin_counts",
        "SELECT (SELECT count(*) FROM objections WHERE decided_at IS NULL), "
        "  (SELECT count(*) FROM reports WHERE closed_at IS NULL), "
        "  (SELECT count(*) FROM records WHERE state = 'pending')",
        0, KC_SQL_READ },
    [KC_Q_ADMIN_OBJECTIONS] = { "kc_admin_objections",
        "SELECT o.record_id, r.title, coalesce(r.refusal_code, ''), "
        "  coalesce(r.refusal_reason, ''), o.text, "
        "  m.first_name || ' ' || m.surname, o.member_id, "
        "  to_char(o.created_at, 'YYYY-MM-DD HH24:MI') "
        "FROM objections o JOIN records r ON r.id = o.record_id "
        "JOIN members m ON m.id = o.member_id "
        "WHERE o.decided_at IS NULL ORDER BY o.created_at LIMIT 200",
        0, KC_SQL_READ },
    [KC_Q_OBJECTION_DECIDE] = { "kc_objection_decide",
        "SELECT kc_objection_decide(%s::bigint, %s::bigint, %s, %s)", 4, 0 },
    /* $1 lang, $2 record. */
    [KC_Q_ADMIN_RECORD] = { "kc_admin_record",
        "SELECT r.id, r.title, CASE %s::text WHEN 'en' THEN k.name_en "
        "    ELSE k.name_nl END, r.author_name, r.author_id, r.state, "
        "  to_char(r.submitted_at, 'YYYY-MM-DD HH24:MI'), "
        "  to_char(r.published_at, 'YYYY-MM-DD HH24:MI') "
        "FROM records r JOIN record_kinds k ON k.code = r.kind "
        "WHERE r.id = %s::bigint",
        2, KC_SQL_READ },
    [KC_Q_RECORD_TAKEDOWN] = { "kc_record_takedown",
        "SELECT kc_record_takedown(%s::bigint, %s::bigint, %s)", 3, 0 },
    [KC_Q_RECORD_RESTORE] = { "kc_record_restore",
        "SELECT kc_record_restore(%s::bigint, %s::bigint)", 2, 0 },
    [KC_Q_RECORD_REMOVE] = { "kc_record_remove",
        "SELECT kc_record_remove(%s::bigint, %s::bigint, %s)", 3, 0 },
    /* Members whose name or e-mail contains $1 (no LIKE: no pattern
     * characters to escape). */
    [KC_Q_ADMIN_MEMBERS] = { "kc_admin_members",
        "SELECT id, first_name || ' ' || surname, coalesce(email, ''), role, "
        "  ban_permanent OR coalesce(banned_until > now(), false) "
        "FROM members WHERE strpos(lower(first_name || ' ' || surname || ' ' "
        "  || coalesce(email, '')), lower(%s)) > 0 "
        "ORDER BY surname, first_name, id LIMIT 51",
        1, KC_SQL_READ },
    [KC_Q_ADMIN_MEMBER] = { "kc_admin_member",
        "SELECT id, first_name || ' ' || surname, coalesce(email, ''), role, "
        "  ban_permanent OR coalesce(banned_until > now(), false), "
        "  to_char(banned_until AT TIME ZONE 'Europe/Brussels', 'YYYY-MM-DD'), "
        "  ban_permanent, coalesce(ban_reason, ''), deleted_at IS NOT NULL "
        "FROM members WHERE id = %s::bigint",
        1, KC_SQL_READ },
    [KC_Q_MEMBER_SCOPE_IDS] = { "kc_member_scope_ids",
        "SELECT (SELECT string_agg(level_id::text, ',') FROM moderator_levels "
        "    WHERE member_id = a.id), "
        "  (SELECT string_agg(subject_id::text, ',') FROM moderator_subjects "
        "    WHERE member_id = a.id) FROM (SELECT %s::bigint AS id) a",
        1, KC_SQL_READ },
    /* $1 admin, $2 member, $3 until (date or NULL), $4 permanent, $5 reason. */
    [KC_Q_MEMBER_BAN] = { "kc_member_ban",
        "SELECT kc_member_ban(%s::bigint, %s::bigint, "
        "  (nullif(%s, '')::date + 1)::timestamp AT TIME ZONE 'Europe/Brussels', "
        "  %s::boolean, %s)", 5, 0 },
    [KC_Q_MEMBER_UNBAN] = { "kc_member_unban",
        "SELECT kc_member_unban(%s::bigint, %s::bigint)", 2, 0 },
    [KC_Q_MEMBER_SET_ROLE] = { "kc_member_set_role",
        "SELECT kc_member_set_role(%s::bigint, %s::bigint, %s)", 3, 0 },
    [KC_Q_MEMBER_SET_SCOPE] = { "kc_member_set_scope",
        "SELECT kc_moderator_set_scope(%s::bigint, %s::bigint, %s::int[], "
        "  %s::int[])", 4, 0 },
    /* The audit log, newest first. $1 actor (0: all), $2 action ('' all),
     * $3 limit, $4 offset. The first column is the total. */
    [KC_Q_AUDIT_PAGE] = { "kc_audit_page",
        "WITH a AS (SELECT %s::bigint AS actor, nullif(%s::text, '') AS action), "
        "f AS (SELECT l.* FROM audit_log l, a "
        "  WHERE (a.actor = 0 OR l.actor_id = a.actor) "
        "    AND (a.action IS NULL OR l.action = a.action)) "
        "SELECT (SELECT count(*) FROM f), p.* FROM (SELECT 1) one "
        "LEFT JOIN LATERAL (SELECT to_char(f.at AT TIME ZONE 'Europe/Brussels', "
        "    'YYYY-MM-DD HH24:MI:SS'), "
        "  coalesce(m.first_name || ' ' || m.surname, ''), f.actor_id, "
        "  f.action, f.target_type, f.target_id, coalesce(f.reason, ''), "
        "  CASE WHEN f.details = '{}'::jsonb THEN '' ELSE f.details::text END "
        "  FROM f LEFT JOIN members m ON m.id = f.actor_id "
        "  ORDER BY f.at DESC, f.id DESC "
        "  LIMIT %s::int OFFSET %s::bigint) p ON true",
        4, KC_SQL_READ },
    /* ---- community (SQL text in kc_sql_community.h) --------------------------- */
    [KC_Q_REACTIONS] = { "kc_reactions", KC_SQL_REACTIONS, 2, KC_SQL_READ },
    [KC_Q_FORUM_TOPICS] = { "kc_forum_topics", KC_SQL_FORUM_TOPICS, 6, KC_SQL_READ },
    [KC_Q_FORUM_TOPIC] = { "kc_forum_topic", KC_SQL_FORUM_TOPIC, 2, KC_SQL_READ },
    [KC_Q_FORUM_POSTS] = { "kc_forum_posts", KC_SQL_FORUM_POSTS, 2, KC_SQL_READ },
    [KC_Q_FORUM_CATEGORIES] = { "kc_forum_categories", KC_SQL_FORUM_CATEGORIES, 1, KC_SQL_READ },
    [KC_Q_FEED] = { "kc_feed", KC_SQL_FEED, 4, KC_SQL_READ },
    /* Saved records as summaries. $1 labels, $2 member. */
    [KC_Q_FAVOURITES] = { "kc_favourites",
        "SELECT " KC_RECORD_SUMMARY_COLS("a.labels")
        "FROM (SELECT %s::text AS labels, %s::bigint AS member) a "
        "JOIN favourites f ON f.member_id = a.member "
        "JOIN records r ON r.id = f.record_id AND r.state = 'published' "
        "JOIN record_kinds k ON k.code = r.kind "
        "JOIN licences l ON l.code = r.licence "
        "ORDER BY f.created_at DESC LIMIT 500", 2, KC_SQL_READ },
    [KC_Q_THREADS] = { "kc_threads", KC_SQL_THREADS, 1, KC_SQL_READ },
    [KC_Q_THREAD] = { "kc_thread", KC_SQL_THREAD, 2, KC_SQL_IDEMPOTENT },
    [KC_Q_RELATION] = { "kc_relation", KC_SQL_RELATION, 2, KC_SQL_READ },
    [KC_Q_MEMBER_SEARCH] = { "kc_member_search", KC_SQL_MEMBER_SEARCH, 7, KC_SQL_READ },
    [KC_Q_ORGANISATION] = { "kc_organisation", KC_SQL_ORGANISATION, 2, KC_SQL_READ },
    /* An organisation's published records. $1 labels, $2 member. */
    [KC_Q_ORG_RECORDS] = { "kc_org_records",
        "SELECT " KC_RECORD_SUMMARY_COLS("a.labels")
        "FROM (SELECT %s::text AS labels, %s::bigint AS member) a "
        "JOIN records r ON (r.organisation_id = a.member "
        "  OR r.author_id = a.member) AND r.state = 'published' "
        "JOIN record_kinds k ON k.code = r.kind "
        "JOIN licences l ON l.code = r.licence "
        "ORDER BY r.published_at DESC, r.id DESC LIMIT 50", 2, KC_SQL_READ },
    [KC_Q_PROVINCES] = { "kc_provinces", KC_SQL_PROVINCES, 1, KC_SQL_READ },
    [KC_Q_TRAINING] = { "kc_training", KC_SQL_TRAINING, 6, KC_SQL_READ },
    [KC_Q_CALENDAR] = { "kc_calendar", KC_SQL_CALENDAR, 2, KC_SQL_READ },
    /* The actions: one SQL function each (006_community.sql). */
    [KC_Q_REACTION_ADD] = { "kc_reaction_add",
        "SELECT kc_reaction_add(%s::bigint, %s::bigint, %s, %s)", 4, 0 },
    [KC_Q_REACTION_EDIT] = { "kc_reaction_edit",
        "SELECT kc_reaction_edit(%s::bigint, %s::bigint, %s, %s)", 4, 0 },
    [KC_Q_REACTION_DELETE] = { "kc_reaction_delete",
        "SELECT kc_reaction_delete(%s::bigint, %s::bigint)", 2, KC_SQL_IDEMPOTENT },
    [KC_Q_RATING_SET] = { "kc_rating_set",
        "SELECT kc_rating_set(%s::bigint, %s::bigint, %s::int, %s)", 4, 0 },
    [KC_Q_FAVOURITE_SET] = { "kc_favourite_set",
        "SELECT kc_favourite_set(%s::bigint, %s::bigint, %s::boolean)", 3,
        KC_SQL_IDEMPOTENT },
    [KC_Q_RECOMMEND] = { "kc_recommend",
        "SELECT kc_recommend(%s::bigint, %s::bigint, %s, %s, %s)", 5, 0 },
    [KC_Q_OUTBOX_CLAIM] = { "kc_outbox_claim",
        "SELECT id, to_address, subject, body FROM kc_outbox_claim(%s::int)",
        1, 0 },
    [KC_Q_OUTBOX_DONE] = { "kc_outbox_done",
        "SELECT kc_outbox_done(%s::bigint, nullif(%s, ''))", 2,
        KC_SQL_IDEMPOTENT },
    [KC_Q_TOPIC_ADD] = { "kc_topic_add",
        "SELECT kc_forum_topic_add(%s::bigint, %s, %s, %s, %s)", 5, 0 },
    [KC_Q_ANSWER_ADD] = { "kc_answer_add",
        "SELECT kc_forum_answer_add(%s::bigint, %s::bigint, %s, %s)", 4, 0 },
    [KC_Q_THUMB] = { "kc_thumb",
        "SELECT kc_forum_thumb(%s::bigint, %s::bigint)", 2, 0 },
    [KC_Q_ACCEPT] = { "kc_accept",
        "SELECT kc_forum_accept(%s::bigint, %s::bigint, %s::bigint)", 3,
        KC_SQL_IDEMPOTENT },
    [KC_Q_POST_DELETE] = { "kc_post_delete",
        "SELECT kc_forum_post_delete(%s::bigint, %s::bigint)", 2,
        KC_SQL_IDEMPOTENT },
    [KC_Q_TOPIC_DELETE] = { "kc_topic_delete",
        "SELECT kc_forum_topic_delete(%s::bigint, %s::bigint)", 2,
        KC_SQL_IDEMPOTENT },
    [KC_Q_MODERATE_POST] = { "kc_moderate_post",
        "SELECT kc_moderate_post(%s::bigint, %s, %s::bigint, %s, "
        "  nullif(%s, ''), %s)", 6, 0 },
    [KC_Q_FOLLOW_SET] = { "kc_follow_set",
        "SELECT kc_follow_set(%s::bigint, %s::bigint, %s::boolean)", 3,
        KC_SQL_IDEMPOTENT },
    [KC_Q_BLOCK_SET] = { "kc_block_set",
        "SELECT kc_block_set(%s::bigint, %s::bigint, %s::boolean)", 3,
        KC_SQL_IDEMPOTENT },
    [KC_Q_MESSAGE_SEND] = { "kc_message_send",
        "SELECT kc_message_send(%s::bigint, %s::bigint, %s, %s)", 4, 0 },
    [KC_Q_ORG_SAVE] = { "kc_org_save",
        "SELECT kc_org_profile_save(%s::bigint, %s, %s, %s, %s, "
        "  nullif(%s, ''), nullif(%s, ''), %s)", 8, KC_SQL_IDEMPOTENT },
    [KC_Q_REACTION_RECORD] = { "kc_reaction_record",
        "SELECT record_id FROM reactions WHERE id = %s::bigint", 1,
        KC_SQL_READ },
    [KC_Q_RECORD_TITLE] = { "kc_record_title",
        "SELECT title FROM records WHERE id = %s::bigint "
        "AND state = 'published'", 1, KC_SQL_READ },
    /* Subjects ('s') then levels ('l') as code and name. $1 labels. */
    [KC_Q_TAXONOMY_CODES] = { "kc_taxonomy_codes",
        "WITH a AS (SELECT %s::text AS labels) "
        "SELECT 's', s.code, CASE a.labels WHEN 'en' THEN s.name_en "
        "    WHEN 'nl' THEN s.name_nl ELSE s.name_be END, 1, s.position "
        "FROM subjects s, a UNION ALL "
        "SELECT 'l', v.code, CASE a.labels WHEN 'en' THEN v.name_en "
        "    WHEN 'nl' THEN v.name_nl ELSE v.name_be END, 2, v.position "
        "FROM levels v, a ORDER BY 4, 5", 1, KC_SQL_READ },
    [KC_Q_RECOMMEND_TOPIC] = { "kc_recommend_topic",
        "SELECT kc_recommend_topic(%s::bigint, %s::bigint, %s, %s, %s)", 5, 0 },
};

const kc_sql_t *kc_store_sql(kc_query_id_t id)
{
    return &kc_sql_table[id];
}

const kc_sql_t *kc_store_sql_by_label(const char *label)
{
    int i;
    for (i = 0; i < KC_Q__COUNT; i++) {
        if (kc_sql_table[i].label && strcmp(kc_sql_table[i].label, label) == 0) {
            return &kc_sql_table[i];
        }
    }
    return NULL;
}
