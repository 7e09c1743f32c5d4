/*
 * kc_store.h -- the only door to the database.
 *
 * Every statement lives in the label table (kc_store_sql.c). Execution goes
 * through kc_store_select()/kc_store_exec(), which own the traps of the
 * apr_dbd pgsql driver (shared/DBD-NOTES.md): statements are prepared per
 * connection on first use and prepared again when the driver has silently
 * reconnected (new backend PID); a statement that fails on a broken
 * connection is retried once on a fresh one when it is safe to repeat;
 * selects always use random=1 so errors are never mistaken for "no rows".
 */
#ifndef KC_STORE_H
#define KC_STORE_H

#include "../kc_private.h"

#include <stdlib.h>

/* Statement ids: index into the label table. Keep in step with kc_store_sql.c. */
typedef enum {
    KC_Q_PING = 0,
    KC_Q_RECORD_PAGE,
    KC_Q_RECORD_STATE,
    KC_Q_SESSION_GET,
    KC_Q_SESSION_TOUCH,
    KC_Q_SESSION_CREATE,
    KC_Q_SESSION_DELETE,
    KC_Q_SESSION_DELETE_MEMBER,
    KC_Q_MEMBER_REGISTER,
    KC_Q_MEMBER_LOGIN,
    KC_Q_LOGIN_ATTEMPT,
    KC_Q_LOGIN_CLEARED,
    KC_Q_MEMBER_PROFILE,
    KC_Q_MEMBER_TAXONOMY,
    KC_Q_MEMBER_UPDATE,
    KC_Q_MEMBER_PICTURE,
    KC_Q_MEMBER_PASSWORD_HASH,
    KC_Q_MEMBER_PASSWORD_SET,
    KC_Q_MEMBER_DELETE,
    KC_Q_LEDGER_PAGE,
    KC_Q_RECORD_SEARCH,
    KC_Q_RECORD_FACETS,
    KC_Q_SEARCH_CACHED,
    KC_Q_FACETS_CACHED,
    KC_Q_FILTER_CHECK,
    KC_Q_RECORD_UNLOCK,
    KC_Q_RECORD_DETAIL,
    KC_Q_RECORD_FILE,
    KC_Q_POINT_RULES,
    KC_Q_KINDS,
    KC_Q_LANGUAGES,
    KC_Q_CONTRIB_CREATE,
    KC_Q_CONTRIB_UPDATE,
    KC_Q_CONTRIB_WITHDRAW,
    KC_Q_CONTRIB_DUPLICATES,
    KC_Q_CONTRIB_MINE,
    KC_Q_CONTRIB_GET,
    KC_Q_OBJECTION_FILE,
    KC_Q_NOTIFICATIONS,
    KC_Q_REPORT_FILE,
    KC_Q_LICENCE,
    KC_Q_MOD_QUEUE,
    KC_Q_MOD_REPORTS,
    KC_Q_MOD_SCOPE,
    KC_Q_MOD_IN_SCOPE,
    KC_Q_RECORD_HISTORY,
    KC_Q_RECORD_TAXONOMY_IDS,
    KC_Q_MOD_APPROVE,
    KC_Q_MOD_CHANGES,
    KC_Q_MOD_REFUSE,
    KC_Q_REPORT_CLOSE,
    KC_Q_ADMIN_COUNTS,
    KC_Q_ADMIN_OBJECTIONS,
    KC_Q_OBJECTION_DECIDE,
    KC_Q_ADMIN_RECORD,
    KC_Q_RECORD_TAKEDOWN,
    KC_Q_RECORD_RESTORE,
    KC_Q_RECORD_REMOVE,
    KC_Q_ADMIN_MEMBERS,
    KC_Q_ADMIN_MEMBER,
    KC_Q_MEMBER_SCOPE_IDS,
    KC_Q_MEMBER_BAN,
    KC_Q_MEMBER_UNBAN,
    KC_Q_MEMBER_SET_ROLE,
    KC_Q_MEMBER_SET_SCOPE,
    KC_Q_AUDIT_PAGE,
    KC_Q_REACTIONS,
    KC_Q_FORUM_TOPICS,
    KC_Q_FORUM_TOPIC,
    KC_Q_FORUM_POSTS,
    KC_Q_FORUM_CATEGORIES,
    KC_Q_FEED,
    KC_Q_FAVOURITES,
    KC_Q_THREADS,
    KC_Q_THREAD,
    KC_Q_RELATION,
    KC_Q_MEMBER_SEARCH,
    KC_Q_ORGANISATION,
    KC_Q_ORG_RECORDS,
    KC_Q_PROVINCES,
    KC_Q_TRAINING,
    KC_Q_CALENDAR,
    KC_Q_REACTION_ADD,
    KC_Q_REACTION_EDIT,
    KC_Q_REACTION_DELETE,
    KC_Q_RATING_SET,
    KC_Q_FAVOURITE_SET,
    KC_Q_RECOMMEND,
    KC_Q_OUTBOX_CLAIM,
    KC_Q_OUTBOX_DONE,
    KC_Q_TOPIC_ADD,
    KC_Q_ANSWER_ADD,
    KC_Q_THUMB,
    KC_Q_ACCEPT,
    KC_Q_POST_DELETE,
    KC_Q_TOPIC_DELETE,
    KC_Q_MODERATE_POST,
    KC_Q_FOLLOW_SET,
    KC_Q_BLOCK_SET,
    KC_Q_MESSAGE_SEND,
    KC_Q_ORG_SAVE,
    KC_Q_REACTION_RECORD,
    KC_Q_RECORD_TITLE,
    KC_Q_TAXONOMY_CODES,
    KC_Q_RECOMMEND_TOPIC,
    KC_Q_JOB_REGISTER,
    KC_Q_JOB_DUE,
    KC_Q_JOB_TRY,
    KC_Q_JOB_END,
    KC_Q_JOB_UNLOCK,
    KC_Q_JOB_REQUEST,
    KC_Q_JOBS_LIST,
    KC_Q_OUTBOX_FAILED,
    KC_Q_JOB_BIRTHDAY,
    KC_Q_JOB_INACTIVE,
    KC_Q_JOB_HOUSEKEEPING,
    KC_Q_LISTEN_PAGES,
    KC_Q_JOB_MILESTONES,
    KC_Q_LOGIN_ATTEMPT_MEMBER,
    KC_Q_RESET_REQUEST,
    KC_Q_TOKEN_VALID,
    KC_Q_RESET_USE,
    KC_Q_CONFIRM_SEND,
    KC_Q_CONFIRM_USE,
    KC_Q_POINTS_GRANT,
    KC_Q_POINT_RULE_SET,
    KC_Q_CAMPAIGN_CREATE,
    KC_Q_CAMPAIGN_END,
    KC_Q_CAMPAIGNS_ACTIVE,
    KC_Q_CAMPAIGNS_ADMIN,
    KC_Q_MILESTONE_DECLARE,
    KC_Q_MILESTONE_PAY_STEP,
    KC_Q_MILESTONES_ADMIN,
    KC_Q_MEMBERS_TOP,
    KC_Q_MILESTONES_DUE,
    KC_Q_LINKS_DUE,
    KC_Q_LINK_CHECKED,
    KC_Q_OAI_LIST,
    KC_Q_OAI_COUNT,
    KC_Q_OAI_GET,
    KC_Q_OAI_EARLIEST,
    KC_Q_OAI_SETS,
    KC_Q_SITEMAP_PAGES,
    KC_Q_SITEMAP_RECORDS,
    KC_Q_THEMES_LIST,
    KC_Q_THEME_GET,
    KC_Q_RECORD_THEMES,
    KC_Q_THEME_SECTIONS,
    KC_Q_THEME_RECORDS,
    KC_Q_THEME_ITEMS_ADMIN,
    KC_Q_THEME_SAVE,
    KC_Q_THEME_DELETE,
    KC_Q_THEME_SECTION_SAVE,
    KC_Q_THEME_SECTION_CHANGE,
    KC_Q_THEME_ITEM_CHANGE,
    KC_Q_WEBINARS_LIST,
    KC_Q_WEBINAR_GET,
    KC_Q_WEBINAR_SIGNUPS,
    KC_Q_WEBINAR_SAVE,
    KC_Q_WEBINAR_SIGNUP,
    KC_Q_WEBINAR_CANCEL,
    KC_Q_JOB_WEBINAR_REMINDERS,
    KC_Q_WEBINAR_WITHDRAW,
    KC_Q_FORYOU,
    KC_Q_FORYOU_DISMISS,
    KC_Q_JOB_FORYOU,
    KC_Q_SEARCH_WORDS,
    KC_Q_SINDEX_SNAPSHOT,
    KC_Q_SINDEX_BATCH,
    KC_Q_SINDEX_CHANGES,
    KC_Q_SINDEX_VOCAB,
    KC_Q_SEARCH_PREPARE,
    KC_Q_SEARCH_PAGE,
    KC_Q_VOCAB_TERMS,
    KC_Q_FEED_MEMBER,
    KC_Q_FEED_FORUM,
    KC_Q_FEED_EVENTS,
    /* issue 14: analytics and the newsletter (027) */
    KC_Q_STATS_FLUSH,
    KC_Q_ANALYTICS_TERMS,
    KC_Q_ANALYTICS_EMPTY,
    KC_Q_ANALYTICS_RISING,
    KC_Q_ANALYTICS_RECORDS,
    KC_Q_ANALYTICS_PROFILES,
    KC_Q_ANALYTICS_FOLLOWED,
    KC_Q_ANALYTICS_GAPS,
    KC_Q_ANALYTICS_SERIES,
    KC_Q_NL_LIST,
    KC_Q_NL_GET,
    KC_Q_NL_CONTENT,
    KC_Q_NL_SUGGESTIONS,
    KC_Q_NL_PREFS,
    KC_Q_NL_PROMOS,
    KC_Q_NL_CREATE,
    KC_Q_NL_UPDATE,
    KC_Q_NL_ADD,
    KC_Q_NL_REMOVE,
    KC_Q_NL_SEND,
    KC_Q_NL_PREFS_SET,
    KC_Q_NL_UNSUBSCRIBE,
    KC_Q_NL_RECOMMEND,
    KC_Q_NL_PROMO_REQUEST,
    KC_Q_NL_PROMO_DECIDE,
    KC_Q_NL_SEND_BATCH,
    KC_Q_SYNONYMS,
    KC_Q_SYNONYM_SAVE,
    KC_Q_SYNONYM_DELETE,
    KC_Q__COUNT
} kc_query_id_t;

