/*
 * kc_store_moderation.h -- the moderation queue, reports, the platform
 * team's pages and their actions (each action one SQL function).
 */
#ifndef KC_STORE_MODERATION_H
#define KC_STORE_MODERATION_H

#include "kc_store.h"

typedef struct {
    apr_int64_t id, author_id;
    const char *kind, *kind_name, *title, *author_name, *submitted;
    int resubmitted;
    const char *published_count, *refused_count;
} kc_queue_item_t;

apr_status_t kc_store_mod_queue(apr_array_header_t **out, request_rec *r,
                                const char *lang, apr_int64_t moderator);

typedef struct {
    apr_int64_t id, target_id, reporter_id;
    const char *reason, *text, *target_type, *target_title, *reporter_name,
               *date;
} kc_report_t;

/* One page of the open reports in the moderator's scope, oldest or newest
 * first; *total: all of them (0 past the last page). */
apr_status_t kc_store_mod_reports(apr_array_header_t **out,
                                  apr_int64_t *total, request_rec *r,
                                  apr_int64_t moderator, int newest,
                                  int limit, apr_int64_t offset);
/* Names of the moderator's scope (const char *). */
apr_status_t kc_store_mod_scope(apr_array_header_t **out, request_rec *r,
                                const char *labels, apr_int64_t member);
apr_status_t kc_store_mod_in_scope(int *in_scope, request_rec *r,
                                   apr_int64_t moderator, apr_int64_t record);

typedef struct {
    const char *action, *actor_name, *reason, *date;
} kc_round_t;

apr_status_t kc_store_record_history(apr_array_header_t **out,
                                     request_rec *r, apr_int64_t record);
/* Comma-separated subject and level ids of a record, and its version
 * (records.version: bumped by every edit of its author). */
apr_status_t kc_store_record_taxonomy_ids(const char **subjects,
                                          const char **levels,
                                          const char **version,
                                          request_rec *r, apr_int64_t record);

typedef struct {
    apr_int64_t objections, reports, pending;
} kc_admin_counts_t;

apr_status_t kc_store_admin_counts(kc_admin_counts_t *out, request_rec *r);

typedef struct {
    apr_int64_t record_id, member_id;
    const char *record_title, *refusal_code, *refusal_reason, *text,
               *member_name, *date;
} kc_objection_t;

apr_status_t kc_store_admin_objections(apr_array_header_t **out,
                                       request_rec *r);

typedef struct {
    apr_int64_t id, author_id;
    const char *title, *kind_name, *author_name, *state, *submitted,
               *published;
} kc_admin_record_t;

apr_status_t kc_store_admin_record(kc_admin_record_t **out, request_rec *r,
                                   const char *lang, apr_int64_t id);

typedef struct {
    apr_int64_t id;
    const char *name, *email, *role, *banned_until, *ban_reason;
    int banned, ban_permanent, deleted;
} kc_admin_member_t;

/* Up to 51 matches (one more than shown: "there are more"). */
apr_status_t kc_store_admin_members(apr_array_header_t **out, request_rec *r,
                                    const char *q);
apr_status_t kc_store_admin_member(kc_admin_member_t **out, request_rec *r,
                                   apr_int64_t id);
apr_status_t kc_store_member_scope_ids(const char **levels,
                                       const char **subjects, request_rec *r,
                                       apr_int64_t member);

typedef struct {
    const char *date, *actor_name, *action, *target_type, *reason, *details;
    apr_int64_t actor_id, target_id;
} kc_audit_row_t;

apr_status_t kc_store_audit_page(apr_array_header_t **out, apr_int64_t *total,
                                 request_rec *r, apr_int64_t actor,
                                 const char *action, apr_int64_t offset,
                                 int limit);

#endif
