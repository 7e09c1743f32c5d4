/*
 * kc_store_analytics.c -- the statements of /admin/analytics.
 */
#include "kc_store_analytics.h"
#include "kc_sql_analytics.h"

static const kc_query_id_t list_query[KC_STATS__COUNT] = {
    [KC_STATS_TERMS] = KC_Q_ANALYTICS_TERMS,
    [KC_STATS_EMPTY] = KC_Q_ANALYTICS_EMPTY,
    [KC_STATS_RISING] = KC_Q_ANALYTICS_RISING,
    [KC_STATS_RECORDS] = KC_Q_ANALYTICS_RECORDS,
    [KC_STATS_PROFILES] = KC_Q_ANALYTICS_PROFILES,
    [KC_STATS_FOLLOWED] = KC_Q_ANALYTICS_FOLLOWED,
    [KC_STATS_GAPS] = KC_Q_ANALYTICS_GAPS,
};

static void read_row(kc_stat_row_t *o, const kc_rows_t *rows, int i,
                     kc_stat_list_t list)
{
    memset(o, 0, sizeof(*o));
    switch (list) {
    case KC_STATS_TERMS:
    case KC_STATS_EMPTY:
        o->label = kc_row_str(rows, i, KC_C_ANALYTICS_TERMS_QUERY);
        o->a = kc_row_i64(rows, i, KC_C_ANALYTICS_TERMS_SEARCHES);
        o->b = kc_row_i64(rows, i, KC_C_ANALYTICS_TERMS_RESULTS);
        break;
    case KC_STATS_RISING:
        o->label = kc_row_str(rows, i, KC_C_ANALYTICS_RISING_QUERY);
        o->a = kc_row_i64(rows, i, KC_C_ANALYTICS_RISING_SEARCHES);
        o->b = kc_row_i64(rows, i, KC_C_ANALYTICS_RISING_LAST_YEAR);
        break;
    case KC_STATS_RECORDS:
        o->id = kc_row_i64(rows, i, KC_C_ANALYTICS_RECORDS_ID);
        o->label = kc_row_str(rows, i, KC_C_ANALYTICS_RECORDS_TITLE);
        o->a = kc_row_i64(rows, i, KC_C_ANALYTICS_RECORDS_VIEWS);
        break;
    case KC_STATS_PROFILES:
    case KC_STATS_FOLLOWED:
        o->id = kc_row_i64(rows, i, KC_C_ANALYTICS_PROFILES_ID);
        o->label = kc_row_str(rows, i, KC_C_ANALYTICS_PROFILES_NAME);
        o->a = kc_row_i64(rows, i, KC_C_ANALYTICS_PROFILES_VIEWS);
        o->b = kc_row_i64(rows, i, KC_C_ANALYTICS_PROFILES_FOLLOWERS);
        o->c = kc_row_i64(rows, i, KC_C_ANALYTICS_PROFILES_NEW_FOLLOWERS);
        break;
    case KC_STATS_GAPS:
        o->id = kc_row_i64(rows, i, KC_C_ANALYTICS_GAPS_ID);
        o->label = kc_row_str(rows, i, KC_C_ANALYTICS_GAPS_TITLE);
        o->query = kc_row_str(rows, i, KC_C_ANALYTICS_GAPS_QUERY);
        o->a = kc_row_i64(rows, i, KC_C_ANALYTICS_GAPS_SEARCHES);
        break;
    default:
        break;
    }
}

apr_status_t kc_store_stat_list(apr_array_header_t **out, request_rec *r,
                                kc_stat_list_t list, const kc_window_t *w)
{
    const char *args[2] = { apr_itoa(r->pool, w->days), w->until };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, list_query[list], args);
    int i;

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows, sizeof(kc_stat_row_t));
    for (i = 0; i < rows->nrows; i++) {
        read_row(apr_array_push(*out), rows, i, list);
    }
    return APR_SUCCESS;
}

apr_status_t kc_store_stat_series(apr_array_header_t **out, request_rec *r,
                                  const kc_window_t *w)
{
    const char *args[6] = { apr_itoa(r->pool, w->days), w->until, w->period,
                            w->period, w->period, w->period };
    kc_rows_t *rows;
    apr_status_t rv = kc_store_select(&rows, r, KC_Q_ANALYTICS_SERIES, args);
    int i;

    if (rv != APR_SUCCESS) {
        return rv;
    }
    *out = apr_array_make(r->pool, rows->nrows, sizeof(kc_stat_period_t));
    for (i = 0; i < rows->nrows; i++) {
        kc_stat_period_t *o = apr_array_push(*out);
        o->start = kc_row_str(rows, i, KC_C_ANALYTICS_SERIES_START);
        o->contributions = kc_row_i64(rows, i,
                                      KC_C_ANALYTICS_SERIES_CONTRIBUTIONS);
        o->published = kc_row_i64(rows, i, KC_C_ANALYTICS_SERIES_PUBLISHED);
        o->members = kc_row_i64(rows, i, KC_C_ANALYTICS_SERIES_MEMBERS);
        o->searches = kc_row_i64(rows, i, KC_C_ANALYTICS_SERIES_SEARCHES);
    }
    return APR_SUCCESS;
}