/* Flags of a statement. */
#define KC_SQL_READ        0x01   /* no side effects: safe to retry */
#define KC_SQL_IDEMPOTENT  0x02   /* a write that is safe to repeat */
#define KC_SQL_ONESHOT     0x04   /* planned anew with its parameter values
                                   * at each run (unnamed statement): for the
                                   * search, whose unused filters must fold
                                   * away for the indexes to be used */

typedef struct {
    const char *label;     /* also the server-side statement name */
    const char *sql;       /* apr_dbd placeholders (%s), cast in SQL */
    int nargs;
    int flags;
    int ncols;             /* columns of its rows; 0: it returns none */
    const char *const *colnames;  /* their names (NULL-ended), or NULL:
                                   * only the count is checked (kc_sql.h) */
} kc_sql_t;

const kc_sql_t *kc_store_sql(kc_query_id_t id);
/* Look a statement up by its label (for tools and tests); NULL if unknown. */
const kc_sql_t *kc_store_sql_by_label(const char *label);

/* A fully fetched result. Cells are copied into the request pool; a SQL NULL
 * is a NULL pointer. */
typedef struct {
    int nrows;
    int ncols;
    const char **cells;    /* row-major */
} kc_rows_t;

/* Typed cells. `col` is a name from the statement's column list
 * (KC_C_<STATEMENT>_<COLUMN>, kc_sql.h), never a number. */

