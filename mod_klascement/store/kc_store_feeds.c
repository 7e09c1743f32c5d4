/*
 * kc_store_feeds.c -- the feed statements (kc_store_feeds.h).
 */
#include "kc_store_feeds.h"
#include "kc_sql_feeds.h"

apr_status_t kc_store_feed_member(apr_array_header_t **out,
                                  const char **name, request_rec *r,
                                  const char *labels, apr_int64_t member,
                                  int limit)
{
    const char *args[3] = { labels, kc_arg_i64(r->pool, member),
                            apr_itoa(r->pool, limit) };
    kc_rows_t *rows;
    int i;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_FEED_MEMBER, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (rows->nrows == 0) {
        return APR_NOTFOUND;
    }
    *name = kc_row_str(rows, 0, KC_C_FEED_MEMBER_MEMBER_NAME);
    *out = apr_array_make(r->pool, rows->nrows, sizeof(kc_feed_record_t));
    for (i = 0; i < rows->nrows; i++) {
        kc_feed_record_t *f;
        if (kc_row_isnull(rows, i, KC_C_FEED_MEMBER_ID)) {
            continue;
        }
        f = apr_array_push(*out);
        kc_store_read_summary(&f->sum, r->pool, rows, i, KC_C_FEED_MEMBER_ID);
        f->updated = kc_row_str(rows, i, KC_C_FEED_MEMBER_UPDATED);
        f->published = kc_row_str(rows, i, KC_C_FEED_MEMBER_PUBLISHED_UTC);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_feed_forum(apr_array_header_t **out, request_rec *r,
                                 const char *lang, const char *category,
                                 int limit)
{
    const char *args[3] = { lang, category ? category : "",
                            apr_itoa(r->pool, limit) };
    kc_rows_t *rows;
    int i;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_FEED_FORUM, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows, sizeof(kc_feed_topic_t));
    for (i = 0; i < rows->nrows; i++) {
        kc_feed_topic_t *t = apr_array_push(*out);
#define COL(c) KC_C_FEED_FORUM_##c
        t->id = kc_row_i64(rows, i, COL(ID));
        t->title = kc_row_str(rows, i, COL(TITLE));
        t->excerpt = kc_row_str(rows, i, COL(EXCERPT));
        t->excerpt_cut = kc_row_bool(rows, i, COL(EXCERPT_CUT));
        t->author_name = kc_row_str(rows, i, COL(AUTHOR_NAME));
        t->category = kc_row_str(rows, i, COL(CATEGORY));
        t->category_name = kc_row_str(rows, i, COL(CATEGORY_NAME));
        t->published = kc_row_str(rows, i, COL(PUBLISHED));
        t->updated = kc_row_str(rows, i, COL(UPDATED));
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_feed_events(apr_array_header_t **out, const char **bad,
                                  request_rec *r, int training,
                                  const char *subject, const char *province,
                                  int limit)
{
    const char *args[4] = { training ? "training" : "calendar",
                            subject ? subject : "", province ? province : "",
                            apr_itoa(r->pool, limit) };
    kc_rows_t *rows;
    int i;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_FEED_EVENTS, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
#define COL(c) KC_C_FEED_EVENTS_##c
    if (rows->nrows > 0 && !kc_row_bool(rows, 0, COL(SUBJECT_OK))) {
        *bad = "subject";
        return APR_EINVAL;
    }
    if (rows->nrows > 0 && !kc_row_bool(rows, 0, COL(PROVINCE_OK))) {
        *bad = "province";
        return APR_EINVAL;
    }
    *out = apr_array_make(r->pool, rows->nrows, sizeof(kc_feed_event_t));
    for (i = 0; i < rows->nrows; i++) {
        kc_feed_event_t *e;
        if (kc_row_isnull(rows, i, COL(ID))) {
            continue;
        }
        e = apr_array_push(*out);
        e->id = kc_row_i64(rows, i, COL(ID));
        e->title = kc_row_str(rows, i, COL(TITLE));
        e->excerpt = kc_row_str(rows, i, COL(EXCERPT));
        e->excerpt_cut = kc_row_bool(rows, i, COL(EXCERPT_CUT));
        e->place = kc_row_str(rows, i, COL(PLACE));
        e->online_url = kc_row_str(rows, i, COL(ONLINE_URL));
        e->organiser = kc_row_str(rows, i, COL(ORGANISER));
        e->dtstart = kc_row_str(rows, i, COL(DTSTART));
        e->dtend = kc_row_str(rows, i, COL(DTEND));
        e->dtstamp = kc_row_str(rows, i, COL(DTSTAMP));
        e->all_day = kc_row_isnull(rows, i, COL(SORT_TIME));
    }
#undef COL
    return APR_SUCCESS;
}
