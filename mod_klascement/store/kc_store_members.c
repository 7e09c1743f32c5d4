/*
 * kc_store_members.c -- members, sessions, logins, the ledger: typed
 * wrappers around the label table.
 */
#include "kc_store_members.h"

#include <stdlib.h>

static const char *i64(apr_pool_t *p, apr_int64_t v)
{
    return apr_psprintf(p, "%" APR_INT64_T_FMT, v);
}

static int is_true(const char *v)
{
    return v && *v == 't';
}

/* ---- sessions ------------------------------------------------------------ */

apr_status_t kc_store_session_get(kc_session_t **out, request_rec *r,
                                  const char *token, int idle_seconds)
{
    const char *args[2] = { token, apr_itoa(r->pool, idle_seconds) };
    kc_rows_t *rows;
    kc_session_t *s;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_SESSION_GET, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    s = apr_pcalloc(r->pool, sizeof(*s));
    s->user = kc_rows_get(rows, 0, 0);
    s->member_id = apr_atoi64(s->user);
    s->role = kc_rows_get(rows, 0, 1);
    s->first_name = kc_rows_get(rows, 0, 2);
    s->name = apr_pstrcat(r->pool, s->first_name, " ",
                          kc_rows_get(rows, 0, 3), NULL);
    s->lang = kc_rows_get(rows, 0, 4);
    s->csrf = kc_rows_get(rows, 0, 5);
    s->country = kc_rows_get(rows, 0, 6);
    s->age_days = atoi(kc_rows_get(rows, 0, 7) ? kc_rows_get(rows, 0, 7) : "0");
    s->unread = apr_atoi64(kc_rows_get(rows, 0, 8) ? kc_rows_get(rows, 0, 8)
                                                   : "0");
    if (is_true(kc_rows_get(rows, 0, 9))) {
        /* Seen again after a minute or more: keep the session from idling
         * out. A failure here costs nothing but this refresh. */
        rv = kc_store_exec(NULL, r, KC_Q_SESSION_TOUCH, args);
        if (rv != APR_SUCCESS) {
            ap_log_rerror(APLOG_MARK, APLOG_DEBUG, rv, r, KC_LOGNO(0220)
                          "refreshing the session's last-seen time failed");
        }
    }
    *out = s;
    return APR_SUCCESS;
}

apr_status_t kc_store_session_create(request_rec *r, const char *token,
                                     apr_int64_t member_id, const char *csrf,
                                     int lifetime_seconds, const char *ip,
                                     const char *user_agent)
{
    const char *args[6] = { token, i64(r->pool, member_id), csrf,
                            apr_itoa(r->pool, lifetime_seconds), ip,
                            user_agent ? user_agent : "" };
    return kc_store_exec(NULL, r, KC_Q_SESSION_CREATE, args);
}

apr_status_t kc_store_session_delete(request_rec *r, const char *token)
{
    const char *args[1] = { token };
    return kc_store_exec(NULL, r, KC_Q_SESSION_DELETE, args);
}

apr_status_t kc_store_session_delete_member(request_rec *r,
                                            apr_int64_t member_id)
{
    const char *args[1] = { i64(r->pool, member_id) };
    return kc_store_exec(NULL, r, KC_Q_SESSION_DELETE_MEMBER, args);
}

/* ---- registration and login ---------------------------------------------- */

apr_status_t kc_store_member_register(apr_int64_t *member_id, request_rec *r,
                                      const kc_registration_t *reg)
{
    const char *args[8] = { reg->email, reg->password_hash, reg->first_name,
                            reg->surname, reg->country, reg->birthday,
                            reg->edu_role, reg->lang };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MEMBER_REGISTER, args);

    if (rv == APR_SUCCESS) {
        *member_id = apr_atoi64(kc_rows_get(rows, 0, 0));
    }
    return rv;
}

apr_status_t kc_store_login_member(kc_login_member_t **out, request_rec *r,
                                   const char *email)
{
    const char *args[1] = { email };
    kc_rows_t *rows;
    kc_login_member_t *m;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MEMBER_LOGIN, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    m = apr_pcalloc(r->pool, sizeof(*m));
    m->id = apr_atoi64(kc_rows_get(rows, 0, 0));
    m->password_hash = kc_rows_get(rows, 0, 1);
    m->banned = is_true(kc_rows_get(rows, 0, 2));
    m->ban_permanent = is_true(kc_rows_get(rows, 0, 3));
    m->banned_until = kc_rows_get(rows, 0, 4);
    *out = m;
    return APR_SUCCESS;
}

apr_status_t kc_store_login_throttled(int *throttled, request_rec *r,
                                      const char *email, const char *ip)
{
    const char *args[2] = { email, ip };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_LOGIN_THROTTLED, args);

    if (rv == APR_SUCCESS) {
        *throttled = is_true(kc_rows_get(rows, 0, 0));
    }
    return rv;
}

apr_status_t kc_store_login_failure(request_rec *r, const char *email,
                                    const char *ip)
{
    const char *args[2] = { email, ip };
    return kc_store_exec(NULL, r, KC_Q_LOGIN_FAILURE, args);
}

/* ---- profiles ------------------------------------------------------------ */

