/*
 * kc_store_analytics.h -- what /admin/analytics reads (kc_sql_analytics.h).
 * Nothing here names a visitor: the tables hold no one's id.
 */
#ifndef KC_STORE_ANALYTICS_H
#define KC_STORE_ANALYTICS_H

#include "kc_store.h"

/* The window: its last day ("" = today) and its length (7 or 30). */
typedef struct {
    const char *until;
    int days;
    const char *period;        /* "week" | "month" */
} kc_window_t;

/* One row of a list: a term or a record/profile with its numbers. */
typedef struct {
    apr_int64_t id;            /* record or profile; 0 for a term */
    const char *label;         /* the term, title or name */
    const char *query;         /* gaps: the term the record answers */
    apr_int64_t a, b, c;       /* the list's numbers, in its column order */
} kc_stat_row_t;

typedef enum {
    KC_STATS_TERMS = 0,        /* a searches, b results of the latest */
    KC_STATS_EMPTY,            /* the same, terms that found nothing */
    KC_STATS_RISING,           /* a searches, b a year before */
    KC_STATS_RECORDS,          /* a views */
    KC_STATS_PROFILES,         /* a views, b followers, c new followers */
    KC_STATS_FOLLOWED,         /* the same, by followers */
    KC_STATS_GAPS,             /* a searches of .query */
    KC_STATS__COUNT
} kc_stat_list_t;

/* Rows (kc_stat_row_t) of one list. */
apr_status_t kc_store_stat_list(apr_array_header_t **out, request_rec *r,
                                kc_stat_list_t list, const kc_window_t *w);

/* One period of the series (12 weeks or months up to the window's end). */
typedef struct {
    const char *start;         /* YYYY-MM-DD */
    apr_int64_t contributions, published, members, searches;
} kc_stat_period_t;

apr_status_t kc_store_stat_series(apr_array_header_t **out, request_rec *r,
                                  const kc_window_t *w);

#endif