/* The text of a cell; NULL for SQL NULL. */
static APR_INLINE const char *kc_row_str(const kc_rows_t *rows, int row,
                                         int col)
{
    return rows->cells[row * rows->ncols + col];
}

static APR_INLINE int kc_row_isnull(const kc_rows_t *rows, int row, int col)
{
    return kc_row_str(rows, row, col) == NULL;
}

/* A bigint, 0 for SQL NULL. */
static APR_INLINE apr_int64_t kc_row_i64(const kc_rows_t *rows, int row,
                                         int col)
{
    const char *v = kc_row_str(rows, row, col);
    return v ? apr_atoi64(v) : 0;
}

/* An int, 0 for SQL NULL. */
static APR_INLINE int kc_row_int(const kc_rows_t *rows, int row, int col)
{
    const char *v = kc_row_str(rows, row, col);
    return v ? atoi(v) : 0;
}

/* A boolean as the pgsql driver writes it ("t"/"f"); false for SQL NULL. */
static APR_INLINE int kc_row_bool(const kc_rows_t *rows, int row, int col)
{
    const char *v = kc_row_str(rows, row, col);
    return v && *v == 't';
}

/* An int64 as a statement argument. */
static APR_INLINE const char *kc_arg_i64(apr_pool_t *p, apr_int64_t v)
{
    return apr_psprintf(p, "%" APR_INT64_T_FMT, v);
}

