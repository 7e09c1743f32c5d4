/*
 * kc_store_members.c -- members, sessions, logins, the ledger: typed
 * wrappers around the label table.
 */
#include "kc_store_members.h"
#include "kc_store_sessions.h"
#include "kc_sql_members.h"

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
#define COL(col) KC_C_SESSION_GET_##col
    s->user = kc_row_str(rows, 0, COL(MEMBER_ID));
    s->member_id = kc_row_i64(rows, 0, COL(MEMBER_ID));
    s->role = kc_row_str(rows, 0, COL(ROLE));
    s->first_name = kc_row_str(rows, 0, COL(FIRST_NAME));
    s->name = apr_pstrcat(r->pool, s->first_name, " ",
                          kc_row_str(rows, 0, COL(SURNAME)), NULL);
    s->lang = kc_row_str(rows, 0, COL(LANG));
    s->csrf = kc_row_str(rows, 0, COL(CSRF_SECRET));
    s->country = kc_row_str(rows, 0, COL(COUNTRY));
    s->age_days = kc_row_int(rows, 0, COL(AGE_DAYS));
    s->unread = kc_row_i64(rows, 0, COL(UNREAD));
    if (kc_row_bool(rows, 0, COL(STALE))) {
#undef COL
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
    const char *args[6] = { token, kc_arg_i64(r->pool, member_id), csrf,
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
    const char *args[1] = { kc_arg_i64(r->pool, member_id) };
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
        *member_id = kc_row_i64(rows, 0, KC_C_VALUE);
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
    m->id = kc_row_i64(rows, 0, KC_C_MEMBER_LOGIN_ID);
    m->password_hash = kc_row_str(rows, 0, KC_C_MEMBER_LOGIN_PASSWORD_HASH);
    m->banned = kc_row_bool(rows, 0, KC_C_MEMBER_LOGIN_BANNED);
    m->ban_permanent = kc_row_bool(rows, 0, KC_C_MEMBER_LOGIN_BAN_PERMANENT);
    m->banned_until = kc_row_str(rows, 0, KC_C_MEMBER_LOGIN_BANNED_UNTIL);
    *out = m;
    return APR_SUCCESS;
}

apr_status_t kc_store_login_attempt(apr_int64_t *attempt, request_rec *r,
                                    const char *email, apr_int64_t member,
                                    const char *ip, int ip_limit)
{
    const char *args[3] = { member > 0 ? kc_arg_i64(r->pool, member) : email,
                            ip, kc_arg_i64(r->pool, ip_limit) };
    const char *result = NULL;
    apr_int64_t id = 0;
    apr_status_t rv = kc_store_action(&result, &id, r,
                                      member > 0 ? KC_Q_LOGIN_ATTEMPT_MEMBER
                                                 : KC_Q_LOGIN_ATTEMPT, args);

    /* Not recorded is not allowed: a database that cannot count attempts
     * must not let unlimited guesses through. The failure is logged by
     * kc_store_action. */
    *attempt = rv == APR_SUCCESS && strcmp(result, "ok") == 0 ? id : 0;
    return APR_SUCCESS;
}

apr_status_t kc_store_login_cleared(request_rec *r, apr_int64_t attempt)
{
    const char *args[1] = { kc_arg_i64(r->pool, attempt) };
    const char *result;
    return kc_store_action(&result, NULL, r, KC_Q_LOGIN_CLEARED, args);
}

/* ---- profiles ------------------------------------------------------------ */

apr_status_t kc_store_profile(kc_profile_t **out, request_rec *r,
                              apr_int64_t id, const char *labels)
{
    const char *args[2] = { labels, kc_arg_i64(r->pool, id) };
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
#define COL(col) KC_C_MEMBER_PROFILE_##col
    m->id = kc_row_i64(rows, 0, COL(ID));
    m->first_name = kc_row_str(rows, 0, COL(FIRST_NAME));
    m->surname = kc_row_str(rows, 0, COL(SURNAME));
    m->expertise = kc_row_str(rows, 0, COL(EXPERTISE));
    m->organisation = kc_row_str(rows, 0, COL(ORGANISATION));
    m->has_picture = kc_row_bool(rows, 0, COL(HAS_PICTURE));
    m->country = kc_row_str(rows, 0, COL(COUNTRY));
    m->member_since = kc_row_str(rows, 0, COL(MEMBER_SINCE));
    m->role = kc_row_str(rows, 0, COL(ROLE));
    m->lang = kc_row_str(rows, 0, COL(LANG));
    m->subjects = kc_store_split_names(r->pool,
                                       kc_row_str(rows, 0, COL(SUBJECTS)));
    m->levels = kc_store_split_names(r->pool,
                                     kc_row_str(rows, 0, COL(LEVELS)));
#undef COL
    *out = m;
    return APR_SUCCESS;
}

apr_status_t kc_store_member_taxonomy(apr_array_header_t **subjects,
                                      apr_array_header_t **levels,
                                      request_rec *r, apr_int64_t member_id,
                                      const char *labels)
{
    const char *args[2] = { labels, kc_arg_i64(r->pool, member_id) };
    kc_rows_t *rows;
    int i;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MEMBER_TAXONOMY, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *subjects = apr_array_make(r->pool, 32, sizeof(kc_choice_t));
    *levels = apr_array_make(r->pool, 16, sizeof(kc_choice_t));
    for (i = 0; i < rows->nrows; i++) {
        const char *which = kc_row_str(rows, i, KC_C_MEMBER_TAXONOMY_WHICH);
        kc_choice_t *c = apr_array_push(*which == 's' ? *subjects : *levels);
        c->id = kc_row_int(rows, i, KC_C_MEMBER_TAXONOMY_ID);
        c->name = kc_row_str(rows, i, KC_C_MEMBER_TAXONOMY_NAME);
        c->checked = kc_row_bool(rows, i, KC_C_MEMBER_TAXONOMY_CHECKED);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_profile_update(request_rec *r, apr_int64_t member_id,
                                     const kc_profile_update_t *u)
{
    const char *args[11] = { kc_arg_i64(r->pool, member_id), u->first_name,
                             u->surname, u->expertise, u->organisation,
                             u->lang, u->subjects, u->levels, u->picture,
                             u->picture_sha256, u->picture_type };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MEMBER_UPDATE, args);

    if (rv == APR_SUCCESS && !kc_row_bool(rows, 0, KC_C_VALUE)) {
        return APR_NOTFOUND;
    }
    return rv;
}

apr_status_t kc_store_member_picture(const char **sha256, const char **type,
                                     request_rec *r, apr_int64_t member_id)
{
    const char *args[1] = { kc_arg_i64(r->pool, member_id) };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MEMBER_PICTURE, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    *sha256 = kc_row_str(rows, 0, KC_C_MEMBER_PICTURE_SHA256);
    *type = kc_row_str(rows, 0, KC_C_MEMBER_PICTURE_TYPE);
    return APR_SUCCESS;
}

/* ---- password and deletion ----------------------------------------------- */

apr_status_t kc_store_password_hash(const char **hash, request_rec *r,
                                    apr_int64_t member_id)
{
    const char *args[1] = { kc_arg_i64(r->pool, member_id) };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_MEMBER_PASSWORD_HASH,
                                      args);
    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0 || kc_row_isnull(rows, 0, KC_C_VALUE)) {
        return APR_NOTFOUND;
    }
    *hash = kc_row_str(rows, 0, KC_C_VALUE);
    return APR_SUCCESS;
}

