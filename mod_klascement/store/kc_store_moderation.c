/*
 * kc_store_moderation.c -- typed results for the moderation and admin pages.
 */
#include "kc_store_moderation.h"
#include "kc_sql_moderation.h"

apr_status_t kc_store_mod_queue(apr_array_header_t **out, request_rec *r,
                                const char *lang, apr_int64_t moderator)
{
    const char *args[2] = { lang, kc_arg_i64(r->pool, moderator) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MOD_QUEUE, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_queue_item_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_queue_item_t *q = apr_array_push(*out);
#define COL(col) KC_C_MOD_QUEUE_##col
        q->id = kc_row_i64(rows, row, COL(ID));
        q->kind = kc_row_str(rows, row, COL(KIND));
        q->kind_name = kc_row_str(rows, row, COL(KIND_NAME));
        q->title = kc_row_str(rows, row, COL(TITLE));
        q->author_name = kc_row_str(rows, row, COL(AUTHOR_NAME));
        q->author_id = kc_row_i64(rows, row, COL(AUTHOR_ID));
        q->submitted = kc_row_str(rows, row, COL(SUBMITTED));
        q->resubmitted = kc_row_bool(rows, row, COL(RESUBMITTED));
        q->published_count = kc_row_str(rows, row, COL(PUBLISHED_COUNT));
        q->refused_count = kc_row_str(rows, row, COL(REFUSED_COUNT));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_mod_reports(apr_array_header_t **out,
                                  apr_int64_t *total, request_rec *r,
                                  apr_int64_t moderator, int newest,
                                  int limit, apr_int64_t offset)
{
    const char *args[4] = { kc_arg_i64(r->pool, moderator),
                            newest ? "newest" : "oldest",
                            kc_arg_i64(r->pool, limit),
                            kc_arg_i64(r->pool, offset) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MOD_REPORTS, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *total = rows->nrows ? kc_row_i64(rows, 0, KC_C_MOD_REPORTS_TOTAL) : 0;
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_report_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_report_t *p = apr_array_push(*out);
#define COL(col) KC_C_MOD_REPORTS_##col
        p->id = kc_row_i64(rows, row, COL(ID));
        p->reason = kc_row_str(rows, row, COL(REASON));
        p->text = kc_row_str(rows, row, COL(TEXT));
        p->target_type = kc_row_str(rows, row, COL(TARGET_TYPE));
        p->target_id = kc_row_i64(rows, row, COL(TARGET_ID));
        p->target_title = kc_row_str(rows, row, COL(TARGET_TITLE));
        p->reporter_name = kc_row_str(rows, row, COL(REPORTER_NAME));
        p->reporter_id = kc_row_i64(rows, row, COL(REPORTER_ID));
        p->date = kc_row_str(rows, row, COL(DATE));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_mod_scope(apr_array_header_t **out, request_rec *r,
                                const char *labels, apr_int64_t member)
{
    const char *args[2] = { labels, kc_arg_i64(r->pool, member) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MOD_SCOPE, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(const char *));
    for (row = 0; row < rows->nrows; row++) {
        APR_ARRAY_PUSH(*out, const char *) = kc_row_str(rows, row, KC_C_VALUE);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_mod_in_scope(int *in_scope, request_rec *r,
                                   apr_int64_t moderator, apr_int64_t record)
{
    const char *args[2] = { kc_arg_i64(r->pool, moderator),
                            kc_arg_i64(r->pool, record) };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MOD_IN_SCOPE, args);

    if (rv == APR_SUCCESS) {
        *in_scope = rows->nrows && kc_row_bool(rows, 0, KC_C_VALUE);
    }
    return rv;
}

apr_status_t kc_store_record_history(apr_array_header_t **out,
                                     request_rec *r, apr_int64_t record)
{
    const char *args[1] = { kc_arg_i64(r->pool, record) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_RECORD_HISTORY, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_round_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_round_t *h = apr_array_push(*out);
#define COL(col) KC_C_RECORD_HISTORY_##col
        h->action = kc_row_str(rows, row, COL(ACTION));
        h->actor_name = kc_row_str(rows, row, COL(ACTOR_NAME));
        h->reason = kc_row_str(rows, row, COL(REASON));
        h->date = kc_row_str(rows, row, COL(DATE));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_record_taxonomy_ids(const char **subjects,
                                          const char **levels,
                                          const char **version,
                                          request_rec *r, apr_int64_t record)
{
    const char *args[1] = { kc_arg_i64(r->pool, record) };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_RECORD_TAXONOMY_IDS,
                                      args);
    if (rv == APR_SUCCESS) {
#define COL(col) KC_C_RECORD_TAXONOMY_IDS_##col
        *subjects = kc_row_str(rows, 0, COL(SUBJECTS));
        *levels = kc_row_str(rows, 0, COL(LEVELS));
        *version = kc_row_str(rows, 0, COL(VERSION));
#undef COL
    }
    return rv;
}

apr_status_t kc_store_admin_counts(kc_admin_counts_t *out, request_rec *r)
{
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_ADMIN_COUNTS, NULL);

    if (rv == APR_SUCCESS) {
#define COL(col) KC_C_ADMIN_COUNTS_##col
        out->objections = kc_row_i64(rows, 0, COL(OBJECTIONS));
        out->reports = kc_row_i64(rows, 0, COL(REPORTS));
        out->pending = kc_row_i64(rows, 0, COL(PENDING));
#undef COL
    }
    return rv;
}

apr_status_t kc_store_admin_objections(apr_array_header_t **out,
                                       request_rec *r)
{
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_ADMIN_OBJECTIONS, NULL);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_objection_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_objection_t *o = apr_array_push(*out);
#define COL(col) KC_C_ADMIN_OBJECTIONS_##col
        o->record_id = kc_row_i64(rows, row, COL(RECORD_ID));
        o->record_title = kc_row_str(rows, row, COL(RECORD_TITLE));
        o->refusal_code = kc_row_str(rows, row, COL(REFUSAL_CODE));
        o->refusal_reason = kc_row_str(rows, row, COL(REFUSAL_REASON));
        o->text = kc_row_str(rows, row, COL(TEXT));
        o->member_name = kc_row_str(rows, row, COL(MEMBER_NAME));
        o->member_id = kc_row_i64(rows, row, COL(MEMBER_ID));
        o->date = kc_row_str(rows, row, COL(DATE));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_admin_record(kc_admin_record_t **out, request_rec *r,
                                   const char *lang, apr_int64_t id)
{
    const char *args[2] = { lang, kc_arg_i64(r->pool, id) };
    kc_rows_t *rows;
    kc_admin_record_t *a;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_ADMIN_RECORD, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    a = apr_pcalloc(r->pool, sizeof(*a));
#define COL(col) KC_C_ADMIN_RECORD_##col
    a->id = kc_row_i64(rows, 0, COL(ID));
    a->title = kc_row_str(rows, 0, COL(TITLE));
    a->kind_name = kc_row_str(rows, 0, COL(KIND_NAME));
    a->author_name = kc_row_str(rows, 0, COL(AUTHOR_NAME));
    a->author_id = kc_row_i64(rows, 0, COL(AUTHOR_ID));
    a->state = kc_row_str(rows, 0, COL(STATE));
    a->submitted = kc_row_str(rows, 0, COL(SUBMITTED));
    a->published = kc_row_str(rows, 0, COL(PUBLISHED));
#undef COL
    *out = a;
    return APR_SUCCESS;
}

/* The columns of kc_admin_members, which also begin kc_admin_member's
 * (KC_ADMIN_MEMBER_COLS). */
static void read_member(kc_admin_member_t *m, const kc_rows_t *rows, int row)
{
#define COL(col) KC_C_ADMIN_MEMBERS_##col
    m->id = kc_row_i64(rows, row, COL(ID));
    m->name = kc_row_str(rows, row, COL(NAME));
    m->email = kc_row_str(rows, row, COL(EMAIL));
    m->role = kc_row_str(rows, row, COL(ROLE));
    m->banned = kc_row_bool(rows, row, COL(BANNED));
#undef COL
}

apr_status_t kc_store_admin_members(apr_array_header_t **out, request_rec *r,
                                    const char *q)
{
    const char *args[1] = { q };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_ADMIN_MEMBERS, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1,
                          sizeof(kc_admin_member_t));
    for (row = 0; row < rows->nrows; row++) {
        read_member(apr_array_push(*out), rows, row);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_admin_member(kc_admin_member_t **out, request_rec *r,
                                   apr_int64_t id)
{
    const char *args[1] = { kc_arg_i64(r->pool, id) };
    kc_rows_t *rows;
    kc_admin_member_t *m;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_ADMIN_MEMBER, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    m = apr_pcalloc(r->pool, sizeof(*m));
    read_member(m, rows, 0);
#define COL(col) KC_C_ADMIN_MEMBER_##col
    m->banned_until = kc_row_str(rows, 0, COL(BANNED_UNTIL));
    m->ban_permanent = kc_row_bool(rows, 0, COL(BAN_PERMANENT));
    m->ban_reason = kc_row_str(rows, 0, COL(BAN_REASON));
    m->deleted = kc_row_bool(rows, 0, COL(DELETED));
#undef COL
    *out = m;
    return APR_SUCCESS;
}

apr_status_t kc_store_member_scope_ids(const char **levels,
                                       const char **subjects, request_rec *r,
                                       apr_int64_t member)
{
    const char *args[1] = { kc_arg_i64(r->pool, member) };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MEMBER_SCOPE_IDS, args);
    if (rv == APR_SUCCESS) {
#define COL(col) KC_C_MEMBER_SCOPE_IDS_##col
        *levels = kc_row_str(rows, 0, COL(LEVELS));
        *subjects = kc_row_str(rows, 0, COL(SUBJECTS));
#undef COL
    }
    return rv;
}

apr_status_t kc_store_audit_page(apr_array_header_t **out, apr_int64_t *total,
                                 request_rec *r, apr_int64_t actor,
                                 const char *action, apr_int64_t offset,
                                 int limit)
{
    const char *args[4] = { kc_arg_i64(r->pool, actor), action ? action : "",
                            apr_itoa(r->pool, limit),
                            kc_arg_i64(r->pool, offset) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_AUDIT_PAGE, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, limit, sizeof(kc_audit_row_t));
    *total = 0;
    for (row = 0; row < rows->nrows; row++) {
        kc_audit_row_t *a;
#define COL(col) KC_C_AUDIT_PAGE_##col
        *total = kc_row_i64(rows, row, COL(TOTAL));
        if (kc_row_isnull(rows, row, COL(DATE))) {
            continue;
        }
        a = apr_array_push(*out);
        a->date = kc_row_str(rows, row, COL(DATE));
        a->actor_name = kc_row_str(rows, row, COL(ACTOR_NAME));
        a->actor_id = kc_row_i64(rows, row, COL(ACTOR_ID));
        a->action = kc_row_str(rows, row, COL(ACTION));
        a->target_type = kc_row_str(rows, row, COL(TARGET_TYPE));
        a->target_id = kc_row_i64(rows, row, COL(TARGET_ID));
        a->reason = kc_row_str(rows, row, COL(REASON));
        a->details = kc_row_str(rows, row, COL(DETAILS));
#undef COL
    }
    return APR_SUCCESS;
}
