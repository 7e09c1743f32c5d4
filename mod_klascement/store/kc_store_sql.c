/*
 * kc_store_sql.c -- the label table: every SQL statement of the module.
 * The statements that return rows keep their SQL text beside their column
 * lists in kc_sql_<area>.h (kc_sql.h says how); the actions and writes
 * are written here.
 *
 * Rules: parameters only through apr_dbd placeholders (%s, sent as varchar
 * by the pgsql driver, so cast in SQL where the column is not text); columns
 * listed explicitly (a prepared SELECT * breaks after a migration); labels
 * kc_<noun>_<verb>, unique, since the prepared-statement namespace is shared
 * with other modules on the same connection.
 */
#include "kc_store.h"
#include "kc_sql.h"
#include "kc_sql_records.h"
#include "kc_sql_search.h"
#include "kc_sql_members.h"
#include "kc_sql_contrib.h"
#include "kc_sql_moderation.h"
#include "kc_sql_community.h"
#include "kc_sql_points.h"
#include "kc_sql_jobs.h"
#include "kc_sql_oai.h"
#include "kc_sql_themes.h"
#include "kc_sql_webinars.h"
#include "kc_sql_foryou.h"
#include "kc_sql_vocab.h"
#include "kc_sql_feeds.h"
#include "kc_sql_analytics.h"
#include "kc_sql_newsletter.h"
#include "kc_sql_synonyms.h"

#include <apr_lib.h>

