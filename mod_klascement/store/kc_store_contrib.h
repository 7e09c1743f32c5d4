/*
 * kc_store_contrib.h -- contributions, the member's own records,
 * notifications, reports.
 */
#ifndef KC_STORE_CONTRIB_H
#define KC_STORE_CONTRIB_H

#include "kc_store.h"

typedef struct {
    const char *code, *name;
} kc_code_name_t;

/* Record kinds / languages in display order (kc_code_name_t). */
apr_status_t kc_store_kinds(apr_array_header_t **out, request_rec *r,
                            const char *lang);
apr_status_t kc_store_languages(apr_array_header_t **out, request_rec *r,
                                const char *lang);

typedef struct {
    const char *kind, *title, *description, *language, *licence, *url;
    const char *details_json;              /* a JSON object */
    const char *subjects, *levels;         /* SQL int[] literals */
    const char *file_sha256, *file_name, *file_type, *file_size; /* or "" */
} kc_contribution_t;

apr_status_t kc_store_contrib_create(apr_int64_t *id, request_rec *r,
                                     apr_int64_t member,
                                     const kc_contribution_t *c);
/* *result: ok | notfound. */
apr_status_t kc_store_contrib_update(const char **result, request_rec *r,
                                     apr_int64_t member, apr_int64_t record,
                                     const kc_contribution_t *c);
apr_status_t kc_store_contrib_withdraw(const char **result, request_rec *r,
                                       apr_int64_t member, apr_int64_t record);
/* Records that look like this contribution (kc_code_name_t: id, title). */
apr_status_t kc_store_contrib_duplicates(apr_array_header_t **out,
                                         request_rec *r, const char *url,
                                         const char *sha256,
                                         const char *title,
                                         apr_int64_t skip);

typedef struct {
    apr_int64_t id;
    const char *title, *kind_name, *state, *submitted, *reason;
    int objection_filed;
} kc_my_record_t;

apr_status_t kc_store_contrib_mine(apr_array_header_t **out, request_rec *r,
                                   apr_int64_t member, const char *lang);

typedef struct {
    const char *kind, *title, *description, *language, *licence, *url;
    const char *details;       /* key U+001E value, pairs joined by U+001F */
    const char *subjects, *levels;   /* comma-separated ids */
    const char *file_name, *state;
} kc_own_record_t;

/* The member's own record; APR_NOTFOUND otherwise. */
apr_status_t kc_store_contrib_get(kc_own_record_t **out, request_rec *r,
                                  apr_int64_t member, apr_int64_t record);
/* *result: ok | notfound | already. */
apr_status_t kc_store_objection_file(const char **result, request_rec *r,
                                     apr_int64_t member, apr_int64_t record,
                                     const char *text);

typedef struct {
    apr_int64_t id, record_id, topic_id;
    const char *kind, *record_title, *reason, *at;
    int unread;
} kc_notification_t;

/* The member's notifications, newest first; marks them read. */
apr_status_t kc_store_notifications(apr_array_header_t **out, request_rec *r,
                                    apr_int64_t member, const char *lang);

/* A licence's name and deed URL (NULL for "all rights reserved"). */
apr_status_t kc_store_licence(const char **name, const char **url,
                              request_rec *r, const char *code);

/* *result: "ok", "already" (this member has an open report on it) or
 * "ratelimit" (20 in 24 hours). */
apr_status_t kc_store_report_file(const char **result, request_rec *r,
                                  apr_int64_t member,
                                  const char *target_type,
                                  apr_int64_t target_id, const char *reason,
                                  const char *text);

#endif