apr_status_t kc_store_profile(kc_profile_t **out, request_rec *r,
                              apr_int64_t id, const char *labels)
{
    const char *args[2] = { labels, i64(r->pool, id) };
    kc_rows_t *rows;
    kc_profile_t *m;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MEMBER_PROFILE, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    m = apr_pcalloc(r->pool, sizeof(*m));
    m->id = apr_atoi64(kc_rows_get(rows, 0, 0));
    m->first_name = kc_rows_get(rows, 0, 1);
    m->surname = kc_rows_get(rows, 0, 2);
    m->expertise = kc_rows_get(rows, 0, 3);
    m->organisation = kc_rows_get(rows, 0, 4);
    m->has_picture = is_true(kc_rows_get(rows, 0, 5));
    m->country = kc_rows_get(rows, 0, 6);
    m->member_since = kc_rows_get(rows, 0, 7);
    m->role = kc_rows_get(rows, 0, 8);
    m->lang = kc_rows_get(rows, 0, 9);
    m->subjects = kc_store_split_names(r->pool, kc_rows_get(rows, 0, 10));
    m->levels = kc_store_split_names(r->pool, kc_rows_get(rows, 0, 11));
    *out = m;
    return APR_SUCCESS;
}

apr_status_t kc_store_member_taxonomy(apr_array_header_t **subjects,
                                      apr_array_header_t **levels,
                                      request_rec *r, apr_int64_t member_id,
                                      const char *labels)
{
    const char *args[2] = { labels, i64(r->pool, member_id) };
    kc_rows_t *rows;
    int i;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MEMBER_TAXONOMY, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *subjects = apr_array_make(r->pool, 32, sizeof(kc_choice_t));
    *levels = apr_array_make(r->pool, 16, sizeof(kc_choice_t));
    for (i = 0; i < rows->nrows; i++) {
        const char *which = kc_rows_get(rows, i, 0);
        kc_choice_t *c = apr_array_push(*which == 's' ? *subjects : *levels);
        c->id = atoi(kc_rows_get(rows, i, 1));
        c->name = kc_rows_get(rows, i, 2);
        c->checked = is_true(kc_rows_get(rows, i, 3));
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_profile_update(request_rec *r, apr_int64_t member_id,
                                     const kc_profile_update_t *u)
{
    const char *args[11] = { i64(r->pool, member_id), u->first_name,
                             u->surname, u->expertise, u->organisation,
                             u->lang, u->subjects, u->levels, u->picture,
                             u->picture_sha256, u->picture_type };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MEMBER_UPDATE, args);

    if (rv == APR_SUCCESS && !is_true(kc_rows_get(rows, 0, 0))) {
        return APR_NOTFOUND;
    }
    return rv;
}

apr_status_t kc_store_member_picture(const char **sha256, const char **type,
                                     request_rec *r, apr_int64_t member_id)
{
    const char *args[1] = { i64(r->pool, member_id) };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MEMBER_PICTURE, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    *sha256 = kc_rows_get(rows, 0, 0);
    *type = kc_rows_get(rows, 0, 1);
    return APR_SUCCESS;
}

/* ---- password and deletion ----------------------------------------------- */

apr_status_t kc_store_password_hash(const char **hash, request_rec *r,
                                    apr_int64_t member_id)
{
    const char *args[1] = { i64(r->pool, member_id) };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MEMBER_PASSWORD_HASH,
                                      args);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0 || !kc_rows_get(rows, 0, 0)) {
        return APR_NOTFOUND;
    }
    *hash = kc_rows_get(rows, 0, 0);
    return APR_SUCCESS;
}

apr_status_t kc_store_password_set(request_rec *r, apr_int64_t member_id,
                                   const char *hash, const char *keep_token)
{
    const char *args[3] = { hash, i64(r->pool, member_id), keep_token };
    return kc_store_exec(NULL, r, KC_Q_MEMBER_PASSWORD_SET, args);
}

apr_status_t kc_store_member_delete(request_rec *r, apr_int64_t member_id)
{
    const char *args[1] = { i64(r->pool, member_id) };
    kc_rows_t *rows;
    return kc_store_select(&rows, r, KC_Q_MEMBER_DELETE, args);
}

/* ---- the ledger ---------------------------------------------------------- */

apr_status_t kc_store_ledger_page(kc_ledger_page_t **out, request_rec *r,
                                  apr_int64_t member_id, const char *lang,
                                  apr_int64_t offset, int limit)
{
    const char *args[4] = { i64(r->pool, member_id), lang,
                            apr_itoa(r->pool, limit), i64(r->pool, offset) };
    kc_rows_t *rows;
    kc_ledger_page_t *page;
    int i;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_LEDGER_PAGE, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    page = apr_pcalloc(r->pool, sizeof(*page));
    page->rows = apr_array_make(r->pool, limit, sizeof(kc_ledger_row_t));
    page->balance = apr_atoi64(kc_rows_get(rows, 0, 0));
    page->total = apr_atoi64(kc_rows_get(rows, 0, 1));
    for (i = 0; i < rows->nrows; i++) {
        kc_ledger_row_t *row;
        if (!kc_rows_get(rows, i, 2)) {
            continue;              /* page past the end */
        }
        row = apr_array_push(page->rows);
        row->date = kc_rows_get(rows, i, 2);
        row->event = kc_rows_get(rows, i, 3);
        row->event_name = kc_rows_get(rows, i, 4);
        row->amount = apr_atoi64(kc_rows_get(rows, i, 5));
        row->subject = kc_rows_get(rows, i, 6);
        row->what = kc_rows_get(rows, i, 7);
        row->note = kc_rows_get(rows, i, 8);
    }
    *out = page;
    return APR_SUCCESS;
}