apr_status_t kc_store_password_set(request_rec *r, apr_int64_t member_id,
                                   const char *hash, const char *keep_token)
{
    const char *args[3] = { hash, kc_arg_i64(r->pool, member_id), keep_token };
    return kc_store_exec(NULL, r, KC_Q_MEMBER_PASSWORD_SET, args);
}

apr_status_t kc_store_member_delete(request_rec *r, apr_int64_t member_id)
{
    const char *args[1] = { kc_arg_i64(r->pool, member_id) };
    kc_rows_t *rows;
    return kc_store_select(&rows, r, KC_Q_MEMBER_DELETE, args);
}

/* ---- the ledger ---------------------------------------------------------- */

apr_status_t kc_store_ledger_page(kc_ledger_page_t **out, request_rec *r,
                                  apr_int64_t member_id, const char *lang,
                                  apr_int64_t offset, int limit)
{
    const char *args[4] = { kc_arg_i64(r->pool, member_id), lang,
                            apr_itoa(r->pool, limit),
                            kc_arg_i64(r->pool, offset) };
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
#define COL(col) KC_C_LEDGER_PAGE_##col
    page->balance = kc_row_i64(rows, 0, COL(BALANCE));
    page->total = kc_row_i64(rows, 0, COL(TOTAL));
    for (i = 0; i < rows->nrows; i++) {
        kc_ledger_row_t *row;
        if (kc_row_isnull(rows, i, COL(DATE))) {
            continue;              /* page past the end */
        }
        row = apr_array_push(page->rows);
        row->date = kc_row_str(rows, i, COL(DATE));
        row->event = kc_row_str(rows, i, COL(EVENT));
        row->event_name = kc_row_str(rows, i, COL(EVENT_NAME));
        row->amount = kc_row_i64(rows, i, COL(AMOUNT));
        row->subject = kc_row_str(rows, i, COL(SUBJECT));
        row->what = kc_row_str(rows, i, COL(WHAT));
        row->note = kc_row_str(rows, i, COL(NOTE));
        row->reward = kc_row_str(rows, i, COL(REWARD));
        row->campaign = kc_row_str(rows, i, COL(CAMPAIGN));
    }
#undef COL
    *out = page;
    return APR_SUCCESS;
}
