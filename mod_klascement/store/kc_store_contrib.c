/*
 * kc_store_contrib.c -- contributions, notifications, reports.
 */
#include "kc_store_contrib.h"

static const char *i64(apr_pool_t *p, apr_int64_t v)
{
    return apr_psprintf(p, "%" APR_INT64_T_FMT, v);
}

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
        c->code = kc_rows_get(rows, i, 0);
        c->name = kc_rows_get(rows, i, 1);
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

    args[0] = i64(r->pool, member);
    args[1] = c->kind;
    contrib_args(args + 2, c);
    rv = kc_store_select(&rows, r, KC_Q_CONTRIB_CREATE, args);
    if (rv == APR_SUCCESS) {
        *id = apr_atoi64(kc_rows_get(rows, 0, 0));
    }
    return rv;
}

static apr_status_t text_result(const char **result, request_rec *r,
                                kc_query_id_t q, const char **args)
{
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, q, args);
    if (rv == APR_SUCCESS) {
        *result = kc_rows_get(rows, 0, 0);
    }
    return rv;
}

apr_status_t kc_store_contrib_update(const char **result, request_rec *r,
                                     apr_int64_t member, apr_int64_t record,
                                     const kc_contribution_t *c)
{
    const char *args[14];

    args[0] = i64(r->pool, member);
    args[1] = i64(r->pool, record);
    contrib_args(args + 2, c);
    return text_result(result, r, KC_Q_CONTRIB_UPDATE, args);
}

apr_status_t kc_store_contrib_withdraw(const char **result, request_rec *r,
                                       apr_int64_t member, apr_int64_t record)
{
    const char *args[2] = { i64(r->pool, member), i64(r->pool, record) };
    return text_result(result, r, KC_Q_CONTRIB_WITHDRAW, args);
}

apr_status_t kc_store_contrib_duplicates(apr_array_header_t **out,
                                         request_rec *r, const char *url,
                                         const char *sha256,
                                         const char *title,
                                         apr_int64_t skip)
{
    const char *args[4] = { url ? url : "", sha256 ? sha256 : "", title,
                            i64(r->pool, skip) };
    kc_rows_t *rows;
    int i;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_CONTRIB_DUPLICATES, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_code_name_t));
    for (i = 0; i < rows->nrows; i++) {
        kc_code_name_t *d = apr_array_push(*out);
        d->code = kc_rows_get(rows, i, 0);
        d->name = kc_rows_get(rows, i, 1);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_contrib_mine(apr_array_header_t **out, request_rec *r,
                                   apr_int64_t member, const char *lang)
{
    const char *args[2] = { lang, i64(r->pool, member) };
    kc_rows_t *rows;
    int i;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_CONTRIB_MINE, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_my_record_t));
    for (i = 0; i < rows->nrows; i++) {
        kc_my_record_t *m = apr_array_push(*out);
        m->id = apr_atoi64(kc_rows_get(rows, i, 0));
        m->title = kc_rows_get(rows, i, 1);
        m->kind_name = kc_rows_get(rows, i, 2);
        m->state = kc_rows_get(rows, i, 3);
        m->submitted = kc_rows_get(rows, i, 4);
        m->reason = kc_rows_get(rows, i, 5);
        m->objection_filed = kc_rows_get(rows, i, 6)
                             && *kc_rows_get(rows, i, 6) == 't';
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_contrib_get(kc_own_record_t **out, request_rec *r,
                                  apr_int64_t member, apr_int64_t record)
{
    const char *args[2] = { i64(r->pool, record), i64(r->pool, member) };
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
    o->kind = kc_rows_get(rows, 0, 0);
    o->title = kc_rows_get(rows, 0, 1);
    o->description = kc_rows_get(rows, 0, 2);
    o->language = kc_rows_get(rows, 0, 3);
    o->licence = kc_rows_get(rows, 0, 4);
    o->url = kc_rows_get(rows, 0, 5);
    o->details = kc_rows_get(rows, 0, 6);
    o->subjects = kc_rows_get(rows, 0, 7);
    o->levels = kc_rows_get(rows, 0, 8);
    o->file_name = kc_rows_get(rows, 0, 9);
    o->state = kc_rows_get(rows, 0, 10);
    *out = o;
    return APR_SUCCESS;
}

apr_status_t kc_store_objection_file(const char **result, request_rec *r,
                                     apr_int64_t member, apr_int64_t record,
                                     const char *text)
{
    const char *args[3] = { i64(r->pool, member), i64(r->pool, record), text };
    return text_result(result, r, KC_Q_OBJECTION_FILE, args);
}

apr_status_t kc_store_notifications(apr_array_header_t **out, request_rec *r,
                                    apr_int64_t member, const char *lang)
{
    const char *args[2] = { lang, i64(r->pool, member) };
    kc_rows_t *rows;
    int i;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_NOTIFICATIONS, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_notification_t));
    for (i = 0; i < rows->nrows; i++) {
        kc_notification_t *n = apr_array_push(*out);
        n->id = apr_atoi64(kc_rows_get(rows, i, 0));
        n->kind = kc_rows_get(rows, i, 1);
        n->record_id = kc_rows_get(rows, i, 2)
                       ? apr_atoi64(kc_rows_get(rows, i, 2)) : 0;
        n->record_title = kc_rows_get(rows, i, 3);
        n->reason = kc_rows_get(rows, i, 4);
        n->at = kc_rows_get(rows, i, 5);
        n->unread = kc_rows_get(rows, i, 6) && *kc_rows_get(rows, i, 6) == 't';
        n->topic_id = kc_rows_get(rows, i, 7)
                      ? apr_atoi64(kc_rows_get(rows, i, 7)) : 0;
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_report_file(request_rec *r, apr_int64_t member,
                                  const char *target_type,
                                  apr_int64_t target_id, const char *reason,
                                  const char *text)
{
    const char *args[5] = { i64(r->pool, member), target_type,
                            i64(r->pool, target_id), reason, text };
    kc_rows_t *rows;
    return kc_store_select(&rows, r, KC_Q_REPORT_FILE, args);
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
    *name = kc_rows_get(rows, 0, 0);
    *url = kc_rows_get(rows, 0, 1);
    return APR_SUCCESS;
}
