/*
 * kc_store_foryou.h -- "for you this week": a member's suggestions and
 * "not for me" (kc_sql_foryou.h; sql/functions/foryou.sql). The job's
 * step is KC_Q_JOB_FORYOU, run through kc_job_sql (kc_store_jobs.h).
 */
#ifndef KC_STORE_FORYOU_H
#define KC_STORE_FORYOU_H

#include "kc_store.h"

/* One suggestion and its reason: reason is 'profile' (subject_name and
 * level_name set), 'subject', 'level' or 'coread' (because_id and
 * because_title: the record the member read). */
typedef struct {
    apr_int64_t id, because_id;
    const char *kind, *kind_name, *title, *language, *reason;
    const char *subject_name, *level_name, *because_title;
} kc_foryou_t;

/* Up to `limit` suggestions (kc_foryou_t) of `member`, in order. */
apr_status_t kc_store_foryou(apr_array_header_t **out, request_rec *r,
                             const char *labels, apr_int64_t member,
                             int limit);
/* "Not for me": *result 'ok' or 'notfound' (no such published record). */
apr_status_t kc_store_foryou_dismiss(const char **result, request_rec *r,
                                     apr_int64_t member, apr_int64_t record);

#endif
