/*
 * kc_store_contrib.c -- contributions, notifications, reports.
 */
#include "kc_store_contrib.h"
#include "kc_sql_contrib.h"

static apr_status_t code_names(apr_array_header_t **out, request_rec *r,
                               kc_query_id_t q, const char *lang)
{
    const char *args[1] = { lang };
    kc_rows_t *rows;
    int i;
    apr_status_t rv = kc_store_select(&rows, r, q, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows, sizeof(kc_code_name_t));
    for (i = 0; i < rows->nrows; i++) {
        kc_code_name_t *c = apr_array_push(*out);
        c->code = kc_row_str(rows, i, KC_C_CODE_NAME_CODE);
        c->name = kc_row_str(rows, i, KC_C_CODE_NAME_NAME);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_kinds(apr_array_header_t **out, request_rec *r,
                            const char *lang)
{
    return code_names(out, r, KC_Q_KINDS, lang);
}

apr_status_t kc_store_languages(apr_array_header_t **out, request_rec *r,
                                const char *lang)
{
    return code_names(out, r, KC_Q_LANGUAGES, lang);
}

/* The contribution's fields from the title on, as statement arguments. */
static void contrib_args(const char **a, const kc_contribution_t *c)
{
    a[0] = c->title;
    a[1] = c->description;
    a[2] = c->language;
    a[3] = c->licence;
    a[4] = c->url ? c->url : "";
    a[5] = c->details_json;
    a[6] = c->subjects;
    a[7] = c->levels;
    a[8] = c->file_sha256 ? c->file_sha256 : "";
    a[9] = c->file_name ? c->file_name : "";
    a[10] = c->file_type ? c->file_type : "";
    a[11] = c->file_size ? c->file_size : "";
}

apr_status_t kc_store_contrib_create(apr_int64_t *id, request_rec *r,
                                     apr_int64_t member,
                                     const kc_contribution_t *c)
{
    const char *args[14];
    kc_rows_t *rows;
    apr_status_t rv;

    args[0] = kc_arg_i64(r->pool, member);
    args[1] = c->kind;
    contrib_args(args + 2, c);
    rv = kc_store_select(&rows, r, KC_Q_CONTRIB_CREATE, args);
    if (rv == APR_SUCCESS) {
        *id = kc_row_i64(rows, 0, KC_C_VALUE);
    }
    return rv;
}

static apr_status_t text_result(const char **result, request_rec *r,
                                kc_query_id_t q, const char **args)
{
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, q, args);
    if (rv == APR_SUCCESS) {
        *result = kc_row_str(rows, 0, KC_C_VALUE);
    }
    return rv;
}

apr_status_t kc_store_contrib_update(const char **result, request_rec *r,
                                     apr_int64_t member, apr_int64_t record,
                                     const kc_contribution_t *c)
{
    const char *args[14];

    args[0] = kc_arg_i64(r->pool, member);
    args[1] = kc_arg_i64(r->pool, record);
    contrib_args(args + 2, c);
    return text_result(result, r, KC_Q_CONTRIB_UPDATE, args);
}

apr_status_t kc_store_contrib_withdraw(const char **result, request_rec *r,
                                       apr_int64_t member, apr_int64_t record)
{
    const char *args[2] = { kc_arg_i64(r->pool, member),
                            kc_arg_i64(r->pool, record) };
    return text_result(result, r, KC_Q_CONTRIB_WITHDRAW, args);
}

apr_status_t kc_store_contrib_duplicates(apr_array_header_t **out,
                                         request_rec *r, const char *url,
                                         const char *sha256,
                                         const char *title,
                                         apr_int64_t skip)
{
    const char *args[4] = { url ? url : "", sha256 ? sha256 : "", title,
                            kc_arg_i64(r->pool, skip) };
    kc_rows_t *rows;
    int i;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_CONTRIB_DUPLICATES, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_code_name_t));
    for (i = 0; i < rows->nrows; i++) {
        kc_code_name_t *d = apr_array_push(*out);
        d->code = kc_row_str(rows, i, KC_C_CONTRIB_DUPLICATES_ID);
        d->name = kc_row_str(rows, i, KC_C_CONTRIB_DUPLICATES_TITLE);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_contrib_mine(apr_array_header_t **out, request_rec *r,
                                   apr_int64_t member, const char *lang)
{
    const char *args[2] = { lang, kc_arg_i64(r->pool, member) };
    kc_rows_t *rows;
    int i;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_CONTRIB_MINE, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_my_record_t));
    for (i = 0; i < rows->nrows; i++) {
        kc_my_record_t *m = apr_array_push(*out);
#define COL(col) KC_C_CONTRIB_MINE_##col
        m->id = kc_row_i64(rows, i, COL(ID));
        m->title = kc_row_str(rows, i, COL(TITLE));
        m->kind_name = kc_row_str(rows, i, COL(KIND_NAME));
        m->state = kc_row_str(rows, i, COL(STATE));
        m->submitted = kc_row_str(rows, i, COL(SUBMITTED));
        m->reason = kc_row_str(rows, i, COL(REASON));
        m->objection_filed = kc_row_bool(rows, i, COL(OBJECTION_FILED));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_contrib_get(kc_own_record_t **out, request_rec *r,
                                  apr_int64_t member, apr_int64_t record)
{
    const char *args[2] = { kc_arg_i64(r->pool, record),
                            kc_arg_i64(r->pool, member) };
    kc_rows_t *rows;
    kc_own_record_t *o;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_CONTRIB_GET, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    o = apr_pcalloc(r->pool, sizeof(*o));
#define COL(col) KC_C_CONTRIB_GET_##col
    o->kind = kc_row_str(rows, 0, COL(KIND));
    o->title = kc_row_str(rows, 0, COL(TITLE));
    o->description = kc_row_str(rows, 0, COL(DESCRIPTION));
    o->language = kc_row_str(rows, 0, COL(LANGUAGE));
    o->licence = kc_row_str(rows, 0, COL(LICENCE));
    o->url = kc_row_str(rows, 0, COL(URL));
    o->details = kc_row_str(rows, 0, COL(DETAILS));
    o->subjects = kc_row_str(rows, 0, COL(SUBJECTS));
    o->levels = kc_row_str(rows, 0, COL(LEVELS));
    o->file_name = kc_row_str(rows, 0, COL(FILE_NAME));
    o->state = kc_row_str(rows, 0, COL(STATE));
#undef COL
    *out = o;
    return APR_SUCCESS;
}

apr_status_t kc_store_objection_file(const char **result, request_rec *r,
                                     apr_int64_t member, apr_int64_t record,
                                     const char *text)
{
    const char *args[3] = { kc_arg_i64(r->pool, member),
                            kc_arg_i64(r->pool, record), text };
    return text_result(result, r, KC_Q_OBJECTION_FILE, args);
}

apr_status_t kc_store_notifications(apr_array_header_t **out, request_rec *r,
                                    apr_int64_t member, const char *lang)
{
    const char *args[2] = { lang, kc_arg_i64(r->pool, member) };
    kc_rows_t *rows;
    int i;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_NOTIFICATIONS, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_notification_t));
    for (i = 0; i < rows->nrows; i++) {
        kc_notification_t *n = apr_array_push(*out);
#define COL(col) KC_C_NOTIFICATIONS_##col
        n->id = kc_row_i64(rows, i, COL(ID));
        n->kind = kc_row_str(rows, i, COL(KIND));
        n->record_id = kc_row_i64(rows, i, COL(RECORD_ID));
        n->record_title = kc_row_str(rows, i, COL(TITLE));
        n->reason = kc_row_str(rows, i, COL(REASON));
        n->at = kc_row_str(rows, i, COL(AT));
        n->unread = kc_row_bool(rows, i, COL(UNREAD));
        n->topic_id = kc_row_i64(rows, i, COL(TOPIC_ID));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_report_file(const char **result, request_rec *r,
                                  apr_int64_t member,
                                  const char *target_type,
                                  apr_int64_t target_id, const char *reason,
                                  const char *text)
{
    const char *args[5] = { kc_arg_i64(r->pool, member), target_type,
                            kc_arg_i64(r->pool, target_id), reason, text };
    return kc_store_action(result, NULL, r, KC_Q_REPORT_FILE, args);
}

apr_status_t kc_store_licence(const char **name, const char **url,
                              request_rec *r, const char *code)
{
    const char *args[1] = { code };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_LICENCE, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    *name = kc_row_str(rows, 0, KC_C_LICENCE_NAME);
    *url = kc_row_str(rows, 0, KC_C_LICENCE_URL);
    return APR_SUCCESS;
}
