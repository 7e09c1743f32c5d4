/*
 * kc_store_moderation.c -- typed results for the moderation and admin pages.
 */
#include "kc_store_moderation.h"

#define GET(i) kc_rows_get(rows, row, (i))
#define I64(i) (GET(i) ? apr_atoi64(GET(i)) : 0)
#define BOOL(i) (GET(i) && *GET(i) == 't')

static const char *i64(apr_pool_t *p, apr_int64_t v)
{
    return apr_psprintf(p, "%" APR_INT64_T_FMT, v);
}

apr_status_t kc_store_action(const char **result, request_rec *r,
                             kc_query_id_t id, const char **args)
{
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, id, args);
    if (rv == APR_SUCCESS) {
        *result = rows->nrows ? kc_rows_get(rows, 0, 0) : "notfound";
        *result = *result ? *result : "notfound";
    }
    return rv;
}

apr_status_t kc_store_mod_queue(apr_array_header_t **out, request_rec *r,
                                const char *lang, apr_int64_t moderator)
{
    const char *args[2] = { lang, i64(r->pool, moderator) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MOD_QUEUE, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_queue_item_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_queue_item_t *q = apr_array_push(*out);
        q->id = I64(0);
        q->kind = GET(1);
        q->kind_name = GET(2);
        q->title = GET(3);
        q->author_name = GET(4);
        q->author_id = I64(5);
        q->submitted = GET(6);
        q->resubmitted = BOOL(7);
        q->published_count = GET(8);
        q->refused_count = GET(9);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_mod_reports(apr_array_header_t **out, request_rec *r)
{
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MOD_REPORTS, NULL);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_report_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_report_t *p = apr_array_push(*out);
        p->id = I64(0);
        p->reason = GET(1);
        p->text = GET(2);
        p->target_type = GET(3);
        p->target_id = I64(4);
        p->target_title = GET(5);
        p->reporter_name = GET(6);
        p->reporter_id = I64(7);
        p->date = GET(8);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_mod_scope(apr_array_header_t **out, request_rec *r,
                                const char *labels, apr_int64_t member)
{
    const char *args[2] = { labels, i64(r->pool, member) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MOD_SCOPE, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(const char *));
    for (row = 0; row < rows->nrows; row++) {
        APR_ARRAY_PUSH(*out, const char *) = GET(0);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_mod_in_scope(int *in_scope, request_rec *r,
                                   apr_int64_t moderator, apr_int64_t record)
{
    const char *args[2] = { i64(r->pool, moderator), i64(r->pool, record) };
    kc_rows_t *rows;
    int row = 0;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MOD_IN_SCOPE, args);

    if (rv == APR_SUCCESS) {
        *in_scope = rows->nrows && BOOL(0);
    }
    return rv;
}

apr_status_t kc_store_record_history(apr_array_header_t **out,
                                     request_rec *r, apr_int64_t record)
{
    const char *args[1] = { i64(r->pool, record) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_RECORD_HISTORY, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_round_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_round_t *h = apr_array_push(*out);
        h->action = GET(0);
        h->actor_name = GET(1);
        h->reason = GET(2);
        h->date = GET(3);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_record_taxonomy_ids(const char **subjects,
                                          const char **levels,
                                          request_rec *r, apr_int64_t record)
{
    const char *args[1] = { i64(r->pool, record) };
    kc_rows_t *rows;
    int row = 0;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_RECORD_TAXONOMY_IDS,
                                      args);
    if (rv == APR_SUCCESS) {
        *subjects = GET(0);
        *levels = GET(1);
    }
    return rv;
}

apr_status_t kc_store_admin_counts(kc_admin_counts_t *out, request_rec *r)
{
    kc_rows_t *rows;
    int row = 0;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_ADMIN_COUNTS, NULL);

    if (rv == APR_SUCCESS) {
        out->objections = I64(0);
        out->reports = I64(1);
        out->pending = I64(2);
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
        o->record_id = I64(0);
        o->record_title = GET(1);
        o->refusal_code = GET(2);
        o->refusal_reason = GET(3);
        o->text = GET(4);
        o->member_name = GET(5);
        o->member_id = I64(6);
        o->date = GET(7);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_admin_record(kc_admin_record_t **out, request_rec *r,
                                   const char *lang, apr_int64_t id)
{
    const char *args[2] = { lang, i64(r->pool, id) };
    kc_rows_t *rows;
    kc_admin_record_t *a;
    int row = 0;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_ADMIN_RECORD, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    a = apr_pcalloc(r->pool, sizeof(*a));
    a->id = I64(0);
    a->title = GET(1);
    a->kind_name = GET(2);
    a->author_name = GET(3);
    a->author_id = I64(4);
    a->state = GET(5);
    a->submitted = GET(6);
    a->published = GET(7);
    *out = a;
    return APR_SUCCESS;
}

static void read_member(kc_admin_member_t *m, const kc_rows_t *rows, int row)
{
    m->id = I64(0);
    m->name = GET(1);
    m->email = GET(2);
    m->role = GET(3);
    m->banned = BOOL(4);
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
    const char *args[1] = { i64(r->pool, id) };
    kc_rows_t *rows;
    kc_admin_member_t *m;
    int row = 0;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_ADMIN_MEMBER, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    m = apr_pcalloc(r->pool, sizeof(*m));
    read_member(m, rows, 0);
    m->banned_until = GET(5);
    m->ban_permanent = BOOL(6);
    m->ban_reason = GET(7);
    m->deleted = BOOL(8);
    *out = m;
    return APR_SUCCESS;
}

apr_status_t kc_store_member_scope_ids(const char **levels,
                                       const char **subjects, request_rec *r,
                                       apr_int64_t member)
{
    const char *args[1] = { i64(r->pool, member) };
    kc_rows_t *rows;
    int row = 0;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MEMBER_SCOPE_IDS, args);
    if (rv == APR_SUCCESS) {
        *levels = GET(0);
        *subjects = GET(1);
    }
    return rv;
}

apr_status_t kc_store_audit_page(apr_array_header_t **out, apr_int64_t *total,
                                 request_rec *r, apr_int64_t actor,
                                 const char *action, apr_int64_t offset,
                                 int limit)
{
    const char *args[4] = { i64(r->pool, actor), action ? action : "",
                            apr_itoa(r->pool, limit), i64(r->pool, offset) };
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
        *total = I64(0);
        if (!GET(1)) {
            continue;
        }
        a = apr_array_push(*out);
        a->date = GET(1);
        a->actor_name = GET(2);
        a->actor_id = I64(3);
        a->action = GET(4);
        a->target_type = GET(5);
        a->target_id = I64(6);
        a->reason = GET(7);
        a->details = GET(8);
    }
    return APR_SUCCESS;
}
