/*
 * kc_store_newsletter.c -- the newsletter's reads (kc_store_newsletter.h).
 */
#include "kc_store_newsletter.h"
#include "kc_sql_newsletter.h"

apr_status_t kc_store_newsletters(apr_array_header_t **out, request_rec *r,
                                  int sent_only)
{
    const char *args[1] = { sent_only ? "sent" : "" };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_NL_LIST, args);
    int i;

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_newsletter_t));
    for (i = 0; i < rows->nrows; i++) {
        kc_newsletter_t *n = apr_array_push(*out);
#define COL(c) KC_C_NL_LIST_##c
        memset(n, 0, sizeof(*n));
        n->id = kc_row_i64(rows, i, COL(ID));
        n->title = kc_row_str(rows, i, COL(TITLE));
        n->week = kc_row_str(rows, i, COL(WEEK));
        n->state = kc_row_str(rows, i, COL(STATE));
        n->sent_at = kc_row_str(rows, i, COL(SENT_AT));
        n->recipients = kc_row_i64(rows, i, COL(RECIPIENTS));
        n->items = kc_row_i64(rows, i, COL(ITEMS));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_newsletter(kc_newsletter_t **out, request_rec *r,
                                 apr_int64_t id)
{
    const char *args[1] = { kc_arg_i64(r->pool, id) };
    kc_rows_t *rows;
    kc_newsletter_t *n;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_NL_GET, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    n = apr_pcalloc(r->pool, sizeof(*n));
#define COL(c) KC_C_NL_GET_##c
    n->id = kc_row_i64(rows, 0, COL(ID));
    n->title = kc_row_str(rows, 0, COL(TITLE));
    n->intro = kc_row_str(rows, 0, COL(INTRO));
    n->week = kc_row_str(rows, 0, COL(WEEK));
    n->state = kc_row_str(rows, 0, COL(STATE));
    n->sent_at = kc_row_str(rows, 0, COL(SENT_AT));
    n->recipients = kc_row_i64(rows, 0, COL(RECIPIENTS));
#undef COL
    *out = n;
    return APR_SUCCESS;
}

apr_status_t kc_store_newsletter_content(apr_array_header_t **out,
                                         request_rec *r, apr_int64_t id)
{
    const char *args[1] = { kc_arg_i64(r->pool, id) };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_NL_CONTENT, args);
    int i;

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_nl_item_t));
    for (i = 0; i < rows->nrows; i++) {
        kc_nl_item_t *it = apr_array_push(*out);
#define COL(c) KC_C_NL_CONTENT_##c
        memset(it, 0, sizeof(*it));
        it->section = kc_row_str(rows, i, COL(SECTION));
        it->item_id = kc_row_i64(rows, i, COL(ITEM_ID));
        it->title = kc_row_str(rows, i, COL(TITLE));
        it->body = kc_row_str(rows, i, COL(BODY));
        it->url = kc_row_str(rows, i, COL(URL));
        it->ext_url = kc_row_str(rows, i, COL(EXT_URL));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_newsletter_suggestions(apr_array_header_t **out,
                                             request_rec *r, apr_int64_t id)
{
    const char *args[2] = { kc_arg_i64(r->pool, id), kc_arg_i64(r->pool, id) };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_NL_SUGGESTIONS, args);
    int i;

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_nl_item_t));
    for (i = 0; i < rows->nrows; i++) {
        kc_nl_item_t *it = apr_array_push(*out);
#define COL(c) KC_C_NL_SUGGESTIONS_##c
        memset(it, 0, sizeof(*it));
        it->section = kc_row_str(rows, i, COL(SOURCE));
        it->source_id = kc_row_i64(rows, i, COL(SOURCE_ID));
        it->title = kc_row_str(rows, i, COL(TITLE));
        it->body = kc_row_str(rows, i, COL(BODY));
        it->url = kc_row_str(rows, i, COL(URL));
        it->grp = kc_row_str(rows, i, COL(GRP));
        it->added = kc_row_bool(rows, i, COL(ADDED));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_newsletter_prefs(int *subscribed,
                                       apr_array_header_t **subjects,
                                       apr_array_header_t **levels,
                                       request_rec *r, apr_int64_t member,
                                       const char *labels)
{
    const char *args[2] = { labels, kc_arg_i64(r->pool, member) };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_NL_PREFS, args);
    int i;

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *subjects = apr_array_make(r->pool, 32, sizeof(kc_choice_t));
    *levels = apr_array_make(r->pool, 16, sizeof(kc_choice_t));
    *subscribed = 1;
    for (i = 0; i < rows->nrows; i++) {
#define COL(c) KC_C_NL_PREFS_##c
        const char *which = kc_row_str(rows, i, COL(WHICH));
        kc_choice_t *ch = apr_array_push(which && *which == 's' ? *subjects
                                                                : *levels);
        ch->id = kc_row_int(rows, i, COL(ID));
        ch->name = kc_row_str(rows, i, COL(NAME));
        ch->checked = kc_row_bool(rows, i, COL(CHECKED));
        *subscribed = kc_row_bool(rows, i, COL(SUBSCRIBED));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_newsletter_promos(apr_array_header_t **out,
                                        request_rec *r,
                                        apr_int64_t organisation)
{
    const char *org = kc_arg_i64(r->pool, organisation);
    const char *args[2] = { org, org };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_NL_PROMOS, args);
    int i;

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_nl_promo_t));
    for (i = 0; i < rows->nrows; i++) {
        kc_nl_promo_t *p = apr_array_push(*out);
#define COL(c) KC_C_NL_PROMOS_##c
        p->id = kc_row_i64(rows, i, COL(ID));
        p->organisation = kc_row_str(rows, i, COL(ORGANISATION));
        p->organisation_id = kc_row_i64(rows, i, COL(ORGANISATION_ID));
        p->week = kc_row_str(rows, i, COL(WEEK));
        p->title = kc_row_str(rows, i, COL(TITLE));
        p->body = kc_row_str(rows, i, COL(BODY));
        p->url = kc_row_str(rows, i, COL(URL));
        p->state = kc_row_str(rows, i, COL(STATE));
        p->reason = kc_row_str(rows, i, COL(REASON));
#undef COL
    }
    return APR_SUCCESS;
}