static const kc_sql_t kc_sql_table[KC_Q__COUNT] = {
    [KC_Q_PING] = { "kc_db_ping", "SELECT 1", 0, KC_SQL_READ, KC_ONE_VALUE },

    [KC_Q_RECORD_PAGE] = { "kc_record_page", KC_SQL_RECORD_PAGE, 3,
        KC_SQL_READ, KC_ROWS(PAGE) },

    /* Whether a record exists and may be shown publicly. */
    [KC_Q_RECORD_STATE] = { "kc_record_state",
        "SELECT state FROM records WHERE id = %s::bigint",
        1, KC_SQL_READ, KC_ONE_VALUE },

    /* ---- sessions: only SHA-256 of the token is stored ---------------- */
    [KC_Q_SESSION_GET] = { "kc_session_get", KC_SQL_SESSION_GET, 2,
        KC_SQL_READ, KC_ROWS(SESSION_GET) },
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
        8, 0, KC_ONE_VALUE },
    [KC_Q_MEMBER_LOGIN] = { "kc_member_login", KC_SQL_MEMBER_LOGIN, 1,
        KC_SQL_READ, KC_ROWS(MEMBER_LOGIN) },
    /* Decide and record a login attempt before bcrypt runs: 'ok:<id>',
     * 'throttled' or 'slowdown' (sql/functions/accounts.sql). Not retried:
     * a repeat would count the attempt twice. $3 KlasCementLoginThrottleIP. */
    [KC_Q_LOGIN_ATTEMPT] = { "kc_login_attempt",
        "SELECT kc_login_attempt(lower(%s), %s, %s::int)", 3, 0,
        KC_ONE_VALUE },
    [KC_Q_LOGIN_CLEARED] = { "kc_login_cleared",
        "SELECT kc_login_cleared(%s::bigint)", 1, KC_SQL_IDEMPOTENT,
        KC_ONE_VALUE },
    [KC_Q_MEMBER_PROFILE] = { "kc_member_profile", KC_SQL_MEMBER_PROFILE, 2,
        KC_SQL_READ, KC_ROWS(MEMBER_PROFILE) },
    [KC_Q_MEMBER_TAXONOMY] = { "kc_member_taxonomy", KC_SQL_MEMBER_TAXONOMY, 2,
        KC_SQL_READ, KC_ROWS(MEMBER_TAXONOMY) },
    [KC_Q_MEMBER_UPDATE] = { "kc_member_update",
        "SELECT kc_member_update_profile(%s::bigint, %s, %s, %s, %s, %s, "
        "  %s::int[], %s::int[], %s, %s, %s)",
        11, KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_MEMBER_PICTURE] = { "kc_member_picture", KC_SQL_MEMBER_PICTURE, 1,
        KC_SQL_READ, KC_ROWS(MEMBER_PICTURE) },
    [KC_Q_MEMBER_PASSWORD_HASH] = { "kc_member_password_hash",
        "SELECT password_hash FROM members "
        "WHERE id = %s::bigint AND deleted_at IS NULL",
        1, KC_SQL_READ, KC_ONE_VALUE },
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
        "SELECT kc_member_delete(%s::bigint)", 1, KC_SQL_IDEMPOTENT,
        KC_ONE_VALUE },

    /* ---- the ledger ------------------------------------------------------ */
    [KC_Q_LEDGER_PAGE] = { "kc_ledger_page", KC_SQL_LEDGER_PAGE, 4,
        KC_SQL_READ, KC_ROWS(LEDGER_PAGE) },

    /* ---- search -------------------------------------------------------------- */
    /* Total and one page: arguments as built by kc_store_record_search(). */
    [KC_Q_RECORD_SEARCH] = { "kc_record_search", KC_SQL_SEARCH, 20,
        KC_SQL_IDEMPOTENT | KC_SQL_ONESHOT, KC_ROWS(PAGE) },
    /* Facet counts: (facet, value, name, count, position). Each facet is
     * counted with every filter but its own, so the other values of an
     * active facet keep their counts ("what would I get instead"). */
    [KC_Q_RECORD_FACETS] = { "kc_record_facets", KC_SQL_FACETS, KC_FACETS_NARGS,
        KC_SQL_IDEMPOTENT | KC_SQL_ONESHOT, KC_ROWS(FACETS) },
    /* The two above from their caches: cheap prepared statements first,
     * the big one-shot ones only when these find nothing. */
    [KC_Q_SEARCH_CACHED] = { "kc_search_cached", KC_SQL_SEARCH_CACHED, 2,
        KC_SQL_READ, KC_ROWS(PAGE) },
    [KC_Q_FACETS_CACHED] = { "kc_facets_cached", KC_SQL_FACETS_CACHED, 1,
        KC_SQL_READ, KC_ROWS(FACETS) },
    [KC_Q_FILTER_CHECK] = { "kc_filter_check", KC_SQL_FILTER_CHECK, 5,
        KC_SQL_READ, KC_ROWS(FILTER_CHECK) },

    /* ---- reading ------------------------------------------------------------- */
    /* Pay for a first read (kc_record_unlock): free | already | unlocked |
     * nopoints | notfound. Keyed, so a retry never pays twice. */
    [KC_Q_RECORD_UNLOCK] = { "kc_record_unlock",
        "SELECT kc_record_unlock(%s::bigint, %s::bigint, %s::bigint)",
        3, KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_RECORD_DETAIL] = { "kc_record_detail", KC_SQL_RECORD_DETAIL, 4,
        KC_SQL_READ, KC_ROWS(RECORD_DETAIL) },
    [KC_Q_RECORD_FILE] = { "kc_record_file", KC_SQL_RECORD_FILE, 2,
        KC_SQL_READ, KC_ROWS(RECORD_FILE) },
    [KC_Q_POINT_RULES] = { "kc_point_rules", KC_SQL_POINT_RULES, 2,
        KC_SQL_READ, KC_ROWS(POINT_RULES) },

    /* ---- contributing ----------------------------------------------------- */
    [KC_Q_KINDS] = { "kc_kinds",
        KC_SQL_CODE_NAMES("record_kinds", "position"), 1,
        KC_SQL_READ, KC_ROWS(CODE_NAME) },
    [KC_Q_LANGUAGES] = { "kc_languages",
        KC_SQL_CODE_NAMES("languages", "position"), 1,
        KC_SQL_READ, KC_ROWS(CODE_NAME) },
    /* $1 member, $2 kind, $3 title, $4 description, $5 language, $6 licence,
     * $7 url, $8 details, $9 subjects, $10 levels, $11-$14 the file. */
    [KC_Q_CONTRIB_CREATE] = { "kc_contrib_create",
        "SELECT kc_contribution_create(%s::bigint, %s, %s, %s, %s, %s, "
        "  nullif(%s, ''), %s::jsonb, %s::int[], %s::int[], nullif(%s, ''), "
        "  nullif(%s, ''), nullif(%s, ''), nullif(%s, '')::bigint)",
        14, 0, KC_ONE_VALUE },
    /* $1 member, $2 record, then as create from the title on. */
    [KC_Q_CONTRIB_UPDATE] = { "kc_contrib_update",
        "SELECT kc_contribution_update(%s::bigint, %s::bigint, %s, %s, %s, "
        "  %s, nullif(%s, ''), %s::jsonb, %s::int[], %s::int[], "
        "  nullif(%s, ''), nullif(%s, ''), nullif(%s, ''), "
        "  nullif(%s, '')::bigint)",
        14, KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_CONTRIB_WITHDRAW] = { "kc_contrib_withdraw",
        "SELECT kc_contribution_withdraw(%s::bigint, %s::bigint)",
        2, KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_CONTRIB_DUPLICATES] = { "kc_contrib_duplicates",
        KC_SQL_CONTRIB_DUPLICATES, 4,
        KC_SQL_READ, KC_ROWS(CONTRIB_DUPLICATES) },
    [KC_Q_CONTRIB_MINE] = { "kc_contrib_mine", KC_SQL_CONTRIB_MINE, 2,
        KC_SQL_READ, KC_ROWS(CONTRIB_MINE) },
    [KC_Q_CONTRIB_GET] = { "kc_contrib_get", KC_SQL_CONTRIB_GET, 2,
        KC_SQL_READ, KC_ROWS(CONTRIB_GET) },
    [KC_Q_OBJECTION_FILE] = { "kc_objection_file",
        "SELECT kc_objection_file(%s::bigint, %s::bigint, %s)", 3, 0,
        KC_ONE_VALUE },
    [KC_Q_NOTIFICATIONS] = { "kc_notifications", KC_SQL_NOTIFICATIONS, 2,
        KC_SQL_IDEMPOTENT, KC_ROWS(NOTIFICATIONS) },
    [KC_Q_REPORT_FILE] = { "kc_report_file",
        "SELECT kc_report_file(%s::bigint, %s, %s::bigint, %s, %s)", 5, 0,
        KC_ONE_VALUE },
    [KC_Q_LICENCE] = { "kc_licence", KC_SQL_LICENCE, 1,
        KC_SQL_READ, KC_ROWS(LICENCE) },

    /* ---- moderation ----------------------------------------------------------- */
    [KC_Q_MOD_QUEUE] = { "kc_mod_queue", KC_SQL_MOD_QUEUE, 2,
        KC_SQL_READ, KC_ROWS(MOD_QUEUE) },
    [KC_Q_MOD_REPORTS] = { "kc_mod_reports", KC_SQL_MOD_REPORTS, 4,
        KC_SQL_READ, KC_ROWS(MOD_REPORTS) },
    [KC_Q_MOD_SCOPE] = { "kc_mod_scope", KC_SQL_MOD_SCOPE, 2,
        KC_SQL_READ, KC_ONE_VALUE },
    [KC_Q_MOD_IN_SCOPE] = { "kc_mod_in_scope",
        "SELECT kc_in_scope(%s::bigint, %s::bigint)", 2, KC_SQL_READ,
        KC_ONE_VALUE },
    [KC_Q_RECORD_HISTORY] = { "kc_record_history", KC_SQL_RECORD_HISTORY, 1,
        KC_SQL_READ, KC_ROWS(RECORD_HISTORY) },
    [KC_Q_RECORD_TAXONOMY_IDS] = { "kc_record_taxonomy_ids",
        KC_SQL_RECORD_TAXONOMY_IDS, 1,
        KC_SQL_READ, KC_ROWS(RECORD_TAXONOMY_IDS) },
    /* $1 moderator, $2 record, $3 title, $4 description, $5 language,
     * $6 subjects, $7 levels: ok | already | notfound | scope | role. */
    [KC_Q_MOD_APPROVE] = { "kc_mod_approve",
        "SELECT kc_moderate_approve(%s::bigint, %s::bigint, %s, %s, %s, "
        "  %s::int[], %s::int[], nullif(%s, '')::int)", 8, KC_SQL_IDEMPOTENT,
        KC_ONE_VALUE },
    [KC_Q_MOD_CHANGES] = { "kc_mod_changes",
        "SELECT kc_moderate_changes(%s::bigint, %s::bigint, %s, "
        "  nullif(%s, '')::int)", 4, 0, KC_ONE_VALUE },
    [KC_Q_MOD_REFUSE] = { "kc_mod_refuse",
        "SELECT kc_moderate_refuse(%s::bigint, %s::bigint, %s, %s, "
        "  nullif(%s, '')::int)", 5, 0, KC_ONE_VALUE },
    [KC_Q_REPORT_CLOSE] = { "kc_report_close",
        "SELECT kc_report_close(%s::bigint, %s::bigint, %s)", 3, 0,
        KC_ONE_VALUE },

    /* ---- platform team ------------------------------------------------------- */
    [KC_Q_ADMIN_COUNTS] = { "kc_admin_counts", KC_SQL_ADMIN_COUNTS, 0,
        KC_SQL_READ, KC_ROWS(ADMIN_COUNTS) },
    [KC_Q_ADMIN_OBJECTIONS] = { "kc_admin_objections",
        KC_SQL_ADMIN_OBJECTIONS, 0,
        KC_SQL_READ, KC_ROWS(ADMIN_OBJECTIONS) },
    [KC_Q_OBJECTION_DECIDE] = { "kc_objection_decide",
        "SELECT kc_objection_decide(%s::bigint, %s::bigint, %s, %s)", 4, 0,
        KC_ONE_VALUE },
    [KC_Q_ADMIN_RECORD] = { "kc_admin_record", KC_SQL_ADMIN_RECORD, 2,
        KC_SQL_READ, KC_ROWS(ADMIN_RECORD) },
    [KC_Q_RECORD_TAKEDOWN] = { "kc_record_takedown",
        "SELECT kc_record_takedown(%s::bigint, %s::bigint, %s)", 3, 0,
        KC_ONE_VALUE },
    [KC_Q_RECORD_RESTORE] = { "kc_record_restore",
        "SELECT kc_record_restore(%s::bigint, %s::bigint)", 2, 0,
        KC_ONE_VALUE },
    [KC_Q_RECORD_REMOVE] = { "kc_record_remove",
        "SELECT kc_record_remove(%s::bigint, %s::bigint, %s)", 3, 0,
        KC_ONE_VALUE },
    [KC_Q_ADMIN_MEMBERS] = { "kc_admin_members", KC_SQL_ADMIN_MEMBERS, 1,
        KC_SQL_READ, KC_ROWS(ADMIN_MEMBERS) },
    [KC_Q_ADMIN_MEMBER] = { "kc_admin_member", KC_SQL_ADMIN_MEMBER, 1,
        KC_SQL_READ, KC_ROWS(ADMIN_MEMBER) },
    [KC_Q_MEMBER_SCOPE_IDS] = { "kc_member_scope_ids",
        KC_SQL_MEMBER_SCOPE_IDS, 1,
        KC_SQL_READ, KC_ROWS(MEMBER_SCOPE_IDS) },
    /* $1 admin, $2 member, $3 until (date or NULL), $4 permanent, $5 reason. */
    [KC_Q_MEMBER_BAN] = { "kc_member_ban",
        "SELECT kc_member_ban(%s::bigint, %s::bigint, "
        "  (nullif(%s, '')::date + 1)::timestamp AT TIME ZONE 'Europe/Brussels', "
        "  %s::boolean, %s)", 5, 0, KC_ONE_VALUE },
    [KC_Q_MEMBER_UNBAN] = { "kc_member_unban",
        "SELECT kc_member_unban(%s::bigint, %s::bigint)", 2, 0, KC_ONE_VALUE },
    [KC_Q_MEMBER_SET_ROLE] = { "kc_member_set_role",
        "SELECT kc_member_set_role(%s::bigint, %s::bigint, %s)", 3, 0,
        KC_ONE_VALUE },
    [KC_Q_MEMBER_SET_SCOPE] = { "kc_member_set_scope",
        "SELECT kc_moderator_set_scope(%s::bigint, %s::bigint, %s::int[], "
        "  %s::int[])", 4, 0, KC_ONE_VALUE },
    [KC_Q_AUDIT_PAGE] = { "kc_audit_page", KC_SQL_AUDIT_PAGE, 4,
        KC_SQL_READ, KC_ROWS(AUDIT_PAGE) },
    /* ---- community ------------------------------------------------------ */
    [KC_Q_REACTIONS] = { "kc_reactions", KC_SQL_REACTIONS, 2,
        KC_SQL_READ, KC_ROWS(REACTIONS) },
    [KC_Q_FORUM_TOPICS] = { "kc_forum_topics", KC_SQL_FORUM_TOPICS, 6,
        KC_SQL_READ, KC_ROWS(FORUM_TOPICS) },
    [KC_Q_FORUM_TOPIC] = { "kc_forum_topic", KC_SQL_FORUM_TOPIC, 2,
        KC_SQL_READ, KC_ROWS(FORUM_TOPIC) },
    [KC_Q_FORUM_POSTS] = { "kc_forum_posts", KC_SQL_FORUM_POSTS, 2,
        KC_SQL_READ, KC_ROWS(FORUM_POSTS) },
    [KC_Q_FORUM_CATEGORIES] = { "kc_forum_categories", KC_SQL_FORUM_CATEGORIES, 1,
        KC_SQL_READ, KC_ROWS(CODE_NAME) },
    [KC_Q_FEED] = { "kc_feed", KC_SQL_FEED, 4, KC_SQL_READ, KC_ROWS(FEED) },
    [KC_Q_FAVOURITES] = { "kc_favourites", KC_SQL_FAVOURITES, 2,
        KC_SQL_READ, KC_ROWS(SUMMARY) },
    [KC_Q_THREADS] = { "kc_threads", KC_SQL_THREADS, 1,
        KC_SQL_READ, KC_ROWS(THREADS) },
    [KC_Q_THREAD] = { "kc_thread", KC_SQL_THREAD, 2,
        KC_SQL_IDEMPOTENT, KC_ROWS(THREAD) },
    [KC_Q_RELATION] = { "kc_relation", KC_SQL_RELATION, 2,
        KC_SQL_READ, KC_ROWS(RELATION) },
    [KC_Q_MEMBER_SEARCH] = { "kc_member_search", KC_SQL_MEMBER_SEARCH, 7,
        KC_SQL_READ, KC_ROWS(MEMBER_SEARCH) },
    [KC_Q_ORGANISATION] = { "kc_organisation", KC_SQL_ORGANISATION, 2,
        KC_SQL_READ, KC_ROWS(ORGANISATION) },
    [KC_Q_ORG_RECORDS] = { "kc_org_records", KC_SQL_ORG_RECORDS, 2,
        KC_SQL_READ, KC_ROWS(SUMMARY) },
    [KC_Q_PROVINCES] = { "kc_provinces", KC_SQL_PROVINCES, 1,
        KC_SQL_READ, KC_ROWS(CODE_NAME) },
    [KC_Q_TRAINING] = { "kc_training", KC_SQL_TRAINING, 6,
        KC_SQL_READ, KC_ROWS(TRAINING) },
    [KC_Q_CALENDAR] = { "kc_calendar", KC_SQL_CALENDAR, 2,
        KC_SQL_READ, KC_ROWS(CALENDAR) },
    /* The actions: one SQL function each (006_community.sql). */
    [KC_Q_REACTION_ADD] = { "kc_reaction_add",
        "SELECT kc_reaction_add(%s::bigint, %s::bigint, %s, %s)", 4, 0,
        KC_ONE_VALUE },
    [KC_Q_REACTION_EDIT] = { "kc_reaction_edit",
        "SELECT kc_reaction_edit(%s::bigint, %s::bigint, %s, %s)", 4, 0,
        KC_ONE_VALUE },
    [KC_Q_REACTION_DELETE] = { "kc_reaction_delete",
        "SELECT kc_reaction_delete(%s::bigint, %s::bigint)", 2,
        KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_RATING_SET] = { "kc_rating_set",
        "SELECT kc_rating_set(%s::bigint, %s::bigint, %s::int, %s)", 4, 0,
        KC_ONE_VALUE },
    [KC_Q_FAVOURITE_SET] = { "kc_favourite_set",
        "SELECT kc_favourite_set(%s::bigint, %s::bigint, %s::boolean)", 3,
        KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_RECOMMEND] = { "kc_recommend",
        "SELECT kc_recommend(%s::bigint, %s::bigint, %s, %s, %s)", 5, 0,
        KC_ONE_VALUE },
    [KC_Q_OUTBOX_CLAIM] = { "kc_outbox_claim", KC_SQL_OUTBOX_CLAIM, 1,
        0, KC_ROWS(OUTBOX_CLAIM) },
    [KC_Q_OUTBOX_DONE] = { "kc_outbox_done",
        "SELECT kc_outbox_done(%s::bigint, nullif(%s, ''))", 2,
        KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_TOPIC_ADD] = { "kc_topic_add",
        "SELECT kc_forum_topic_add(%s::bigint, %s, %s, %s, %s)", 5, 0,
        KC_ONE_VALUE },
    [KC_Q_ANSWER_ADD] = { "kc_answer_add",
        "SELECT kc_forum_answer_add(%s::bigint, %s::bigint, %s, %s)", 4, 0,
        KC_ONE_VALUE },
    [KC_Q_THUMB] = { "kc_thumb",
        "SELECT kc_forum_thumb(%s::bigint, %s::bigint)", 2, 0, KC_ONE_VALUE },
    [KC_Q_ACCEPT] = { "kc_accept",
        "SELECT kc_forum_accept(%s::bigint, %s::bigint, %s::bigint)", 3,
        KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_POST_DELETE] = { "kc_post_delete",
        "SELECT kc_forum_post_delete(%s::bigint, %s::bigint)", 2,
        KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_TOPIC_DELETE] = { "kc_topic_delete",
        "SELECT kc_forum_topic_delete(%s::bigint, %s::bigint)", 2,
        KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_MODERATE_POST] = { "kc_moderate_post",
        "SELECT kc_moderate_post(%s::bigint, %s, %s::bigint, %s, "
        "  nullif(%s, ''), %s)", 6, 0, KC_ONE_VALUE },
    [KC_Q_FOLLOW_SET] = { "kc_follow_set",
        "SELECT kc_follow_set(%s::bigint, %s::bigint, %s::boolean)", 3,
        KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_BLOCK_SET] = { "kc_block_set",
        "SELECT kc_block_set(%s::bigint, %s::bigint, %s::boolean)", 3,
        KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_MESSAGE_SEND] = { "kc_message_send",
        "SELECT kc_message_send(%s::bigint, %s::bigint, %s, %s)", 4, 0,
        KC_ONE_VALUE },
    [KC_Q_ORG_SAVE] = { "kc_org_save",
        "SELECT kc_org_profile_save(%s::bigint, %s, %s, %s, %s, "
        "  nullif(%s, ''), nullif(%s, ''), %s)", 8, KC_SQL_IDEMPOTENT,
        KC_ONE_VALUE },
    [KC_Q_REACTION_RECORD] = { "kc_reaction_record",
        "SELECT record_id FROM reactions WHERE id = %s::bigint", 1,
        KC_SQL_READ, KC_ONE_VALUE },
    [KC_Q_RECORD_TITLE] = { "kc_record_title",
        "SELECT title FROM records WHERE id = %s::bigint "
        "AND state = 'published'", 1, KC_SQL_READ, KC_ONE_VALUE },
    [KC_Q_TAXONOMY_CODES] = { "kc_taxonomy_codes", KC_SQL_TAXONOMY_CODES, 1,
        KC_SQL_READ, KC_ROWS(TAXONOMY_CODES) },
    [KC_Q_RECOMMEND_TOPIC] = { "kc_recommend_topic",
        "SELECT kc_recommend_topic(%s::bigint, %s::bigint, %s, %s, %s)", 5, 0,
        KC_ONE_VALUE },
    /* ---- the job runner (kc_store_jobs.c) ---- */
    [KC_Q_JOB_REGISTER] = { "kc_job_register",
        "SELECT kc_job_register(%s, %s::int)", 2, KC_SQL_IDEMPOTENT,
        KC_ONE_VALUE },
    [KC_Q_JOB_DUE] = { "kc_job_due", KC_SQL_JOB_DUE, 0, KC_SQL_READ,
        KC_ROWS(JOB_DUE) },
    [KC_Q_JOB_TRY] = { "kc_job_try", "SELECT kc_job_try(%s, %s)", 2, 0,
        KC_ONE_VALUE },
    [KC_Q_JOB_END] = { "kc_job_end",
        "SELECT kc_job_end(%s, %s::boolean, %s::bigint, nullif(%s, ''))", 4,
        KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_JOB_UNLOCK] = { "kc_job_unlock", "SELECT kc_job_unlock(%s)", 1, 0,
        KC_ONE_VALUE },
    [KC_Q_JOB_REQUEST] = { "kc_job_request",
        "SELECT kc_job_request(%s::bigint, %s)", 2, KC_SQL_IDEMPOTENT,
        KC_ONE_VALUE },
    [KC_Q_JOBS_LIST] = { "kc_jobs_list", KC_SQL_JOBS_LIST, 0, KC_SQL_READ,
        KC_ROWS(JOBS_LIST) },
    [KC_Q_OUTBOX_FAILED] = { "kc_outbox_failed", KC_SQL_OUTBOX_FAILED, 0,
        KC_SQL_READ, KC_ROWS(OUTBOX_FAILED) },
    [KC_Q_JOB_BIRTHDAY] = { "kc_job_birthday",
        "SELECT kc_birthday_points((now() AT TIME ZONE 'Europe/Brussels')::date)",
        0, KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_JOB_INACTIVE] = { "kc_job_inactive",
        "SELECT kc_inactive_accounts(%s::int, %s, %s::int)", 3, 0,
        KC_ONE_VALUE },
    [KC_Q_JOB_HOUSEKEEPING] = { "kc_job_housekeeping",
        "SELECT kc_housekeeping()", 0, KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_LISTEN_PAGES] = { "kc_listen_pages", "SELECT kc_listen_pages()", 0,
        KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    /* $1 batch size: one batch of the oldest due milestone (points.sql). */
    [KC_Q_JOB_MILESTONES] = { "kc_job_milestones",
        "SELECT kc_milestones_pay_due(%s::int)", 1, KC_SQL_IDEMPOTENT,
        KC_ONE_VALUE },

    /* The current-password check of /me/password and /me/delete counts
     * as a login attempt for the member's e-mail from this address. */
    [KC_Q_LOGIN_ATTEMPT_MEMBER] = { "kc_login_attempt_member",
        "SELECT kc_login_attempt((SELECT lower(email) FROM members "
        "  WHERE id = %s::bigint), %s, %s::int)", 3, 0, KC_ONE_VALUE },
    /* ---- mailed account tokens (016; sql/functions/accounts.sql) ---------- */
    /* $1 e-mail, $2 client address, $3 token, $4 subject, $5 body. */
    [KC_Q_RESET_REQUEST] = { "kc_password_reset_request",
        "SELECT kc_password_reset_request(%s, %s, %s, %s, %s)", 5, 0,
        KC_ONE_VALUE },
    /* $1 token, $2 purpose ('reset' | 'confirm'): 'ok' | 'invalid'. */
    [KC_Q_TOKEN_VALID] = { "kc_member_token_valid",
        "SELECT kc_member_token_valid(%s, %s)", 2, KC_SQL_READ, KC_ONE_VALUE },
    /* $1 token, $2 new bcrypt hash. Not retried: the token is single use. */
    [KC_Q_RESET_USE] = { "kc_password_reset_use",
        "SELECT kc_password_reset_use(%s, %s)", 2, 0, KC_ONE_VALUE },
    /* $1 member, $2 client address, $3 resend?, $4 token, $5 subject,
     * $6 body. */
    [KC_Q_CONFIRM_SEND] = { "kc_email_confirm_send",
        "SELECT kc_email_confirm_send(%s::bigint, %s, %s::boolean, %s, %s, "
        "  %s)", 6, 0, KC_ONE_VALUE },
    [KC_Q_CONFIRM_USE] = { "kc_email_confirm",
        "SELECT kc_email_confirm(%s)", 1, 0, KC_ONE_VALUE },
    /* ---- the points economy (sql/functions/points_admin.sql) ------------ */
    /* Keyed by the form's one-time key: a repeat answers 'already'. */
    [KC_Q_POINTS_GRANT] = { "kc_points_grant",
        "SELECT kc_points_grant(%s::bigint, %s::bigint, %s::bigint, %s, %s, "
        "  nullif(%s, '')::bigint, %s)", 7, KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_POINT_RULE_SET] = { "kc_point_rule_set",
        "SELECT kc_point_rule_set(%s::bigint, %s, %s::bigint, "
        "  nullif(%s, '')::bigint, nullif(%s, '')::bigint)", 5,
        KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_CAMPAIGN_CREATE] = { "kc_campaign_create",
        "SELECT kc_campaign_create(%s::bigint, %s, %s::timestamp, "
        "  %s::timestamp, nullif(%s, '')::numeric, nullif(%s, '')::bigint, "
        "  %s::text[], %s::text[], %s::int[], %s::int[])", 10, 0,
        KC_ONE_VALUE },
    [KC_Q_CAMPAIGN_END] = { "kc_campaign_end",
        "SELECT kc_campaign_end(%s::bigint, %s::bigint)", 2,
        KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_CAMPAIGNS_ACTIVE] = { "kc_campaigns_active",
        KC_SQL_CAMPAIGNS_ACTIVE, 2, KC_SQL_READ, KC_ROWS(CAMPAIGNS_ACTIVE) },
    [KC_Q_CAMPAIGNS_ADMIN] = { "kc_campaigns_admin",
        KC_SQL_CAMPAIGNS_ADMIN, 2, KC_SQL_READ, KC_ROWS(CAMPAIGNS_ADMIN) },
    [KC_Q_MILESTONE_DECLARE] = { "kc_milestone_declare",
        "SELECT kc_milestone_declare(%s::bigint, %s, %s::bigint, %s::int[], "
        "  %s::int[], nullif(%s, ''), nullif(%s, '')::bigint)", 7, 0,
        KC_ONE_VALUE },
    /* One batch, its own transaction (autocommit): members paid, -1 role. */
    [KC_Q_MILESTONE_PAY_STEP] = { "kc_milestone_pay_step",
        "SELECT kc_milestone_pay_step(%s::bigint, %s::bigint, %s::int)", 3,
        KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_MILESTONES_ADMIN] = { "kc_milestones_admin",
        KC_SQL_MILESTONES_ADMIN, 1, KC_SQL_READ, KC_ROWS(MILESTONES_ADMIN) },
    [KC_Q_MEMBERS_TOP] = { "kc_members_top", KC_SQL_MEMBERS_TOP, 3,
        KC_SQL_READ | KC_SQL_ONESHOT, KC_ROWS(MEMBERS_TOP) },
    /* For the dashboard: milestones waiting to be paid (or to finish). */
    [KC_Q_MILESTONES_DUE] = { "kc_milestones_due",
        "SELECT count(*) FROM point_milestones WHERE state = 'due'", 0,
        KC_SQL_READ, KC_ONE_VALUE },

    /* ---- the dead-links job (020; sql/functions/links.sql) ---------------- */
    [KC_Q_LINKS_DUE] = { "kc_links_due", KC_SQL_LINKS_DUE, 1, KC_SQL_READ,
        KC_ROWS(LINKS_DUE) },
    /* $1 record, $2 URL, $3 ok, $4 HTTP status or '', $5 error or ''. */
    [KC_Q_LINK_CHECKED] = { "kc_link_checked",
        "SELECT kc_link_checked(%s::bigint, %s, %s::boolean, "
        "  nullif(%s, '')::int, nullif(%s, ''))", 5, 0, KC_ONE_VALUE },

    /* ---- OAI-PMH (022; kc_sql_oai.h) ---------------------------------------- */
    [KC_Q_OAI_LIST] = { "kc_oai_list", KC_SQL_OAI_LIST, 6,
        KC_SQL_READ | KC_SQL_ONESHOT, KC_ROWS(OAI_RECORD) },
    [KC_Q_OAI_COUNT] = { "kc_oai_count", KC_SQL_OAI_COUNT, 3,
        KC_SQL_READ | KC_SQL_ONESHOT, KC_ONE_VALUE },
    [KC_Q_OAI_GET] = { "kc_oai_get", KC_SQL_OAI_GET, 1, KC_SQL_READ,
        KC_ROWS(OAI_RECORD) },
    [KC_Q_OAI_EARLIEST] = { "kc_oai_earliest", KC_SQL_OAI_EARLIEST, 0,
        KC_SQL_READ, KC_ONE_VALUE },
    [KC_Q_OAI_SETS] = { "kc_oai_sets", KC_SQL_OAI_SETS, 0, KC_SQL_READ,
        KC_ROWS(OAI_SETS) },
    [KC_Q_SITEMAP_PAGES] = { "kc_sitemap_pages", KC_SQL_SITEMAP_PAGES, 0,
        KC_SQL_READ, KC_ROWS(SITEMAP_PAGES) },
    [KC_Q_SITEMAP_RECORDS] = { "kc_sitemap_records", KC_SQL_SITEMAP_RECORDS, 2,
        KC_SQL_READ, KC_ROWS(SITEMAP_RECORDS) },

    /* ---- theme pages (026; kc_sql_themes.h, sql/functions/themes.sql) ---- */
    [KC_Q_THEMES_LIST] = { "kc_themes_list", KC_SQL_THEMES_LIST, 2,
        KC_SQL_READ, KC_ROWS(THEME) },
    [KC_Q_THEME_GET] = { "kc_theme_get", KC_SQL_THEME_GET, 2, KC_SQL_READ,
        KC_ROWS(THEME) },
    [KC_Q_RECORD_THEMES] = { "kc_record_themes", KC_SQL_RECORD_THEMES, 1,
        KC_SQL_READ, KC_ROWS(THEME) },
    [KC_Q_THEME_SECTIONS] = { "kc_theme_sections", KC_SQL_THEME_SECTIONS, 1,
        KC_SQL_READ, KC_ROWS(THEME_SECTIONS) },
    [KC_Q_THEME_RECORDS] = { "kc_theme_records", KC_SQL_THEME_RECORDS, 2,
        KC_SQL_READ, KC_ROWS(SUMMARY) },
    [KC_Q_THEME_ITEMS_ADMIN] = { "kc_theme_items_admin",
        KC_SQL_THEME_ITEMS_ADMIN, 1, KC_SQL_READ, KC_ROWS(THEME_ITEMS_ADMIN) },
    /* $1 admin, $2 theme or '' (a new one), $3 slug, $4 title, $5 intro,
     * $6 published, $7 featured, $8 order. */
    [KC_Q_THEME_SAVE] = { "kc_theme_save",
        "SELECT kc_theme_save(%s::bigint, nullif(%s, '')::bigint, %s, %s, %s, "
        "  %s::boolean, %s::boolean, %s::int)", 8, 0,
        KC_ONE_VALUE },
    [KC_Q_THEME_DELETE] = { "kc_theme_delete",
        "SELECT kc_theme_delete(%s::bigint, %s::bigint)", 2,
        KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    /* $1 admin, $2 theme, $3 section or '' (a new one), $4 title, $5 intro,
     * $6 search, $7 limit. Not retried: a new section would be added twice. */
    [KC_Q_THEME_SECTION_SAVE] = { "kc_theme_section_save",
        "SELECT kc_theme_section_save(%s::bigint, %s::bigint, "
        "  nullif(%s, '')::bigint, %s, %s, %s, %s::int)", 7, 0,
        KC_ONE_VALUE },
    /* $1 admin, $2 section, $3 delete | up | down. */
    [KC_Q_THEME_SECTION_CHANGE] = { "kc_theme_section_change",
        "SELECT kc_theme_section_change(%s::bigint, %s::bigint, %s)", 3, 0,
        KC_ONE_VALUE },
    /* $1 admin, $2 section, $3 record, $4 add | remove | up | down. */
    [KC_Q_THEME_ITEM_CHANGE] = { "kc_theme_item_change",
        "SELECT kc_theme_item_change(%s::bigint, %s::bigint, %s::bigint, %s)",
        4, 0, KC_ONE_VALUE },

    /* ---- webinars (026; kc_sql_webinars.h, sql/functions/webinars.sql) -- */
    [KC_Q_WEBINARS_LIST] = { "kc_webinars_list", KC_SQL_WEBINARS_LIST, 3,
        KC_SQL_READ, KC_ROWS(WEBINAR) },
    [KC_Q_WEBINAR_GET] = { "kc_webinar_get", KC_SQL_WEBINAR_GET, 3,
        KC_SQL_READ, KC_ROWS(WEBINAR) },
    [KC_Q_WEBINAR_SIGNUPS] = { "kc_webinar_signups", KC_SQL_WEBINAR_SIGNUPS,
        1, KC_SQL_READ, KC_ROWS(WEBINAR_SIGNUPS) },
    /* $1 admin, $2 webinar or '' (a new one), $3 title, $4 description,
     * $5 presenter name, $6 presenter member or '', $7 start (Brussels),
     * $8 minutes, $9 capacity, $10 meeting URL, $11 recording URL or '',
     * $12 subject ids, $13 level ids ("{1,2}"). */
    [KC_Q_WEBINAR_SAVE] = { "kc_webinar_save",
        "SELECT kc_webinar_save(%s::bigint, nullif(%s, '')::bigint, %s, %s, "
        "  %s, nullif(%s, '')::bigint, %s::timestamp, %s::int, %s::int, %s, "
        "  %s, %s::int[], %s::int[])", 13, 0, KC_ONE_VALUE },
    /* $1 member, $2 webinar, $3 question. A repeat answers 'already'. */
    [KC_Q_WEBINAR_SIGNUP] = { "kc_webinar_signup",
        "SELECT kc_webinar_signup(%s::bigint, %s::bigint, %s)", 3,
        KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_WEBINAR_CANCEL] = { "kc_webinar_cancel",
        "SELECT kc_webinar_cancel(%s::bigint, %s::bigint)", 2,
        KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    /* The reminders job: $1 base URL, $2 batch; mails queued. */
    [KC_Q_JOB_WEBINAR_REMINDERS] = { "kc_job_webinar_reminders",
        "SELECT kc_webinar_reminders(%s, %s::int)", 2, KC_SQL_IDEMPOTENT,
        KC_ONE_VALUE },
    /* $1 admin, $2 webinar, $3 base URL (for the mail). */
    [KC_Q_WEBINAR_WITHDRAW] = { "kc_webinar_withdraw",
        "SELECT kc_webinar_withdraw(%s::bigint, %s::bigint, %s)", 3,
        KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    /* ---- for you this week (028; sql/functions/foryou.sql) ------------------ */
    [KC_Q_FORYOU] = { "kc_foryou", KC_SQL_FORYOU, 3, KC_SQL_READ,
        KC_ROWS(FORYOU) },
    /* $1 member, $2 record: 'ok' | 'notfound'. */
    [KC_Q_FORYOU_DISMISS] = { "kc_foryou_dismiss",
        "SELECT kc_foryou_dismiss(%s::bigint, %s::bigint)", 2,
        KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    /* $1 batch size: one piece of the job's cycle (0: the cycle ended). */
    [KC_Q_JOB_FORYOU] = { "kc_job_foryou", "SELECT kc_foryou_step(%s::int)",
        1, KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_SEARCH_WORDS] = { "kc_search_words", KC_SQL_SEARCH_WORDS, 11,
        KC_SQL_READ, KC_ROWS(SEARCH_WORDS) },
    /* the in-memory search index (033; store/kc_sql_search.h) */
    [KC_Q_SINDEX_SNAPSHOT] = { "kc_sindex_snapshot",
        "SELECT pg_current_snapshot()::text", 0, KC_SQL_READ, KC_ONE_VALUE },
    [KC_Q_SINDEX_BATCH] = { "kc_sindex_batch", KC_SQL_SINDEX_BATCH, 2,
        KC_SQL_READ, KC_ROWS(SINDEX_BATCH) },
    [KC_Q_SINDEX_CHANGES] = { "kc_sindex_changes", KC_SQL_SINDEX_CHANGES, 3,
        KC_SQL_READ, KC_ROWS(SINDEX_CHANGES) },
    [KC_Q_SINDEX_VOCAB] = { "kc_sindex_vocab", KC_SQL_SINDEX_VOCAB, 0,
        KC_SQL_READ, KC_ROWS(SINDEX_VOCAB) },
    [KC_Q_SEARCH_PREPARE] = { "kc_search_prepare", KC_SQL_SEARCH_PREPARE, 1,
        KC_SQL_READ, KC_ROWS(SEARCH_PREPARE) },
    [KC_Q_SEARCH_PAGE] = { "kc_search_page", KC_SQL_SEARCH_PAGE, 5,
        KC_SQL_READ, KC_ROWS(SEARCH_PAGE) },
    [KC_Q_VOCAB_TERMS] = { "kc_vocab_terms", KC_SQL_VOCAB_TERMS, 2,
        KC_SQL_READ, KC_ROWS(VOCAB_TERMS) },
    [KC_Q_FEED_MEMBER] = { "kc_feed_member", KC_SQL_FEED_MEMBER, 3,
        KC_SQL_READ, KC_ROWS(FEED_MEMBER) },
    [KC_Q_FEED_FORUM] = { "kc_feed_forum", KC_SQL_FEED_FORUM, 3,
        KC_SQL_READ, KC_ROWS(FEED_FORUM) },
    [KC_Q_FEED_EVENTS] = { "kc_feed_events", KC_SQL_FEED_EVENTS, 4,
        KC_SQL_READ, KC_ROWS(FEED_EVENTS) },
    /* ---- analytics (027; kc_sql_analytics.h, sql/functions/analytics.sql) - */
    /* One child's counters; not retried (a write is never doubled). */
    [KC_Q_STATS_FLUSH] = { "kc_stats_flush",
        "SELECT kc_stats_flush(%s::jsonb)", 1, 0, KC_ONE_VALUE },
    [KC_Q_ANALYTICS_TERMS] = { "kc_analytics_terms", KC_SQL_ANALYTICS_TERMS, 2,
        KC_SQL_READ, KC_ROWS(ANALYTICS_TERMS) },
    [KC_Q_ANALYTICS_EMPTY] = { "kc_analytics_empty", KC_SQL_ANALYTICS_EMPTY, 2,
        KC_SQL_READ, KC_ROWS(ANALYTICS_TERMS) },
    [KC_Q_ANALYTICS_RISING] = { "kc_analytics_rising", KC_SQL_ANALYTICS_RISING,
        2, KC_SQL_READ, KC_ROWS(ANALYTICS_RISING) },
    [KC_Q_ANALYTICS_RECORDS] = { "kc_analytics_records",
        KC_SQL_ANALYTICS_RECORDS, 2, KC_SQL_READ, KC_ROWS(ANALYTICS_RECORDS) },
    [KC_Q_ANALYTICS_PROFILES] = { "kc_analytics_profiles",
        KC_SQL_ANALYTICS_PROFILES, 2, KC_SQL_READ, KC_ROWS(ANALYTICS_PROFILES) },
    [KC_Q_ANALYTICS_FOLLOWED] = { "kc_analytics_followed",
        KC_SQL_ANALYTICS_FOLLOWED, 2, KC_SQL_READ, KC_ROWS(ANALYTICS_PROFILES) },
    [KC_Q_ANALYTICS_GAPS] = { "kc_analytics_gaps", KC_SQL_ANALYTICS_GAPS, 2,
        KC_SQL_READ, KC_ROWS(ANALYTICS_GAPS) },
    [KC_Q_ANALYTICS_SERIES] = { "kc_analytics_series", KC_SQL_ANALYTICS_SERIES,
        6, KC_SQL_READ, KC_ROWS(ANALYTICS_SERIES) },

    /* ---- the newsletter (027; kc_sql_newsletter.h, sql/functions/newsletter.sql) */
    [KC_Q_NL_LIST] = { "kc_nl_list", KC_SQL_NL_LIST, 1, KC_SQL_READ,
        KC_ROWS(NL_LIST) },
    [KC_Q_NL_GET] = { "kc_nl_get", KC_SQL_NL_GET, 1, KC_SQL_READ,
        KC_ROWS(NL_GET) },
    [KC_Q_NL_CONTENT] = { "kc_nl_content", KC_SQL_NL_CONTENT, 1, KC_SQL_READ,
        KC_ROWS(NL_CONTENT) },
    [KC_Q_NL_SUGGESTIONS] = { "kc_nl_suggestions", KC_SQL_NL_SUGGESTIONS, 2,
        KC_SQL_READ, KC_ROWS(NL_SUGGESTIONS) },
    [KC_Q_NL_PREFS] = { "kc_nl_prefs", KC_SQL_NL_PREFS, 2, KC_SQL_READ,
        KC_ROWS(NL_PREFS) },
    [KC_Q_NL_PROMOS] = { "kc_nl_promos", KC_SQL_NL_PROMOS, 2, KC_SQL_READ,
        KC_ROWS(NL_PROMOS) },
    /* $1 admin, $2 title, $3 intro, $4 a day of the week. */
    [KC_Q_NL_CREATE] = { "kc_nl_create",
        "SELECT kc_newsletter_create(%s::bigint, %s, %s, %s::date)", 4, 0,
        KC_ONE_VALUE },
    [KC_Q_NL_UPDATE] = { "kc_nl_update",
        "SELECT kc_newsletter_update(%s::bigint, %s, %s)", 3, 0, KC_ONE_VALUE },
    /* $1 issue, $2 source, $3 source id ('' for text), $4 title, $5 body. */
    [KC_Q_NL_ADD] = { "kc_nl_add",
        "SELECT kc_newsletter_add(%s::bigint, %s, nullif(%s, '')::bigint, %s, %s)",
        5, 0, KC_ONE_VALUE },
    [KC_Q_NL_REMOVE] = { "kc_nl_remove",
        "SELECT kc_newsletter_remove(%s::bigint, %s::bigint)", 2, 0,
        KC_ONE_VALUE },
    [KC_Q_NL_SEND] = { "kc_nl_send",
        "SELECT kc_newsletter_send(%s::bigint, %s::bigint)", 2, 0, KC_ONE_VALUE },
    /* $1 member, $2 subscribed, $3 subject ids, $4 level ids ("{1,2}"). */
    [KC_Q_NL_PREFS_SET] = { "kc_nl_prefs_set",
        "SELECT kc_newsletter_prefs_set(%s::bigint, %s::boolean, %s::int[], "
        "  %s::int[])", 4, 0, KC_ONE_VALUE },
    /* $1 member, $2 key, $3 apply (false: only check the link). */
    [KC_Q_NL_UNSUBSCRIBE] = { "kc_nl_unsubscribe",
        "SELECT kc_newsletter_unsubscribe(%s::bigint, %s, %s::boolean)", 3, 0,
        KC_ONE_VALUE },
    [KC_Q_NL_RECOMMEND] = { "kc_nl_recommend",
        "SELECT kc_newsletter_recommend(%s::bigint, %s::bigint, %s, %s, %s)", 5,
        0, KC_ONE_VALUE },
    /* $1 organisation, $2 a day of the week, $3 title, $4 text, $5 URL. */
    [KC_Q_NL_PROMO_REQUEST] = { "kc_nl_promo_request",
        "SELECT kc_newsletter_promo_request(%s::bigint, %s::date, %s, %s, %s)",
        5, 0, KC_ONE_VALUE },
    [KC_Q_NL_PROMO_DECIDE] = { "kc_nl_promo_decide",
        "SELECT kc_newsletter_promo_decide(%s::bigint, %s::bigint, %s::boolean, "
        "  %s)", 4, 0, KC_ONE_VALUE },
    /* The job: one batch ($1 base URL, $2 members); safe to repeat. */
    [KC_Q_NL_SEND_BATCH] = { "kc_nl_send_batch",
        "SELECT kc_newsletter_send_batch(%s, %s::int)", 2, KC_SQL_IDEMPOTENT,
        KC_ONE_VALUE },
    /* ---- search synonyms (sql/functions/synonyms.sql) -------------------- */
    [KC_Q_SYNONYMS] = { "kc_synonyms", KC_SQL_SYNONYMS, 0, KC_SQL_READ,
        KC_ROWS(SYNONYMS) },
    [KC_Q_SYNONYM_SAVE] = { "kc_synonym_save",
        "SELECT kc_synonym_save(%s::bigint, nullif(%s, '')::bigint, %s, %s)",
        4, KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
    [KC_Q_SYNONYM_DELETE] = { "kc_synonym_delete",
        "SELECT kc_synonym_delete(%s::bigint, %s::bigint)", 2,
        KC_SQL_IDEMPOTENT, KC_ONE_VALUE },
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
