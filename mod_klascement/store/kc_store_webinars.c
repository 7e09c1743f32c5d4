/*
 * kc_store_webinars.c -- typed results for the webinar pages.
 */
#include "kc_store_webinars.h"
#include "kc_sql_webinars.h"

static apr_status_t read_webinars(apr_array_header_t **out, request_rec *r,
                                  kc_query_id_t q, const char **args)
{
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, q, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1, sizeof(kc_webinar_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_webinar_t *w = apr_array_push(*out);
#define COL(col) KC_C_WEBINAR_##col
#define STR(f, col) w->f = kc_row_str(rows, row, COL(col))
#define INT(f, col) w->f = kc_row_int(rows, row, COL(col))
        w->id = kc_row_i64(rows, row, COL(ID));
        w->presenter_id = kc_row_i64(rows, row, COL(PRESENTER_ID));
        STR(title, TITLE);
        STR(description, DESCRIPTION);
        STR(presenter_name, PRESENTER_NAME);
        STR(starts, STARTS);
        STR(starts_input, STARTS_INPUT);
        INT(duration, DURATION);
        INT(capacity, CAPACITY);
        INT(signups, SIGNUPS);
        INT(places_left, PLACES_LEFT);
        w->started = kc_row_bool(rows, row, COL(STARTED));
        w->over = kc_row_bool(rows, row, COL(OVER));
        w->cancelled = kc_row_bool(rows, row, COL(CANCELLED));
        w->cancelled_on = kc_row_str(rows, row, COL(CANCELLED_ON));
        STR(meeting_url, MEETING_URL);
        STR(recording_url, RECORDING_URL);
        w->signed_up = kc_row_bool(rows, row, COL(SIGNED_UP));
        w->sees_questions = kc_row_bool(rows, row, COL(SEES_QUESTIONS));
        STR(my_question, MY_QUESTION);
        STR(subjects, SUBJECTS);
        STR(levels, LEVELS);
        STR(subject_ids, SUBJECT_IDS);
        STR(level_ids, LEVEL_IDS);
        STR(dtstart, DTSTART);
        STR(dtend, DTEND);
        STR(dtstamp, DTSTAMP);
#undef INT
#undef STR
#undef COL
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_webinars_list(apr_array_header_t **out, request_rec *r,
                                    const char *labels, apr_int64_t viewer,
                                    const char *mode)
{
    const char *args[3] = { labels, kc_arg_i64(r->pool, viewer), mode };
    return read_webinars(out, r, KC_Q_WEBINARS_LIST, args);
}

apr_status_t kc_store_webinar_get(kc_webinar_t **out, request_rec *r,
                                  const char *labels, apr_int64_t viewer,
                                  apr_int64_t id)
{
    const char *args[3] = { labels, kc_arg_i64(r->pool, viewer),
                            kc_arg_i64(r->pool, id) };
    apr_array_header_t *list;
    apr_status_t rv = read_webinars(&list, r, KC_Q_WEBINAR_GET, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    if (list->nelts == 0) {
        return APR_NOTFOUND;
    }
    *out = &APR_ARRAY_IDX(list, 0, kc_webinar_t);
    return APR_SUCCESS;
}

apr_status_t kc_store_webinar_signups(apr_array_header_t **out,
                                      request_rec *r, apr_int64_t id)
{
    const char *args[1] = { kc_arg_i64(r->pool, id) };
    kc_rows_t *rows;
    int row;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_WEBINAR_SIGNUPS, args);

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows + 1,
                          sizeof(kc_webinar_signup_t));
    for (row = 0; row < rows->nrows; row++) {
        kc_webinar_signup_t *s = apr_array_push(*out);
        s->name = kc_row_str(rows, row, KC_C_WEBINAR_SIGNUPS_NAME);
        s->question = kc_row_str(rows, row, KC_C_WEBINAR_SIGNUPS_QUESTION);
        s->signed_up = kc_row_str(rows, row, KC_C_WEBINAR_SIGNUPS_SIGNED_UP);
    }
    return APR_SUCCESS;
}
