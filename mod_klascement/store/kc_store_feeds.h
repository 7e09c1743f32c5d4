/*
 * kc_store_feeds.h -- what the feeds are made of (kc_sql_feeds.h).
 */
#ifndef KC_STORE_FEEDS_H
#define KC_STORE_FEEDS_H

#include "kc_store_records.h"

typedef struct {
    kc_record_summary_t sum;
    const char *updated, *published;    /* YYYY-MM-DDThh:mm:ssZ */
} kc_feed_record_t;

/* A member's newest published records (kc_feed_record_t) and name;
 * APR_NOTFOUND when the member has no shown profile (unknown, deleted,
 * banned). */
apr_status_t kc_store_feed_member(apr_array_header_t **out,
                                  const char **name, request_rec *r,
                                  const char *labels, apr_int64_t member,
                                  int limit);

typedef struct {
    apr_int64_t id;
    const char *title, *excerpt, *author_name, *category, *category_name;
    int excerpt_cut;
    const char *published, *updated;    /* YYYY-MM-DDThh:mm:ssZ */
} kc_feed_topic_t;

/* The newest shown topics (kc_feed_topic_t); category NULL for all. */
apr_status_t kc_store_feed_forum(apr_array_header_t **out, request_rec *r,
                                 const char *lang, const char *category,
                                 int limit);

typedef struct {
    apr_int64_t id;
    const char *title, *excerpt, *place, *online_url, *organiser;
    int excerpt_cut;
    /* iCalendar values: YYYYMMDD for a day event (dtend the day after),
     * else YYYYMMDDThhmmssZ; dtend NULL when not known. */
    const char *dtstart, *dtend, *dtstamp;
    int all_day;
} kc_feed_event_t;

/* Calendar activities (kc_feed_event_t) for the .ics feeds; training: only
 * those of training organisations; subject, province NULL for any.
 * APR_EINVAL with *bad "subject" or "province" for an unknown code. */
apr_status_t kc_store_feed_events(apr_array_header_t **out, const char **bad,
                                  request_rec *r, int training,
                                  const char *subject, const char *province,
                                  int limit);

#endif