/* Run a select. Returns APR_SUCCESS, KC_EDBDOWN (no connection) or KC_EDB
 * (the statement failed; already logged). */
apr_status_t kc_store_select(kc_rows_t **out, request_rec *r, kc_query_id_t id,
                             const char **args);
/* Run a statement without a result set; *affected gets the row count. */
apr_status_t kc_store_exec(int *affected, request_rec *r, kc_query_id_t id,
                           const char **args);

/* Run an action: a statement whose one value is 'ok', 'ok:<id>' or an
 * error code (notfound, scope, ratelimit...; see the SQL functions).
 * *result is that code, with 'ok:<id>' turned into "ok" and the id put
 * in *id (0 otherwise; id may be NULL); "notfound" when there is no row
 * or the value is NULL. */
apr_status_t kc_store_action(const char **result, apr_int64_t *id,
                             request_rec *r, kc_query_id_t q,
                             const char **args);

/* ---- background work (jobs/): a connection of its own ------------------- */
/* A connection of its own (the options of server s's mod_dbd connections)
 * until kc_db_close; it lives in p, and so do results until
 * kc_db_use_pool. The same statements, retries and traps as for a
 * request. */
typedef struct kc_db_t kc_db_t;
apr_status_t kc_db_open(kc_db_t **out, server_rec *s, apr_pool_t *p);
void kc_db_close(kc_db_t *db);
/* Results (and one-shot statements) go to p from now on: a long-lived
 * connection's work of one run in that run's pool. */
void kc_db_use_pool(kc_db_t *db, apr_pool_t *p);
apr_pool_t *kc_db_pool(const kc_db_t *db);
server_rec *kc_db_server(const kc_db_t *db);
apr_status_t kc_db_select(kc_rows_t **out, kc_db_t *db, kc_query_id_t id,
                          const char **args);
apr_status_t kc_db_exec(int *affected, kc_db_t *db, kc_query_id_t id,
                        const char **args);
apr_status_t kc_db_action(const char **result, apr_int64_t *id, kc_db_t *db,
                          kc_query_id_t q, const char **args);
/* Notifications that arrived on db's connection since the last call
 * (LISTEN: kc_store_jobs.h), waiting up to wait_ms for one when none has.
 * *count is how many of kc_pages, *sessions how many of kc_sessions;
 * KC_EDBDOWN when the connection is gone (close it and open another). */
apr_status_t kc_db_notifications(kc_db_t *db, int wait_ms, int *count,
                                 int *sessions);

/* Split a U+001F-separated string_agg() into an array of const char *. */
apr_array_header_t *kc_store_split_names(apr_pool_t *p, const char *joined);

/* Check every label at start-up (unique, well-formed). */
apr_status_t kc_store_check_table(server_rec *s);

/* Resolve mod_dbd's optional functions (post_config). */
apr_status_t kc_store_init(server_rec *s);

#endif
